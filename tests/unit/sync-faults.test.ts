// Sync under faults (issue 8), against a real PostgreSQL server and against PGlite: a workstation
// process SIGKILLed at random moments and exactly inside push, blob upload, pull and blob download
// (50 times on PostgreSQL, 14 on PGlite); the central server restarted in the middle of a push batch
// (the batch committed with its answer lost, and the batch's transaction aborted); the connection cut
// in the middle of a blob upload and of a blob download; push batches delivered twice, reversed and
// out of order, pulls replayed; the workstation's clock a day ahead and a day behind the server's;
// pushes from many workstations at once while others pull. After each: every change is on the server
// exactly once and equal to the workstation's change log, every workstation applied every other's
// change once and holds the same requests with the same histories, every history chain verifies,
// every blob on the server and on every workstation matches its SHA-256.
//
// The killed workstation runs in a child process (tests/helpers/sync-child.ts, bundled by esbuild);
// the others run in this process. All are enrolled with one provider.
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/main/app';
import { createCentralClient, enrolWorkstation, newWorkstationKey, type CentralClient } from '../../src/main/services/central-client';
import { hashPassword } from '../../src/main/services/passwords';
import type { RequestActor } from '../../src/main/services/requests';
import type { Services } from '../../src/main/services/services';
import { applyChange } from '../../src/main/sync/apply';
import type { SyncHooks } from '../../src/main/sync/engine';
import type { Sql } from '../../src/server/db/sql';
import { SYNC_BATCH, SYNC_ROUTES, type PullReply, type PushReply, type SyncChange, type SyncStatus } from '../../src/shared/sync';
import { openBackend, type Backend } from '../helpers/central';
import { signedInStaff } from '../helpers/desk';
import { createDeskSigning } from '../helpers/desk-signing';
import { makeIin } from '../helpers/iin';
import {
  badServerBlobs,
  changeLog,
  duplicateChangeIds,
  historyRows,
  localBlobs,
  removeChildScript,
  requestHeads,
  runChild,
  serverBlobHashes,
  serverChanges,
  serverHeads,
  startCuttingProxy,
  startRestartableCentral,
  type RestartableCentral,
} from '../helpers/sync-rig';
import { attachedRequest, registerRequests, syntheticRequest } from '../helpers/sync-work';
import { tempDir, type Client } from '../helpers/workstation';
import { PROVIDER_PROFILE } from '../helpers/provider-profile';

const DAY = 86_400_000;
const MB = 1024 * 1024;
const PASSWORD = 'password-1';
const PROVIDER = 'SOC-07';
const signing = createDeskSigning({ notBefore: new Date(Date.now() - 30 * DAY), notAfter: new Date(Date.now() + 365 * DAY) });
let passwordHash: string;
let serial = 700;

interface Desk {
  name: string;
  dataDir: string;
  workstationId: string;
  app: App | null;
  officer: RequestActor & { client: Client };
  signer: RequestActor & { client: Client };
}

const svc = (desk: Desk): Services => {
  if (!desk.app?.services) throw new Error(`${desk.name} is not open here`);
  return desk.app.services;
};
const clock = { now: () => new Date() };
const openApp = (dataDir: string, syncHooks?: SyncHooks) =>
  createApp({ dataDir, clock, logger: { error: (_message, error) => console.error(error) }, ...(syncHooks ? { syncHooks } : {}) });
const reopen = (desk: Desk) => {
  desk.app ??= openApp(desk.dataDir);
};
const shut = (desk: Desk) => {
  desk.app?.close();
  desk.app = null;
};
/**
 * A sync run, and any that follows it: a run that brings the link back online starts another (the
 * app syncs when the server answers again), and the test looks at the state only once all is quiet.
 */
async function sync(desk: Desk): Promise<SyncStatus> {
  let status = await svc(desk).sync.syncNow();
  while (svc(desk).sync.status().state === 'syncing') status = await svc(desk).sync.syncNow();
  return status;
}
const expectClean = (status: SyncStatus, what: string) => expect({ what, lastError: status.lastError, pending: status.pending, conflicts: status.conflicts }).toEqual({ what, lastError: null, pending: 0, conflicts: 0 });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every desk's data folder, removed at the end (with its blobs they take tens of MB each). */
const folders: string[] = [];

async function openDesk(central: RestartableCentral, name: string, serverUrl = central.url, syncHooks?: SyncHooks): Promise<Desk> {
  const dataDir = tempDir('qyzmet-sync-faults-');
  folders.push(dataDir);
  const app = openApp(dataDir, syncHooks);
  const person = async (fullName: string, roles: RequestActor['roles']) => {
    const iin = makeIin('1984-07-21', 'female', (serial += 3));
    const member = await signedInStaff(app, { iin, fullName, roles: [...roles], passwordHash, password: PASSWORD, at: new Date().toISOString() });
    return { staffId: member.id, iin: member.iin, roles, client: member.client };
  };
  const officer = await person(`${name} Сапарова`, ['social_officer']);
  const signer = await person('Гүлнар Төлеуова', ['authorised_signer']);
  await app.services!.link.enrol(serverUrl, await central.auth.createEnrolmentCode(PROVIDER), name);
  app.services!.documents.setProviderProfile(PROVIDER_PROFILE);
  return { name, dataDir, workstationId: app.services!.settings.workstationId, app, officer, signer };
}

/** A request signed as a result by the desk's authorised signer: a signature, an issued document (PDF blob), journal entries. */
async function signedResult(desk: Desk): Promise<void> {
  const [requestId] = registerRequests(svc(desk), desk.officer, 1, { takeEvery: 0 });
  svc(desk).requests.take(desk.officer, requestId!);
  const { key, pin } = await signing.keyFor({ app: desk.app!, dataDir: desk.dataDir }, desk.signer);
  await desk.signer.client.call('documents.sign', { requestId: requestId!, kind: 'unemployed_certificate', details: { registeredOn: '2026-02-20' }, key, pin });
}

/** The highest local seq of the desk's changes on the server, and what the desk recorded as acknowledged. */
async function serverMaxSeq(sql: Sql, desk: Desk): Promise<number> {
  return Math.max(0, ...(await serverChanges(sql, { origin: desk.workstationId })).map((row) => Number(row.local_seq)));
}
const localAcked = (desk: Desk) => Number(svc(desk).db.prepare(`SELECT value FROM sync_state WHERE key = 'push_acked_seq'`).pluck().get() ?? 0);
const pendingCount = (desk: Desk) => svc(desk).db.prepare(`SELECT count(*) FROM change_log WHERE seq > ?`).pluck().get(localAcked(desk)) as number;

/** The changes of a desk's change log as the engine pushes them. */
function asPushed(desk: Desk): SyncChange[] {
  return (svc(desk).db.prepare(`SELECT * FROM change_log ORDER BY seq`).all() as Array<Record<string, unknown>>).map((row) => ({
    changeId: row.change_id as string,
    seq: row.seq as number,
    entity: row.entity as string,
    entityId: row.entity_id as string,
    op: row.op as SyncChange['op'],
    data: JSON.parse(row.data as string) as Record<string, unknown>,
    at: row.at as string,
    workstationId: row.workstation_id as string,
    actorId: row.actor_id as string | null,
  }));
}

/**
 * Every desk pushes and pulls until nothing is left (twice round, so each has the others' last
 * changes), then compares: the server holds each desk's change log exactly once, unchanged; each desk
 * applied every other desk's change exactly once; all desks hold the same requests with the same
 * histories, the server's heads among them; every chain verifies; every blob is whole everywhere.
 */
async function expectConsistent(sql: Sql, desks: Desk[]): Promise<void> {
  for (const desk of desks) reopen(desk);
  for (let round = 0; round < 2; round += 1) for (const desk of desks) expectClean(await sync(desk), `${desk.name} round ${round}`);

  expect(await duplicateChangeIds(sql)).toEqual([]);
  const all = await serverChanges(sql, { provider: PROVIDER });
  expect(all.filter((row) => row.rejected !== null).map((row) => `${row.entity} ${row.entity_id} ${row.rejected}`)).toEqual([]);
  const blobsOnServer = await serverBlobHashes(sql);
  expect(await badServerBlobs(sql)).toEqual([]);

  const firstHeads = requestHeads(svc(desks[0]!).db);
  const firstHistory = historyRows(svc(desks[0]!).db);
  for (const desk of desks) {
    const { db, requests } = svc(desk);
    const local = changeLog(db);
    const mine = all.filter((row) => row.origin === desk.workstationId).sort((a, b) => Number(a.local_seq) - Number(b.local_seq));
    expect(mine.map((row) => `${row.local_seq} ${row.change_id} ${row.entity} ${row.entity_id} ${row.op}`), `${desk.name}: its changes on the server`).toEqual(
      local.map((row) => `${row.seq} ${row.change_id} ${row.entity} ${row.entity_id} ${row.op}`),
    );
    const localData = new Map(local.map((row) => [row.change_id, row.data]));
    for (const row of mine) expect(row.data, `${desk.name}: data of ${row.change_id}`).toEqual(localData.get(row.change_id));
    const applied = new Set(db.prepare(`SELECT change_id FROM sync_applied`).pluck().all() as string[]);
    const others = all.filter((row) => row.origin !== desk.workstationId).map((row) => row.change_id);
    expect(applied.size, `${desk.name}: applied`).toBe(others.length);
    expect(others.filter((id) => !applied.has(id)), `${desk.name}: not applied`).toEqual([]);
    expect(db.prepare(`SELECT count(*) FROM sync_conflicts`).pluck().get(), `${desk.name}: conflicts`).toBe(0);
    const verified = requests.verify();
    expect(verified.broken, `${desk.name}: broken chains`).toEqual([]);
    expect(verified.ok).toBe(true);
    expect(requestHeads(db), `${desk.name}: requests`).toEqual(firstHeads);
    expect(historyRows(db), `${desk.name}: histories`).toEqual(firstHistory);
    const blobs = localBlobs(db, desk.dataDir);
    expect(blobs.bad, `${desk.name}: damaged or missing blobs`).toEqual([]);
    expect(blobs.hashes.filter((sha) => !blobsOnServer.has(sha)), `${desk.name}: blobs not on the server`).toEqual([]);
  }
  const heads = await serverHeads(sql, PROVIDER);
  expect(heads.size).toBeGreaterThan(0);
  for (const [requestId, head] of heads) {
    const [, state, seq, hash] = (firstHeads.get(requestId) ?? '').split(' ');
    expect(`${state} ${seq} ${hash}`, `head of ${requestId}`).toBe(head);
  }
}

const KILL_PLAN: Record<Backend, Record<string, number>> = {
  postgres: { 'push-inflight': 6, 'push-sent': 7, 'push-acked': 6, 'blob-inflight': 4, 'blob-chunk': 5, 'pull-fetched': 5, 'blob-get': 3, 'pull-applied': 5, random: 9 },
  pglite: { 'push-inflight': 1, 'push-sent': 2, 'push-acked': 1, 'blob-inflight': 1, 'blob-chunk': 2, 'pull-fetched': 1, 'blob-get': 1, 'pull-applied': 2, random: 3 },
};
const SEED: Record<Backend, { requests: number; attachments: number }> = {
  postgres: { requests: 300, attachments: 3 },
  pglite: { requests: 120, attachments: 2 },
};

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});
afterAll(async () => {
  await removeChildScript();
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

describe.each(['postgres', 'pglite'] as const)('sync under faults on %s', (backend) => {
  let sql: Sql;
  let stopSql: () => Promise<void>;
  let central: RestartableCentral;
  /** The workstation that is killed (in a child process); seeded with requests, attachments and a signed result. */
  let a: Desk;
  /** Another workstation of the provider, working in this process: what `a` has to pull. */
  let c: Desk;
  /** A fresh workstation that only pulls. */
  let b: Desk;
  const desks = () => [a, c, b];

  beforeAll(async () => {
    ({ sql, stop: stopSql } = await openBackend(backend));
    central = await startRestartableCentral(sql);
    a = await openDesk(central, 'Бірінші терезе');
    registerRequests(svc(a), a.officer, SEED[backend].requests, { batch: 50 });
    for (let index = 0; index < SEED[backend].attachments; index += 1) await attachedRequest(svc(a), a.officer, 1.3 * MB);
    await signedResult(a);
    c = await openDesk(central, 'Екінші терезе');
    registerRequests(svc(c), c.officer, 40, { batch: 40 });
    await attachedRequest(svc(c), c.officer, 1.1 * MB);
    expectClean(await sync(c), 'c seeded');
    b = await openDesk(central, 'Үшінші терезе');
  }, 300_000);

  afterAll(async () => {
    for (const desk of [a, c, b]) if (desk) shut(desk);
    await central?.stop();
    await stopSql?.();
  });

  it(`the workstation SIGKILLed ${Object.values(KILL_PLAN[backend]).reduce((x, y) => x + y, 0)} times at random points and inside push, blob upload, pull and blob download loses and doubles nothing`, async () => {
    shut(a);
    const plan = Object.entries(KILL_PLAN[backend]).flatMap(([stop, count]) => Array.from({ length: count }, () => stop));
    for (let i = plan.length - 1; i > 0; i -= 1) {
      const j = randomInt(i + 1);
      [plan[i], plan[j]] = [plan[j]!, plan[i]!];
    }
    const killed: string[] = [];
    const missed: string[] = [];
    let randomWindow = 1_500;
    for (let attempt = 0; plan.length > 0 && attempt < 200; attempt += 1) {
      const stop = plan[0]!;
      // Something for the killed workstation to pull: the other desk's new requests (and a blob).
      if (stop.startsWith('pull') || stop === 'random') {
        registerRequests(svc(c), c.officer, stop === 'random' ? 25 : 50, { batch: 50 });
        expectClean(await sync(c), 'c');
      }
      if (stop === 'blob-get') {
        await attachedRequest(svc(c), c.officer, 1.1 * MB);
        expectClean(await sync(c), 'c');
      }
      const uploads = stop.startsWith('blob-') && stop !== 'blob-get';
      const run = await runChild({
        dataDir: a.dataDir,
        stop,
        skip: stop === 'random' ? 0 : randomInt(2),
        // Enough new work for two push batches when the stop is in the push.
        fresh: stop.startsWith('push') ? 60 : 4,
        attachBytes: uploads || (stop === 'random' && randomInt(2) === 0) ? 1.2 * MB : 0,
      });
      let line: string | null;
      if (stop === 'random') {
        // Anywhere in the run: the window follows how long runs that ended first took.
        line = await run.waitFor(['READY']);
        const readyAt = Date.now();
        let endedAt = 0;
        void run.exited.then(() => (endedAt = Date.now()));
        await sleep(randomInt(randomWindow));
        line = run.child.exitCode === null ? 'STOP random' : null;
        if (!line) {
          await run.exited;
          randomWindow = Math.max(30, Math.floor((endedAt - readyAt) * 0.9));
        }
      } else line = await run.waitFor(['STOP', 'DONE']);
      if (line?.startsWith('STOP')) {
        await run.kill();
        killed.push(line.split(' ').slice(0, 2).join(' '));
        plan.shift();
      } else {
        // The run ended before reaching that point (nothing left there this time): it must have ended well.
        const exit = await run.exited;
        expect({ exit, stderr: exit.code === 0 ? '' : run.stderr() }).toEqual({ exit: { code: 0, signal: null }, stderr: '' });
        missed.push(stop);
        plan.push(plan.shift()!);
      }
    }
    const tally = (list: string[]) => [...new Set(list)].map((kind) => `${kind.replace('STOP ', '')} ×${list.filter((item) => item === kind).length}`).join(', ');
    console.log(`${backend}: ${killed.length} kills (${tally(killed)}); runs that ended before their stop: ${missed.length} (${tally(missed)})`);
    expect(plan).toEqual([]);

    // A clean run finishes the work.
    const last = await runChild({ dataDir: a.dataDir });
    expect(await last.waitFor(['DONE'], 120_000), last.stderr()).toMatch(/^DONE/);
    expect((await last.exited).code).toBe(0);
    await expectConsistent(sql, desks());
  }, 900_000);

  it('the server restarted in the middle of a push batch: the next run completes and nothing is doubled', async () => {
    reopen(a);
    expectClean(await sync(a), 'before');
    // (1) The second batch commits, but the server goes away before it answers: the workstation sends
    // it again. (300 requests make more than one batch of SYNC_BATCH changes; a batch is one insert.)
    registerRequests(svc(a), a.officer, 300, { batch: 50 });
    expect(pendingCount(a)).toBeGreaterThan(SYNC_BATCH);
    let inserts = 0;
    let restarting: Promise<void> | null = null;
    central.probe = async (text) => {
      if (!text.includes('INSERT INTO sync_change') || ++inserts !== 2) return;
      restarting = central.restart();
      // The transaction goes on once the connection is gone (the answer cannot reach the workstation).
      await Promise.race([central.down(), sleep(5_000)]);
    };
    const cut = await sync(a);
    expect(cut.lastError).not.toBeNull();
    await restarting;
    expect(restarting).not.toBeNull();
    // The server commits the batch (its transaction goes on without the connection); the workstation does not know it.
    const deadline = Date.now() + 20_000;
    while ((await serverMaxSeq(sql, a)) <= localAcked(a) && Date.now() < deadline) await sleep(50);
    expect(await serverMaxSeq(sql, a)).toBeGreaterThan(localAcked(a));
    central.probe = null;
    // A restart takes its time: the workstation learns that the old connections are gone (in this one
    // process, a call made in the same turn of the event loop could still pick one).
    await sleep(100);
    expectClean(await sync(a), 'after the restart');

    // (2) The server dies inside the batch's transaction (rolled back): the workstation sends it again.
    registerRequests(svc(a), a.officer, 300, { batch: 50 });
    inserts = 0;
    restarting = null;
    central.probe = (text) => {
      if (text.includes('INSERT INTO sync_change') && ++inserts === 2) {
        restarting = central.restart();
        throw new Error('the server died here');
      }
    };
    const died = await sync(a);
    expect(died.lastError).not.toBeNull();
    await restarting;
    expect(restarting).not.toBeNull();
    // Nothing of that batch was kept.
    expect(await serverMaxSeq(sql, a)).toBe(localAcked(a));
    central.probe = null;
    await sleep(100);
    expectClean(await sync(a), 'after the second restart');
    await expectConsistent(sql, desks());
  }, 300_000);

  it('the connection cut in the middle of a blob: the upload resumes at the server offset, the download starts again, both arrive whole', async () => {
    reopen(a);
    expectClean(await sync(a), 'before'); // only the blob below is left to send
    const proxy = await startCuttingProxy(central.port);
    try {
      svc(a).link.repoint(proxy.url);
      const { sha256, size } = await attachedRequest(svc(a), a.officer, 4.5 * MB);
      expect(size).toBeGreaterThan(4 * MB);
      const putsBefore = central.log.blobPuts.length;
      // Cut after about two and a half chunks (a chunk is 512 KiB, about 700 KB as base64 in JSON).
      const cutting = proxy.cutAfter('up', 1_800_000);
      const cut = await sync(a);
      await cutting;
      expect(cut.lastError).not.toBeNull();
      const [partial] = await sql.query<{ received: number; complete: boolean }>(`SELECT length(data) AS received, complete FROM sync_blob WHERE sha256 = $1`, [sha256]);
      expect(partial?.complete).toBe(false);
      expect(partial!.received).toBeGreaterThan(0);
      expect(partial!.received).toBeLessThan(size);

      const putsAfterCut = central.log.blobPuts.length;
      expectClean(await sync(a), 'after the cut');
      const resumed = central.log.blobPuts.slice(putsAfterCut).filter((put) => put.sha256 === sha256);
      expect(resumed[0]?.offset, 'the first chunk after the cut').toBe(Number(partial!.received));
      expect(resumed.some((put) => put.offset === 0), 'started again from 0').toBe(false);
      expect(central.log.blobPuts.slice(putsBefore).filter((put) => put.sha256 === sha256 && put.offset === 0)).toHaveLength(1);

      // The download: a fresh workstation behind the proxy, cut while it pulls (its first run starts at
      // enrolment); most of what it pulls is blobs, so the cut falls inside one.
      const blobGets = () => central.log.calls.get(SYNC_ROUTES.blobGet) ?? 0;
      const gotBefore = blobGets();
      const downloading = proxy.cutAfter('down', 6 * MB);
      const fresh = await openDesk(central, 'Төртінші терезе', proxy.url);
      try {
        await downloading;
        expect(blobGets()).toBeGreaterThan(gotBefore);
        await sync(fresh); // the run that was cut ends
        expectClean(await sync(fresh), 'download after the cut');
        expect(localBlobs(svc(fresh).db, fresh.dataDir).bad).toEqual([]);
        const copy = fs.readFileSync(`${fresh.dataDir}/attachments/${sha256.slice(0, 2)}/${sha256.slice(2)}`);
        expect(copy.length).toBe(size);
        await expectConsistent(sql, [...desks(), fresh]);
      } finally {
        shut(fresh);
      }
    } finally {
      svc(a).link.repoint(central.url);
      await proxy.close();
    }
  }, 300_000);

  it('push batches delivered twice, reversed and out of order change nothing twice and leave the heads right; pulls replayed apply once', async () => {
    const d = await openDesk(central, 'Бесінші терезе');
    try {
      expectClean(await sync(d), 'd enrolled'); // its first pull, started by the enrolment
      registerRequests(svc(d), d.officer, 120, { batch: 60, takeEvery: 2 });
      const changes = asPushed(d);
      expect(changes.length).toBeGreaterThan(450);
      // Cut inside requests (a pair of requests makes 10 changes: one registered, one also taken), so
      // that a request's first events are in one batch and its later ones in the next.
      const [one, two, three, rest] = [changes.slice(0, 195), changes.slice(195, 395), changes.slice(395, 595), changes.slice(595)];
      const client = svc(d).link.client()!;
      const push = (batch: SyncChange[]) => client.call<PushReply>(SYNC_ROUTES.push, { changes: batch }, d.officer.iin);

      expect(await push(one)).toMatchObject({ accepted: one.length, duplicates: 0, rejected: [], ackedSeq: one.at(-1)!.seq });
      expect(await push(one)).toMatchObject({ accepted: 0, duplicates: one.length, rejected: [] });
      expect(await push([...one].reverse())).toMatchObject({ accepted: 0, duplicates: one.length, rejected: [] });
      // Out of order: the third batch before the second. Whatever the server answers, it must not take
      // an event that does not continue the chain it has, nor lose the second batch's events.
      const early = await push([...three].reverse()).catch((error: unknown) => error as Error);
      const middle = await push([...two].reverse());
      expect(middle.rejected).toEqual([]);
      const late = await push(three);
      expect(late.rejected).toEqual([]);
      expect(early instanceof Error ? 'refused' : early.rejected).toEqual(early instanceof Error ? 'refused' : []);
      expect(await push(two)).toMatchObject({ accepted: 0, duplicates: two.length, rejected: [] });
      // A change twice in one batch (a sender that resent part of a batch inside the next) is stored once.
      expect(rest.length).toBeGreaterThan(0);
      expect(await push([...rest, ...rest])).toMatchObject({ accepted: rest.length, duplicates: rest.length, rejected: [] });
      expect(await push(rest)).toMatchObject({ accepted: 0, duplicates: rest.length, rejected: [] });

      // The engine, which thinks nothing was sent, sends it all again: all duplicates.
      expectClean(await sync(d), 'd');
      const server = await serverChanges(sql, { origin: d.workstationId });
      expect(server).toHaveLength(changes.length);
      expect(server.map((row) => row.change_id).sort()).toEqual(changes.map((change) => change.changeId).sort());

      // Pulls replayed: the cursor back to the start, everything served again, nothing applied twice.
      reopen(b);
      expectClean(await sync(b), 'b');
      const count = (table: string) => svc(b).db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
      const before = { history: count('request_history'), applied: count('sync_applied'), requests: count('requests'), attachments: count('request_attachments') };
      svc(b).db.prepare(`UPDATE sync_state SET value = '' WHERE key = 'pull_cursor'`).run();
      expectClean(await sync(b), 'b replayed');
      expect({ history: count('request_history'), applied: count('sync_applied'), requests: count('requests'), attachments: count('request_attachments') }).toEqual(before);
      const page = await svc(b).link.client()!.call<PullReply>(SYNC_ROUTES.pull, { cursor: '', limit: 200 }, b.officer.iin);
      expect(page.changes.length).toBeGreaterThan(0);
      const ctx = { db: svc(b).db, now: () => new Date(), documentPath: (sha: string) => sha, attachmentPath: (sha: string) => sha };
      expect(svc(b).db.transaction(() => page.changes.map((change) => applyChange(change, ctx)))().filter(Boolean)).toEqual([]);
      expect(svc(b).requests.verify().ok).toBe(true);
      await expectConsistent(sql, [...desks(), d]);
    } finally {
      shut(d);
    }
  }, 300_000);

  it('the workstation clock a day ahead and a day behind the server: sync corrects for it and nothing is lost', async () => {
    shut(a);
    for (const skewMs of [DAY, -DAY]) {
      const refusedBefore = central.log.clockSkewReplies;
      const run = await runChild({ dataDir: a.dataDir, fresh: 6, attachBytes: 0.7 * MB, skewMs });
      expect(await run.waitFor(['DONE'], 120_000), run.stderr()).toMatch(/^DONE/);
      expect((await run.exited).code).toBe(0);
      // The server refused the first call for the clock, and the client went on with the server's time.
      expect(central.log.clockSkewReplies).toBeGreaterThan(refusedBefore);
      reopen(a);
      const lastAt = svc(a).db.prepare(`SELECT at FROM change_log ORDER BY seq DESC LIMIT 1`).pluck().get() as string;
      expect(Math.round((Date.parse(lastAt) - Date.now()) / DAY)).toBe(skewMs / DAY);
      shut(a);
    }
    await expectConsistent(sql, desks());
  }, 300_000);

  it('a sync asked for while a run is already pulling still sends what was changed before it was asked for', async () => {
    let holding = false;
    let entered!: () => void;
    let release!: () => void;
    const inPull = new Promise<void>((resolve) => (entered = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    const e = await openDesk(central, 'Алтыншы терезе', central.url, {
      async afterPullPage() {
        if (!holding) return;
        entered();
        await gate;
      },
    });
    try {
      expectClean(await sync(e), 'e');
      holding = true;
      const first = svc(e).sync.syncNow();
      await inPull; // the first run has pushed (nothing) and is pulling
      registerRequests(svc(e), e.officer, 2);
      const second = svc(e).sync.syncNow();
      release();
      await first;
      expect(await second).toMatchObject({ pending: 0, lastError: null });
      expect(await serverMaxSeq(sql, e)).toBe(localAcked(e));
    } finally {
      holding = false;
      release();
      shut(e);
    }
  }, 120_000);

  it('pushes from many workstations at once while others pull: every puller gets every change', async () => {
    const provider = `CONC-${backend}`;
    const enrol = async (name: string) => {
      const key = newWorkstationKey();
      const workstationId = crypto.randomUUID();
      await enrolWorkstation(central.url, { code: await central.auth.createEnrolmentCode(provider), workstationId, name, publicKey: key.publicKey });
      return { workstationId, client: createCentralClient({ baseUrl: central.url, workstationId, privateKey: key.privateKey, timeoutMs: 30_000 }) as CentralClient };
    };
    const staffIin = a.officer.iin;
    const pushers = await Promise.all(Array.from({ length: 8 }, (_, i) => enrol(`push ${i}`)));
    const pullers = await Promise.all(Array.from({ length: 3 }, (_, i) => enrol(`pull ${i}`)));
    let pushing = true;
    const received = pullers.map(() => new Set<string>());
    const pullLoop = async (index: number) => {
      let cursor = '';
      for (;;) {
        const done = !pushing;
        const page = await pullers[index]!.client.call<PullReply>(SYNC_ROUTES.pull, { cursor, limit: 200 }, staffIin);
        page.changes.forEach((change) => received[index]!.add(change.changeId));
        cursor = page.cursor;
        if (done && !page.more) return;
      }
    };
    const pushLoop = async (index: number) => {
      let seq = 1;
      for (let round = 0; round < 25; round += 1) {
        const batch = [syntheticRequest(pushers[index]!.workstationId, seq, 2), syntheticRequest(pushers[index]!.workstationId, seq + 5, 2)].flat();
        seq += batch.length;
        const reply = await pushers[index]!.client.call<PushReply>(SYNC_ROUTES.push, { changes: batch }, staffIin);
        expect(reply.rejected).toEqual([]);
      }
    };
    const pulling = pullers.map((_, index) => pullLoop(index));
    await Promise.all(pushers.map((_, index) => pushLoop(index)));
    pushing = false;
    await Promise.all(pulling);
    const stored = await sql.query<{ change_id: string }>(
      `SELECT change_id::text AS change_id FROM sync_change WHERE provider_code = $1 AND rejected IS NULL`,
      [provider],
    );
    expect(stored).toHaveLength(8 * 25 * 10);
    for (const seen of received) {
      expect(stored.filter((row) => !seen.has(row.change_id)).length, 'changes a puller never got').toBe(0);
    }
  }, 300_000);
});
