import type { Migration } from './index';
import { newId } from '../../ids';

/** Workstation-wide settings, and this workstation's own global id (it tags every change it makes). */
export const m001Settings: Migration = {
  version: 1,
  name: 'settings',
  up(db) {
    db.exec(`CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT`);
    db.prepare(`INSERT INTO settings (key, value) VALUES ('workstation_id', ?)`).run(newId());
  },
};
