// Workstation authentication. A workstation enrols once with a one-time code and registers its
// Ed25519 public key; afterwards it signs every call (method, path, time, nonce, staff IIN, body
// hash). The server keeps only public keys, refuses a nonce it has seen, and a time far from its own.
import { createHash, createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto';
import { checkIin } from '../shared/domain/iin';
import {
  MAX_CLOCK_DIFFERENCE_MS,
  SERVER_HEADERS,
  canonicalRequest,
  type EnrolReply,
  type EnrolRequest,
  type ServerErrorCode,
} from '../shared/server-api';
import type { Sql } from './db/sql';

export class AuthFailure extends Error {
  constructor(
    readonly code: ServerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AuthFailure';
  }
}

export interface CallerIdentity {
  workstationId: string;
  providerCode: string;
  staffIin: string;
}

export interface SignedCall {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export interface WorkstationAuth {
  createEnrolmentCode(providerCode: string, ttlHours?: number): Promise<string>;
  enrol(request: EnrolRequest): Promise<EnrolReply>;
  authenticate(call: SignedCall): Promise<CallerIdentity>;
  purgeNonces(): Promise<void>;
}

export function createWorkstationAuth(sql: Sql, now: () => Date = () => new Date()): WorkstationAuth {
  const keys = new Map<string, { key: KeyObject; providerCode: string }>();

  const workstationKey = async (id: string) => {
    const cached = keys.get(id);
    if (cached) return cached;
    const [row] = await sql.query<{ public_key: string; provider_code: string; revoked_at: Date | null }>(
      `SELECT public_key, provider_code, revoked_at FROM workstation WHERE id = $1`,
      [id],
    );
    if (!row) throw new AuthFailure('unknown_workstation', 'this workstation is not enrolled with the server');
    if (row.revoked_at) throw new AuthFailure('revoked_workstation', 'this workstation has been revoked');
    const entry = {
      key: createPublicKey({ key: Buffer.from(row.public_key, 'base64'), format: 'der', type: 'spki' }),
      providerCode: row.provider_code,
    };
    keys.set(id, entry);
    return entry;
  };

  return {
    async createEnrolmentCode(providerCode, ttlHours = 24) {
      const bytes = randomBytes(12);
      const code = [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
      const at = now();
      await sql.query(
        `INSERT INTO enrolment_code (code_hash, provider_code, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
        [sha256(code), providerCode, at, new Date(at.getTime() + ttlHours * 3_600_000)],
      );
      return code.match(/.{4}/g)?.join('-') ?? code;
    },

    async enrol(request) {
      let publicKey: KeyObject;
      try {
        publicKey = createPublicKey({ key: Buffer.from(request.publicKey, 'base64'), format: 'der', type: 'spki' });
      } catch {
        throw new AuthFailure('invalid_input', 'the public key is not an SPKI-encoded key');
      }
      if (publicKey.asymmetricKeyType !== 'ed25519') throw new AuthFailure('invalid_input', 'the public key must be Ed25519');
      const at = now();
      return sql.transaction(async (tx) => {
        const [code] = await tx.query<{ provider_code: string }>(
          `UPDATE enrolment_code SET used_at = $2, used_by = $3
           WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING provider_code`,
          [sha256(normaliseCode(request.code)), at, request.workstationId],
        );
        if (!code) throw new AuthFailure('bad_enrolment_code', 'the enrolment code is unknown, used or expired');
        const inserted = await tx.query(
          `INSERT INTO workstation (id, name, provider_code, public_key, enrolled_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (id) DO NOTHING RETURNING id`,
          [request.workstationId, request.name, code.provider_code, request.publicKey, at],
        );
        if (inserted.length === 0) throw new AuthFailure('invalid_input', 'a workstation with this id is already enrolled');
        return { workstationId: request.workstationId, providerCode: code.provider_code, serverTime: at.toISOString() };
      });
    },

    async authenticate(call) {
      const header = (name: string) => {
        const value = call.headers[name];
        return Array.isArray(value) ? value[0] : value;
      };
      const workstationId = header(SERVER_HEADERS.workstation);
      const time = header(SERVER_HEADERS.time);
      const nonce = header(SERVER_HEADERS.nonce);
      const staff = header(SERVER_HEADERS.staff);
      const signature = header(SERVER_HEADERS.signature);
      if (!workstationId || !time || !nonce || !staff || !signature) {
        throw new AuthFailure('unauthenticated', 'this call carries no workstation signature');
      }
      if (!/^[0-9a-f-]{36}$/i.test(workstationId) || !/^[A-Za-z0-9_-]{16,64}$/.test(nonce)) {
        throw new AuthFailure('unauthenticated', 'malformed workstation or nonce header');
      }
      if (!checkIin(staff).valid) throw new AuthFailure('unauthenticated', 'the staff IIN is not a valid IIN');
      const { key, providerCode } = await workstationKey(workstationId);
      const payload = canonicalRequest({ method: call.method, path: call.path, time, nonce, staff, bodySha256: sha256(call.rawBody) });
      if (!verify(null, Buffer.from(payload), key, Buffer.from(signature, 'base64'))) {
        throw new AuthFailure('bad_signature', 'the signature does not match this call');
      }
      const at = now();
      if (!(Math.abs(at.getTime() - Number(time)) <= MAX_CLOCK_DIFFERENCE_MS)) {
        throw new AuthFailure('clock_skew', 'the call time is too far from the server time');
      }
      const fresh = await sql.query(
        `INSERT INTO used_nonce (workstation_id, nonce, seen_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING nonce`,
        [workstationId, nonce, at],
      );
      if (fresh.length === 0) throw new AuthFailure('replayed', 'this call was already received');
      return { workstationId, providerCode, staffIin: staff };
    },

    async purgeNonces() {
      await sql.query(`DELETE FROM used_nonce WHERE seen_at < $1`, [new Date(now().getTime() - 2 * MAX_CLOCK_DIFFERENCE_MS)]);
    },
  };
}
