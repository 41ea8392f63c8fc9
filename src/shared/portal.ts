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
    /** base64 of the applicant's detached CMS over `portalSignedText(submission)`, certificate included. */
    signature: z.string().min(16).max(48 * 1024),
  })
  .strict();
export type PortalSubmission = z.input<typeof portalSubmissionSchema>;

/** The text the applicant signs: the canonical JSON of the submission without its signature. */
export function portalSignedText(submission: Record<string, unknown>): string {
  const { signature: _signature, ...rest } = submission;
  return canonicalJson(rest);
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
  /** Field problems (form, documents). */
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
