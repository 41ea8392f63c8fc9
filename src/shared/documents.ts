// Issued documents (results of services): the data a document is made of, its content hash, the
// payload of its QR code, and the verification verdict. Pure TypeScript: the main process renders
// and verifies documents, the renderer shows verdicts, the central server checks number + hash.
//
// "Content" of a document, precisely: the UTF-8 bytes of the canonical JSON (RFC 8785 style: keys
// sorted by UTF-16 code units, no whitespace, JSON.stringify escaping, undefined members left out)
// of its DocumentData. The PDF carries that JSON as an embedded file (`qyzmet-document.json`), so
// anyone can recompute the SHA-256 printed in the QR code from the document itself.
import type { Address } from './registry';
import type { CertificateInfo, CheckStatus, VerificationCheck } from './signing';

export const DOCUMENT_DATA_SCHEMA = 'qyzmet.document/1';
/** The name of the embedded file that holds a document's data inside its PDF. */
export const DOCUMENT_DATA_FILE = 'qyzmet-document.json';

/** Text in the two languages of official documents, Kazakh (the state language) first. */
export interface Bilingual {
  kk: string;
  ru: string;
}

export type DocumentLanguage = keyof Bilingual;
export const DOCUMENT_LANGUAGES: readonly DocumentLanguage[] = ['kk', 'ru'];

/** The applicant as the registry knows them (ЖТ МДБ / ГБД ФЛ). */
export interface PersonCard {
  kind: 'person';
  iin: string;
  surname: string;
  name: string;
  patronymic: string | null;
  birthDate: string | null;
  address: Address | null;
}

/** An organisation applicant (ЗТ МДБ / ГБД ЮЛ). */
export interface OrganisationCard {
  kind: 'organisation';
  bin: string;
  name: Bilingual;
  headName: string | null;
  address: Address | null;
}

export type ApplicantCard = PersonCard | OrganisationCard;

/** The service provider that issues the document. */
export interface ProviderCard {
  /** The provider's code with the central server (as in request numbers). */
  code: string;
  bin: string | null;
  name: Bilingual;
  /** Where the provider sits (the apostille's "at"). */
  city: Bilingual | null;
  address: Bilingual | null;
  phone: string | null;
}

/** The authorised person whose signature makes the document valid (or the employee, for a journal slip). */
export interface SignerCard {
  iin: string;
  /** As on the signing certificate: SURNAME NAME PATRONYMIC. */
  name: string;
  position: Bilingual | null;
}

export interface DocumentRequestRef {
  number: string | null;
  service: string;
  serviceName: Bilingual;
  operation: string | null;
  operationName: Bilingual | null;
  channel: string;
  receivedAt: string | null;
  registeredAt: string | null;
}

/** Everything a document says: what its template fills in, what its hash covers. Plain JSON. */
export interface DocumentData {
  schema: typeof DOCUMENT_DATA_SCHEMA;
  /** The result kind of the catalogue (`results[].kind`), or `reasoned_refusal`. */
  kind: string;
  template: { kind: string; version: number };
  /** The document's number (its journal's number, or the request number with a suffix). */
  number: string;
  /** ISO instant (UTC) of issue. */
  issuedAt: string;
  /** YYYY-MM-DD, Almaty calendar. */
  issuedOn: string;
  request: DocumentRequestRef;
  applicant: ApplicantCard;
  provider: ProviderCard;
  signer: SignerCard | null;
  /** The request's form values, as registered. */
  form: Record<string, unknown>;
  /** What the issuer adds at issue time (the template's `inputs`: appointment time, refusal ground, …). */
  details: Record<string, unknown>;
}

// ---- the QR code ----

/** What the QR code on a document carries: the verification address with number, date, issuer, hash. */
export interface QrContent {
  /** The central server's verification address (configurable), without the query. */
  verifyUrl: string;
  number: string;
  /** YYYY-MM-DD */
  date: string;
  /** The provider's BIN, or its code when it has none. */
  issuer: string;
  /** SHA-256 of the document's content, 64 lower-case hex digits. */
  sha256: string;
}

/** The issuer as the QR code names it. */
export function documentIssuer(data: Pick<DocumentData, 'provider'>): string {
  return data.provider.bin ?? data.provider.code;
}

/** `https://…/verify?no=…&date=…&issuer=…&sha256=…` — a URL a phone opens as it is. */
export function formatQrPayload(content: QrContent): string {
  const query = [
    ['no', content.number],
    ['date', content.date],
    ['issuer', content.issuer],
    ['sha256', content.sha256],
  ]
    .map(([key, value]) => `${key}=${encodeURIComponent(value!)}`)
    .join('&');
  return `${content.verifyUrl}${content.verifyUrl.includes('?') ? '&' : '?'}${query}`;
}

/** The fields of a QR payload; null when it is not one of ours. */
export function parseQrPayload(payload: string): QrContent | null {
  const at = payload.lastIndexOf('?no=') >= 0 ? payload.lastIndexOf('?no=') : payload.lastIndexOf('&no=');
  if (at < 0) return null;
  const verifyUrl = payload.slice(0, at);
  const params = new Map<string, string>();
  for (const pair of payload.slice(at + 1).split('&')) {
    const eq = pair.indexOf('=');
    if (eq < 0) return null;
    try {
      params.set(pair.slice(0, eq), decodeURIComponent(pair.slice(eq + 1)));
    } catch {
      return null;
    }
  }
  const [number, date, issuer, sha256] = ['no', 'date', 'issuer', 'sha256'].map((key) => params.get(key));
  if (!number || !date || !issuer || !sha256 || !/^[0-9a-f]{64}$/.test(sha256) || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  return { verifyUrl, number, date, issuer, sha256 };
}

// ---- verification ----

export type DocumentCheckName =
  | 'pdf_structure'
  | 'signature_format'
  | 'byte_range'
  | VerificationCheck['name']
  | 'embedded_data'
  | 'metadata'
  | 'qr_code'
  | 'qr_hash'
  /** The central server's register of issued documents has this number with this hash. */
  | 'register';

export interface DocumentCheck {
  name: DocumentCheckName;
  status: CheckStatus;
  reason?: string;
  params?: Record<string, string>;
}

export interface DocumentVerdict {
  /** True only when every check passed. */
  ok: boolean;
  checks: DocumentCheck[];
  signer: CertificateInfo | null;
  signingTime: string | null;
  /** What the document's embedded data says (null when it could not be read). */
  document: {
    kind: string;
    number: string;
    issuedOn: string;
    issuer: string;
    sha256: string;
    qrPayload: string | null;
  } | null;
}

// ---- issuing documents: what the workstation's UI and main process exchange ----

/** A label of the issuing screen: the template's two languages, and English for the interface. */
export interface UiLabel extends Bilingual {
  en?: string;
}

/** What the issuer types in for a document (a template's input), as the issuing form shows it. */
export interface DocumentInputView {
  id: string;
  type: 'text' | 'textarea' | 'date' | 'time' | 'datetime' | 'number' | 'select' | 'multiselect' | 'list';
  label: UiLabel;
  required: boolean;
  maxLength?: number;
  options?: { value: string; label: UiLabel }[];
  itemFields?: DocumentInputView[];
}

/** A document the request can end with: one of its service's results, or the reasoned refusal. */
export interface DocumentChoice {
  kind: string;
  names: { kk: string; ru: string; en: string };
  /** The decision it is signed as. */
  action: 'mark_result_ready' | 'refuse';
  /** The journal its number is taken from (the result's own register, else issued documents). */
  journal: string;
  /** The catalogue names this result for the request's channel. */
  forChannel: boolean;
  page: 'A4' | 'A5';
  inputs: DocumentInputView[];
}

/** The provider as its documents name it (Settings → Service provider; the code comes from enrolment). */
export interface ProviderProfile {
  bin: string | null;
  name: Bilingual;
  city: Bilingual | null;
  address: Bilingual | null;
  phone: string | null;
  /** The authorised signer's position, printed under the signature. */
  signerPosition: Bilingual | null;
}

export interface DocumentOptions {
  /** The documents this request may be ended with now (empty when its state allows neither). */
  choices: DocumentChoice[];
  /** Refusal grounds of the service for the request's channel (the refusal's `ground` input). */
  refusalGrounds: { code: string; names: { kk: string; ru: string; en: string } }[];
  provider: ProviderProfile | null;
  providerCode: string | null;
  /** Why no document can be made here now, when none can. */
  blocked: null | 'provider_profile_missing' | 'not_enrolled';
  /** This person may sign the choices (the authorised signer); others prepare a draft for them. */
  canSign: boolean;
  /** What was prepared for signing, if anything. */
  draft: DocumentDraft | null;
  /**
   * The state registry whose answer on the applicant this workstation does not have, when it does not:
   * the document is made from it. A request that came from the portal or from another workstation (or
   * whose answer kept here expired) lacks it until someone looks the applicant up here
   * (`registry.person` / `registry.legalEntity`, which keep the answer on this workstation).
   */
  applicantMissing: null | 'individuals' | 'legal_entities';
}

export interface DocumentDraft {
  kind: string;
  details: Record<string, unknown>;
  updatedAt: string;
  updatedByName: string | null;
}

export type DeliveryVia = 'print' | 'save' | 'portal';

export interface DocumentDelivery {
  via: DeliveryVia;
  /** `queued`: waits for synchronisation with the central server, which sends it to the portal. */
  state: 'done' | 'queued' | 'sent';
  at: string;
  byName: string | null;
}

export interface DocumentServerRefusal {
  /** The server's error code: `foreign_issuer` (the issuer is not bound to this workstation's provider), `invalid_input`, … */
  code: string;
  at: string;
  /** The issuer the document was registered under, as its QR code names it: the provider's BIN, or its code. */
  issuer: string;
}

export interface IssuedDocumentSummary {
  id: string;
  requestId: string;
  kind: string;
  names: { kk: string; ru: string; en: string };
  action: 'mark_result_ready' | 'refuse';
  number: string;
  issuedAt: string;
  issuedOn: string;
  sha256: string;
  pdfSize: number;
  pages: number;
  signerName: string;
  signerIin: string;
  qrPayload: string;
  /** The central server's register: `pending` until this workstation has told it. */
  serverState: 'pending' | 'registered' | 'conflict';
  /**
   * The central server's last refusal to register this (still pending) document, which is sent again
   * later; null once registered, and while the server has only been unreachable.
   */
  serverRefusal: DocumentServerRefusal | null;
  journalEntries: { journal: string; number: string }[];
  deliveries: DocumentDelivery[];
}

export interface DocumentPreview {
  /** The number the document will most likely get (another workstation may take it first). */
  number: string;
  pages: number;
  images: { mime: 'image/png' | 'image/jpeg'; data: string; width: number; height: number }[];
}

export interface DocumentFile {
  name: string;
  mime: 'application/pdf' | 'application/pkcs7-signature';
  /** base64 */
  data: string;
}
