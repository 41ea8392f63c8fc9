// The inputs of a result document as the issuing form holds them, and as the documents service takes
// them: dates typed dd.mm.yyyy become yyyy-mm-dd, times HH:mm, numbers numbers, empty values are left
// out. The same checks the template makes (required, formats, lengths) run here first, so a problem
// is shown at its field at once; the service's own issues (`details.<id>`) land at the same fields.
import type { FieldIssue } from '../../../shared/api/errors';
import { serviceByCode } from '../../../shared/catalogue';
import type { DocumentInputView, DocumentOptions, UiLabel } from '../../../shared/documents';
import { displayDate, parseDisplayDate } from '../registry/format';

/** What one input holds in the form: text for most, a list of values for multiselect, entries for list. */
export type UiValue = string | string[] | UiEntry[];
export type UiEntry = Record<string, UiValue>;
export type UiValues = Record<string, UiValue>;
/** Problems by input path: `registeredOn`, `premises[0].kind`. */
export type InputIssues = Record<string, FieldIssue>;

export const REFUSAL_KIND = 'reasoned_refusal';

/** The label in the interface's language; Russian when the template has no English for it. */
export function labelText(label: UiLabel, language: string): string {
  if (language === 'kk') return label.kk;
  if (language === 'en') return label.en ?? label.ru;
  return label.ru;
}

/**
 * The inputs as the form draws them: the refusal's ground is a choice among the service's grounds,
 * and a multiselect the template gives no options for takes those of the request form's field of the
 * same name (the licence's sub-types of activity).
 */
export function formInputs(inputs: readonly DocumentInputView[], kind: string, options: DocumentOptions, serviceCode: string): DocumentInputView[] {
  const service = serviceByCode(serviceCode);
  return inputs.map((input) => {
    if (kind === REFUSAL_KIND && input.id === 'ground') {
      return { ...input, type: 'select' as const, options: options.refusalGrounds.map((ground) => ({ value: ground.code, label: ground.names })) };
    }
    if (input.type === 'multiselect' && !input.options?.length) {
      const field = service?.fields.find((candidate) => candidate.id === input.id);
      if (field?.options) return { ...input, options: field.options.map((option) => ({ value: option.value, label: { ...option.label } })) };
    }
    return input;
  });
}

function text(value: UiValue | undefined): string {
  return typeof value === 'string' ? value : '';
}

const TIME = /^(\d{1,2}):(\d{2})$/;

function parseTime(typed: string): string | null {
  const match = TIME.exec(typed.trim());
  if (!match) return null;
  const [hours, minutes] = [Number(match[1]), Number(match[2])];
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, '0')}:${match[2]}`;
}

function parseDateTime(typed: string): string | null {
  const match = /^(\S+)\s+(\S+)$/.exec(typed.trim());
  if (!match) return null;
  const date = parseDisplayDate(match[1] as string);
  const time = parseTime(match[2] as string);
  return date && time ? `${date}T${time}` : null;
}

function parseNumber(typed: string): number | null {
  const cleaned = typed.trim().replace(/\s+/g, '').replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return null;
  const value = Number(cleaned);
  return Number.isFinite(value) ? value : null;
}

/** One input's value for the service, or undefined when empty; a problem goes into `issues`. */
function convert(input: DocumentInputView, value: UiValue | undefined, path: string, issues: InputIssues): unknown {
  const problem = (code: string, params?: FieldIssue['params']) => {
    issues[path] = { path, code, ...(params ? { params } : {}) };
    return undefined;
  };
  switch (input.type) {
    case 'multiselect': {
      const selected = Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
      if (selected.length === 0) return input.required ? problem('choose_one') : undefined;
      return selected;
    }
    case 'list': {
      const entries = Array.isArray(value) ? (value as UiEntry[]).filter((entry) => entry && typeof entry === 'object') : [];
      const result: Record<string, unknown>[] = [];
      entries.forEach((entry, index) => {
        const converted: Record<string, unknown> = {};
        for (const field of input.itemFields ?? []) {
          const inner = convert(field, entry[field.id], `${path}[${index}].${field.id}`, issues);
          if (inner !== undefined) converted[field.id] = inner;
        }
        result.push(converted);
      });
      if (result.length === 0) return input.required ? problem('required') : undefined;
      return result;
    }
    default: {
      const typed = text(value).trim();
      if (!typed) return input.required ? problem('required') : undefined;
      if (input.maxLength !== undefined && typed.length > input.maxLength) return problem('too_long', { max: input.maxLength });
      switch (input.type) {
        case 'date':
          return parseDisplayDate(typed) ?? problem('date.format');
        case 'time':
          return parseTime(typed) ?? problem('document.time');
        case 'datetime':
          return parseDateTime(typed) ?? problem('document.datetime');
        case 'number': {
          const number = parseNumber(typed);
          return number === null ? problem('document.number') : number;
        }
        case 'select':
          return input.options?.some((option) => option.value === typed) ? typed : problem('document.not_an_option');
        default:
          return typed;
      }
    }
  }
}

/** The details to send, and the problems found on the way (empty when none). */
export function toDetails(inputs: readonly DocumentInputView[], values: UiValues): { details: Record<string, unknown>; issues: InputIssues } {
  const issues: InputIssues = {};
  const details: Record<string, unknown> = {};
  for (const input of inputs) {
    const value = convert(input, values[input.id], input.id, issues);
    if (value !== undefined) details[input.id] = value;
  }
  return { details, issues };
}

/** Saved details (a draft) as the form shows them. */
export function fromDetails(inputs: readonly DocumentInputView[], details: Record<string, unknown>): UiValues {
  const values: UiValues = {};
  for (const input of inputs) {
    const value = details[input.id];
    if (value === undefined || value === null) continue;
    values[input.id] = uiValue(input, value);
  }
  return values;
}

function uiValue(input: DocumentInputView, value: unknown): UiValue {
  switch (input.type) {
    case 'multiselect':
      return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
    case 'list':
      return Array.isArray(value)
        ? value.map((entry) => {
            const item = (entry ?? {}) as Record<string, unknown>;
            const converted: UiEntry = {};
            for (const field of input.itemFields ?? []) {
              if (item[field.id] !== undefined && item[field.id] !== null) converted[field.id] = uiValue(field, item[field.id]);
            }
            return converted;
          })
        : [];
    case 'date':
      return typeof value === 'string' ? displayDate(value) : '';
    case 'datetime': {
      const match = typeof value === 'string' ? /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(value) : null;
      return match ? `${displayDate(match[1] as string)} ${match[2]}` : typeof value === 'string' ? value : '';
    }
    default:
      return typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  }
}

/** A new, empty entry of a list input. */
export function emptyEntry(input: DocumentInputView): UiEntry {
  return Object.fromEntries((input.itemFields ?? []).map((field) => [field.id, field.type === 'multiselect' ? [] : '']));
}

/** The service's issues (`details.premises[0].kind`) by input path (`premises[0].kind`); others under `_`. */
export function issuesByInput(issues: readonly FieldIssue[]): { inputs: InputIssues; other: FieldIssue[] } {
  const inputs: InputIssues = {};
  const other: FieldIssue[] = [];
  for (const issue of issues) {
    if (issue.path.startsWith('details.')) {
      const path = issue.path.slice('details.'.length);
      if (!inputs[path]) inputs[path] = { ...issue, path };
    } else other.push(issue);
  }
  return { inputs, other };
}
