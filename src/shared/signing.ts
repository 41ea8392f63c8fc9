// What the signing module tells the UI: tokens, certificates as the National Certification Centre
// (НУЦ РК) writes them, and verification verdicts that list every check.
import { z } from 'zod';

/** Extended-key-usage roles of НУЦ РК certificates (domain README, "Certificates"). */
export const EKU_ROLES = {
  '1.2.398.3.3.4.1.1': 'individual',
  '1.2.398.3.3.4.1.2': 'legal_entity',
  '1.2.398.3.3.4.1.2.1': 'first_head',
  '1.2.398.3.3.4.1.2.2': 'right_of_signature',
  '1.2.398.3.3.4.1.2.3': 'financial',
  '1.2.398.3.3.4.1.2.4': 'hr',
  '1.2.398.3.3.4.1.2.5': 'employee',
} as const;
export type EkuRole = (typeof EKU_ROLES)[keyof typeof EKU_ROLES];

export type KeyUsage =
  | 'digitalSignature'
  | 'nonRepudiation'
  | 'keyEncipherment'
  | 'dataEncipherment'
  | 'keyAgreement'
  | 'keyCertSign'
  | 'cRLSign';

export interface CertificateSubject {
  commonName: string | null;
  surname: string | null;
  givenName: string | null;
  /** НУЦ РК writes the patronymic as GIVENNAME; the first name is the second word of CN. */
  patronymic: string | null;
  iin: string | null;
  organisation: string | null;
  bin: string | null;
  country: string | null;
}

export interface CertificateInfo {
  /** SHA-256 of the DER, hex: how the workstation refers to a certificate. */
  fingerprint: string;
  serialHex: string;
  subject: CertificateSubject;
  /** The issuer's distinguished name, readable (CN first). */
  issuer: string;
  notBefore: string;
  notAfter: string;
  keyUsage: KeyUsage[];
  roles: EkuRole[];
  /** Other extended key usages, as OIDs. */
  otherUsages: string[];
  keyAlgorithm: 'rsa' | 'ec' | 'other';
  /** Has nonRepudiation: a signing key (not an authentication key). */
  canSign: boolean;
  crlUrls: string[];
  /** OCSP responders named in Authority Information Access (id-ad-ocsp). */
  ocspUrls: string[];
}

export interface TokenPinState {
  countLow: boolean;
  finalTry: boolean;
  locked: boolean;
  toBeChanged: boolean;
}

export interface TokenCertificate {
  /** CKA_ID, hex. */
  idHex: string;
  label: string;
  certificate: CertificateInfo;
  /** A private key with the same CKA_ID (or public key) is on the token. */
  hasPrivateKey: boolean | null;
}

export interface TokenSummary {
  /** Stable reference for the UI: module path + token serial. */
  ref: string;
  modulePath: string;
  slotDescription: string;
  label: string;
  manufacturer: string;
  model: string;
  serial: string;
  pin: TokenPinState;
}

export interface ModuleStatus {
  path: string;
  state: 'loaded' | 'missing' | 'failed';
  detail?: string;
}

export type CheckStatus = 'pass' | 'fail' | 'unknown';
export type CheckName =
  | 'signature'
  | 'content_digest'
  | 'signing_certificate'
  | 'chain'
  | 'validity'
  | 'revocation'
  | 'key_usage'
  | 'iin_match'
  | 'bin_match';

export interface VerificationCheck {
  name: CheckName;
  status: CheckStatus;
  /** A reason code for fail / unknown (e.g. `crl_stale`, `revoked`, `untrusted_root`); params for the message. */
  reason?: string;
  params?: Record<string, string>;
}

export interface Verdict {
  /** True only when every check passed. */
  ok: boolean;
  checks: VerificationCheck[];
  signer: CertificateInfo | null;
  signingTime: string | null;
  attached: boolean;
}

export const pinSchema = z.string().min(4).max(64);

export interface KeyFileSummary {
  id: string;
  name: string;
}

export interface SigningStatus {
  modules: ModuleStatus[];
  knownModules: { name: string; path: string; present: boolean }[];
  tokens: TokenSummary[];
  keyFiles: KeyFileSummary[];
}

export interface SignatureRecord {
  id: string;
  action: string;
  signerIin: string;
  signerName: string;
  certificateFingerprint: string;
  keySource: 'token' | 'file';
  signedAt: string;
  checks: VerificationCheck[];
}

export interface TrustEntry {
  fingerprint: string;
  subject: string;
  notAfter: string;
  source: 'shipped' | 'added';
  file: string;
}

export interface CrlEntry {
  file: string;
  issuer: string;
  thisUpdate: string;
  nextUpdate: string | null;
}

export interface TrustOverview {
  roots: TrustEntry[];
  crls: CrlEntry[];
}

// ---- inputs of the signing methods (validated in main with the same schemas) ----

const base64 = (maxBytes: number) =>
  z
    .string()
    .max(Math.ceil(maxBytes / 3) * 4 + 4)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');

export const keyChoiceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('token'), tokenRef: z.string().min(3).max(600), idHex: z.string().regex(/^[0-9a-f]{0,128}$/) }).strict(),
  z.object({ kind: z.literal('file'), fileId: z.string().regex(/^[0-9a-f]{32}$/), fingerprint: z.string().regex(/^[0-9a-f]{64}$/).optional() }).strict(),
]);
export type KeyChoice = z.infer<typeof keyChoiceSchema>;

/**
 * A decision signed as it is (canonical JSON): only the employee's registration at the counter. A
 * result or a reasoned refusal is a document, signed inside its PDF through `documents.sign`.
 */
export const signInput = z
  .object({
    requestId: z.uuid(),
    action: z.enum(['register']),
    reason: z.string().trim().max(2000).optional(),
    refusalGround: z.string().max(60).optional(),
    paymentRef: z.string().trim().max(200).optional(),
    missingDocumentsReason: z.string().trim().max(500).optional(),
    key: keyChoiceSchema,
    pin: pinSchema,
  })
  .strict();

/** Most decisions one batch signs after one PIN entry. */
export const BATCH_MAX_ITEMS = 200;

/** Batch signing: the results of several requests, each signed and recorded in order, after one PIN entry. */
export const signBatchInput = z
  .object({
    items: z
      .array(z.object({ requestId: z.uuid(), action: z.literal('mark_result_ready') }).strict())
      .min(1)
      .max(BATCH_MAX_ITEMS),
    key: keyChoiceSchema,
    pin: pinSchema,
  })
  .strict();
export const batchIdInput = z.object({ batchId: z.uuid() }).strict();

/** A failure as the API names it (code + params), for one item or the whole batch. */
export interface BatchError {
  code: string;
  params?: Record<string, string | number>;
}

/** A batch's progress, pushed to the connection that started it: one event per item, then its end. */
export type SignBatchEvent = { batchId: string; done: number; total: number } & (
  | { kind: 'item'; requestId: string; outcome: 'signed' | 'failed'; error?: BatchError }
  | {
      kind: 'finished';
      /** done: every item was tried; cancelled: stopped on request (or the person signed out); failed: the key stopped working. */
      outcome: 'done' | 'cancelled' | 'failed';
      signed: number;
      failed: number;
      error?: BatchError;
    }
);

export const setModulesInput = z.object({ paths: z.array(z.string().trim().min(1).max(400)).max(10) }).strict();
export const addKeyFileInput = z.object({ name: z.string().trim().min(1).max(200), content: base64(64 * 1024) }).strict();
export const keyFileCertificatesInput = z.object({ fileId: z.string().regex(/^[0-9a-f]{32}$/), password: pinSchema }).strict();
export const verifyFileInput = z
  .object({ signature: base64(2 * 1024 * 1024), content: base64(20 * 1024 * 1024).optional(), expectIin: z.string().regex(/^\d{12}$/).optional(), expectBin: z.string().regex(/^\d{12}$/).optional() })
  .strict();
/** The administrator's OCSP responder (empty: only the responders the certificates name). */
export interface OcspSettings {
  url: string;
}
export const ocspSettingsInput = z
  .object({ url: z.string().trim().max(400).regex(/^$|^https?:\/\/[^\s/?#]+\S*$/i, 'signing.ocsp_url') })
  .strict();
export const trustFileInput = z.object({ content: base64(2 * 1024 * 1024) }).strict();
