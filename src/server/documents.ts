// The register of issued documents: workstations register every document they issue (a signed
// call; the caller's workstation and provider are recorded), and anyone holding a document checks
// it by number and hash. A check reveals the registered data only when the hash matches: a wrong
// hash learns that the number exists, nothing else. The routes are wired in app.ts.
//
// A document is registered under its issuer as its QR code names it: the provider's BIN (Settings →
// Service provider on the workstation), or the provider's code when it has none. A workstation may
// register only under its own provider's issuer, or any enrolled workstation could take another
// provider's document numbers first (the genuine document would then be a conflict, and its check
// would say "forged"). The provider's code is the workstation's enrolment; which BIN is whose the
// server learns from its administrator (`qyzmet-server provider-bin`, or `enrolment-code --bin`),
// stored in provider_bin. The embedded single-workstation server instead lets the first provider
// that registers under a BIN nobody has claim it (`unboundBins: 'claim'`).
import type { CallerIdentity } from './auth';
import type { Sql } from './db/sql';
import type { DocumentCheckQuery, DocumentCheckReply, DocumentRegistration } from '../shared/server-api';

export type RegisterOutcome =
  /** First registration of this issuer + number. */
  | { outcome: 'created'; registeredAt: string }
  /** The same document (same hash) registered again: nothing changes. */
  | { outcome: 'same'; registeredAt: string }
  /** This issuer already registered another document (another hash) under this number. */
  | { outcome: 'conflict' }
  /** The issuer is neither the caller's provider code nor a BIN bound to the caller's provider: nothing is stored. */
  | { outcome: 'foreign_issuer' };

/**
 * What a registration under a BIN that no provider has yet does: 'refuse' it (the central server:
 * its administrator binds each provider's BIN), or 'claim' the BIN for the caller's provider (the
 * embedded server, whose only provider is the workstation that runs it).
 */
export type UnboundBins = 'refuse' | 'claim';

/** A BIN as the provider profile holds it: twelve digits. */
export const BIN_PATTERN = /^\d{12}$/;

export interface DocumentRegister {
  register(registration: DocumentRegistration, caller: CallerIdentity): Promise<RegisterOutcome>;
  check(query: DocumentCheckQuery): Promise<DocumentCheckReply>;
}

interface DocumentRow {
  issuer: string;
  number: string;
  sha256: string;
  issued_on: string;
  kind: string;
  title: { kk: string; ru: string };
  provider_name: { kk: string; ru: string };
  signer_name: string | null;
  registered_at: Date | string;
  [key: string]: unknown;
}

const iso = (value: Date | string) => (value instanceof Date ? value : new Date(value)).toISOString();

export type BindOutcome =
  | { outcome: 'bound' }
  /** The BIN was already bound to this provider. */
  | { outcome: 'already' }
  /** The BIN is bound to another provider: unbind it there first. */
  | { outcome: 'taken'; providerCode: string }
  | { outcome: 'invalid_bin' };

/** Binds a BIN to a provider (the administrator's word, or a claim on the embedded server). */
export async function bindProviderBin(
  sql: Sql,
  providerCode: string,
  bin: string,
  options: { how?: 'administrator' | 'claimed'; now?: () => Date } = {},
): Promise<BindOutcome> {
  if (!BIN_PATTERN.test(bin)) return { outcome: 'invalid_bin' };
  const inserted = await sql.query(
    `INSERT INTO provider_bin (bin, provider_code, bound_at, bound_how) VALUES ($1, $2, $3, $4)
     ON CONFLICT (bin) DO NOTHING RETURNING bin`,
    [bin, providerCode, (options.now ?? (() => new Date()))(), options.how ?? 'administrator'],
  );
  if (inserted.length > 0) return { outcome: 'bound' };
  const holder = await providerOfBin(sql, bin);
  if (holder === providerCode) return { outcome: 'already' };
  return { outcome: 'taken', providerCode: holder ?? '' };
}

/** Undoes a binding; false when the BIN was not bound to this provider. */
export async function unbindProviderBin(sql: Sql, providerCode: string, bin: string): Promise<boolean> {
  const deleted = await sql.query(`DELETE FROM provider_bin WHERE bin = $1 AND provider_code = $2 RETURNING bin`, [bin, providerCode]);
  return deleted.length > 0;
}

async function providerOfBin(sql: Sql, bin: string): Promise<string | null> {
  const [row] = await sql.query<{ provider_code: string }>(`SELECT provider_code FROM provider_bin WHERE bin = $1`, [bin]);
  return row?.provider_code ?? null;
}

export function createDocumentRegister(sql: Sql, now: () => Date, options: { unboundBins?: UnboundBins } = {}): DocumentRegister {
  const unboundBins = options.unboundBins ?? 'refuse';

  /** Whether the caller's provider may register documents under this issuer. */
  async function issuerIsCallers(issuer: string, caller: CallerIdentity): Promise<boolean> {
    if (issuer === caller.providerCode) return true;
    if (!BIN_PATTERN.test(issuer)) return false;
    const holder = await providerOfBin(sql, issuer);
    if (holder !== null) return holder === caller.providerCode;
    if (unboundBins !== 'claim') return false;
    const claimed = await bindProviderBin(sql, caller.providerCode, issuer, { how: 'claimed', now });
    return claimed.outcome === 'bound' || claimed.outcome === 'already';
  }

  return {
    async register(registration, caller) {
      if (!(await issuerIsCallers(registration.issuer, caller))) return { outcome: 'foreign_issuer' };
      const inserted = await sql.query<{ registered_at: Date | string }>(
        `INSERT INTO issued_documents (issuer, number, sha256, issued_on, issued_at, kind, title, provider_name,
           signer_name, request_number, workstation_id, provider_code, registered_at)
         VALUES ($1, $2, $3, $4::text::date, $5::text::timestamptz, $6, $7::text::jsonb, $8::text::jsonb, $9, $10, $11, $12, $13)
         ON CONFLICT (issuer, number) DO NOTHING
         RETURNING registered_at`,
        [
          registration.issuer,
          registration.number,
          registration.sha256,
          registration.issuedOn,
          registration.issuedAt,
          registration.kind,
          JSON.stringify(registration.title),
          JSON.stringify(registration.providerName),
          registration.signerName,
          registration.requestNumber,
          caller.workstationId,
          caller.providerCode,
          now(),
        ],
      );
      if (inserted[0]) return { outcome: 'created', registeredAt: iso(inserted[0].registered_at) };
      const [existing] = await sql.query<{ sha256: string; registered_at: Date | string }>(
        `SELECT sha256, registered_at FROM issued_documents WHERE issuer = $1 AND number = $2`,
        [registration.issuer, registration.number],
      );
      if (!existing || existing.sha256 !== registration.sha256) return { outcome: 'conflict' };
      return { outcome: 'same', registeredAt: iso(existing.registered_at) };
    },

    async check(query) {
      // Number, and issuer and date when the QR code gives them, pick the registered documents.
      const rows = await sql.query<DocumentRow>(
        `SELECT issuer, number, sha256, issued_on::text AS issued_on, kind, title, provider_name, signer_name, registered_at
           FROM issued_documents
          WHERE number = $1
            AND ($2::text IS NULL OR issuer = $2::text)
            AND ($3::date IS NULL OR issued_on = $3::date)
          ORDER BY registered_at
          LIMIT 20`,
        [query.no, query.issuer ?? null, query.date ?? null],
      );
      if (rows.length === 0) return { status: 'not_found' };
      const row = rows.find((candidate) => candidate.sha256 === query.sha256);
      if (!row) return { status: 'hash_mismatch' };
      return {
        status: 'valid',
        document: {
          number: row.number,
          issuedOn: row.issued_on,
          issuer: row.issuer,
          kind: row.kind,
          title: { kk: row.title.kk, ru: row.title.ru },
          providerName: { kk: row.provider_name.kk, ru: row.provider_name.ru },
          signerName: row.signer_name,
          registeredAt: iso(row.registered_at),
        },
      };
    },
  };
}
