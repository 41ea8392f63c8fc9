import type { Migration } from './index';

/**
 * Registry answers kept for offline work. Personal data: bounded in count and purged by age
 * (see registry service), never synchronised.
 */
export const m005RegistryCache: Migration = {
  version: 5,
  name: 'registry-cache',
  up(db) {
    db.exec(`
      CREATE TABLE registry_cache (
        system TEXT NOT NULL,
        subject TEXT NOT NULL,
        answer TEXT NOT NULL,
        answered_at TEXT NOT NULL,
        stored_at TEXT NOT NULL,
        PRIMARY KEY (system, subject)
      ) STRICT;
      CREATE INDEX registry_cache_age ON registry_cache (stored_at);
    `);
  },
};
