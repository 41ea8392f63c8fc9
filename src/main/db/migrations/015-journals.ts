import type { Migration } from './index';

/**
 * The registers (issue 7, "Journals"): issued documents, the polyclinic's appointment
 * (pre-registration) and home-call journals, the apostille register and the licence register.
 * Entries are numbered without gaps per journal, provider and year (Almaty): the counter row and the
 * entry are written in one transaction, so a failed append gives its number back.
 * `subject_folded` is the searchable text folded like names (foldName in src/shared/registry.ts).
 */
export const m015Journals: Migration = {
  version: 15,
  name: 'journals',
  up(db) {
    db.exec(`
      CREATE TABLE journal_entries (
        id TEXT PRIMARY KEY,
        journal TEXT NOT NULL,
        provider_code TEXT NOT NULL,
        year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 9999),
        seq INTEGER NOT NULL CHECK (seq > 0),
        number TEXT NOT NULL,
        request_id TEXT,
        document_number TEXT,
        document_sha256 TEXT CHECK (document_sha256 IS NULL OR length(document_sha256) = 64),
        subject TEXT NOT NULL,
        subject_folded TEXT NOT NULL,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        workstation_id TEXT NOT NULL,
        UNIQUE (journal, provider_code, year, seq)
      ) STRICT;
      CREATE INDEX journal_entries_request ON journal_entries (request_id);
      CREATE INDEX journal_entries_document ON journal_entries (document_number);
      CREATE TABLE journal_counters (
        journal TEXT NOT NULL,
        provider_code TEXT NOT NULL,
        year INTEGER NOT NULL,
        last INTEGER NOT NULL CHECK (last >= 0),
        PRIMARY KEY (journal, provider_code, year)
      ) STRICT;
    `);
  },
};
