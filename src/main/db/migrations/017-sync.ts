import type { Migration } from './index';

/**
 * Synchronisation with the central server (issue 8): where push and pull stand (`sync_state`),
 * which server changes were applied (`sync_applied`, so a page pulled twice applies once), the
 * changes the server did not take (`sync_conflicts`, shown to the user, never dropped), and history
 * events of this workstation that another workstation's events replaced (`request_history_superseded`:
 * both versions are kept). The history stays append-only except while sync puts the server's version
 * of a request in place (a row in `sync_rebasing` for the length of that transaction).
 * `staff_directory` names the provider's staff of other workstations (no passwords: their accounts
 * stay theirs), so that a request shows who has it.
 */
export const m017Sync: Migration = {
  version: 17,
  name: 'sync',
  up(db) {
    db.exec(`
      CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
      CREATE TABLE sync_applied (change_id TEXT PRIMARY KEY, global_seq TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT;
      CREATE TABLE sync_conflicts (
        id TEXT PRIMARY KEY,
        change_id TEXT NOT NULL UNIQUE,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        request_id TEXT,
        reason TEXT NOT NULL,
        detail TEXT,
        at TEXT NOT NULL,
        seen INTEGER NOT NULL DEFAULT 0 CHECK (seen IN (0, 1))
      ) STRICT;
      CREATE INDEX sync_conflicts_request ON sync_conflicts (request_id);
      CREATE TABLE request_history_superseded (
        id TEXT PRIMARY KEY,
        request_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        event TEXT NOT NULL,
        superseded_at TEXT NOT NULL,
        by_workstation TEXT
      ) STRICT;
      CREATE INDEX request_history_superseded_request ON request_history_superseded (request_id, seq);
      CREATE TABLE sync_rebasing (request_id TEXT PRIMARY KEY) STRICT;
      CREATE TABLE staff_directory (
        id TEXT PRIMARY KEY,
        iin TEXT NOT NULL,
        full_name TEXT NOT NULL,
        roles TEXT NOT NULL,
        active INTEGER NOT NULL,
        workstation_id TEXT NOT NULL
      ) STRICT;
      DROP TRIGGER request_history_no_delete;
      CREATE TRIGGER request_history_no_delete BEFORE DELETE ON request_history
        WHEN NOT EXISTS (SELECT 1 FROM sync_rebasing WHERE request_id = OLD.request_id)
        BEGIN SELECT RAISE(ABORT, 'request history is append-only'); END;
    `);
  },
};
