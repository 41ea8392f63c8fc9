import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, DatabaseOpenError, openDatabase, schemaVersion } from '../../src/main/db/database';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from '../../src/main/db/migrations/index';
import { createApp } from '../../src/main/app';
import { makeIin } from '../helpers/iin';
import { connect, tempDir } from '../helpers/workstation';

const opened: BetterSqlite3.Database[] = [];
afterEach(() => {
  while (opened.length) opened.pop()?.close();
});
const open = (dir: string, migrations?: readonly Migration[]) => {
  const db = openDatabase(dir, migrations);
  opened.push(db);
  return db;
};

describe('local database', () => {
  it('creates the database in WAL mode and applies every migration once, recording each', () => {
    const dir = tempDir();
    const db = open(dir);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    const rows = db.prepare('SELECT version, name FROM schema_version ORDER BY version').all();
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    db.close();
    opened.pop();
    const again = open(dir);
    expect(again.prepare('SELECT count(*) AS n FROM schema_version').get()).toEqual({ n: MIGRATIONS.length });
  });

  it('numbers migrations 1, 2, 3… without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_m, i) => i + 1));
  });

  it('migrates an older database forward, keeping its data', () => {
    const dir = tempDir();
    const first = open(dir, MIGRATIONS.slice(0, 1));
    const workstationId = first.prepare(`SELECT value FROM settings WHERE key = 'workstation_id'`).pluck().get();
    first.prepare(`INSERT INTO settings (key, value) VALUES ('locale', 'ru')`).run();
    first.close();
    opened.pop();
    const db = open(dir);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.prepare(`SELECT value FROM settings WHERE key = 'workstation_id'`).pluck().get()).toBe(workstationId);
    expect(db.prepare(`SELECT value FROM settings WHERE key = 'locale'`).pluck().get()).toBe('ru');
  });

  it('migration 19: events kept aside by sync before it are marked kept (never made again); later ones wait for a decision', () => {
    const dir = tempDir();
    const before = open(dir, MIGRATIONS.slice(0, 18));
    const keep = `INSERT INTO request_history_superseded (id, request_id, seq, event, superseded_at, by_workstation) VALUES (?, 'r-1', ?, '{}', '2026-03-02T04:00:00.000Z', 'w-2')`;
    before.prepare(keep).run('e-1', 2);
    before.close();
    opened.pop();
    const db = open(dir);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.prepare(`SELECT id, outcome, reapplied_as FROM request_history_superseded`).all()).toEqual([{ id: 'e-1', outcome: 'kept', reapplied_as: null }]);
    db.prepare(keep).run('e-2', 3);
    expect(db.prepare(`SELECT outcome FROM request_history_superseded WHERE id = 'e-2'`).pluck().get()).toBeNull();
    db.prepare(`UPDATE request_history_superseded SET outcome = 'reapplied', reapplied_as = 'e-9' WHERE id = 'e-2'`).run();
    expect(() => db.prepare(`UPDATE request_history_superseded SET outcome = 'maybe' WHERE id = 'e-2'`).run()).toThrow(/CHECK/);
  });

  it('migration 20: attachments say where they came from — a workstation, or the portal (the portal’s "workstation" before it)', () => {
    const dir = tempDir();
    const before = open(dir, MIGRATIONS.slice(0, 19));
    before.pragma('foreign_keys = OFF');
    const attach = before.prepare(
      `INSERT INTO request_attachments (id, request_id, document_code, sha256, size, mime, pages, name, added_at, added_by, workstation_id)
       VALUES (?, 'r-1', 'standard_documents', ?, 10, 'application/pdf', 1, 'scan.pdf', '2026-03-02T04:00:00.000Z', ?, ?)`,
    );
    attach.run('a-1', 'a'.repeat(64), 's-1', '5b0c5f38-52a0-4bd2-8e0c-0e4d1f5a2a11');
    attach.run('a-2', 'b'.repeat(64), 'portal', '00000000-0000-0000-0000-000000000000');
    before.close();
    opened.pop();
    const db = open(dir);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.prepare(`SELECT id, source FROM request_attachments ORDER BY id`).all()).toEqual([
      { id: 'a-1', source: 'workstation' },
      { id: 'a-2', source: 'portal' },
    ]);
    db.pragma('foreign_keys = OFF');
    expect(() => db.prepare(`UPDATE request_attachments SET source = 'scanner' WHERE id = 'a-1'`).run()).toThrow(/CHECK/);
  });

  it('migration 21: an issued document records the server’s refusal; only the server’s columns may change', () => {
    const dir = tempDir();
    const before = open(dir, MIGRATIONS.slice(0, 20));
    before.pragma('foreign_keys = OFF');
    before
      .prepare(
        `INSERT INTO issued_documents (id, request_id, kind, action, number, provider_code, issued_at, issued_on, data, sha256,
           pdf_sha256, pdf_size, pages, p7s, signature_id, signer_iin, signer_name, qr_payload, created_by, workstation_id)
         VALUES ('d-1', 'r-1', 'unemployed_certificate', 'mark_result_ready', 'DOC-1', 'PMSP-01', '2026-03-02T04:00:00.000Z', '2026-03-02',
           '{}', ?, ?, 10, 1, x'00', 'sig-1', '900615300001', 'SIGNER', 'qr', 's-1', 'w-1')`,
      )
      .run('a'.repeat(64), 'b'.repeat(64));
    before.close();
    opened.pop();
    const db = open(dir);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.prepare(`SELECT server_state, server_error, server_error_at FROM issued_documents`).get()).toEqual({
      server_state: 'pending',
      server_error: null,
      server_error_at: null,
    });
    db.prepare(`UPDATE issued_documents SET server_error = 'foreign_issuer', server_error_at = '2026-03-02T05:00:00.000Z' WHERE id = 'd-1'`).run();
    db.prepare(`UPDATE issued_documents SET server_state = 'registered', server_at = '2026-03-02T06:00:00.000Z', server_error = NULL, server_error_at = NULL WHERE id = 'd-1'`).run();
    expect(db.prepare(`SELECT server_state, server_error FROM issued_documents`).get()).toEqual({ server_state: 'registered', server_error: null });
    // The document itself stays as it was signed — including the columns the first trigger did not name.
    for (const change of [`sha256 = '${'c'.repeat(64)}'`, `kind = 'other'`, `signer_name = 'SOMEONE'`, `issued_on = '2026-03-03'`, `provider_code = 'PMSP-02'`]) {
      expect(() => db.prepare(`UPDATE issued_documents SET ${change} WHERE id = 'd-1'`).run()).toThrow(/append-only/);
    }
    expect(() => db.prepare(`UPDATE issued_documents SET server_error = '' WHERE id = 'd-1'`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`DELETE FROM issued_documents WHERE id = 'd-1'`).run()).toThrow(/append-only/);
  });

  it('rolls a failing migration back whole and leaves the version where it was', () => {
    const dir = tempDir();
    const broken: Migration = {
      version: LATEST_SCHEMA_VERSION + 1,
      name: 'broken',
      up(db) {
        db.exec('CREATE TABLE half_done (x INTEGER)');
        throw new Error('boom');
      },
    };
    expect(() => open(dir, [...MIGRATIONS, broken])).toThrow('boom');
    const db = open(dir);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'half_done'`).get()).toBeUndefined();
  });

  it('refuses a corrupt file and leaves its bytes untouched', () => {
    const dir = tempDir();
    const file = path.join(dir, DATABASE_FILE);
    const garbage = Buffer.from('this is not a database, but somebody may need these bytes'.repeat(200));
    fs.writeFileSync(file, garbage);
    const error = (() => {
      try {
        open(dir);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DatabaseOpenError);
    expect((error as DatabaseOpenError).kind).toBe('corrupt');
    expect(fs.readFileSync(file).equals(garbage)).toBe(true);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses a database from a newer version of the app and does not touch it', () => {
    const dir = tempDir();
    open(dir).prepare(`INSERT INTO schema_version VALUES (?, 'from the future', '2030-01-01')`).run(LATEST_SCHEMA_VERSION + 5);
    opened.pop()?.close();
    const file = path.join(dir, DATABASE_FILE);
    const before = fs.readFileSync(file);
    expect(() => open(dir)).toThrow(DatabaseOpenError);
    try {
      open(dir);
    } catch (e) {
      expect((e as DatabaseOpenError).kind).toBe('too_new');
      expect((e as DatabaseOpenError).detail).toContain(String(LATEST_SCHEMA_VERSION + 5));
    }
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('serves only the error status when the database cannot be opened', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, DATABASE_FILE), 'garbage'.repeat(1000));
    const app = createApp({ dataDir: dir });
    const client = connect(app);
    const status = await client.call('app.status');
    expect(status.state).toBe('database_error');
    expect(status.databaseProblem).toMatchObject({ kind: 'corrupt', path: path.join(dir, DATABASE_FILE) });
    expect(await client.fail('auth.signIn', { iin: '900615300001', password: 'x' })).toEqual({
      code: 'database_unavailable',
      params: { kind: 'corrupt' },
    });
  });

  it('logs every staff change in the change log in the same transaction', async () => {
    const dir = tempDir();
    const app = createApp({ dataDir: dir });
    const client = connect(app);
    await client.call('auth.createAdministrator', {
      iin: makeIin('1987-03-21', 'female'),
      fullName: 'Әсел Қанатқызы',
      password: 'qwerty123',
    });
    const db = app.services?.db as BetterSqlite3.Database;
    const changes = db.prepare('SELECT entity, op, data FROM change_log').all() as Array<{ entity: string; op: string; data: string }>;
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ entity: 'staff', op: 'insert' });
    expect(changes[0]?.data).not.toContain('scrypt');
    app.close();
  });
});
