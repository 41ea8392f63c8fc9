// The request store: drafts taken in at the counter, registration with a number and a deadline,
// every further step through the lifecycle (src/shared/requests/lifecycle.ts) with its hash-chained
// history, and what staff look at — one request, the queue, counters, status look-ups, the
// satisfaction questionnaire.
//
// Every write is one transaction that also writes the change log (for sync) and, for a lifecycle
// action, the history event; a write that fails leaves nothing behind. History rows are
// append-only (triggers) and chained; the request row keeps the chain's head, so that `verify`
// finds a changed, removed, reordered or cut-off event.
//
// Who may do what: a person works on the services whose catalogue roles they hold; the authorised
// signer sees every service (results and refusals of all services are signed by them). Within a
// service the lifecycle decides, with the person's roles reduced to those that count for it.
//
// Signatures: the result and the reasoned refusal are valid only with the authorised person's ЭЦҚ.
// Signing comes with a later issue; until a verifier is wired in, those two actions are refused with
// `signature_required` — a signature reference is never taken on trust.
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { ApiFailure, type FieldIssue } from '../../shared/api/errors';
import {
  CATALOGUE,
  deadlineFor,
  documentsFor,
  refusalGroundsFor,
  serviceByCode,
  validateForm,
  type CatalogueService,
  type Channel,
  type RefusalGroundCode,
  type ServiceCode,
} from '../../shared/catalogue';
import type { Calendar } from '../../shared/calendar/working-days';
import { checkBin, checkIin } from '../../shared/domain/iin';
import type { Role } from '../../shared/domain/roles';
import { legalEntitySchema, personSchema, foldName } from '../../shared/registry';
import {
  MISSING_DOCUMENTS_REASON_MAX,
  MISSING_DOCUMENTS_REASON_MIN,
  type CatalogueEntry,
  type DocumentMark,
  type HistoryEntry,
  type HistoryVerification,
  type QueuePage,
  type QueueQuery,
  type QuestionnaireRecord,
  type RequestCounters,
  type RequestDetail,
  type Satisfaction,
  type StatusLookupResult,
  type SupersededOutcome,
  type Term,
  type TermSource,
} from '../../shared/requests/api';
import {
  allowedActions,
  checkTransition,
  transition as applyTransition,
  verifyHistory,
  type ActionName,
  type Actor as LifecycleActor,
  type HistoryEvent,
  type LifecycleError,
  type RefusalGround,
  type RequestSnapshot,
  type RequestState,
  type Sha256,
  type TransitionContext,
} from '../../shared/requests/lifecycle';
import { looksLikeRequestNumber, parseRequestNumber } from '../../shared/requests/numbers';
import type { ChangeLog } from '../db/change-log';
import { newId } from '../ids';
import { createRequestNumbers, type RequestNumbers } from './request-numbers';
import { createRequestQueue, type QueueScope } from './request-queue';
import { atRiskFrom, deadlineInfo, deadlineState, localDate, localYear, OPEN_STATES, stepTimings } from './request-timing';

export const sha256: Sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The staff member acting: their session's id, IIN and roles. */
export interface RequestActor {
  staffId: string;
  iin: string;
  roles: readonly Role[];
}

/** What a signature covers: the request as it stands and what the person decides about it. */
export interface SignedSubject {
  requestId: string;
  action: 'register' | 'mark_result_ready' | 'refuse';
  service: ServiceCode;
  operation: string | null;
  applicant: { kind: string; id: string };
  number: string | null;
  /** Registration: the form and the documents as registered; a decision: its ground and reason. */
  form?: Record<string, unknown>;
  documents?: Record<string, DocumentMark>;
  paymentRef?: string;
  missingDocumentsReason?: string;
  refusalGround?: string;
  reason?: string;
}

/**
 * Checks that a signature reference is a signature by the actor over exactly this subject, and
 * records it — called inside the transition's transaction, so both are written or neither.
 */
export interface SignatureVerifier {
  verify(reference: string, subject: SignedSubject): boolean;
}

export interface NewDraft {
  service: ServiceCode;
  operation?: string;
  channel: Channel;
  applicant: { kind: 'person'; iin: string } | { kind: 'organisation'; bin: string };
  form: Record<string, unknown>;
  documents: Record<string, DocumentMark>;
}

export interface TransitionInput {
  requestId: string;
  action: Exclude<ActionName, 'register'>;
  reason?: string;
  refusalGround?: string;
  signatureRef?: string;
  newDeadline?: string;
  assigneeId?: string;
}

/** What became of a replay: the new events (in order), or the step that could not be made and why. */
export type ReplayResult =
  | { ok: true; events: Array<{ id: string; seq: number }> }
  | { ok: false; index: number; code: string };

export interface RequestStore {
  createDraft(actor: RequestActor, input: NewDraft): RequestDetail;
  updateDraft(actor: RequestActor, input: { requestId: string; form?: Record<string, unknown>; documents?: Record<string, DocumentMark> }): RequestDetail;
  /**
   * Registers a draft with a number and its deadline. A mandatory document of the checklist that was
   * not presented refuses it (a field issue per document), unless `missingDocumentsReason` says why
   * the employee registers without it: then the reason and the missing documents go into the history.
   */
  register(actor: RequestActor, input: { requestId: string; paymentRef?: string; missingDocumentsReason?: string; signatureRef?: string }): RequestDetail;
  transition(actor: RequestActor, input: TransitionInput): RequestDetail;
  /** Take into work: assign to oneself (when not already) and start the review (when registered). */
  take(actor: RequestActor, requestId: string): RequestDetail;
  get(actor: RequestActor, requestId: string): RequestDetail;
  queue(actor: RequestActor, query: QueueQuery): QueuePage;
  counters(actor: RequestActor): RequestCounters;
  statusLookup(actor: RequestActor, query: string): StatusLookupResult;
  recordQuestionnaire(actor: RequestActor, input: { requestId: string; quality: Satisfaction; information: Satisfaction }): QuestionnaireRecord;
  catalogue(actor: RequestActor): CatalogueEntry[];
  setTerm(actor: RequestActor, input: { service: ServiceCode; operation?: string; workingDays: number | null }): CatalogueEntry[];
  /** What a signature for this action on this request must cover (the signing module signs exactly this). */
  signedSubject(
    actor: RequestActor,
    input: { requestId: string; action: SignedSubject['action']; reason?: string; refusalGround?: string; paymentRef?: string; missingDocumentsReason?: string },
  ): SignedSubject;
  /**
   * Sync (src/main/sync/apply.ts): makes this workstation's steps that another workstation's displaced
   * again, as new events on top of the request as it now stands — all of them or none. Each is made by
   * its original actor (an active member of this workstation's staff, with the roles they hold now)
   * with the context it had (reason, ground, signature, new deadline, assignee) and checked by the
   * lifecycle from the state the previous one reached; a signed decision only with the signature
   * recorded here for it. The new events are written to the change log like any other (the next push
   * sends them), `at` is now, and their data name the event they repeat (`rebasedFrom`, `originalAt`).
   * Inside the caller's transaction; nothing is written unless every step passes.
   */
  replay(requestId: string, steps: readonly HistoryEvent[]): ReplayResult;
  /** Checks every request's history chain against the head kept on the request. */
  verify(): HistoryVerification;
  numbers: RequestNumbers;
}

// ---- rows ----

interface RequestRow {
  rid: number;
  id: string;
  number: string | null;
  service_code: string;
  operation: string | null;
  channel: Channel;
  state: RequestState;
  applicant_kind: 'person' | 'organisation';
  applicant_id: string;
  applicant_name: string;
  applicant_folded: string;
  form: string;
  documents: string;
  payment_ref: string | null;
  deadline_kind: Term['kind'] | null;
  deadline_value: number | null;
  deadline: string | null;
  at_risk_from: string | null;
  assignee_id: string | null;
  refusal_ground: string | null;
  created_at: string;
  created_by: string;
  received_at: string;
  registered_at: string | null;
  completed_at: string | null;
  updated_at: string;
  workstation_id: string;
  head_seq: number;
  head_hash: string | null;
}

/** A row of request_history (and, as JSON, of request_history_superseded's `event`). */
export interface HistoryRow {
  id: string;
  request_id: string;
  seq: number;
  action: string;
  from_state: string;
  to_state: string;
  actor_id: string;
  actor_iin: string;
  workstation_id: string;
  at: string;
  reason: string | null;
  data: string | null;
  prev_hash: string;
  hash: string;
}

/** The event as the lifecycle made it: absent fields absent (the hash depends on it). */
export function eventOf(row: HistoryRow): HistoryEvent {
  return {
    seq: row.seq,
    requestId: row.request_id,
    action: row.action as HistoryEvent['action'],
    from: row.from_state as RequestState,
    to: row.to_state as RequestState,
    actorId: row.actor_id,
    actorIin: row.actor_iin,
    workstationId: row.workstation_id,
    at: row.at,
    ...(row.reason !== null ? { reason: row.reason } : {}),
    ...(row.data !== null ? { data: JSON.parse(row.data) as HistoryEvent['data'] } : {}),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** What sync carries of a request: everything but the local row id and the search column. */
/** The subject a signature must cover for this request and action (see SignedSubject). */
export function signedSubjectOf(
  row: RequestRow,
  action: SignedSubject['action'],
  decision: { reason?: string | undefined; refusalGround?: string | undefined; paymentRef?: string | undefined; missingDocumentsReason?: string | undefined },
): SignedSubject {
  const base = {
    requestId: row.id,
    action,
    service: row.service_code as ServiceCode,
    operation: row.operation,
    applicant: { kind: row.applicant_kind, id: row.applicant_id },
    number: row.number,
  };
  if (action === 'register') {
    return {
      ...base,
      form: JSON.parse(row.form) as Record<string, unknown>,
      documents: JSON.parse(row.documents) as Record<string, DocumentMark>,
      ...(decision.paymentRef ? { paymentRef: decision.paymentRef } : {}),
      ...(decision.missingDocumentsReason?.trim() ? { missingDocumentsReason: decision.missingDocumentsReason.trim() } : {}),
    };
  }
  return {
    ...base,
    ...(decision.refusalGround ? { refusalGround: decision.refusalGround } : {}),
    ...(decision.reason?.trim() ? { reason: decision.reason.trim() } : {}),
  };
}

function changeData(row: RequestRow): Record<string, unknown> {
  return {
    number: row.number,
    service: row.service_code,
    operation: row.operation,
    channel: row.channel,
    state: row.state,
    applicant: { kind: row.applicant_kind, id: row.applicant_id, name: row.applicant_name },
    form: JSON.parse(row.form) as unknown,
    documents: JSON.parse(row.documents) as unknown,
    paymentRef: row.payment_ref,
    term: row.deadline_kind ? { kind: row.deadline_kind, value: row.deadline_value } : null,
    deadline: row.deadline,
    atRiskFrom: row.at_risk_from,
    assigneeId: row.assignee_id,
    refusalGround: row.refusal_ground,
    createdAt: row.created_at,
    createdBy: row.created_by,
    receivedAt: row.received_at,
    registeredAt: row.registered_at,
    completedAt: row.completed_at,
    updatedAt: row.updated_at,
    workstationId: row.workstation_id,
    head: row.head_seq > 0 ? { seq: row.head_seq, hash: row.head_hash } : null,
  };
}

// ---- who may do what ----

const SIGNER: Role = 'authorised_signer';

/** The person's roles that count for this service: its case-officer roles, and the signer's. */
function rolesFor(roles: readonly Role[], service: CatalogueService): Role[] {
  return roles.filter((role) => role === SIGNER || service.roles.includes(role));
}

function handles(roles: readonly Role[], service: CatalogueService): boolean {
  return roles.some((role) => service.roles.includes(role));
}

/** The services whose requests a person works with; null for all of them. */
function visibleServices(roles: readonly Role[]): ServiceCode[] | null {
  if (roles.includes(SIGNER)) return null;
  return CATALOGUE.filter((service) => handles(roles, service)).map((service) => service.code);
}

function refuseService(service: CatalogueService): never {
  throw new ApiFailure('forbidden', { role: service.roles[0] as string, service: service.code });
}

function requireCaseWork(actor: RequestActor): void {
  if (!actor.roles.includes(SIGNER) && !CATALOGUE.some((service) => handles(actor.roles, service))) {
    throw new ApiFailure('forbidden', { reason: 'no_case_role' });
  }
}

// ---- refusal grounds ----

/** The lifecycle's coarse vocabulary for a catalogue ground (the catalogue's code is kept on the request). */
const LIFECYCLE_GROUND: Record<RefusalGroundCode, RefusalGround> = {
  applicant_data_unavailable: 'registry_data_unavailable',
  power_of_attorney_unavailable: 'registry_data_unavailable',
  documents_invalid: 'documents_invalid',
  payment_missing: 'not_eligible',
  signature_not_confirmed: 'documents_invalid',
  qualification_requirements_not_met: 'not_eligible',
  grounds_not_met: 'not_eligible',
  not_attached: 'not_eligible',
  other: 'other',
};

// ---- errors ----

function invalid(issues: FieldIssue[]): never {
  throw new ApiFailure('invalid_input', undefined, issues);
}

/** A lifecycle refusal as the API's error: field problems as field issues, the rest as codes. */
function lifecycleFailure(error: LifecycleError): never {
  const p = error.params;
  switch (error.code) {
    case 'illegal_transition':
      throw new ApiFailure('request_state', { action: String(p.action), state: String(p.state) });
    case 'forbidden_role': {
      const roles = String(p.roles ?? '').split(',').filter(Boolean);
      throw new ApiFailure('forbidden', roles.length === 1 ? { role: roles[0] as string, action: String(p.action) } : { action: String(p.action), roles: roles.join(',') });
    }
    case 'payment_not_confirmed':
      throw new ApiFailure('payment_required', undefined, [{ path: 'paymentRef', code: 'required' }]);
    case 'missing_signature':
      throw new ApiFailure('signature_required', { action: String(p.action) });
    case 'missing_reason':
      return invalid([{ path: 'reason', code: 'required' }]);
    case 'reason_too_long':
      return invalid([{ path: 'reason', code: 'too_long', params: { max: Number(p.max) } }]);
    case 'missing_refusal_ground':
      return invalid([{ path: 'refusalGround', code: 'required' }]);
    case 'unknown_refusal_ground':
      return invalid([{ path: 'refusalGround', code: 'not_allowed' }]);
    case 'missing_new_deadline':
      return invalid([{ path: 'newDeadline', code: 'required' }]);
    case 'invalid_new_deadline':
      return invalid([{ path: 'newDeadline', code: 'bad_format' }]);
    case 'deadline_not_later':
      return invalid([{ path: 'newDeadline', code: 'request.deadline_not_later', params: { current: String(p.current) } }]);
    case 'missing_assignee':
      return invalid([{ path: 'assigneeId', code: 'required' }]);
    default:
      // unknown_action, invalid_context, missing_number: what main itself passes; a bug, not a user error.
      throw new Error(`lifecycle refused: ${error.code} ${JSON.stringify(p)}`);
  }
}

// ---- the store ----

export interface RequestStoreDeps {
  db: Database;
  changes: ChangeLog;
  calendar: Calendar;
  workstationId: string;
  /** The provider's code from the enrolment with the central server (null until enrolled). */
  providerCode: () => string | null;
  now: () => Date;
  /** The signing module's check of signature references; null until signing exists. */
  signatures?: SignatureVerifier | null;
}

export function createRequestStore(deps: RequestStoreDeps): RequestStore {
  const { db, changes, calendar, workstationId, now } = deps;
  const numbers = createRequestNumbers({ db, workstationId, providerCode: deps.providerCode });
  const queue = createRequestQueue(db, now, calendar);

  const byId = db.prepare(`SELECT * FROM requests WHERE id = ?`);
  const byNumber = db.prepare(`SELECT * FROM requests WHERE number = ?`);
  const byApplicant = db.prepare(
    `SELECT * FROM requests WHERE applicant_id = ? AND number IS NOT NULL ORDER BY received_at DESC LIMIT 50`,
  );
  const insertRequest = db.prepare(
    `INSERT INTO requests (id, service_code, operation, channel, state, applicant_kind, applicant_id, applicant_name,
       applicant_folded, form, documents, created_at, created_by, received_at, updated_at, workstation_id)
     VALUES (@id, @service_code, @operation, @channel, 'draft', @applicant_kind, @applicant_id, @applicant_name,
       @applicant_folded, @form, @documents, @at, @created_by, @at, @at, @workstation_id)`,
  );
  const updateDraftStmt = db.prepare(`UPDATE requests SET form = ?, documents = ?, updated_at = ? WHERE id = ?`);
  const updateAfterEvent = db.prepare(
    `UPDATE requests SET state = @state, number = @number, payment_ref = @payment_ref, deadline_kind = @deadline_kind,
       deadline_value = @deadline_value, deadline = @deadline, at_risk_from = @at_risk_from, assignee_id = @assignee_id,
       refusal_ground = @refusal_ground, received_at = @received_at, registered_at = @registered_at,
       completed_at = @completed_at, updated_at = @updated_at, head_seq = @head_seq, head_hash = @head_hash
     WHERE id = @id`,
  );
  const insertEvent = db.prepare(
    `INSERT INTO request_history (id, request_id, seq, action, from_state, to_state, actor_id, actor_iin, workstation_id,
       at, reason, data, prev_hash, hash)
     VALUES (@id, @request_id, @seq, @action, @from_state, @to_state, @actor_id, @actor_iin, @workstation_id,
       @at, @reason, @data, @prev_hash, @hash)`,
  );
  const historyOf = db.prepare(`SELECT * FROM request_history WHERE request_id = ? ORDER BY seq`);
  const supersededOf = db.prepare(
    `SELECT id, event, superseded_at, by_workstation, outcome, reapplied_as FROM request_history_superseded WHERE request_id = ? ORDER BY superseded_at, seq`,
  );
  const replayActor = db.prepare(`SELECT iin, roles, active FROM staff WHERE id = ?`);
  const signatureFor = db.prepare(`SELECT 1 FROM signatures WHERE id = ? AND request_id = ? AND action = ? AND signer_iin = ?`);
  // The catalogue's refusal ground of a refusal made here: in the snapshot of the request that followed it.
  const refusalGroundAfter = db
    .prepare(
      `SELECT json_extract(data, '$.refusalGround') FROM change_log
       WHERE entity = 'request' AND entity_id = ? AND json_extract(data, '$.head.hash') = ? ORDER BY seq DESC LIMIT 1`,
    )
    .pluck();
  const eventIdAt = db.prepare(`SELECT id FROM request_history WHERE request_id = ? AND seq = ?`).pluck();
  const eventAtSeq = db.prepare(`SELECT at FROM request_history WHERE request_id = ? AND seq = ?`).pluck();
  const allHistory = db.prepare(`SELECT * FROM request_history ORDER BY request_id, seq`);
  const allHeads = db.prepare(`SELECT id, number, head_seq, head_hash FROM requests ORDER BY id`);
  const staffById = db.prepare(`SELECT id, full_name, roles, active FROM staff WHERE id = ?`);
  const registryAnswer = db.prepare(`SELECT answer FROM registry_cache WHERE system = ? AND subject = ?`).pluck();
  const questionnaireOf = db.prepare(`SELECT * FROM request_questionnaires WHERE request_id = ?`);
  const insertQuestionnaire = db.prepare(
    `INSERT INTO request_questionnaires (id, request_id, quality, information, recorded_at, recorded_by, workstation_id)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const configuredTerm = db.prepare(`SELECT working_days FROM service_terms WHERE service_code = ? AND operation = ?`).pluck();
  const upsertTerm = db.prepare(
    `INSERT INTO service_terms (service_code, operation, working_days, set_at, set_by) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (service_code, operation) DO UPDATE SET working_days = excluded.working_days, set_at = excluded.set_at,
       set_by = excluded.set_by`,
  );
  const deleteTerm = db.prepare(`DELETE FROM service_terms WHERE service_code = ? AND operation = ?`);

  const load = (id: string): RequestRow => {
    const row = byId.get(id) as RequestRow | undefined;
    if (!row) throw new ApiFailure('not_found', { what: 'request' });
    return row;
  };
  const serviceOf = (row: RequestRow): CatalogueService => {
    const service = serviceByCode(row.service_code);
    if (!service) throw new Error(`request ${row.id}: unknown service ${row.service_code}`);
    return service;
  };
  const directoryName = db.prepare(`SELECT full_name FROM staff_directory WHERE id = ?`).pluck();
  // Staff of other workstations of the provider are known by name from sync (staff_directory).
  const staffName = (id: string): string | null =>
    (staffById.get(id) as { full_name: string } | undefined)?.full_name ?? (directoryName.get(id) as string | undefined) ?? null;
  const todayLocal = () => localDate(now().getTime());

  // ---- terms ----

  /** The term of a request and where it comes from. */
  const termOf = (service: CatalogueService, channel: Channel, operation: string | undefined): { term: Term | null; source: TermSource } => {
    const deadline = deadlineFor(service, { channel, ...(operation !== undefined ? { operation } : {}) });
    if (deadline.kind !== 'by_standard') return { term: { kind: deadline.kind, value: deadline.value }, source: 'catalogue' };
    const configured = (configuredTerm.get(service.code, operation ?? '') ?? configuredTerm.get(service.code, '')) as number | undefined;
    if (configured !== undefined) return { term: { kind: 'working_days', value: configured }, source: 'configured' };
    if (deadline.defaultWorkingDays !== undefined) {
      return { term: { kind: 'working_days', value: deadline.defaultWorkingDays }, source: 'standard_default' };
    }
    return { term: null, source: 'not_configured' };
  };

  // ---- checks of a draft ----

  const checkDocuments = (service: CatalogueService, channel: Channel, documents: Record<string, DocumentMark>): FieldIssue[] => {
    const offered = new Map(documentsFor(service, channel).map(({ document }) => [document.code, document]));
    const issues: FieldIssue[] = [];
    const unknown = Object.keys(documents).filter((code) => !offered.has(code));
    if (unknown.length) issues.push({ path: 'documents', code: 'unknown_field', params: { fields: unknown.join(', ') } });
    for (const [code, mark] of Object.entries(documents)) {
      const document = offered.get(code);
      if (document && mark.presentation && !document.presentation.includes(mark.presentation)) {
        issues.push({ path: `documents.${code}.presentation`, code: 'not_allowed' });
      }
    }
    return issues;
  };

  const checkForm = (service: CatalogueService, operation: string | null, form: Record<string, unknown>) => {
    const result = validateForm(service, form, { ...(operation !== null ? { operation } : {}), today: todayLocal() });
    if (!result.ok) invalid(result.issues.map((issue) => ({ ...issue, path: issue.path ? `form.${issue.path}` : 'form' })));
    return result.values;
  };

  /** The applicant as the state registry answered this workstation (the look-up before the draft). */
  const applicantFromRegistry = (applicant: NewDraft['applicant']) => {
    if (applicant.kind === 'person') {
      const raw = registryAnswer.get('individuals', applicant.iin) as string | undefined;
      const person = raw ? personSchema.safeParse(JSON.parse(raw)) : null;
      if (!person?.success) throw new ApiFailure('applicant_data_unavailable', { system: 'individuals' });
      const p = person.data;
      const name = [p.surname, p.name, p.patronymic].filter(Boolean).join(' ');
      return { kind: 'person' as const, id: p.iin, name, folded: foldName(name), birthDate: p.birthDate };
    }
    const raw = registryAnswer.get('legal_entities', applicant.bin) as string | undefined;
    const entity = raw ? legalEntitySchema.safeParse(JSON.parse(raw)) : null;
    if (!entity?.success) throw new ApiFailure('applicant_data_unavailable', { system: 'legal_entities' });
    const e = entity.data;
    return { kind: 'organisation' as const, id: e.bin, name: e.shortNameKk, folded: foldName(`${e.shortNameKk} ${e.shortNameRu}`), birthDate: undefined };
  };

  // ---- lifecycle ----

  const snapshotOf = (row: RequestRow, service: CatalogueService): RequestSnapshot => ({
    id: row.id,
    state: row.state,
    paymentRequired: service.payment.required,
    deadline: row.deadline,
    assigneeId: row.assignee_id,
    head: row.head_seq > 0 ? { seq: row.head_seq, hash: row.head_hash as string } : null,
  });

  const lifecycleActor = (actor: RequestActor, service: CatalogueService): LifecycleActor => ({
    staffId: actor.staffId,
    iin: actor.iin,
    roles: rolesFor(actor.roles, service),
  });

  /** Applies one lifecycle action to a request inside the caller's transaction; gives the updated row. */
  const apply = (
    row: RequestRow,
    service: CatalogueService,
    actor: RequestActor,
    action: ActionName,
    extra: Omit<TransitionContext, 'actor' | 'workstationId' | 'at'>,
    fields: Partial<RequestRow> = {},
    at = now().toISOString(),
  ): RequestRow => {
    const result = applyTransition(snapshotOf(row, service), action, { actor: lifecycleActor(actor, service), workstationId, at, ...extra }, sha256);
    if (!result.ok) return lifecycleFailure(result.error);
    const { event, changes: changed } = result;
    const eventId = newId();
    insertEvent.run({
      id: eventId,
      request_id: row.id,
      seq: event.seq,
      action: event.action,
      from_state: event.from,
      to_state: event.to,
      actor_id: event.actorId,
      actor_iin: event.actorIin,
      workstation_id: event.workstationId,
      at: event.at,
      reason: event.reason ?? null,
      data: event.data ? JSON.stringify(event.data) : null,
      prev_hash: event.prevHash,
      hash: event.hash,
    });
    const next: RequestRow = {
      ...row,
      ...fields,
      state: changed.state,
      number: changed.number ?? row.number,
      assignee_id: changed.assigneeId ?? row.assignee_id,
      updated_at: at,
      head_seq: event.seq,
      head_hash: event.hash,
    };
    if (changed.deadline) {
      // An extended term: at risk by the rule of the original term (working days when there was none).
      next.deadline = changed.deadline;
      const kind = next.deadline_kind ?? 'working_days';
      next.at_risk_from = atRiskFrom(calendar, { kind, value: next.deadline_value ?? 0 }, next.registered_at ?? at, changed.deadline);
    }
    if (['result_ready', 'refused', 'withdrawn'].includes(changed.state) && !row.completed_at) next.completed_at = at;
    updateAfterEvent.run(next);
    changes.record('request_event', eventId, 'insert', { ...event }, actor.staffId);
    changes.record('request', row.id, 'update', changeData(next), actor.staffId);
    return next;
  };

  // ---- reading ----

  const detail = (actor: RequestActor, row: RequestRow): RequestDetail => {
    const service = serviceOf(row);
    const nowMs = now().getTime();
    const historyRows = historyOf.all(row.id) as HistoryRow[];
    const history = historyRows.map(eventOf);
    const names = new Map<string, string | null>();
    const nameOf = (id: string) => {
      if (!names.has(id)) names.set(id, staffName(id));
      return names.get(id) ?? null;
    };
    const verified = verifyHistory(history, sha256, {
      requestId: row.id,
      ...(row.head_seq > 0 ? { expectedHead: { seq: row.head_seq, hash: row.head_hash as string } } : {}),
    });
    const questionnaire = questionnaireOf.get(row.id) as QuestionnaireRow | undefined;
    const term = row.deadline_kind ? { kind: row.deadline_kind, value: row.deadline_value ?? 0 } : null;
    return {
      id: row.id,
      number: row.number,
      service: service.code,
      operation: row.operation,
      channel: row.channel,
      state: row.state,
      applicant: { kind: row.applicant_kind, id: row.applicant_id, name: row.applicant_name },
      form: JSON.parse(row.form) as Record<string, unknown>,
      documents: JSON.parse(row.documents) as Record<string, DocumentMark>,
      paymentRef: row.payment_ref,
      refusalGround: row.refusal_ground,
      createdAt: row.created_at,
      createdBy: row.created_by,
      receivedAt: row.received_at,
      registeredAt: row.registered_at,
      completedAt: row.completed_at,
      updatedAt: row.updated_at,
      workstationId: row.workstation_id,
      assignee: row.assignee_id ? { id: row.assignee_id, name: nameOf(row.assignee_id) } : null,
      deadline: deadlineInfo(calendar, row, term, nowMs),
      steps: stepTimings(calendar, service, row, history, nowMs),
      history: history.map((event): HistoryEntry => ({ ...event, actorName: nameOf(event.actorId) })),
      historyIntact: verified.ok,
      superseded: supersededEntries(row.id, historyRows, nameOf),
      allowedActions: allowedActions(row.state, rolesFor(actor.roles, service)),
      questionnaire: questionnaire ? questionnaireOf_(questionnaire) : null,
    };
  };

  /**
   * The events kept aside, each with what became of it. A step made again whose new event was itself
   * displaced later (and kept aside in turn) is followed to where it ended up.
   */
  const supersededEntries = (requestId: string, historyRows: readonly HistoryRow[], nameOf: (id: string) => string | null) => {
    const rows = supersededOf.all(requestId) as SupersededRow[];
    const kept = new Map(rows.map((item) => [item.id, item]));
    const seqOf = new Map(historyRows.map((item) => [item.id, item.seq]));
    const outcomeOf = (item: SupersededRow): { outcome: SupersededOutcome; reappliedAsSeq: number | null } => {
      let current = item;
      for (let guard = 0; guard <= rows.length; guard += 1) {
        if (current.outcome !== 'reapplied') return { outcome: current.outcome ?? 'pending', reappliedAsSeq: null };
        const seq = current.reapplied_as !== null ? seqOf.get(current.reapplied_as) : undefined;
        if (seq !== undefined) return { outcome: 'reapplied', reappliedAsSeq: seq };
        const next = current.reapplied_as !== null ? kept.get(current.reapplied_as) : undefined;
        if (!next) break;
        current = next;
      }
      return { outcome: 'reapplied', reappliedAsSeq: null };
    };
    return rows.map((item) => {
      const event = eventOf(JSON.parse(item.event) as HistoryRow);
      return {
        ...event,
        actorName: nameOf(event.actorId),
        eventId: item.id,
        supersededAt: item.superseded_at,
        byWorkstation: item.by_workstation,
        ...outcomeOf(item),
      };
    });
  };

  const loadVisible = (actor: RequestActor, id: string): { row: RequestRow; service: CatalogueService } => {
    const row = load(id);
    const service = serviceOf(row);
    if (rolesFor(actor.roles, service).length === 0) refuseService(service);
    return { row, service };
  };

  const scopeOf = (actor: RequestActor): QueueScope => {
    requireCaseWork(actor);
    return { services: visibleServices(actor.roles), staffId: actor.staffId };
  };

  const catalogueEntries = (actor: RequestActor): CatalogueEntry[] =>
    CATALOGUE.map((service) => {
      const operations = service.operations ?? [];
      const terms = service.channels.flatMap((channel) =>
        (operations.length ? operations.map((op) => op.code) : [undefined]).map((operation) => ({
          channel,
          operation: operation ?? null,
          ...termOf(service, channel, operation),
        })),
      );
      return {
        code: service.code,
        names: service.names,
        handled: handles(actor.roles, service),
        channels: service.channels,
        operations: operations.map((op) => ({ code: op.code, names: op.names })),
        terms,
      };
    });

  return {
    numbers,

    createDraft(actor, input) {
      const service = serviceByCode(input.service);
      if (!service) return invalid([{ path: 'service', code: 'not_allowed' }]);
      if (!handles(actor.roles, service)) refuseService(service);
      const issues: FieldIssue[] = [];
      if (!service.channels.includes(input.channel)) issues.push({ path: 'channel', code: 'not_allowed' });
      const operations = (service.operations ?? []).map((op) => op.code);
      if (operations.length && input.operation === undefined) issues.push({ path: 'operation', code: 'required' });
      if (input.operation !== undefined && !operations.includes(input.operation)) issues.push({ path: 'operation', code: 'not_allowed' });
      const kind = input.applicant.kind;
      if ((service.applicant === 'person' && kind !== 'person') || (service.applicant === 'organisation' && kind !== 'organisation')) {
        issues.push({ path: 'applicant.kind', code: 'not_allowed' });
      }
      issues.push(...checkDocuments(service, input.channel, input.documents));
      if (issues.length) invalid(issues);
      const operation = input.operation ?? null;
      const form = checkForm(service, operation, input.form);
      const applicant = applicantFromRegistry(input.applicant);
      const id = newId();
      return db.transaction(() => {
        insertRequest.run({
          id,
          service_code: service.code,
          operation,
          channel: input.channel,
          applicant_kind: applicant.kind,
          applicant_id: applicant.id,
          applicant_name: applicant.name,
          applicant_folded: applicant.folded,
          form: JSON.stringify(form),
          documents: JSON.stringify(input.documents),
          at: now().toISOString(),
          created_by: actor.staffId,
          workstation_id: workstationId,
        });
        const row = load(id);
        changes.record('request', id, 'insert', changeData(row), actor.staffId);
        return detail(actor, row);
      })();
    },

    updateDraft(actor, input) {
      return db.transaction(() => {
        const { row, service } = loadVisible(actor, input.requestId);
        if (!handles(actor.roles, service)) refuseService(service);
        if (row.state !== 'draft') throw new ApiFailure('request_state', { action: 'update_draft', state: row.state });
        const documents = input.documents ?? (JSON.parse(row.documents) as Record<string, DocumentMark>);
        const issues = checkDocuments(service, row.channel, documents);
        if (issues.length) invalid(issues);
        const form = input.form ? checkForm(service, row.operation, input.form) : (JSON.parse(row.form) as Record<string, unknown>);
        updateDraftStmt.run(JSON.stringify(form), JSON.stringify(documents), now().toISOString(), row.id);
        const updated = load(row.id);
        changes.record('request', row.id, 'update', changeData(updated), actor.staffId);
        return detail(actor, updated);
      })();
    },

    register(actor, input) {
      return db.transaction(() => {
        const { row, service } = loadVisible(actor, input.requestId);
        const at = now();
        // State, role and payment first, without a number (nothing is written by a check).
        const check = checkTransition(snapshotOf(row, service), 'register', {
          actor: lifecycleActor(actor, service),
          workstationId,
          at: at.toISOString(),
          number: 'to be allocated',
          ...(input.paymentRef ? { paymentRef: input.paymentRef } : {}),
        });
        if (!check.ok) lifecycleFailure(check.error);

        // Every document the regulation makes mandatory here must have been presented, or the employee
        // says why the request is registered without it (recorded in the history with the documents).
        const documents = JSON.parse(row.documents) as Record<string, DocumentMark>;
        const form = JSON.parse(row.form) as Record<string, unknown>;
        const applicantBirthDate = row.applicant_kind === 'person' ? checkIin(row.applicant_id) : null;
        const missing = documentsFor(service, row.channel, {
          values: form,
          ...(row.operation !== null ? { operation: row.operation } : {}),
          ...(applicantBirthDate?.valid ? { applicantBirthDate: applicantBirthDate.birthDate } : {}),
          today: localDate(at.getTime()),
        }).filter(({ document, mandatory }) => mandatory === true && !documents[document.code]?.presented);
        const missingReason = missing.length ? (input.missingDocumentsReason?.trim() ?? '') : '';
        if (missing.length && !missingReason) {
          invalid(missing.map(({ document }) => ({ path: `documents.${document.code}`, code: 'request.document_required' })));
        }
        if (missingReason.length > 0 && missingReason.length < MISSING_DOCUMENTS_REASON_MIN) {
          invalid([{ path: 'missingDocumentsReason', code: 'too_short', params: { min: MISSING_DOCUMENTS_REASON_MIN } }]);
        }
        if (missingReason.length > MISSING_DOCUMENTS_REASON_MAX) {
          invalid([{ path: 'missingDocumentsReason', code: 'too_long', params: { max: MISSING_DOCUMENTS_REASON_MAX } }]);
        }
        const exception = missing.length ? { reason: missingReason, missingDocuments: missing.map(({ document }) => document.code) } : {};

        // At the counter the employee signs the request as registered (the regulations' walk-in step);
        // portal and public-service-centre requests arrive signed by the applicant or the centre.
        if (row.channel === 'walk_in') {
          // Exactly what the employee sent and signed (a reason sent with nothing missing included).
          const subject = signedSubjectOf(row, 'register', { paymentRef: input.paymentRef, missingDocumentsReason: input.missingDocumentsReason });
          const verifier = deps.signatures ?? null;
          const ok = verifier !== null && input.signatureRef !== undefined && verifier.verify(input.signatureRef, subject);
          if (!ok) throw new ApiFailure('signature_required', { action: 'register', ...(verifier ? {} : { reason: 'signing_unavailable' }) });
        }

        // The deadline, on the working-day calendar; a year the calendar does not have is refused.
        const registeredAt = at.toISOString();
        const { term } = termOf(service, row.channel, row.operation ?? undefined);
        let deadline: string | null = null;
        let riskFrom: string | null = null;
        if (term) {
          const computed = calendar.deadlineFor(registeredAt, term);
          if (!computed.ok) {
            if (computed.error.code === 'calendar_year_missing') throw new ApiFailure('calendar_year_missing', { year: computed.error.params.year });
            throw new Error(`deadline: ${computed.error.code}`);
          }
          deadline = computed.value;
          riskFrom = atRiskFrom(calendar, term, registeredAt, deadline);
        }

        const number = numbers.next(localYear(at.getTime()));
        const fields: Partial<RequestRow> = {
          payment_ref: input.paymentRef ?? null,
          deadline_kind: term?.kind ?? null,
          deadline_value: term?.value ?? null,
          deadline,
          at_risk_from: riskFrom,
          received_at: registeredAt,
          registered_at: registeredAt,
        };
        const paid = input.paymentRef ? { paymentRef: input.paymentRef } : {};
        return detail(actor, apply(row, service, actor, 'register', { number, ...paid, ...exception }, fields, registeredAt));
      })();
    },

    transition(actor, input) {
      return db.transaction(() => {
        const { row, service } = loadVisible(actor, input.requestId);
        let refusalGround: string | undefined;
        if (input.refusalGround !== undefined) {
          const grounds = refusalGroundsFor(service, row.channel).map((ground) => ground.code);
          refusalGround = (grounds as string[]).includes(input.refusalGround) ? LIFECYCLE_GROUND[input.refusalGround as RefusalGroundCode] : '';
        }
        const extra: Omit<TransitionContext, 'actor' | 'workstationId' | 'at'> = {
          ...(input.reason ? { reason: input.reason } : {}),
          ...(refusalGround !== undefined ? { refusalGround } : {}),
          ...(input.signatureRef ? { signatureRef: input.signatureRef } : {}),
          ...(input.newDeadline ? { newDeadline: input.newDeadline } : {}),
          ...(input.assigneeId ? { assigneeId: input.assigneeId } : {}),
        };
        const context = { actor: lifecycleActor(actor, service), workstationId, at: now().toISOString(), ...extra };
        const check = checkTransition(snapshotOf(row, service), input.action, context);
        if (!check.ok && (check.error.code === 'illegal_transition' || check.error.code === 'forbidden_role')) lifecycleFailure(check.error);
        if (refusalGround === '') invalid([{ path: 'refusalGround', code: 'not_allowed' }]);
        if (input.action === 'assign' && input.assigneeId) {
          const assignee = staffById.get(input.assigneeId) as { roles: string; active: number } | undefined;
          if (!assignee) throw new ApiFailure('not_found', { what: 'staff' });
          if (assignee.active !== 1 || rolesFor(JSON.parse(assignee.roles) as Role[], service).length === 0) {
            invalid([{ path: 'assigneeId', code: 'request.assignee_not_eligible' }]);
          }
        }
        if (!check.ok) lifecycleFailure(check.error);
        if (input.action === 'refuse' || input.action === 'mark_result_ready') {
          // Only a signature the signing module made over exactly this decision is accepted.
          const verifier = deps.signatures ?? null;
          const subject = signedSubjectOf(row, input.action, { reason: input.reason, refusalGround: input.refusalGround });
          const ok = verifier !== null && input.signatureRef !== undefined && verifier.verify(input.signatureRef, subject);
          if (!ok) throw new ApiFailure('signature_required', { action: input.action, ...(verifier ? {} : { reason: 'signing_unavailable' }) });
        }
        const fields: Partial<RequestRow> = input.action === 'refuse' ? { refusal_ground: input.refusalGround ?? null } : {};
        return detail(actor, apply(row, service, actor, input.action, extra, fields));
      })();
    },

    take(actor, requestId) {
      return db.transaction(() => {
        const { row, service } = loadVisible(actor, requestId);
        let current = row;
        let acted = false;
        if (OPEN_STATES.includes(current.state) && current.assignee_id !== actor.staffId) {
          current = apply(current, service, actor, 'assign', { assigneeId: actor.staffId });
          acted = true;
        }
        if (current.state === 'registered') {
          current = apply(current, service, actor, 'take_into_review', {});
          acted = true;
        }
        if (!acted) throw new ApiFailure('request_state', { action: 'take_into_review', state: current.state });
        return detail(actor, current);
      })();
    },

    get(actor, requestId) {
      return detail(actor, loadVisible(actor, requestId).row);
    },

    replay(requestId, steps) {
      const refused = (index: number, code: string): ReplayResult => ({ ok: false, index, code });
      const first = byId.get(requestId) as RequestRow | undefined;
      if (!first) return refused(0, 'not_found');
      const service = serviceOf(first);
      // Now — and never before the last event of the chain they continue (clocks of workstations differ).
      const headAt = first.head_seq > 0 ? (eventAtSeq.get(requestId, first.head_seq) as string | undefined) : undefined;
      const at = new Date(Math.max(now().getTime(), headAt ? Date.parse(headAt) : 0)).toISOString();
      type Extra = Omit<TransitionContext, 'actor' | 'workstationId' | 'at'>;
      const planned: Array<{ actor: RequestActor; action: Exclude<ActionName, 'register'>; extra: Extra; fields: Partial<RequestRow> }> = [];
      // Every step is checked first, from the state the one before reaches: all of them or none.
      let snapshot = snapshotOf(first, service);
      for (const [index, step] of steps.entries()) {
        if (step.action === 'register') return refused(index, 'not_replayable');
        const person = replayActor.get(step.actorId) as { iin: string; roles: string; active: number } | undefined;
        if (!person || person.active !== 1 || person.iin !== step.actorIin) return refused(index, 'actor_unknown');
        const actor: RequestActor = { staffId: step.actorId, iin: person.iin, roles: JSON.parse(person.roles) as Role[] };
        const data = step.data ?? {};
        const extra: Extra = {
          ...(step.reason !== undefined ? { reason: step.reason } : {}),
          ...(data.refusalGround !== undefined ? { refusalGround: data.refusalGround } : {}),
          ...(data.signatureRef !== undefined ? { signatureRef: data.signatureRef } : {}),
          ...(data.newDeadline !== undefined ? { newDeadline: data.newDeadline } : {}),
          ...(data.assigneeId !== undefined ? { assigneeId: data.assigneeId } : {}),
          rebasedFrom: step.hash,
          originalAt: data.originalAt ?? step.at,
        };
        const check = checkTransition(snapshot, step.action, { actor: lifecycleActor(actor, service), workstationId, at, ...extra });
        if (!check.ok) return refused(index, check.error.code);
        if (step.action === 'assign') {
          const assignee = staffById.get(data.assigneeId) as { roles: string; active: number } | undefined;
          if (!assignee || assignee.active !== 1 || rolesFor(JSON.parse(assignee.roles) as Role[], service).length === 0) {
            return refused(index, 'assignee_not_eligible');
          }
        }
        if ((step.action === 'refuse' || step.action === 'mark_result_ready') && !signatureFor.get(data.signatureRef, requestId, step.action, actor.iin)) {
          return refused(index, 'missing_signature');
        }
        const fields: Partial<RequestRow> =
          step.action === 'refuse' ? { refusal_ground: (refusalGroundAfter.get(requestId, step.hash) as string | null | undefined) ?? data.refusalGround ?? null } : {};
        planned.push({ actor, action: step.action, extra, fields });
        snapshot = {
          ...snapshot,
          state: check.changes.state,
          deadline: check.changes.deadline ?? snapshot.deadline ?? null,
          assigneeId: check.changes.assigneeId ?? snapshot.assigneeId ?? null,
        };
      }
      let row = first;
      const events: Array<{ id: string; seq: number }> = [];
      for (const step of planned) {
        row = apply(row, service, step.actor, step.action, step.extra, step.fields, at);
        events.push({ id: eventIdAt.get(requestId, row.head_seq) as string, seq: row.head_seq });
      }
      return { ok: true, events };
    },

    signedSubject(actor, input) {
      const { row } = loadVisible(actor, input.requestId);
      return signedSubjectOf(row, input.action, input);
    },

    queue(actor, query) {
      return queue.page(scopeOf(actor), query);
    },

    counters(actor) {
      return queue.counters(scopeOf(actor));
    },

    statusLookup(actor, query) {
      requireCaseWork(actor);
      const text = query.trim();
      const nowMs = now().getTime();
      const entry = (row: RequestRow) => ({
        number: row.number as string,
        service: row.service_code as ServiceCode,
        operation: row.operation,
        state: row.state,
        registeredAt: row.registered_at as string,
        deadline: row.deadline,
        deadlineState: deadlineState(row, nowMs),
      });
      if (/^\d{12}$/.test(text)) {
        const iin = checkIin(text);
        const by = iin.valid ? 'iin' : checkBin(text).valid ? 'bin' : null;
        if (!by) invalid([{ path: 'query', code: `id.${iin.valid ? 'bad_check_digit' : iin.problem}` }]);
        return { by, entries: (byApplicant.all(text) as RequestRow[]).map(entry) };
      }
      if (!looksLikeRequestNumber(text)) invalid([{ path: 'query', code: 'request.number_shape' }]);
      const parsed = parseRequestNumber(text);
      if (!parsed.ok) invalid([{ path: 'query', code: parsed.problem === 'check' ? 'request.number_check' : 'request.number_shape' }]);
      const row = byNumber.get(parsed.number) as RequestRow | undefined;
      return { by: 'number', entries: row ? [entry(row)] : [] };
    },

    recordQuestionnaire(actor, input) {
      return db.transaction(() => {
        const { row } = loadVisible(actor, input.requestId);
        // Asked once the request has been registered (the applicant has had the service, or its refusal).
        if (row.number === null || row.state === 'discarded') {
          throw new ApiFailure('request_state', { action: 'questionnaire', state: row.state });
        }
        if (questionnaireOf.get(row.id)) throw new ApiFailure('questionnaire_recorded');
        const id = newId();
        const at = now().toISOString();
        insertQuestionnaire.run(id, row.id, input.quality, input.information, at, actor.staffId, workstationId);
        const record = questionnaireOf_(questionnaireOf.get(row.id) as QuestionnaireRow);
        changes.record('request_questionnaire', id, 'insert', { ...record }, actor.staffId);
        return record;
      })();
    },

    catalogue: catalogueEntries,

    setTerm(actor, input) {
      const service = serviceByCode(input.service);
      if (!service) return invalid([{ path: 'service', code: 'not_allowed' }]);
      const operations = (service.operations ?? []).map((op) => op.code);
      if (input.operation !== undefined && !operations.includes(input.operation)) invalid([{ path: 'operation', code: 'not_allowed' }]);
      const operation = input.operation ?? '';
      db.transaction(() => {
        const key = `${service.code}/${operation}`;
        if (input.workingDays === null) {
          deleteTerm.run(service.code, operation);
          changes.record('service_term', key, 'delete', { service: service.code, operation }, actor.staffId);
        } else {
          upsertTerm.run(service.code, operation, input.workingDays, now().toISOString(), actor.staffId);
          changes.record('service_term', key, 'update', { service: service.code, operation, workingDays: input.workingDays }, actor.staffId);
        }
      })();
      return catalogueEntries(actor);
    },

    verify() {
      const heads = new Map<string, { number: string | null; seq: number; hash: string | null }>();
      for (const head of allHeads.iterate() as Iterable<{ id: string; number: string | null; head_seq: number; head_hash: string | null }>) {
        heads.set(head.id, { number: head.number, seq: head.head_seq, hash: head.head_hash });
      }
      const report: HistoryVerification = { ok: true, requests: heads.size, events: 0, broken: [] };
      const check = (requestId: string, events: HistoryEvent[]) => {
        const head = heads.get(requestId);
        heads.delete(requestId);
        report.events += events.length;
        const result = verifyHistory(events, sha256, {
          requestId,
          ...(head && head.seq > 0 ? { expectedHead: { seq: head.seq, hash: head.hash ?? '' } } : {}),
        });
        if (!head) report.broken.push({ requestId, number: null, firstBadSeq: 1, reason: 'unknown_request' });
        else if (!result.ok) report.broken.push({ requestId, number: head.number, firstBadSeq: result.firstBadSeq, reason: result.reason });
      };
      let current: string | null = null;
      let events: HistoryEvent[] = [];
      for (const row of allHistory.iterate() as Iterable<HistoryRow>) {
        if (row.request_id !== current) {
          if (current !== null) check(current, events);
          current = row.request_id;
          events = [];
        }
        events.push(eventOf(row));
      }
      if (current !== null) check(current, events);
      // Requests whose head says there are events, but none are left.
      for (const [requestId, head] of heads) {
        if (head.seq > 0) {
          report.broken.push({ requestId, number: head.number, firstBadSeq: 1, reason: 'head_mismatch' });
        }
      }
      report.ok = report.broken.length === 0;
      return report;
    },
  };
}

interface SupersededRow {
  id: string;
  event: string;
  superseded_at: string;
  by_workstation: string | null;
  outcome: Exclude<SupersededOutcome, 'pending'> | null;
  reapplied_as: string | null;
}

interface QuestionnaireRow {
  id: string;
  request_id: string;
  quality: Satisfaction;
  information: Satisfaction;
  recorded_at: string;
  recorded_by: string;
}

function questionnaireOf_(row: QuestionnaireRow): QuestionnaireRecord {
  return { requestId: row.request_id, quality: row.quality, information: row.information, recordedAt: row.recorded_at, recordedBy: row.recorded_by };
}
