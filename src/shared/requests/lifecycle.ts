// The lifecycle of a service request as an explicit state machine, shared by the UI (to show only
// the buttons a person may press), main (to apply transitions) and the central server (to check them).
//
//   draft ──register──▶ registered ──take_into_review──▶ in_review ──mark_result_ready──▶ result_ready ──issue──▶ issued
//     │                    │  ▲                             │  ▲
//     discard              │  └──── (assign, extend_term keep the state) ────┘  │
//     ▼                    ├──return_for_correction──▶ returned_for_correction ─┘ resubmit (→ in_review)
//   discarded              ├──refuse──▶ refused      (from registered, in_review, returned_for_correction)
//                          └──withdraw──▶ withdrawn  (idem)
//
// Why `discarded` besides the states of the issue: in every regulation some requests stop *before*
// registration — the walk-in path's "data cannot be obtained" notice when the state registry returns
// nothing (process 4), and, for the paid services, the refusal for a missing payment (condition 2),
// which the regulations place before registration. Such a request has no number and no signed
// refusal, and it is not the applicant's withdrawal either, so it ends in a state of its own.
// There is no `awaiting_payment` state: payment is a precondition of `register` (a paid service's
// draft cannot be registered without the payment fact from the payment gateway, ЭҮТШ), which is
// exactly where the regulations put the check; "waiting for payment" is a draft of a paid service.
//
// Business refusals never throw: they come back as codes with params, which the UI translates.
// Every transition produces a history event chained to the previous one by SHA-256. src/shared also
// runs in the browser and must not hand-roll crypto, so the hash function is passed in (`Sha256`):
// main and the server use node:crypto; the UI only calls `allowedActions`/`checkTransition`.
import type { Role } from '../domain/roles';

// ---- states ----

export const REQUEST_STATES = [
  'draft',
  'registered',
  'in_review',
  'returned_for_correction',
  'result_ready',
  'issued',
  'refused',
  'withdrawn',
  'discarded',
] as const;

export type RequestState = (typeof REQUEST_STATES)[number];

/** States no action leads out of. */
export const FINAL_STATES: readonly RequestState[] = ['issued', 'refused', 'withdrawn', 'discarded'];

export function isFinalState(state: RequestState): boolean {
  return FINAL_STATES.includes(state);
}

// ---- actions as data ----

export const ACTION_NAMES = [
  'register',
  'discard',
  'take_into_review',
  'return_for_correction',
  'resubmit',
  'mark_result_ready',
  'issue',
  'refuse',
  'extend_term',
  'withdraw',
  'assign',
] as const;

export type ActionName = (typeof ACTION_NAMES)[number];

/** What an action needs in its context besides the actor, workstation and time. */
export const REQUIREMENTS = [
  'number', // the registration number (register)
  'payment', // the payment fact, when the request is of a paid service (register)
  'reason', // a non-empty free-text reason
  'refusal_ground', // one of REFUSAL_GROUNDS
  'signature', // a reference to the authorised person's ЭЦҚ signature over the result or refusal
  'new_deadline', // an ISO instant later than the current deadline (extend_term)
  'assignee', // the staff id the request is assigned to (assign)
] as const;

export type Requirement = (typeof REQUIREMENTS)[number];

/** Grounds of a reasoned refusal, from the refusal branches of the regulations; the text says the rest. */
export const REFUSAL_GROUNDS = [
  'documents_incomplete', // a required document is missing
  'documents_invalid', // violations found in the applicant's documents
  'registry_data_unavailable', // the state registry has no data on the applicant
  'not_eligible', // the applicant does not meet the grounds for the service
  'other',
] as const;

export type RefusalGround = (typeof REFUSAL_GROUNDS)[number];

/** `to: 'unchanged'` — the action is recorded but keeps the state (assign, extend_term). */
export interface ActionDefinition {
  action: ActionName;
  from: readonly RequestState[];
  to: RequestState | 'unchanged';
  roles: readonly Role[];
  requires: readonly Requirement[];
  /** The regulations send the applicant a notification on every status change and on term extension. */
  notifiesApplicant: boolean;
}

/** The staff who receive, check and issue requests (the regulations' "provider's employee"). */
const CASE_OFFICERS: readonly Role[] = ['registrar', 'social_officer', 'archivist', 'licensing_officer'];
const CASE_OFFICERS_AND_SIGNER: readonly Role[] = [...CASE_OFFICERS, 'authorised_signer'];
/** A request still being worked on: its deadline runs, it can be reassigned, extended, refused, withdrawn. */
const OPEN: readonly RequestState[] = ['registered', 'in_review', 'returned_for_correction'];

export const ACTIONS: readonly ActionDefinition[] = [
  { action: 'register', from: ['draft'], to: 'registered', roles: CASE_OFFICERS, requires: ['number', 'payment'], notifiesApplicant: true },
  { action: 'discard', from: ['draft'], to: 'discarded', roles: CASE_OFFICERS, requires: ['reason'], notifiesApplicant: false },
  { action: 'take_into_review', from: ['registered'], to: 'in_review', roles: CASE_OFFICERS_AND_SIGNER, requires: [], notifiesApplicant: true },
  { action: 'return_for_correction', from: ['registered', 'in_review'], to: 'returned_for_correction', roles: CASE_OFFICERS_AND_SIGNER, requires: ['reason'], notifiesApplicant: true },
  { action: 'resubmit', from: ['returned_for_correction'], to: 'in_review', roles: CASE_OFFICERS, requires: [], notifiesApplicant: true },
  // The result is an electronic document signed with the authorised person's ЭЦҚ (every regulation).
  { action: 'mark_result_ready', from: ['in_review'], to: 'result_ready', roles: ['authorised_signer'], requires: ['signature'], notifiesApplicant: true },
  { action: 'issue', from: ['result_ready'], to: 'issued', roles: CASE_OFFICERS_AND_SIGNER, requires: [], notifiesApplicant: true },
  // A reasoned refusal is, like a result, signed by the authorised person.
  { action: 'refuse', from: OPEN, to: 'refused', roles: ['authorised_signer'], requires: ['refusal_ground', 'reason', 'signature'], notifiesApplicant: true },
  { action: 'extend_term', from: OPEN, to: 'unchanged', roles: CASE_OFFICERS_AND_SIGNER, requires: ['new_deadline', 'reason'], notifiesApplicant: true },
  { action: 'withdraw', from: OPEN, to: 'withdrawn', roles: CASE_OFFICERS_AND_SIGNER, requires: ['reason'], notifiesApplicant: true },
  { action: 'assign', from: OPEN, to: 'unchanged', roles: CASE_OFFICERS_AND_SIGNER, requires: ['assignee'], notifiesApplicant: false },
];

const BY_NAME = new Map<string, ActionDefinition>(ACTIONS.map((definition) => [definition.action, definition]));

export function actionDefinition(action: string): ActionDefinition | undefined {
  return BY_NAME.get(action);
}

/** The actions a person with these roles may take on a request in this state (the buttons to show). */
export function allowedActions(state: RequestState, roles: readonly Role[]): ActionName[] {
  return ACTIONS.filter(
    (definition) => definition.from.includes(state) && definition.roles.some((role) => roles.includes(role)),
  ).map((definition) => definition.action);
}

// ---- transitions ----

export const REASON_MAX = 2000;
const REFERENCE_MAX = 200;

export interface Actor {
  staffId: string;
  iin: string;
  roles: readonly Role[];
}

export interface TransitionContext {
  actor: Actor;
  workstationId: string;
  /** When the action happened: an ISO instant with Z or an offset. Stored normalised to UTC. */
  at: string;
  reason?: string;
  number?: string;
  paymentRef?: string;
  refusalGround?: string;
  signatureRef?: string;
  newDeadline?: string;
  assigneeId?: string;
  /**
   * For `register`: codes of the mandatory documents not presented, which the employee registers
   * without; then a reason is required, and both are recorded in the event.
   */
  missingDocuments?: readonly string[];
  /**
   * Sync: this step is one of this workstation's, displaced on the central server by another
   * workstation's steps and made again on top of them — the hash of the displaced event and the
   * time it was first made (the new event's `at` is the time it is made again). Recorded in the event.
   */
  rebasedFrom?: string;
  originalAt?: string;
}

/** What the state machine needs to know about a request. */
export interface RequestSnapshot {
  id: string;
  state: RequestState;
  /** Paid services (apostille, mass-media registration, medical licence) need the payment fact to register. */
  paymentRequired?: boolean;
  deadline?: string | null;
  assigneeId?: string | null;
  /** The last event of the request's history, to chain the next one to; absent for the first. */
  head?: { seq: number; hash: string } | null;
}

export const LIFECYCLE_ERROR_CODES = [
  'unknown_action',
  'invalid_context',
  'illegal_transition',
  'forbidden_role',
  'missing_number',
  'payment_not_confirmed',
  'missing_reason',
  'reason_too_long',
  'missing_refusal_ground',
  'unknown_refusal_ground',
  'missing_signature',
  'missing_new_deadline',
  'invalid_new_deadline',
  'deadline_not_later',
  'missing_assignee',
] as const;

export type LifecycleErrorCode = (typeof LIFECYCLE_ERROR_CODES)[number];

export interface LifecycleError {
  code: LifecycleErrorCode;
  params: Record<string, string | number>;
}

/** Action-specific facts recorded in the event. */
export interface EventData {
  number?: string;
  paymentRef?: string;
  refusalGround?: RefusalGround;
  signatureRef?: string;
  newDeadline?: string;
  previousDeadline?: string | null;
  assigneeId?: string;
  previousAssigneeId?: string | null;
  /** Registered without these mandatory documents (codes of the service's checklist); the event's reason says why. */
  missingDocuments?: string[];
  /** Made again after another workstation's steps (sync): the hash of the displaced event it repeats. */
  rebasedFrom?: string;
  /** …and when that step was first made. */
  originalAt?: string;
}

/** The fields of the request that the transition changes, for the caller to store with the event. */
export interface RequestChanges {
  state: RequestState;
  number?: string;
  deadline?: string;
  assigneeId?: string;
}

export interface CheckedTransition {
  ok: true;
  action: ActionName;
  from: RequestState;
  next: RequestState;
  changes: RequestChanges;
  notifyApplicant: boolean;
  /** The event without its sequence number and hashes. */
  body: Omit<HistoryEvent, 'seq' | 'prevHash' | 'hash'>;
}

export type CheckResult = CheckedTransition | { ok: false; error: LifecycleError };

export type TransitionResult =
  | (Omit<CheckedTransition, 'body'> & { event: HistoryEvent })
  | { ok: false; error: LifecycleError };

function fail(code: LifecycleErrorCode, params: Record<string, string | number> = {}): { ok: false; error: LifecycleError } {
  return { ok: false, error: { code, params } };
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The instant as milliseconds, or null unless it is an ISO date-time with Z or an explicit offset. */
export function parseInstant(value: unknown): number | null {
  if (typeof value !== 'string' || !ISO_INSTANT.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

/**
 * Checks an action against the state machine without hashing: the UI can call it to validate a
 * form before sending it; `transition` calls it and then seals the event.
 */
export function checkTransition(request: RequestSnapshot, action: string, context: TransitionContext): CheckResult {
  const definition = BY_NAME.get(action);
  if (!definition) return fail('unknown_action', { action });

  if (!nonEmpty(context.actor?.staffId)) return fail('invalid_context', { field: 'actor.staffId' });
  if (!nonEmpty(context.actor?.iin)) return fail('invalid_context', { field: 'actor.iin' });
  if (!Array.isArray(context.actor?.roles)) return fail('invalid_context', { field: 'actor.roles' });
  if (!nonEmpty(context.workstationId)) return fail('invalid_context', { field: 'workstationId' });
  const atMs = parseInstant(context.at);
  if (atMs === null) return fail('invalid_context', { field: 'at' });

  if (!definition.from.includes(request.state)) {
    return fail('illegal_transition', { action: definition.action, state: request.state });
  }
  if (!definition.roles.some((role) => context.actor.roles.includes(role))) {
    return fail('forbidden_role', { action: definition.action, roles: definition.roles.join(',') });
  }

  const data: EventData = {};
  const changes: RequestChanges = { state: definition.to === 'unchanged' ? request.state : definition.to };
  for (const requirement of definition.requires) {
    switch (requirement) {
      case 'number':
        if (!nonEmpty(context.number)) return fail('missing_number');
        if (context.number.trim().length > REFERENCE_MAX) return fail('invalid_context', { field: 'number' });
        data.number = context.number.trim();
        changes.number = data.number;
        break;
      case 'payment':
        if (request.paymentRequired) {
          if (!nonEmpty(context.paymentRef)) return fail('payment_not_confirmed');
          data.paymentRef = context.paymentRef.trim();
        }
        break;
      case 'reason':
        if (!nonEmpty(context.reason)) return fail('missing_reason', { action: definition.action });
        break;
      case 'refusal_ground':
        if (!nonEmpty(context.refusalGround)) return fail('missing_refusal_ground');
        if (!(REFUSAL_GROUNDS as readonly string[]).includes(context.refusalGround)) {
          return fail('unknown_refusal_ground', { ground: context.refusalGround });
        }
        data.refusalGround = context.refusalGround as RefusalGround;
        break;
      case 'signature':
        if (!nonEmpty(context.signatureRef)) return fail('missing_signature', { action: definition.action });
        if (context.signatureRef.trim().length > REFERENCE_MAX) return fail('invalid_context', { field: 'signatureRef' });
        data.signatureRef = context.signatureRef.trim();
        break;
      case 'new_deadline': {
        if (!nonEmpty(context.newDeadline)) return fail('missing_new_deadline');
        const newMs = parseInstant(context.newDeadline);
        if (newMs === null) return fail('invalid_new_deadline', { value: context.newDeadline });
        const currentMs = request.deadline ? parseInstant(request.deadline) : null;
        // Later than the current deadline, and in any case later than the moment of the extension.
        const floor = Math.max(currentMs ?? atMs, atMs);
        if (newMs <= floor) {
          return fail('deadline_not_later', { current: new Date(floor).toISOString(), value: context.newDeadline });
        }
        data.newDeadline = new Date(newMs).toISOString();
        data.previousDeadline = request.deadline ?? null;
        changes.deadline = data.newDeadline;
        break;
      }
      case 'assignee':
        if (!nonEmpty(context.assigneeId)) return fail('missing_assignee');
        data.assigneeId = context.assigneeId.trim();
        data.previousAssigneeId = request.assigneeId ?? null;
        changes.assigneeId = data.assigneeId;
        break;
    }
  }

  // Registering without a mandatory document is an exception the employee answers for: with a reason.
  if (definition.action === 'register' && context.missingDocuments !== undefined && context.missingDocuments.length > 0) {
    if (!context.missingDocuments.every((code) => nonEmpty(code) && code.length <= 60)) return fail('invalid_context', { field: 'missingDocuments' });
    if (!nonEmpty(context.reason)) return fail('missing_reason', { action: definition.action });
    data.missingDocuments = [...context.missingDocuments];
  }

  // A step made again after another workstation's (sync) says which one it repeats, and when that was.
  if (context.rebasedFrom !== undefined || context.originalAt !== undefined) {
    if (typeof context.rebasedFrom !== 'string' || !/^[0-9a-f]{64}$/.test(context.rebasedFrom)) return fail('invalid_context', { field: 'rebasedFrom' });
    const originalMs = parseInstant(context.originalAt);
    if (originalMs === null) return fail('invalid_context', { field: 'originalAt' });
    data.rebasedFrom = context.rebasedFrom;
    data.originalAt = new Date(originalMs).toISOString();
  }

  // A reason is kept whenever one is given, required or not (e.g. a note on issue).
  let reason: string | undefined;
  if (nonEmpty(context.reason)) {
    reason = context.reason.trim();
    if (reason.length > REASON_MAX) return fail('reason_too_long', { max: REASON_MAX });
  }

  const body: Omit<HistoryEvent, 'seq' | 'prevHash' | 'hash'> = {
    requestId: request.id,
    action: definition.action,
    from: request.state,
    to: changes.state,
    actorId: context.actor.staffId,
    actorIin: context.actor.iin,
    workstationId: context.workstationId,
    at: new Date(atMs).toISOString(),
    ...(reason !== undefined ? { reason } : {}),
    ...(Object.keys(data).length > 0 ? { data } : {}),
  };
  return {
    ok: true,
    action: definition.action,
    from: request.state,
    next: changes.state,
    changes,
    notifyApplicant: definition.notifiesApplicant,
    body,
  };
}

/** Applies an action: the next state, the changed fields and the sealed history event to append. */
export function transition(
  request: RequestSnapshot,
  action: string,
  context: TransitionContext,
  sha256: Sha256,
): TransitionResult {
  const checked = checkTransition(request, action, context);
  if (!checked.ok) return checked;
  const { body, ...rest } = checked;
  const seq = (request.head?.seq ?? 0) + 1;
  const prevHash = request.head?.hash ?? GENESIS_HASH;
  const unsealed = { seq, ...body, prevHash };
  return { ...rest, event: { ...unsealed, hash: hashEvent(prevHash, unsealed, sha256) } };
}

// ---- the hash-chained history ----

/** SHA-256 of the UTF-8 text, as lowercase hex. Injected: node:crypto in main and on the server. */
export type Sha256 = (text: string) => string;

/** The `prevHash` of a request's first event. */
export const GENESIS_HASH = '0'.repeat(64);

export interface HistoryEvent {
  /** 1, 2, 3… within one request. */
  seq: number;
  requestId: string;
  action: ActionName;
  from: RequestState;
  to: RequestState;
  actorId: string;
  actorIin: string;
  workstationId: string;
  /** ISO instant in UTC. */
  at: string;
  reason?: string;
  data?: EventData;
  prevHash: string;
  hash: string;
}

/**
 * Canonical JSON: object keys sorted (by UTF-16 code units, as Array.prototype.sort does), no
 * whitespace, properties whose value is `undefined` left out (so an absent optional field and an
 * undefined one hash alike — but `null` is a value: a store must give back absent fields as absent).
 * Only plain data is accepted: anything else (Date, Map, functions, NaN, Infinity) is a programming
 * error and throws a TypeError.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((item) => {
          if (item === undefined) throw new TypeError('canonicalJson: undefined in an array');
          return canonicalJson(item);
        }).join(',')}]`;
      }
      const prototype = Object.getPrototypeOf(value) as unknown;
      if (prototype !== Object.prototype && prototype !== null) {
        throw new TypeError('canonicalJson: only plain objects');
      }
      const record = value as Record<string, unknown>;
      const members = Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
      return `{${members.join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: unsupported ${typeof value}`);
  }
}

/** The hash of an event: SHA-256 over the canonical JSON of every field but `hash`, with `prevHash` set. */
export function hashEvent(prevHash: string, event: Omit<HistoryEvent, 'hash' | 'prevHash'> & { prevHash?: string; hash?: string }, sha256: Sha256): string {
  const { hash: _hash, ...rest } = event;
  return sha256(canonicalJson({ ...rest, prevHash }));
}

export type HistoryProblem = 'sequence_gap' | 'broken_link' | 'hash_mismatch' | 'request_mismatch' | 'head_mismatch';

export type VerifyResult =
  | { ok: true; checked: number }
  | { ok: false; firstBadSeq: number; reason: HistoryProblem };

/**
 * Verifies a request's history in stored order. Finds a changed field (hash_mismatch), a removed
 * or reordered entry (sequence_gap, or broken_link when the sequence numbers were rewritten too) and
 * an event of another request (request_mismatch). `firstBadSeq` is the position (1-based, = the seq
 * the event there should have) of the first event that cannot be trusted.
 *
 * A chain alone cannot show that its *last* entries were cut off, nor that it was rebuilt whole with
 * fresh hashes: pass the head kept elsewhere (the request row, the central server) as `expectedHead`.
 */
export function verifyHistory(
  events: readonly HistoryEvent[],
  sha256: Sha256,
  options: { requestId?: string; expectedHead?: { seq: number; hash: string } } = {},
): VerifyResult {
  let prevHash = GENESIS_HASH;
  const requestId = options.requestId ?? events[0]?.requestId;
  for (let index = 0; index < events.length; index += 1) {
    const event = events[index] as HistoryEvent;
    const position = index + 1;
    if (event.seq !== position) return { ok: false, firstBadSeq: position, reason: 'sequence_gap' };
    if (event.requestId !== requestId) return { ok: false, firstBadSeq: position, reason: 'request_mismatch' };
    if (event.prevHash !== prevHash) return { ok: false, firstBadSeq: position, reason: 'broken_link' };
    if (hashEvent(prevHash, event, sha256) !== event.hash) {
      return { ok: false, firstBadSeq: position, reason: 'hash_mismatch' };
    }
    prevHash = event.hash;
  }
  const head = options.expectedHead;
  if (head) {
    const last = events[events.length - 1];
    if (!last || last.seq !== head.seq || last.hash !== head.hash) {
      // Entries cut off at the end: the first missing one; otherwise the event where the head should be.
      const firstBadSeq = events.length < head.seq ? events.length + 1 : head.seq;
      return { ok: false, firstBadSeq, reason: 'head_mismatch' };
    }
  }
  return { ok: true, checked: events.length };
}
