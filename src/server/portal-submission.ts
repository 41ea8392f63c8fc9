// A submission from the portal (issue 8): the checks the regulations put on the portal's side — the
// applicant's ЭЦҚ (signature, chain to a trusted root, validity, revocation, the IIN/BIN in the
// certificate equal to the applicant's), the service offered on the portal, the form and the
// attached documents, the fee through the payment gateway — and then the registration, which on the
// portal channel happens on submission: a number in the portal's series of the provider, the
// deadline on the working-day calendar, the `register` event sealed by the lifecycle, all written as
// changes of origin `portal` in the provider's stream (the workstations receive them by pull)
// together with the applicant's view. The applicant's files (attachments) are checked — each against
// the hash the applicant signed, its type by its magic bytes (PDF, JPEG, PNG), structurally whole, and
// within PORTAL_ATTACHMENT_LIMITS — and, in the registration's transaction, stored as complete blobs of
// the provider (sync_blob) and recorded as `request_attachment` changes of origin `portal` after the
// request's own, in the very shape a workstation records its attachments with. A refused submission
// stores nothing.
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { FieldIssue } from '../shared/api/errors';
import {
  deadlineFor,
  documentsFor,
  serviceByCode,
  validateForm,
  type CatalogueService,
} from '../shared/catalogue';
import type { Calendar } from '../shared/calendar/working-days';
import { checkIin } from '../shared/domain/iin';
import type { Role } from '../shared/domain/roles';
import {
  PORTAL_ACTOR_ID,
  PORTAL_ATTACHMENT_LIMITS,
  PORTAL_ATTACHMENT_TYPES,
  PORTAL_ORIGIN,
  PORTAL_WORKSTATION_ID,
  portalSignedSubmission,
  portalSignedText,
  type PortalAttachmentType,
  type PortalRefusalReason,
  type PortalRefusalReply,
  type PortalSubmissionReply,
  type portalSubmissionSchema,
} from '../shared/portal';
import type { Term } from '../shared/requests/api';
import { transition, type Sha256 } from '../shared/requests/lifecycle';
import { formatRequestNumber, workstationCodeFromId } from '../shared/requests/numbers';
import type { VerificationCheck, Verdict } from '../shared/signing';
import { inspectFile, sniffType } from '../main/attachments/inspect';
import { newId } from '../main/ids';
import { atRiskFrom, localDate, localYear } from '../main/services/request-timing';
import { verifyCms, type TrustMaterial } from '../main/signing/verify';
import type { Sql, SqlRunner } from './db/sql';
import { lockChangeStream } from './sync';
import { RegistryFailure } from './national/faults';
import type { NationalSystems } from './national/systems';

export type ParsedSubmission = z.output<typeof portalSubmissionSchema>;

export type SubmissionOutcome =
  /** `created` false: the same signed submission was registered before (a retry), and this is its request. */
  | { ok: true; created: boolean; reply: PortalSubmissionReply }
  | { ok: false; status: number; refusal: PortalRefusalReply };

export interface SubmissionDeps {
  sql: Sql;
  systems: NationalSystems;
  /** The roots (and CRLs) applicants' certificates are checked against; none: every submission is refused. */
  trust?: TrustMaterial;
  calendar: () => Calendar;
  now: () => Date;
  registryTimeoutMs: number;
}

const sha256: Sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The portal's workstation code in request numbers ("00000"). */
export const PORTAL_WORKSTATION_CODE = workstationCodeFromId(PORTAL_WORKSTATION_ID);

const STATUS: Record<PortalRefusalReason, number> = {
  unknown_provider: 422,
  unknown_service: 422,
  channel_not_offered: 422,
  applicant_kind_not_allowed: 422,
  operation_invalid: 422,
  portal_trust_missing: 503,
  signature_malformed: 403,
  signature_invalid: 403,
  certificate_untrusted: 403,
  certificate_not_valid: 403,
  certificate_revoked: 403,
  revocation_unknown: 403,
  not_signing_key: 403,
  identity_mismatch: 403,
  form_invalid: 400,
  documents_invalid: 400,
  document_required: 400,
  too_many_attachments: 400,
  attachment_too_large: 400,
  attachments_too_large: 400,
  attachment_hash_mismatch: 400,
  attachment_type_unsupported: 400,
  attachment_invalid: 400,
  payment_missing: 402,
  payment_not_found: 402,
  payment_already_used: 409,
  payment_check_unavailable: 503,
  applicant_data_unavailable: 422,
  registry_unavailable: 503,
  calendar_year_missing: 503,
};

const MESSAGES: Record<PortalRefusalReason, string> = {
  unknown_provider: 'no such service provider',
  unknown_service: 'no such service',
  channel_not_offered: 'the service is not offered on the portal',
  applicant_kind_not_allowed: 'the service is not for this kind of applicant',
  operation_invalid: 'the operation is missing or not one of the service',
  portal_trust_missing: 'the server has no trusted roots for applicants’ signatures',
  signature_malformed: 'the signature is not a CMS signature',
  signature_invalid: 'the signature does not match the submission',
  certificate_untrusted: 'the certificate does not chain to a trusted root',
  certificate_not_valid: 'the certificate is not valid now',
  certificate_revoked: 'the certificate is revoked',
  revocation_unknown: 'the certificate’s revocation could not be checked',
  not_signing_key: 'the certificate is not a signing certificate',
  identity_mismatch: 'the IIN/BIN in the certificate is not the applicant’s',
  form_invalid: 'the form is not valid',
  documents_invalid: 'the documents do not match the service’s checklist',
  document_required: 'a mandatory document is missing',
  too_many_attachments: `more than ${PORTAL_ATTACHMENT_LIMITS.maxFiles} files are attached`,
  attachment_too_large: `a file is larger than ${PORTAL_ATTACHMENT_LIMITS.maxFileBytes / 2 ** 20} MiB`,
  attachments_too_large: `the files together are larger than ${PORTAL_ATTACHMENT_LIMITS.maxTotalBytes / 2 ** 20} MiB`,
  attachment_hash_mismatch: 'a file does not match the SHA-256 given (and signed) for it',
  attachment_type_unsupported: 'a file is not a PDF, JPEG or PNG file (by its content)',
  attachment_invalid: 'a file is damaged or not safe to open (see the issues)',
  payment_missing: 'the service is paid: a payment reference is needed',
  payment_not_found: 'the payment gateway has no such payment by this payer for this service',
  payment_already_used: 'this payment has already been used for a request',
  payment_check_unavailable: 'the payment gateway did not answer',
  applicant_data_unavailable: 'the state registry has no data on the applicant',
  registry_unavailable: 'the state registry did not answer',
  calendar_year_missing: 'the working-day calendar has no data for this year',
};

class Refusal extends Error {
  constructor(
    readonly reason: PortalRefusalReason,
    readonly extra: { issues?: FieldIssue[]; checks?: VerificationCheck[] } = {},
  ) {
    super(reason);
  }
}

function refuse(reason: PortalRefusalReason, extra: { issues?: FieldIssue[]; checks?: VerificationCheck[] } = {}): never {
  throw new Refusal(reason, extra);
}

/** Checks a submission and, when it passes, registers it; `raw` is the body exactly as received (what was signed). */
export async function submitPortalRequest(deps: SubmissionDeps, raw: Record<string, unknown>, body: ParsedSubmission): Promise<SubmissionOutcome> {
  try {
    return { ok: true, ...(await checkAndRegister(deps, raw, body)) };
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    return {
      ok: false,
      status: STATUS[error.reason],
      refusal: { error: 'refused', reason: error.reason, message: MESSAGES[error.reason], ...error.extra },
    };
  }
}

async function checkAndRegister(
  deps: SubmissionDeps,
  raw: Record<string, unknown>,
  body: ParsedSubmission,
): Promise<{ created: boolean; reply: PortalSubmissionReply }> {
  const { sql } = deps;
  const at = deps.now();
  const today = localDate(at.getTime());

  // ---- who and what ----
  const [provider] = await sql.query(`SELECT 1 FROM workstation WHERE provider_code = $1 AND revoked_at IS NULL LIMIT 1`, [body.provider]);
  if (!provider) refuse('unknown_provider');
  const service = serviceByCode(body.service);
  if (!service) return refuse('unknown_service');
  if (!service.channels.includes('portal')) refuse('channel_not_offered');
  const kind = body.applicant.kind;
  if ((service.applicant === 'person' && kind !== 'person') || (service.applicant === 'organisation' && kind !== 'organisation')) {
    refuse('applicant_kind_not_allowed');
  }
  const operations = (service.operations ?? []).map((op) => op.code);
  if (operations.length ? body.operation === undefined || !operations.includes(body.operation) : body.operation !== undefined) {
    refuse('operation_invalid');
  }
  const applicantId = body.applicant.kind === 'person' ? body.applicant.iin : body.applicant.bin;

  // ---- the applicant's signature ----
  const verdict = verifySubmission(deps, raw, body, at);
  const signerIin = verdict.signer?.subject.iin ?? applicantId;
  const signatureBytes = Buffer.from(body.signature, 'base64');
  const signatureSha256 = createHash('sha256').update(signatureBytes).digest('hex');
  const before = await registeredBefore(sql, signatureSha256);
  if (before) return { created: false, reply: before };

  // ---- the form and the documents ----
  const form = validateForm(service, body.form, { ...(body.operation !== undefined ? { operation: body.operation } : {}), today });
  if (!form.ok) refuse('form_invalid', { issues: form.issues.map((issue) => ({ ...issue, path: issue.path ? `form.${issue.path}` : 'form' })) });
  checkDocuments(service, body, form.values, applicantId, today);
  const files = await checkAttachments(body);

  // ---- the fee ----
  const paymentRef = service.payment.required ? await checkPayment(deps, service, applicantId, body.paymentRef) : null;

  // ---- the applicant as the state registry knows them ----
  const applicantName = await applicantNameOf(deps, body.applicant);

  // ---- the term ----
  const registeredAt = at.toISOString();
  const term = await termOf(sql, body.provider, service, body.operation);
  let deadline: string | null = null;
  let riskFrom: string | null = null;
  if (term) {
    const calendar = deps.calendar();
    const computed = calendar.deadlineFor(registeredAt, term);
    if (!computed.ok) {
      if (computed.error.code === 'calendar_year_missing') refuse('calendar_year_missing');
      throw new Error(`deadline: ${computed.error.code}`);
    }
    deadline = computed.value;
    riskFrom = atRiskFrom(calendar, term, registeredAt, deadline);
  }

  // ---- registration ----
  const requestId = newId();
  try {
    const reply = await sql.transaction(async (tx) => {
      const [seq] = await tx.query<{ last: number }>(
        `INSERT INTO portal_number_seq (provider_code, year, last) VALUES ($1, $2, 1)
         ON CONFLICT (provider_code, year) DO UPDATE SET last = portal_number_seq.last + 1 RETURNING last`,
        [body.provider, localYear(at.getTime())],
      );
      const number = formatRequestNumber({ provider: body.provider, year: localYear(at.getTime()), workstation: PORTAL_WORKSTATION_CODE, sequence: Number(seq!.last) });
      const registered = transition(
        { id: requestId, state: 'draft', paymentRequired: service.payment.required, deadline: null, assigneeId: null, head: null },
        'register',
        {
          // The portal registers as the provider's reception would; the applicant who signed is the event's IIN.
          actor: { staffId: PORTAL_ACTOR_ID, iin: signerIin, roles: service.roles.filter((role): role is Role => role !== 'authorised_signer') },
          workstationId: PORTAL_WORKSTATION_ID,
          at: registeredAt,
          number,
          ...(paymentRef ? { paymentRef } : {}),
        },
        sha256,
      );
      if (!registered.ok) throw new Error(`portal registration: ${registered.error.code} ${JSON.stringify(registered.error.params)}`);
      const { event } = registered;
      // Exactly what a workstation's change log carries of a request (requests.ts changeData).
      const requestData = {
        number,
        service: service.code,
        operation: body.operation ?? null,
        channel: 'portal',
        state: event.to,
        applicant: { kind: body.applicant.kind, id: applicantId, name: applicantName },
        form: form.values,
        documents: body.documents,
        paymentRef,
        term: term ? { kind: term.kind, value: term.value } : null,
        deadline,
        atRiskFrom: riskFrom,
        assigneeId: null,
        refusalGround: null,
        createdAt: registeredAt,
        createdBy: PORTAL_ACTOR_ID,
        receivedAt: registeredAt,
        registeredAt,
        completedAt: null,
        updatedAt: registeredAt,
        workstationId: PORTAL_WORKSTATION_ID,
        head: { seq: event.seq, hash: event.hash },
      };
      await appendPortalChange(tx, body.provider, 'request', requestId, 'insert', requestData, registeredAt, at);
      await appendPortalChange(tx, body.provider, 'request_event', newId(), 'insert', { ...event }, registeredAt, at);
      await storeAttachments(tx, body.provider, requestId, files, registeredAt, at);
      await tx.query(
        `INSERT INTO sync_request_head (request_id, provider_code, head_seq, head_hash, state, origin, actor_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [requestId, body.provider, event.seq, event.hash, event.to, PORTAL_ORIGIN, PORTAL_ACTOR_ID],
      );
      // What was signed (the files' bytes are in sync_blob, by their hashes).
      const submission = portalSignedSubmission(raw);
      await tx.query(
        `INSERT INTO portal_request (request_id, number, provider_code, service_code, operation, applicant_kind, applicant_id, signer_iin,
           payment_ref, state, deadline, refusal_ground, registered_at, updated_at, submission, signature, signature_sha256)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL, $12, $13, $14, $15, $16)`,
        [
          requestId,
          number,
          body.provider,
          service.code,
          body.operation ?? null,
          body.applicant.kind,
          applicantId,
          signerIin,
          paymentRef,
          event.to,
          deadline,
          registeredAt,
          at,
          JSON.stringify(submission),
          signatureBytes,
          signatureSha256,
        ],
      );
      await tx.query(
        `INSERT INTO portal_notification (request_id, change_id, at, kind, state, text, params, reason) VALUES ($1, NULL, $2, 'status_change', $3, $4, $5, NULL)`,
        [requestId, registeredAt, event.to, 'portal.notice.registered', JSON.stringify({ number, ...(deadline ? { deadline } : {}) })],
      );
      return { requestId, number, deadline, registeredAt };
    });
    return { created: true, reply };
  } catch (error) {
    if (isUniqueViolation(error)) {
      // The same submission sent twice at once: the second is answered with the first's request.
      const raced = await registeredBefore(sql, signatureSha256);
      if (raced) return { created: false, reply: raced };
      // Two submissions racing with one payment: the second finds it taken.
      if (paymentRef) refuse('payment_already_used');
    }
    throw error;
  }
}

async function registeredBefore(sql: Sql, signatureSha256: string): Promise<PortalSubmissionReply | null> {
  const [row] = await sql.query<{ request_id: string; number: string; deadline: string | null; registered_at: string }>(
    `SELECT request_id, number, deadline, registered_at FROM portal_request WHERE signature_sha256 = $1`,
    [signatureSha256],
  );
  return row ? { requestId: row.request_id, number: row.number, deadline: row.deadline, registeredAt: row.registered_at } : null;
}

/** A change of origin `portal` in the provider's stream (served to every workstation of the provider). */
export async function appendPortalChange(
  tx: SqlRunner,
  providerCode: string,
  entity: string,
  entityId: string,
  op: 'insert' | 'update',
  data: Record<string, unknown>,
  at: string,
  receivedAt: Date,
): Promise<void> {
  // Numbered and committed in the same order as the workstations' pushes (see lockChangeStream).
  await lockChangeStream(tx, providerCode);
  await tx.query(
    `INSERT INTO sync_change (change_id, provider_code, origin, local_seq, entity, entity_id, op, data, at, actor_id, received_at, rejected, rejected_detail)
     VALUES ($1, $2, $3, NULL, $4, $5, $6, $7, $8, $9, $10, NULL, NULL)`,
    [newId(), providerCode, PORTAL_ORIGIN, entity, entityId, op, JSON.stringify(data), at, PORTAL_ACTOR_ID, receivedAt],
  );
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

// ---- the signature ----

function verifySubmission(deps: SubmissionDeps, raw: Record<string, unknown>, body: ParsedSubmission, at: Date): Verdict {
  if (!deps.trust) refuse('portal_trust_missing');
  const p7s = new Uint8Array(Buffer.from(body.signature, 'base64'));
  let verdict: Verdict;
  try {
    verdict = verifyCms(p7s, {
      content: new Uint8Array(Buffer.from(portalSignedText(raw), 'utf8')),
      trust: deps.trust,
      now: at,
      ...(body.applicant.kind === 'person' ? { expectIin: body.applicant.iin } : { expectBin: body.applicant.bin }),
    });
  } catch {
    return refuse('signature_malformed');
  }
  const checks = verdict.checks;
  const not = (...names: VerificationCheck['name'][]) => checks.find((check) => names.includes(check.name) && check.status !== 'pass');
  if (not('signature', 'content_digest', 'signing_certificate')) refuse('signature_invalid', { checks });
  if (not('chain')) refuse('certificate_untrusted', { checks });
  // Valid when signed (the CMS's signing time) and now: the portal checks the certificate as it receives the request.
  const signer = verdict.signer;
  const validNow = signer !== null && new Date(signer.notBefore) <= at && at <= new Date(signer.notAfter);
  if (not('validity') || !validNow) refuse('certificate_not_valid', { checks });
  const revocation = not('revocation');
  if (revocation) refuse(revocation.status === 'fail' ? 'certificate_revoked' : 'revocation_unknown', { checks });
  if (not('key_usage')) refuse('not_signing_key', { checks });
  if (not('iin_match', 'bin_match')) refuse('identity_mismatch', { checks });
  if (!verdict.ok) refuse('signature_invalid', { checks });
  return verdict;
}

// ---- documents, payment, registry ----

function checkDocuments(service: CatalogueService, body: ParsedSubmission, values: Record<string, unknown>, applicantId: string, today: string): void {
  const birth = body.applicant.kind === 'person' ? checkIin(applicantId) : null;
  const checklist = documentsFor(service, 'portal', {
    values,
    ...(body.operation !== undefined ? { operation: body.operation } : {}),
    ...(birth?.valid ? { applicantBirthDate: birth.birthDate } : {}),
    today,
  });
  const offered = new Map(checklist.map((entry) => [entry.document.code, entry]));
  const issues: FieldIssue[] = [];
  const unknown = Object.keys(body.documents).filter((code) => !offered.has(code));
  if (unknown.length) issues.push({ path: 'documents', code: 'unknown_field', params: { fields: unknown.join(', ') } });
  for (const [code, mark] of Object.entries(body.documents)) {
    const entry = offered.get(code);
    if (entry && mark.presentation && !entry.document.presentation.includes(mark.presentation)) {
      issues.push({ path: `documents.${code}.presentation`, code: 'not_allowed' });
    }
  }
  if (issues.length) refuse('documents_invalid', { issues });
  const missing = checklist.filter((entry) => entry.mandatory === true && !body.documents[entry.document.code]?.presented);
  if (missing.length) {
    refuse('document_required', { issues: missing.map((entry) => ({ path: `documents.${entry.document.code}`, code: 'request.document_required' })) });
  }
}

/** A file of the submission, checked: its bytes match the signed hash, its type and pages read from its content. */
interface CheckedFile {
  document: string;
  name: string;
  sha256: string;
  size: number;
  mime: PortalAttachmentType;
  pages: number;
  bytes: Buffer;
}

/**
 * The applicant's files: each for an item of the checklist that is marked presented (checkDocuments
 * has refused unknown codes in `documents`), none twice, at most so many and so large, each what its
 * signed hash says, of a type the portal carries by its content, and whole (the workstation's inspector:
 * not truncated, not encrypted, no active content). The first problem refuses the submission.
 */
async function checkAttachments(body: ParsedSubmission): Promise<CheckedFile[]> {
  const attachments = body.attachments ?? [];
  const limits = PORTAL_ATTACHMENT_LIMITS;
  if (attachments.length > limits.maxFiles) refuse('too_many_attachments', { issues: [{ path: 'attachments', code: 'too_many', params: { limit: limits.maxFiles } }] });
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  attachments.forEach((file, index) => {
    if (!body.documents[file.document]?.presented) issues.push({ path: `attachments.${index}.document`, code: 'not_presented' });
    if (seen.has(file.sha256)) issues.push({ path: `attachments.${index}.sha256`, code: 'duplicate' });
    seen.add(file.sha256);
  });
  if (issues.length) refuse('documents_invalid', { issues });

  const decoded = attachments.map((file) => Buffer.from(file.data, 'base64'));
  decoded.forEach((bytes, index) => {
    if (bytes.length > limits.maxFileBytes) {
      refuse('attachment_too_large', { issues: [{ path: `attachments.${index}.data`, code: 'too_large', params: { size: bytes.length, limitBytes: limits.maxFileBytes } }] });
    }
  });
  const total = decoded.reduce((sum, bytes) => sum + bytes.length, 0);
  if (total > limits.maxTotalBytes) {
    refuse('attachments_too_large', { issues: [{ path: 'attachments', code: 'too_large', params: { size: total, limitBytes: limits.maxTotalBytes } }] });
  }

  const checked: CheckedFile[] = [];
  for (const [index, file] of attachments.entries()) {
    const bytes = decoded[index]!;
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== file.sha256) refuse('attachment_hash_mismatch', { issues: [{ path: `attachments.${index}.sha256`, code: 'hash_mismatch', params: { actual } }] });
    const sniffed = sniffType(bytes);
    if (!sniffed || !(PORTAL_ATTACHMENT_TYPES as readonly string[]).includes(sniffed)) {
      refuse('attachment_type_unsupported', { issues: [{ path: `attachments.${index}.data`, code: 'unsupported_type' }] });
    }
    const inspected = await inspectFile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      declaredName: file.name,
      limits: { maxFileBytes: limits.maxFileBytes },
    });
    if (!inspected.ok) {
      const path = `attachments.${index}.data`;
      if (inspected.code === 'unsupported_type') refuse('attachment_type_unsupported', { issues: [{ path, code: 'unsupported_type' }] });
      if (inspected.code === 'too_large') refuse('attachment_too_large', { issues: [{ path, code: 'too_large', params: { size: bytes.length, limitBytes: limits.maxFileBytes } }] });
      refuse('attachment_invalid', { issues: [{ path, code: inspected.code }] });
    }
    checked.push({ document: file.document, name: file.name, sha256: actual, size: bytes.length, mime: inspected.mime as PortalAttachmentType, pages: inspected.pages, bytes });
  }
  return checked;
}

/**
 * The files as complete blobs of the provider and as attachments of the request, after the request's
 * changes: the data a workstation records for its own attachments (attachments.ts), from the portal.
 * A blob the provider already has complete stays; one a workstation was still uploading is completed.
 * Each hash is locked as blobPut locks it (sorted: two registrations never wait on each other in a circle).
 */
async function storeAttachments(tx: SqlRunner, providerCode: string, requestId: string, files: readonly CheckedFile[], registeredAt: string, receivedAt: Date): Promise<void> {
  if (files.length === 0) return;
  for (const sha of [...new Set(files.map((file) => file.sha256))].sort()) {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [sha]);
  }
  for (const file of files) {
    await tx.query(
      `INSERT INTO sync_blob (sha256, provider_code, size, data, complete) VALUES ($1, $2, $3, $4, true)
       ON CONFLICT (sha256, provider_code) DO UPDATE SET size = excluded.size, data = excluded.data, complete = true
       WHERE NOT sync_blob.complete`,
      [file.sha256, providerCode, file.size, file.bytes],
    );
    const id = newId();
    await appendPortalChange(tx, providerCode, 'request_attachment', id, 'insert', {
      id,
      requestId,
      documentCode: file.document,
      name: file.name,
      sha256: file.sha256,
      size: file.size,
      mime: file.mime,
      pages: file.pages,
      addedAt: registeredAt,
      addedBy: PORTAL_ACTOR_ID,
      workstationId: PORTAL_WORKSTATION_ID,
      source: 'portal',
    }, registeredAt, receivedAt);
  }
}

async function checkPayment(deps: SubmissionDeps, service: CatalogueService, payerId: string, reference: string | undefined): Promise<string> {
  if (!reference) return refuse('payment_missing');
  let payments;
  try {
    payments = await withTimeout(deps.systems.payments.byPayer(payerId, service.code), deps.registryTimeoutMs, 'payments');
  } catch (error) {
    if (error instanceof RegistryFailure) return refuse('payment_check_unavailable');
    throw error;
  }
  if (!payments.some((payment) => payment.reference === reference && payment.payerId === payerId && payment.serviceCode === service.code)) {
    refuse('payment_not_found');
  }
  const [used] = await deps.sql.query(`SELECT 1 FROM portal_request WHERE payment_ref = $1`, [reference]);
  if (used) refuse('payment_already_used');
  return reference;
}

async function applicantNameOf(deps: SubmissionDeps, applicant: ParsedSubmission['applicant']): Promise<string> {
  try {
    if (applicant.kind === 'person') {
      const person = await withTimeout(deps.systems.individuals.byIin(applicant.iin), deps.registryTimeoutMs, 'individuals');
      if (!person) return refuse('applicant_data_unavailable');
      return [person.surname, person.name, person.patronymic].filter(Boolean).join(' ');
    }
    const entity = await withTimeout(deps.systems.legalEntities.byBin(applicant.bin), deps.registryTimeoutMs, 'legal_entities');
    if (!entity) return refuse('applicant_data_unavailable');
    return entity.shortNameKk;
  } catch (error) {
    if (error instanceof RegistryFailure) return refuse('registry_unavailable');
    throw error;
  }
}

/**
 * The term as a workstation of the provider computes it: the catalogue's, or — where the regulation
 * leaves it to the service standard — the one the provider configured (its `service_term` changes,
 * synchronised to the server), or the standard's default.
 */
async function termOf(sql: Sql, providerCode: string, service: CatalogueService, operation: string | undefined): Promise<Term | null> {
  const deadline = deadlineFor(service, { channel: 'portal', ...(operation !== undefined ? { operation } : {}) });
  if (deadline.kind !== 'by_standard') return { kind: deadline.kind, value: deadline.value };
  for (const key of [`${service.code}/${operation ?? ''}`, `${service.code}/`]) {
    const [latest] = await sql.query<{ op: string; data: { workingDays?: number } | string }>(
      `SELECT op, data FROM sync_change WHERE provider_code = $1 AND entity = 'service_term' AND entity_id = $2 AND rejected IS NULL
       ORDER BY global_seq DESC LIMIT 1`,
      [providerCode, key],
    );
    if (!latest || latest.op === 'delete') continue;
    const data = typeof latest.data === 'string' ? (JSON.parse(latest.data) as { workingDays?: number }) : latest.data;
    if (typeof data.workingDays === 'number') return { kind: 'working_days', value: data.workingDays };
  }
  if (deadline.defaultWorkingDays !== undefined) return { kind: 'working_days', value: deadline.defaultWorkingDays };
  return null;
}

function withTimeout<T>(promise: Promise<T>, ms: number, system: 'individuals' | 'legal_entities' | 'payments'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new RegistryFailure(system, 'timeout')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
