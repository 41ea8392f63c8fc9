// The request store's part of the UI↔main contract: input schemas (checked at the main-process
// boundary) and the shapes that travel back. Registered in src/shared/api/contract.ts.
import { z } from 'zod';
import { CHANNELS, PRESENTATIONS, serviceCodeSchema, type Channel, type Localised, type Norm, type ServiceCode, type StepCode } from '../catalogue';
import { binSchema, iinSchema } from '../validation';
import { ACTION_NAMES, REASON_MAX, REQUEST_STATES, type ActionName, type HistoryEvent, type RequestState } from './lifecycle';

// ---- inputs ----

const requestId = z.uuid();
const operation = z.string().trim().min(1).max(40);

/** Channels on which staff take a request in at the workstation; portal requests come through the gateway. */
export const INTAKE_CHANNELS = ['walk_in', 'phone', 'service_centre'] as const satisfies readonly Channel[];

const applicantSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('person'), iin: iinSchema }).strict(),
  z.object({ kind: z.literal('organisation'), bin: binSchema }).strict(),
]);

/** Which of the service's documents the applicant presented, by document code. */
const documentsSchema = z
  .record(
    z.string().regex(/^[a-z][a-z0-9_]*$/).max(60),
    z.object({ presented: z.boolean(), presentation: z.enum(PRESENTATIONS).optional() }).strict(),
  )
  .superRefine((value, ctx) => {
    if (Object.keys(value).length > 50) ctx.addIssue({ code: 'too_big', origin: 'array', maximum: 50, inclusive: true, input: value });
  });

/** The form's values: checked against the service's form schema (catalogue formSchema) in main. */
const formValuesSchema = z.record(z.string().max(60), z.unknown());

export const createDraftInput = z
  .object({
    service: serviceCodeSchema,
    operation: operation.optional(),
    channel: z.enum(INTAKE_CHANNELS),
    applicant: applicantSchema,
    form: formValuesSchema.default({}),
    documents: documentsSchema.default({}),
  })
  .strict();

export const updateDraftInput = z
  .object({ requestId, form: formValuesSchema.optional(), documents: documentsSchema.optional() })
  .strict();

export const MISSING_DOCUMENTS_REASON_MIN = 5;
export const MISSING_DOCUMENTS_REASON_MAX = 500;

/** Why the employee registers a request without a mandatory document (recorded in the history). */
export const missingDocumentsReasonSchema = z.string().trim().min(MISSING_DOCUMENTS_REASON_MIN).max(MISSING_DOCUMENTS_REASON_MAX);

export const registerInput = z
  .object({
    requestId,
    /** The payment fact (payment gateway reference or receipt) of a paid service. */
    paymentRef: z.string().trim().min(1).max(200).optional(),
    /**
     * Registering although a mandatory document of the checklist was not presented: the employee's
     * reason, kept as the register event's reason with the documents that were missing. Without it
     * such a request is refused; with nothing missing it is not recorded.
     */
    missingDocumentsReason: missingDocumentsReasonSchema.optional(),
    /** At the counter: the employee's signature over the request as registered (signing.sign, action register). */
    signatureRef: z.string().trim().min(1).max(100).optional(),
  })
  .strict();

/** Every action but `register`, which has its own method (it assigns the number and the deadline). */
export const TRANSITION_ACTIONS = ACTION_NAMES.filter((action) => action !== 'register') as Exclude<ActionName, 'register'>[];

export const transitionInput = z
  .object({
    requestId,
    action: z.enum(TRANSITION_ACTIONS as [Exclude<ActionName, 'register'>, ...Exclude<ActionName, 'register'>[]]),
    reason: z.string().trim().max(REASON_MAX).optional(),
    /** For `refuse`: one of the service's refusal grounds (catalogue `refusalGrounds[].code`). */
    refusalGround: z.string().trim().min(1).max(60).optional(),
    /** For `refuse` and `mark_result_ready`: the reference of the authorised person's signature. */
    signatureRef: z.string().trim().min(1).max(200).optional(),
    /** For `extend_term`: the new deadline, an ISO instant. */
    newDeadline: z.iso.datetime({ offset: true }).optional(),
    /** For `assign`: the staff member. */
    assigneeId: z.uuid().optional(),
  })
  .strict();

export const QUEUE_SORTS = ['received', 'deadline', 'number', 'applicant', 'service', 'state'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];
export const QUEUE_PAGE_MAX = 500;

export const queueInput = z
  .object({
    services: z.array(serviceCodeSchema).max(20).optional(),
    states: z.array(z.enum(REQUEST_STATES)).max(REQUEST_STATES.length).optional(),
    channels: z.array(z.enum(CHANNELS)).max(CHANNELS.length).optional(),
    /** Open requests whose deadline is at risk, passed, or either. */
    deadline: z.enum(['at_risk', 'overdue', 'at_risk_or_overdue']).optional(),
    assignee: z.enum(['mine', 'unassigned']).optional(),
    /** A request number, an IIN/BIN, or words of the applicant's name (Kazakh letters folded). */
    search: z.string().trim().max(100).optional(),
    sort: z.enum(QUEUE_SORTS).default('received'),
    direction: z.enum(['asc', 'desc']).default('desc'),
    offset: z.number().int().min(0).max(10_000_000).default(0),
    limit: z.number().int().min(1).max(QUEUE_PAGE_MAX).default(100),
  })
  .strict();
export type QueueQuery = z.output<typeof queueInput>;

export const statusLookupInput = z.object({ query: z.string().trim().min(1).max(60) }).strict();

export const SATISFACTION = ['not_satisfied', 'partly', 'satisfied'] as const;
export type Satisfaction = (typeof SATISFACTION)[number];

export const questionnaireInput = z
  .object({
    requestId,
    /** «Are you satisfied with the process and the quality of the result?» */
    quality: z.enum(SATISFACTION),
    /** «Are you satisfied with the quality of the information about the procedure?» */
    information: z.enum(SATISFACTION),
  })
  .strict();

export const setTermInput = z
  .object({
    service: serviceCodeSchema,
    operation: operation.optional(),
    /** null removes the configured term. */
    workingDays: z.number().int().min(1).max(365).nullable(),
  })
  .strict();

// ---- outputs ----

export type TermKind = 'working_days' | 'hours' | 'minutes';
export interface Term {
  kind: TermKind;
  value: number;
}

/**
 * on_time / at_risk / overdue while the request is open; met / late once its result or refusal is
 * there; none without a deadline (a draft, a withdrawn request, a term nobody configured).
 */
export type DeadlineState = 'on_time' | 'at_risk' | 'overdue' | 'met' | 'late' | 'none';

/** Where a request's term comes from: the regulation's text, an administrator, the standard's default, nowhere yet. */
export type TermSource = 'catalogue' | 'configured' | 'standard_default' | 'not_configured';

export interface DeadlineInfo {
  at: string | null;
  term: Term | null;
  state: DeadlineState;
  /** From when the request counts as at risk. */
  atRiskFrom: string | null;
  /** Negative when overdue; null when there is no running deadline. */
  msLeft: number | null;
  /** Working days after today (Almaty, today not counted) up to and including the deadline's day, as in QueueRow. */
  workingDaysLeft: number | null;
}

export interface StepTiming {
  step: StepCode;
  names: Localised;
  norm: Norm;
  startedAt: string;
  endedAt: string | null;
  elapsedMs: number;
  /** When the norm runs out. */
  limitAt: string | null;
  exceeded: boolean;
}

export interface Applicant {
  kind: 'person' | 'organisation';
  /** IIN or BIN. */
  id: string;
  name: string;
}

export interface DocumentMark {
  presented: boolean;
  presentation?: (typeof PRESENTATIONS)[number];
}

export interface HistoryEntry extends HistoryEvent {
  actorName: string | null;
}

/**
 * What became of a step of this workstation that another workstation's displaced (sync, see
 * src/main/sync/apply.ts): made again on top of the server's version, or not — no longer possible
 * from the state reached (`illegal`), the request taken by another workstation first (`taken`), kept
 * aside before steps were made again (`kept`), or not decided yet (`pending`: the server's version of
 * the request has not fully arrived).
 */
export type SupersededOutcome = 'reapplied' | 'illegal' | 'taken' | 'kept' | 'pending';

export interface SupersededEntry extends HistoryEntry {
  /** The event's id on this workstation (a sync conflict names it). */
  eventId: string;
  supersededAt: string;
  /** The workstation whose events stand instead. */
  byWorkstation: string | null;
  outcome: SupersededOutcome;
  /** The step of the history it was made again as (outcome `reapplied`). */
  reappliedAsSeq: number | null;
}

export interface QuestionnaireRecord {
  requestId: string;
  quality: Satisfaction;
  information: Satisfaction;
  recordedAt: string;
  recordedBy: string;
}

export interface RequestDetail {
  id: string;
  number: string | null;
  service: ServiceCode;
  operation: string | null;
  channel: Channel;
  state: RequestState;
  applicant: Applicant;
  form: Record<string, unknown>;
  documents: Record<string, DocumentMark>;
  paymentRef: string | null;
  refusalGround: string | null;
  createdAt: string;
  createdBy: string;
  receivedAt: string;
  registeredAt: string | null;
  completedAt: string | null;
  updatedAt: string;
  workstationId: string;
  assignee: { id: string; name: string | null } | null;
  deadline: DeadlineInfo;
  steps: StepTiming[];
  history: HistoryEntry[];
  /** The history's hash chain checked against the head kept on the request. */
  historyIntact: boolean;
  /**
   * This workstation's events that the central server did not take because another workstation's
   * reached it first (sync): kept, and shown beside the history that stands, each with what became
   * of it (made again on top of the server's version, or not).
   */
  superseded: SupersededEntry[];
  /** What this person may do now (the lifecycle's actions, for a service they handle). */
  allowedActions: ActionName[];
  questionnaire: QuestionnaireRecord | null;
}

export interface QueueRow {
  id: string;
  number: string | null;
  service: ServiceCode;
  operation: string | null;
  channel: Channel;
  state: RequestState;
  applicant: Applicant;
  receivedAt: string;
  deadline: string | null;
  deadlineState: DeadlineState;
  /** Time to the running deadline when the page was read; negative when overdue; null without one. */
  msLeft: number | null;
  /**
   * For a running deadline in working days: the working days after today (Almaty; today is not
   * counted) up to and including the deadline's day — 0 on that day, negative when overdue by that
   * many working days. null for terms in hours or minutes (msLeft says it), without a running
   * deadline, or where the calendar cannot say (see request-timing's workingDaysLeft).
   */
  workingDaysLeft: number | null;
  assignee: { id: string; name: string | null } | null;
}

export interface QueuePage {
  rows: QueueRow[];
  /** Rows matching the filters, for the virtualised table's height. */
  total: number;
  offset: number;
}

/** Over the services the person works with; atRisk, overdue, mine and unassigned count open requests only. */
export interface RequestCounters {
  byState: Record<RequestState, number>;
  atRisk: number;
  overdue: number;
  mine: number;
  unassigned: number;
}

export interface StatusLookupEntry {
  number: string;
  service: ServiceCode;
  operation: string | null;
  state: RequestState;
  registeredAt: string;
  deadline: string | null;
  deadlineState: DeadlineState;
}

export interface StatusLookupResult {
  by: 'number' | 'iin' | 'bin';
  entries: StatusLookupEntry[];
}

export interface CatalogueEntry {
  code: ServiceCode;
  names: Localised;
  /** Whether the signed-in person takes in requests of this service (holds one of its case-officer roles). */
  handled: boolean;
  channels: readonly Channel[];
  operations: Array<{ code: string; names: Localised }>;
  /** The term per channel and operation (null: the service has none) and where it comes from. */
  terms: Array<{ channel: Channel; operation: string | null; term: Term | null; source: TermSource }>;
}

export interface HistoryVerification {
  ok: boolean;
  requests: number;
  events: number;
  broken: Array<{ requestId: string; number: string | null; firstBadSeq: number; reason: string }>;
}
