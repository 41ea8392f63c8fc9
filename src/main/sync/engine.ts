// The workstation's synchronisation with the central server (issue 8). A run pushes the change log
// after the last acknowledged change (the blobs a batch refers to first, each only if the server
// lacks it, resumed at the server's offset), then pulls the provider's changes after the server's
// cursor and applies them page by page. Every step is saved as soon as the server acknowledged it,
// so a run cut off anywhere (the network, the process killed) resumes where it stood, and a batch
// sent twice changes nothing. Changes the server did not take are kept as conflicts for the user.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import {
  BLOB_CHUNK,
  SYNC_BATCH,
  SYNC_PUSH_BYTES,
  SYNC_ROUTES,
  type BlobGetReply,
  type BlobPutReply,
  type BlobsHaveReply,
  type PullReply,
  type PushReply,
  type SyncChange,
  type SyncConflict,
  type SyncStatus,
} from '../../shared/sync';
import { newId } from '../ids';
import type { CentralClient } from '../services/central-client';
import type { CentralLink } from '../services/central-link';
import { applyPage, blobRefs, type ApplyContext, type BlobRef, type StepReplayer } from './apply';

export interface SyncEngine {
  status(): SyncStatus;
  /** Runs push and pull now (during a run, one more follows it: never two at once). */
  syncNow(): Promise<SyncStatus>;
  conflicts(): SyncConflict[];
  markConflictSeen(id: string): SyncConflict[];
  onChange(listener: (status: SyncStatus) => void): () => void;
  /** Told after a local change: the status (pending changes) is sent to the UIs, and a run follows soon. */
  localChanged(): void;
  /** Syncs on its own while the server answers: after local changes settle, and every interval. */
  start(): void;
  stop(): void;
}

/** Test hooks: called between the steps of a run (to cut it there). */
export interface SyncHooks {
  afterPushBatch?(acked: number): void | Promise<void>;
  afterPullPage?(cursor: string): void | Promise<void>;
  afterBlobChunk?(sha256: string, received: number): void | Promise<void>;
}

interface ChangeRow {
  seq: number;
  change_id: string;
  entity: string;
  entity_id: string;
  op: 'insert' | 'update' | 'delete';
  data: string;
  at: string;
  workstation_id: string;
  actor_id: string | null;
}

const INTERVAL_MS = 30_000;
/** A run this long after the last of a burst of local changes (while started). */
const SETTLE_MS = 3_000;
const MAX_BACKOFF_MS = 5 * 60_000;
const PROGRESS_MS = 250;

export function createSyncEngine(deps: {
  db: Database;
  dataDir: string;
  link: CentralLink;
  now: () => Date;
  /** The IIN sync calls are made under: the signed-in employee's, or the last one's. */
  staffIin: () => string | null;
  attachmentPath(sha256: string): string;
  /** Makes this workstation's displaced steps again on the server's version (the request store). */
  replayer?: StepReplayer;
  hooks?: SyncHooks;
}): SyncEngine {
  const { db, link, now } = deps;
  const hooks = deps.hooks ?? {};
  const readState = db.prepare(`SELECT value FROM sync_state WHERE key = ?`).pluck();
  const writeState = db.prepare(`INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
  const pendingChanges = db.prepare(`SELECT * FROM change_log WHERE seq > ? ORDER BY seq LIMIT ?`);
  const countPending = db.prepare(`SELECT count(*) FROM change_log WHERE seq > ?`).pluck();
  const countPendingBlobs = db
    .prepare(`SELECT count(*) FROM change_log WHERE seq > ? AND op = 'insert' AND entity IN ('issued_document', 'request_attachment')`)
    .pluck();
  const insertConflict = db.prepare(
    `INSERT OR IGNORE INTO sync_conflicts (id, change_id, entity, entity_id, request_id, reason, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const listConflicts = db.prepare(
    `SELECT c.*, r.number AS request_number FROM sync_conflicts c LEFT JOIN requests r ON r.id = c.request_id ORDER BY c.at DESC LIMIT 200`,
  );
  const listeners = new Set<(status: SyncStatus) => void>();
  const ctx: ApplyContext = {
    db,
    now,
    documentPath: (sha) => path.join(deps.dataDir, 'documents', `${sha}.pdf`),
    attachmentPath: deps.attachmentPath,
    ...(deps.replayer ? { replayer: deps.replayer } : {}),
  };

  let running: Promise<unknown> | null = null;
  let follow: Promise<SyncStatus> | null = null;
  let progress: SyncStatus['progress'] = null;
  let failures = 0;
  let timer: NodeJS.Timeout | null = null;
  let started = false;
  let stopped = false;
  let settleTimer: NodeJS.Timeout | null = null;

  const acked = () => Number((readState.get('push_acked_seq') as string | undefined) ?? '0');
  const cursor = () => (readState.get('pull_cursor') as string | undefined) ?? '';

  let lastStatus: SyncStatus | null = null;

  /** After stop() the database may be closed: the last status read stands (nothing reads it again). */
  function settledStatus(): SyncStatus {
    if (stopped) return lastStatus ?? { state: 'offline', lastSyncedAt: null, pending: 0, pendingBlobs: 0, progress: null, lastError: null, conflicts: 0 };
    return status();
  }

  function status(): SyncStatus {
    lastStatus = readStatus();
    return lastStatus;
  }

  function readStatus(): SyncStatus {
    const link_ = link.status();
    const lastError = (readState.get('last_error') as string | undefined) ?? null;
    return {
      state: link_.connectivity === 'not_configured' ? 'not_configured' : running ? 'syncing' : lastError ? 'error' : link_.connectivity === 'offline' ? 'offline' : 'idle',
      lastSyncedAt: (readState.get('last_synced_at') as string | undefined) ?? null,
      pending: countPending.get(acked()) as number,
      pendingBlobs: countPendingBlobs.get(acked()) as number,
      progress,
      lastError,
      conflicts: db.prepare(`SELECT count(*) FROM sync_conflicts WHERE seen = 0`).pluck().get() as number,
    };
  }

  const notify = () => {
    if (listeners.size === 0) return;
    const current = status();
    for (const listener of listeners) listener(current);
  };
  /** Progress during a run: a long run's pages come faster than anyone reads them (and counting costs). */
  let progressSentAt = 0;
  const notifyProgress = () => {
    const at = Date.now();
    if (at - progressSentAt < PROGRESS_MS) return;
    progressSentAt = at;
    notify();
  };

  // ---- blobs ----

  async function sendBlobs(client: CentralClient, staffIin: string, refs: BlobRef[]): Promise<void> {
    const unique = [...new Map(refs.map((ref) => [ref.sha256, ref])).values()];
    if (unique.length === 0) return;
    const have = await client.call<BlobsHaveReply>(SYNC_ROUTES.blobsHave, { hashes: unique.map((ref) => ref.sha256) }, staffIin);
    for (const ref of unique) {
      const known = have.blobs[ref.sha256];
      if (known?.complete) continue;
      if (!fs.existsSync(ref.path)) throw new Error(`blob ${ref.sha256} is missing on this workstation`);
      const bytes = fs.readFileSync(ref.path);
      let offset = known?.received ?? 0;
      for (let guard = 0; guard < 10_000; guard += 1) {
        const chunk = bytes.subarray(offset, offset + BLOB_CHUNK);
        const reply = await client.call<BlobPutReply>(SYNC_ROUTES.blobPut, { sha256: ref.sha256, size: bytes.length, offset, data: chunk.toString('base64') }, staffIin);
        await hooks.afterBlobChunk?.(ref.sha256, reply.received);
        if (reply.complete) break;
        offset = reply.received; // where the server stands (it may have restarted from 0 after a damaged copy)
      }
    }
  }

  async function fetchBlobs(client: CentralClient, staffIin: string, refs: BlobRef[]): Promise<void> {
    for (const ref of refs) {
      if (fs.existsSync(ref.path) && sha256File(ref.path) === ref.sha256) continue;
      const parts: Buffer[] = [];
      let offset = 0;
      let size = Infinity;
      while (offset < size) {
        const reply = await client.call<BlobGetReply>(SYNC_ROUTES.blobGet, { sha256: ref.sha256, offset }, staffIin);
        size = reply.size;
        const part = Buffer.from(reply.data, 'base64');
        if (part.length === 0 && offset < size) throw new Error(`blob ${ref.sha256} stopped at ${offset} of ${size}`);
        parts.push(part);
        offset += part.length;
      }
      const bytes = Buffer.concat(parts);
      if (createHash('sha256').update(bytes).digest('hex') !== ref.sha256) throw new Error(`blob ${ref.sha256} arrived damaged`);
      fs.mkdirSync(path.dirname(ref.path), { recursive: true });
      const temporary = `${ref.path}.${process.pid}.sync.tmp`;
      fs.writeFileSync(temporary, bytes);
      fs.renameSync(temporary, ref.path);
    }
  }

  // ---- push and pull ----

  /** The next push batch: up to SYNC_BATCH changes, ending before their data passes SYNC_PUSH_BYTES. */
  function nextBatch(): ChangeRow[] {
    const rows = pendingChanges.all(acked(), SYNC_BATCH) as ChangeRow[];
    let bytes = 0;
    const end = rows.findIndex((row, index) => (bytes += row.data.length) > SYNC_PUSH_BYTES && index > 0);
    return end === -1 ? rows : rows.slice(0, end);
  }

  async function push(client: CentralClient, staffIin: string): Promise<void> {
    const total = countPending.get(acked()) as number;
    let done = 0;
    if (total > 0) {
      progress = { phase: 'push', done, total };
      notifyProgress();
    }
    for (;;) {
      const rows = nextBatch();
      if (rows.length === 0) return;
      const changes: SyncChange[] = rows.map((row) => ({
        changeId: row.change_id,
        seq: row.seq,
        entity: row.entity,
        entityId: row.entity_id,
        op: row.op,
        data: JSON.parse(row.data) as Record<string, unknown>,
        at: row.at,
        workstationId: row.workstation_id,
        actorId: row.actor_id,
      }));
      const refs = changes.flatMap((change) => blobRefs(change.entity, change.op, change.data, ctx));
      if (refs.length > 0) {
        progress = { phase: 'blobs', done, total };
        notifyProgress();
        await sendBlobs(client, staffIin, refs);
      }
      const reply = await client.call<PushReply>(SYNC_ROUTES.push, { changes }, staffIin);
      const byId = new Map(changes.map((change) => [change.changeId, change]));
      db.transaction(() => {
        for (const rejected of reply.rejected) {
          const change = byId.get(rejected.changeId);
          const requestId = rejected.entity === 'request' ? rejected.entityId : rejected.entity === 'request_event' ? String(change?.data.requestId ?? '') || null : null;
          insertConflict.run(newId(), rejected.changeId, rejected.entity, rejected.entityId, requestId, rejected.reason, rejected.detail ? JSON.stringify(rejected.detail) : null, now().toISOString());
        }
        writeState.run('push_acked_seq', String(Math.max(acked(), reply.ackedSeq)));
      })();
      done += rows.length;
      progress = { phase: 'push', done, total };
      notifyProgress();
      await hooks.afterPushBatch?.(reply.ackedSeq);
      if (reply.ackedSeq < rows.at(-1)!.seq) throw new Error(`the server stored up to ${reply.ackedSeq} of ${rows.at(-1)!.seq}`);
    }
  }

  async function pull(client: CentralClient, staffIin: string): Promise<void> {
    let done = 0;
    const fetchPage = (after: string) => client.call<PullReply>(SYNC_ROUTES.pull, { cursor: after, limit: SYNC_BATCH }, staffIin);
    let next: Promise<PullReply> | null = fetchPage(cursor());
    while (next) {
      const page: PullReply = await next;
      // The next page is asked for while this one is applied (the server reads, we write): its
      // cursor is saved only with this page's changes, so a run cut anywhere still resumes right.
      next = page.more ? fetchPage(page.cursor) : null;
      next?.catch(() => undefined); // awaited next turn; a failure meanwhile is not unhandled
      await fetchBlobs(client, staffIin, page.changes.flatMap((change) => blobRefs(change.entity, change.op, change.data, ctx)));
      db.transaction(() => {
        applyPage(page.changes, ctx);
        writeState.run('pull_cursor', page.cursor);
      })();
      done += page.changes.length;
      progress = { phase: 'pull', done, total: null };
      notifyProgress();
      await hooks.afterPullPage?.(page.cursor);
    }
  }

  async function run(): Promise<void> {
    const client = link.client();
    const staffIin = deps.staffIin();
    if (!client || !staffIin) return;
    try {
      await push(client, staffIin);
      await pull(client, staffIin);
      writeState.run('last_synced_at', now().toISOString());
      db.prepare(`DELETE FROM sync_state WHERE key = 'last_error'`).run();
      failures = 0;
      link.report(true);
    } catch (error) {
      if (stopped) return; // the workstation is closing: its database may be gone already
      failures += 1;
      const offline = error instanceof Error && 'kind' in error && ((error as { kind: string }).kind === 'offline' || (error as { kind: string }).kind === 'timeout');
      if (offline) link.report(false);
      writeState.run('last_error', offline ? 'offline' : error instanceof Error ? error.message.slice(0, 300) : String(error));
    } finally {
      progress = null;
    }
  }

  function syncNow(): Promise<SyncStatus> {
    if (stopped) return Promise.resolve(settledStatus());
    if (running) {
      // The run going may be past its push already: one more run follows it (shared by every caller
      // meanwhile), so that what was changed before this call is sent by the run it waits for.
      follow ??= running.then(() => {
        follow = null;
        return stopped ? settledStatus() : syncNow();
      });
      return follow;
    }
    running = run().finally(() => {
      running = null;
      if (stopped) return;
      notify();
      schedule();
    });
    notify();
    return running.then(() => settledStatus());
  }

  function schedule() {
    if (!started) return;
    if (timer) clearTimeout(timer);
    const base = failures === 0 ? INTERVAL_MS : Math.min(MAX_BACKOFF_MS, 2_000 * 2 ** Math.min(failures, 8));
    timer = setTimeout(() => void syncNow(), base * (0.8 + Math.random() * 0.4));
    timer.unref();
  }

  return {
    status,
    syncNow,
    conflicts() {
      return (listConflicts.all() as Array<Record<string, unknown>>).map((row) => ({
        id: row.id as string,
        entity: row.entity as string,
        entityId: row.entity_id as string,
        requestNumber: (row.request_number as string | null) ?? null,
        reason: row.reason as SyncConflict['reason'],
        detail: row.detail ? (JSON.parse(row.detail as string) as SyncConflict['detail']) : null,
        at: row.at as string,
        seen: row.seen === 1,
      }));
    },
    markConflictSeen(id) {
      db.prepare(`UPDATE sync_conflicts SET seen = 1 WHERE id = ?`).run(id);
      notify();
      return this.conflicts();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    localChanged() {
      if (stopped) return;
      // After the change's transaction: better-sqlite3 commits before the event loop turns.
      if (settleTimer) clearTimeout(settleTimer);
      settleTimer = setTimeout(() => {
        settleTimer = null;
        notify();
        // During a run, syncNow queues one more after it: a change made now is sent soon either way.
        if (started) void syncNow();
      }, started ? SETTLE_MS : 200);
      settleTimer.unref();
    },
    start() {
      started = true;
      schedule();
    },
    stop() {
      started = false;
      stopped = true;
      if (timer) clearTimeout(timer);
      if (settleTimer) clearTimeout(settleTimer);
    },
  };
}

function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}
