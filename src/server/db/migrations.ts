// Numbered migrations of the central server's database, applied in order, each in a transaction.
import { PORTAL_MIGRATION_SQL } from '../portal-schema';
import { SYNC_MIGRATION_SQL } from '../sync';
import type { Sql } from './sql';

export interface ServerMigration {
  version: number;
  name: string;
  sql: string;
}

export const SERVER_MIGRATIONS: readonly ServerMigration[] = [
  {
    version: 1,
    name: 'national-individuals',
    sql: `
      CREATE SCHEMA national;
      CREATE TABLE national.person (
        iin char(12) PRIMARY KEY,
        surname text NOT NULL,
        name text NOT NULL,
        patronymic text,
        surname_key text NOT NULL,
        name_key text NOT NULL,
        birth_date date NOT NULL,
        record jsonb NOT NULL
      );
      CREATE INDEX person_name_key ON national.person (surname_key, name_key, birth_date);`,
  },
  {
    version: 2,
    name: 'national-legal-entities',
    sql: `
      CREATE TABLE national.legal_entity (
        bin char(12) PRIMARY KEY,
        head_iin char(12) NOT NULL,
        record jsonb NOT NULL
      );`,
  },
  {
    version: 3,
    name: 'national-attachment-attorney-payment',
    sql: `
      CREATE TABLE national.attachment (iin char(12) PRIMARY KEY, record jsonb NOT NULL);
      CREATE TABLE national.power_of_attorney (
        number text PRIMARY KEY,
        principal_iin char(12) NOT NULL,
        representative_iin char(12) NOT NULL,
        record jsonb NOT NULL
      );
      CREATE INDEX power_of_attorney_representative ON national.power_of_attorney (representative_iin);
      CREATE TABLE national.payment (
        reference text PRIMARY KEY,
        payer_id char(12) NOT NULL,
        record jsonb NOT NULL
      );
      CREATE INDEX payment_payer ON national.payment (payer_id);`,
  },
  {
    version: 4,
    name: 'workstations',
    sql: `
      CREATE TABLE enrolment_code (
        code_hash text PRIMARY KEY,
        provider_code text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        used_by uuid
      );
      CREATE TABLE workstation (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        provider_code text NOT NULL,
        public_key text NOT NULL,
        enrolled_at timestamptz NOT NULL,
        revoked_at timestamptz
      );
      CREATE TABLE used_nonce (
        workstation_id uuid NOT NULL,
        nonce text NOT NULL,
        seen_at timestamptz NOT NULL,
        PRIMARY KEY (workstation_id, nonce)
      );
      CREATE INDEX used_nonce_seen ON used_nonce (seen_at);`,
  },
  {
    version: 5,
    name: 'lookup-audit',
    sql: `
      CREATE TABLE lookup_audit (
        seq bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        workstation_id uuid NOT NULL,
        staff_iin char(12) NOT NULL,
        system text NOT NULL,
        subject text NOT NULL,
        purpose text NOT NULL,
        outcome text NOT NULL
      );
      CREATE INDEX lookup_audit_subject ON lookup_audit (subject);`,
  },
  {
    version: 6,
    name: 'issued-documents',
    sql: `
      CREATE TABLE issued_documents (
        issuer text NOT NULL,
        number text NOT NULL,
        sha256 char(64) NOT NULL,
        issued_on date NOT NULL,
        issued_at timestamptz NOT NULL,
        kind text NOT NULL,
        title jsonb NOT NULL,
        provider_name jsonb NOT NULL,
        signer_name text,
        request_number text,
        workstation_id uuid NOT NULL,
        provider_code text NOT NULL,
        registered_at timestamptz NOT NULL,
        PRIMARY KEY (issuer, number)
      );
      CREATE INDEX issued_documents_number ON issued_documents (number);`,
  },
  { version: 7, name: 'sync', sql: SYNC_MIGRATION_SQL },
  { version: 8, name: 'portal', sql: PORTAL_MIGRATION_SQL },
  {
    version: 9,
    name: 'provider-bins',
    // Which provider a BIN (a documents' issuer) belongs to: a workstation registers documents only
    // under its provider's code or a BIN bound to its provider. BINs already in the register under
    // one provider only stay that provider's.
    sql: `
      CREATE TABLE provider_bin (
        bin text PRIMARY KEY,
        provider_code text NOT NULL,
        bound_at timestamptz NOT NULL,
        bound_how text NOT NULL
      );
      CREATE INDEX provider_bin_provider ON provider_bin (provider_code);
      INSERT INTO provider_bin (bin, provider_code, bound_at, bound_how)
        SELECT issuer, min(provider_code), now(), 'registered_before'
          FROM issued_documents
         WHERE issuer ~ '^[0-9]{12}$' AND issuer <> provider_code
         GROUP BY issuer
        HAVING count(DISTINCT provider_code) = 1;`,
  },
  {
    version: 10,
    name: 'sync-blob-per-provider',
    // Blobs are read and written per provider (every query names both), but were keyed by their hash
    // alone: the same file of two providers (an applicant sending the same scan to both through the
    // portal, the same form PDF attached at two offices) could not be kept for the second. Keyed by
    // both now; the portal stores its applicants' files with ON CONFLICT on this key.
    sql: `
      ALTER TABLE sync_blob DROP CONSTRAINT sync_blob_pkey;
      ALTER TABLE sync_blob ADD PRIMARY KEY (sha256, provider_code);`,
  },
];

export async function migrateServer(sql: Sql, migrations = SERVER_MIGRATIONS): Promise<number> {
  await sql.exec(`CREATE TABLE IF NOT EXISTS schema_version (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)`);
  const [row] = await sql.query<{ version: number | null }>(`SELECT max(version) AS version FROM schema_version`);
  const current = row?.version ?? 0;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) throw new Error(`database schema version ${current} is newer than this server (${latest})`);
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    await sql.transaction(async (tx) => {
      await tx.exec(migration.sql);
      await tx.query(`INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, now())`, [
        migration.version,
        migration.name,
      ]);
    });
  }
  return latest;
}
