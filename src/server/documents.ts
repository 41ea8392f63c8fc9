// The register of issued documents: workstations register every document they issue (a signed
// call; the caller's workstation and provider are recorded), and anyone holding a document checks
// it by number and hash. A check reveals the registered data only when the hash matches: a wrong
// hash learns that the number exists, nothing else. The routes are wired in app.ts.
import type { CallerIdentity } from './auth';
import type { Sql } from './db/sql';
import type { DocumentCheckQuery, DocumentCheckReply, DocumentRegistration } from '../shared/server-api';

export type RegisterOutcome =
  /** First registration of this issuer + number. */
  | { outcome: 'created'; registeredAt: string }
  /** The same document (same hash) registered again: nothing changes. */
  | { outcome: 'same'; registeredAt: string }
  /** This issuer already registered another document (another hash) under this number. */
  | { outcome: 'conflict' };

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

export function createDocumentRegister(sql: Sql, now: () => Date): DocumentRegister {
  return {
    async register(registration, caller) {
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
