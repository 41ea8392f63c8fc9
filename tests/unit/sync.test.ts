// Synchronisation between two workstations of one provider through the central server (PGlite):
// a request registered on one reaches the other by pull with its history intact; both take it into
// work while offline — the first to reach the server keeps it, the other sees who has it and keeps
// its own events aside; a signed document moves as a blob and arrives byte for byte; a batch sent
// again changes nothing; a run cut off after a batch resumes where it stood. A request changed on
// both sides: the displaced steps still legal on the server's version are made again after it (and
// the server takes them), the others are not — all or none, and the first to take it keeps it.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/main/app';
import type { RequestActor } from '../../src/main/services/requests';
import type { Sql } from '../../src/server/db/sql';
import { applyPage } from '../../src/main/sync/apply';
import { SYNC_ROUTES, type PullReply } from '../../src/shared/sync';
import { openBackend, startCentral } from '../helpers/central';
import { cacheApplicant } from '../helpers/desk';
import { createDeskSigning } from '../helpers/desk-signing';
import { makeIin } from '../helpers/iin';
import { connect, ManualClock, tempDir, type Client } from '../helpers/workstation';
import { PROVIDER_PROFILE } from '../helpers/provider-profile';

const NOW = new Date('2026-03-02T04:00:00Z');
const PASSWORD = 'password-1';
const signing = createDeskSigning({ notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2027-06-01T00:00:00Z') });

let serial = 500;
const nextIin = () => makeIin('1986-04-09', 'female', (serial += 1));

interface Desk {
  app: App;
  dataDir: string;
  clock: ManualClock;
  officer: RequestActor & { client: Client };
  signer: RequestActor & { client: Client };
}

let sql: Sql;
let stopSql: () => Promise<void>;
let central: Awaited<ReturnType<typeof startCentral>>;
const apps: App[] = [];
let a: Desk;
let b: Desk;
let cut: { afterPushBatch: number | null } = { afterPushBatch: null };

async function openDesk(name: string, officerName: string): Promise<Desk> {
  const dataDir = tempDir('qyzmet-sync-');
  const clock = new ManualClock(NOW);
  const app = createApp({
    dataDir,
    clock,
    logger: { error: (_message, error) => console.error(error) },
    syncHooks: {
      afterPushBatch() {
        if (cut.afterPushBatch !== null && --cut.afterPushBatch < 0) throw new Error('cut after a push batch');
      },
    },
  });
  apps.push(app);
  // Through the staff service, as an administrator adds them: their names travel to the other workstation.
  const person = async (fullName: string, roles: RequestActor['roles']) => {
    const created = await app.services!.staff.create({ iin: nextIin(), fullName, roles: [...roles], password: PASSWORD }, null);
    const client = connect(app);
    await client.call('auth.signIn', { iin: created.iin, password: PASSWORD });
    return { staffId: created.id, iin: created.iin, roles, client };
  };
  const officer = await person(officerName, ['social_officer']);
  const signer = await person('Гүлнар Төлеуова', ['authorised_signer']);
  await app.services!.link.enrol(central.url, await central.auth.createEnrolmentCode('SOC-07'), name);
  app.services!.documents.setProviderProfile(PROVIDER_PROFILE);
  return { app, dataDir, clock, officer, signer };
}

beforeAll(async () => {
  ({ sql, stop: stopSql } = await openBackend('pglite'));
  central = await startCentral(sql);
  a = await openDesk('Бірінші терезе', 'Айгүл Сапарова');
  b = await openDesk('Екінші терезе', 'Дана Қасымова');
}, 120_000);

afterAll(async () => {
  for (const app of apps) app.close();
  await central?.app.close();
  await stopSql?.();
});

function registered(desk: Desk): string {
  const { requests, db } = desk.app.services!;
  const iin = cacheApplicant(db, nextIin(), NOW.toISOString(), { surname: 'Омарова', name: 'Әсем' });
  const draft = requests.createDraft(desk.officer, {
    service: 'social.unemployed-certificate',
    channel: 'service_centre',
    applicant: { kind: 'person', iin },
    form: { periodFrom: '2026-01-05' },
    documents: { standard_documents: { presented: true, presentation: 'original' } },
  });
  return requests.register(desk.officer, { requestId: draft.id }).id;
}

const sync = (desk: Desk) => desk.app.services!.sync.syncNow();

describe('two workstations of one provider', () => {
  let requestId: string;

  it('a request registered on one arrives on the other by pull, with its history intact', async () => {
    requestId = registered(a);
    expect((await sync(a)).pending).toBe(0);
    const status = await sync(b);
    expect(status).toMatchObject({ state: 'idle', lastError: null });
    const seen = b.app.services!.requests.get(b.officer, requestId);
    expect(seen).toMatchObject({ state: 'registered', number: a.app.services!.requests.get(a.officer, requestId).number, historyIntact: true });
    expect(b.app.services!.requests.verify().ok).toBe(true);
  });

  it('both take it into work offline: the first to reach the server keeps it; the other sees who has it and keeps its own events aside', async () => {
    b.app.services!.requests.take(b.officer, requestId);
    a.app.services!.requests.take(a.officer, requestId);
    await sync(a);
    const status = await sync(b);
    expect(status.conflicts).toBeGreaterThan(0);
    const [conflict] = b.app.services!.sync.conflicts();
    expect(conflict).toMatchObject({ reason: 'taken_by_another', requestNumber: expect.any(String), detail: { workstationId: a.app.services!.settings.workstationId } });
    // B now has A's version: assigned to A's officer, in review; its own events are kept aside.
    const onB = b.app.services!.requests.get(b.signer, requestId);
    expect(onB.assignee).toEqual({ id: a.officer.staffId, name: 'Айгүл Сапарова' });
    // B's own "take" is kept beside the history that stands.
    expect(onB.superseded.map((event) => [event.action, event.actorName])).toContainEqual(['assign', 'Дана Қасымова']);
    // Someone took it first: B's take is not made again (the first to reach the server keeps it).
    expect(onB.superseded.map((event) => event.outcome)).toEqual(['taken', 'taken']);
    expect(onB.history.filter((event) => event.workstationId === b.app.services!.settings.workstationId)).toEqual([]);
    expect(status.pending).toBe(0);
    expect(onB.state).toBe('in_review');
    expect(onB.historyIntact).toBe(true);
    const superseded = b.app.services!.db.prepare(`SELECT count(*) FROM request_history_superseded WHERE request_id = ?`).pluck().get(requestId) as number;
    expect(superseded).toBeGreaterThan(0);
    expect(b.app.services!.requests.verify().ok).toBe(true);
    // Marked as seen, it stays on record.
    const after = await b.officer.client.call('sync.markConflictSeen', { id: conflict!.id });
    expect(after.find((item) => item.id === conflict!.id)?.seen).toBe(true);
  });

  it('the signed result made on one moves with its PDF as a blob and arrives byte for byte', async () => {
    const { key, pin } = await signing.keyFor(a, a.signer);
    const signed = await a.signer.client.call('documents.sign', { requestId, kind: 'unemployed_certificate', details: { registeredOn: '2026-02-20' }, key, pin });
    const original = await a.officer.client.call('documents.file', { documentId: signed.document.id, format: 'pdf' });
    await sync(a);
    await sync(b);
    const [onB] = await b.officer.client.call('documents.list', { requestId });
    expect(onB).toMatchObject({ number: signed.document.number, sha256: signed.document.sha256, journalEntries: [{ journal: 'issued_documents' }] });
    const copy = await b.officer.client.call('documents.file', { documentId: signed.document.id, format: 'pdf' });
    expect(copy.data).toBe(original.data);
    expect(b.app.services!.requests.get(b.signer, requestId).state).toBe('result_ready');
    // B issues it (prints): A learns it.
    await b.officer.client.call('documents.deliver', { documentId: signed.document.id, via: 'print' }).catch(() => undefined);
  });

  it('a push sent again changes nothing on the server', async () => {
    const before = (await sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM sync_change`))[0]!.n;
    a.app.services!.db.prepare(`UPDATE sync_state SET value = '0' WHERE key = 'push_acked_seq'`).run();
    const status = await sync(a);
    expect(status).toMatchObject({ pending: 0, lastError: null });
    const after = (await sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM sync_change`))[0]!.n;
    expect(after).toBe(before);
  });

  it('a run cut off after a push batch resumes where it stood', async () => {
    for (let index = 0; index < 3; index += 1) registered(a);
    const pending = a.app.services!.sync.status().pending;
    expect(pending).toBeGreaterThan(0);
    cut = { afterPushBatch: 0 };
    const failed = await sync(a);
    expect(failed.lastError).toContain('cut after a push batch');
    expect(failed.pending).toBe(0); // the batch was acknowledged before the cut
    cut = { afterPushBatch: null };
    expect(await sync(a)).toMatchObject({ lastError: null, pending: 0 });
    await sync(b);
    const onB = b.app.services!.db.prepare(`SELECT count(*) FROM requests`).pluck().get() as number;
    const onA = a.app.services!.db.prepare(`SELECT count(*) FROM requests`).pluck().get() as number;
    expect(onB).toBe(onA);
    expect(fs.existsSync(b.dataDir)).toBe(true);
  });
});

describe('a request changed on both sides: the server wins where ours would be illegal, both versions kept', () => {
  const conflictsOf = (desk: Desk, requestId: string) => {
    const number = desk.app.services!.requests.get(desk.officer, requestId).number;
    return desk.app.services!.sync.conflicts().filter((conflict) => conflict.requestNumber === number);
  };
  const keptAside = (desk: Desk, requestId: string) =>
    desk.app.services!.db.prepare(`SELECT seq, outcome, reapplied_as FROM request_history_superseded WHERE request_id = ? ORDER BY seq`).all(requestId);
  /** A request registered on A that both workstations have. */
  async function onBoth(): Promise<string> {
    const id = registered(a);
    await sync(a);
    await sync(b);
    expect(b.app.services!.requests.get(b.officer, id).state).toBe('registered');
    return id;
  }
  const later = (iso: string, days: number) => new Date(Date.parse(iso) + days * 86_400_000).toISOString();

  it('A extends the term online; B took it into review offline: B\'s steps are made again after the extension, the server takes them, A gets them', async () => {
    const id = await onBoth();
    const deadline = a.app.services!.requests.get(a.officer, id).deadline.at!;
    const extended = later(deadline, 5);
    a.app.services!.requests.transition(a.officer, { requestId: id, action: 'extend_term', newDeadline: extended, reason: 'Мұрағаттан жауап күтілуде.' });
    await sync(a);
    b.clock.advanceMinutes(10);
    const takenAt = b.clock.now().toISOString();
    b.app.services!.requests.take(b.officer, id);
    b.clock.advanceMinutes(30);

    // B's push: its steps are refused (A's extension stands there); B's pull: A's extension takes
    // their place, and B's steps, still legal after it, are made again on top of it.
    const first = await sync(b);
    expect(first.lastError).toBeNull();
    const onB = b.app.services!.requests.get(b.officer, id);
    const workstationB = b.app.services!.settings.workstationId;
    const workstationA = a.app.services!.settings.workstationId;
    expect(onB.history.map((event) => [event.seq, event.action, event.workstationId])).toEqual([
      [1, 'register', workstationA],
      [2, 'extend_term', workstationA],
      [3, 'assign', workstationB],
      [4, 'take_into_review', workstationB],
    ]);
    expect(onB).toMatchObject({ state: 'in_review', assignee: { id: b.officer.staffId }, historyIntact: true });
    expect(onB.deadline.at).toBe(extended);
    // By the original actor; the time is now, the original time and the step it repeats in its data.
    const [assign, take] = onB.superseded;
    expect(onB.history[2]).toMatchObject({ actorId: b.officer.staffId, at: b.clock.now().toISOString(), data: { assigneeId: b.officer.staffId, rebasedFrom: assign!.hash, originalAt: takenAt } });
    expect(onB.history[3]).toMatchObject({ actorId: b.officer.staffId, data: { rebasedFrom: take!.hash, originalAt: takenAt } });
    // Both versions kept: B's originals stay aside, marked as made again (as which step).
    expect(onB.superseded.map((event) => [event.seq, event.action, event.outcome, event.reappliedAsSeq])).toEqual([
      [2, 'assign', 'reapplied', 3],
      [3, 'take_into_review', 'reapplied', 4],
    ]);
    expect(keptAside(b, id)).toEqual([
      { seq: 2, outcome: 'reapplied', reapplied_as: expect.any(String) },
      { seq: 3, outcome: 'reapplied', reapplied_as: expect.any(String) },
    ]);
    // The refusal of the originals was recorded; the steps made again wait for the next push.
    expect(conflictsOf(b, id).filter((conflict) => conflict.entity === 'request_event').map((conflict) => conflict.reason)).toEqual(['taken_by_another', 'taken_by_another']);
    expect(first.pending).toBeGreaterThan(0);
    const conflictsBefore = conflictsOf(b, id).length;

    // The next push: the server takes them (they continue its chain), no new conflict.
    expect(await sync(b)).toMatchObject({ pending: 0, lastError: null });
    expect(conflictsOf(b, id)).toHaveLength(conflictsBefore);
    const [head] = await sql.query<{ head_seq: number; head_hash: string; origin: string }>(`SELECT head_seq, head_hash, origin FROM sync_request_head WHERE request_id = $1`, [id]);
    expect(head).toEqual({ head_seq: 4, head_hash: onB.history[3]!.hash, origin: workstationB });

    // A pulls them: the same history on both, both chains verify.
    await sync(a);
    const onA = a.app.services!.requests.get(a.officer, id);
    expect(onA.history.map((event) => event.hash)).toEqual(onB.history.map((event) => event.hash));
    expect(onA).toMatchObject({ state: 'in_review', assignee: { id: b.officer.staffId, name: 'Дана Қасымова' }, historyIntact: true, superseded: [] });
    expect(onA.deadline.at).toBe(extended);
    expect(a.app.services!.requests.verify().ok).toBe(true);
    expect(b.app.services!.requests.verify().ok).toBe(true);
  });

  it('the server\'s version arriving over two pages: B\'s displaced steps wait for the request\'s snapshot, then are made again', async () => {
    const id = await onBoth();
    const extended = later(a.app.services!.requests.get(a.officer, id).deadline.at!, 6);
    a.app.services!.requests.transition(a.officer, { requestId: id, action: 'extend_term', newDeadline: extended, reason: 'Мұрағаттан жауап күтілуде.' });
    await sync(a);
    b.app.services!.requests.take(b.officer, id);
    // B pushes (its steps are refused) but does not pull: the run is cut after the push.
    cut = { afterPushBatch: 0 };
    expect((await sync(b)).lastError).toContain('cut after a push batch');
    cut = { afterPushBatch: null };
    const services = b.app.services!;
    const cursor = services.db.prepare(`SELECT value FROM sync_state WHERE key = 'pull_cursor'`).pluck().get() as string;
    const page = await services.link.client()!.call<PullReply>(SYNC_ROUTES.pull, { cursor, limit: 200 }, b.officer.iin);
    const extension = page.changes.findIndex((change) => change.entity === 'request_event' && change.data.requestId === id && change.data.action === 'extend_term');
    expect(extension).toBeGreaterThanOrEqual(0);
    const ctx = { db: services.db, now: () => b.clock.now(), documentPath: (sha: string) => sha, attachmentPath: (sha: string) => sha, replayer: services.requests };

    // The first page ends with A's extension: B's steps are kept aside, undecided (the row is not the server's yet).
    services.db.transaction(() => applyPage(page.changes.slice(0, extension + 1), ctx))();
    let onB = services.requests.get(b.officer, id);
    expect(onB.history.map((event) => event.action)).toEqual(['register', 'extend_term']);
    expect(onB.superseded.map((event) => [event.action, event.outcome])).toEqual([
      ['assign', 'pending'],
      ['take_into_review', 'pending'],
    ]);
    // The next page brings the request's snapshot: now they are made again, on the server's version.
    services.db.transaction(() => applyPage(page.changes.slice(extension + 1), ctx))();
    onB = services.requests.get(b.officer, id);
    expect(onB.history.map((event) => event.action)).toEqual(['register', 'extend_term', 'assign', 'take_into_review']);
    expect(onB.superseded.map((event) => [event.action, event.outcome, event.reappliedAsSeq])).toEqual([
      ['assign', 'reapplied', 3],
      ['take_into_review', 'reapplied', 4],
    ]);
    expect(onB).toMatchObject({ state: 'in_review', assignee: { id: b.officer.staffId }, historyIntact: true });
    expect(onB.deadline.at).toBe(extended);

    // The engine's next run serves the same changes again (nothing applied twice) and pushes the steps made again.
    expect(await sync(b)).toMatchObject({ lastError: null, pending: 0 });
    await sync(a);
    expect(a.app.services!.requests.get(a.officer, id).history.map((event) => event.hash)).toEqual(onB.history.map((event) => event.hash));
    expect(a.app.services!.requests.verify().ok).toBe(true);
    expect(services.requests.verify().ok).toBe(true);
  });

  it('A refused the request; B took it into review offline: B\'s steps are illegal on the refused request, none is made again', async () => {
    const id = await onBoth();
    const options = await a.signer.client.call('documents.options', { requestId: id });
    const { key, pin } = await signing.keyFor(a, a.signer);
    await a.signer.client.call('documents.sign', {
      requestId: id,
      kind: 'reasoned_refusal',
      details: { ground: options.refusalGrounds[0]!.code, reason: 'Өтініш берушінің құжаттарында сәйкессіздік анықталды.' },
      key,
      pin,
    });
    await sync(a);
    b.app.services!.requests.take(b.officer, id);
    const status = await sync(b);
    expect(status).toMatchObject({ lastError: null, pending: 0 });
    const onB = b.app.services!.requests.get(b.officer, id);
    expect(onB).toMatchObject({ state: 'refused', assignee: null, historyIntact: true });
    expect(onB.history.map((event) => event.action)).toEqual(['register', 'refuse']);
    expect(onB.superseded.map((event) => [event.action, event.outcome, event.reappliedAsSeq])).toEqual([
      ['assign', 'illegal', null],
      ['take_into_review', 'illegal', null],
    ]);
    expect(conflictsOf(b, id).some((conflict) => conflict.reason === 'taken_by_another')).toBe(true);
    expect(b.app.services!.requests.verify().ok).toBe(true);
  });

  it('all or none: B extended the term and took it; A took it into review (no assign): the extension alone would do, the take not — nothing is made again', async () => {
    const id = await onBoth();
    a.app.services!.requests.transition(a.officer, { requestId: id, action: 'take_into_review' });
    await sync(a);
    const deadline = b.app.services!.requests.get(b.officer, id).deadline.at!;
    b.app.services!.requests.transition(b.officer, { requestId: id, action: 'extend_term', newDeadline: later(deadline, 3), reason: 'Қосымша құжат сұралды.' });
    b.app.services!.requests.take(b.officer, id);
    expect(await sync(b)).toMatchObject({ lastError: null, pending: 0 });
    const onB = b.app.services!.requests.get(b.officer, id);
    expect(onB.history.map((event) => event.action)).toEqual(['register', 'take_into_review']);
    expect(onB.deadline.at).toBe(deadline);
    expect(onB.superseded.map((event) => [event.action, event.outcome])).toEqual([
      ['extend_term', 'illegal'],
      ['assign', 'illegal'],
      ['take_into_review', 'illegal'],
    ]);
  });

  it('A took it into work; B only extended the term offline: the assign does not block a step that takes nothing — the extension is made again', async () => {
    const id = await onBoth();
    a.app.services!.requests.take(a.officer, id);
    await sync(a);
    const deadline = b.app.services!.requests.get(b.officer, id).deadline.at!;
    const extended = later(deadline, 4);
    b.app.services!.requests.transition(b.officer, { requestId: id, action: 'extend_term', newDeadline: extended, reason: 'Қосымша құжат сұралды.' });
    await sync(b);
    expect(await sync(b)).toMatchObject({ lastError: null, pending: 0 });
    await sync(a);
    for (const desk of [a, b]) {
      const seen = desk.app.services!.requests.get(desk.officer, id);
      expect(seen.history.map((event) => event.action)).toEqual(['register', 'assign', 'take_into_review', 'extend_term']);
      expect(seen).toMatchObject({ state: 'in_review', assignee: { id: a.officer.staffId }, historyIntact: true });
      expect(seen.deadline.at).toBe(extended);
    }
    expect(b.app.services!.requests.get(b.officer, id).superseded.map((event) => [event.action, event.outcome, event.reappliedAsSeq])).toEqual([['extend_term', 'reapplied', 4]]);
    expect(a.app.services!.requests.verify().ok).toBe(true);
    expect(b.app.services!.requests.verify().ok).toBe(true);
  });
});
