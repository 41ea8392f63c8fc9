// The simulated e-government portal's traffic through the central server (issue 8): what the portal
// submits on an applicant's behalf, what it is told when a submission is refused, and what the
// applicant reads back ("update status", "view result"). Both sides import it: the server validates
// submissions with these schemas; the portal (in tests, a simulator) signs exactly the text
// `portalSignedText` makes of a submission.
//
// A submission is signed by the applicant with their ЭЦҚ: a detached CMS over the canonical JSON of
// the submission without its `signature` member, the signer's certificate included. The portal
// channel registers on submission: the server gives the request its number (the portal's series of
// the provider), its deadline, and the first event of its history, and the provider's workstations
// receive it by pull.
//
// The applicant's files (PDF, JPEG or PNG, by their content) travel in the submission as base64, each
// for an item of the service's checklist, with its name and SHA-256. The signed text carries each
// file's name, item and hash but not its bytes (`portalSignedSubmission`): the hash binds the file to
// the signature, the text stays small and canonical. The server checks every file against its hash,
// reads its type from its magic bytes, and keeps it within PORTAL_ATTACHMENT_LIMITS; a submission with
// one bad file is refused whole. Registered, each file is stored as a blob of the provider and recorded
// on the request as an attachment from the portal (the workstations fetch it before applying it).
import { z } from 'zod';
import { canonicalJson, type RequestState } from './requests/lifecycle';
import { binSchema, iinSchema } from './validation';
import type { FieldIssue } from './api/errors';
import type { VerificationCheck } from './signing';

export const PORTAL_ROUTES = {
  submit: '/portal/v1/requests',
  status: '/portal/v1/requests/:number',
  result: '/portal/v1/requests/:number/results/:documentNumber',
} as const;

/** The origin of the changes the portal makes in a provider's stream (sync_change.origin). */
export const PORTAL_ORIGIN = 'portal';
/**
 * The "workstation" the portal registers as: its requests' and events' workstationId (the id pull
 * gives portal changes), and the source of the workstation code of the portal's number series.
 */
export const PORTAL_WORKSTATION_ID = '00000000-0000-0000-0000-000000000000';
/** The actor of the portal's registration event (the applicant's IIN is the event's actorIin). */
export const PORTAL_ACTOR_ID = 'portal';

const documentCode = z.string().regex(/^[a-z][a-z0-9_]*$/).max(60);

const MIB = 1024 * 1024;

/** The applicant's files in one submission: how many, each at most, and all together at most (bytes, decoded). */
export const PORTAL_ATTACHMENT_LIMITS = { maxFiles: 10, maxFileBytes: 5 * MIB, maxTotalBytes: 20 * MIB } as const;
/** The types of file the portal carries (read from the content, never from the name). */
export const PORTAL_ATTACHMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type PortalAttachmentType = (typeof PORTAL_ATTACHMENT_TYPES)[number];
/**
 * A submission's body may be this large: its files in base64 (4/3 of their bytes: 26.7 MiB for the
 * 20 MiB allowed) and the rest, with room for a few MiB over the limit to be refused with its reason
 * (400 attachments_too_large) rather than cut off (413).
 */
export const PORTAL_BODY_LIMIT = 32 * MIB;

export const portalAttachmentSchema = z
  .object({
    /** The checklist item the file is for: a code of `documents`, marked presented. */
    document: documentCode,
    /** The file's name as the applicant chose it (shown to staff; its type is read from the content). */
    name: z.string().trim().min(1).max(200).regex(/^[^\\/\p{Cc}]+$/u),
    /** SHA-256 of the file's bytes, lower-case hex: what the applicant signs for the file. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    /** base64 of the file's bytes; not part of the signed text (its hash stands for it). */
    data: z.string().max(PORTAL_BODY_LIMIT).regex(/^[A-Za-z0-9+/]*={0,2}$/),
  })
  .strict();
export type PortalAttachment = z.input<typeof portalAttachmentSchema>;

export const portalSubmissionSchema = z
  .object({
    /** The provider's code, as its workstations are enrolled with the central server. */
    provider: z.string().trim().min(1).max(40),
    service: z.string().trim().min(1).max(60),
    operation: z.string().trim().min(1).max(40).optional(),
    applicant: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('person'), iin: iinSchema }).strict(),
      z.object({ kind: z.literal('organisation'), bin: binSchema }).strict(),
    ]),
    form: z.record(z.string().max(60), z.unknown()).default({}),
    /** The documents attached on the portal, by the service's checklist codes. */
    documents: z
      .record(documentCode, z.object({ presented: z.boolean(), presentation: z.enum(['original', 'copy', 'electronic']).optional() }).strict())
      .default({}),
    /** The payment gateway's reference of the fee, for a paid service. */
    paymentRef: z.string().trim().min(1).max(200).optional(),
    /** The applicant's files (at most PORTAL_ATTACHMENT_LIMITS.maxFiles; more are refused with their reason). */
    attachments: z.array(portalAttachmentSchema).max(100).optional(),
    /** base64 of the applicant's detached CMS over `portalSignedText(submission)`, certificate included. */
    signature: z.string().min(16).max(48 * 1024),
  })
  .strict();
export type PortalSubmission = z.input<typeof portalSubmissionSchema>;

/**
 * What the applicant signs: the submission without its signature, each attachment without its bytes
 * (`data`) — its `sha256` binds them. A submission without attachments is signed as before they existed.
 */
export function portalSignedSubmission(submission: Record<string, unknown>): Record<string, unknown> {
  const { signature: _signature, ...rest } = submission;
  if (Array.isArray(rest.attachments)) {
    rest.attachments = rest.attachments.map((item: unknown) => {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
      const { data: _data, ...meta } = item as Record<string, unknown>;
      return meta;
    });
  }
  return rest;
}

/** The text the applicant signs: the canonical JSON of `portalSignedSubmission`. */
export function portalSignedText(submission: Record<string, unknown>): string {
  return canonicalJson(portalSignedSubmission(submission));
}

export interface PortalSubmissionReply {
  requestId: string;
  number: string;
  /** ISO instant; null when the service's term is neither in the catalogue nor configured by the provider. */
  deadline: string | null;
  registeredAt: string;
}

/** Why a submission was refused; nothing is stored for a refused submission. */
export const PORTAL_REFUSAL_REASONS = [
  'unknown_provider',
  'unknown_service',
  'channel_not_offered',
  'applicant_kind_not_allowed',
  'operation_invalid',
  'portal_trust_missing',
  'signature_malformed',
  'signature_invalid',
  'certificate_untrusted',
  'certificate_not_valid',
  'certificate_revoked',
  'revocation_unknown',
  'not_signing_key',
  'identity_mismatch',
  'form_invalid',
  'documents_invalid',
  'document_required',
  'too_many_attachments',
  'attachment_too_large',
  'attachments_too_large',
  'attachment_hash_mismatch',
  'attachment_type_unsupported',
  'attachment_invalid',
  'payment_missing',
  'payment_not_found',
  'payment_already_used',
  'payment_check_unavailable',
  'applicant_data_unavailable',
  'registry_unavailable',
  'calendar_year_missing',
] as const;
export type PortalRefusalReason = (typeof PORTAL_REFUSAL_REASONS)[number];

export interface PortalRefusalReply {
  error: 'refused';
  reason: PortalRefusalReason;
  message: string;
  /** Field problems (form, documents, attachments: `attachments.<index>.<field>`). */
  issues?: FieldIssue[];
  /** The signature's checks, when the signature is what failed. */
  checks?: VerificationCheck[];
}

/**
 * A notification to the applicant. `text` is a message code for the portal's texts
 * (`portal.notice.registered`, `portal.notice.state.in_review`, `portal.notice.term_extended`,
 * `portal.notice.refused`, …), `params` what the message needs (new deadline, refusal ground);
 * `reason` is the staff's own words where the applicant must read them (a refusal, an extension,
 * a return for correction, a withdrawal).
 */
export interface PortalNotification {
  at: string;
  kind: 'status_change' | 'term_extension' | 'refusal';
  state?: RequestState;
  text: string;
  params?: Record<string, string>;
  reason?: string;
}

export interface PortalResult {
  /** The document's number (its journal number). */
  number: string;
  kind: string;
  action: 'mark_result_ready' | 'refuse';
  issuedOn: string;
  /** The document's hash as its QR code and the register carry it. */
  sha256: string;
  /** SHA-256 of the signed PDF the applicant downloads. */
  pdfSha256: string;
  pdfSize: number | null;
  /** Sent to the portal by the provider (a delivery via 'portal'). */
  delivered: boolean;
  deliveredAt: string | null;
}

export interface PortalRequestView {
  number: string;
  service: string;
  operation: string | null;
  state: RequestState;
  registeredAt: string;
  deadline: string | null;
  /** The catalogue's refusal ground, once refused. */
  refusalGround: string | null;
  notifications: PortalNotification[];
  results: PortalResult[];
}

export const portalApplicantQuerySchema = z.object({ applicant: z.string().regex(/^\d{12}$/) }).strict();
