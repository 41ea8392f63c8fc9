import type { Migration } from './index';

/**
 * The ЭЦҚ signatures made on this workstation: the CMS (detached) over the exact content that was
 * signed, kept with the request it belongs to. Append-only: a signature is evidence.
 */
export const m013Signatures: Migration = {
  version: 13,
  name: 'signatures',
  up(db) {
    db.exec(`
      CREATE TABLE signatures (
        id TEXT PRIMARY KEY,
        request_id TEXT NOT NULL REFERENCES requests (id),
        action TEXT NOT NULL,
        content TEXT NOT NULL,
        cms BLOB NOT NULL,
        signer_iin TEXT NOT NULL,
        signer_name TEXT NOT NULL,
        certificate_fingerprint TEXT NOT NULL,
        key_source TEXT NOT NULL CHECK (key_source IN ('token', 'file')),
        checks TEXT NOT NULL,
        signed_at TEXT NOT NULL,
        workstation_id TEXT NOT NULL
      ) STRICT;
      CREATE INDEX signatures_request ON signatures (request_id, signed_at);
      CREATE TRIGGER signatures_no_update BEFORE UPDATE ON signatures BEGIN
        SELECT RAISE(ABORT, 'signatures are append-only');
      END;
      CREATE TRIGGER signatures_no_delete BEFORE DELETE ON signatures BEGIN
        SELECT RAISE(ABORT, 'signatures are append-only');
      END;
    `);
  },
};
