// Applying the server's changes (made by other workstations of the provider, or by the portal) to
// this workstation's database. Each change is applied once (sync_applied), inside the pull page's
// transaction, and never written to this workstation's change log: it is not ours to push again.
//
// Requests: history events are appended where they continue the local chain. When the server's event
// stands where one of ours stands (another workstation took the request first, and the server kept
// theirs), ours are moved to request_history_superseded — both versions are kept — and the server's
// put in their place. A snapshot of the request row is applied only when it stands on the history we
// now have; a snapshot older than our own unpushed work is left (our push brings the server forward).
//
// Then our displaced steps that are still legal on the server's version are made again (issue 8:
// "server state wins for transitions that would be illegal, and both versions are kept"). At the end
// of the page (`applyPage`), for every request whose server version has arrived whole — its last
// event followed by the snapshot of the request standing on it, so the row is the server's — the
// steps kept aside and not decided yet are replayed (`rebaseSuperseded`):
//   - a run at a time: the steps one change of ours lost together, in their order (runs in the order
//     they were kept aside);
//   - ownership first: when the server's steps that displaced ours include an `assign` (someone took
//     the request), a run of ours with an `assign` or a `take_into_review` is not made again — the
//     first to reach the server keeps it, the other sees who has it (outcome `taken`);
//   - all or nothing: every step is checked with the shared lifecycle (checkTransition) from the state
//     the previous one reaches, by its original actor (still an active member of this workstation's
//     staff, with the roles they hold now) and the context it had (reason, ground, signature, new
//     deadline, assignee — still eligible; a signed decision only with its signature recorded here; a
//     registration never); one step that fails and none is made again: the server's version stands,
//     ours stays kept aside (outcome `illegal`);
//   - otherwise each is appended by the request store (RequestStore.replay: the same appender as any
//     step — hash chain, change log, the request's snapshot after it, its head) as a NEW event
//     continuing the server's chain, by its original actor: `at` is now (never before the chain's last
//     event: its times do not go backwards), its data say `rebasedFrom` (the hash of the step kept
//     aside) and `originalAt` (when it was first made). The next push sends them. The kept-aside step
//     says it was made again, and as which event (outcome `reapplied`, `reapplied_as`).
// A step made again can itself be displaced before the server has it (the other workstation went on
// meanwhile): then it is kept aside in turn and replayed by the same rules; the Timeline follows it.
// The store comes in the ApplyContext (`replayer`): the composition root hands it to the sync engine.
import type { Database, Statement } from 'better-sqlite3';
import { foldName } from '../../shared/registry';
import type { HistoryEvent } from '../../shared/requests/lifecycle';
import { PORTAL_ORIGIN } from '../../shared/portal';
import type { ServerChange } from '../../shared/sync';
import { eventOf, type HistoryRow, type RequestStore } from '../services/requests';

export interface BlobRef {
  sha256: string;
  /** Where the blob lives on this workstation. */
  path: string;
}

export interface ApplyContext {
  db: Database;
  now: () => Date;
  /** The local path of a document's PDF and of an attachment's file (content-addressed). */
  documentPath(sha256: string): string;
  attachmentPath(sha256: string): string;
  /** Makes displaced steps again (the request store of the same database); without it none is. */
  replayer?: StepReplayer;
}

/** The blobs a change refers to (to send before it is pushed, or to fetch before it is applied). */
export function blobRefs(entity: string, op: string, data: Record<string, unknown>, ctx: Pick<ApplyContext, 'documentPath' | 'attachmentPath'>): BlobRef[] {
  if (entity === 'issued_document' && op === 'insert' && typeof data.pdf_sha256 === 'string') {
    return [{ sha256: data.pdf_sha256, path: ctx.documentPath(data.pdf_sha256) }];
  }
  if (entity === 'request_attachment' && op === 'insert' && typeof data.sha256 === 'string') {
    return [{ sha256: data.sha256, path: ctx.attachmentPath(data.sha256) }];
  }
  return [];
}

type Applier = (change: ServerChange, ctx: ApplyContext) => void;

// Prepared once per database: a first sync applies tens of thousands of changes.
const statements = new WeakMap<Database, Map<string, Statement>>();
function sql(db: Database, text: string): Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let statement = cache.get(text);
  if (!statement) cache.set(text, (statement = db.prepare(text)));
  return statement;
}

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const json = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));

function localHead(db: Database, requestId: string): { seq: number; hash: string } | null {
  return (sql(db, `SELECT seq, hash FROM request_history WHERE request_id = ? ORDER BY seq DESC LIMIT 1`).get(requestId) as { seq: number; hash: string } | undefined) ?? null;
}

const applyRequest: Applier = (change, { db }) => {
  const data = change.data as Record<string, unknown> & {
    applicant: { kind: 'person' | 'organisation'; id: string; name: string };
    term: { kind: string; value: number } | null;
    head: { seq: number; hash: string } | null;
  };
  const existing = sql(db, `SELECT head_seq FROM requests WHERE id = ?`).get(change.entityId) as { head_seq: number } | undefined;
  if (existing) {
    const head = localHead(db, change.entityId);
    const same = head === null ? data.head === null : data.head !== null && data.head.seq === head.seq && data.head.hash === head.hash;
    if (!same) return;
  }
  const row = {
    id: change.entityId,
    number: str(data.number),
    service_code: str(data.service),
    operation: str(data.operation),
    channel: str(data.channel),
    state: str(data.state),
    applicant_kind: data.applicant.kind,
    applicant_id: data.applicant.id,
    applicant_name: data.applicant.name,
    applicant_folded: foldName(data.applicant.name),
    form: JSON.stringify(data.form ?? {}),
    documents: JSON.stringify(data.documents ?? {}),
    payment_ref: str(data.paymentRef),
    deadline_kind: data.term?.kind ?? null,
    deadline_value: data.term?.value ?? null,
    deadline: str(data.deadline),
    at_risk_from: str(data.atRiskFrom),
    assignee_id: str(data.assigneeId),
    refusal_ground: str(data.refusalGround),
    created_at: str(data.createdAt),
    created_by: str(data.createdBy),
    received_at: str(data.receivedAt),
    registered_at: str(data.registeredAt),
    completed_at: str(data.completedAt),
    updated_at: str(data.updatedAt),
    workstation_id: str(data.workstationId),
    head_seq: data.head?.seq ?? 0,
    head_hash: data.head?.hash ?? null,
  };
  sql(db, 
    `INSERT INTO requests (id, number, service_code, operation, channel, state, applicant_kind, applicant_id, applicant_name,
       applicant_folded, form, documents, payment_ref, deadline_kind, deadline_value, deadline, at_risk_from, assignee_id,
       refusal_ground, created_at, created_by, received_at, registered_at, completed_at, updated_at, workstation_id, head_seq, head_hash)
     VALUES (@id, @number, @service_code, @operation, @channel, @state, @applicant_kind, @applicant_id, @applicant_name,
       @applicant_folded, @form, @documents, @payment_ref, @deadline_kind, @deadline_value, @deadline, @at_risk_from, @assignee_id,
       @refusal_ground, @created_at, @created_by, @received_at, @registered_at, @completed_at, @updated_at, @workstation_id, @head_seq, @head_hash)
     ON CONFLICT (id) DO UPDATE SET state = excluded.state, form = excluded.form,
       documents = excluded.documents, payment_ref = excluded.payment_ref, deadline_kind = excluded.deadline_kind,
       deadline_value = excluded.deadline_value, deadline = excluded.deadline, at_risk_from = excluded.at_risk_from,
       assignee_id = excluded.assignee_id, refusal_ground = excluded.refusal_ground, received_at = excluded.received_at,
       registered_at = excluded.registered_at, completed_at = excluded.completed_at, updated_at = excluded.updated_at,
       head_seq = excluded.head_seq, head_hash = excluded.head_hash`,
  ).run(row);
  // The number apart, and only when it changed (at registration): naming it in the upsert would
  // rewrite the request's search entry (a trigger on the number) at every step.
  if (existing) sql(db, `UPDATE requests SET number = ? WHERE id = ? AND number IS NOT ?`).run(row.number, row.id, row.number);
};

const applyEvent: Applier = (change, { db, now }) => {
  const event = change.data as Record<string, unknown> & { requestId: string; seq: number; hash: string; prevHash: string };
  const present = sql(db, `SELECT hash FROM request_history WHERE request_id = ? AND seq = ?`).pluck().get(event.requestId, event.seq) as string | undefined;
  if (present === event.hash) return;
  if (present !== undefined) {
    // Ours stands where the server has another workstation's: keep ours aside, take the server's.
    const ours = sql(db, `SELECT * FROM request_history WHERE request_id = ? AND seq >= ? ORDER BY seq`).all(event.requestId, event.seq) as Record<string, unknown>[];
    sql(db, `INSERT OR IGNORE INTO sync_rebasing (request_id) VALUES (?)`).run(event.requestId);
    const keep = sql(db, `INSERT OR IGNORE INTO request_history_superseded (id, request_id, seq, event, superseded_at, by_workstation) VALUES (?, ?, ?, ?, ?, ?)`);
    for (const row of ours) keep.run(row.id, event.requestId, row.seq, JSON.stringify(row), now().toISOString(), change.origin);
    sql(db, `DELETE FROM request_history WHERE request_id = ? AND seq >= ?`).run(event.requestId, event.seq);
    sql(db, `DELETE FROM sync_rebasing WHERE request_id = ?`).run(event.requestId);
  }
  sql(db, 
    `INSERT INTO request_history (id, request_id, seq, action, from_state, to_state, actor_id, actor_iin, workstation_id, at, reason, data, prev_hash, hash)
     VALUES (@id, @request_id, @seq, @action, @from_state, @to_state, @actor_id, @actor_iin, @workstation_id, @at, @reason, @data, @prev_hash, @hash)`,
  ).run({
    id: change.entityId,
    request_id: event.requestId,
    seq: event.seq,
    action: str(event.action),
    from_state: str(event.from),
    to_state: str(event.to),
    actor_id: str(event.actorId),
    actor_iin: str(event.actorIin),
    workstation_id: str(event.workstationId),
    at: str(event.at),
    reason: str(event.reason),
    data: json(event.data),
    prev_hash: event.prevHash,
    hash: event.hash,
  });
  // The row repeats the chain's head (verify() checks it); the snapshot that follows sets the rest.
  const head = localHead(db, event.requestId);
  if (head) sql(db, `UPDATE requests SET head_seq = ?, head_hash = ?, state = ? WHERE id = ?`).run(head.seq, head.hash, str(event.to), event.requestId);
};

const applySignature: Applier = (change, { db }) => {
  const data = change.data;
  sql(db, 
    `INSERT OR IGNORE INTO signatures (id, request_id, action, content, cms, signer_iin, signer_name, certificate_fingerprint, key_source, checks, signed_at, workstation_id)
     VALUES (@id, @request_id, @action, @content, @cms, @signer_iin, @signer_name, @certificate_fingerprint, @key_source, @checks, @signed_at, @workstation_id)`,
  ).run({ ...pick(data, ['id', 'request_id', 'action', 'content', 'signer_iin', 'signer_name', 'certificate_fingerprint', 'key_source', 'checks', 'signed_at', 'workstation_id']), cms: Buffer.from(String(data.cms), 'base64') });
};

const applyDocument: Applier = (change, { db }) => {
  const data = change.data;
  sql(db, 
    `INSERT OR IGNORE INTO issued_documents (id, request_id, kind, action, number, provider_code, issued_at, issued_on, data, sha256,
       pdf_sha256, pdf_size, pages, p7s, signature_id, signer_iin, signer_name, qr_payload, created_by, workstation_id)
     VALUES (@id, @request_id, @kind, @action, @number, @provider_code, @issued_at, @issued_on, @data, @sha256,
       @pdf_sha256, @pdf_size, @pages, @p7s, @signature_id, @signer_iin, @signer_name, @qr_payload, @created_by, @workstation_id)`,
  ).run({
    ...pick(data, ['id', 'request_id', 'kind', 'action', 'number', 'provider_code', 'issued_at', 'issued_on', 'data', 'sha256', 'pdf_sha256', 'pdf_size', 'pages', 'signature_id', 'signer_iin', 'signer_name', 'qr_payload', 'created_by', 'workstation_id']),
    p7s: Buffer.from(String(data.p7s), 'base64'),
  });
};

const applyJournalEntry: Applier = (change, { db }) => {
  const data = change.data as Record<string, unknown>;
  sql(db, 
    `INSERT OR IGNORE INTO journal_entries (id, journal, provider_code, series, year, seq, number, request_id, document_number,
       document_sha256, subject, subject_folded, data, created_at, created_by, workstation_id)
     VALUES (@id, @journal, @provider_code, @series, @year, @seq, @number, @request_id, @document_number,
       @document_sha256, @subject, @subject_folded, @data, @created_at, @created_by, @workstation_id)`,
  ).run({
    id: change.entityId,
    journal: data.journal,
    provider_code: data.providerCode,
    series: data.series,
    year: data.year,
    seq: data.seq,
    number: data.number,
    request_id: data.requestId ?? null,
    document_number: data.documentNumber ?? null,
    document_sha256: data.documentSha256 ?? null,
    subject: data.subject,
    subject_folded: foldName(`${String(data.subject)} ${String(data.documentNumber ?? '')}`),
    data: JSON.stringify(data.data ?? {}),
    created_at: data.createdAt,
    created_by: data.createdBy,
    workstation_id: data.workstationId,
  });
};

// An attachment scanned at another workstation, or an applicant's file from the portal: its source is
// the change's origin (the server's word), never what the data say.
const applyAttachment: Applier = (change, { db }) => {
  const data = change.data as Record<string, unknown>;
  if (change.op === 'delete') {
    sql(db, `DELETE FROM request_attachments WHERE id = ?`).run(change.entityId);
    return;
  }
  sql(db, 
    `INSERT OR IGNORE INTO request_attachments (id, request_id, document_code, sha256, size, mime, pages, name, added_at, added_by, workstation_id, source)
     VALUES (@id, @request_id, @document_code, @sha256, @size, @mime, @pages, @name, @added_at, @added_by, @workstation_id, @source)`,
  ).run({
    source: change.origin === PORTAL_ORIGIN ? 'portal' : 'workstation',
    id: change.entityId,
    request_id: data.requestId,
    document_code: data.documentCode,
    sha256: data.sha256,
    size: data.size,
    mime: data.mime,
    pages: data.pages,
    name: data.name,
    added_at: data.addedAt,
    added_by: data.addedBy,
    workstation_id: data.workstationId,
  });
};

const applyDelivery: Applier = (change, { db }) => {
  const row = pick(change.data, ['id', 'document_id', 'request_id', 'via', 'state', 'at', 'by_staff', 'workstation_id']);
  sql(db, 
    `INSERT OR IGNORE INTO document_deliveries (id, document_id, request_id, via, state, at, by_staff, workstation_id)
     VALUES (@id, @document_id, @request_id, @via, @state, @at, @by_staff, @workstation_id)`,
  ).run(row);
  // The portal's answer to a queued send via portal (an update of origin portal): it went out.
  if (change.op === 'update') sql(db, `UPDATE document_deliveries SET state = ? WHERE id = ?`).run(row.state, row.id);
};

const applyDraft: Applier = (change, { db }) => {
  if (change.op === 'delete') {
    sql(db, `DELETE FROM document_drafts WHERE request_id = ?`).run(change.entityId);
    return;
  }
  const data = change.data;
  sql(db, 
    `INSERT INTO document_drafts (request_id, kind, details, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (request_id) DO UPDATE SET kind = excluded.kind, details = excluded.details, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  ).run(change.entityId, data.kind, JSON.stringify(data.details ?? {}), data.updatedAt, change.actorId ?? '');
};

const applyQuestionnaire: Applier = (change, { db }) => {
  const data = change.data;
  sql(db, 
    `INSERT OR IGNORE INTO request_questionnaires (id, request_id, quality, information, recorded_at, recorded_by, workstation_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(change.entityId, data.requestId, data.quality, data.information, data.recordedAt, data.recordedBy, change.workstationId);
};

const applyServiceTerm: Applier = (change, { db }) => {
  const data = change.data as { service: string; operation?: string | null; workingDays?: number };
  const operation = data.operation ?? '';
  if (change.op === 'delete') {
    sql(db, `DELETE FROM service_terms WHERE service_code = ? AND operation = ?`).run(data.service, operation);
    return;
  }
  sql(db, 
    `INSERT INTO service_terms (service_code, operation, working_days, set_at, set_by) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (service_code, operation) DO UPDATE SET working_days = excluded.working_days, set_at = excluded.set_at, set_by = excluded.set_by`,
  ).run(data.service, operation, data.workingDays, change.at, change.actorId ?? '');
};

// Other workstations' staff are known by name only: their accounts (and passwords) stay theirs.
const applyStaff: Applier = (change, { db }) => {
  const data = change.data as { iin: string; fullName: string; roles: unknown; active: boolean };
  sql(db, 
    `INSERT INTO staff_directory (id, iin, full_name, roles, active, workstation_id) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET full_name = excluded.full_name, roles = excluded.roles, active = excluded.active`,
  ).run(change.entityId, data.iin, data.fullName, JSON.stringify(data.roles ?? []), data.active ? 1 : 0, change.workstationId);
};

/** Entities other workstations' changes are applied for. */
export const APPLIERS: Record<string, Applier> = {
  request: applyRequest,
  request_event: applyEvent,
  signature: applySignature,
  issued_document: applyDocument,
  journal_entry: applyJournalEntry,
  request_attachment: applyAttachment,
  document_delivery: applyDelivery,
  document_draft: applyDraft,
  request_questionnaire: applyQuestionnaire,
  service_term: applyServiceTerm,
  staff: applyStaff,
};

/** Makes displaced steps again: the request store of the same database. */
export type StepReplayer = Pick<RequestStore, 'replay'>;

/**
 * Applies one pull page (inside the caller's transaction): each change once, in the server's order,
 * then the displaced steps of the requests whose server version arrived whole are made again where
 * they still may be (see the header). Returns how many changes were applied now.
 */
export function applyPage(changes: readonly ServerChange[], ctx: ApplyContext): number {
  // The last change of each request in the page: its row stands on its history only when that is a
  // snapshot on the local head (an event not yet followed by its snapshot waits for a later page).
  const last = new Map<string, ServerChange>();
  // A request's snapshots before its last one in the page are passed over when its row is here: the
  // last one sets the whole row (a first sync brings each request's every step and snapshot).
  const lastSnapshot = new Map<string, ServerChange>();
  for (const change of changes) if (change.entity === 'request') lastSnapshot.set(change.entityId, change);
  const hasRow = sql(ctx.db, `SELECT 1 FROM requests WHERE id = ?`).pluck();
  let applied = 0;
  for (const change of changes) {
    const passOver = change.entity === 'request' && lastSnapshot.get(change.entityId) !== change && hasRow.get(change.entityId) !== undefined;
    if (applyChange(change, ctx, passOver)) applied += 1;
    if (change.entity === 'request') last.set(change.entityId, change);
    else if (change.entity === 'request_event' && typeof change.data.requestId === 'string') last.set(change.data.requestId, change);
  }
  const pending = last.size > 0 ? pendingRequests(ctx.db) : new Set<string>();
  if (pending.size > 0) {
    const settled = [...last.values()].filter((change) => change.entity === 'request' && pending.has(change.entityId) && snapshotStands(ctx.db, change));
    rebaseSuperseded(ctx, settled.map((change) => change.entityId));
  }
  return applied;
}

/** The requests with steps kept aside and not decided yet (a partial index: cheap when there are none). */
function pendingRequests(db: Database): Set<string> {
  return new Set(sql(db, `SELECT DISTINCT request_id FROM request_history_superseded WHERE outcome IS NULL`).pluck().all() as string[]);
}

function snapshotStands(db: Database, change: ServerChange): boolean {
  const head = (change.data as { head?: { seq: number; hash: string } | null }).head ?? null;
  const local = localHead(db, change.entityId);
  return head !== null && local !== null && head.seq === local.seq && head.hash === local.hash;
}

interface KeptAside {
  id: string;
  seq: number;
  event: string;
  superseded_at: string;
  by_workstation: string | null;
}

/**
 * Makes this workstation's displaced steps of these requests again where the rules allow (see the
 * header), inside the caller's transaction; each run kept aside is decided once. Call it when the
 * requests' rows stand on the server's version (`applyPage` does, at the end of a page).
 */
export function rebaseSuperseded(ctx: ApplyContext, requestIds: Iterable<string>): void {
  const { db, replayer } = ctx;
  if (!replayer) return;
  const pending = pendingRequests(db);
  if (pending.size === 0) return;
  const ours = sql(db, `SELECT value FROM settings WHERE key = 'workstation_id'`).pluck().get() as string;
  const decide = sql(db, `UPDATE request_history_superseded SET outcome = ?, reapplied_as = ? WHERE id = ?`);
  for (const requestId of new Set(requestIds)) {
    if (!pending.has(requestId)) continue;
    const rows = sql(
      db,
      `SELECT id, seq, event, superseded_at, by_workstation FROM request_history_superseded WHERE request_id = ? AND outcome IS NULL ORDER BY rowid`,
    ).all(requestId) as KeptAside[];
    for (const run of runsOf(rows)) {
      const steps = run.map((row) => eventOf(JSON.parse(row.event) as HistoryRow));
      // The server's steps that stand where ours stood (another workstation's, not ours made again).
      const displacing = sql(db, `SELECT action FROM request_history WHERE request_id = ? AND seq >= ? AND workstation_id != ?`)
        .pluck()
        .all(requestId, run[0]!.seq, ours) as string[];
      if (displacing.includes('assign') && steps.some((step) => step.action === 'assign' || step.action === 'take_into_review')) {
        for (const row of run) decide.run('taken', null, row.id);
        continue;
      }
      const result = replaySafely(db, replayer, requestId, steps);
      if (!result.ok) {
        for (const row of run) decide.run('illegal', null, row.id);
        continue;
      }
      run.forEach((row, index) => decide.run('reapplied', result.events[index]?.id ?? null, row.id));
    }
  }
}

/**
 * In a savepoint: a replay that fails half-way (it should not: every step is checked first) leaves
 * nothing, and counts as not possible — the server's version stands — rather than stopping the pull.
 */
function replaySafely(db: Database, replayer: StepReplayer, requestId: string, steps: HistoryEvent[]): ReturnType<StepReplayer['replay']> {
  try {
    return db.transaction(() => replayer.replay(requestId, steps))();
  } catch {
    return { ok: false, index: 0, code: 'failed' };
  }
}

/** Rows kept aside together (one displacement: consecutive steps, the same moment and server version). */
function runsOf(rows: readonly KeptAside[]): KeptAside[][] {
  const runs: KeptAside[][] = [];
  let current: KeptAside[] = [];
  for (const row of rows) {
    const last = current.at(-1);
    if (last && (row.seq !== last.seq + 1 || row.superseded_at !== last.superseded_at || row.by_workstation !== last.by_workstation)) {
      runs.push(current);
      current = [];
    }
    current.push(row);
  }
  if (current.length > 0) runs.push(current);
  return runs;
}

/**
 * Applies one server change unless it was applied before; returns whether it was. Passed over (a
 * snapshot a later one in the same page replaces), it is only recorded as applied.
 */
export function applyChange(change: ServerChange, ctx: ApplyContext, passOver = false): boolean {
  const { db } = ctx;
  if (sql(db, `SELECT 1 FROM sync_applied WHERE change_id = ?`).get(change.changeId)) return false;
  if (!passOver) APPLIERS[change.entity]?.(change, ctx);
  sql(db, `INSERT INTO sync_applied (change_id, global_seq, applied_at) VALUES (?, ?, ?)`).run(change.changeId, change.globalSeq, ctx.now().toISOString());
  return true;
}

function pick(data: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, data[key] ?? null]));
}

