// Staff sign-in by IIN and password, as the regulations require, with lockout after repeated
// failures, an idle screen lock and sign-out. Sessions belong to connections (one window, one tab).
import type { SessionInfo } from '../../shared/api/contract';
import { ApiFailure } from '../../shared/api/errors';
import type { Role } from '../../shared/domain/roles';
import type { AuditLog } from './audit';
import { dummyHash, hashPassword, verifyPassword } from './passwords';
import type { SettingsService } from './settings';
import type { NewStaff, StaffRecord, StaffStore } from './staff';

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_MINUTES = 15;

export interface Session extends SessionInfo {
  lastActivity: number;
}

/** One UI attached to the main process: an Electron window or a browser tab. */
export interface Connection {
  readonly id: string;
  session: Session | null;
  notifySession(session: SessionInfo | null): void;
}

export interface AuthService {
  isInitialized(): boolean;
  createAdministrator(conn: Connection, input: Omit<NewStaff, 'roles'>): Promise<SessionInfo>;
  signIn(conn: Connection, iin: string, password: string): Promise<SessionInfo>;
  signOut(conn: Connection): void;
  lock(conn: Connection): SessionInfo;
  unlock(conn: Connection, password: string): Promise<SessionInfo>;
  changePassword(conn: Connection, current: string, next: string): Promise<void>;
  /** The caller's session, unlocked and with the role if one is named; refuses otherwise. */
  require(conn: Connection, role?: Role): Session;
  /** The session as the UI may see it, after applying the idle lock. */
  current(conn: Connection): SessionInfo | null;
  /** Called after an administrator changes a staff member: their open sessions follow. */
  staffChanged(staff: StaffRecord): void;
  attach(conn: Connection): void;
  detach(conn: Connection): void;
}

export function toSessionInfo(session: Session): SessionInfo {
  const { lastActivity: _lastActivity, ...info } = session;
  return info;
}

export function createAuthService(deps: {
  staff: StaffStore;
  audit: AuditLog;
  settings: SettingsService;
  now: () => Date;
}): AuthService {
  const { staff, audit, settings, now } = deps;
  const connections = new Set<Connection>();

  const startSession = (conn: Connection, record: StaffRecord): SessionInfo => {
    const at = now();
    conn.session = {
      staffId: record.id,
      iin: record.iin,
      fullName: record.fullName,
      roles: record.roles,
      locked: false,
      signedInAt: at.toISOString(),
      lastActivity: at.getTime(),
    };
    const info = toSessionInfo(conn.session);
    conn.notifySession(info);
    return info;
  };

  const lockoutUntil = (record: StaffRecord): Date | null => {
    if (!record.lockedUntil) return null;
    const until = new Date(record.lockedUntil);
    return until.getTime() > now().getTime() ? until : null;
  };

  /** Checks a password against the account, counting failures towards the lockout. */
  const checkPassword = async (record: StaffRecord, password: string, context: 'sign_in' | 'unlock') => {
    const lockedUntil = lockoutUntil(record);
    if (lockedUntil) {
      audit.append({ action: 'sign_in.failed', actorIin: record.iin, subject: record.iin, detail: { reason: 'locked', context } });
      throw new ApiFailure('account_locked', { until: lockedUntil.toISOString() });
    }
    if (await verifyPassword(password, record.passwordHash)) {
      if (record.failedAttempts > 0 || record.lockedUntil) staff.clearFailures(record.id);
      return;
    }
    const attempts = record.failedAttempts + 1;
    if (attempts >= MAX_FAILED_ATTEMPTS) {
      const until = new Date(now().getTime() + LOCKOUT_MINUTES * 60_000);
      staff.recordFailure(record.id, until.toISOString());
      audit.append({ action: 'sign_in.locked_out', actorIin: record.iin, subject: record.iin, detail: { until: until.toISOString(), context } });
      throw new ApiFailure('account_locked', { until: until.toISOString() });
    }
    staff.recordFailure(record.id, null);
    audit.append({
      action: context === 'unlock' ? 'screen.unlock_failed' : 'sign_in.failed',
      actorIin: record.iin,
      subject: record.iin,
      detail: { reason: 'wrong_password', attempt: attempts },
    });
    throw new ApiFailure('wrong_credentials', { attemptsLeft: MAX_FAILED_ATTEMPTS - attempts });
  };

  const applyIdleLock = (session: Session): void => {
    const idleMs = settings.idleLockMinutes() * 60_000;
    if (!session.locked && now().getTime() - session.lastActivity >= idleMs) {
      session.locked = true;
      audit.append({ action: 'screen.locked', actorIin: session.iin, subject: session.iin, detail: { reason: 'idle' } });
    }
  };

  const endSession = (conn: Connection, reason: string) => {
    const session = conn.session;
    if (!session) return;
    conn.session = null;
    audit.append({ action: 'sign_out', actorIin: session.iin, subject: session.iin, detail: { reason } });
    conn.notifySession(null);
  };

  return {
    isInitialized: () => staff.count() > 0,

    async createAdministrator(conn, input) {
      if (staff.count() > 0) throw new ApiFailure('already_initialized');
      const record = await staff.create({ ...input, roles: ['administrator'] }, null);
      return startSession(conn, record);
    },

    async signIn(conn, iin, password) {
      if (staff.count() === 0) throw new ApiFailure('not_initialized');
      const record = staff.byIin(iin);
      if (!record) {
        // The same work and the same answer as a wrong password, so that an IIN's existence does not leak.
        await verifyPassword(password, await dummyHash());
        audit.append({ action: 'sign_in.failed', actorIin: iin, subject: iin, detail: { reason: 'unknown_iin' } });
        throw new ApiFailure('wrong_credentials', {});
      }
      if (!record.active) {
        audit.append({ action: 'sign_in.failed', actorIin: iin, subject: iin, detail: { reason: 'disabled' } });
        throw new ApiFailure('account_disabled');
      }
      await checkPassword(record, password, 'sign_in');
      if (conn.session) endSession(conn, 'replaced');
      const info = startSession(conn, record);
      audit.append({ action: 'sign_in.succeeded', actorIin: iin, subject: iin });
      return info;
    },

    signOut(conn) {
      endSession(conn, 'user');
    },

    lock(conn) {
      const session = this.require(conn);
      session.locked = true;
      audit.append({ action: 'screen.locked', actorIin: session.iin, subject: session.iin, detail: { reason: 'user' } });
      const info = toSessionInfo(session);
      conn.notifySession(info);
      return info;
    },

    async unlock(conn, password) {
      const session = conn.session;
      if (!session) throw new ApiFailure('not_signed_in');
      const record = staff.byId(session.staffId);
      if (!record || !record.active) {
        endSession(conn, 'disabled');
        throw new ApiFailure('account_disabled');
      }
      try {
        await checkPassword(record, password, 'unlock');
      } catch (error) {
        if (error instanceof ApiFailure && error.code === 'account_locked') endSession(conn, 'locked_out');
        throw error;
      }
      session.locked = false;
      session.lastActivity = now().getTime();
      audit.append({ action: 'screen.unlocked', actorIin: session.iin, subject: session.iin });
      const info = toSessionInfo(session);
      conn.notifySession(info);
      return info;
    },

    async changePassword(conn, current, next) {
      const session = this.require(conn);
      const record = staff.byId(session.staffId);
      if (!record) throw new ApiFailure('not_signed_in');
      await checkPassword(record, current, 'unlock');
      staff.setPasswordHash(record.id, await hashPassword(next));
      audit.append({ action: 'staff.password_reset', actorIin: session.iin, subject: session.iin, detail: { by: 'self' } });
    },

    require(conn, role) {
      const session = conn.session;
      if (!session) throw new ApiFailure('not_signed_in');
      applyIdleLock(session);
      if (session.locked) {
        conn.notifySession(toSessionInfo(session));
        throw new ApiFailure('screen_locked');
      }
      if (role && !session.roles.includes(role)) throw new ApiFailure('forbidden', { role });
      session.lastActivity = now().getTime();
      return session;
    },

    current(conn) {
      if (!conn.session) return null;
      applyIdleLock(conn.session);
      return toSessionInfo(conn.session);
    },

    staffChanged(record) {
      for (const conn of connections) {
        const session = conn.session;
        if (!session || session.staffId !== record.id) continue;
        if (!record.active) {
          endSession(conn, 'disabled');
          continue;
        }
        session.roles = record.roles;
        session.fullName = record.fullName;
        conn.notifySession(toSessionInfo(session));
      }
    },

    attach(conn) {
      connections.add(conn);
    },
    detach(conn) {
      connections.delete(conn);
    },
  };
}
