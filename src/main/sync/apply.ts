// Applying the server's changes (made by other workstations of the provider, or by the portal) to
// this workstation's database. Each change is applied once (sync_applied), inside the pull page's
// transaction, and never written to this workstation's change log: it is not ours to push again.
//
// Requests: history events are appended where they continue the local chain. When the server's event
// stands where one of ours stands (another workstation took the request first, and the server kept
// theirs), ours are moved to request_history_superseded — both versions are kept — and the server's
// put in their place. A snapshot of the request row is applied only when it stands on the history we
// now have; a snapshot older than our own unpushed work is left (our push brings the server forward).
import type { Database, Statement } from 'better-sqlite3';
import { foldName } from '../../shared/registry';
import type { ServerChange } from '../../shared/sync';

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
     ON CONFLICT (id) DO UPDATE SET number = excluded.number, state = excluded.state, form = excluded.form,
       documents = excluded.documents, payment_ref = excluded.payment_ref, deadline_kind = excluded.deadline_kind,
       deadline_value = excluded.deadline_value, deadline = excluded.deadline, at_risk_from = excluded.at_risk_from,
       assignee_id = excluded.assignee_id, refusal_ground = excluded.refusal_ground, received_at = excluded.received_at,
       registered_at = excluded.registered_at, completed_at = excluded.completed_at, updated_at = excluded.updated_at,
       head_seq = excluded.head_seq, head_hash = excluded.head_hash`,
  ).run(row);
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

const applyAttachment: Applier = (change, { db }) => {
  const data = change.data as Record<string, unknown>;
  if (change.op === 'delete') {
    sql(db, `DELETE FROM request_attachments WHERE id = ?`).run(change.entityId);
    return;
  }
  sql(db, 
    `INSERT OR IGNORE INTO request_attachments (id, request_id, document_code, sha256, size, mime, pages, name, added_at, added_by, workstation_id)
     VALUES (@id, @request_id, @document_code, @sha256, @size, @mime, @pages, @name, @added_at, @added_by, @workstation_id)`,
  ).run({
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

/** Applies one server change unless it was applied before; returns whether it was. */
export function applyChange(change: ServerChange, ctx: ApplyContext): boolean {
  const { db } = ctx;
  if (sql(db, `SELECT 1 FROM sync_applied WHERE change_id = ?`).get(change.changeId)) return false;
  APPLIERS[change.entity]?.(change, ctx);
  sql(db, `INSERT INTO sync_applied (change_id, global_seq, applied_at) VALUES (?, ?, ?)`).run(change.changeId, change.globalSeq, ctx.now().toISOString());
  return true;
}

function pick(data: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, data[key] ?? null]));
}

