import type { Migration } from './index';

/**
 * The last sequence number this workstation gave within a year, per workstation code (see
 * src/shared/requests/numbers.ts). Local only: another workstation has its own code and its own rows.
 */
export const m008RequestNumbers: Migration = {
  version: 8,
  name: 'request-numbers',
  up(db) {
    db.exec(`
      CREATE TABLE request_number_seq (
        year INTEGER NOT NULL,
        workstation_code TEXT NOT NULL,
        last INTEGER NOT NULL CHECK (last >= 0),
        PRIMARY KEY (year, workstation_code)
      ) STRICT;
    `);
  },
};
