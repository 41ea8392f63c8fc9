import type { Migration } from './index';

/**
 * Terms of services that the regulations leave to a service standard ("by_standard" in the
 * catalogue): set per service (and operation; '' for none) by an administrator, never invented.
 */
export const m011ServiceTerms: Migration = {
  version: 11,
  name: 'service-terms',
  up(db) {
    db.exec(`
      CREATE TABLE service_terms (
        service_code TEXT NOT NULL,
        operation TEXT NOT NULL DEFAULT '',
        working_days INTEGER NOT NULL CHECK (working_days BETWEEN 1 AND 365),
        set_at TEXT NOT NULL,
        set_by TEXT NOT NULL,
        PRIMARY KEY (service_code, operation)
      ) STRICT;
    `);
  },
};
