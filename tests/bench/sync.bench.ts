// Synchronisation (issue 8) against a throwaway PostgreSQL cluster, with the central server in a
// process of its own (this bundle run again with QYZ_BENCH_ROLE=server) on loopback:
// - first sync: one workstation with 10,000 requests and their histories (QYZMET_BENCH_SYNC_REQUESTS
//   to change) pushes them all, then a fresh workstation of the same provider pulls them all
//   (target ≤ 5 s each);
// - incremental sync: 100 changes (25 requests taken into work) pushed by the one and pulled by the
//   other, 10 times (target ≤ 200 ms);
// - 200 simulated workstations (20 providers × 10; enrolled clients speaking the sync protocol without
//   an app) each pushing a small batch (a new request: 5 changes) and pulling once a second for 20 s
//   (QYZMET_BENCH_SYNC_SECONDS), latency of every call (target p95 ≤ 100 ms), and at the end whether
//   every workstation received every change of its provider's others; then 50 workstations for scale.
// The CPU seconds of this process (the workstations), the server's and PostgreSQL's are printed with
// each phase: on a small machine all three share its cores.
// The workstations' requests are made through their own services (seeding is timed apart: it is not
// what is measured). Figures only: nothing fails on time.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RequestActor } from '../../src/main/services/requests';
import { createServices, type Services } from '../../src/main/services/services';
import { createCentralClient, enrolWorkstation, newWorkstationKey, type CentralClient } from '../../src/main/services/central-client';
import { newId } from '../../src/main/ids';
import { createWorkstationAuth, type WorkstationAuth } from '../../src/server/auth';
import { openPostgres } from '../../src/server/db/postgres';
import { startCentralServer } from '../../src/server/start';
import { SYNC_ROUTES, type PullReply, type PushReply } from '../../src/shared/sync';
import { makeIin } from '../helpers/iin';
import { startPostgres } from '../helpers/postgres';
import { officerOf, registerRequests, syntheticRequest } from '../helpers/sync-work';
import { figure, percentile } from './stats';

const REQUESTS = Number(process.env.QYZMET_BENCH_SYNC_REQUESTS ?? 10_000);
const SECONDS = Number(process.env.QYZMET_BENCH_SYNC_SECONDS ?? 20);
/** Ten workstations per provider, as an office. */
const PER_PROVIDER = 10;

const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;
const verdict = (value: number, target: number) => (value <= target ? 'ok' : 'over target');
const fmt = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`);
const sleep = (delay: number) => new Promise((resolve) => setTimeout(resolve, delay));

// ---- where the time goes: CPU seconds of this process, the server's and PostgreSQL's (Linux /proc) ----

const TICK = 100; // USER_HZ
let serverPid = 0;
function procCpu(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICK;
  } catch {
    return 0;
  }
}
/** PostgreSQL's processes come and go (a pool closes idle connections): each is sampled while it lives. */
function postgresProcesses(): Map<number, number> {
  const seen = new Map<number, number>();
  for (const entry of fs.existsSync('/proc') ? fs.readdirSync('/proc') : []) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') seen.set(Number(entry), procCpu(Number(entry)));
    } catch {
      // gone meanwhile
    }
  }
  return seen;
}
interface Meter {
  stop(): string;
}
/** CPU seconds from now until stop(): this process's, the server's and PostgreSQL's. */
function cpuMeter(): Meter {
  const own = process.cpuUsage();
  const server = procCpu(serverPid);
  const first = postgresProcesses();
  const last = new Map(first);
  const sample = () => postgresProcesses().forEach((cpu, pid) => last.set(pid, cpu));
  const timer = setInterval(sample, 200);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const self = process.cpuUsage(own);
      let postgres = 0;
      for (const [pid, cpu] of last) postgres += cpu - (first.get(pid) ?? 0);
      return `CPU: workstation side ${((self.user + self.system) / 1e6).toFixed(1)} s, server ${(procCpu(serverPid) - server).toFixed(1)} s, PostgreSQL ${postgres.toFixed(1)} s`;
    },
  };
}

// ---- the server's process ----

async function serve(): Promise<void> {
  const server = await startCentralServer({ databaseUrl: process.env.QYZ_BENCH_DB_URL as string, logger: false });
  process.stdout.write(`LISTEN ${server.url}\n`);
  const stop = () => void server.close().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

async function serverProcess(databaseUrl: string): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [process.argv[1] as string], {
    env: { ...process.env, QYZ_BENCH_ROLE: 'server', QYZ_BENCH_DB_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout!.setEncoding('utf8').on('data', (part: string) => {
      text += part;
      const match = /LISTEN (\S+)/.exec(text);
      if (match) resolve(match[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`the server process ended (${code})`)));
  });
  serverPid = child.pid ?? 0;
  return {
    url,
    child,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

// ---- workstations with the app's services ----

interface Workstation {
  services: Services;
  actor: RequestActor;
  dataDir: string;
}

let serial = 2_000;

async function workstation(url: string, auth: WorkstationAuth, provider: string, name: string): Promise<Workstation> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-bench-sync-'));
  const services = createServices(dataDir, { now: () => new Date() });
  const at = new Date().toISOString();
  services.db
    .prepare(`INSERT INTO staff (id, iin, full_name, roles, password_hash, active, created_at, updated_at) VALUES (?, ?, ?, ?, 'x', 1, ?, ?)`)
    .run(newId(), makeIin('1983-02-11', 'female', (serial += 1)), `${name} Сапарова`, JSON.stringify(['social_officer']), at, at);
  await services.link.enrol(url, await auth.createEnrolmentCode(provider), name);
  // Enrolment starts a run of its own: let it end, so that what follows is measured alone.
  await services.sync.syncNow();
  return { services, actor: officerOf(services.db), dataDir };
}

function close(station: Workstation): void {
  station.services.close();
  station.services.db.close();
  fs.rmSync(station.dataDir, { recursive: true, force: true });
}

const count = (station: Workstation, sql: string) => station.services.db.prepare(sql).pluck().get() as number;

async function firstAndIncremental(url: string, auth: WorkstationAuth): Promise<void> {
  const one = await workstation(url, auth, 'SOC-07', 'Бірінші терезе');
  const two = await workstation(url, auth, 'SOC-07', 'Екінші терезе');

  let started = process.hrtime.bigint();
  registerRequests(one.services, one.actor, REQUESTS, { batch: 500, takeEvery: 3 });
  const changes = count(one, `SELECT count(*) FROM change_log`);
  const events = count(one, `SELECT count(*) FROM request_history`);
  figure(`seeding (not measured): ${REQUESTS.toLocaleString('en')} requests`, `${fmt(ms(started))}, ${changes.toLocaleString('en')} changes, ${events.toLocaleString('en')} history events`);

  let cpu = cpuMeter();
  started = process.hrtime.bigint();
  const pushed = await one.services.sync.syncNow();
  const pushMs = ms(started);
  const pushCpu = cpu.stop();
  if (pushed.lastError || pushed.pending) throw new Error(`the first push did not finish: ${JSON.stringify(pushed)}`);
  figure('first sync: push of all of them', `${fmt(pushMs)}  (${Math.round(changes / (pushMs / 1000)).toLocaleString('en')} changes/s; target ≤ 5 s: ${verdict(pushMs, 5000)})`);
  figure('', pushCpu);

  cpu = cpuMeter();
  started = process.hrtime.bigint();
  const pulled = await two.services.sync.syncNow();
  const pullMs = ms(started);
  const pullCpu = cpu.stop();
  if (pulled.lastError) throw new Error(`the first pull did not finish: ${pulled.lastError}`);
  const arrived = count(two, `SELECT count(*) FROM requests`);
  const verified = two.services.requests.verify();
  figure(
    'first sync: a fresh workstation pulls all of them',
    `${fmt(pullMs)}  (${arrived.toLocaleString('en')} requests, ${verified.events.toLocaleString('en')} events, chains ${verified.ok ? 'intact' : 'BROKEN'}; target ≤ 5 s: ${verdict(pullMs, 5000)})`,
  );
  figure('', pullCpu);

  // Incremental: 25 registered requests taken into work (assign + take into review: 4 changes each).
  const registered = one.services.db.prepare(`SELECT id FROM requests WHERE state = 'registered' ORDER BY rowid`).pluck().all() as string[];
  const pushTimes: number[] = [];
  const pullTimes: number[] = [];
  let made = 0;
  const rounds = Math.min(10, Math.floor(registered.length / 25));
  for (let round = 0; round < rounds; round += 1) {
    const before = count(one, `SELECT count(*) FROM change_log`);
    one.services.db.transaction(() => {
      for (const id of registered.splice(0, 25)) one.services.requests.take(one.actor, id);
    })();
    made = count(one, `SELECT count(*) FROM change_log`) - before;
    started = process.hrtime.bigint();
    const status = await one.services.sync.syncNow();
    pushTimes.push(ms(started));
    started = process.hrtime.bigint();
    const other = await two.services.sync.syncNow();
    pullTimes.push(ms(started));
    if (status.lastError || status.pending || other.lastError) throw new Error('an incremental sync failed');
  }
  const line = (times: number[]) => {
    const sorted = [...times].sort((x, y) => x - y);
    const p95 = percentile(sorted, 95);
    return `p50=${fmt(percentile(sorted, 50))}  p95=${fmt(p95)}  max=${fmt(sorted.at(-1) as number)}  (target ≤ 200 ms: ${verdict(p95, 200)})`;
  };
  figure(`incremental sync: push of ${made} changes (n=${rounds})`, line(pushTimes));
  figure(`incremental sync: pull of ${made} changes (n=${rounds})`, line(pullTimes));
  figure('incremental sync: push and pull, end to end', line(pushTimes.map((time, index) => time + (pullTimes[index] as number))));
  close(one);
  close(two);
}

// ---- 200 simulated workstations ----

interface Simulated {
  workstationId: string;
  provider: string;
  client: CentralClient;
  seq: number;
  cursor: string;
  received: Set<string>;
}

let simulation = 0;

async function manyWorkstations(url: string, auth: WorkstationAuth, databaseUrl: string, workstations: number, seconds: number): Promise<void> {
  const staffIin = makeIin('1979-09-03', 'male', 77);
  const stations: Simulated[] = [];
  const providers = Math.max(1, Math.round(workstations / PER_PROVIDER));
  const prefix = `BENCH${(simulation += 1)}-`;
  for (let index = 0; index < workstations; index += 1) {
    const provider = `${prefix}${String(index % providers).padStart(2, '0')}`;
    const key = newWorkstationKey();
    const workstationId = crypto.randomUUID();
    await enrolWorkstation(url, { code: await auth.createEnrolmentCode(provider), workstationId, name: `Терезе ${index}`, publicKey: key.publicKey });
    stations.push({ workstationId, provider, client: createCentralClient({ baseUrl: url, workstationId, privateKey: key.privateKey, timeoutMs: 30_000 }), seq: 1, cursor: '', received: new Set() });
  }
  const push: number[] = [];
  const pull: number[] = [];
  let failures = 0;
  const pullOnce = async (station: Simulated) => {
    const page = await station.client.call<PullReply>(SYNC_ROUTES.pull, { cursor: station.cursor, limit: 200 }, staffIin);
    for (const change of page.changes) station.received.add(change.changeId);
    station.cursor = page.cursor;
    return page.more;
  };
  const end = Date.now() + seconds * 1000;
  const cpu = cpuMeter();
  const loop = async (station: Simulated) => {
    await sleep(Math.random() * 1000);
    for (let tick = Date.now(); tick < end; tick += 1000) {
      try {
        const changes = syntheticRequest(station.workstationId, station.seq, 2);
        station.seq += changes.length;
        let started = process.hrtime.bigint();
        await station.client.call<PushReply>(SYNC_ROUTES.push, { changes }, staffIin);
        push.push(ms(started));
        started = process.hrtime.bigint();
        await pullOnce(station);
        pull.push(ms(started));
      } catch {
        failures += 1;
      }
      await sleep(Math.max(0, tick + 1000 - Date.now()));
    }
  };
  const started = Date.now();
  await Promise.all(stations.map(loop));
  const elapsed = (Date.now() - started) / 1000;
  const loadCpu = cpu.stop();
  for (const station of stations) while (await pullOnce(station));

  const sql = await openPostgres(databaseUrl);
  const stored = await sql.query<{ change_id: string; origin: string; provider_code: string }>(
    `SELECT change_id::text AS change_id, origin, provider_code FROM sync_change WHERE provider_code LIKE $1 AND rejected IS NULL`,
    [`${prefix}%`],
  );
  await sql.close();
  let missing = 0;
  for (const station of stations) {
    for (const row of stored) if (row.provider_code === station.provider && row.origin !== station.workstationId && !station.received.has(row.change_id)) missing += 1;
  }
  const line = (times: number[]) => {
    const sorted = [...times].sort((x, y) => x - y);
    const p95 = percentile(sorted, 95);
    return `n=${sorted.length}  p50=${fmt(percentile(sorted, 50))}  p95=${fmt(p95)}  max=${fmt(sorted.at(-1) as number)}  (target p95 ≤ 100 ms: ${verdict(p95, 100)})`;
  };
  const name = `${workstations} workstations (${providers} providers)`;
  figure(`${name}: push of 5 changes`, line(push));
  figure(`${name}: pull`, line(pull));
  figure(`${name}: every call`, line([...push, ...pull]));
  figure(
    `${name}: load`,
    `${Math.round((push.length + pull.length) / elapsed)} calls/s for ${elapsed.toFixed(0)} s (${workstations * 2} wanted), ${failures} failed; ${loadCpu}`,
  );
  figure(`${name}: completeness`, `${stored.length.toLocaleString('en')} changes stored, ${missing} that a workstation of the provider never received`);
}

async function main(): Promise<void> {
  const pg = await startPostgres();
  let server: Awaited<ReturnType<typeof serverProcess>> | null = null;
  const sql = await openPostgres(pg.url);
  try {
    server = await serverProcess(pg.url);
    const auth = createWorkstationAuth(sql);
    figure('server', `PostgreSQL ${(await sql.query<{ v: string }>(`SELECT current_setting('server_version') AS v`))[0]?.v ?? '?'} (fsync off), Fastify in its own process, loopback`);
    await firstAndIncremental(server.url, auth);
    await manyWorkstations(server.url, auth, pg.url, 200, SECONDS);
    // For scale: the same with a quarter of the workstations.
    await manyWorkstations(server.url, auth, pg.url, 50, Math.min(SECONDS, 10));
  } finally {
    await sql.close();
    await server?.stop();
    pg.stop();
  }
  figure('memory (rss at end)', `${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`);
}

(process.env.QYZ_BENCH_ROLE === 'server' ? serve() : main()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
