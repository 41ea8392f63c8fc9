// Document templates as data: one JSON file per result kind in resources/templates (and shared
// pieces in resources/templates/partials). A template says the page size, the languages, the title,
// what the issuer adds at issue time (`inputs`), and the body as a list of generic blocks whose texts
// hold {{expressions}} over the document's data. The renderer knows only the block types and the
// filters below; changing what a document says or how it is laid out is a change of its JSON file.
// resources/templates/README.md describes the format.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CHANNEL_NAMES, REFUSAL_GROUND_NAMES, serviceByCode, type Channel, type FieldDefinition, type RefusalGroundCode } from '../../shared/catalogue';
import type { Bilingual, DocumentLanguage, UiLabel } from '../../shared/documents';
import { TIME_ZONE } from '../../shared/format';
import type { Address } from '../../shared/registry';
import { shippedResourceDir } from '../resources-dir';

// ---- the format ----

const bilingual = z.object({ kk: z.string(), ru: z.string() }).strict();
/** A text: the same for both languages, or one per language; {{…}} expressions inside. */
const text = z.union([z.string(), bilingual]);
export type TemplateText = z.infer<typeof text>;

export type Condition =
  | string
  | { path: string; equals: string | number | boolean | null }
  | { path: string; in: (string | number)[] }
  | { not: Condition }
  | { all: Condition[] }
  | { any: Condition[] };

const condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.string().min(1),
    z.object({ path: z.string(), equals: z.union([z.string(), z.number(), z.boolean(), z.null()]) }).strict(),
    z.object({ path: z.string(), in: z.array(z.union([z.string(), z.number()])) }).strict(),
    z.object({ not: condition }).strict(),
    z.object({ all: z.array(condition) }).strict(),
    z.object({ any: z.array(condition) }).strict(),
  ]),
);

const TEXT_STYLES = ['title', 'subtitle', 'heading', 'body', 'small', 'caption'] as const;
export type TextStyle = (typeof TEXT_STYLES)[number];

const fieldRow = z
  .object({
    /** Printed before the label (the apostille's numbered fields). */
    number: z.string().optional(),
    label: text,
    value: text,
    when: condition.optional(),
  })
  .strict();

export type Block =
  | { type: 'text'; text: TemplateText; style?: TextStyle; align?: 'left' | 'center' | 'right'; bold?: boolean; layout?: 'stacked' | 'inline'; when?: Condition }
  | { type: 'fields'; rows: z.infer<typeof fieldRow>[]; labelWidth?: number; when?: Condition }
  | {
      type: 'table';
      source: string;
      columns: { header: TemplateText; value: TemplateText; width: number }[];
      empty?: TemplateText;
      when?: Condition;
    }
  | { type: 'rule'; when?: Condition }
  | { type: 'space'; height: number; when?: Condition }
  | { type: 'page_break'; when?: Condition }
  | { type: 'include'; partial: string; when?: Condition };

const block: z.ZodType<Block> = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('text'),
      text,
      style: z.enum(TEXT_STYLES).optional(),
      align: z.enum(['left', 'center', 'right']).optional(),
      bold: z.boolean().optional(),
      layout: z.enum(['stacked', 'inline']).optional(),
      when: condition.optional(),
    })
    .strict(),
  z.object({ type: z.literal('fields'), rows: z.array(fieldRow).min(1), labelWidth: z.number().min(0.15).max(0.7).optional(), when: condition.optional() }).strict(),
  z
    .object({
      type: z.literal('table'),
      source: z.string().min(1),
      columns: z.array(z.object({ header: text, value: text, width: z.number().positive() }).strict()).min(1),
      empty: text.optional(),
      when: condition.optional(),
    })
    .strict(),
  z.object({ type: z.literal('rule'), when: condition.optional() }).strict(),
  z.object({ type: z.literal('space'), height: z.number().min(0).max(300), when: condition.optional() }).strict(),
  z.object({ type: z.literal('page_break'), when: condition.optional() }).strict(),
  z.object({ type: z.literal('include'), partial: z.string().regex(/^[a-z0-9_-]+$/), when: condition.optional() }).strict(),
]);

export const TEMPLATE_INPUT_TYPES = ['text', 'textarea', 'date', 'time', 'datetime', 'number', 'select', 'multiselect', 'list'] as const;

/** What the issuing form calls an input or an option: the document's two languages, and English for the interface. */
const inputLabel = z.object({ kk: z.string(), ru: z.string(), en: z.string().min(1).optional() }).strict();
const inputOption = z.object({ value: z.string(), label: inputLabel }).strict();

export interface TemplateInput {
  id: string;
  type: (typeof TEMPLATE_INPUT_TYPES)[number];
  /** kk and ru as the document writes them; `en` only for the English interface. */
  label: UiLabel;
  required: boolean;
  options?: { value: string; label: UiLabel }[];
  maxLength?: number;
  /** list: the fields of one entry. */
  itemFields?: TemplateInput[];
  /** Only when this holds (over the document's data, e.g. the request's operation). */
  when?: Condition;
}

const templateInput: z.ZodType<TemplateInput> = z.lazy(() =>
  z
    .object({
      id: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]*$/),
      type: z.enum(TEMPLATE_INPUT_TYPES),
      label: inputLabel,
      required: z.boolean(),
      options: z.array(inputOption).optional(),
      maxLength: z.number().int().positive().optional(),
      itemFields: z.array(templateInput).optional(),
      when: condition.optional(),
    })
    .strict(),
);

export const templateSchema = z
  .object({
    kind: z.string().regex(/^[a-z][a-z0-9_]*$/),
    version: z.number().int().positive(),
    /** The services whose result this is; "*" for any (the reasoned refusal). */
    services: z.union([z.literal('*'), z.array(z.string()).min(1)]),
    page: z.enum(['A4', 'A5']),
    /** Kazakh first where the document is official. */
    languages: z.array(z.enum(['kk', 'ru'])).min(1),
    title: bilingual,
    inputs: z.array(templateInput).default([]),
    body: z.array(block).min(1),
  })
  .strict();

export type DocumentTemplate = z.infer<typeof templateSchema>;

const partialSchema = z.object({ blocks: z.array(block).min(1) }).strict();

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

// ---- loading ----

export interface TemplateSet {
  dir: string;
  get(kind: string): DocumentTemplate | undefined;
  kinds(): string[];
  /** The blocks of a partial (resources/templates/partials/NAME.json). */
  partial(name: string): Block[];
}

const cache = new Map<string, TemplateSet>();

/** The shipped templates (resources/templates), or those of another folder. Read once per folder. */
export function loadTemplates(dir: string | null = shippedResourceDir('templates')): TemplateSet {
  if (!dir) throw new TemplateError('resources/templates is not to be found');
  const cached = cache.get(dir);
  if (cached) return cached;
  const templates = new Map<string, DocumentTemplate>();
  for (const name of fs.readdirSync(dir).filter((file) => file.endsWith('.json')).sort()) {
    const template = parseJsonFile(path.join(dir, name), templateSchema);
    if (`${template.kind}.json` !== name) throw new TemplateError(`${name}: its kind is "${template.kind}"; the file must be named ${template.kind}.json`);
    templates.set(template.kind, template);
  }
  const partials = new Map<string, Block[]>();
  const partialDir = path.join(dir, 'partials');
  if (fs.existsSync(partialDir)) {
    for (const name of fs.readdirSync(partialDir).filter((file) => file.endsWith('.json'))) {
      partials.set(name.slice(0, -'.json'.length), parseJsonFile(path.join(partialDir, name), partialSchema).blocks);
    }
  }
  const set: TemplateSet = {
    dir,
    get: (kind) => templates.get(kind),
    kinds: () => [...templates.keys()],
    partial(name) {
      const blocks = partials.get(name);
      if (!blocks) throw new TemplateError(`partial "${name}" is not in ${partialDir}`);
      return blocks;
    },
  };
  // Every include must resolve (and not loop), so a broken template fails on loading, not on issuing.
  const check = (blocks: Block[], seen: string[]) => {
    for (const item of blocks) {
      if (item.type !== 'include') continue;
      if (seen.includes(item.partial)) throw new TemplateError(`partial "${item.partial}" includes itself`);
      check(set.partial(item.partial), [...seen, item.partial]);
    }
  };
  for (const template of templates.values()) check(template.body, []);
  cache.set(dir, set);
  return set;
}

function parseJsonFile<T extends z.ZodType>(file: string, schema: T): z.output<T> {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new TemplateError(`${file}: not JSON (${(error as Error).message})`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TemplateError(`${file}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

// ---- expressions ----

/** What expressions see: the document's data plus derived values (see render.ts `templateContext`). */
export type TemplateContext = Record<string, unknown>;

export interface EvalEnv {
  lang: DocumentLanguage;
  context: TemplateContext;
  /** The service's form fields (option labels of `form.*`). */
  fields: readonly FieldDefinition[];
  /** The template's inputs (option labels of `details.*`). */
  inputs: readonly TemplateInput[];
  service: string;
}

export const EMPTY_VALUE = '—';

function isBilingual(value: unknown): value is Bilingual {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    typeof (value as Bilingual).kk === 'string' &&
    typeof (value as Bilingual).ru === 'string'
  );
}

/** A dotted path in the context: `form.goods`, `item.name`, `applicant.address.city`. */
export function lookup(context: TemplateContext, dotted: string): unknown {
  let value: unknown = context;
  for (const part of dotted.split('.')) {
    if (value === null || value === undefined || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

export function conditionHolds(cond: Condition | undefined, context: TemplateContext): boolean {
  if (cond === undefined) return true;
  if (typeof cond === 'string') {
    const value = lookup(context, cond);
    return !isEmpty(value) && value !== false && value !== 0;
  }
  if ('not' in cond) return !conditionHolds(cond.not, context);
  if ('all' in cond) return cond.all.every((item) => conditionHolds(item, context));
  if ('any' in cond) return cond.any.some((item) => conditionHolds(item, context));
  const value = lookup(context, cond.path);
  if ('equals' in cond) return cond.equals === null ? isEmpty(value) : value === cond.equals;
  return (typeof value === 'string' || typeof value === 'number') && cond.in.includes(value);
}

const YES_NO: Record<DocumentLanguage, [string, string]> = { kk: ['Иә', 'Жоқ'], ru: ['Да', 'Нет'] };
const FLAT: Record<DocumentLanguage, string> = { kk: 'пәтер', ru: 'кв.' };

const almatyParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant → its Almaty date and time parts. */
function almaty(value: string): { date: string; time: string } | null {
  const when = new Date(value);
  if (Number.isNaN(when.getTime())) return null;
  const parts = Object.fromEntries(almatyParts.formatToParts(when).map((part) => [part.type, part.value]));
  return { date: `${parts.day}.${parts.month}.${parts.year}`, time: `${parts.hour}:${parts.minute}` };
}

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

function formatDateValue(value: unknown, withTime: boolean): string | null {
  if (typeof value !== 'string') return null;
  let match = LOCAL_DATE.exec(value);
  if (match) return `${match[3]}.${match[2]}.${match[1]}`;
  match = LOCAL_DATETIME.exec(value);
  if (match) return withTime ? `${match[3]}.${match[2]}.${match[1]} ${match[4]}:${match[5]}` : `${match[3]}.${match[2]}.${match[1]}`;
  const parts = almaty(value);
  if (!parts) return null;
  return withTime ? `${parts.date} ${parts.time}` : parts.date;
}

function formatTimeValue(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  if (/^\d{2}:\d{2}$/.test(value)) return value;
  const match = LOCAL_DATETIME.exec(value);
  if (match) return `${match[4]}:${match[5]}`;
  return almaty(value)?.time ?? null;
}

export function formatAddress(address: Address, lang: DocumentLanguage): string {
  return [address.region, address.city, address.street, address.house, address.flat ? `${FLAT[lang]} ${address.flat}` : null]
    .filter((part): part is string => !!part && part.trim() !== '')
    .join(', ');
}

/**
 * The option list a filter means: `option:premises.kind` names the field; otherwise the path tells
 * (form.X, details.X). The form's field and the template's input of that name are both looked at,
 * the one the path names first; the first that has options is taken.
 */
function optionsFor(env: EvalEnv, expressionPath: string, argument: string | undefined): readonly { value: string; label: Bilingual }[] | null {
  type WithOptions = { id: string; options?: readonly { value: string; label: Bilingual }[]; itemFields?: readonly WithOptions[] };
  const fieldPath = argument ?? expressionPath.replace(/^(form|details)\./, '');
  const [head, child] = fieldPath.split('.');
  const fromForm = env.fields.find((field) => field.id === head) as WithOptions | undefined;
  const fromInputs = env.inputs.find((input) => input.id === head) as WithOptions | undefined;
  const candidates = expressionPath.startsWith('details.') ? [fromInputs, fromForm] : [fromForm, fromInputs];
  for (const field of candidates) {
    const options = child === undefined ? field?.options : field?.itemFields?.find((entry) => entry.id === child)?.options;
    if (options) return options;
  }
  return null;
}

function refusalGroundName(env: EvalEnv, code: string): Bilingual | null {
  const service = serviceByCode(env.service);
  const ground = service?.refusalGrounds.find((item) => item.code === code);
  return ground?.names ?? REFUSAL_GROUND_NAMES[code as RefusalGroundCode] ?? null;
}

type Filter = (value: unknown, env: EvalEnv, expressionPath: string, argument: string | undefined) => unknown;

const FILTERS: Record<string, Filter> = {
  date: (value) => formatDateValue(value, false) ?? value,
  datetime: (value) => formatDateValue(value, true) ?? value,
  time: (value) => formatTimeValue(value) ?? value,
  option(value, env, expressionPath, argument) {
    const option = optionsFor(env, expressionPath, argument)?.find((item) => item.value === value);
    return option ? option.label[env.lang] : value;
  },
  options(value, env, expressionPath, argument) {
    if (!Array.isArray(value)) return value;
    const options = optionsFor(env, expressionPath, argument) ?? [];
    return value.map((entry) => options.find((item) => item.value === entry)?.label[env.lang] ?? String(entry)).join(', ');
  },
  address: (value, env) =>
    value && typeof value === 'object' && 'street' in (value as object) ? formatAddress(value as Address, env.lang) : value,
  yesno: (value, env) => (typeof value === 'boolean' ? YES_NO[env.lang][value ? 0 : 1] : value),
  channel: (value, env) => CHANNEL_NAMES[value as Channel]?.[env.lang] ?? value,
  refusal_ground: (value, env) => (typeof value === 'string' ? refusalGroundName(env, value)?.[env.lang] ?? value : value),
  upper: (value, env) => (typeof value === 'string' ? value.toLocaleUpperCase(env.lang === 'kk' ? 'kk-KZ' : 'ru-RU') : value),
  count: (value) => (Array.isArray(value) ? value.length : 0),
};

export const FILTER_NAMES = Object.keys(FILTERS);

function literal(term: string): string | null {
  const match = /^'([^']*)'$/.exec(term) ?? /^"([^"]*)"$/.exec(term);
  return match ? match[1]! : null;
}

/** One expression: `a.b ?? c.d | filter:arg | filter`. */
export function evaluate(expression: string, env: EvalEnv): unknown {
  const [head, ...filters] = splitOutsideQuotes(expression, '|');
  let value: unknown;
  let usedPath = '';
  for (const alternative of splitOutsideQuotes(head ?? '', '??')) {
    const term = alternative.trim();
    const fixed = literal(term);
    value = fixed ?? lookup(env.context, term);
    usedPath = fixed === null ? term : '';
    if (!isEmpty(value)) break;
  }
  for (const filter of filters) {
    const [name, argument] = filter.trim().split(':').map((part) => part.trim()) as [string, string | undefined];
    const apply = FILTERS[name];
    if (!apply) throw new TemplateError(`unknown filter "${name}" in {{${expression}}}`);
    if (!isEmpty(value)) value = apply(value, env, usedPath, argument);
  }
  return isBilingual(value) ? value[env.lang] : value;
}

function splitOutsideQuotes(source: string, separator: string): string[] {
  const parts: string[] = [];
  let quote: string | null = null;
  let start = 0;
  for (let index = 0; index < source.length; index += 1) {
    const char = source[index]!;
    if (quote) {
      if (char === quote) quote = null;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (source.startsWith(separator, index)) {
      parts.push(source.slice(start, index));
      start = index + separator.length;
      index += separator.length - 1;
    }
  }
  parts.push(source.slice(start));
  return parts;
}

function display(value: unknown, env: EvalEnv): string {
  if (isEmpty(value)) return '';
  if (isBilingual(value)) return value[env.lang];
  if (typeof value === 'boolean') return YES_NO[env.lang][value ? 0 : 1];
  if (Array.isArray(value)) return value.map((item) => display(item, env)).join(', ');
  if (typeof value === 'object') return (value as { street?: unknown }).street !== undefined ? formatAddress(value as Address, env.lang) : JSON.stringify(value);
  return String(value);
}

/**
 * A text of the template in one language with its {{expressions}} filled in. A text that is only
 * expressions, all empty, comes out empty (so "—" can be shown); otherwise empty values show as "".
 */
export function fillText(source: TemplateText, env: EvalEnv): string {
  const template = typeof source === 'string' ? source : source[env.lang];
  let anyValue = false;
  let onlyExpressions = true;
  const filled = template.replace(/\{\{([^}]+)\}\}|([^{]+|\{)/g, (whole, expression: string | undefined) => {
    if (expression === undefined) {
      if (whole.trim() !== '') onlyExpressions = false;
      return whole;
    }
    const shown = display(evaluate(expression, env), env);
    if (shown !== '') anyValue = true;
    return shown;
  });
  return onlyExpressions && !anyValue ? '' : filled.replace(/[ \t]+/g, ' ').trim();
}
