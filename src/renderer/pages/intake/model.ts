// The intake wizard's logic without React: the steps, the form's values as typed (dates as staff
// read them, numbers as text, addresses and lists as objects) and as the service takes them, the
// check with the very schema main applies (catalogue formSchema/formIssues), the registry prefill,
// the paper-documents checklist and what the draft is made of.
import type { FieldIssue } from '../../../shared/api/errors';
import {
  documentsFor,
  formFields,
  formSchema,
  formIssues,
  serviceByCode,
  type CatalogueService,
  type Channel,
  type DocumentRequirement,
  type FieldDefinition,
  type Localised,
  type Presentation,
} from '../../../shared/catalogue';
import { checkIin } from '../../../shared/domain/iin';
import { TIME_ZONE } from '../../../shared/format';
import type { LegalEntity, Person } from '../../../shared/registry';
import { INTAKE_CHANNELS, type CatalogueEntry, type DocumentMark } from '../../../shared/requests/api';
import { displayDate, parseDisplayDate } from '../registry/format';

// ---- steps ----

export const STEPS = ['service', 'applicant', 'form', 'documents', 'attachments', 'signature', 'register'] as const;
export type StepId = (typeof STEPS)[number];

export function stepIndex(step: StepId): number {
  return STEPS.indexOf(step);
}

export type IntakeChannel = (typeof INTAKE_CHANNELS)[number];

/** The channels on which this service's requests are taken in at the counter (never the portal). */
export function intakeChannels(channels: readonly Channel[]): IntakeChannel[] {
  return INTAKE_CHANNELS.filter((channel) => channels.includes(channel));
}

// ---- localised catalogue text ----

export function localised(text: Localised, language: string): string {
  return language === 'ru' ? text.ru : language === 'en' ? text.en : text.kk;
}

/** The services a person handles, grouped by area ("phc", "social", …) in catalogue order. */
export function groupServices(entries: readonly CatalogueEntry[]): Array<{ area: string; entries: CatalogueEntry[] }> {
  const groups: Array<{ area: string; entries: CatalogueEntry[] }> = [];
  for (const entry of entries) {
    if (!entry.handled) continue;
    const area = entry.code.split('.')[0] as string;
    const group = groups.find((candidate) => candidate.area === area);
    if (group) group.entries.push(entry);
    else groups.push({ area, entries: [entry] });
  }
  return groups;
}

/** The registry lookup's purpose as the audit log keeps it (at most 200 characters). */
export function lookupPurpose(prefix: string, serviceName: string): string {
  return `${prefix}: ${serviceName}`.slice(0, 200);
}

/** Today in Almaty, YYYY-MM-DD (the date the main process checks "not before/after today" against). */
export function almatyToday(now: Date = new Date()): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(now)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}`;
}

// ---- the form's values as typed ----

export interface AddressValue {
  region: string;
  city: string;
  street: string;
  house: string;
  flat: string;
}

export const ADDRESS_PARTS = ['region', 'city', 'street', 'house', 'flat'] as const;

/** What the inputs hold: text for text, dates (dd.mm.yyyy), times, numbers; booleans; option lists; objects. */
export type UiValues = Record<string, unknown>;

export function emptyAddress(): AddressValue {
  return { region: '', city: '', street: '', house: '', flat: '' };
}

export function emptyEntry(field: FieldDefinition): UiValues {
  return Object.fromEntries((field.itemFields ?? []).map((item) => [item.id, emptyValue(item)]));
}

export function emptyValue(field: FieldDefinition): unknown {
  switch (field.type) {
    case 'checkbox':
      return false;
    case 'multiselect':
      return [];
    case 'address':
      return emptyAddress();
    case 'list': {
      const count = Math.max(field.minItems ?? 0, field.required ? 1 : 0);
      return Array.from({ length: count }, () => emptyEntry(field));
    }
    default:
      return '';
  }
}

/** Every field of the service (all operations), as empty inputs. */
export function emptyValues(service: CatalogueService): UiValues {
  return Object.fromEntries(service.fields.map((field) => [field.id, emptyValue(field)]));
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** "9:05" → "09:05"; anything else as typed. */
function normaliseTime(value: string): string {
  const match = /^(\d{1,2}):(\d{2})$/.exec(value.trim());
  return match ? `${(match[1] as string).padStart(2, '0')}:${match[2]}` : value.trim();
}

/** "dd.mm.yyyy HH:mm" → "yyyy-mm-ddTHH:mm"; null when it is not that. */
export function parseDisplayDateTime(value: string): string | null {
  const match = /^(\S+)\s+(\d{1,2}:\d{2})$/.exec(value.trim());
  if (!match) return null;
  const date = parseDisplayDate(match[1] as string);
  return date ? `${date}T${normaliseTime(match[2] as string)}` : null;
}

interface Converted {
  value: unknown;
  /** Problems the conversion itself found (the schema would only say "wrong type"). */
  issues?: FieldIssue[];
}

/** One input's value as the service's schema takes it. */
function toApiValue(field: FieldDefinition, ui: unknown, path: string): Converted {
  switch (field.type) {
    case 'checkbox':
      return { value: ui === true };
    case 'multiselect':
      return { value: Array.isArray(ui) ? ui.filter((v): v is string => typeof v === 'string') : [] };
    case 'date': {
      const typed = text(ui).trim();
      if (!typed) return { value: '' };
      const iso = parseDisplayDate(typed);
      return iso ? { value: iso } : { value: typed, issues: [{ path, code: 'date.format' }] };
    }
    case 'time':
      return { value: normaliseTime(text(ui)) };
    case 'datetime': {
      const typed = text(ui).trim();
      if (!typed) return { value: '' };
      return { value: parseDisplayDateTime(typed) ?? typed };
    }
    case 'number': {
      const typed = text(ui).trim().replace(/\s+/g, '');
      if (!typed) return { value: '' };
      if (/^-?\d+$/.test(typed)) return { value: Number(typed) };
      const params = field.min !== undefined && field.max !== undefined ? { min: field.min, max: field.max } : undefined;
      return { value: typed, issues: [{ path, code: 'out_of_range', ...(params ? { params } : {}) }] };
    }
    case 'address': {
      const address = (ui ?? {}) as Partial<AddressValue>;
      return { value: Object.fromEntries(ADDRESS_PARTS.map((part) => [part, text(address[part])])) };
    }
    case 'list': {
      const entries = Array.isArray(ui) ? (ui as UiValues[]) : [];
      const issues: FieldIssue[] = [];
      const value = entries.map((entry, index) => {
        const converted = convertFields(field.itemFields ?? [], entry ?? {}, `${path}.${index}.`);
        issues.push(...converted.issues);
        return converted.values;
      });
      return { value, issues };
    }
    default:
      return { value: text(ui) };
  }
}

function conditionHolds(field: FieldDefinition, values: UiValues, active: ReadonlySet<string>): boolean {
  const condition = field.when;
  if (!condition) return true;
  if (!active.has(condition.field)) return false;
  const value = values[condition.field];
  return 'equals' in condition ? value === condition.equals : typeof value === 'string' && condition.oneOf.includes(value);
}

function convertFields(fields: readonly FieldDefinition[], ui: UiValues, prefix = ''): { values: UiValues; issues: FieldIssue[] } {
  const values: UiValues = {};
  const issues: FieldIssue[] = [];
  const active = new Set<string>();
  for (const field of fields) {
    if (!conditionHolds(field, values, active)) continue;
    active.add(field.id);
    const converted = toApiValue(field, ui[field.id], `${prefix}${field.id}`);
    values[field.id] = converted.value;
    issues.push(...(converted.issues ?? []));
  }
  return { values, issues };
}

/** The fields of the form shown now: those of the operation whose `when` holds (in form order). */
export function activeFields(service: CatalogueService, operation: string | null, ui: UiValues): FieldDefinition[] {
  const fields = formFields(service, operation ?? undefined);
  const { values } = convertFields(fields, ui);
  return fields.filter((field) => field.id in values);
}

export interface FormCheck {
  /** The values of the fields shown, as the service takes them. */
  values: UiValues;
  /** Problems by path ("premises.0.address.city"), the first one of each path. */
  issues: Record<string, FieldIssue>;
  ok: boolean;
}

/**
 * Checks the typed form with the schema main applies (so what passes here passes there): hidden
 * fields and fields of other operations are left out, typing problems the conversion sees first.
 */
export function checkServiceForm(service: CatalogueService, operation: string | null, ui: UiValues, today: string): FormCheck {
  const op = operation ?? undefined;
  const { values, issues: local } = convertFields(formFields(service, op), ui);
  const parsed = formSchema(service, op, { today }).safeParse(values);
  const all = [...local, ...(parsed.success ? [] : formIssues(service, parsed.error, values, op))];
  const issues: Record<string, FieldIssue> = {};
  for (const issue of all) {
    if (!issues[issue.path]) issues[issue.path] = issue;
  }
  return { values, issues, ok: all.length === 0 };
}

/** The service's own answer about the form ("form.address.city") at the form's paths. */
export function formIssuesFromApi(issues: readonly FieldIssue[]): Record<string, FieldIssue> {
  const result: Record<string, FieldIssue> = {};
  for (const issue of issues) {
    if (!issue.path.startsWith('form')) continue;
    const path = issue.path === 'form' ? '_' : issue.path.slice('form.'.length);
    if (!result[path]) result[path] = { ...issue, path };
  }
  return result;
}

/** The issues at this path and below it ("address" holds "address.city"). */
export function issuesUnder(issues: Record<string, FieldIssue>, path: string): FieldIssue[] {
  return Object.entries(issues)
    .filter(([key]) => key === path || key.startsWith(`${path}.`))
    .map(([, issue]) => issue);
}

// ---- prefill from the registry ----

export type ApplicantRecord = { kind: 'person'; person: Person } | { kind: 'organisation'; entity: LegalEntity };

function valueAtPath(record: unknown, keys: readonly string[]): unknown {
  let value = record;
  for (const key of keys) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** A registry value in the input's shape: addresses as parts, dates as dd.mm.yyyy. */
function asUiValue(field: FieldDefinition, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (field.type === 'address') {
    if (typeof value !== 'object') return undefined;
    const address = value as Record<string, unknown>;
    return Object.fromEntries(ADDRESS_PARTS.map((part) => [part, text(address[part])]));
  }
  if (field.type === 'date' && typeof value === 'string') return displayDate(value);
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return undefined;
}

/**
 * The values the registry answer gives the form (`prefill` of each field). Only the applicant's own
 * record is at hand: paths into other registries (the attached-population register) give nothing.
 */
export function prefillValues(service: CatalogueService, applicant: ApplicantRecord): UiValues {
  const result: UiValues = {};
  for (const field of service.fields) {
    if (!field.prefill) continue;
    const [record, ...keys] = field.prefill.split('.');
    const source =
      record === 'person' && applicant.kind === 'person'
        ? applicant.person
        : record === 'legalEntity' && applicant.kind === 'organisation'
          ? applicant.entity
          : undefined;
    if (!source) continue;
    const value = asUiValue(field, valueAtPath(source, keys));
    if (value !== undefined) result[field.id] = value;
  }
  return result;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function isBlank(field: FieldDefinition, value: unknown): boolean {
  return same(value, emptyValue(field)) || value === undefined;
}

/**
 * Applies a new prefill: a field takes the registry's value when it is empty or still holds the
 * previous applicant's prefill; what the employee typed is kept.
 */
export function applyPrefill(
  service: CatalogueService,
  values: UiValues,
  previous: UiValues,
  next: UiValues,
): UiValues {
  const result = { ...values };
  for (const field of service.fields) {
    if (!field.prefill) continue;
    const current = values[field.id];
    const untouched = isBlank(field, current) || (field.id in previous && same(current, previous[field.id]));
    if (!untouched) continue;
    result[field.id] = field.id in next ? next[field.id] : field.id in previous ? emptyValue(field) : current;
  }
  return result;
}

// ---- the documents checklist ----

/** How a paper document can be presented at the counter (electronic copies come through the portal). */
export function counterPresentations(document: DocumentRequirement): Presentation[] {
  const forms = document.presentation.filter((form) => form !== 'electronic');
  return forms.length ? forms : [...document.presentation];
}

export interface ChecklistItem {
  document: DocumentRequirement;
  /** undefined: the condition cannot be judged (e.g. an age condition for an organisation). */
  mandatory: boolean | undefined;
  presentations: Presentation[];
}

export function applicantBirthDate(applicant: { kind: 'person' | 'organisation'; id: string } | null): string | undefined {
  if (!applicant || applicant.kind !== 'person') return undefined;
  const check = checkIin(applicant.id);
  return check.valid ? check.birthDate : undefined;
}

export function checklist(
  service: CatalogueService,
  channel: Channel,
  context: { values: UiValues; operation: string | null; birthDate: string | undefined; today: string },
): ChecklistItem[] {
  return documentsFor(service, channel, {
    values: context.values,
    ...(context.operation !== null ? { operation: context.operation } : {}),
    ...(context.birthDate ? { applicantBirthDate: context.birthDate } : {}),
    today: context.today,
  }).map(({ document, mandatory }) => ({ document, mandatory, presentations: counterPresentations(document) }));
}

/** The marks the service takes: only the documents of this checklist, with a presentation it allows. */
export function documentMarks(items: readonly ChecklistItem[], marks: Record<string, DocumentMark>): Record<string, DocumentMark> {
  const result: Record<string, DocumentMark> = {};
  for (const { document, presentations } of items) {
    const mark = marks[document.code];
    if (!mark) continue;
    const presentation = mark.presentation && presentations.includes(mark.presentation) ? mark.presentation : presentations[0];
    result[document.code] = { presented: mark.presented, ...(mark.presented && presentation ? { presentation } : {}) };
  }
  return result;
}

/** Mandatory documents not marked as presented. */
export function missingDocuments(items: readonly ChecklistItem[], marks: Record<string, DocumentMark>): ChecklistItem[] {
  return items.filter((item) => item.mandatory === true && !marks[item.document.code]?.presented);
}

// ---- odds and ends ----

export function serviceOf(code: string | null): CatalogueService | null {
  return code ? (serviceByCode(code) ?? null) : null;
}

/** Whether a text looks like the applicant's kind of number is up to the field; this says which kinds the service takes. */
export function applicantKinds(service: CatalogueService): Array<'person' | 'organisation'> {
  return service.applicant === 'person' ? ['person'] : service.applicant === 'organisation' ? ['organisation'] : ['person', 'organisation'];
}
