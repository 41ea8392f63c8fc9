import type { Migration } from './index';

/**
 * Where an attachment came from (issue 8): 'workstation' — scanned or imported at a provider's
 * workstation (this one or another, by sync) — or 'portal' — the applicant's own file, sent with their
 * signed submission through the e-government portal and received by pull (its bytes are the file the
 * applicant signed the hash of: a PDF, JPEG or PNG as it was sent, not a PDF assembled here). Earlier
 * attachments recorded by the portal's "workstation" (none before this version) are the portal's.
 */
export const m020AttachmentSource: Migration = {
  version: 20,
  name: 'attachment-source',
  up(db) {
    db.exec(`
      ALTER TABLE request_attachments ADD COLUMN source TEXT NOT NULL DEFAULT 'workstation'
        CHECK (source IN ('workstation', 'portal'));
      UPDATE request_attachments SET source = 'portal' WHERE workstation_id = '00000000-0000-0000-0000-000000000000';
    `);
  },
};
