// The contract between workstations and the central server: paths, bodies, replies, and how a
// workstation signs each call. Both sides import it; the server validates every body with it.
import { z } from 'zod';
import {
  attachmentRecordSchema,
  binQuerySchema,
  iinQuerySchema,
  legalEntitySchema,
  lookupPurposeSchema,
  nameQuerySchema,
  paymentSchema,
  personSchema,
  powerOfAttorneySchema,
  type RegistrySystem,
} from './registry';

export const SERVER_HEADERS = {
  workstation: 'x-qyzmet-workstation',
  time: 'x-qyzmet-time',
  nonce: 'x-qyzmet-nonce',
  staff: 'x-qyzmet-staff',
  signature: 'x-qyzmet-signature',
} as const;

/** How far a call's time may be from the server's; the workstation corrects for its own clock. */
export const MAX_CLOCK_DIFFERENCE_MS = 5 * 60_000;

/** The exact bytes a workstation signs (Ed25519) for one call. */
export function canonicalRequest(parts: {
  method: string;
  path: string;
  time: string;
  nonce: string;
  staff: string;
  bodySha256: string;
}): string {
  return ['qyzmet-v1', parts.method.toUpperCase(), parts.path, parts.time, parts.nonce, parts.staff, parts.bodySha256].join('\n');
}

export const enrolRequestSchema = z
  .object({
    code: z.string().trim().min(6).max(40),
    workstationId: z.uuid(),
    name: z.string().trim().min(1).max(100),
    publicKey: z.string().min(40).max(200),
  })
  .strict();
export type EnrolRequest = z.infer<typeof enrolRequestSchema>;
export interface EnrolReply {
  workstationId: string;
  providerCode: string;
  serverTime: string;
}

const withPurpose = <T extends z.ZodRawShape>(schema: z.ZodObject<T>) =>
  schema.extend({ purpose: lookupPurposeSchema }).strict();

export const REGISTRY_ROUTES = {
  person: { path: '/v1/registry/individuals/by-iin', body: withPurpose(iinQuerySchema), record: personSchema },
  personSearch: {
    path: '/v1/registry/individuals/search',
    body: withPurpose(nameQuerySchema),
    record: z.array(personSchema),
  },
  legalEntity: { path: '/v1/registry/legal-entities/by-bin', body: withPurpose(binQuerySchema), record: legalEntitySchema },
  attachment: { path: '/v1/registry/attachment/by-iin', body: withPurpose(iinQuerySchema), record: attachmentRecordSchema },
  powersOfAttorney: {
    path: '/v1/registry/powers-of-attorney/by-representative',
    body: withPurpose(iinQuerySchema),
    record: z.array(powerOfAttorneySchema),
  },
  payments: {
    path: '/v1/registry/payments/by-payer',
    body: z.object({ payerId: z.string().regex(/^\d{12}$/), serviceCode: z.string().max(60).optional(), purpose: lookupPurposeSchema }).strict(),
    record: z.array(paymentSchema),
  },
} as const;

export type LookupReply<T> =
  | { found: true; system: RegistrySystem; answeredAt: string; record: T }
  | { found: false; system: RegistrySystem; answeredAt: string };

export const SERVER_ERROR_CODES = [
  'invalid_input',
  'unauthenticated',
  'bad_signature',
  'replayed',
  'clock_skew',
  'unknown_workstation',
  'revoked_workstation',
  'bad_enrolment_code',
  'payload_too_large',
  'registry_timeout',
  'registry_unavailable',
  'not_found',
  'document_conflict',
  /** A workstation registering a document under an issuer (BIN or code) that is not its provider's. */
  'foreign_issuer',
  /** Too many calls of a public endpoint from one client address; `retryAfterSeconds` says when to try again. */
  'rate_limited',
  'internal',
] as const;
export type ServerErrorCode = (typeof SERVER_ERROR_CODES)[number];

export interface ServerErrorReply {
  error: ServerErrorCode;
  message: string;
  issues?: Array<{ path: string; code: string }>;
  serverTime?: string;
  retryAfterSeconds?: number;
}

/** A few records of the simulated registries, shown to trainees so that they have someone to look up. */
export const SIMULATOR_SAMPLES_PATH = '/v1/simulator/samples';
export interface SimulatorSamples {
  people: Array<{ iin: string; surname: string; name: string; birthDate: string }>;
  entities: Array<{ bin: string; shortNameKk: string; shortNameRu: string }>;
}

// ---- the register of issued documents ----
// Workstations register every document they issue (signed call); anyone who holds a document checks
// it by number + hash (public, no signature) and learns only what the document itself prints.

export const DOCUMENT_ROUTES = { register: '/v1/documents', check: '/v1/verify', page: '/verify' } as const;

const bilingualText = z.object({ kk: z.string().max(300), ru: z.string().max(300) }).strict();
const documentSha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const documentRegistrationSchema = z
  .object({
    number: z.string().min(1).max(80),
    /** YYYY-MM-DD, Almaty calendar. */
    issuedOn: z.iso.date(),
    /** ISO instant of issue. */
    issuedAt: z.iso.datetime({ offset: true }),
    /** The provider's BIN, or its code when it has none: as the QR code names it. */
    issuer: z.string().min(1).max(40),
    sha256: documentSha256,
    kind: z.string().min(1).max(80),
    title: bilingualText,
    providerName: bilingualText,
    signerName: z.string().max(200).nullable(),
    requestNumber: z.string().max(80).nullable(),
  })
  .strict();
export type DocumentRegistration = z.infer<typeof documentRegistrationSchema>;

/** 201 the first time, 200 when the same document is registered again. */
export interface DocumentRegistrationReply {
  registered: true;
  registeredAt: string;
}

/** The query of the public check, as the QR code carries it (`no`, `sha256`; `issuer` and `date` narrow it). */
export const documentCheckQuerySchema = z.object({
  no: z.string().min(1).max(80),
  sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/)
    .transform((value) => value.toLowerCase()),
  issuer: z.string().min(1).max(40).optional(),
  date: z.iso.date().optional(),
});
export type DocumentCheckQuery = z.infer<typeof documentCheckQuerySchema>;

/** What the register says of a document; `document` (what it prints) only when it is valid. */
export interface DocumentCheckReply {
  status: 'valid' | 'hash_mismatch' | 'not_found';
  document?: {
    number: string;
    issuedOn: string;
    issuer: string;
    kind: string;
    title: { kk: string; ru: string };
    providerName: { kk: string; ru: string };
    signerName: string | null;
    registeredAt: string;
  };
}

/** The reply as a client must find it (a check answered by some server is validated before it is believed). */
export const documentCheckReplySchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('valid'),
    document: z.object({
      number: z.string().max(80),
      issuedOn: z.iso.date(),
      issuer: z.string().max(40),
      kind: z.string().max(80),
      title: z.object({ kk: z.string().max(300), ru: z.string().max(300) }),
      providerName: z.object({ kk: z.string().max(300), ru: z.string().max(300) }),
      signerName: z.string().max(200).nullable(),
      registeredAt: z.string().max(40),
    }),
  }),
  z.object({ status: z.literal('hash_mismatch') }),
  z.object({ status: z.literal('not_found') }),
]);
