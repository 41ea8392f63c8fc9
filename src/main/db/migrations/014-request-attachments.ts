import type { Migration } from './index';

/**
 * The files attached to a request (issue 6): one row per attachment, a multi-page PDF kept in the
 * content-addressed attachment store (`<data folder>/attachments`) under its SHA-256, linked to an
 * item of the service's documents checklist. The hash is what the signature and the sync cover; the
 * same content is recorded once per request.
 */
export const m014RequestAttachments: Migration = {
  version: 14,
  name: 'request-attachments',
  up(db) {
    db.exec(`
      CREATE TABLE request_attachments (
        id TEXT PRIMARY KEY,
        request_id TEXT NOT NULL REFERENCES requests (id),
        document_code TEXT NOT NULL,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        size INTEGER NOT NULL CHECK (size > 0),
        mime TEXT NOT NULL,
        pages INTEGER NOT NULL CHECK (pages > 0),
        name TEXT NOT NULL,
        added_at TEXT NOT NULL,
        added_by TEXT NOT NULL,
        workstation_id TEXT NOT NULL,
        UNIQUE (request_id, sha256)
      ) STRICT;
      CREATE INDEX request_attachments_request ON request_attachments (request_id, added_at);
      CREATE INDEX request_attachments_sha256 ON request_attachments (sha256);
    `);
  },
};
