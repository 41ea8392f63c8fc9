import type { Migration } from './index';

/**
 * The two-question satisfaction questionnaire of the regulations' Annex 3, at most one per request:
 * the process and quality of the result, and the information about the procedure.
 */
export const m010RequestQuestionnaires: Migration = {
  version: 10,
  name: 'request-questionnaires',
  up(db) {
    db.exec(`
      CREATE TABLE request_questionnaires (
        id TEXT PRIMARY KEY,
        request_id TEXT NOT NULL UNIQUE REFERENCES requests (id),
        quality TEXT NOT NULL CHECK (quality IN ('not_satisfied', 'partly', 'satisfied')),
        information TEXT NOT NULL CHECK (information IN ('not_satisfied', 'partly', 'satisfied')),
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        workstation_id TEXT NOT NULL
      ) STRICT;
    `);
  },
};
