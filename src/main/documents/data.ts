// A document's data: what the template fills in and what the QR code's hash covers. Built from the
// request (number, dates, form values, service and operation), the applicant's card, the provider,
// the signer and the details the issuer adds; checked against the catalogue and the template.
import { createHash } from 'node:crypto';
import { serviceByCode, type Channel } from '../../shared/catalogue';
import {
  DOCUMENT_DATA_SCHEMA,
  documentIssuer,
  formatQrPayload,
  type ApplicantCard,
  type DocumentData,
  type OrganisationCard,
  type PersonCard,
  type ProviderCard,
  type QrContent,
  type SignerCard,
} from '../../shared/documents';
import { TIME_ZONE } from '../../shared/format';
import type { LegalEntity, Person } from '../../shared/registry';
import { canonicalJson } from '../../shared/requests/lifecycle';
import { conditionHolds, loadTemplates, type DocumentTemplate, type TemplateInput, type TemplateSet } from './templates';

/** The result kind of a reasoned refusal: any service, not in the catalogue's `results`. */
export const REFUSAL_KIND = 'reasoned_refusal';

export interface DocumentInput {
  /** The result kind (catalogue `results[].kind`) or `reasoned_refusal`. */
  kind: string;
  number: string;
  issuedAt: Date | string;
  request: {
    number: string | null;
    service: string;
    operation?: string | null;
    channel: Channel;
    receivedAt?: string | null;
    registeredAt?: string | null;
    form: Record<string, unknown>;
  };
  applicant: ApplicantCard;
  provider: ProviderCard;
  signer: SignerCard | null;
  details?: Record<string, unknown>;
}

export class DocumentDataError extends Error {
  constructor(
    readonly code: 'unknown_kind' | 'not_a_result_of_service' | 'unknown_service' | 'unknown_operation' | 'detail_missing' | 'detail_invalid' | 'bad_input',
    readonly params: Record<string, string> = {},
  ) {
    super(`document data: ${code}${Object.keys(params).length ? ` ${JSON.stringify(params)}` : ''}`);
    this.name = 'DocumentDataError';
  }
}

export function personCard(person: Person): PersonCard {
  return {
    kind: 'person',
    iin: person.iin,
    surname: person.surname,
    name: person.name,
    patronymic: person.patronymic,
    birthDate: person.birthDate,
    address: person.address,
  };
}

export function organisationCard(entity: LegalEntity): OrganisationCard {
  return { kind: 'organisation', bin: entity.bin, name: { kk: entity.fullNameKk, ru: entity.fullNameRu }, headName: entity.headName, address: entity.address };
}

const almatyDate = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** Plain JSON only (drops undefined, refuses what JSON cannot carry), so the hash is well defined. */
function plain<T>(value: T, what: string): T {
  try {
    const text = canonicalJson(JSON.parse(JSON.stringify(value ?? {})));
    return JSON.parse(text) as T;
  } catch (error) {
    throw new DocumentDataError('bad_input', { what, reason: (error as Error).message });
  }
}

const INPUT_FORMATS: Partial<Record<TemplateInput['type'], RegExp>> = {
  date: /^\d{4}-\d{2}-\d{2}$/,
  time: /^([01]\d|2[0-3]):[0-5]\d$/,
  datetime: /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/,
};

function checkInput(input: TemplateInput, value: unknown, where: string): void {
  const bad = (reason: string) => new DocumentDataError('detail_invalid', { input: where, reason });
  if (input.type === 'number') {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw bad('not_a_number');
    return;
  }
  if (input.type === 'list') {
    if (!Array.isArray(value)) throw bad('not_a_list');
    value.forEach((item, index) => {
      if (!item || typeof item !== 'object') throw bad('not_an_object');
      for (const field of input.itemFields ?? []) {
        const inner = (item as Record<string, unknown>)[field.id];
        if (inner === undefined || inner === null || inner === '') {
          if (field.required) throw new DocumentDataError('detail_missing', { input: `${where}[${index}].${field.id}` });
        } else checkInput(field, inner, `${where}[${index}].${field.id}`);
      }
    });
    return;
  }
  if (input.type === 'multiselect') {
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw bad('not_a_list');
    if (input.options && value.some((item) => !input.options!.some((option) => option.value === item))) throw bad('not_an_option');
    return;
  }
  if (typeof value !== 'string') throw bad('not_text');
  const format = INPUT_FORMATS[input.type];
  if (format && !format.test(value)) throw bad('bad_format');
  if (input.maxLength !== undefined && value.length > input.maxLength) throw bad('too_long');
  if (input.type === 'select' && !(input.options ?? []).some((option) => option.value === value)) throw bad('not_an_option');
}

/** The template for a kind, or DocumentDataError('unknown_kind'). */
export function templateFor(kind: string, templates: TemplateSet = loadTemplates()): DocumentTemplate {
  const template = templates.get(kind);
  if (!template) throw new DocumentDataError('unknown_kind', { kind });
  return template;
}

/** Checks the input against the catalogue and the template, and makes the document's data. */
export function buildDocumentData(input: DocumentInput, templates: TemplateSet = loadTemplates()): DocumentData {
  const template = templateFor(input.kind, templates);
  const service = serviceByCode(input.request.service);
  if (!service) throw new DocumentDataError('unknown_service', { service: input.request.service });
  if (input.kind !== REFUSAL_KIND && !service.results.some((result) => result.kind === input.kind)) {
    throw new DocumentDataError('not_a_result_of_service', { kind: input.kind, service: service.code });
  }
  if (template.services !== '*' && !template.services.includes(service.code)) {
    throw new DocumentDataError('not_a_result_of_service', { kind: input.kind, service: service.code });
  }
  const operationCode = input.request.operation ?? null;
  const operation = operationCode === null ? null : service.operations?.find((item) => item.code === operationCode);
  if (operationCode !== null && !operation) throw new DocumentDataError('unknown_operation', { operation: operationCode });
  if (operationCode === null && (service.operations?.length ?? 0) > 0) throw new DocumentDataError('unknown_operation', { operation: '' });

  const issuedAt = new Date(input.issuedAt);
  if (Number.isNaN(issuedAt.getTime())) throw new DocumentDataError('bad_input', { what: 'issuedAt' });
  if (!input.number.trim()) throw new DocumentDataError('bad_input', { what: 'number' });

  const data: DocumentData = {
    schema: DOCUMENT_DATA_SCHEMA,
    kind: input.kind,
    template: { kind: template.kind, version: template.version },
    number: input.number.trim(),
    issuedAt: issuedAt.toISOString(),
    issuedOn: almatyDate.format(issuedAt),
    request: {
      number: input.request.number,
      service: service.code,
      serviceName: { kk: service.names.kk, ru: service.names.ru },
      operation: operationCode,
      operationName: operation ? { kk: operation.names.kk, ru: operation.names.ru } : null,
      channel: input.request.channel,
      receivedAt: input.request.receivedAt ?? null,
      registeredAt: input.request.registeredAt ?? null,
    },
    applicant: plain(input.applicant, 'applicant'),
    provider: plain(input.provider, 'provider'),
    signer: input.signer ? plain(input.signer, 'signer') : null,
    form: plain(input.request.form, 'form'),
    details: plain(input.details ?? {}, 'details'),
  };

  // The template's inputs: required ones present (where their condition holds), each well formed.
  const context = { ...data } as unknown as Record<string, unknown>;
  for (const item of template.inputs) {
    const value = data.details[item.id];
    if (value === undefined || value === null || value === '') {
      if (item.required && conditionHolds(item.when, context)) throw new DocumentDataError('detail_missing', { input: item.id });
      continue;
    }
    checkInput(item, value, item.id);
  }
  // A refusal names one of the service's grounds (catalogue `refusalGrounds`).
  if (input.kind === REFUSAL_KIND && !service.refusalGrounds.some((ground) => ground.code === data.details.ground)) {
    throw new DocumentDataError('detail_invalid', { input: 'ground', reason: 'not_a_refusal_ground_of_service' });
  }
  return data;
}

/** The document's content: canonical JSON of its data, UTF-8. */
export function documentContent(data: DocumentData): Uint8Array {
  return new TextEncoder().encode(canonicalJson(data));
}

/** SHA-256 of the document's content, lower-case hex: what the QR code carries. */
export function documentHash(data: DocumentData): string {
  return createHash('sha256').update(documentContent(data)).digest('hex');
}

export function qrContent(data: DocumentData, verifyUrl: string): QrContent {
  return { verifyUrl, number: data.number, date: data.issuedOn, issuer: documentIssuer(data), sha256: documentHash(data) };
}

export function qrPayload(data: DocumentData, verifyUrl: string): string {
  return formatQrPayload(qrContent(data, verifyUrl));
}
