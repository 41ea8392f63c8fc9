import type { Migration } from './index';

/**
 * Service requests: one row per request, its current state and the facts the queue shows and sorts.
 * `rid` is a local row id (the full-text index refers to it, and it never changes, even by VACUUM);
 * `id` is the global UUIDv7 that sync and every other table use. `received_at` is when the request
 * was received: the draft's creation, then its registration. `head_seq`/`head_hash` repeat the last
 * history event, so that entries cut off the end of the history are detected too.
 */
export const m006Requests: Migration = {
  version: 6,
  name: 'requests',
  up(db) {
    db.exec(`
      CREATE TABLE requests (
        rid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        number TEXT UNIQUE,
        service_code TEXT NOT NULL,
        operation TEXT,
        channel TEXT NOT NULL,
        state TEXT NOT NULL,
        applicant_kind TEXT NOT NULL CHECK (applicant_kind IN ('person', 'organisation')),
        applicant_id TEXT NOT NULL CHECK (length(applicant_id) = 12),
        applicant_name TEXT NOT NULL,
        applicant_folded TEXT NOT NULL,
        form TEXT NOT NULL,
        documents TEXT NOT NULL,
        payment_ref TEXT,
        deadline_kind TEXT CHECK (deadline_kind IN ('working_days', 'hours', 'minutes')),
        deadline_value REAL,
        deadline TEXT,
        at_risk_from TEXT,
        assignee_id TEXT,
        refusal_ground TEXT,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        received_at TEXT NOT NULL,
        registered_at TEXT,
        completed_at TEXT,
        updated_at TEXT NOT NULL,
        workstation_id TEXT NOT NULL,
        head_seq INTEGER NOT NULL DEFAULT 0,
        head_hash TEXT
      ) STRICT;
      -- The queue filters and sorts inside these two covering indexes, touching the table only for the page's rows.
      CREATE INDEX requests_by_state ON requests (state, deadline, at_risk_from, received_at, service_code, channel, assignee_id);
      CREATE INDEX requests_by_service ON requests
        (service_code, state, channel, assignee_id, deadline, at_risk_from, received_at, applicant_folded);
      CREATE INDEX requests_assignee_state ON requests (assignee_id, state, deadline);
      CREATE INDEX requests_received ON requests (received_at);
      CREATE INDEX requests_deadline ON requests (deadline);
      CREATE INDEX requests_applicant ON requests (applicant_id, received_at);
    `);
  },
};
