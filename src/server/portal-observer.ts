// Back to the applicant (issue 8): the sync push's observer keeps the portal's view of each request
// that came from the portal in step with what the provider's workstations do to it. Called inside
// the push's transaction with the changes the server accepted (a change is accepted once), so the
// view, the notifications and the results are written with the change or not at all.
//
//   request_event     state and deadline; a notification on every status change the regulations
//                     notify about, on an extension of the term, and on a refusal (with its reason)
//   request           the snapshot that follows an event: state, deadline, the catalogue's refusal ground
//   issued_document   a result (or a reasoned refusal) the applicant can download: its PDF is already
//                     in sync_blob (the workstation sends a change's blobs before the change)
//   document_delivery a send "via portal": the document is delivered; the server answers the
//                     workstations with the delivery as `sent` (a change of origin portal)
import type { CallerIdentity } from './auth';
import type { SqlRunner } from './db/sql';
import { appendPortalChange } from './portal-submission';
import type { AcceptedChangeObserver } from './sync';
import type { SyncChange } from '../shared/sync';
import { actionDefinition, type EventData } from '../shared/requests/lifecycle';

interface EventChange {
  requestId: string;
  action: string;
  from: string;
  to: string;
  at: string;
  reason?: string;
  data?: EventData;
}

/** Events whose reason the applicant must read (staff write it for them). */
const REASON_FOR_APPLICANT = new Set(['refuse', 'extend_term', 'return_for_correction', 'withdraw']);

function requestIdOf(change: SyncChange): string | null {
  const data = change.data;
  switch (change.entity) {
    case 'request':
      return change.entityId;
    case 'request_event':
      return typeof data.requestId === 'string' ? data.requestId : null;
    case 'issued_document':
    case 'document_delivery':
      return typeof data.request_id === 'string' ? data.request_id : null;
    default:
      return null;
  }
}

export function createPortalObserver(): AcceptedChangeObserver {
  return async (tx, caller, changes, now) => {
    const concerned = changes.map((change) => ({ change, requestId: requestIdOf(change) })).filter((item): item is { change: SyncChange; requestId: string } => item.requestId !== null);
    if (concerned.length === 0) return;
    // One look for the whole push: most requests did not come from the portal.
    const views = await tx.query<{ request_id: string }>(
      `SELECT request_id FROM portal_request WHERE request_id = ANY($1::text[]) AND provider_code = $2 ORDER BY request_id FOR UPDATE`,
      [[...new Set(concerned.map((item) => item.requestId))], caller.providerCode],
    );
    const portal = new Set(views.map((view) => view.request_id));
    for (const { change, requestId } of concerned) {
      if (!portal.has(requestId)) continue;
      switch (change.entity) {
        case 'request_event':
          await onEvent(tx, change, requestId, now);
          break;
        case 'request':
          await onSnapshot(tx, change, requestId, now);
          break;
        case 'issued_document':
          await onDocument(tx, change, requestId);
          break;
        case 'document_delivery':
          await onDelivery(tx, caller, change, requestId, now);
          break;
      }
    }
  };
}

async function onEvent(tx: SqlRunner, change: SyncChange, requestId: string, now: Date): Promise<void> {
  const event = change.data as unknown as EventChange;
  const newDeadline = event.action === 'extend_term' ? (event.data?.newDeadline ?? null) : null;
  await tx.query(
    `UPDATE portal_request SET state = $2, deadline = COALESCE($3, deadline), updated_at = $4 WHERE request_id = $1`,
    [requestId, event.to, newDeadline, now],
  );
  const definition = actionDefinition(event.action);
  if (!definition?.notifiesApplicant) return;
  const reason = REASON_FOR_APPLICANT.has(event.action) && event.reason ? event.reason : null;
  let notice: { kind: string; state: string | null; text: string; params: Record<string, string> | null };
  if (event.action === 'refuse') {
    notice = { kind: 'refusal', state: event.to, text: 'portal.notice.refused', params: event.data?.refusalGround ? { ground: event.data.refusalGround } : null };
  } else if (event.action === 'extend_term') {
    notice = {
      kind: 'term_extension',
      state: null,
      text: 'portal.notice.term_extended',
      params: { deadline: newDeadline ?? '', ...(event.data?.previousDeadline ? { previousDeadline: event.data.previousDeadline } : {}) },
    };
  } else if (event.from !== event.to) {
    notice = { kind: 'status_change', state: event.to, text: `portal.notice.state.${event.to}`, params: null };
  } else return;
  await tx.query(
    `INSERT INTO portal_notification (request_id, change_id, at, kind, state, text, params, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (change_id) DO NOTHING`,
    [requestId, change.changeId, event.at, notice.kind, notice.state, notice.text, notice.params ? JSON.stringify(notice.params) : null, reason],
  );
}

async function onSnapshot(tx: SqlRunner, change: SyncChange, requestId: string, now: Date): Promise<void> {
  const data = change.data as { state?: unknown; deadline?: unknown; refusalGround?: unknown };
  if (typeof data.state !== 'string') return;
  const ground = typeof data.refusalGround === 'string' ? data.refusalGround : null;
  await tx.query(
    `UPDATE portal_request SET state = $2, deadline = $3, refusal_ground = COALESCE($4, refusal_ground), updated_at = $5 WHERE request_id = $1`,
    [requestId, data.state, typeof data.deadline === 'string' ? data.deadline : null, ground, now],
  );
  if (ground) {
    // The refusal's notice names the catalogue's ground (finer than the lifecycle's, which the event carries).
    await tx.query(
      `UPDATE portal_notification SET params = COALESCE(params, '{}'::jsonb) || jsonb_build_object('ground', $2::text)
       WHERE request_id = $1 AND kind = 'refusal'`,
      [requestId, ground],
    );
  }
}

async function onDocument(tx: SqlRunner, change: SyncChange, requestId: string): Promise<void> {
  const data = change.data as Record<string, unknown>;
  const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : null);
  if (change.op !== 'insert' || !text('number') || !text('sha256') || !text('pdf_sha256')) return;
  await tx.query(
    `INSERT INTO portal_result (document_id, request_id, number, kind, action, issued_on, issued_at, sha256, pdf_sha256, pdf_size, delivered_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL) ON CONFLICT (document_id) DO NOTHING`,
    [
      change.entityId,
      requestId,
      text('number'),
      text('kind') ?? '',
      text('action') ?? 'mark_result_ready',
      text('issued_on') ?? '',
      text('issued_at'),
      text('sha256'),
      text('pdf_sha256'),
      typeof data.pdf_size === 'number' ? data.pdf_size : null,
    ],
  );
}

async function onDelivery(tx: SqlRunner, caller: CallerIdentity, change: SyncChange, requestId: string, now: Date): Promise<void> {
  const data = change.data as Record<string, unknown>;
  if (change.op !== 'insert' || data.via !== 'portal' || typeof data.document_id !== 'string') return;
  const delivered = await tx.query(
    `UPDATE portal_result SET delivered_at = COALESCE(delivered_at, $3) WHERE document_id = $1 AND request_id = $2 RETURNING document_id`,
    [data.document_id, requestId, typeof data.at === 'string' ? data.at : now.toISOString()],
  );
  if (delivered.length === 0) return;
  // The portal has it: the workstations learn that the queued send went out.
  await appendPortalChange(tx, caller.providerCode, 'document_delivery', change.entityId, 'update', { ...data, state: 'sent' }, now.toISOString(), now);
}
