// Synchronisation between workstations and the central server (issue 8): the wire format of push,
// pull and blob transfer, and what the UI shows of it. Both sides import it; the server validates
// every body with these schemas.
//
// Push: the workstation's change log, in its local order, in batches; each change carries its own id
// (the idempotency key), so a batch sent twice changes nothing the second time. The server answers
// with the last local sequence number it has (everything up to it is stored), so an interrupted push
// resumes there. Pull: the server's changes for the workstation's provider, in the server's global
// order, after a cursor the server issued. Blobs (signed documents, attachments) are named by their
// SHA-256, sent in chunks that resume at the server's offset, and never sent when the server has them.
import { z } from 'zod';

export const SYNC_ROUTES = {
  push: '/v1/sync/push',
  pull: '/v1/sync/pull',
  blobsHave: '/v1/sync/blobs/have',
  blobPut: '/v1/sync/blobs/put',
  blobGet: '/v1/sync/blobs/get',
} as const;

/** Changes per push batch and per pull page, at most (a first sync moves tens of thousands). */
export const SYNC_BATCH = 1000;
/** A push batch ends before its changes' data passes this many bytes (so that it fits SYNC_BODY_LIMIT). */
export const SYNC_PUSH_BYTES = 2 * 1024 * 1024;
/** Bytes of a blob per chunk (before base64). */
export const BLOB_CHUNK = 512 * 1024;
/** A sync call's body may be this large (a batch of changes, a chunk of a blob in base64). */
export const SYNC_BODY_LIMIT = 4 * 1024 * 1024;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const syncChangeSchema = z
  .object({
    changeId: z.uuid(),
    /** The workstation's local order (change_log.seq). */
    seq: z.number().int().positive(),
    entity: z.string().min(1).max(60),
    entityId: z.string().min(1).max(200),
    op: z.enum(['insert', 'update', 'delete']),
    data: z.record(z.string(), z.unknown()),
    at: z.string().min(10).max(40),
    workstationId: z.uuid(),
    actorId: z.string().max(80).nullable(),
  })
  .strict();
export type SyncChange = z.infer<typeof syncChangeSchema>;

export const pushBodySchema = z.object({ changes: z.array(syncChangeSchema).min(1).max(SYNC_BATCH) }).strict();
export type PushBody = z.infer<typeof pushBodySchema>;

/** Why the server did not take a change (it is kept, shown to the user, never silently dropped). */
export type RejectReason = 'taken_by_another' | 'history_diverged' | 'illegal_transition' | 'foreign_provider';

export interface RejectedChange {
  changeId: string;
  entity: string;
  entityId: string;
  reason: RejectReason;
  /** Who has the request now, when another workstation's change won. */
  detail?: { workstationId?: string; actorId?: string | null; state?: string; headSeq?: number };
}

export interface PushReply {
  /** The highest local seq the server has stored (accepted, duplicate or rejected). */
  ackedSeq: number;
  accepted: number;
  duplicates: number;
  rejected: RejectedChange[];
  serverTime: string;
}

export const pullBodySchema = z
  .object({
    /** Opaque to the workstation: what the last pull answered ('' for the first). */
    cursor: z.string().max(40),
    limit: z.number().int().min(1).max(SYNC_BATCH),
  })
  .strict();

/** A change as the server orders it; `origin` is the workstation that made it, or `portal`. */
export interface ServerChange extends Omit<SyncChange, 'seq'> {
  globalSeq: string;
  origin: string;
}

export interface PullReply {
  changes: ServerChange[];
  cursor: string;
  more: boolean;
  serverTime: string;
}

export const blobsHaveSchema = z.object({ hashes: z.array(sha256).max(500) }).strict();
/** For each hash: the bytes the server has (its size when complete). */
export interface BlobsHaveReply {
  blobs: Record<string, { received: number; complete: boolean }>;
}

export const blobPutSchema = z
  .object({
    sha256,
    size: z.number().int().min(0).max(200 * 1024 * 1024),
    offset: z.number().int().min(0),
    /** base64 of at most BLOB_CHUNK bytes */
    data: z.string().max(Math.ceil(BLOB_CHUNK / 3) * 4 + 4),
  })
  .strict();
export interface BlobPutReply {
  received: number;
  complete: boolean;
}

export const blobGetSchema = z.object({ sha256, offset: z.number().int().min(0) }).strict();
export interface BlobGetReply {
  size: number;
  offset: number;
  data: string;
}

// ---- what the UI shows ----

export interface SyncConflict {
  id: string;
  entity: string;
  entityId: string;
  /** The request's number, when the conflict is about a request. */
  requestNumber: string | null;
  reason: RejectReason;
  detail: RejectedChange['detail'] | null;
  at: string;
  /** The person acknowledged it (it stays in the record). */
  seen: boolean;
}

export interface SyncStatus {
  state: 'not_configured' | 'offline' | 'idle' | 'syncing' | 'error';
  lastSyncedAt: string | null;
  /** Local changes the server does not have yet. */
  pending: number;
  /** Blobs waiting to be sent. */
  pendingBlobs: number;
  /** During a run: what is done of what there is. */
  progress: { phase: 'push' | 'blobs' | 'pull'; done: number; total: number | null } | null;
  lastError: string | null;
  conflicts: number;
}
