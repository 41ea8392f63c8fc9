// Opens the workstation's SQLite database: checks it before touching it, then migrates it.
// A database that is corrupt or newer than this app is reported and left exactly as it was.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import type { DatabaseProblem } from '../../shared/api/contract';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations/index';

export const DATABASE_FILE = 'qyzmet.sqlite';

export class DatabaseOpenError extends Error {
  constructor(
    readonly kind: DatabaseProblem,
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${kind}: ${detail}`);
    this.name = 'DatabaseOpenError';
  }
}

export function openDatabase(dataDir: string, migrations: readonly Migration[] = MIGRATIONS): Database {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, DATABASE_FILE);
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  if (fs.existsSync(file)) inspectExisting(file, latest);

  const db = new BetterSqlite3(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Reads an existing file read-only, so that nothing is written to a file we cannot trust. */
function inspectExisting(file: string, latest: number): void {
  let db: Database;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new DatabaseOpenError('unreadable', file, messageOf(error));
  }
  try {
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new DatabaseOpenError('corrupt', file, String(check));
    const version = schemaVersion(db);
    if (version > latest) {
      throw new DatabaseOpenError('too_new', file, `schema version ${version}, this app knows up to ${latest}`);
    }
  } catch (error) {
    if (error instanceof DatabaseOpenError) throw error;
    throw new DatabaseOpenError('corrupt', file, messageOf(error));
  } finally {
    db.close();
  }
}

export function schemaVersion(db: Database): number {
  const table = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'`)
    .get();
  if (!table) return 0;
  const row = db.prepare(`SELECT max(version) AS version FROM schema_version`).get() as { version: number | null };
  return row.version ?? 0;
}

function migrate(db: Database, migrations: readonly Migration[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
  const current = schemaVersion(db);
  const record = db.prepare(`INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)`);
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      record.run(migration.version, migration.name, new Date().toISOString());
    })();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export { LATEST_SCHEMA_VERSION };
