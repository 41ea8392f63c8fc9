// The workstation's side of the central server's register of issued documents: registering a
// document it issued (a signed call), and checking a document by number + hash (a plain public GET,
// the same check a phone makes after scanning the QR code).
import {
  DOCUMENT_ROUTES,
  documentCheckQuerySchema,
  documentCheckReplySchema,
  documentRegistrationSchema,
  type DocumentCheckReply,
  type DocumentRegistration,
  type DocumentRegistrationReply,
} from '../../shared/server-api';
import { documentIssuer, type DocumentData } from '../../shared/documents';
import { CentralError, type CentralClient } from '../services/central-client';
import { documentHash, templateFor } from './data';
import { loadTemplates, type TemplateSet } from './templates';

export const CHECK_TIMEOUT_MS = 10_000;

export interface DocumentCheckQuestion {
  number: string;
  sha256: string;
  issuer: string;
  date: string;
}

export type DocumentCheckAnswer = DocumentCheckReply | { status: 'unreachable' };

/** What a document registers: what it prints (title from its template), its hash and its request. */
export function documentRegistration(data: DocumentData, templates: TemplateSet = loadTemplates()): DocumentRegistration {
  return {
    number: data.number,
    issuedOn: data.issuedOn,
    issuedAt: data.issuedAt,
    issuer: documentIssuer(data),
    sha256: documentHash(data),
    kind: data.kind,
    title: { ...templateFor(data.kind, templates).title },
    providerName: { kk: data.provider.name.kk, ru: data.provider.name.ru },
    signerName: data.signer?.name ?? null,
    requestNumber: data.request.number,
  };
}

/**
 * Registers an issued document with the central server. 'registered' the first time and when the
 * same document is registered again; 'conflict' when the issuer already registered another document
 * (another hash) under this number. Anything else is thrown as CentralError.
 */
export async function registerDocumentOnServer(
  client: CentralClient,
  staffIin: string,
  registration: DocumentRegistration,
): Promise<'registered' | 'conflict'> {
  const checked = documentRegistrationSchema.safeParse(registration);
  if (!checked.success) throw new CentralError('rejected', 'invalid_input', 'the document registration does not match the schema');
  try {
    await client.call<DocumentRegistrationReply>(DOCUMENT_ROUTES.register, checked.data, staffIin);
    return 'registered';
  } catch (error) {
    if (error instanceof CentralError && error.code === 'document_conflict' && error.status === 409) return 'conflict';
    throw error;
  }
}

/** The public check's address on the server that a QR code's verification address names: same origin, `/v1/verify`. */
export function checkUrlFromVerifyUrl(verifyUrl: string): string {
  const url = new URL(verifyUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError(`not an http(s) address: ${verifyUrl}`);
  return `${url.origin}${DOCUMENT_ROUTES.check}`;
}

/**
 * Asks a server's register about a document (no signature: anyone may). A server that does not
 * answer, answers with an error or with something that is not a check reply is 'unreachable'. A
 * question the register could never have (a number or issuer longer than it stores, a malformed
 * hash or date) is 'not_found' without asking.
 */
export async function checkDocumentOnServer(
  checkUrl: string,
  query: DocumentCheckQuestion,
  options: { fetchImpl?: typeof fetch; timeoutMs?: number } = {},
): Promise<DocumentCheckAnswer> {
  const params = { no: query.number, sha256: query.sha256, issuer: query.issuer, date: query.date };
  if (!documentCheckQuerySchema.safeParse(params).success) return { status: 'not_found' };
  let url: URL;
  try {
    url = new URL(checkUrl);
  } catch {
    return { status: 'unreachable' };
  }
  url.search = new URLSearchParams(params).toString();
  const fetchImpl = options.fetchImpl ?? fetch;
  try {
    const response = await fetchImpl(url, {
      method: 'GET',
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(options.timeoutMs ?? CHECK_TIMEOUT_MS),
    });
    if (!response.ok) return { status: 'unreachable' };
    const reply = documentCheckReplySchema.safeParse(await response.json());
    return reply.success ? reply.data : { status: 'unreachable' };
  } catch {
    return { status: 'unreachable' };
  }
}
