// The rig of the sync fault tests: a central server that can be restarted on the same port (and told
// to fail inside a push), a TCP proxy that cuts the connection after so many bytes, the child
// workstation (sync-child.ts) built once with esbuild and run with node, and read-outs of what the
// server, the workstations and their blob stores hold, for the tests to compare.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';
import { build } from 'esbuild';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/server/app';
import type { WorkstationAuth } from '../../src/server/auth';
import { migrateServer } from '../../src/server/db/migrations';
import type { Row, Sql, SqlRunner } from '../../src/server/db/sql';
import { createFaultPlan, withFaults } from '../../src/server/national/faults';
import { simulatedNationalSystems } from '../../src/server/national/simulated';
import { SYNC_ROUTES } from '../../src/shared/sync';
import { freePort } from './postgres';

// The repository (from this file, or from a bundle elsewhere: the working folder, as npm runs it).
const ROOT = [fileURLToPath(new URL('../..', import.meta.url)), process.cwd()].find((dir) => fs.existsSync(path.join(dir, 'tests', 'helpers', 'sync-child.ts'))) ?? process.cwd();

// ---- the central server ----

/** Called before every query the server makes (inside a transaction or not); may throw. */
export type QueryProbe = (text: string, params: unknown[] | undefined) => void | Promise<void>;

function probedSql(sql: Sql, probe: () => QueryProbe | null): Sql {
  const wrap = (runner: SqlRunner): SqlRunner => ({
    async query<T extends Row = Row>(text: string, params?: unknown[]): Promise<T[]> {
      await probe()?.(text, params);
      return runner.query<T>(text, params);
    },
    exec: (text: string) => runner.exec(text),
  });
  return { kind: sql.kind, ...wrap(sql), transaction: (fn) => sql.transaction((tx) => fn(wrap(tx))), close: () => sql.close() };
}

export interface ServerLog {
  /** Every blob chunk offered: its hash and offset (in arrival order). */
  blobPuts: Array<{ sha256: string; offset: number }>;
  /** Calls refused because the caller's clock was too far off. */
  clockSkewReplies: number;
  /** Calls answered, by route. */
  calls: Map<string, number>;
}

export interface RestartableCentral {
  url: string;
  port: number;
  sql: Sql;
  auth: WorkstationAuth;
  app: FastifyInstance;
  log: ServerLog;
  /** A probe of every server query (null: none). */
  probe: QueryProbe | null;
  /** Closes the HTTP server (dropping open connections, as a process that dies) and starts a new one on the same port. */
  restart(): Promise<void>;
  /** Resolves when the server that restart() closes is closed. */
  down(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRestartableCentral(sql: Sql): Promise<RestartableCentral> {
  await migrateServer(sql);
  const port = await freePort();
  const log: ServerLog = { blobPuts: [], clockSkewReplies: 0, calls: new Map() };
  const probed = probedSql(sql, () => central.probe);
  const open = async () => {
    const { app, auth } = buildServer({ sql: probed, systems: withFaults(simulatedNationalSystems(probed), createFaultPlan()), logger: false });
    app.addHook('preHandler', async (request) => {
      if (request.url === SYNC_ROUTES.blobPut) {
        const body = request.body as { sha256: string; offset: number };
        log.blobPuts.push({ sha256: body.sha256, offset: body.offset });
      }
    });
    app.addHook('onSend', async (request, reply, payload) => {
      log.calls.set(request.url, (log.calls.get(request.url) ?? 0) + 1);
      if (reply.statusCode === 401 && typeof payload === 'string' && payload.includes('"clock_skew"')) log.clockSkewReplies += 1;
      return payload;
    });
    await app.listen({ host: '127.0.0.1', port });
    return { app, auth };
  };
  const first = await open();
  let closing: Promise<void> | null = null;
  const central: RestartableCentral = {
    url: `http://127.0.0.1:${port}`,
    port,
    sql,
    auth: first.auth,
    app: first.app,
    log,
    probe: null,
    down: () => closing ?? Promise.resolve(),
    async restart() {
      closing = central.app.close();
      await closing;
      const next = await open();
      central.app = next.app;
      central.auth = next.auth;
    },
    stop: () => central.app.close(),
  };
  return central;
}

// ---- a TCP proxy that cuts ----

export interface CuttingProxy {
  url: string;
  /** Bytes passed so far, towards the server and back. */
  bytes: { up: number; down: number };
  /** Cuts every connection once this many more bytes went in that direction (once; then passes again). */
  cutAfter(direction: 'up' | 'down', bytes: number): Promise<void>;
  close(): Promise<void>;
}

export async function startCuttingProxy(targetPort: number): Promise<CuttingProxy> {
  const sockets = new Set<net.Socket>();
  const bytes = { up: 0, down: 0 };
  let armed: { direction: 'up' | 'down'; at: number; done: () => void } | null = null;
  const cutAll = () => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    armed?.done();
    armed = null;
  };
  const count = (direction: 'up' | 'down', n: number) => {
    bytes[direction] += n;
    if (armed && armed.direction === direction && bytes[direction] >= armed.at) cutAll();
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.on('data', (data: Buffer) => {
      count('up', data.length);
      if (!upstream.destroyed) upstream.write(data);
    });
    upstream.on('data', (data: Buffer) => {
      count('down', data.length);
      if (!client.destroyed) client.write(data);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bytes,
    cutAfter(direction, n) {
      return new Promise((resolve) => {
        armed = { direction, at: bytes[direction] + n, done: resolve };
      });
    },
    async close() {
      cutAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---- the child workstation ----

let built: Promise<{ dir: string; file: string }> | null = null;

/** sync-child.ts bundled for node (dependencies stay in node_modules), built once per test process. */
export function childScript(): Promise<string> {
  built ??= (async () => {
    fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
    const dir = fs.mkdtempSync(path.join(ROOT, '.tmp', 'sync-child-'));
    const file = path.join(dir, 'sync-child.cjs');
    await build({
      absWorkingDir: ROOT,
      entryPoints: [path.join('tests', 'helpers', 'sync-child.ts')],
      outfile: file,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      packages: 'external',
      banner: { js: 'const __importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
      define: { 'import.meta.url': '__importMetaUrl' },
      logLevel: 'error',
    });
    return { dir, file };
  })();
  return built.then((result) => result.file);
}

export async function removeChildScript(): Promise<void> {
  if (!built) return;
  const { dir } = await built;
  fs.rmSync(dir, { recursive: true, force: true });
  built = null;
}

export interface ChildOptions {
  dataDir: string;
  stop?: string;
  skip?: number;
  fresh?: number;
  attachBytes?: number;
  skewMs?: number;
}

export interface ChildRun {
  child: ChildProcess;
  lines: string[];
  stderr: () => string;
  /** Resolves with the first stdout line that starts with one of the prefixes, or null when the child exits first. */
  waitFor(prefixes: string[], timeoutMs?: number): Promise<string | null>;
  /** SIGKILL; resolves when it is gone. */
  kill(): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function runChild(options: ChildOptions): Promise<ChildRun> {
  const script = await childScript();
  const child = spawn(process.execPath, [script], {
    cwd: ROOT,
    env: {
      ...process.env,
      QYZ_DATA: options.dataDir,
      QYZ_STOP: options.stop ?? 'none',
      QYZ_SKIP: String(options.skip ?? 0),
      QYZ_NEW: String(options.fresh ?? 0),
      QYZ_ATTACH: String(options.attachBytes ?? 0),
      QYZ_SKEW_MS: String(options.skewMs ?? 0),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  let errText = '';
  let partial = '';
  child.stdout!.setEncoding('utf8').on('data', (text: string) => {
    partial += text;
    const parts = partial.split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    waiters.forEach((wake) => wake());
  });
  child.stderr!.setEncoding('utf8').on('data', (text: string) => {
    errText = (errText + text).slice(-20_000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      waiters.forEach((wake) => wake());
      resolve({ code, signal });
    });
  });
  let exitedYet = false;
  void exited.then(() => (exitedYet = true));
  return {
    child,
    lines,
    stderr: () => errText,
    exited,
    waitFor(prefixes, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        let seen = 0;
        const check = () => {
          for (; seen < lines.length; seen += 1) {
            const line = lines[seen]!;
            if (prefixes.some((prefix) => line.startsWith(prefix))) return finish(() => resolve(line));
          }
          if (exitedYet || child.exitCode !== null || child.signalCode !== null) finish(() => resolve(null));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`the child did not say ${prefixes.join('|')} in ${timeoutMs} ms; stderr: ${errText.slice(-2000)}`))), timeoutMs);
        const finish = (then: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          then();
        };
        waiters.add(check);
        check();
      });
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

// ---- read-outs ----

export interface ServerChangeRow {
  change_id: string;
  origin: string;
  local_seq: string;
  entity: string;
  entity_id: string;
  op: string;
  data: unknown;
  rejected: string | null;
}

/** The provider's changes on the server (or one workstation's), in the server's order. */
export async function serverChanges(sql: Sql, where: { provider?: string; origin?: string }): Promise<ServerChangeRow[]> {
  const rows = await sql.query<ServerChangeRow & Row>(
    `SELECT change_id::text AS change_id, origin, local_seq::text AS local_seq, entity, entity_id, op, data, rejected FROM sync_change
     WHERE ($1::text IS NULL OR provider_code = $1) AND ($2::text IS NULL OR origin = $2) ORDER BY global_seq`,
    [where.provider ?? null, where.origin ?? null],
  );
  return rows.map((row) => ({ ...row, data: typeof row.data === 'string' ? JSON.parse(row.data) : row.data }));
}

/** Change ids stored more than once (there must be none). */
export async function duplicateChangeIds(sql: Sql): Promise<string[]> {
  const rows = await sql.query<{ change_id: string }>(`SELECT change_id::text AS change_id FROM sync_change GROUP BY change_id HAVING count(*) > 1`);
  return rows.map((row) => row.change_id);
}

export function changeLog(db: Database): Array<{ seq: number; change_id: string; entity: string; entity_id: string; op: string; data: unknown }> {
  return (db.prepare(`SELECT seq, change_id, entity, entity_id, op, data FROM change_log ORDER BY seq`).all() as Array<{ seq: number; change_id: string; entity: string; entity_id: string; op: string; data: string }>).map(
    (row) => ({ ...row, data: JSON.parse(row.data) as unknown }),
  );
}

/** Every request: number, state and head, keyed by id. */
export function requestHeads(db: Database): Map<string, string> {
  const rows = db.prepare(`SELECT id, number, state, head_seq, head_hash FROM requests`).all() as Array<{ id: string; number: string | null; state: string; head_seq: number; head_hash: string | null }>;
  return new Map(rows.map((row) => [row.id, `${row.number ?? '-'} ${row.state} ${row.head_seq} ${row.head_hash ?? '-'}`]));
}

/** Every history event as "request seq id hash", sorted. */
export function historyRows(db: Database): string[] {
  return (db.prepare(`SELECT request_id, seq, id, hash FROM request_history ORDER BY request_id, seq`).all() as Array<{ request_id: string; seq: number; id: string; hash: string }>).map(
    (row) => `${row.request_id} ${row.seq} ${row.id} ${row.hash}`,
  );
}

export async function serverHeads(sql: Sql, provider: string): Promise<Map<string, string>> {
  const rows = await sql.query<{ request_id: string; head_seq: number; head_hash: string; state: string }>(
    `SELECT request_id, head_seq, head_hash, state FROM sync_request_head WHERE provider_code = $1`,
    [provider],
  );
  return new Map(rows.map((row) => [row.request_id, `${row.state} ${row.head_seq} ${row.head_hash}`]));
}

/** Server blobs that are incomplete or whose bytes do not hash to their name. */
export async function badServerBlobs(sql: Sql): Promise<string[]> {
  const rows = await sql.query<{ sha256: string; size: string; data: Uint8Array; complete: boolean }>(`SELECT sha256, size::text AS size, data, complete FROM sync_blob`);
  return rows
    .filter((row) => !row.complete || Number(row.size) !== row.data.length || createHash('sha256').update(row.data).digest('hex') !== row.sha256)
    .map((row) => `${row.sha256} complete=${row.complete} ${row.data.length}/${row.size}`);
}

export async function serverBlobHashes(sql: Sql): Promise<Set<string>> {
  const rows = await sql.query<{ sha256: string }>(`SELECT sha256 FROM sync_blob WHERE complete`);
  return new Set(rows.map((row) => row.sha256));
}

/** The blobs a workstation's rows refer to, and those of them missing or damaged on its disk. */
export function localBlobs(db: Database, dataDir: string): { hashes: string[]; bad: string[] } {
  const attachments = (db.prepare(`SELECT DISTINCT sha256 FROM request_attachments`).pluck().all() as string[]).map((sha) => ({
    sha,
    file: path.join(dataDir, 'attachments', sha.slice(0, 2), sha.slice(2)),
  }));
  const documents = (db.prepare(`SELECT DISTINCT pdf_sha256 FROM issued_documents`).pluck().all() as string[]).map((sha) => ({
    sha,
    file: path.join(dataDir, 'documents', `${sha}.pdf`),
  }));
  const all = [...attachments, ...documents];
  const bad = all.filter(({ sha, file }) => !fs.existsSync(file) || createHash('sha256').update(fs.readFileSync(file)).digest('hex') !== sha).map(({ sha }) => sha);
  return { hashes: all.map(({ sha }) => sha), bad };
}
