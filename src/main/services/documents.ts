// Issuing a request's result (issue 7): the issuer fills in what the template asks, previews the
// document, the authorised signer signs it inside the PDF, and the request becomes "result ready"
// (or "refused", for a reasoned refusal) in the same transaction that registers the document in its
// journals; printing, saving or sending it to the portal then issues it.
//
// Journals have no gaps and a document carries its journal number, yet signing (a token, a PIN)
// cannot happen inside a database transaction. So the number is peeked, the PDF rendered and signed
// with it, and the append then insists on exactly that number; when another workstation took it
// meanwhile, nothing is written and the document is made again with the next one. Within this
// process issuing is one at a time, so that only another process can cause a retry.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { ApiFailure } from '../../shared/api/errors';
import { refusalGroundName, refusalGroundsFor, resultsFor, serviceByCode, type ResultDocument } from '../../shared/catalogue';
import {
  type ApplicantCard,
  type DeliveryVia,
  type DocumentChoice,
  type DocumentData,
  type DocumentFile,
  type DocumentInputView,
  type DocumentOptions,
  type DocumentPreview,
  type DocumentVerdict,
  documentIssuer,
  type IssuedDocumentSummary,
  type ProviderCard,
  type ProviderProfile,
  type SignerCard,
} from '../../shared/documents';
import type { KeyChoice } from '../../shared/signing';
import type { RequestDetail } from '../../shared/requests/api';
import { allowedActions } from '../../shared/requests/lifecycle';
import { legalEntitySchema, personSchema } from '../../shared/registry';
import type { ChangeLog } from '../db/change-log';
import { newId } from '../ids';
import { renderPdfPage } from '../attachments/render';
import { buildDocumentData, DocumentDataError, organisationCard, personCard, REFUSAL_KIND, templateFor } from '../documents/data';
import { signPdf } from '../documents/pades';
import { renderDocument } from '../documents/render';
import { conditionHolds, loadTemplates, type TemplateInput, type TemplateSet } from '../documents/templates';
import { checkDocumentOnServer, checkUrlFromVerifyUrl, documentRegistration, registerDocumentOnServer } from '../documents/server-register';
import { CentralError } from './central-client';
import { verifyDocument } from '../documents/verify-document';
import type { CentralLink } from './central-link';
import { JournalError, type JournalKind, type Journals } from './journals';
import type { RequestActor, RequestStore, SignedSubject } from './requests';
import type { SigningService, SigningSession } from './signing';

export interface SignDocumentInput {
  requestId: string;
  kind: string;
  details: Record<string, unknown>;
  key: KeyChoice;
  pin: string;
}

export interface DocumentsService {
  options(actor: RequestActor, requestId: string): DocumentOptions;
  /** Keeps what the case officer filled in, for the authorised signer to check and sign. */
  saveDraft(actor: RequestActor, input: { requestId: string; kind: string; details: Record<string, unknown> }): DocumentOptions;
  preview(actor: RequestActor, input: { requestId: string; kind: string; details: Record<string, unknown> }): Promise<DocumentPreview>;
  /** Signs the document inside its PDF and records the decision it stands for (result ready / refused). */
  sign(actor: RequestActor, input: SignDocumentInput): Promise<{ document: IssuedDocumentSummary; request: RequestDetail }>;
  /** Signs, with a key already open (batch signing), the document the case officer prepared for the request. */
  signPrepared(actor: RequestActor, session: SigningSession, requestId: string): Promise<{ document: IssuedDocumentSummary; request: RequestDetail }>;
  list(actor: RequestActor, requestId: string): IssuedDocumentSummary[];
  /** The signed file as it was signed (the PDF, or its detached CMS). */
  file(actor: RequestActor, input: { documentId: string; format: 'pdf' | 'p7s' }): DocumentFile;
  /** The signed PDF's pages as images, to print the very document that was signed. */
  pages(actor: RequestActor, documentId: string): Promise<DocumentPreview['images']>;
  /** Records a print, save or portal send; the first one of a result issues the request. */
  deliver(actor: RequestActor, input: { documentId: string; via: DeliveryVia }): { document: IssuedDocumentSummary; request: RequestDetail };
  verify(pdf: Uint8Array): Promise<DocumentVerdict>;
  providerProfile(): ProviderProfile | null;
  setProviderProfile(profile: ProviderProfile): ProviderProfile;
  /** The verification address printed in QR codes: the administrator's, or the central server's `/verify`. */
  verifyUrl(): string | null;
  /**
   * Tells the central server about documents it does not know yet; returns how many it now knows.
   * Stops at the first that cannot reach the server (offline: tried again later); a document the
   * server refuses (e.g. `foreign_issuer`) keeps its refusal, stays pending and the next is sent.
   */
  pushPending(): Promise<number>;
}

interface DocumentRow {
  id: string;
  request_id: string;
  kind: string;
  action: 'mark_result_ready' | 'refuse';
  number: string;
  provider_code: string;
  issued_at: string;
  issued_on: string;
  data: string;
  sha256: string;
  pdf_sha256: string;
  pdf_size: number;
  pages: number;
  p7s: Buffer;
  signature_id: string;
  signer_iin: string;
  signer_name: string;
  qr_payload: string;
  created_by: string;
  workstation_id: string;
  server_state: 'pending' | 'registered' | 'conflict';
  server_at: string | null;
  server_error: string | null;
  server_error_at: string | null;
}

/** What one attempt to register a document came to. */
type PushOutcome = 'registered' | 'conflict' | 'refused' | 'unreachable';

/**
 * Refusals that are about the workstation or the moment, not about the document: every document
 * would get them, so they are not recorded on one (the document stays pending, sent again later).
 */
const NOT_THE_DOCUMENTS: ReadonlySet<CentralError['code']> = new Set<CentralError['code']>([
  'network',
  'unauthenticated',
  'bad_signature',
  'replayed',
  'clock_skew',
  'unknown_workstation',
  'revoked_workstation',
  'bad_enrolment_code',
  'rate_limited',
  'registry_timeout',
  'registry_unavailable',
  'internal',
]);

/** The server's error code when it refused this document (a 4xx about the document), else null. */
export function documentRefusalCode(error: unknown): string | null {
  if (!(error instanceof CentralError) || error.kind !== 'rejected') return null;
  // Status 0: the registration failed its schema here, before it was sent.
  if (error.status !== 0 && (error.status < 400 || error.status >= 500)) return null;
  return NOT_THE_DOCUMENTS.has(error.code) ? null : error.code;
}

const PREVIEW_DPI = 96;
const PRINT_DPI = 150;
const MAX_NUMBER_RETRIES = 5;

export function createDocumentsService(deps: {
  db: Database;
  dataDir: string;
  changes: ChangeLog;
  journals: Journals;
  requests: RequestStore;
  signing: SigningService;
  link: CentralLink;
  workstationId: string;
  now: () => Date;
  templates?: TemplateSet;
  /** For tests: registering documents with the central server. */
  register?: (staffIin: string, row: DocumentRow) => Promise<'registered' | 'conflict'>;
}): DocumentsService {
  const { db, changes, journals, requests, signing, link, workstationId, now } = deps;
  const templates = deps.templates ?? loadTemplates();
  const filesDir = path.join(deps.dataDir, 'documents');
  const readSetting = db.prepare(`SELECT value FROM settings WHERE key = ?`).pluck();
  const writeSetting = db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
  const registryAnswer = db.prepare(`SELECT answer FROM registry_cache WHERE system = ? AND subject = ?`).pluck();
  const byRequest = db.prepare(`SELECT * FROM issued_documents WHERE request_id = ? ORDER BY issued_at, number`);
  const byId = db.prepare(`SELECT * FROM issued_documents WHERE id = ?`);
  // Documents the server has not refused first: many refused ones do not hold up a new one.
  const pendingRows = db.prepare(`SELECT * FROM issued_documents WHERE server_state = 'pending' ORDER BY server_error IS NOT NULL, issued_at LIMIT 200`);
  const setServerState = db.prepare(`UPDATE issued_documents SET server_state = ?, server_at = ?, server_error = NULL, server_error_at = NULL WHERE id = ?`);
  const setServerError = db.prepare(`UPDATE issued_documents SET server_error = ?, server_error_at = ? WHERE id = ? AND server_state = 'pending'`);
  const insertDocument = db.prepare(
    `INSERT INTO issued_documents (id, request_id, kind, action, number, provider_code, issued_at, issued_on, data, sha256,
       pdf_sha256, pdf_size, pages, p7s, signature_id, signer_iin, signer_name, qr_payload, created_by, workstation_id)
     VALUES (@id, @request_id, @kind, @action, @number, @provider_code, @issued_at, @issued_on, @data, @sha256,
       @pdf_sha256, @pdf_size, @pages, @p7s, @signature_id, @signer_iin, @signer_name, @qr_payload, @created_by, @workstation_id)`,
  );
  const insertDelivery = db.prepare(
    `INSERT INTO document_deliveries (id, document_id, request_id, via, state, at, by_staff, workstation_id)
     VALUES (@id, @document_id, @request_id, @via, @state, @at, @by_staff, @workstation_id)`,
  );
  const deliveriesOf = db.prepare(
    `SELECT d.via, d.state, d.at, coalesce(s.full_name, o.full_name) AS by_name FROM document_deliveries d
       LEFT JOIN staff s ON s.id = d.by_staff LEFT JOIN staff_directory o ON o.id = d.by_staff
     WHERE d.document_id = ? ORDER BY d.at`,
  );
  const journalEntriesOf = db.prepare(`SELECT journal, number FROM journal_entries WHERE document_number = ? AND request_id = ? ORDER BY journal`);
  const staffName = db.prepare(`SELECT full_name FROM staff WHERE id = ?`).pluck();
  const draftOf = db.prepare(`SELECT d.kind, d.details, d.updated_at, coalesce(s.full_name, o.full_name) AS full_name FROM document_drafts d
     LEFT JOIN staff s ON s.id = d.updated_by LEFT JOIN staff_directory o ON o.id = d.updated_by WHERE d.request_id = ?`);
  const writeDraft = db.prepare(
    `INSERT INTO document_drafts (request_id, kind, details, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (request_id) DO UPDATE SET kind = excluded.kind, details = excluded.details, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  );
  const dropDraft = db.prepare(`DELETE FROM document_drafts WHERE request_id = ?`);

  let pushing: Promise<number> | null = null;

  // One issue at a time in this process: a retry for a taken number is then only another process's doing.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  // ---- what the request can end with ----

  function providerProfile(): ProviderProfile | null {
    const raw = readSetting.get('provider_profile') as string | undefined;
    return raw ? (JSON.parse(raw) as ProviderProfile) : null;
  }

  function verifyUrl(): string | null {
    const configured = (readSetting.get('document_verify_url') as string | undefined) ?? '';
    if (configured) return configured;
    const server = link.status().serverUrl;
    return server ? `${server.replace(/\/+$/, '')}/verify` : null;
  }

  function journalOf(result: ResultDocument | null): JournalKind {
    return result?.journal ?? 'issued_documents';
  }

  // What the request can end with follows from its state, whoever looks: the case officer prepares
  // the document the authorised signer then signs.
  function choicesFor(request: RequestDetail): DocumentChoice[] {
    const service = serviceByCode(request.service)!;
    const context = { request: { operation: request.operation, channel: request.channel }, form: request.form };
    const choice = (kind: string, names: DocumentChoice['names'], action: DocumentChoice['action'], journal: JournalKind, forChannel: boolean): DocumentChoice => {
      const template = templateFor(kind, templates);
      return { kind, names, action, journal, forChannel, page: template.page, inputs: inputViews(template.inputs, context) };
    };
    const choices: DocumentChoice[] = [];
    const possible = allowedActions(request.state, ['authorised_signer']);
    if (possible.includes('mark_result_ready')) {
      const forChannel = new Set(resultsFor(service, request.channel).map((result) => result.kind));
      for (const result of service.results) {
        choices.push(choice(result.kind, result.names, 'mark_result_ready', journalOf(result), forChannel.has(result.kind)));
      }
      // The results named for the request's channel first.
      choices.sort((a, b) => Number(b.forChannel) - Number(a.forChannel));
    }
    if (possible.includes('refuse')) {
      const names = { kk: 'Қызмет көрсетуден дәлелді бас тарту', ru: 'Мотивированный отказ в оказании услуги', en: 'Reasoned refusal to provide the service' };
      choices.push(choice(REFUSAL_KIND, names, 'refuse', 'issued_documents', true));
    }
    return choices;
  }

  function inputViews(inputs: readonly TemplateInput[], context: Record<string, unknown>): DocumentInputView[] {
    return inputs
      .filter((input) => conditionHolds(input.when, context))
      .map((input) => ({
        id: input.id,
        type: input.type,
        label: input.label,
        required: input.required,
        ...(input.maxLength !== undefined ? { maxLength: input.maxLength } : {}),
        ...(input.options ? { options: input.options.map((option) => ({ value: option.value, label: option.label })) } : {}),
        ...(input.itemFields ? { itemFields: inputViews(input.itemFields, context) } : {}),
      }));
  }

  function options(actor: RequestActor, requestId: string): DocumentOptions {
    const request = requests.get(actor, requestId);
    const service = serviceByCode(request.service)!;
    const provider = providerProfile();
    const providerCode = link.status().providerCode;
    const choices = choicesFor(request);
    const draft = draftOf.get(requestId) as { kind: string; details: string; updated_at: string; full_name: string | null } | undefined;
    return {
      choices,
      canSign: choices.some((choice) => request.allowedActions.includes(choice.action)),
      draft: draft ? { kind: draft.kind, details: JSON.parse(draft.details) as Record<string, unknown>, updatedAt: draft.updated_at, updatedByName: draft.full_name } : null,
      refusalGrounds: refusalGroundsFor(service, request.channel).map((ground) => ({ code: ground.code, names: refusalGroundName(ground) })),
      provider,
      providerCode,
      blocked: !providerCode ? 'not_enrolled' : !provider ? 'provider_profile_missing' : null,
      // A request from the portal or another workstation (or an answer kept here that expired): the
      // applicant is to be looked up here before a document can be made.
      applicantMissing: choices.length > 0 && !cachedApplicant(request) ? applicantSystem(request) : null,
    };
  }

  // ---- the document's data ----

  /** The registry system the applicant's data come from: the individuals' for a person, the legal entities' for an organisation. */
  function applicantSystem(request: RequestDetail): 'individuals' | 'legal_entities' {
    return request.applicant.kind === 'person' ? 'individuals' : 'legal_entities';
  }

  /** The applicant as the state registry answered this workstation, or null when it never asked here. */
  function cachedApplicant(request: RequestDetail): ApplicantCard | null {
    const system = applicantSystem(request);
    const raw = registryAnswer.get(system, request.applicant.id) as string | undefined;
    if (!raw) return null;
    if (system === 'individuals') {
      const parsed = personSchema.safeParse(JSON.parse(raw));
      return parsed.success ? personCard(parsed.data) : null;
    }
    const parsed = legalEntitySchema.safeParse(JSON.parse(raw));
    return parsed.success ? organisationCard(parsed.data) : null;
  }

  function applicantCard(request: RequestDetail): ApplicantCard {
    const card = cachedApplicant(request);
    if (!card) throw new ApiFailure('applicant_data_unavailable', { system: applicantSystem(request) });
    return card;
  }

  function providerCard(): ProviderCard {
    const code = link.status().providerCode;
    if (!code) throw new ApiFailure('document_blocked', { reason: 'not_enrolled' });
    const profile = providerProfile();
    if (!profile) throw new ApiFailure('document_blocked', { reason: 'provider_profile_missing' });
    return { code, bin: profile.bin, name: profile.name, city: profile.city, address: profile.address, phone: profile.phone };
  }

  function chosen(request: RequestDetail, kind: string): DocumentChoice {
    const choice = choicesFor(request).find((item) => item.kind === kind);
    if (!choice) throw new ApiFailure('invalid_input', undefined, [{ path: 'kind', code: 'document.kind_not_available' }]);
    return choice;
  }

  function dataFor(request: RequestDetail, kind: string, details: Record<string, unknown>, number: string, signer: SignerCard, at: Date): DocumentData {
    try {
      return buildDocumentData(
        {
          kind,
          number,
          issuedAt: at,
          request: {
            number: request.number,
            service: request.service,
            operation: request.operation,
            channel: request.channel,
            receivedAt: request.receivedAt,
            registeredAt: request.registeredAt,
            form: request.form,
          },
          applicant: applicantCard(request),
          provider: providerCard(),
          signer,
          details,
        },
        templates,
      );
    } catch (error) {
      if (error instanceof DocumentDataError) throw dataFailure(error);
      throw error;
    }
  }

  function signerCard(actor: RequestActor, name: string): SignerCard {
    return { iin: actor.iin, name, position: providerProfile()?.signerPosition ?? null };
  }

  const verifyUrlOrFail = () => {
    const url = verifyUrl();
    if (!url) throw new ApiFailure('document_blocked', { reason: 'not_enrolled' });
    return url;
  };

  // ---- files ----

  function storeFile(bytes: Uint8Array): string {
    const sha = createHash('sha256').update(bytes).digest('hex');
    const target = path.join(filesDir, `${sha}.pdf`);
    if (!fs.existsSync(target)) {
      fs.mkdirSync(filesDir, { recursive: true });
      const temporary = `${target}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, bytes);
      fs.renameSync(temporary, target);
    }
    return sha;
  }

  function readFile(row: DocumentRow): Uint8Array {
    const file = path.join(filesDir, `${row.pdf_sha256}.pdf`);
    if (!fs.existsSync(file)) throw new ApiFailure('document_file_unavailable', { number: row.number, reason: 'missing' });
    const bytes = new Uint8Array(fs.readFileSync(file));
    // What is printed must be what was signed: a file changed on disk is refused, not printed.
    if (createHash('sha256').update(bytes).digest('hex') !== row.pdf_sha256) throw new ApiFailure('document_file_unavailable', { number: row.number, reason: 'changed' });
    return bytes;
  }

  // ---- summaries ----

  function summary(row: DocumentRow): IssuedDocumentSummary {
    const data = JSON.parse(row.data) as DocumentData;
    const service = serviceByCode(data.request.service);
    const result = service?.results.find((item) => item.kind === row.kind);
    const names = result?.names ?? { kk: 'Дәлелді бас тарту', ru: 'Мотивированный отказ', en: 'Reasoned refusal' };
    return {
      id: row.id,
      requestId: row.request_id,
      kind: row.kind,
      names: { kk: names.kk, ru: names.ru, en: names.en },
      action: row.action,
      number: row.number,
      issuedAt: row.issued_at,
      issuedOn: row.issued_on,
      sha256: row.sha256,
      pdfSize: row.pdf_size,
      pages: row.pages,
      signerName: row.signer_name,
      signerIin: row.signer_iin,
      qrPayload: row.qr_payload,
      serverState: row.server_state,
      serverRefusal:
        row.server_state === 'pending' && row.server_error
          ? { code: row.server_error, at: row.server_error_at ?? row.issued_at, issuer: documentIssuer(data) }
          : null,
      journalEntries: journalEntriesOf.all(row.number, row.request_id) as { journal: string; number: string }[],
      deliveries: (deliveriesOf.all(row.id) as { via: DeliveryVia; state: 'done' | 'queued' | 'sent'; at: string; by_name: string | null }[]).map((item) => ({
        via: item.via,
        state: item.state,
        at: item.at,
        byName: item.by_name,
      })),
    };
  }

  function visibleRow(actor: RequestActor, documentId: string): DocumentRow {
    const row = byId.get(documentId) as DocumentRow | undefined;
    if (!row) throw new ApiFailure('not_found', { what: 'document' });
    requests.get(actor, row.request_id); // the same visibility as the request's
    return row;
  }

  // ---- signing ----

  async function signOnce(actor: RequestActor, input: SignDocumentInput): Promise<{ document: IssuedDocumentSummary; request: RequestDetail }> {
    // Checked before the PIN is used: a document that cannot be made is refused without touching the key.
    const request = requests.get(actor, input.requestId);
    chosen(request, input.kind);
    verifyUrlOrFail();
    providerCard();
    applicantCard(request);
    const session = signing.openSession(input.key, input.pin);
    try {
      return await signWithSession(actor, session, input);
    } finally {
      session.close();
    }
  }

  async function signWithSession(
    actor: RequestActor,
    session: SigningSession,
    input: Omit<SignDocumentInput, 'key' | 'pin'>,
  ): Promise<{ document: IssuedDocumentSummary; request: RequestDetail }> {
    const request = requests.get(actor, input.requestId);
    const choice = chosen(request, input.kind);
    const journal = choice.journal as JournalKind;
    const url = verifyUrlOrFail();
    providerCard();
    applicantCard(request);
    const refusal = choice.action === 'refuse' ? refusalOf(input.details) : null;
    const subject: SignedSubject = requests.signedSubject(actor, {
      requestId: request.id,
      action: choice.action,
      ...(refusal ? { refusalGround: refusal.ground, reason: refusal.reason } : {}),
    });

    {
      session.checkSigner(actor, choice.action);
      const certificate = session.certificate.subject;
      const signer = signerCard(actor, certificate.commonName ?? [certificate.surname, certificate.givenName, certificate.patronymic].filter(Boolean).join(' '));
      for (let attempt = 1; ; attempt += 1) {
        const number = journals.peek(journal).number;
        const at = now();
        const data = dataFor(request, input.kind, input.details, number, signer, at);
        const rendered = await renderDocument(data, { verifyUrl: url, templates });
        const { signatureRef, produced } = await session.signDocument(actor, subject, async (key) => {
          const signed = await signPdf(rendered.pdf, key, {
            signingTime: at,
            name: signer.name,
            reason: `${data.number}: ${data.kind}`,
            ...(data.provider.city ? { location: data.provider.city.kk } : {}),
          });
          const [a, b, c, d] = signed.byteRange;
          const covered = Buffer.concat([signed.pdf.subarray(a, a + b), signed.pdf.subarray(c, c + d)]);
          const content = JSON.stringify({ kind: 'qyzmet.document-signature/1', number: data.number, documentKind: data.kind, sha256: rendered.sha256 });
          return { ...signed, signedBytes: covered, content };
        });
        try {
          const pdfSha = storeFile(produced.pdf);
          const id = newId();
          const result = db.transaction(() => {
            const subjectText = `${request.applicant.name} ${request.applicant.id} ${request.number ?? ''}`;
            const entryData = { kind: data.kind, requestNumber: request.number, applicant: request.applicant.name, signer: signer.name, details: data.details };
            journals.append(actor, { journal, requestId: request.id, subject: subjectText, data: entryData, documentNumber: number, documentSha256: rendered.sha256, expectedNumber: number });
            if (journal !== 'issued_documents') {
              journals.append(actor, { journal: 'issued_documents', requestId: request.id, subject: subjectText, data: entryData, documentNumber: number, documentSha256: rendered.sha256 });
            }
            const detail = requests.transition(actor, {
              requestId: request.id,
              action: choice.action,
              signatureRef,
              ...(refusal ? { refusalGround: refusal.ground, reason: refusal.reason } : {}),
            });
            const row = {
              id,
              request_id: request.id,
              kind: data.kind,
              action: choice.action,
              number,
              provider_code: data.provider.code,
              issued_at: data.issuedAt,
              issued_on: data.issuedOn,
              data: JSON.stringify(data),
              sha256: rendered.sha256,
              pdf_sha256: pdfSha,
              pdf_size: produced.pdf.length,
              pages: rendered.pages,
              p7s: Buffer.from(produced.p7s),
              signature_id: signatureRef,
              signer_iin: actor.iin,
              signer_name: signer.name,
              qr_payload: rendered.qrPayload,
              created_by: actor.staffId,
              workstation_id: workstationId,
            };
            insertDocument.run(row);
            if (dropDraft.run(request.id).changes > 0) changes.record('document_draft', request.id, 'delete', { requestId: request.id }, actor.staffId);
            changes.record('issued_document', id, 'insert', { ...row, p7s: row.p7s.toString('base64') }, actor.staffId);
            return { detail, row: byId.get(id) as DocumentRow };
          }).immediate();
          void pushOne(actor.iin, result.row);
          return { document: summary(result.row), request: result.detail };
        } catch (error) {
          signing.discard(signatureRef);
          if (error instanceof JournalError && error.code === 'journal_number_taken' && attempt < MAX_NUMBER_RETRIES) continue;
          if (error instanceof JournalError) throw new ApiFailure('document_blocked', { reason: error.code });
          throw error;
        }
      }
    }
  }

  function refusalOf(details: Record<string, unknown>): { ground: string; reason: string } {
    const ground = typeof details.ground === 'string' ? details.ground : '';
    const reason = typeof details.reason === 'string' ? details.reason.trim() : '';
    const issues = [
      ...(ground ? [] : [{ path: 'details.ground', code: 'required' }]),
      ...(reason ? [] : [{ path: 'details.reason', code: 'required' }]),
    ];
    if (issues.length) throw new ApiFailure('invalid_input', undefined, issues);
    return { ground, reason };
  }

  // ---- the central server's register ----

  async function pushOne(staffIin: string, row: DocumentRow): Promise<PushOutcome> {
    const register = deps.register ?? defaultRegister;
    try {
      const outcome = await register(staffIin, row);
      setServerState.run(outcome, now().toISOString(), row.id);
      link.report(true);
      return outcome;
    } catch (error) {
      // The workstation closed while the server was asked (its database with it): nothing to record.
      if (!db.open) return 'unreachable';
      const refusal = documentRefusalCode(error);
      // Offline, a server error or a refusal of this workstation: it stays pending and is sent again later.
      if (!refusal) return 'unreachable';
      // The server refused this document (e.g. its BIN is not bound to the provider yet): the refusal
      // is shown with the document, which stays pending and is sent again later.
      setServerError.run(refusal.slice(0, 60), now().toISOString(), row.id);
      if (error instanceof CentralError && error.status !== 0) link.report(true);
      return 'refused';
    }
  }

  async function defaultRegister(staffIin: string, row: DocumentRow): Promise<'registered' | 'conflict'> {
    const client = link.client();
    if (!client) throw new Error('not enrolled');
    return registerDocumentOnServer(client, staffIin, documentRegistration(JSON.parse(row.data) as DocumentData, templates));
  }

  return {
    options,

    saveDraft(actor, input) {
      const request = requests.get(actor, input.requestId);
      chosen(request, input.kind);
      const details = JSON.stringify(input.details);
      const at = now().toISOString();
      db.transaction(() => {
        writeDraft.run(request.id, input.kind, details, at, actor.staffId);
        changes.record('document_draft', request.id, 'update', { requestId: request.id, kind: input.kind, details: input.details, updatedAt: at }, actor.staffId);
      })();
      return options(actor, request.id);
    },

    async preview(actor, input) {
      const request = requests.get(actor, input.requestId);
      const url = verifyUrlOrFail();
      const choice = chosen(request, input.kind);
      if (choice.action === 'refuse') refusalOf(input.details);
      const number = journals.peek(choice.journal as JournalKind).number;
      const name = (staffName.get(actor.staffId) as string | undefined) ?? actor.iin;
      const data = dataFor(request, input.kind, input.details, number, signerCard(actor, name.toUpperCase()), now());
      const rendered = await renderDocument(data, { verifyUrl: url, templates });
      const images: DocumentPreview['images'] = [];
      for (let page = 0; page < rendered.pages; page += 1) {
        const image = await renderPdfPage(rendered.pdf, page, { dpi: PREVIEW_DPI });
        if (image) images.push({ mime: image.mime, data: Buffer.from(image.data).toString('base64'), width: image.width, height: image.height });
      }
      return { number, pages: rendered.pages, images };
    },

    sign: (actor, input) => serially(() => signOnce(actor, input)),
    signPrepared: (actor, session, requestId) =>
      serially(() => {
        const draft = draftOf.get(requestId) as { kind: string; details: string } | undefined;
        if (!draft) {
          requests.get(actor, requestId);
          throw new ApiFailure('document_blocked', { reason: 'not_prepared' });
        }
        return signWithSession(actor, session, { requestId, kind: draft.kind, details: JSON.parse(draft.details) as Record<string, unknown> });
      }),

    list(actor, requestId) {
      requests.get(actor, requestId);
      return (byRequest.all(requestId) as DocumentRow[]).map(summary);
    },

    file(actor, input) {
      const row = visibleRow(actor, input.documentId);
      const safe = row.number.replace(/[^\w.-]+/g, '_');
      if (input.format === 'p7s') return { name: `${safe}.pdf.p7s`, mime: 'application/pkcs7-signature', data: row.p7s.toString('base64') };
      return { name: `${safe}.pdf`, mime: 'application/pdf', data: Buffer.from(readFile(row)).toString('base64') };
    },

    async pages(actor, documentId) {
      const row = visibleRow(actor, documentId);
      const bytes = readFile(row);
      const images: DocumentPreview['images'] = [];
      for (let page = 0; page < row.pages; page += 1) {
        const image = await renderPdfPage(bytes, page, { dpi: PRINT_DPI });
        if (image) images.push({ mime: image.mime, data: Buffer.from(image.data).toString('base64'), width: image.width, height: image.height });
      }
      return images;
    },

    deliver(actor, input) {
      const row = visibleRow(actor, input.documentId);
      return db.transaction(() => {
        let request = requests.get(actor, row.request_id);
        if (input.via === 'portal' && request.channel !== 'portal') {
          throw new ApiFailure('invalid_input', undefined, [{ path: 'via', code: 'document.portal_not_applicable' }]);
        }
        const delivery = {
          id: newId(),
          document_id: row.id,
          request_id: row.request_id,
          via: input.via,
          // The portal is reached through the central server: the send waits for synchronisation.
          state: input.via === 'portal' ? 'queued' : 'done',
          at: now().toISOString(),
          by_staff: actor.staffId,
          workstation_id: workstationId,
        };
        insertDelivery.run(delivery);
        changes.record('document_delivery', delivery.id, 'insert', delivery, actor.staffId);
        if (row.action === 'mark_result_ready' && request.state === 'result_ready') {
          request = requests.transition(actor, { requestId: row.request_id, action: 'issue' });
        }
        return { document: summary(byId.get(row.id) as DocumentRow), request };
      })();
    },

    async verify(pdf) {
      return verifyDocument(pdf, {
        trust: signing.trust.material(),
        now: now(),
        register: async (query) => {
          const answer = await checkDocumentOnServer(checkUrlFromVerifyUrl(query.verifyUrl), query);
          link.report(answer.status !== 'unreachable');
          return answer;
        },
      });
    },

    providerProfile,
    setProviderProfile(profile) {
      writeSetting.run('provider_profile', JSON.stringify(profile));
      return profile;
    },
    verifyUrl,

    pushPending() {
      // One run at a time: a call meanwhile shares the run going.
      pushing ??= (async () => {
        let registered = 0;
        if (!db.open) return registered;
        for (const row of pendingRows.all() as DocumentRow[]) {
          if (!db.open) break; // the workstation closed meanwhile
          const outcome = await pushOne(row.signer_iin, row);
          if (outcome === 'unreachable') break; // offline: try again later
          if (outcome === 'registered') registered += 1;
        }
        return registered;
      })().finally(() => {
        pushing = null;
      });
      return pushing;
    },
  };
}

function dataFailure(error: DocumentDataError): ApiFailure {
  const input = error.params.input;
  if ((error.code === 'detail_missing' || error.code === 'detail_invalid') && input) {
    const code = error.code === 'detail_missing' ? 'required' : `document.${error.params.reason ?? 'invalid'}`;
    return new ApiFailure('invalid_input', undefined, [{ path: `details.${input}`, code }]);
  }
  return new ApiFailure('invalid_input', undefined, [{ path: error.params.what ?? 'kind', code: `document.${error.code}` }]);
}

