import type { Migration } from './index';

/**
 * Journals numbered per workstation series (issue 8): workstations issue offline, so a journal of a
 * provider cannot be numbered 1, 2, 3… across all of them without asking the server. Each
 * workstation numbers its own series (its code, as in request numbers) without gaps per journal,
 * provider and year; entries of other workstations arrive by sync with theirs. Entries made before
 * keep their numbers, in this workstation's series.
 */
export const m018JournalSeries: Migration = {
  version: 18,
  name: 'journal-series',
  up(db) {
    const code = (db.prepare(`SELECT value FROM settings WHERE key = 'workstation_code'`).pluck().get() as string | undefined) ?? '';
    db.exec(`
      CREATE TABLE journal_entries_new (
        id TEXT PRIMARY KEY,
        journal TEXT NOT NULL,
        provider_code TEXT NOT NULL,
        series TEXT NOT NULL,
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
        UNIQUE (journal, provider_code, series, year, seq)
      ) STRICT;
      CREATE TABLE journal_counters_new (
        journal TEXT NOT NULL,
        provider_code TEXT NOT NULL,
        series TEXT NOT NULL,
        year INTEGER NOT NULL,
        last INTEGER NOT NULL CHECK (last >= 0),
        PRIMARY KEY (journal, provider_code, series, year)
      ) STRICT;
    `);
    db.prepare(
      `INSERT INTO journal_entries_new SELECT id, journal, provider_code, ?, year, seq, number, request_id, document_number,
         document_sha256, subject, subject_folded, data, created_at, created_by, workstation_id FROM journal_entries`,
    ).run(code);
    db.prepare(`INSERT INTO journal_counters_new SELECT journal, provider_code, ?, year, last FROM journal_counters`).run(code);
    db.exec(`
      DROP TABLE journal_entries;
      DROP TABLE journal_counters;
      ALTER TABLE journal_entries_new RENAME TO journal_entries;
      ALTER TABLE journal_counters_new RENAME TO journal_counters;
      CREATE INDEX journal_entries_request ON journal_entries (request_id);
      CREATE INDEX journal_entries_document ON journal_entries (document_number);
      CREATE INDEX journal_entries_list ON journal_entries (journal, provider_code, year, created_at);
    `);
  },
};
