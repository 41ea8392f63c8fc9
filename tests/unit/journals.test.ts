// The registers (issue 7, item 5): numbering without gaps per journal, provider and year (Almaty),
// a failed append giving its number back, two app instances on one data folder (two connections, as
// two processes would have) appending in interleaved transactions, a new year starting at 1, folded
// Kazakh/Russian search, and a change-log row for every entry.
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/main/app';
import { createApp } from '../../src/main/app';
import { createChangeLog } from '../../src/main/db/change-log';
import { createJournals, JournalError, type JournalKind, type Journals } from '../../src/main/services/journals';
import { ManualClock, tempDir } from '../helpers/workstation';

const PROVIDER = 'P-ALM-01';
const actor = { staffId: 'staff-1' };
const cleanups: Array<() => void> = [];
afterAll(() => cleanups.forEach((cleanup) => cleanup()));

interface Station {
  app: App;
  journals: Journals;
  clock: ManualClock;
  db: NonNullable<App['services']>['db'];
}

function station(dataDir: string, clock = new ManualClock(), provider: () => string | null = () => PROVIDER): Station {
  const app = createApp({ dataDir, clock, logger: { error: () => {} } });
  const services = app.services;
  if (!services) throw new Error('the database did not open');
  const now = () => clock.now();
  const journals = createJournals({
    db: services.db,
    changes: createChangeLog(services.db, services.settings.workstationId, now),
    workstationId: services.settings.workstationId,
    providerCode: provider,
    // One series (no workstation code): numbers as 1, 2, 3 of this journal.
    series: () => '',
    now,
  });
  cleanups.push(() => app.close());
  return { app, journals, clock, db: services.db };
}

function fresh(clock?: ManualClock, provider?: () => string | null): Station & { dataDir: string } {
  const dataDir = tempDir('qyzmet-journals-');
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  return { ...station(dataDir, clock, provider), dataDir };
}

const entry = (journal: JournalKind, subject: string) => ({ journal, requestId: null, subject, data: { subject } });

describe('journals', () => {
  it('numbers each journal 1, 2, 3… with a readable number', () => {
    const { journals } = fresh();
    const a = journals.append(actor, entry('apostille_register', 'Сейтқали Әсел'));
    const b = journals.append(actor, entry('apostille_register', 'Иванов Пётр'));
    const other = journals.append(actor, entry('licence_register', 'ТОО Шипагер'));
    expect([a.seq, b.seq, other.seq]).toEqual([1, 2, 1]);
    expect(a.number).toBe('APOST-2026-000001');
    expect(b.number).toBe('APOST-2026-000002');
    expect(other.number).toBe('LIC-2026-000001');
    expect(a.year).toBe(2026);
    expect(a.providerCode).toBe(PROVIDER);
    expect(journals.verifyNoGaps('apostille_register', PROVIDER, 2026)).toEqual({ ok: true, series: '', count: 2, last: 2, missing: [], counter: 2 });
  });

  it('gives the number back when the transaction fails', () => {
    const { journals, db } = fresh();
    journals.append(actor, entry('issued_documents', 'first'));
    // Inside the caller's transaction, which then fails after the append.
    expect(() =>
      db.transaction(() => {
        journals.append(actor, entry('issued_documents', 'rolled back'));
        throw new Error('rendering failed');
      })(),
    ).toThrow('rendering failed');
    // On its own: a refused append takes no number either.
    expect(() => journals.append(actor, { ...entry('issued_documents', 'bad'), documentSha256: 'xyz' })).toThrow(JournalError);
    const next = journals.append(actor, entry('issued_documents', 'second'));
    expect(next.seq).toBe(2);
    expect(journals.verifyNoGaps('issued_documents', PROVIDER, 2026).ok).toBe(true);
    expect(journals.list({ journal: 'issued_documents', limit: 10, offset: 0 }).entries.map((e) => e.subject)).toEqual(['second', 'first']);
  });

  it('refuses without a provider, an unknown journal or an empty subject', () => {
    const { journals } = fresh(undefined, () => null);
    expect(() => journals.append(actor, entry('home_calls', 'x'))).toThrow(/provider/);
    const ok = fresh().journals;
    expect(() => ok.append(actor, entry('nope' as JournalKind, 'x'))).toThrow(/unknown journal/);
    expect(() => ok.append(actor, entry('home_calls', '   '))).toThrow(/subject/);
    expect(ok.append(actor, entry('home_calls', 'y')).seq).toBe(1);
  });

  it('two app instances on one data folder, appending in interleaved transactions, give 1..N without gaps or duplicates', () => {
    const first = fresh();
    const second = station(first.dataDir);
    expect(second.db).not.toBe(first.db);
    const numbers: number[] = [];

    // Turn by turn, in a scrambled order.
    let seed = 7;
    for (let i = 0; i < 60; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const who = seed % 2 === 0 ? first : second;
      numbers.push(who.journals.append(actor, entry('appointments', `patient ${i}`)).seq);
    }

    // The first holds its write transaction open over two appends; the second cannot write meanwhile
    // (SQLite's one writer), fails fast, and leaves no hole; it succeeds once the first commits.
    second.db.pragma('busy_timeout = 10');
    first.db.exec('BEGIN IMMEDIATE');
    numbers.push(first.journals.append(actor, entry('appointments', 'held 1')).seq);
    expect(() => second.journals.append(actor, entry('appointments', 'blocked'))).toThrow(/locked|busy/i);
    numbers.push(first.journals.append(actor, entry('appointments', 'held 2')).seq);
    first.db.exec('COMMIT');
    numbers.push(second.journals.append(actor, entry('appointments', 'after')).seq);

    // A caller's deferred transaction that read before the other process appended cannot append on a
    // stale snapshot: SQLite refuses, the caller rolls back and retries, and no number is reused.
    first.db.exec('BEGIN');
    first.journals.list({ journal: 'appointments', limit: 1, offset: 0 });
    numbers.push(second.journals.append(actor, entry('appointments', 'slipped in')).seq);
    expect(() => first.journals.append(actor, entry('appointments', 'stale'))).toThrow(/busy|locked/i);
    first.db.exec('ROLLBACK');
    numbers.push(first.journals.append(actor, entry('appointments', 'retried')).seq);

    const n = numbers.length;
    expect(numbers).toEqual(Array.from({ length: n }, (_v, i) => i + 1));
    for (const s of [first, second]) {
      expect(s.journals.verifyNoGaps('appointments', PROVIDER, 2026)).toEqual({ ok: true, series: '', count: n, last: n, missing: [], counter: n });
      expect(s.journals.list({ journal: 'appointments', limit: 500, offset: 0 }).total).toBe(n);
    }
    const seqs = first.db.prepare(`SELECT seq FROM journal_entries WHERE journal = 'appointments' ORDER BY seq`).pluck().all();
    expect(seqs).toEqual(Array.from({ length: n }, (_v, i) => i + 1));
  });

  it('starts at 1 in a new Almaty year and keeps the provider apart', () => {
    // 23:59 on 31 December in Almaty (UTC+5).
    const clock = new ManualClock(new Date('2026-12-31T18:59:00Z'));
    let provider = PROVIDER;
    const { journals } = fresh(clock, () => provider);
    journals.append(actor, entry('apostille_register', 'a'));
    const last = journals.append(actor, entry('apostille_register', 'b'));
    expect(last.number).toBe('APOST-2026-000002');
    clock.advanceMinutes(2);
    const firstOfYear = journals.append(actor, entry('apostille_register', 'c'));
    expect(firstOfYear.year).toBe(2027);
    expect(firstOfYear.seq).toBe(1);
    expect(firstOfYear.number).toBe('APOST-2027-000001');
    provider = 'P-AST-02';
    expect(journals.append(actor, entry('apostille_register', 'd')).seq).toBe(1);
    expect(journals.list({ journal: 'apostille_register', year: 2027, limit: 10, offset: 0 }).total).toBe(1);
    provider = PROVIDER;
    expect(journals.list({ journal: 'apostille_register', year: 2026, limit: 10, offset: 0 }).total).toBe(2);
    expect(journals.verifyNoGaps('apostille_register', PROVIDER, 2026).ok).toBe(true);
    expect(journals.verifyNoGaps('apostille_register', PROVIDER, 2027).ok).toBe(true);
  });

  it('finds a Kazakh name typed with Russian letters, and by number', () => {
    const { journals } = fresh();
    journals.append(actor, { ...entry('apostille_register', 'Әсел Қайратқызы Нұрланова'), documentNumber: 'ARC-77' });
    journals.append(actor, entry('apostille_register', 'Иванов Пётр'));
    journals.append(actor, entry('apostille_register', '100%_ кәсіпорын'));
    const found = journals.list({ journal: 'apostille_register', search: 'асел нурлан', limit: 10, offset: 0 });
    expect(found.entries.map((e) => e.subject)).toEqual(['Әсел Қайратқызы Нұрланова']);
    expect(journals.list({ journal: 'apostille_register', search: 'ПЕТР', limit: 10, offset: 0 }).total).toBe(1);
    expect(journals.list({ journal: 'apostille_register', search: 'apost-2026-000002', limit: 10, offset: 0 }).entries[0]?.subject).toBe('Иванов Пётр');
    expect(journals.list({ journal: 'apostille_register', search: 'arc-77', limit: 10, offset: 0 }).total).toBe(1);
    // LIKE wildcards are taken literally.
    expect(journals.list({ journal: 'apostille_register', search: '%', limit: 10, offset: 0 }).total).toBe(1);
    expect(journals.list({ journal: 'apostille_register', search: '_', limit: 10, offset: 0 }).total).toBe(1);
    // Paging.
    const page = journals.list({ journal: 'apostille_register', limit: 2, offset: 1 });
    expect(page.total).toBe(3);
    expect(page.entries.map((e) => e.seq)).toEqual([2, 1]);
    expect(journals.list({ journal: 'licence_register', search: 'асел', limit: 10, offset: 0 }).total).toBe(0);
  });

  it('writes a change-log row for every entry, in the same transaction', () => {
    const { journals, db } = fresh();
    const sha = 'ab'.repeat(32);
    const a = journals.append(actor, { ...entry('issued_documents', 'Талон'), requestId: 'req-1', documentNumber: 'T-1', documentSha256: sha.toUpperCase() });
    expect(a.documentSha256).toBe(sha);
    expect(() =>
      db.transaction(() => {
        journals.append(actor, entry('issued_documents', 'gone'));
        throw new Error('abort');
      })(),
    ).toThrow('abort');
    const rows = db
      .prepare(`SELECT entity, entity_id, op, data, actor_id FROM change_log WHERE entity = 'journal_entry'`)
      .all() as Array<{ entity: string; entity_id: string; op: string; data: string; actor_id: string }>;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ entity: 'journal_entry', entity_id: a.id, op: 'insert', actor_id: 'staff-1' });
    expect(JSON.parse(rows[0]?.data ?? '{}')).toMatchObject({
      number: 'DOC-2026-000001',
      seq: 1,
      requestId: 'req-1',
      documentNumber: 'T-1',
      documentSha256: sha,
      providerCode: PROVIDER,
    });
    expect(journals.get(a.id)).toEqual(a);
  });
});
