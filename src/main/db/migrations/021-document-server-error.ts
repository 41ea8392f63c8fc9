import type { Migration } from './index';

/**
 * The central server's refusal to register an issued document (its error code, e.g.
 * `foreign_issuer`: the issuer's BIN is not bound to this workstation's provider) and when it was
 * last refused. The document stays `pending` and is sent again; a registration clears the refusal.
 * The append-only trigger is replaced by one that names every column but the server's
 * acknowledgement (state, time) and its refusal (code, time): only those may change.
 */
export const m021DocumentServerError: Migration = {
  version: 21,
  name: 'document-server-error',
  up(db) {
    db.exec(`
      ALTER TABLE issued_documents ADD COLUMN server_error TEXT CHECK (server_error IS NULL OR length(server_error) BETWEEN 1 AND 60);
      ALTER TABLE issued_documents ADD COLUMN server_error_at TEXT;
      DROP TRIGGER issued_documents_only_server_state;
      CREATE TRIGGER issued_documents_only_server_state BEFORE UPDATE ON issued_documents
        WHEN NEW.id IS NOT OLD.id OR NEW.request_id IS NOT OLD.request_id OR NEW.kind IS NOT OLD.kind
          OR NEW.action IS NOT OLD.action OR NEW.number IS NOT OLD.number OR NEW.provider_code IS NOT OLD.provider_code
          OR NEW.issued_at IS NOT OLD.issued_at OR NEW.issued_on IS NOT OLD.issued_on OR NEW.data IS NOT OLD.data
          OR NEW.sha256 IS NOT OLD.sha256 OR NEW.pdf_sha256 IS NOT OLD.pdf_sha256 OR NEW.pdf_size IS NOT OLD.pdf_size
          OR NEW.pages IS NOT OLD.pages OR NEW.p7s IS NOT OLD.p7s OR NEW.signature_id IS NOT OLD.signature_id
          OR NEW.signer_iin IS NOT OLD.signer_iin OR NEW.signer_name IS NOT OLD.signer_name OR NEW.qr_payload IS NOT OLD.qr_payload
          OR NEW.created_by IS NOT OLD.created_by OR NEW.workstation_id IS NOT OLD.workstation_id
      BEGIN
        SELECT RAISE(ABORT, 'issued documents are append-only');
      END;
    `);
  },
};
