// The service catalogue: the ten services of the regulations as data, the names of the shared
// vocabularies, look-ups over the definitions, the zod schema of a service's form (the renderer and
// the main process validate requests with the same schema) and the schema of a definition itself.
//
// Adding a service = adding a file under ./services (and its result templates) and one line to
// SERVICES below; nothing else refers to individual services.
import { z } from 'zod';
import type { FieldIssue } from '../api/errors';
import { ROLES } from '../domain/roles';
import { attachmentRecordSchema, legalEntitySchema, personSchema, REGISTRY_SYSTEMS } from '../registry';
import { binSchema, iinSchema, toFieldIssues } from '../validation';
import { archiveApostille } from './services/archive-apostille';
import { archiveReference } from './services/archive-reference';
import { licenceMedImportExport } from './services/licence-med-import-export';
import { licenceMedical } from './services/licence-medical';
import { mediaRegistration } from './services/media-registration';
import { phcAppointment } from './services/phc-appointment';
import { phcAttachment } from './services/phc-attachment';
import { phcHomeCall } from './services/phc-home-call';
import { socialDisabledChildren } from './services/social-disabled-children';
import { socialUnemployedCertificate } from './services/social-unemployed-certificate';
import {
  APPLICANT_KINDS,
  AUTOMATION_DEGREES,
  CHANNELS,
  FIELD_TYPES,
  JOURNALS,
  LEGAL_ACT_KINDS,
  NORM_UNITS,
  PRESENTATIONS,
  REFUSAL_GROUND_CODES,
  REFUSAL_STAGES,
  RESULT_FORMS,
  STEP_ACTORS,
  STEP_CODES,
  type Channel,
  type Condition,
  type Deadline,
  type DocumentRequirement,
  type FieldCondition,
  type FieldDefinition,
  type IsoDate,
  type Localised,
  type RefusalGround,
  type RefusalGroundCode,
  type ResultDocument,
  type ServiceDefinition,
  type StepCode,
  type StepNorm,
} from './types';

export * from './types';

// ---- the catalogue ----

/** Every service, in the order of the domain README's table. */
const SERVICES = [
  phcAppointment,
  phcAttachment,
  phcHomeCall,
  socialUnemployedCertificate,
  socialDisabledChildren,
  archiveApostille,
  archiveReference,
  mediaRegistration,
  licenceMedical,
  licenceMedImportExport,
] as const;

export type ServiceCode = (typeof SERVICES)[number]['code'];
export type CatalogueService = ServiceDefinition<ServiceCode>;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

export const CATALOGUE: readonly CatalogueService[] = deepFreeze([...SERVICES]);

export const SERVICE_CODES: readonly ServiceCode[] = Object.freeze(CATALOGUE.map((service) => service.code));

if (new Set(SERVICE_CODES).size !== SERVICE_CODES.length) {
  throw new Error('catalogue: two services share a code');
}

export const serviceCodeSchema = z.enum(SERVICE_CODES as [ServiceCode, ...ServiceCode[]]);

const BY_CODE = new Map<string, CatalogueService>(CATALOGUE.map((service) => [service.code, service]));

export function isServiceCode(code: string): code is ServiceCode {
  return BY_CODE.has(code);
}

export function serviceByCode(code: string): CatalogueService | undefined {
  return BY_CODE.get(code);
}

// ---- shared vocabularies ----

export const CHANNEL_NAMES: Readonly<Record<Channel, Localised>> = {
  portal: { kk: '«Электрондық үкімет» порталы', ru: 'Портал «электронного правительства»', en: 'E-government portal' },
  walk_in: {
    kk: 'Көрсетілетін қызметті берушіге тікелей жүгіну',
    ru: 'Непосредственное обращение к услугодателю',
    en: "At the provider's counter",
  },
  phone: { kk: 'Телефон арқылы', ru: 'По телефону', en: 'By telephone' },
  service_centre: {
    kk: 'Халыққа қызмет көрсету орталығы (ХҚКО)',
    ru: 'Центр обслуживания населения (ЦОН)',
    en: 'Public service centre',
  },
};

export const STEP_NAMES: Readonly<Record<StepCode, Localised>> = {
  sign_in: { kk: 'Жүйеге кіру (авторландыру)', ru: 'Вход в систему (авторизация)', en: 'Signing in' },
  sign_in_refusal: {
    kk: 'Авторландырудан бас тарту туралы хабарлама',
    ru: 'Сообщение об отказе в авторизации',
    en: 'Sign-in refusal message',
  },
  select_service: { kk: 'Қызметті таңдау', ru: 'Выбор услуги', en: 'Choosing the service' },
  compose_request: {
    kk: 'Қызметті таңдау және сұрау салу деректерін толтыру',
    ru: 'Выбор услуги и заполнение данных запроса',
    en: 'Choosing the service and filling in the request',
  },
  registry_query: {
    kk: 'Алушының деректерін мемлекеттік дерекқорлардан сұрату',
    ru: 'Запрос данных получателя в государственных базах данных',
    en: "Querying the state registries for the applicant's data",
  },
  registry_no_data: {
    kk: 'Деректерді алу мүмкін еместігі туралы хабарлама',
    ru: 'Сообщение о невозможности получения данных',
    en: '"Data cannot be obtained" message',
  },
  payment: { kk: 'Қызметке ақы төлеу', ru: 'Оплата услуги', en: 'Paying for the service' },
  payment_refusal: {
    kk: 'Төлемнің болмауына байланысты бас тарту туралы хабарлама',
    ru: 'Сообщение об отказе в связи с отсутствием оплаты',
    en: 'Refusal message: no payment',
  },
  select_signature: {
    kk: 'Сұрау салуға қол қою үшін ЭЦҚ тіркеу куәлігін таңдау',
    ru: 'Выбор регистрационного свидетельства ЭЦП для подписания запроса',
    en: 'Choosing the signing certificate',
  },
  signature_refusal: {
    kk: 'ЭЦҚ расталмауына байланысты бас тарту туралы хабарлама',
    ru: 'Сообщение об отказе в связи с неподтверждением ЭЦП',
    en: 'Refusal message: signature not confirmed',
  },
  sign_and_send: {
    kk: 'Сұрау салуды ЭЦҚ-мен куәландыру және жіберу',
    ru: 'Удостоверение запроса ЭЦП и отправка',
    en: 'Signing and sending the request',
  },
  fill_request: {
    kk: 'Сұрау салу нысанын толтыру, құжаттарды сканерлеп тіркеу және ЭЦҚ-мен растау',
    ru: 'Заполнение формы запроса, сканирование и прикрепление документов, подтверждение ЭЦП',
    en: 'Filling in the request, scanning and attaching the documents, confirming with the signature',
  },
  send_request: {
    kk: 'ХҚКО операторының ЭЦҚ-мен куәландырылған сұрау салуды жіберу',
    ru: 'Отправка запроса, удостоверенного ЭЦП оператора ЦОН',
    en: "Sending the request signed by the centre's operator",
  },
  register_request: {
    kk: 'Өтінішке нөмір бере отырып, сұрау салуды тіркеу',
    ru: 'Регистрация запроса с присвоением номера заявлению',
    en: 'Registering the request with a number',
  },
  refusal: { kk: 'Дәлелді бас тартуды қалыптастыру', ru: 'Формирование мотивированного отказа', en: 'Preparing the reasoned refusal' },
  result: { kk: 'Қызмет нәтижесін қалыптастыру', ru: 'Формирование результата услуги', en: 'Producing the result' },
};

export const REFUSAL_GROUND_NAMES: Readonly<Record<RefusalGroundCode, Localised>> = {
  applicant_data_unavailable: {
    kk: 'Алушының деректері мемлекеттік дерекқорда жоқ, деректерді алу мүмкін емес',
    ru: 'Данные получателя отсутствуют в государственной базе данных, получить их невозможно',
    en: "The applicant's data are not in the state registry: they cannot be obtained",
  },
  power_of_attorney_unavailable: {
    kk: 'Өкілдің сенімхаты туралы деректер бірыңғай нотариаттық ақпараттық жүйеде жоқ',
    ru: 'Данные о доверенности представителя отсутствуют в единой нотариальной информационной системе',
    en: "The representative's power of attorney is not in the notarial information system",
  },
  documents_invalid: {
    kk: 'Алушының құжаттары толық емес немесе стандарт талаптарына сәйкес келмейді',
    ru: 'Документы получателя неполны или не соответствуют требованиям стандарта',
    en: 'The documents are incomplete or do not meet the standard',
  },
  payment_missing: {
    kk: 'Қызметке ақы төленбеген',
    ru: 'Услуга не оплачена',
    en: 'The service has not been paid for',
  },
  signature_not_confirmed: {
    kk: 'Алушының ЭЦҚ-ның түпнұсқалығы расталмады (мерзімі өткен, кері қайтарылған немесе ЖСН/БСН сәйкес келмейді)',
    ru: 'Подлинность ЭЦП получателя не подтверждена (срок истёк, свидетельство отозвано или ИИН/БИН не совпадает)',
    en: "The applicant's signature is not confirmed (expired, revoked, or the IIN/BIN differs)",
  },
  qualification_requirements_not_met: {
    kk: 'Алушы біліктілік талаптарына сәйкес келмейді',
    ru: 'Получатель не соответствует квалификационным требованиям',
    en: 'The qualification requirements are not met',
  },
  grounds_not_met: {
    kk: 'Қызмет көрсету негіздеріне сәйкес келмейді',
    ru: 'Несоответствие основаниям для оказания услуги',
    en: 'The grounds for the service are not met',
  },
  not_attached: {
    kk: 'Алушы тіркелген халықтың тіркелімі бойынша осы медициналық ұйымға тіркелмеген',
    ru: 'Получатель не прикреплён к данной медицинской организации по регистру прикреплённого населения',
    en: 'The applicant is not attached to this organisation in the register of the attached population',
  },
  other: {
    kk: 'Мемлекеттік қызмет стандартында көзделген өзге негіздер',
    ru: 'Иные основания, предусмотренные стандартом государственной услуги',
    en: 'Other grounds under the service standard',
  },
};

export function channelName(channel: Channel): Localised {
  return CHANNEL_NAMES[channel];
}

export function stepName(norm: Pick<StepNorm, 'step' | 'names'>): Localised {
  return norm.names ?? STEP_NAMES[norm.step];
}

export function refusalGroundName(ground: Pick<RefusalGround, 'code' | 'names'>): Localised {
  return ground.names ?? REFUSAL_GROUND_NAMES[ground.code];
}

// ---- look-ups ----

function checkOperation(service: ServiceDefinition, operation: string | undefined): void {
  const codes = (service.operations ?? []).map((op) => op.code);
  if (codes.length === 0 && operation !== undefined) {
    throw new Error(`catalogue: ${service.code} has no operations (got "${operation}")`);
  }
  if (codes.length > 0 && (operation === undefined || !codes.includes(operation))) {
    throw new Error(`catalogue: ${service.code} needs one of the operations ${codes.join(', ')}`);
  }
}

/** The legal term for a request: the operation's term, else the channel's, else the service's. */
export function deadlineFor(service: ServiceDefinition, at: { channel?: Channel; operation?: string } = {}): Deadline {
  if (at.operation !== undefined) {
    const operation = service.operations?.find((op) => op.code === at.operation);
    if (!operation) throw new Error(`catalogue: ${service.code} has no operation "${at.operation}"`);
    return operation.deadline;
  }
  if (at.channel !== undefined) {
    const byChannel = service.channelDeadlines?.find((entry) => entry.channels.includes(at.channel as Channel));
    if (byChannel) return byChannel.deadline;
  }
  return service.deadline;
}

/** The Annex 1 norms of one channel (and operation), in table order. */
export function stepNormsFor(service: ServiceDefinition, channel: Channel, operation?: string): readonly StepNorm[] {
  return service.stepNorms.filter(
    (norm) => norm.channel === channel && (norm.operation === undefined || norm.operation === operation),
  );
}

export function refusalGroundsFor(service: ServiceDefinition, channel: Channel): readonly RefusalGround[] {
  return service.refusalGrounds.filter((ground) => !ground.channels || ground.channels.includes(channel));
}

export function resultsFor(service: ServiceDefinition, channel: Channel): readonly ResultDocument[] {
  return service.results.filter((result) => result.channels.includes(channel));
}

/** What a condition can be judged against; a missing piece leaves the answer open (undefined). */
export interface ConditionContext {
  values?: Readonly<Record<string, unknown>>;
  operation?: string;
  applicantBirthDate?: IsoDate;
  today?: IsoDate;
}

/** Full years between two ISO dates. */
export function ageOn(birthDate: IsoDate, today: IsoDate): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

function fieldConditionHolds(condition: FieldCondition, value: unknown): boolean {
  return 'equals' in condition ? value === condition.equals : typeof value === 'string' && condition.oneOf.includes(value);
}

export function conditionHolds(condition: Condition, context: ConditionContext): boolean | undefined {
  if ('field' in condition) return context.values ? fieldConditionHolds(condition, context.values[condition.field]) : undefined;
  if ('operations' in condition) return context.operation === undefined ? undefined : condition.operations.includes(context.operation);
  if (!context.applicantBirthDate || !context.today) return undefined;
  const age = ageOn(context.applicantBirthDate, context.today);
  return 'applicantAgeUnder' in condition ? age < condition.applicantAgeUnder : age >= condition.applicantAgeAtLeast;
}

/** The document checklist of one channel; `mandatory` undefined when the context does not tell. */
export function documentsFor(
  service: ServiceDefinition,
  channel: Channel,
  context: ConditionContext = {},
): ReadonlyArray<{ document: DocumentRequirement; mandatory: boolean | undefined }> {
  return service.documents
    .filter((document) => !document.channels || document.channels.includes(channel))
    .map((document) => ({
      document,
      mandatory: typeof document.mandatory === 'boolean' ? document.mandatory : conditionHolds(document.mandatory, context),
    }));
}

// ---- the form ----

export type FormValues = Record<string, unknown>;

export interface FormOptions {
  /** The current date (Almaty), for fields that may not lie in the past or the future. */
  today?: IsoDate;
}

/** The fields of a service's form for an operation (services with operations need one). */
export function formFields(service: ServiceDefinition, operation?: string): readonly FieldDefinition[] {
  checkOperation(service, operation);
  return service.fields.filter((field) => !field.operations || (operation !== undefined && field.operations.includes(operation)));
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const PHONE = /^(\+7|8)\d{10}$/;
const DEFAULT_MAX_LENGTH: Partial<Record<FieldDefinition['type'], number>> = { text: 200, textarea: 2000 };
const DEFAULT_MAX_ITEMS = 100;

export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

/** A value that must be there: absent, null, blank or [] is "required". */
function requiredValue(inner: z.ZodType): z.ZodType {
  return z
    .unknown()
    .superRefine((value, ctx) => {
      if (isEmpty(value)) ctx.addIssue({ code: 'custom', message: 'required' });
    })
    .pipe(inner);
}

/** A value that may be left out: absent, null, blank or [] count as not given. */
function optionalValue(inner: z.ZodType): z.ZodType {
  return z.preprocess((value) => (isEmpty(value) ? undefined : value), inner.optional());
}

const addressPart = (max: number) => requiredValue(z.string().trim().max(max));

/** The registry's address shape (flat may be null), so a registry address prefills it as is. */
const addressValueSchema = z
  .object({
    region: addressPart(100),
    city: addressPart(100),
    street: addressPart(200),
    house: addressPart(20),
    flat: z
      .preprocess((value) => (isEmpty(value) ? null : value), z.string().trim().max(20).nullable())
      .optional()
      .transform((value) => value ?? null),
  })
  .strict();

function dateSchema(field: FieldDefinition, options: FormOptions): z.ZodType<string> {
  const today = options.today;
  return z
    .string()
    .trim()
    .refine(isIsoDate, { message: 'bad_format' })
    .refine(
      (value) =>
        !today ||
        !isIsoDate(value) ||
        ((!field.notBeforeToday || value >= today) && (!field.notAfterToday || value <= today)),
      { message: 'not_allowed' },
    );
}

function valueSchema(field: FieldDefinition, options: FormOptions): z.ZodType {
  switch (field.type) {
    case 'text':
    case 'textarea': {
      const text = z.string().trim().max(field.maxLength ?? DEFAULT_MAX_LENGTH[field.type] ?? 200);
      return field.pattern ? text.regex(new RegExp(field.pattern), { message: 'bad_format' }) : text;
    }
    case 'iin':
      return z.string().trim().pipe(iinSchema);
    case 'bin':
      return z.string().trim().pipe(binSchema);
    case 'phone':
      return z
        .string()
        .transform((value) => value.replace(/[\s()-]/g, ''))
        .pipe(z.string().regex(PHONE, { message: 'bad_format' }))
        .transform((value) => `+7${value.slice(-10)}`);
    case 'date':
      return dateSchema(field, options);
    case 'time':
      return z.string().trim().regex(TIME, { message: 'bad_format' });
    case 'datetime':
      return z
        .string()
        .trim()
        .refine((value) => {
          const [date, time] = value.split('T');
          return date !== undefined && time !== undefined && isIsoDate(date) && TIME.test(time);
        }, { message: 'bad_format' });
    case 'number':
      return z.number().superRefine((value, ctx) => {
        const inRange = Number.isInteger(value) && (field.min === undefined || value >= field.min) && (field.max === undefined || value <= field.max);
        if (!inRange) ctx.addIssue({ code: 'custom', message: 'out_of_range' });
      });
    case 'checkbox':
      return z.boolean();
    case 'select':
      return z.enum(optionValues(field));
    case 'multiselect': {
      const values = optionValues(field);
      return z
        .array(z.enum(values))
        .min(field.minItems ?? 1)
        .max(field.maxItems ?? values.length)
        .refine((chosen) => new Set(chosen).size === chosen.length, { message: 'invalid' });
    }
    case 'address':
      return addressValueSchema;
    case 'list':
      return z
        .array(objectSchema(field.itemFields ?? [], options))
        .min(field.minItems ?? (field.required ? 1 : 0))
        .max(field.maxItems ?? DEFAULT_MAX_ITEMS);
  }
}

function optionValues(field: FieldDefinition): [string, ...string[]] {
  const values = (field.options ?? []).map((option) => option.value);
  if (values.length === 0) throw new Error(`catalogue: field "${field.id}" has no options`);
  return values as [string, ...string[]];
}

function fieldSchema(field: FieldDefinition, options: FormOptions): z.ZodType {
  if (field.type === 'checkbox' && field.required) {
    // A required checkbox must be ticked.
    return z
      .unknown()
      .superRefine((value, ctx) => {
        if (value !== true) ctx.addIssue({ code: 'custom', message: 'required' });
      })
      .pipe(z.literal(true));
  }
  const inner = valueSchema(field, options);
  return field.required ? requiredValue(inner) : optionalValue(inner);
}

function compareValues(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}

/**
 * An object of fields. Checked field by field (so every problem is reported at once, with the field's
 * path), skipping fields whose `when` condition does not hold; their values are dropped, as are
 * optional values left blank. Unknown keys are refused.
 */
function objectSchema(fields: readonly FieldDefinition[], options: FormOptions): z.ZodType<FormValues> {
  const known = new Set(fields.map((field) => field.id));
  const schemas = new Map(fields.map((field) => [field.id, fieldSchema(field, options)] as const));
  return z.record(z.string(), z.unknown()).transform((input, ctx) => {
    let failed = false;
    const unknownKeys = Object.keys(input).filter((key) => !known.has(key));
    if (unknownKeys.length > 0) {
      failed = true;
      ctx.addIssue({ code: 'unrecognized_keys', keys: unknownKeys, path: [], input });
    }
    const output: FormValues = {};
    const active = new Set<string>();
    for (const field of fields) {
      if (field.when && !(active.has(field.when.field) && fieldConditionHolds(field.when, input[field.when.field]))) continue;
      active.add(field.id);
      const result = (schemas.get(field.id) as z.ZodType).safeParse(input[field.id]);
      if (!result.success) {
        failed = true;
        for (const issue of result.error.issues) ctx.addIssue({ ...issue, path: [field.id, ...issue.path] });
      } else if (result.data !== undefined) {
        output[field.id] = result.data;
      }
    }
    for (const field of fields) {
      if (!field.notBeforeField || !(field.id in output) || !(field.notBeforeField in output)) continue;
      const order = compareValues(output[field.id], output[field.notBeforeField]);
      if (order !== undefined && order < 0) {
        failed = true;
        ctx.addIssue({ code: 'custom', message: 'not_allowed', path: [field.id] });
      }
    }
    return failed ? z.NEVER : output;
  });
}

/**
 * The schema of a service's form: the same in the renderer and at the main process's boundary.
 * Issues carry the field's path ("goods.0.quantity") and codes the UI translates (see formIssues).
 */
export function formSchema(service: ServiceDefinition, operation?: string, options: FormOptions = {}): z.ZodType<FormValues> {
  return objectSchema(formFields(service, operation), options);
}

function fieldAtPath(fields: readonly FieldDefinition[], path: readonly string[]): FieldDefinition | undefined {
  const [id, index, ...rest] = path;
  const field = fields.find((candidate) => candidate.id === id);
  if (!field || index === undefined) return field;
  return field.type === 'list' && /^\d+$/.test(index) ? fieldAtPath(field.itemFields ?? [], rest) : undefined;
}

/** The API's field issues for a form, with the bounds a number's "out of range" message needs. */
export function formIssues(service: ServiceDefinition, error: z.ZodError, input: unknown, operation?: string): FieldIssue[] {
  const fields = formFields(service, operation);
  return toFieldIssues(error, input).map((issue) => {
    if (issue.code !== 'out_of_range') return issue;
    const field = fieldAtPath(fields, issue.path.split('.'));
    return field?.min !== undefined && field.max !== undefined ? { ...issue, params: { min: field.min, max: field.max } } : issue;
  });
}

export type FormValidation = { ok: true; values: FormValues } | { ok: false; issues: FieldIssue[] };

export function validateForm(
  service: ServiceDefinition,
  input: unknown,
  at: { operation?: string; today?: IsoDate } = {},
): FormValidation {
  const result = formSchema(service, at.operation, { today: at.today }).safeParse(input);
  return result.success
    ? { ok: true, values: result.data }
    : { ok: false, issues: formIssues(service, result.error, input, at.operation) };
}

// ---- the schema of a definition ----

const text = z.string().trim().min(1);
const identifier = z.string().regex(/^[a-z][A-Za-z0-9]*$/);
const codeString = z.string().regex(/^[a-z][a-z0-9_]*$/);
const isoDate = z.string().refine(isIsoDate);

const localisedSchema = z.object({ kk: text, ru: text, en: text }).strict();
const channelSchema = z.enum(CHANNELS);
const channelsSchema = z.array(channelSchema).min(1).refine(unique, { message: 'duplicate' });

function unique(values: readonly unknown[]): boolean {
  return new Set(values).size === values.length;
}

const REGISTRY_RECORDS: Record<string, z.ZodObject> = {
  person: personSchema,
  legalEntity: legalEntitySchema,
  attachment: attachmentRecordSchema,
};

/** Whether "record.key(.key…)" names a field of a registry record. */
function registryPathExists(path: string): boolean {
  const [record, ...keys] = path.split('.');
  let schema: z.ZodType | undefined = record === undefined ? undefined : REGISTRY_RECORDS[record];
  for (const key of keys) {
    if (!(schema instanceof z.ZodObject)) return false;
    schema = (schema.shape as Record<string, z.ZodType>)[key];
  }
  return schema !== undefined && keys.length > 0;
}

const registryPathSchema = z
  .templateLiteral([z.enum(['person', 'legalEntity', 'attachment']), '.', z.string()])
  .refine(registryPathExists, { message: 'not a registry field' });

const legalActSchema = z
  .object({
    kind: z.enum(LEGAL_ACT_KINDS),
    title: localisedSchema,
    issuer: localisedSchema,
    date: isoDate.optional(),
    number: text.optional(),
    registered: z.object({ date: isoDate, number: text }).strict().optional(),
    repealed: z.object({ date: isoDate, number: text }).strict().optional(),
    source: text,
  })
  .strict()
  .refine((act) => act.kind === 'local_act' || (act.date !== undefined && act.number !== undefined), {
    message: 'regulations and standards have a date and a number',
  });

const deadlineSchema = z.union([
  z.object({ kind: z.enum(['working_days', 'hours', 'minutes']), value: z.number().positive(), source: text }).strict(),
  z
    .object({
      kind: z.literal('by_standard'),
      defaultWorkingDays: z.number().int().positive().optional(),
      choices: z.array(z.number().int().positive()).min(1).optional(),
      note: localisedSchema,
      source: text,
    })
    .strict()
    .refine((d) => d.defaultWorkingDays === undefined || !d.choices || d.choices.includes(d.defaultWorkingDays), {
      message: 'the default is not one of the choices',
    }),
]);

const fieldConditionSchema = z.union([
  z.object({ field: identifier, equals: z.union([z.string(), z.boolean()]) }).strict(),
  z.object({ field: identifier, oneOf: z.array(z.string()).min(1) }).strict(),
]);

const conditionSchema = z.union([
  fieldConditionSchema,
  z.object({ applicantAgeUnder: z.number().int().positive() }).strict(),
  z.object({ applicantAgeAtLeast: z.number().int().positive() }).strict(),
  z.object({ operations: z.array(codeString).min(1) }).strict(),
]);

const optionSchema = z.object({ value: z.string().regex(/^[a-z0-9_]+$/), label: localisedSchema }).strict();

function validPattern(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

const fieldShape = {
  id: identifier,
  label: localisedSchema,
  help: localisedSchema.optional(),
  type: z.enum(FIELD_TYPES),
  required: z.boolean(),
  options: z.array(optionSchema).min(1).optional(),
  prefill: registryPathSchema.optional(),
  maxLength: z.number().int().positive().optional(),
  pattern: z.string().refine(validPattern, { message: 'not a regular expression' }).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  minItems: z.number().int().nonnegative().optional(),
  maxItems: z.number().int().positive().optional(),
  operations: z.array(codeString).min(1).optional(),
  when: fieldConditionSchema.optional(),
  notBeforeToday: z.boolean().optional(),
  notAfterToday: z.boolean().optional(),
  notBeforeField: identifier.optional(),
};

type FieldShape = z.infer<z.ZodObject<typeof fieldShape>> & { itemFields?: unknown[] };

const TEXT_TYPES = new Set(['text', 'textarea']);
const CHOICE_TYPES = new Set(['select', 'multiselect']);

/** The rules every field obeys on its own. */
function checkField(field: FieldShape, ctx: z.RefinementCtx): void {
  const problem = (message: string, key: string) => ctx.addIssue({ code: 'custom', message, path: [key] });
  if (CHOICE_TYPES.has(field.type) !== (field.options !== undefined)) problem('options go with select and multiselect only', 'options');
  if (field.options && !unique(field.options.map((option) => option.value))) problem('duplicate option', 'options');
  if ((field.type === 'list') !== (field.itemFields !== undefined)) problem('itemFields go with list only', 'itemFields');
  if (field.maxLength !== undefined && !TEXT_TYPES.has(field.type)) problem('maxLength is for text fields', 'maxLength');
  if (field.pattern !== undefined && !TEXT_TYPES.has(field.type)) problem('pattern is for text fields', 'pattern');
  if (field.type === 'number' && (field.min === undefined || field.max === undefined || field.min > field.max)) {
    problem('a number needs min ≤ max', 'min');
  }
  if (field.type !== 'number' && (field.min !== undefined || field.max !== undefined)) problem('min and max are for numbers', 'min');
  if ((field.minItems !== undefined || field.maxItems !== undefined) && field.type !== 'list' && field.type !== 'multiselect') {
    problem('item bounds are for lists and multiselects', 'minItems');
  }
  if (field.minItems !== undefined && field.maxItems !== undefined && field.minItems > field.maxItems) problem('minItems > maxItems', 'minItems');
  if ((field.notBeforeToday || field.notAfterToday) && field.type !== 'date') problem('date bounds are for dates', 'notBeforeToday');
}

const itemFieldSchema = z
  .object(fieldShape)
  .strict()
  .superRefine((field, ctx) => {
    checkField(field, ctx);
    if (field.type === 'list') ctx.addIssue({ code: 'custom', message: 'lists do not nest', path: ['type'] });
    if (field.when || field.operations || field.notBeforeField) {
      ctx.addIssue({ code: 'custom', message: 'entries of a list have no conditions', path: ['when'] });
    }
  });

const fieldDefinitionSchema = z
  .object({ ...fieldShape, itemFields: z.array(itemFieldSchema).min(1).optional() })
  .strict()
  .superRefine((field, ctx) => {
    checkField(field, ctx);
    if (field.itemFields && !unique(field.itemFields.map((item) => item.id))) {
      ctx.addIssue({ code: 'custom', message: 'duplicate entry field', path: ['itemFields'] });
    }
  });

const normSchema = z
  .object({ value: z.number().positive(), min: z.number().positive().optional(), unit: z.enum(NORM_UNITS) })
  .strict()
  .refine((norm) => norm.min === undefined || norm.min < norm.value, { message: 'min must be below value' });

const serviceShape = z
  .object({
    code: z.string().regex(/^[a-z]+\.[a-z][a-z-]*$/),
    names: localisedSchema,
    provider: localisedSchema,
    legalBasis: z.array(legalActSchema).min(1),
    automation: z.enum(AUTOMATION_DEGREES),
    roles: z.array(z.enum(ROLES)).min(1).refine(unique, { message: 'duplicate' }),
    channels: channelsSchema,
    portals: z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/)).min(1).optional(),
    applicant: z.enum(APPLICANT_KINDS),
    lookups: z.array(z.enum(REGISTRY_SYSTEMS)).min(1).refine(unique, { message: 'duplicate' }),
    operations: z
      .array(z.object({ code: codeString, names: localisedSchema, deadline: deadlineSchema }).strict())
      .min(2)
      .optional(),
    deadline: deadlineSchema,
    channelDeadlines: z.array(z.object({ channels: channelsSchema, deadline: deadlineSchema }).strict()).min(1).optional(),
    fields: z.array(fieldDefinitionSchema),
    documents: z.array(
      z
        .object({
          code: codeString,
          names: localisedSchema,
          mandatory: z.union([z.boolean(), conditionSchema]),
          presentation: z.array(z.enum(PRESENTATIONS)).min(1).refine(unique, { message: 'duplicate' }),
          channels: channelsSchema.optional(),
          perStandard: z.object({ paragraph: text.optional() }).strict().optional(),
          source: text,
        })
        .strict(),
    ),
    payment: z
      .object({
        required: z.boolean(),
        checkedOn: z.array(channelSchema).refine(unique, { message: 'duplicate' }),
        amountTiyn: z.number().int().positive().optional(),
        note: localisedSchema.optional(),
        source: text,
      })
      .strict(),
    results: z
      .array(
        z
          .object({
            kind: codeString,
            names: localisedSchema,
            form: z.enum(RESULT_FORMS),
            channels: channelsSchema,
            signedBy: z.literal('authorised_signer').nullable(),
            journal: z.enum(JOURNALS).optional(),
            source: text,
          })
          .strict(),
      )
      .min(1),
    refusalGrounds: z
      .array(
        z
          .object({
            code: z.enum(REFUSAL_GROUND_CODES),
            stage: z.enum(REFUSAL_STAGES),
            channels: channelsSchema.optional(),
            names: localisedSchema.optional(),
            source: text,
          })
          .strict(),
      )
      .min(1),
    stepNorms: z.array(
      z
        .object({
          step: z.enum(STEP_CODES),
          channel: channelSchema,
          actor: z.enum(STEP_ACTORS),
          norm: normSchema,
          operation: codeString.optional(),
          names: localisedSchema.optional(),
          source: text,
        })
        .strict(),
    ),
  })
  .strict();

type ServiceShape = z.infer<typeof serviceShape>;

/** The rules that tie the parts of a definition together. */
function checkService(service: ServiceShape, ctx: z.RefinementCtx): void {
  const problem = (message: string, ...path: (string | number)[]) => ctx.addIssue({ code: 'custom', message, path });
  const channels = new Set<string>(service.channels);
  const outside = (list: readonly string[] | undefined) => (list ?? []).some((channel) => !channels.has(channel));
  const operations = new Set((service.operations ?? []).map((op) => op.code));
  if (operations.size !== (service.operations ?? []).length) problem('duplicate operation', 'operations');

  // fields
  const seen = new Map<string, (typeof service.fields)[number]>();
  service.fields.forEach((field, i) => {
    if (seen.has(field.id)) problem('duplicate field', 'fields', i, 'id');
    if (field.when) {
      const target = seen.get(field.when.field);
      if (!target) problem('a condition refers to an earlier field', 'fields', i, 'when');
      else if ('equals' in field.when ? target.type !== (typeof field.when.equals === 'boolean' ? 'checkbox' : 'select') : target.type !== 'select') {
        problem('a condition compares a checkbox with true/false or a select with its values', 'fields', i, 'when');
      }
    }
    if (field.operations?.some((op) => !operations.has(op))) problem('unknown operation', 'fields', i, 'operations');
    seen.set(field.id, field);
  });
  service.fields.forEach((field, i) => {
    if (!field.notBeforeField) return;
    const other = seen.get(field.notBeforeField);
    if (!other || other.type !== field.type || other.id === field.id) problem('notBeforeField names another field of the same type', 'fields', i, 'notBeforeField');
  });

  // documents
  if (!unique(service.documents.map((doc) => doc.code))) problem('duplicate document', 'documents');
  service.documents.forEach((doc, i) => {
    if (outside(doc.channels)) problem('channel not offered', 'documents', i, 'channels');
    if (typeof doc.mandatory === 'object') {
      if ('field' in doc.mandatory && !seen.has(doc.mandatory.field)) problem('unknown field', 'documents', i, 'mandatory');
      if ('operations' in doc.mandatory && doc.mandatory.operations.some((op) => !operations.has(op))) {
        problem('unknown operation', 'documents', i, 'mandatory');
      }
    }
  });

  // deadlines
  service.channelDeadlines?.forEach((entry, i) => {
    if (outside(entry.channels)) problem('channel not offered', 'channelDeadlines', i, 'channels');
  });

  // payment
  const grounds = service.refusalGrounds.map((ground) => ground.code);
  if (outside(service.payment.checkedOn)) problem('channel not offered', 'payment', 'checkedOn');
  if (service.payment.required !== grounds.includes('payment_missing')) {
    problem('a paid service (and only a paid one) can be refused for a missing payment', 'payment', 'required');
  }
  if (!service.payment.required && service.payment.checkedOn.length > 0) problem('a free service checks no payment', 'payment', 'checkedOn');
  if (service.payment.required && !service.lookups.includes('payments')) problem('a paid service looks up payments', 'lookups');

  // applicant and look-ups
  if (service.applicant !== 'organisation' && !service.lookups.includes('individuals')) problem('a person is looked up', 'lookups');
  if (service.applicant !== 'person' && !service.lookups.includes('legal_entities')) problem('an organisation is looked up', 'lookups');
  if (service.portals && !channels.has('portal')) problem('portals without the portal channel', 'portals');

  // results
  if (!unique(service.results.map((result) => result.kind))) problem('duplicate result', 'results');
  service.results.forEach((result, i) => {
    if (outside(result.channels)) problem('channel not offered', 'results', i, 'channels');
  });
  for (const channel of service.channels) {
    if (!service.results.some((result) => result.channels.includes(channel))) problem(`no result on channel ${channel}`, 'results');
  }
  if (!service.results.some((result) => result.signedBy === 'authorised_signer')) problem('no result is signed by the authorised signer', 'results');

  // refusals
  if (!unique(grounds)) problem('duplicate refusal ground', 'refusalGrounds');
  service.refusalGrounds.forEach((ground, i) => {
    if (outside(ground.channels)) problem('channel not offered', 'refusalGrounds', i, 'channels');
  });

  // step norms
  const steps = new Set<string>();
  service.stepNorms.forEach((norm, i) => {
    if (!channels.has(norm.channel)) problem('channel not offered', 'stepNorms', i, 'channel');
    if (norm.operation !== undefined && !operations.has(norm.operation)) problem('unknown operation', 'stepNorms', i, 'operation');
    const key = `${norm.channel}/${norm.step}/${norm.operation ?? ''}`;
    if (steps.has(key)) problem('duplicate step norm', 'stepNorms', i);
    steps.add(key);
  });

  // legal basis
  if (!service.legalBasis.some((act) => act.kind === 'regulation')) problem('no regulation', 'legalBasis');
}

/** Validates a service definition: its shape, and how its parts refer to each other. */
export const catalogueSchema = serviceShape.superRefine(checkService);

// The definition types and the schema describe the same thing.
const _schemaMatchesTypes: z.ZodType<ServiceDefinition> = catalogueSchema;
void _schemaMatchesTypes;
