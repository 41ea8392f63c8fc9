// The service catalogue's vocabulary: one declarative definition per state service, plain data
// (JSON-like) so that forms, checklists, deadlines and timers are rendered and checked from it.
//
// Where a definition states a fact from a regulation, `source` names the regulation note it comes
// from (/work/shared/domain/regulations/NNN_*.md) and the place in it, e.g. "000 Annex 1 T2#6" =
// note 000, Annex 1, Table 2, action 6. Facts the regulations leave to a service standard that is
// not in the text are marked `by_standard` / `perStandard` (configurable), never invented.
//
// Pure TypeScript: used by the renderer and by the main process alike.
import type { Role } from '../domain/roles';
import type { RegistrySystem } from '../registry';

/** Text in the three interface languages, Kazakh first. */
export interface Localised {
  readonly kk: string;
  readonly ru: string;
  readonly en: string;
}

/** A calendar date, YYYY-MM-DD. */
export type IsoDate = string;

/** How an applicant reaches the service: e-government portal, counter, telephone, public service centre (ХҚКО/ЦОН). */
export const CHANNELS = ['portal', 'walk_in', 'phone', 'service_centre'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Who may apply: a person identified by IIN, an organisation by BIN, or either. */
export const APPLICANT_KINDS = ['person', 'organisation', 'person_or_organisation'] as const;
export type ApplicantKind = (typeof APPLICANT_KINDS)[number];

/** Degree of automation as the regulation states it (§3/§4 of every regulation). */
export const AUTOMATION_DEGREES = ['full', 'partial'] as const;
export type AutomationDegree = (typeof AUTOMATION_DEGREES)[number];

// ---- legal basis ----

export const LEGAL_ACT_KINDS = ['regulation', 'standard', 'local_act'] as const;
export type LegalActKind = (typeof LEGAL_ACT_KINDS)[number];

/** A legal act the service rests on: the e-service regulation, the service standard, local acts. */
export interface LegalAct {
  readonly kind: LegalActKind;
  readonly title: Localised;
  readonly issuer: Localised;
  /** Date and number of the act that approved it (absent only where the text gives none). */
  readonly date?: IsoDate;
  readonly number?: string;
  /** State registration with the justice bodies, where the text gives it. */
  readonly registered?: { readonly date: IsoDate; readonly number: string };
  /** The act that repealed it, where the text says so. */
  readonly repealed?: { readonly date: IsoDate; readonly number: string };
  readonly source: string;
}

// ---- deadlines and norms ----

export const DEADLINE_KINDS = ['working_days', 'hours', 'minutes', 'by_standard'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/**
 * The legal term of the service. `by_standard`: the regulation defers to a service standard whose
 * text is not available; the term is configured per deployment (`defaultWorkingDays` and `choices`
 * only where the text itself names values).
 */
export type Deadline =
  | { readonly kind: 'working_days' | 'hours' | 'minutes'; readonly value: number; readonly source: string }
  | {
      readonly kind: 'by_standard';
      readonly defaultWorkingDays?: number;
      readonly choices?: readonly number[];
      readonly note: Localised;
      readonly source: string;
    };

/** A term that differs on some channels (e.g. 3 working days through a public service centre). */
export interface ChannelDeadline {
  readonly channels: readonly Channel[];
  readonly deadline: Deadline;
}

/** An operation within one service with its own term (licence issue / re-issue / duplicate). */
export interface Operation {
  readonly code: string;
  readonly names: Localised;
  readonly deadline: Deadline;
}

export const NORM_UNITS = ['seconds', 'minutes', 'hours', 'working_days'] as const;
export type NormUnit = (typeof NORM_UNITS)[number];

/** A time norm: at most `value`; `min` given when the table states a range ("10–15 s"). */
export interface Norm {
  readonly value: number;
  readonly min?: number;
  readonly unit: NormUnit;
}

/** The step vocabulary of the Annex 1 (or 2) tables of actions; the same code on every service. */
export const STEP_CODES = [
  'sign_in',
  'sign_in_refusal',
  'select_service',
  'compose_request',
  'registry_query',
  'registry_no_data',
  'payment',
  'payment_refusal',
  'select_signature',
  'signature_refusal',
  'sign_and_send',
  'fill_request',
  'send_request',
  'register_request',
  'refusal',
  'result',
] as const;
export type StepCode = (typeof STEP_CODES)[number];

/** Who performs a step (the table's ҚФБ column). */
export const STEP_ACTORS = [
  'applicant',
  'staff',
  'centre_operator',
  'portal',
  'payment_gateway',
  'registry',
  'workstation',
] as const;
export type StepActor = (typeof STEP_ACTORS)[number];

export interface StepNorm {
  readonly step: StepCode;
  readonly channel: Channel;
  readonly actor: StepActor;
  readonly norm: Norm;
  /** Only for this operation (when the table gives a value per operation). */
  readonly operation?: string;
  /** A service-specific name; otherwise the step vocabulary's name is shown. */
  readonly names?: Localised;
  readonly source: string;
}

// ---- the form ----

export const FIELD_TYPES = [
  'text',
  'textarea',
  'date',
  'time',
  'datetime',
  'select',
  'multiselect',
  'iin',
  'bin',
  'phone',
  'number',
  'checkbox',
  'address',
  'list',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FieldOption {
  readonly value: string;
  readonly label: Localised;
}

/** A field is asked (and checked) only while another field has a given value. */
export type FieldCondition =
  | { readonly field: string; readonly equals: string | boolean }
  | { readonly field: string; readonly oneOf: readonly string[] };

/** Where a field's initial value comes from: a registry record of the applicant, e.g. "person.address". */
export type RegistryPath = `${'person' | 'legalEntity' | 'attachment'}.${string}`;

/**
 * One field of a service's form. Values: text types → string (trimmed); date "YYYY-MM-DD";
 * time "HH:mm"; datetime "YYYY-MM-DDTHH:mm"; number → whole number; checkbox → boolean (a required
 * checkbox must be ticked); select → option value; multiselect → option values; address → the
 * registry's address shape; list → array of objects of `itemFields`.
 */
export interface FieldDefinition {
  readonly id: string;
  readonly label: Localised;
  readonly help?: Localised;
  readonly type: FieldType;
  readonly required: boolean;
  readonly options?: readonly FieldOption[];
  readonly prefill?: RegistryPath;
  readonly maxLength?: number;
  /** A regular expression (source text) the whole trimmed value must match. */
  readonly pattern?: string;
  /** number: bounds (inclusive). */
  readonly min?: number;
  readonly max?: number;
  /** multiselect and list: bounds on the number of entries. */
  readonly minItems?: number;
  readonly maxItems?: number;
  /** list: the fields of one entry (no nested lists). */
  readonly itemFields?: readonly FieldDefinition[];
  /** Only for these operations of the service. */
  readonly operations?: readonly string[];
  /** Only while this condition on an earlier field holds. */
  readonly when?: FieldCondition;
  /** date: not before / not after the current date (checked when the schema is given today). */
  readonly notBeforeToday?: boolean;
  readonly notAfterToday?: boolean;
  /** date or number: not less than the value of that field. */
  readonly notBeforeField?: string;
}

// ---- documents, payment, results, refusals ----

export const PRESENTATIONS = ['original', 'copy', 'electronic'] as const;
/** original: shown at the counter, scanned and attached; copy: a paper copy handed in; electronic: attached on the portal. */
export type Presentation = (typeof PRESENTATIONS)[number];

/** When a document (or anything else conditional) applies. */
export type Condition =
  | FieldCondition
  | { readonly applicantAgeUnder: number }
  | { readonly applicantAgeAtLeast: number }
  | { readonly operations: readonly string[] };

export interface DocumentRequirement {
  readonly code: string;
  readonly names: Localised;
  readonly mandatory: boolean | Condition;
  readonly presentation: readonly Presentation[];
  /** Only on these channels (all channels of the service when absent). */
  readonly channels?: readonly Channel[];
  /**
   * The regulation refers to the service standard's list without reproducing it: this entry stands
   * for that list and is meant to be replaced by configuration.
   */
  readonly perStandard?: { readonly paragraph?: string };
  readonly source: string;
}

export interface PaymentRule {
  readonly required: boolean;
  /** Channels on which the regulation checks the payment (through the payment gateway ЭҮТШ). */
  readonly checkedOn: readonly Channel[];
  /** The fee, when configured; the regulations never state it. */
  readonly amountTiyn?: number;
  readonly note?: Localised;
  readonly source: string;
}

export const RESULT_FORMS = ['electronic', 'paper', 'journal_entry'] as const;
export type ResultForm = (typeof RESULT_FORMS)[number];

export const JOURNALS = ['appointments', 'home_calls', 'issued_documents', 'apostille_register', 'licence_register'] as const;
export type Journal = (typeof JOURNALS)[number];

/** Whose electronic signature (ЭЦҚ) makes the result valid. */
export type ResultSigner = Extract<Role, 'authorised_signer'>;

export interface ResultDocument {
  /** Also the key of the result's template. */
  readonly kind: string;
  readonly names: Localised;
  readonly form: ResultForm;
  readonly channels: readonly Channel[];
  /** null: nothing to sign (a journal entry with an oral answer). */
  readonly signedBy: ResultSigner | null;
  readonly journal?: Journal;
  readonly source: string;
}

/** Grounds of a reasoned refusal (дәлелді бас тарту). */
export const REFUSAL_GROUND_CODES = [
  'applicant_data_unavailable',
  'power_of_attorney_unavailable',
  'documents_invalid',
  'payment_missing',
  'signature_not_confirmed',
  'qualification_requirements_not_met',
  'grounds_not_met',
  'not_attached',
  'other',
] as const;
export type RefusalGroundCode = (typeof REFUSAL_GROUND_CODES)[number];

/** Where in the workflow the ground arises. */
export const REFUSAL_STAGES = ['registry_lookup', 'signature_check', 'payment_check', 'review'] as const;
export type RefusalStage = (typeof REFUSAL_STAGES)[number];

export interface RefusalGround {
  readonly code: RefusalGroundCode;
  readonly stage: RefusalStage;
  /** Only on these channels (all channels of the service when absent). */
  readonly channels?: readonly Channel[];
  /** A service-specific name; otherwise the vocabulary's name is shown. */
  readonly names?: Localised;
  readonly source: string;
}

// ---- the definition ----

export interface ServiceDefinition<C extends string = string> {
  /** "area.name", e.g. "phc.appointment". */
  readonly code: C;
  readonly names: Localised;
  /** Who provides the service according to the regulation. */
  readonly provider: Localised;
  readonly legalBasis: readonly LegalAct[];
  readonly automation: AutomationDegree;
  /** Staff roles that may receive and process requests (results are signed by `results[].signedBy`). */
  readonly roles: readonly Role[];
  readonly channels: readonly Channel[];
  /** Portal sites the regulation names for the portal channel. */
  readonly portals?: readonly string[];
  readonly applicant: ApplicantKind;
  /** Registries the workstation queries for this service (through the central server). */
  readonly lookups: readonly RegistrySystem[];
  readonly operations?: readonly Operation[];
  /** The term; operations and channel terms, where given, take precedence. */
  readonly deadline: Deadline;
  readonly channelDeadlines?: readonly ChannelDeadline[];
  readonly fields: readonly FieldDefinition[];
  readonly documents: readonly DocumentRequirement[];
  readonly payment: PaymentRule;
  readonly results: readonly ResultDocument[];
  readonly refusalGrounds: readonly RefusalGround[];
  readonly stepNorms: readonly StepNorm[];
}

/** Declares a service; keeps its code as a literal type so the catalogue can derive ServiceCode. */
export function defineService<const C extends string>(definition: ServiceDefinition<C>): ServiceDefinition<C> {
  return definition;
}
