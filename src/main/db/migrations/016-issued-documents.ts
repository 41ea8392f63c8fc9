import type { Migration } from './index';

/**
 * Issued documents (issue 7): each result or reasoned refusal signed inside its PDF. The row keeps
 * the document's data (canonical JSON, whose SHA-256 is in the QR code) and the detached CMS; the
 * signed PDF itself is a content-addressed file (<data folder>/documents/<pdf sha256>.pdf), so a
 * reprint is the very file that was signed. Append-only but for the server's acknowledgement.
 * Deliveries record each print, save and portal send; a portal send waits in `queued` for sync.
 * A draft is what the case officer filled in for the authorised signer to check and sign.
 */
export const m016IssuedDocuments: Migration = {
  version: 16,
  name: 'issued-documents',
  up(db) {
    db.exec(`
      CREATE TABLE issued_documents (
        id TEXT PRIMARY KEY,
        request_id TEXT NOT NULL REFERENCES requests (id),
        kind TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('mark_result_ready', 'refuse')),
        number TEXT NOT NULL,
        provider_code TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        issued_on TEXT NOT NULL,
        data TEXT NOT NULL,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        pdf_sha256 TEXT NOT NULL CHECK (length(pdf_sha256) = 64),
        pdf_size INTEGER NOT NULL,
        pages INTEGER NOT NULL,
        p7s BLOB NOT NULL,
        signature_id TEXT NOT NULL REFERENCES signatures (id),
        signer_iin TEXT NOT NULL,
        signer_name TEXT NOT NULL,
        qr_payload TEXT NOT NULL,
        created_by TEXT NOT NULL,
        workstation_id TEXT NOT NULL,
        server_state TEXT NOT NULL DEFAULT 'pending' CHECK (server_state IN ('pending', 'registered', 'conflict')),
        server_at TEXT,
        UNIQUE (provider_code, number)
      ) STRICT;
      CREATE INDEX issued_documents_request ON issued_documents (request_id, issued_at);
      CREATE TRIGGER issued_documents_no_delete BEFORE DELETE ON issued_documents BEGIN
        SELECT RAISE(ABORT, 'issued documents are append-only');
      END;
      CREATE TRIGGER issued_documents_only_server_state BEFORE UPDATE ON issued_documents
        WHEN NEW.id IS NOT OLD.id OR NEW.data IS NOT OLD.data OR NEW.sha256 IS NOT OLD.sha256
          OR NEW.pdf_sha256 IS NOT OLD.pdf_sha256 OR NEW.p7s IS NOT OLD.p7s OR NEW.number IS NOT OLD.number
          OR NEW.request_id IS NOT OLD.request_id OR NEW.signature_id IS NOT OLD.signature_id
      BEGIN
        SELECT RAISE(ABORT, 'issued documents are append-only');
      END;
      CREATE TABLE document_deliveries (
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES issued_documents (id),
        request_id TEXT NOT NULL REFERENCES requests (id),
        via TEXT NOT NULL CHECK (via IN ('print', 'save', 'portal')),
        state TEXT NOT NULL CHECK (state IN ('done', 'queued', 'sent')),
        at TEXT NOT NULL,
        by_staff TEXT NOT NULL,
        workstation_id TEXT NOT NULL
      ) STRICT;
      CREATE INDEX document_deliveries_document ON document_deliveries (document_id, at);
      CREATE TABLE document_drafts (
        request_id TEXT PRIMARY KEY REFERENCES requests (id),
        kind TEXT NOT NULL,
        details TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
      ) STRICT;
    `);
  },
};
