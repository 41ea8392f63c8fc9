import type { Migration } from './index';

/**
 * What became of this workstation's history events that another workstation's replaced (issue 8,
 * src/main/sync/apply.ts): both versions stay kept, and each kept-aside event now says whether it was
 * made again on top of the server's version (`outcome` 'reapplied', `reapplied_as` the id of the new
 * event) or not — 'illegal' (no longer possible from the state reached), 'taken' (another workstation
 * took the request first). NULL: not decided yet (the server's version of the request has not fully
 * arrived). Events kept aside before this rule existed were never made again: 'kept'.
 */
export const m019SyncRebase: Migration = {
  version: 19,
  name: 'sync-rebase',
  up(db) {
    db.exec(`
      ALTER TABLE request_history_superseded ADD COLUMN outcome TEXT
        CHECK (outcome IS NULL OR outcome IN ('reapplied', 'illegal', 'taken', 'kept'));
      ALTER TABLE request_history_superseded ADD COLUMN reapplied_as TEXT;
      UPDATE request_history_superseded SET outcome = 'kept';
      CREATE INDEX request_history_superseded_pending ON request_history_superseded (request_id) WHERE outcome IS NULL;
    `);
  },
};
