import type { Migration } from './index';

/**
 * Full-text search over requests: the number, the applicant's IIN/BIN and the applicant's name folded
 * (Kazakh letters to their Russian neighbours, lower case: foldName in src/shared/registry.ts), so that
 * "асел" finds "Әсел". An external-content FTS5 index over `requests`, kept in step by triggers.
 */
export const m009RequestSearch: Migration = {
  version: 9,
  name: 'request-search',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE requests_fts USING fts5(
        number, applicant_id, applicant_folded,
        content = 'requests', content_rowid = 'rid',
        tokenize = 'unicode61 remove_diacritics 0'
      );
      CREATE TRIGGER requests_fts_insert AFTER INSERT ON requests BEGIN
        INSERT INTO requests_fts (rowid, number, applicant_id, applicant_folded)
          VALUES (new.rid, new.number, new.applicant_id, new.applicant_folded);
      END;
      CREATE TRIGGER requests_fts_update AFTER UPDATE OF number, applicant_id, applicant_folded ON requests BEGIN
        INSERT INTO requests_fts (requests_fts, rowid, number, applicant_id, applicant_folded)
          VALUES ('delete', old.rid, old.number, old.applicant_id, old.applicant_folded);
        INSERT INTO requests_fts (rowid, number, applicant_id, applicant_folded)
          VALUES (new.rid, new.number, new.applicant_id, new.applicant_folded);
      END;
      CREATE TRIGGER requests_fts_delete AFTER DELETE ON requests BEGIN
        INSERT INTO requests_fts (requests_fts, rowid, number, applicant_id, applicant_folded)
          VALUES ('delete', old.rid, old.number, old.applicant_id, old.applicant_folded);
      END;
    `);
  },
};
