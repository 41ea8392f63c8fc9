// Batch signing: the authorised signer marks the results of many requests ready after one PIN entry.
// Each result is the document the case officer prepared (a draft of the documents service), signed
// inside its PDF and registered in its journals together with the transition.
//
// `start` opens the key once (one C_Login, or one decryption of the key file) — a wrong PIN, or a
// certificate that could sign none of the items, fails the call and nothing is signed — and returns
// the batch's id at once; the items are then worked through in the background, in order, on the
// signing module's per-item code: the subject as the request stands, the certificate checks, the CMS
// and its verification, and at once the transition with that signature, which records the signature,
// the history event and the change log in one transaction (or nothing). Each item's outcome is pushed
// to the connection that started the batch, then its end. An item that fails (its state changed, a
// refused check) is reported and the batch goes on; a key that stops working (the token pulled out)
// stops it, keeping what was done. `cancel` stops it before the next item. The key is closed at the
// end, on cancel and on failure; the PIN is never kept beyond the opening of the key.
import { ApiFailure, type ApiError } from '../../shared/api/errors';
import type { BatchError, KeyChoice, SignBatchEvent } from '../../shared/signing';
import { newId } from '../ids';
import type { AuditLog } from './audit';
import type { DocumentsService } from './documents';
import type { RequestActor, RequestStore } from './requests';
import type { SigningService, SigningSession } from './signing';

export interface BatchItem {
  requestId: string;
  action: 'mark_result_ready';
}

export interface BatchSigning {
  /** A UI connection and where its batch events go; `disconnect` stops its batches before their next item. */
  connect(connectionId: string, emit: (event: SignBatchEvent) => void): void;
  disconnect(connectionId: string): void;
  /**
   * Opens the key and starts the batch; `actor` is asked before every item for the person signing now
   * (null once they signed out: the batch stops).
   */
  start(
    connectionId: string,
    actor: () => RequestActor | null,
    input: { items: readonly BatchItem[]; key: KeyChoice; pin: string },
  ): { batchId: string; total: number };
  cancel(connectionId: string, batchId: string): null;
  /** Stops every batch and closes their keys (the workstation is closing). */
  close(): void;
}

interface RunningBatch {
  batchId: string;
  connectionId: string;
  items: BatchItem[];
  session: SigningSession;
  actor: () => RequestActor | null;
  actorIin: string;
  cancelled: boolean;
  done: number;
  signed: number;
  failed: number;
}

type ItemResult = { outcome: 'signed' } | { outcome: 'failed'; error: BatchError; fatal: boolean };

/** Give queued calls (a cancel) and I/O their turn between two items. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function asBatchError(error: unknown): BatchError {
  if (error instanceof ApiFailure) {
    const api: ApiError = error.toApiError();
    return { code: api.code, ...(api.params ? { params: api.params } : {}) };
  }
  return { code: 'internal' };
}

export function createBatchSigning(deps: { signing: SigningService; requests: RequestStore; documents: DocumentsService; audit: AuditLog }): BatchSigning {
  const { signing, requests, documents, audit } = deps;
  const sinks = new Map<string, (event: SignBatchEvent) => void>();
  const batches = new Map<string, RunningBatch>();
  let closed = false;

  const emit = (batch: RunningBatch, event: SignBatchEvent) => {
    try {
      sinks.get(batch.connectionId)?.(event);
    } catch {
      // A connection that went away: the batch stops before its next item (disconnect).
    }
  };

  async function signItem(batch: RunningBatch, actor: RequestActor, item: BatchItem): Promise<ItemResult> {
    try {
      // Not signed at all when the request cannot take this step now (the transition checks again).
      const current = requests.get(actor, item.requestId);
      if (!current.allowedActions.includes(item.action)) throw new ApiFailure('request_state', { action: item.action, state: current.state });
      await documents.signPrepared(actor, batch.session, item.requestId);
      return { outcome: 'signed' };
    } catch (error) {
      const shown = asBatchError(error);
      // The key itself failed (token pulled out, device error): every further item would fail too.
      return { outcome: 'failed', error: shown, fatal: shown.code === 'signing_failed' };
    }
  }

  async function run(batch: RunningBatch): Promise<void> {
    const total = batch.items.length;
    let end: { outcome: 'done' | 'cancelled' | 'failed'; error?: BatchError } = { outcome: 'done' };
    try {
      for (const item of batch.items) {
        if (batch.cancelled || closed) {
          end = { outcome: 'cancelled' };
          break;
        }
        const actor = batch.actor();
        if (!actor) {
          end = { outcome: 'cancelled', error: { code: 'not_signed_in' } };
          break;
        }
        const result = await signItem(batch, actor, item);
        batch.done += 1;
        if (result.outcome === 'signed') batch.signed += 1;
        else batch.failed += 1;
        emit(batch, {
          kind: 'item',
          batchId: batch.batchId,
          done: batch.done,
          total,
          requestId: item.requestId,
          outcome: result.outcome,
          ...(result.outcome === 'failed' ? { error: result.error } : {}),
        });
        if (result.outcome === 'failed' && result.fatal) {
          end = { outcome: 'failed', error: result.error };
          break;
        }
        await nextTurn();
      }
    } catch (error) {
      end = { outcome: 'failed', error: asBatchError(error) };
    } finally {
      batch.session.close();
      batches.delete(batch.batchId);
    }
    if (closed) return;
    try {
      audit.append({
        actorIin: batch.actorIin,
        action: 'signature.batch',
        subject: batch.batchId,
        detail: {
          outcome: end.outcome,
          total,
          signed: batch.signed,
          failed: batch.failed,
          certificate: batch.session.certificate.fingerprint,
          source: batch.session.source,
          ...(end.error ? { reason: String(end.error.params?.reason ?? end.error.code) } : {}),
        },
      });
    } catch {
      // The audit log is the database's: nothing else to tell if it cannot be written now.
    }
    emit(batch, { kind: 'finished', batchId: batch.batchId, done: batch.done, total, outcome: end.outcome, signed: batch.signed, failed: batch.failed, ...(end.error ? { error: end.error } : {}) });
  }

  return {
    connect(connectionId, emitEvent) {
      sinks.set(connectionId, emitEvent);
    },

    disconnect(connectionId) {
      sinks.delete(connectionId);
      for (const batch of batches.values()) if (batch.connectionId === connectionId) batch.cancelled = true;
    },

    start(connectionId, actorNow, input) {
      const actor = actorNow();
      if (!actor) throw new ApiFailure('not_signed_in');
      if ([...batches.values()].some((batch) => batch.connectionId === connectionId)) throw new ApiFailure('signing_refused', { reason: 'batch_running' });
      // Each request once, in the order given.
      const seen = new Set<string>();
      const items = input.items.filter((item) => !seen.has(item.requestId) && seen.add(item.requestId)).map((item) => ({ requestId: item.requestId, action: item.action }));
      // A wrong PIN (or a locked token, a missing key) fails here, before any item.
      const session = signing.openSession(input.key, input.pin);
      try {
        for (const action of new Set(items.map((item) => item.action))) session.checkSigner(actor, action);
      } catch (error) {
        session.close();
        throw error;
      }
      const batch: RunningBatch = {
        batchId: newId(),
        connectionId,
        items,
        session,
        actor: actorNow,
        actorIin: actor.iin,
        cancelled: false,
        done: 0,
        signed: 0,
        failed: 0,
      };
      batches.set(batch.batchId, batch);
      // After this call's answer has gone out: the first event never arrives before the batch's id.
      setImmediate(() => void run(batch));
      return { batchId: batch.batchId, total: items.length };
    },

    cancel(connectionId, batchId) {
      const batch = batches.get(batchId);
      if (!batch || batch.connectionId !== connectionId) throw new ApiFailure('not_found', { what: 'batch' });
      batch.cancelled = true;
      return null;
    },

    close() {
      closed = true;
      for (const batch of batches.values()) {
        batch.cancelled = true;
        batch.session.close();
      }
    },
  };
}
