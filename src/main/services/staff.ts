// Staff accounts: the people who may sign in to this workstation, and what they may do.
import type { Database } from 'better-sqlite3';
import type { StaffMember } from '../../shared/api/contract';
import { ApiFailure } from '../../shared/api/errors';
import type { Role } from '../../shared/domain/roles';
import type { ChangeLog } from '../db/change-log';
import { newId } from '../ids';
import type { AuditLog } from './audit';
import { hashPassword } from './passwords';

export interface StaffRecord extends StaffMember {
  passwordHash: string;
  failedAttempts: number;
}

interface Row {
  id: string;
  iin: string;
  full_name: string;
  roles: string;
  password_hash: string;
  active: number;
  failed_attempts: number;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
}

function fromRow(row: Row): StaffRecord {
  return {
    id: row.id,
    iin: row.iin,
    fullName: row.full_name,
    roles: JSON.parse(row.roles) as Role[],
    active: row.active === 1,
    lockedUntil: row.locked_until,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    passwordHash: row.password_hash,
    failedAttempts: row.failed_attempts,
  };
}

/** What other parts of the system may see of a staff member: never the password hash. */
export function publicStaff(record: StaffRecord): StaffMember {
  const { passwordHash: _hash, failedAttempts: _attempts, ...member } = record;
  return member;
}

/** The synchronised view of a staff member: no password hash, no local lockout state. */
function changeData(record: StaffRecord): Record<string, unknown> {
  return { iin: record.iin, fullName: record.fullName, roles: record.roles, active: record.active };
}

export interface Actor {
  staffId: string;
  iin: string;
}

export interface NewStaff {
  iin: string;
  fullName: string;
  roles: Role[];
  password: string;
}

export interface StaffStore {
  count(): number;
  byIin(iin: string): StaffRecord | undefined;
  byId(id: string): StaffRecord | undefined;
  list(): StaffMember[];
  create(input: NewStaff, actor: Actor | null): Promise<StaffRecord>;
  setRoles(staffId: string, roles: Role[], actor: Actor): StaffRecord;
  setActive(staffId: string, active: boolean, actor: Actor): StaffRecord;
  resetPassword(staffId: string, password: string, actor: Actor): Promise<StaffRecord>;
  unlock(staffId: string, actor: Actor): StaffRecord;
  setPasswordHash(staffId: string, hash: string): void;
  recordFailure(staffId: string, lockedUntil: string | null): StaffRecord;
  clearFailures(staffId: string): void;
}

export function createStaffStore(db: Database, changes: ChangeLog, audit: AuditLog, now: () => Date): StaffStore {
  const byIinStmt = db.prepare(`SELECT * FROM staff WHERE iin = ?`);
  const byIdStmt = db.prepare(`SELECT * FROM staff WHERE id = ?`);
  const listStmt = db.prepare(`SELECT * FROM staff ORDER BY full_name COLLATE NOCASE`);
  const countStmt = db.prepare(`SELECT count(*) FROM staff`).pluck();
  const activeAdmins = db
    .prepare(
      `SELECT count(*) FROM staff, json_each(staff.roles)
       WHERE staff.active = 1 AND json_each.value = 'administrator' AND staff.id <> ?`,
    )
    .pluck();
  const insert = db.prepare(
    `INSERT INTO staff (id, iin, full_name, roles, password_hash, active, created_at, updated_at)
     VALUES (@id, @iin, @full_name, @roles, @password_hash, 1, @at, @at)`,
  );

  const get = (id: string): StaffRecord => {
    const row = byIdStmt.get(id) as Row | undefined;
    if (!row) throw new ApiFailure('not_found', { what: 'staff' });
    return fromRow(row);
  };

  /** Updates one staff row, logs the change and the audit entry, all in one transaction. */
  const update = (
    id: string,
    sql: string,
    params: Record<string, unknown>,
    audited: { action: Parameters<AuditLog['append']>[0]['action']; actor: Actor; detail?: Record<string, unknown> },
  ): StaffRecord =>
    db.transaction(() => {
      const before = get(id);
      db.prepare(`UPDATE staff SET ${sql}, updated_at = @updated_at WHERE id = @id`).run({
        ...params,
        id,
        updated_at: now().toISOString(),
      });
      const after = get(id);
      changes.record('staff', id, 'update', changeData(after), audited.actor.staffId);
      audit.append({
        action: audited.action,
        actorIin: audited.actor.iin,
        subject: before.iin,
        detail: audited.detail ?? {},
      });
      return after;
    })();

  const refuseLosingLastAdministrator = (staffId: string, stillAdministrator: boolean) => {
    const target = get(staffId);
    const isAdministrator = target.active && target.roles.includes('administrator');
    if (isAdministrator && !stillAdministrator && (activeAdmins.get(staffId) as number) === 0) {
      throw new ApiFailure('last_administrator');
    }
  };

  return {
    count: () => countStmt.get() as number,
    byIin(iin) {
      const row = byIinStmt.get(iin) as Row | undefined;
      return row ? fromRow(row) : undefined;
    },
    byId(id) {
      const row = byIdStmt.get(id) as Row | undefined;
      return row ? fromRow(row) : undefined;
    },
    list: () => (listStmt.all() as Row[]).map((row) => publicStaff(fromRow(row))),

    async create(input, actor) {
      const passwordHash = await hashPassword(input.password);
      return db.transaction(() => {
        if (byIinStmt.get(input.iin)) throw new ApiFailure('iin_taken', {}, [{ path: 'iin', code: 'iin_taken' }]);
        const id = newId();
        insert.run({
          id,
          iin: input.iin,
          full_name: input.fullName,
          roles: JSON.stringify(input.roles),
          password_hash: passwordHash,
          at: now().toISOString(),
        });
        const created = get(id);
        changes.record('staff', id, 'insert', changeData(created), actor?.staffId ?? id);
        audit.append({
          action: actor ? 'staff.created' : 'administrator.created',
          actorIin: actor?.iin ?? input.iin,
          subject: input.iin,
          detail: { roles: input.roles },
        });
        return created;
      })();
    },

    setRoles(staffId, roles, actor) {
      const before = get(staffId);
      refuseLosingLastAdministrator(staffId, roles.includes('administrator'));
      return update(staffId, `roles = @roles`, { roles: JSON.stringify(roles) }, {
        action: 'staff.roles_changed',
        actor,
        detail: { from: before.roles, to: roles },
      });
    },

    setActive(staffId, active, actor) {
      if (!active) refuseLosingLastAdministrator(staffId, false);
      return update(staffId, `active = @active`, { active: active ? 1 : 0 }, {
        action: active ? 'staff.activated' : 'staff.deactivated',
        actor,
      });
    },

    async resetPassword(staffId, password, actor) {
      const hash = await hashPassword(password);
      return update(
        staffId,
        `password_hash = @hash, failed_attempts = 0, locked_until = NULL`,
        { hash },
        { action: 'staff.password_reset', actor },
      );
    },

    unlock(staffId, actor) {
      return update(staffId, `failed_attempts = 0, locked_until = NULL`, {}, { action: 'staff.unlocked', actor });
    },

    setPasswordHash(staffId, hash) {
      db.prepare(`UPDATE staff SET password_hash = ?, updated_at = ? WHERE id = ?`).run(hash, now().toISOString(), staffId);
    },

    recordFailure(staffId, lockedUntil) {
      db.prepare(
        `UPDATE staff SET failed_attempts = CASE WHEN ? IS NULL THEN failed_attempts + 1 ELSE 0 END,
                          locked_until = ? WHERE id = ?`,
      ).run(lockedUntil, lockedUntil, staffId);
      return get(staffId);
    },

    clearFailures(staffId) {
      db.prepare(`UPDATE staff SET failed_attempts = 0, locked_until = NULL WHERE id = ?`).run(staffId);
    },
  };
}
