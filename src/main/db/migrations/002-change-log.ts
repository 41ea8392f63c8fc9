import type { Migration } from './index';

/** Every change to synchronised data, written in the same transaction as the change itself. */
export const m002ChangeLog: Migration = {
  version: 2,
  name: 'change-log',
  up(db) {
    db.exec(`
      CREATE TABLE change_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        change_id TEXT NOT NULL UNIQUE,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
        data TEXT NOT NULL,
        at TEXT NOT NULL,
        workstation_id TEXT NOT NULL,
        actor_id TEXT
      ) STRICT;
      CREATE INDEX change_log_entity ON change_log (entity, entity_id);
    `);
  },
};
