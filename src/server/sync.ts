// The server's side of synchronisation (issue 8): pushes stored once per change id in one
// transaction and given a global order; pulls served after a cursor, scoped to the caller's
// provider; blobs kept by SHA-256, received in chunks that resume at the stored offset.
//
// The one rule that needs the server's judgement is about requests worked on by two workstations
// while offline: a history event is accepted only when it continues the chain the server already
// has (seq = head + 1, prevHash = head's hash). The first workstation to arrive keeps the request;
// the other's events — and its later snapshots of that request — are stored as rejected, answered
// with who has it now, and never served to others. Everything else (signatures, documents, journal
// entries, attachments) is a fact that happened and is accepted as it is.
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import {
  blobGetSchema,
  blobPutSchema,
  blobsHaveSchema,
  BLOB_CHUNK,
  pullBodySchema,
  pushBodySchema,
  SYNC_BODY_LIMIT,
  SYNC_ROUTES,
  type BlobGetReply,
  type BlobPutReply,
  type BlobsHaveReply,
  type PullReply,
  type PushReply,
  type RejectedChange,
  type RejectReason,
  type ServerChange,
  type SyncChange,
} from '../shared/sync';
import type { CallerIdentity } from './auth';
import type { Sql, SqlRunner } from './db/sql';

export const SYNC_MIGRATION_SQL = `
  CREATE TABLE sync_change (
    global_seq bigserial PRIMARY KEY,
    change_id uuid NOT NULL UNIQUE,
    provider_code text NOT NULL,
    origin text NOT NULL,
    local_seq bigint,
    entity text NOT NULL,
    entity_id text NOT NULL,
    op text NOT NULL,
    data jsonb NOT NULL,
    at text NOT NULL,
    actor_id text,
    received_at timestamptz NOT NULL,
    rejected text,
    rejected_detail jsonb
  );
  CREATE INDEX sync_change_pull ON sync_change (provider_code, global_seq) WHERE rejected IS NULL;
  CREATE TABLE sync_ack (workstation_id uuid PRIMARY KEY, acked_seq bigint NOT NULL);
  CREATE TABLE sync_request_head (
    request_id text PRIMARY KEY,
    provider_code text NOT NULL,
    head_seq integer NOT NULL,
    head_hash text NOT NULL,
    state text NOT NULL,
    origin text NOT NULL,
    actor_id text
  );
  CREATE TABLE sync_blob (
    sha256 char(64) PRIMARY KEY,
    provider_code text NOT NULL,
    size bigint NOT NULL,
    data bytea NOT NULL,
    complete boolean NOT NULL
  );`;

export class SyncInputFailure extends Error {
  constructor(readonly issues: Array<{ path: string; code: string }>) {
    super('invalid input');
  }
}

interface EventData {
  seq?: number;
  requestId?: string;
  prevHash?: string;
  hash?: string;
  to?: string;
  action?: string;
  actorId?: string;
}

/**
 * Told of the changes a push stored as accepted (in the caller's order), inside the push's
 * transaction: the portal's side reads them. Called once per push, so it can look its rows up at once.
 */
export type AcceptedChangeObserver = (tx: SqlRunner, caller: CallerIdentity, changes: readonly SyncChange[], now: Date) => Promise<void>;

/**
 * A provider's changes are numbered (global_seq) and must become visible in that order: a pull reads
 * after a cursor, so a change numbered before another but committed after it would never be served to
 * a workstation that already pulled past it. So every transaction that adds changes to a provider's
 * stream takes this lock before its first insert, and holds it until it commits.
 */
export async function lockChangeStream(tx: SqlRunner, providerCode: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [streamLock(providerCode)]);
}
const streamLock = (providerCode: string) => `sync_change:${providerCode}`;

/**
 * Stores a push: each change once, in the caller's order, judged against the requests' heads.
 * Set-based and in few round trips, because a first sync pushes tens of thousands of changes and an
 * office's workstations push every few seconds: one query finds the changes already stored and locks
 * the heads the batch touches, the verdicts are reached in memory in the batch's order, then one
 * statement stores the batch, moves the heads and the workstation's acknowledgement.
 */
export async function storePush(
  sql: Sql,
  caller: CallerIdentity,
  changes: readonly SyncChange[],
  now: Date,
  observe?: AcceptedChangeObserver,
): Promise<PushReply> {
  const ordered = [...changes].sort((a, b) => a.seq - b.seq);
  if (ordered.some((change) => change.workstationId !== caller.workstationId)) {
    throw new SyncInputFailure([{ path: 'changes.workstationId', code: 'not_the_caller' }]);
  }
  const requestIds = [...new Set(ordered.map(judgedRequest).filter((id): id is string => id !== null))];
  return sql.transaction(async (tx) => {
    // One push per workstation at a time (a retried batch racing its original waits, then finds it
    // stored), and the provider's stream (see lockChangeStream), in one round trip.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1)), pg_advisory_xact_lock(hashtext($2))`, [caller.workstationId, streamLock(caller.providerCode)]);
    const { stored, heads } = await readBatchState(tx, ordered, requestIds);
    const moved = new Set<string>();
    const fresh: SyncChange[] = [];
    const verdicts: Verdict[] = [];
    const rejected: RejectedChange[] = [];
    const accepted: SyncChange[] = [];
    for (const change of ordered) {
      // Stored before, or earlier in this very batch: a duplicate, answered as it was judged then.
      const key = change.changeId.toLowerCase();
      const previous = stored.get(key);
      if (previous) {
        if (!previous.ok) rejected.push(rejection(change, previous.reason, previous.detail));
        continue;
      }
      const verdict = judge(heads, moved, caller, change);
      stored.set(key, verdict);
      fresh.push(change);
      verdicts.push(verdict);
      if (verdict.ok) accepted.push(change);
      else rejected.push(rejection(change, verdict.reason, verdict.detail));
    }
    const ackedSeq = await writeBatch(tx, caller, fresh, verdicts, [...moved].map((id) => heads.get(id)!), ordered.at(-1)?.seq ?? 0, now);
    if (accepted.length > 0) await observe?.(tx, caller, accepted, now);
    return { ackedSeq, accepted: accepted.length, duplicates: ordered.length - fresh.length, rejected, serverTime: now.toISOString() };
  });
}

function rejection(change: SyncChange, reason: RejectReason, detail?: RejectedChange['detail']): RejectedChange {
  return { changeId: change.changeId, entity: change.entity, entityId: change.entityId, reason, ...(detail ? { detail } : {}) };
}

type Verdict = { ok: true } | { ok: false; reason: RejectReason; detail?: RejectedChange['detail'] };

interface Head {
  request_id: string;
  provider_code: string;
  head_seq: number;
  head_hash: string;
  state: string;
  origin: string;
  actor_id: string | null;
}

/** The request a change judges against (a history event's request, or the request itself). */
function judgedRequest(change: SyncChange): string | null {
  if (change.entity === 'request') return change.entityId;
  if (change.entity !== 'request_event') return null;
  const event = change.data as EventData;
  if (!event.requestId || typeof event.seq !== 'number' || !event.hash || !event.prevHash) {
    throw new SyncInputFailure([{ path: 'changes.data', code: 'not_a_history_event' }]);
  }
  return event.requestId;
}

/** The batch's changes the server already has (with their verdicts), and its requests' heads, locked until the push commits. */
async function readBatchState(tx: SqlRunner, changes: readonly SyncChange[], requestIds: readonly string[]): Promise<{ stored: Map<string, Verdict>; heads: Map<string, Head> }> {
  const [row] = await tx.query<{ stored: StoredRow[] | string; heads: Head[] | string }>(
    `SELECT
       (SELECT coalesce(json_agg(json_build_object('change_id', change_id, 'rejected', rejected, 'rejected_detail', rejected_detail)), '[]')
          FROM sync_change WHERE change_id = ANY($1::uuid[])) AS stored,
       (SELECT coalesce(json_agg(locked), '[]')
          FROM (SELECT * FROM sync_request_head WHERE request_id = ANY($2::text[]) ORDER BY request_id FOR UPDATE) AS locked) AS heads`,
    [changes.map((change) => change.changeId), requestIds],
  );
  const parsed = <T>(value: T[] | string): T[] => (typeof value === 'string' ? (JSON.parse(value) as T[]) : value);
  const stored = new Map<string, Verdict>(
    parsed(row!.stored).map((item) => [
      item.change_id.toLowerCase(),
      item.rejected ? { ok: false, reason: item.rejected as RejectReason, detail: item.rejected_detail ?? undefined } : { ok: true },
    ]),
  );
  return { stored, heads: new Map(parsed(row!.heads).map((head) => [head.request_id, head])) };
}

interface StoredRow {
  change_id: string;
  rejected: string | null;
  rejected_detail: RejectedChange['detail'] | null;
}

function judge(heads: Map<string, Head>, moved: Set<string>, caller: CallerIdentity, change: SyncChange): Verdict {
  if (change.entity === 'request_event') return judgeEvent(heads, moved, caller, change.data as EventData);
  if (change.entity === 'request') {
    const head = heads.get(change.entityId);
    if (!head) return { ok: true };
    if (head.provider_code !== caller.providerCode) return { ok: false, reason: 'foreign_provider' };
    // A snapshot of the request is taken only when it stands on the history the server has.
    const snapshotHead = (change.data as { head?: { seq: number; hash: string } | null }).head ?? null;
    if (snapshotHead && snapshotHead.seq === head.head_seq && snapshotHead.hash === head.head_hash) return { ok: true };
    if (!snapshotHead || snapshotHead.seq < head.head_seq) {
      // Older than what the server has: either ours from before (harmless, stale) or the loser's.
      return { ok: false, reason: head.origin === caller.workstationId ? 'history_diverged' : 'taken_by_another', detail: headDetail(head) };
    }
    return { ok: false, reason: 'history_diverged', detail: headDetail(head) };
  }
  return { ok: true };
}

function headDetail(head: Head): RejectedChange['detail'] {
  return { workstationId: head.origin, actorId: head.actor_id, state: head.state, headSeq: head.head_seq };
}

function judgeEvent(heads: Map<string, Head>, moved: Set<string>, caller: CallerIdentity, event: EventData): Verdict {
  const requestId = event.requestId as string;
  const head = heads.get(requestId);
  if (head && head.provider_code !== caller.providerCode) return { ok: false, reason: 'foreign_provider' };
  const continues = head ? event.seq === head.head_seq + 1 && event.prevHash === head.head_hash : event.seq === 1;
  if (!head && !continues) {
    // Its request's earlier events have not arrived (a batch delivered before an earlier one): the
    // batch is refused whole, nothing of it stored, to be sent again after them. Taken now, this event
    // would stand as the head, and the earlier ones, arriving later, be refused.
    throw new SyncInputFailure([{ path: 'changes.data.seq', code: 'out_of_order' }]);
  }
  if (!continues) {
    // Another workstation's event already stands where this one would: the first to arrive keeps it.
    const reason: RejectReason = head!.origin !== caller.workstationId ? 'taken_by_another' : 'history_diverged';
    return { ok: false, reason, detail: headDetail(head!) };
  }
  heads.set(requestId, {
    request_id: requestId,
    provider_code: caller.providerCode,
    head_seq: event.seq as number,
    head_hash: event.hash as string,
    state: event.to ?? '',
    origin: caller.workstationId,
    actor_id: event.actorId ?? null,
  });
  moved.add(requestId);
  return { ok: true };
}

/**
 * One statement: the batch stored (global_seq follows the batch's order: rows are numbered as they
 * come), the heads it moved, and the workstation's acknowledgement, which it answers.
 */
async function writeBatch(
  tx: SqlRunner,
  caller: CallerIdentity,
  changes: readonly SyncChange[],
  verdicts: readonly Verdict[],
  heads: readonly Head[],
  lastSeq: number,
  now: Date,
): Promise<number> {
  const [ack] = await tx.query<{ acked_seq: string }>(
    `WITH stored AS (
       INSERT INTO sync_change (change_id, provider_code, origin, local_seq, entity, entity_id, op, data, at, actor_id, received_at, rejected, rejected_detail)
       SELECT change_id, $1, $2, local_seq, entity, entity_id, op, data::jsonb, at, actor_id, $3, rejected, rejected_detail::jsonb
       FROM unnest($4::uuid[], $5::bigint[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])
         WITH ORDINALITY AS batch (change_id, local_seq, entity, entity_id, op, data, at, actor_id, rejected, rejected_detail, position)
       ORDER BY position
     ), moved AS (
       INSERT INTO sync_request_head (request_id, provider_code, head_seq, head_hash, state, origin, actor_id)
       SELECT * FROM unnest($14::text[], $15::text[], $16::int[], $17::text[], $18::text[], $19::text[], $20::text[])
       ON CONFLICT (request_id) DO UPDATE SET head_seq = excluded.head_seq, head_hash = excluded.head_hash,
         state = excluded.state, origin = excluded.origin, actor_id = excluded.actor_id
     )
     INSERT INTO sync_ack (workstation_id, acked_seq) VALUES ($2::uuid, $21)
     ON CONFLICT (workstation_id) DO UPDATE SET acked_seq = GREATEST(sync_ack.acked_seq, excluded.acked_seq)
     RETURNING acked_seq::text AS acked_seq`,
    [
      caller.providerCode,
      caller.workstationId,
      now,
      changes.map((change) => change.changeId),
      changes.map((change) => change.seq),
      changes.map((change) => change.entity),
      changes.map((change) => change.entityId),
      changes.map((change) => change.op),
      changes.map((change) => JSON.stringify(change.data)),
      changes.map((change) => change.at),
      changes.map((change) => change.actorId),
      verdicts.map((verdict) => (verdict.ok ? null : verdict.reason)),
      verdicts.map((verdict) => (verdict.ok ? null : JSON.stringify(verdict.detail ?? {}))),
      heads.map((head) => head.request_id),
      heads.map((head) => head.provider_code),
      heads.map((head) => head.head_seq),
      heads.map((head) => head.head_hash),
      heads.map((head) => head.state),
      heads.map((head) => head.origin),
      heads.map((head) => head.actor_id),
      lastSeq,
    ],
  );
  return Number(ack!.acked_seq);
}

/** The provider's accepted changes after the cursor, others' first-hand (not the caller's own). */
export async function servePull(sql: Sql, caller: CallerIdentity, cursor: string, limit: number, now: Date): Promise<PullReply> {
  const after = /^\d{1,19}$/.test(cursor) ? cursor : '0';
  const rows = await sql.query<{
    global_seq: string;
    change_id: string;
    origin: string;
    entity: string;
    entity_id: string;
    op: 'insert' | 'update' | 'delete';
    data: Record<string, unknown>;
    at: string;
    actor_id: string | null;
  }>(
    `SELECT global_seq::text AS global_seq, change_id, origin, entity, entity_id, op, data, at, actor_id FROM sync_change
     WHERE provider_code = $1 AND rejected IS NULL AND sync_change.global_seq > $2::bigint
     ORDER BY sync_change.global_seq LIMIT $3`,
    [caller.providerCode, after, limit + 1],
  );
  const page = rows.slice(0, limit);
  const changes: ServerChange[] = page
    .filter((row) => row.origin !== caller.workstationId)
    .map((row) => ({
      globalSeq: row.global_seq,
      changeId: row.change_id,
      origin: row.origin,
      entity: row.entity,
      entityId: row.entity_id,
      op: row.op,
      data: typeof row.data === 'string' ? (JSON.parse(row.data) as Record<string, unknown>) : row.data,
      at: row.at,
      workstationId: row.origin === 'portal' ? '00000000-0000-0000-0000-000000000000' : row.origin,
      actorId: row.actor_id,
    }));
  return { changes, cursor: page.at(-1)?.global_seq ?? after, more: rows.length > limit, serverTime: now.toISOString() };
}

export async function blobsHave(sql: Sql, caller: CallerIdentity, hashes: readonly string[]): Promise<BlobsHaveReply> {
  if (hashes.length === 0) return { blobs: {} };
  const rows = await sql.query<{ sha256: string; received: string; complete: boolean }>(
    `SELECT sha256, length(data)::text AS received, complete FROM sync_blob WHERE provider_code = $1 AND sha256 = ANY($2::text[])`,
    [caller.providerCode, hashes],
  );
  return { blobs: Object.fromEntries(rows.map((row) => [row.sha256, { received: Number(row.received), complete: row.complete }])) };
}

/** Appends a chunk at the stored offset; the blob is complete (and kept) only when its SHA-256 matches. */
export async function blobPut(sql: Sql, caller: CallerIdentity, input: z.output<typeof blobPutSchema>): Promise<BlobPutReply> {
  const chunk = Buffer.from(input.data, 'base64');
  if (chunk.length > BLOB_CHUNK) throw new SyncInputFailure([{ path: 'data', code: 'too_large' }]);
  return sql.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [input.sha256]);
    const [row] = await tx.query<{ received: string; complete: boolean; size: string }>(
      `SELECT length(data)::text AS received, complete, size::text AS size FROM sync_blob WHERE sha256 = $1 AND provider_code = $2`,
      [input.sha256, caller.providerCode],
    );
    if (row?.complete) return { received: Number(row.received), complete: true };
    const received = row ? Number(row.received) : 0;
    // Not where the server is: the sender resumes from the server's offset (a lost or repeated chunk).
    if (input.offset !== received) return { received, complete: false };
    if (received + chunk.length > input.size) throw new SyncInputFailure([{ path: 'data', code: 'beyond_size' }]);
    if (row) await tx.query(`UPDATE sync_blob SET data = data || $1 WHERE sha256 = $2 AND provider_code = $3`, [chunk, input.sha256, caller.providerCode]);
    else await tx.query(`INSERT INTO sync_blob (sha256, provider_code, size, data, complete) VALUES ($1, $2, $3, $4, false)`, [input.sha256, caller.providerCode, input.size, chunk]);
    const total = received + chunk.length;
    if (total < input.size) return { received: total, complete: false };
    const [whole] = await tx.query<{ data: Uint8Array }>(`SELECT data FROM sync_blob WHERE sha256 = $1 AND provider_code = $2`, [input.sha256, caller.providerCode]);
    const actual = createHash('sha256').update(whole!.data).digest('hex');
    if (actual !== input.sha256) {
      // Damaged on the way: dropped whole, to be sent again.
      await tx.query(`DELETE FROM sync_blob WHERE sha256 = $1 AND provider_code = $2`, [input.sha256, caller.providerCode]);
      return { received: 0, complete: false };
    }
    await tx.query(`UPDATE sync_blob SET complete = true WHERE sha256 = $1 AND provider_code = $2`, [input.sha256, caller.providerCode]);
    return { received: total, complete: true };
  });
}

export async function blobGet(sql: Sql, caller: CallerIdentity, input: z.output<typeof blobGetSchema>): Promise<BlobGetReply | null> {
  const rows = await sql.query<{ size: string; part: Uint8Array }>(
    `SELECT size::text AS size, substring(data FROM $3::int + 1 FOR $4::int) AS part FROM sync_blob
     WHERE sha256 = $1 AND provider_code = $2 AND complete`,
    [input.sha256, caller.providerCode, input.offset, BLOB_CHUNK],
  );
  const row = rows[0];
  if (!row) return null;
  return { size: Number(row.size), offset: input.offset, data: Buffer.from(row.part).toString('base64') };
}

export function registerSyncRoutes(
  app: FastifyInstance,
  sql: Sql,
  now: () => Date,
  parse: <S extends z.ZodType>(schema: S, body: unknown) => z.output<S>,
  observe?: AcceptedChangeObserver,
): void {
  const options = { bodyLimit: SYNC_BODY_LIMIT };
  app.post(SYNC_ROUTES.push, options, async (request) => {
    const body = parse(pushBodySchema, request.body);
    return storePush(sql, request.caller as CallerIdentity, body.changes, now(), observe);
  });
  app.post(SYNC_ROUTES.pull, options, async (request) => {
    const body = parse(pullBodySchema, request.body);
    return servePull(sql, request.caller as CallerIdentity, body.cursor, body.limit, now());
  });
  app.post(SYNC_ROUTES.blobsHave, options, async (request) => {
    const body = parse(blobsHaveSchema, request.body);
    return blobsHave(sql, request.caller as CallerIdentity, body.hashes);
  });
  app.post(SYNC_ROUTES.blobPut, options, async (request) => {
    const body = parse(blobPutSchema, request.body);
    return blobPut(sql, request.caller as CallerIdentity, body);
  });
  app.post(SYNC_ROUTES.blobGet, options, async (request, reply) => {
    const body = parse(blobGetSchema, request.body);
    const part = await blobGet(sql, request.caller as CallerIdentity, body);
    if (!part) return reply.code(404).send({ error: 'not_found', message: 'no such blob' });
    return part;
  });
}
