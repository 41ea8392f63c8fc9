import type { Migration } from './index';

/**
 * How many requests each service has in each state, kept by triggers, so that the queue's counters
 * never count 100,000 rows.
 */
export const m012RequestCounts: Migration = {
  version: 12,
  name: 'request-counts',
  up(db) {
    db.exec(`
      CREATE TABLE request_counts (
        service_code TEXT NOT NULL,
        state TEXT NOT NULL,
        n INTEGER NOT NULL CHECK (n >= 0),
        PRIMARY KEY (service_code, state)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO request_counts (service_code, state, n)
        SELECT service_code, state, count(*) FROM requests GROUP BY service_code, state;
      CREATE TRIGGER request_counts_insert AFTER INSERT ON requests BEGIN
        INSERT INTO request_counts (service_code, state, n) VALUES (new.service_code, new.state, 1)
          ON CONFLICT (service_code, state) DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER request_counts_update AFTER UPDATE OF service_code, state ON requests
        WHEN old.service_code IS NOT new.service_code OR old.state IS NOT new.state BEGIN
        UPDATE request_counts SET n = n - 1 WHERE service_code = old.service_code AND state = old.state;
        INSERT INTO request_counts (service_code, state, n) VALUES (new.service_code, new.state, 1)
          ON CONFLICT (service_code, state) DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER request_counts_delete AFTER DELETE ON requests BEGIN
        UPDATE request_counts SET n = n - 1 WHERE service_code = old.service_code AND state = old.state;
      END;
    `);
  },
};
