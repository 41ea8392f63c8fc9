import type { Migration } from './index';

/**
 * The history of every request: one row per lifecycle event, chained by SHA-256 (see
 * src/shared/requests/lifecycle.ts). Append-only: the triggers refuse edits, the chain reveals
 * edits made around them. `data` is the event's data as JSON, `reason` and `data` NULL when absent.
 */
export const m007RequestHistory: Migration = {
  version: 7,
  name: 'request-history',
  up(db) {
    db.exec(`
      CREATE TABLE request_history (
        id TEXT NOT NULL UNIQUE,
        request_id TEXT NOT NULL REFERENCES requests (id),
        seq INTEGER NOT NULL CHECK (seq >= 1),
        action TEXT NOT NULL,
        from_state TEXT NOT NULL,
        to_state TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        actor_iin TEXT NOT NULL,
        workstation_id TEXT NOT NULL,
        at TEXT NOT NULL,
        reason TEXT,
        data TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        PRIMARY KEY (request_id, seq)
      ) STRICT, WITHOUT ROWID;
      CREATE TRIGGER request_history_no_update BEFORE UPDATE ON request_history
        BEGIN SELECT RAISE(ABORT, 'request history is append-only'); END;
      CREATE TRIGGER request_history_no_delete BEFORE DELETE ON request_history
        BEGIN SELECT RAISE(ABORT, 'request history is append-only'); END;
    `);
  },
};
