// The portal's traffic through the central server (issue 8), with a simulated portal that signs
// submissions with applicants' test keys: a valid submission is registered at once (number, deadline,
// the first event of its history) and reaches both workstations of the provider by pull; a bad
// signature, another person's certificate, an unpaid paid service and a bad form are refused with
// their reasons and nothing arrives; a paid service with its payment is registered (its term the one
// the provider configured), the payment not used twice. Back on the applicant's side: a workstation
// takes the request, signs the result inside its PDF and sends it via the portal; the applicant sees
// the statuses, the notifications and downloads the very PDF that was signed (pdfsig: valid). A
// term extension and a refusal show as notifications. The applicant's files travel with the
// submission (their hashes signed): stored as the provider's blobs, pulled by both workstations byte for
// byte and listed and opened on the request as the portal's; a file that is not what its hash says, of
// a type the portal does not carry, damaged or too large is refused with its reason and leaves nothing.
// Everything runs against PGlite and against a real PostgreSQL server.
import { spawnSync } from 'node:child_process';
import { createHash, createPrivateKey, sign as cryptoSign } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/main/app';
import { hashPassword } from '../../src/main/services/passwords';
import type { RequestActor } from '../../src/main/services/requests';
import { loadCalendar } from '../../src/main/services/calendar';
import { signCms, type KeySigner } from '../../src/main/signing/cms';
import { parseCertificate } from '../../src/main/signing/certificates';
import { parseCrl } from '../../src/main/signing/verify';
import { buildServer } from '../../src/server/app';
import { migrateServer } from '../../src/server/db/migrations';
import type { Sql } from '../../src/server/db/sql';
import { loadLegalEntities, loadPayments, loadPeople } from '../../src/server/national/load';
import { simulatedNationalSystems } from '../../src/server/national/simulated';
import {
  PORTAL_ATTACHMENT_LIMITS,
  PORTAL_WORKSTATION_ID,
  portalSignedText,
  type PortalAttachment,
  type PortalRefusalReply,
  type PortalRequestView,
  type PortalSubmission,
  type PortalSubmissionReply,
} from '../../src/shared/portal';
import { ASEL, IVAN, ORG, openBackend, type Backend } from '../helpers/central';
import { signedInStaff } from '../helpers/desk';
import { createDeskSigning } from '../helpers/desk-signing';
import { makeIin } from '../helpers/iin';
import { createTestPki, type IssuedCertificate, type TestPki } from '../helpers/pki';
import { ManualClock, tempDir, type Client } from '../helpers/workstation';
import { PROVIDER_PROFILE } from '../helpers/provider-profile';

const NOW = new Date('2026-03-02T04:00:00Z');
const PASSWORD = 'password-1';
const PROVIDER = 'SOC-07';
const signing = createDeskSigning({ notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2027-06-01T00:00:00Z') });
const PAYMENT = { reference: 'EGOV-PAY-2026-000417', payerId: ASEL.iin, serviceCode: 'archive.apostille', amountTiyn: 345_000, paidOn: '2026-03-01' };

let serial = 700;
const nextIin = () => makeIin('1984-07-19', 'female', (serial += 1));

interface Desk {
  app: App;
  dataDir: string;
  officer: RequestActor & { client: Client };
  signer: RequestActor & { client: Client };
}

let sql: Sql;
let stopBackend: (() => Promise<void>) | undefined;
let server: ReturnType<typeof buildServer>;
let url: string;
let pki: TestPki;
let other: TestPki;
let aselKey: IssuedCertificate;
let ivanKey: IssuedCertificate;
let strangerKey: IssuedCertificate;
let revokedKey: IssuedCertificate;
let orgKey: IssuedCertificate;
const apps: App[] = [];
let a: Desk;
let b: Desk;

async function openDesk(name: string, officerName: string): Promise<Desk> {
  const dataDir = tempDir('qyzmet-portal-');
  const app = createApp({ dataDir, clock: new ManualClock(NOW), logger: { error: (_message, error) => console.error(error) } });
  apps.push(app);
  const hash = await hashPassword(PASSWORD);
  const person = async (fullName: string, roles: RequestActor['roles']) => {
    const member = await signedInStaff(app, { iin: nextIin(), fullName, roles: [...roles], passwordHash: hash, password: PASSWORD, at: NOW.toISOString() });
    return { staffId: member.id, iin: member.iin, roles, client: member.client };
  };
  const officer = await person(officerName, ['social_officer']);
  const signer = await person('Гүлнар Төлеуова', ['authorised_signer']);
  await app.services!.link.enrol(url, await server.auth.createEnrolmentCode(PROVIDER), name);
  app.services!.documents.setProviderProfile(PROVIDER_PROFILE);
  return { app, dataDir, officer, signer };
}

async function setUp(backend: Backend): Promise<void> {
  const opened = await openBackend(backend);
  sql = opened.sql;
  stopBackend = opened.stop;
  await migrateServer(sql);
  await loadPeople(sql, [ASEL, IVAN]);
  await loadLegalEntities(sql, [ORG]);
  await loadPayments(sql, [PAYMENT]);
  pki = await createTestPki({ now: new Date('2026-01-01T00:00:00Z') });
  other = await createTestPki({ now: new Date('2026-01-01T00:00:00Z') });
  const person = (p: typeof ASEL) => ({ surname: p.surname.toLocaleUpperCase('kk'), givenName: p.name.toLocaleUpperCase('kk'), iin: p.iin, roles: ['individual' as const] });
  [aselKey, ivanKey, strangerKey, revokedKey, orgKey] = await Promise.all([
    pki.issue(person(ASEL)),
    pki.issue(person(IVAN)),
    other.issue(person(ASEL)),
    pki.issue(person(ASEL)),
    // The organisation's head signs for it: BIN in OU, the legal entity's role OIDs.
    pki.issue({ ...person(IVAN), organisation: { name: ORG.shortNameRu, bin: ORG.bin }, roles: ['legal_entity', 'first_head'] }),
  ]);
  const crl = await pki.crl({
    revoked: [{ serialHex: revokedKey.serialHex, date: new Date('2026-02-01T00:00:00Z') }],
    thisUpdate: new Date('2026-01-01T00:00:00Z'),
    nextUpdate: new Date('2027-01-01T00:00:00Z'),
  });
  server = buildServer({
    sql,
    systems: simulatedNationalSystems(sql),
    logger: false,
    registryTimeoutMs: 2_000,
    now: () => new Date(NOW),
    portalTrust: { roots: [parseCertificate(pki.root.certDer)], intermediates: [parseCertificate(pki.issuing.certDer)], crls: [parseCrl(crl)] },
    // The simulated portal submits and reads for every applicant from one address within a minute; the
    // portal's rate limits are server-rate-limit.test.ts's.
    rateLimits: { portalSubmit: 0, portalRead: 0 },
  });
  url = await server.app.listen({ host: '127.0.0.1', port: 0 });
  a = await openDesk('Бірінші терезе', 'Айгүл Сапарова');
  b = await openDesk('Екінші терезе', 'Дана Қасымова');
}

async function tearDown(): Promise<void> {
  for (const app of apps.splice(0)) app.close();
  await server?.app.close();
  await stopBackend?.();
}

// ---- the simulated portal ----

function keySigner(key: IssuedCertificate): KeySigner {
  const privateKey = createPrivateKey({ key: Buffer.from(key.privateKeyPkcs8Der), format: 'der', type: 'pkcs8' });
  return { certificate: key.certDer, keyType: key.keyType, sign: (data) => new Uint8Array(cryptoSign('sha256', data, privateKey)) };
}

type Unsigned = Omit<PortalSubmission, 'signature'>;

/** The submission signed as the portal has the applicant sign it; `change` alters it after signing. */
async function signed(body: Unsigned, key: IssuedCertificate, change?: (body: Unsigned) => Unsigned): Promise<PortalSubmission> {
  const p7s = await signCms(new Uint8Array(Buffer.from(portalSignedText(body as Record<string, unknown>), 'utf8')), keySigner(key), { signingTime: NOW });
  return { ...(change ? change(body) : body), signature: Buffer.from(p7s).toString('base64') };
}

async function submit(body: PortalSubmission): Promise<{ status: number; json: PortalSubmissionReply & PortalRefusalReply }> {
  const response = await fetch(`${url}/portal/v1/requests`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as PortalSubmissionReply & PortalRefusalReply };
}

async function status(number: string, applicant: string): Promise<{ status: number; view: PortalRequestView }> {
  const response = await fetch(`${url}/portal/v1/requests/${encodeURIComponent(number)}?applicant=${applicant}`);
  return { status: response.status, view: (await response.json()) as PortalRequestView };
}

async function download(number: string, documentNumber: string, applicant: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const response = await fetch(`${url}/portal/v1/requests/${encodeURIComponent(number)}/results/${encodeURIComponent(documentNumber)}?applicant=${applicant}`);
  return { status: response.status, type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
}

const certificateRequest = (): Unsigned => ({
  provider: PROVIDER,
  service: 'social.unemployed-certificate',
  applicant: { kind: 'person', iin: ASEL.iin },
  form: { periodFrom: '2026-01-05', presentTo: 'Жұмыс беруші' },
  documents: { standard_documents: { presented: true, presentation: 'electronic' } },
});

const apostilleRequest = (paymentRef?: string): Unsigned => ({
  provider: PROVIDER,
  service: 'archive.apostille',
  applicant: { kind: 'person', iin: ASEL.iin },
  form: { documentKind: 'archival_reference', issuingArchive: 'Ақмола облысының мемлекеттік мұрағаты', destinationCountry: 'Germany', copies: 1 },
  documents: { standard_documents: { presented: true, presentation: 'electronic' } },
  ...(paymentRef ? { paymentRef } : {}),
});

const referenceRequest = (): Unsigned => ({
  provider: PROVIDER,
  service: 'archive.reference',
  applicant: { kind: 'organisation', bin: ORG.bin },
  form: { subject: 'length_of_service', organisation: '«Көкшетау жиһаз» АҚ', yearFrom: 1998, yearTo: 2004 },
  documents: { standard_documents: { presented: true, presentation: 'electronic' } },
});

// ---- the applicant's files ----

const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

interface FileSpec {
  name: string;
  bytes: Uint8Array;
  document?: string;
  /** The hash given for the file; by default its own. */
  sha256?: string;
}

/** The submission with these files, each with its name, checklist item and hash. */
function withFiles(body: Unsigned, files: readonly FileSpec[]): Unsigned {
  const attachments: PortalAttachment[] = files.map((file) => ({
    document: file.document ?? 'standard_documents',
    name: file.name,
    sha256: file.sha256 ?? sha256Of(file.bytes),
    data: Buffer.from(file.bytes).toString('base64'),
  }));
  return { ...body, attachments };
}

async function textPdf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i += 1) doc.addPage([595, 842]).drawText(`certificate, page ${i + 1}`, { x: 50, y: 700, size: 18, font });
  return doc.save();
}

const photo = (background = '#5a7d9a') => sharp({ create: { width: 120, height: 160, channels: 3, background } }).png().toBuffer();

/** A file that begins as a PDF and is zeros after: what matters is its size. */
function bulk(size: number): Buffer {
  const bytes = Buffer.alloc(size);
  bytes.write('%PDF-1.7\n', 'latin1');
  return bytes;
}

const blobCount = async () => Number((await sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM sync_blob`))[0]!.n);
/** Where a workstation keeps an attachment's file (its content-addressed store). */
const storedFile = (desk: Desk, sha256: string) => path.join(desk.dataDir, 'attachments', sha256.slice(0, 2), sha256.slice(2));

const sync = (desk: Desk) => desk.app.services!.sync.syncNow();
const requestCount = (desk: Desk) => desk.app.services!.db.prepare(`SELECT count(*) FROM requests`).pluck().get() as number;
const portalChanges = async () => Number((await sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM sync_change WHERE origin = 'portal'`))[0]!.n);

describe.each<Backend>(['pglite', 'postgres'])('the portal through the central server on %s', (backend) => {
  let first: PortalSubmissionReply;

  beforeAll(() => setUp(backend), 180_000);
  afterAll(tearDown);

  it('registers a valid submission at once, and both workstations receive it by pull as a portal request', async () => {
    const body = await signed(certificateRequest(), aselKey);
    const { status: code, json } = await submit(body);
    expect(code).toBe(201);
    first = json;
    // The portal retrying the same signed submission gets the same request, not a second one.
    expect(await submit(body)).toEqual({ status: 200, json: first });
    expect(first.number).toMatch(/^SOC07-26-00000-00001-[0-9A-Z]$/);
    expect(first.deadline).toBe(new Date(NOW.getTime() + 10 * 60_000).toISOString()); // 10 minutes on the portal
    for (const desk of [a, b]) {
      expect(await sync(desk)).toMatchObject({ lastError: null });
      const detail = desk.app.services!.requests.get(desk.officer, first.requestId);
      expect(detail).toMatchObject({
        number: first.number,
        channel: 'portal',
        state: 'registered',
        applicant: { kind: 'person', id: ASEL.iin, name: `${ASEL.surname} ${ASEL.name} ${ASEL.patronymic}` },
        form: { periodFrom: '2026-01-05', presentTo: 'Жұмыс беруші' },
        workstationId: PORTAL_WORKSTATION_ID,
        historyIntact: true,
      });
      expect(detail.deadline).toMatchObject({ at: first.deadline, term: { kind: 'minutes', value: 10 }, state: 'on_time' });
      expect(detail.history).toMatchObject([{ seq: 1, action: 'register', from: 'draft', to: 'registered', actorIin: ASEL.iin, data: { number: first.number } }]);
      expect(desk.app.services!.requests.verify()).toMatchObject({ ok: true });
      const queue = await desk.officer.client.call('requests.queue', { channels: ['portal'] });
      expect(queue.rows.map((row) => [row.number, row.state])).toContainEqual([first.number, 'registered']);
    }
    const { status: seen, view } = await status(first.number, ASEL.iin);
    expect(seen).toBe(200);
    expect(view).toMatchObject({
      number: first.number,
      service: 'social.unemployed-certificate',
      state: 'registered',
      deadline: first.deadline,
      notifications: [{ kind: 'status_change', state: 'registered', text: 'portal.notice.registered' }],
      results: [],
    });
  });

  it('refuses a bad signature, another person’s certificate, an untrusted one, an unpaid paid service and a bad form — and nothing arrives', async () => {
    const before = { changes: await portalChanges(), a: requestCount(a), b: requestCount(b) };

    const tampered = await submit(await signed(certificateRequest(), aselKey, (body) => ({ ...body, form: { ...body.form, periodFrom: '2026-01-06' } })));
    expect(tampered).toMatchObject({ status: 403, json: { error: 'refused', reason: 'signature_invalid' } });
    expect(tampered.json.checks?.find((check) => check.name === 'content_digest')).toMatchObject({ status: 'fail' });

    const garbage = await submit({ ...certificateRequest(), signature: Buffer.from('not a signature at all').toString('base64') });
    expect(garbage).toMatchObject({ status: 403, json: { reason: 'signature_malformed' } });

    const ivans = await submit(await signed(certificateRequest(), ivanKey));
    expect(ivans).toMatchObject({ status: 403, json: { reason: 'identity_mismatch' } });
    expect(ivans.json.checks?.find((check) => check.name === 'iin_match')).toMatchObject({ status: 'fail', reason: 'mismatch' });

    const stranger = await submit(await signed(certificateRequest(), strangerKey));
    expect(stranger).toMatchObject({ status: 403, json: { reason: 'certificate_untrusted' } });
    const revoked = await submit(await signed(certificateRequest(), revokedKey));
    expect(revoked).toMatchObject({ status: 403, json: { reason: 'certificate_revoked' } });
    // An organisation's request is signed with a certificate that carries its BIN; a person's is not one.
    const asPerson = await submit(await signed({ ...referenceRequest(), applicant: { kind: 'organisation', bin: ORG.bin } }, ivanKey));
    expect(asPerson).toMatchObject({ status: 403, json: { reason: 'identity_mismatch' } });
    expect(asPerson.json.checks?.find((check) => check.name === 'bin_match')).toMatchObject({ status: 'fail', reason: 'absent' });

    const unpaid = await submit(await signed(apostilleRequest(), aselKey));
    expect(unpaid).toMatchObject({ status: 402, json: { reason: 'payment_missing' } });
    const notPaid = await submit(await signed(apostilleRequest('EGOV-PAY-2026-999999'), aselKey));
    expect(notPaid).toMatchObject({ status: 402, json: { reason: 'payment_not_found' } });
    // Someone else's payment is not this applicant's.
    const ivansApostille = await submit(await signed({ ...apostilleRequest(PAYMENT.reference), applicant: { kind: 'person', iin: IVAN.iin } }, ivanKey));
    expect(ivansApostille).toMatchObject({ status: 402, json: { reason: 'payment_not_found' } });

    const badForm = await submit(await signed({ ...certificateRequest(), form: { periodFrom: '2026-13-40' } }, aselKey));
    expect(badForm).toMatchObject({ status: 400, json: { reason: 'form_invalid', issues: [{ path: 'form.periodFrom' }] } });
    const noDocuments = await submit(await signed({ ...certificateRequest(), documents: {} }, aselKey));
    expect(noDocuments).toMatchObject({ status: 400, json: { reason: 'document_required', issues: [{ path: 'documents.standard_documents', code: 'request.document_required' }] } });
    const notOnPortal = await submit(await signed({ ...certificateRequest(), provider: 'NOBODY-1' }, aselKey));
    expect(notOnPortal).toMatchObject({ status: 422, json: { reason: 'unknown_provider' } });

    const schema = await submit({ ...(await signed(certificateRequest(), aselKey)), applicant: { kind: 'person', iin: '123' } });
    expect(schema.status).toBe(400);

    await sync(a);
    await sync(b);
    expect({ changes: await portalChanges(), a: requestCount(a), b: requestCount(b) }).toEqual(before);
    expect((await sql.query(`SELECT 1 FROM portal_request`)).length).toBe(1);
  });

  it('registers a paid service with the payer’s payment, on the term the provider configured; the payment is not used twice', async () => {
    // The apostille's term is left to the service standard: the provider configures it on a workstation.
    a.app.services!.requests.setTerm(a.signer, { service: 'archive.apostille', workingDays: 5 });
    await sync(a);
    const paid = await submit(await signed(apostilleRequest(PAYMENT.reference), aselKey));
    expect(paid.status).toBe(201);
    const expected = loadCalendar().calendar.deadlineFor(paid.json.registeredAt, { kind: 'working_days', value: 5 });
    expect(expected.ok && paid.json.deadline).toBe(expected.ok ? expected.value : null);
    expect(paid.json.number).toMatch(/^SOC07-26-00000-00002-/);
    // Another request (two copies this time) with the same payment.
    const second = apostilleRequest(PAYMENT.reference);
    const again = await submit(await signed({ ...second, form: { ...second.form, copies: 2 } }, aselKey));
    expect(again).toMatchObject({ status: 409, json: { reason: 'payment_already_used' } });

    await sync(b);
    const detail = b.app.services!.requests.get(b.signer, paid.json.requestId);
    expect(detail).toMatchObject({ state: 'registered', channel: 'portal', paymentRef: PAYMENT.reference, historyIntact: true });
    expect(detail.history[0]!.data).toMatchObject({ number: paid.json.number, paymentRef: PAYMENT.reference });
  });

  it('registers an organisation’s request signed by its head with the organisation’s certificate', async () => {
    const { status: code, json } = await submit(await signed(referenceRequest(), orgKey));
    expect(code).toBe(201);
    expect(json.deadline).toBeNull(); // the archival reference's term is the standard's and not configured here
    await sync(a);
    const detail = a.app.services!.requests.get(a.signer, json.requestId);
    expect(detail).toMatchObject({ channel: 'portal', state: 'registered', applicant: { kind: 'organisation', id: ORG.bin, name: ORG.shortNameKk }, historyIntact: true });
    expect(detail.history[0]).toMatchObject({ action: 'register', actorIin: IVAN.iin });
    expect((await status(json.number, ORG.bin)).view).toMatchObject({ state: 'registered', deadline: null });
    expect((await status(json.number, IVAN.iin)).status).toBe(404);
  });

  it('taken, signed and sent via the portal: the applicant sees the statuses, the notifications, and downloads the signed PDF', async () => {
    const { requestId, number } = first;
    a.app.services!.requests.take(a.officer, requestId);
    // The result document names the applicant as the state registry has them: the desk looks them up.
    await a.officer.client.call('registry.person', { iin: ASEL.iin, purpose: `өтініш ${number}` });
    const { key, pin } = await signing.keyFor(a, a.signer);
    const result = await a.signer.client.call('documents.sign', { requestId, kind: 'unemployed_certificate', details: { registeredOn: '2026-02-20' }, key, pin });
    expect(result.request.state).toBe('result_ready');
    const delivered = await a.officer.client.call('documents.deliver', { documentId: result.document.id, via: 'portal' });
    expect(delivered.request.state).toBe('issued');
    expect(delivered.document.deliveries).toMatchObject([{ via: 'portal', state: 'queued' }]);
    expect(await sync(a)).toMatchObject({ lastError: null, pending: 0, conflicts: 0 });

    const { view } = await status(number, ASEL.iin);
    expect(view.state).toBe('issued');
    expect(view.notifications.map((item) => [item.kind, item.state, item.text])).toEqual([
      ['status_change', 'registered', 'portal.notice.registered'],
      ['status_change', 'in_review', 'portal.notice.state.in_review'],
      ['status_change', 'result_ready', 'portal.notice.state.result_ready'],
      ['status_change', 'issued', 'portal.notice.state.issued'],
    ]);
    expect(view.results).toEqual([
      {
        number: result.document.number,
        kind: 'unemployed_certificate',
        action: 'mark_result_ready',
        issuedOn: result.document.issuedOn,
        sha256: result.document.sha256,
        pdfSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        pdfSize: result.document.pdfSize,
        delivered: true,
        deliveredAt: expect.any(String),
      },
    ]);

    // "View result": the very file that was signed.
    const file = await download(number, result.document.number, ASEL.iin);
    expect(file.status).toBe(200);
    expect(file.type).toBe('application/pdf');
    const signedFile = await a.officer.client.call('documents.file', { documentId: result.document.id, format: 'pdf' });
    const sha = createHash('sha256').update(file.bytes).digest('hex');
    expect(sha).toBe(createHash('sha256').update(Buffer.from(signedFile.data, 'base64')).digest('hex'));
    expect(sha).toBe(view.results[0]!.pdfSha256);
    const pdfPath = path.join(tempDir('qyzmet-portal-pdf-'), 'result.pdf');
    fs.writeFileSync(pdfPath, file.bytes);
    const pdfsig = spawnSync('pdfsig', [pdfPath], { encoding: 'utf8' });
    expect(pdfsig.stdout).toContain('Signature Validation: Signature is Valid.');

    // The workstations learn that the send went out; the other one has it all too.
    await sync(a);
    const [onA] = await a.officer.client.call('documents.list', { requestId });
    expect(onA!.deliveries).toMatchObject([{ via: 'portal', state: 'sent' }]);
    await sync(b);
    expect(b.app.services!.requests.get(b.officer, requestId)).toMatchObject({ state: 'issued', historyIntact: true });
    const [onB] = await b.officer.client.call('documents.list', { requestId });
    expect(onB!.deliveries).toMatchObject([{ via: 'portal', state: 'sent' }]);
    expect(b.app.services!.requests.verify().ok).toBe(true);
  });

  it('a term extension and a refusal reach the applicant as notifications, with the reasons staff gave', async () => {
    const { json: submitted } = await submit(await signed({ ...certificateRequest(), form: { periodFrom: '2026-02-02' } }, aselKey));
    await sync(b);
    b.app.services!.requests.take(b.officer, submitted.requestId);
    const newDeadline = '2026-03-04T13:00:00.000Z';
    b.app.services!.requests.transition(b.officer, { requestId: submitted.requestId, action: 'extend_term', newDeadline, reason: 'Мұрағаттан жауап күтілуде' });
    await b.officer.client.call('registry.person', { iin: ASEL.iin, purpose: `өтініш ${submitted.number}` });
    const { key, pin } = await signing.keyFor(b, b.signer);
    const options = await b.signer.client.call('documents.options', { requestId: submitted.requestId });
    const ground = options.refusalGrounds.find((item) => item.code === 'documents_invalid')?.code ?? options.refusalGrounds[0]!.code;
    const refusal = await b.signer.client.call('documents.sign', {
      requestId: submitted.requestId,
      kind: 'reasoned_refusal',
      details: { ground, reason: 'Ұсынылған құжаттарда сәйкессіздік бар.' },
      key,
      pin,
    });
    expect(refusal.request.state).toBe('refused');
    expect(await sync(b)).toMatchObject({ lastError: null, pending: 0 });

    const { view } = await status(submitted.number, ASEL.iin);
    expect(view).toMatchObject({ state: 'refused', deadline: newDeadline, refusalGround: ground });
    expect(view.notifications.map((item) => item.kind)).toEqual(['status_change', 'status_change', 'term_extension', 'refusal']);
    expect(view.notifications[2]).toMatchObject({ text: 'portal.notice.term_extended', params: { deadline: newDeadline, previousDeadline: submitted.deadline }, reason: 'Мұрағаттан жауап күтілуде' });
    expect(view.notifications[3]).toMatchObject({ kind: 'refusal', state: 'refused', text: 'portal.notice.refused', params: { ground }, reason: 'Ұсынылған құжаттарда сәйкессіздік бар.' });
    expect(view.results).toMatchObject([{ number: refusal.document.number, kind: 'reasoned_refusal', action: 'refuse', delivered: false }]);
    const file = await download(submitted.number, refusal.document.number, ASEL.iin);
    expect(createHash('sha256').update(file.bytes).digest('hex')).toBe(view.results[0]!.pdfSha256);
  });

  it('answers 404 and nothing more to another applicant, an unknown number or document', async () => {
    const { number } = first;
    const documentNumber = (await status(number, ASEL.iin)).view.results[0]!.number;
    expect((await status(number, IVAN.iin)).status).toBe(404);
    expect((await status(number, '')).status).toBe(404);
    expect((await status(number.replace(/-00001-/, '-00099-'), ASEL.iin)).status).toBe(404);
    const foreign = await fetch(`${url}/portal/v1/requests/${number}?applicant=${IVAN.iin}`);
    expect(await foreign.json()).toEqual({ error: 'not_found', message: 'not found' });
    expect((await download(number, documentNumber, IVAN.iin)).status).toBe(404);
    expect((await download(number, 'DOC-2026-XXXXX-000001', ASEL.iin)).status).toBe(404);
  });

  it('carries the applicant’s files: stored with the registration, pulled by both workstations byte for byte, listed and opened as the portal’s', async () => {
    const pdf = await textPdf(2);
    const png = await photo();
    const body = withFiles(certificateRequest(), [
      { name: 'Анықтама.pdf', bytes: pdf },
      { name: 'Жеке куәлік.png', bytes: png },
    ]);
    // Another provider already has the photo (the same applicant sent it there); a workstation of this
    // provider had begun to upload the same PDF: both are kept apart, the upload completed by the portal.
    await sql.query(`INSERT INTO sync_blob (sha256, provider_code, size, data, complete) VALUES ($1, 'ARCH-02', $2, $3, true)`, [sha256Of(png), png.length, png]);
    await sql.query(`INSERT INTO sync_blob (sha256, provider_code, size, data, complete) VALUES ($1, $2, $3, $4, false)`, [sha256Of(pdf), PROVIDER, pdf.length, Buffer.from(pdf.subarray(0, 100))]);
    const { status: code, json } = await submit(await signed(body, aselKey));
    expect(code, JSON.stringify(json)).toBe(201);

    // On the server: each file a complete blob of the provider, recorded after the request's changes.
    const changes = await sql.query<{ entity: string; data: Record<string, unknown> | string }>(
      `SELECT entity, data FROM sync_change WHERE origin = 'portal' AND (entity_id = $1 OR data->>'requestId' = $1) ORDER BY global_seq`,
      [json.requestId],
    );
    expect(changes.map((change) => change.entity)).toEqual(['request', 'request_event', 'request_attachment', 'request_attachment']);
    const blobs = await sql.query<{ sha256: string; provider_code: string; size: string; complete: boolean; data: Uint8Array }>(
      `SELECT sha256, provider_code, size::text AS size, complete, data FROM sync_blob WHERE sha256 = ANY($1::text[]) AND provider_code = $2 ORDER BY length(data)`,
      [[sha256Of(pdf), sha256Of(png)], PROVIDER],
    );
    expect(blobs.map((blob) => [blob.provider_code, Number(blob.size), blob.complete, sha256Of(blob.data)])).toEqual(
      [
        [PROVIDER, pdf.length, true, sha256Of(pdf)],
        [PROVIDER, png.length, true, sha256Of(png)],
      ].sort((x, y) => (x[1] as number) - (y[1] as number)),
    );
    expect(await sql.query(`SELECT provider_code FROM sync_blob WHERE sha256 = $1 ORDER BY provider_code`, [sha256Of(png)])).toEqual([{ provider_code: 'ARCH-02' }, { provider_code: PROVIDER }]);
    // What the server keeps of the submission is what was signed: the files by their hashes, not their bytes.
    const [kept] = await sql.query<{ submission: Record<string, unknown> | string }>(`SELECT submission FROM portal_request WHERE request_id = $1`, [json.requestId]);
    const submission = typeof kept!.submission === 'string' ? (JSON.parse(kept!.submission) as Record<string, unknown>) : kept!.submission;
    expect(submission.attachments).toEqual([
      { document: 'standard_documents', name: 'Анықтама.pdf', sha256: sha256Of(pdf) },
      { document: 'standard_documents', name: 'Жеке куәлік.png', sha256: sha256Of(png) },
    ]);

    for (const desk of [a, b]) {
      expect(await sync(desk)).toMatchObject({ lastError: null });
      expect(desk.app.services!.requests.get(desk.officer, json.requestId)).toMatchObject({ number: json.number, channel: 'portal', historyIntact: true });
      const list = await desk.officer.client.call('attachments.list', { requestId: json.requestId });
      const byName = [...list].sort((x, y) => x.name.localeCompare(y.name));
      expect(byName).toEqual([
        {
          id: expect.any(String),
          requestId: json.requestId,
          documentCode: 'standard_documents',
          name: 'Анықтама.pdf',
          sha256: sha256Of(pdf),
          size: pdf.length,
          mime: 'application/pdf',
          pages: 2,
          addedAt: json.registeredAt,
          addedBy: { id: 'portal', name: null },
          source: 'portal',
        },
        {
          id: expect.any(String),
          requestId: json.requestId,
          documentCode: 'standard_documents',
          name: 'Жеке куәлік.png',
          sha256: sha256Of(png),
          size: png.length,
          mime: 'image/png',
          pages: 1,
          addedAt: json.registeredAt,
          addedBy: { id: 'portal', name: null },
          source: 'portal',
        },
      ]);
      // Byte for byte in the workstation's store.
      expect(sha256Of(fs.readFileSync(storedFile(desk, sha256Of(pdf))))).toBe(sha256Of(pdf));
      expect(sha256Of(fs.readFileSync(storedFile(desk, sha256Of(png))))).toBe(sha256Of(png));
      // Opened like a scanned one: the photo as it was sent, the PDF's pages rendered.
      const [pdfItem, pngItem] = byName;
      const shown = await desk.officer.client.call('attachments.attachmentPage', { requestId: json.requestId, attachmentId: pngItem!.id, page: 0 });
      expect(shown).toMatchObject({ mime: 'image/png', width: 120, height: 160, rotation: 0 });
      expect(sha256Of(Buffer.from(shown!.data, 'base64'))).toBe(sha256Of(png));
      const page = await desk.officer.client.call('attachments.attachmentPage', { requestId: json.requestId, attachmentId: pdfItem!.id, page: 1 });
      expect(page).toMatchObject({ mime: expect.stringMatching(/^image\/(png|jpeg)$/) });
    }
  });

  it('refuses a file that is not what its hash says, of a type the portal does not carry, damaged or too large — and stores nothing', async () => {
    const before = { changes: await portalChanges(), blobs: await blobCount(), requests: (await sql.query(`SELECT 1 FROM portal_request`)).length, a: requestCount(a), b: requestCount(b) };
    const pdf = await textPdf(1);
    const png = await photo('#203040');

    // The file changed after the applicant signed: its hash (signed) no longer matches it.
    const original = withFiles(certificateRequest(), [{ name: 'scan.png', bytes: png }, { name: 'Анықтама.pdf', bytes: pdf }]);
    const otherPdf = Buffer.concat([Buffer.from(pdf), Buffer.from('\n%tail')]).toString('base64');
    const swapped = await submit(
      await signed(original, aselKey, (body) => ({ ...body, attachments: body.attachments!.map((file, index) => (index === 1 ? { ...file, data: otherPdf } : file)) })),
    );
    expect(swapped).toMatchObject({ status: 400, json: { error: 'refused', reason: 'attachment_hash_mismatch', issues: [{ path: 'attachments.1.sha256', code: 'hash_mismatch' }] } });
    // The hash changed with the file after signing: the signature no longer matches.
    const rehashed = await submit(
      await signed(withFiles(certificateRequest(), [{ name: 'scan.png', bytes: png }]), aselKey, (body) => withFiles(body, [{ name: 'scan.png', bytes: Buffer.concat([png, Buffer.from([0])]) }])),
    );
    expect(rehashed).toMatchObject({ status: 403, json: { reason: 'signature_invalid' } });

    // A GIF, a TIFF, a text named .pdf: none is a PDF, JPEG or PNG by its content.
    const gif = Buffer.from('474946383961010001000000002c00000000010001000002003b', 'hex');
    const tiff = Buffer.concat([Buffer.from([0x49, 0x49, 0x2a, 0x00]), Buffer.alloc(64)]);
    for (const [name, bytes] of [['photo.gif', gif], ['scan.tif', tiff], ['certificate.pdf', Buffer.from('not a PDF at all')]] as const) {
      const refused = await submit(await signed(withFiles(certificateRequest(), [{ name, bytes }]), aselKey));
      expect(refused, name).toMatchObject({ status: 400, json: { reason: 'attachment_type_unsupported', issues: [{ path: 'attachments.0.data', code: 'unsupported_type' }] } });
    }
    // A PDF cut short, a PNG named as a JPEG: refused with what is wrong.
    const cut = await submit(await signed(withFiles(certificateRequest(), [{ name: 'cut.pdf', bytes: pdf.slice(0, pdf.length - 40) }]), aselKey));
    expect(cut).toMatchObject({ status: 400, json: { reason: 'attachment_invalid', issues: [{ path: 'attachments.0.data', code: 'truncated' }] } });
    const mislabeled = await submit(await signed(withFiles(certificateRequest(), [{ name: 'photo.jpg', bytes: png }]), aselKey));
    expect(mislabeled).toMatchObject({ status: 400, json: { reason: 'attachment_invalid', issues: [{ code: 'mislabeled' }] } });

    // Too large: one file over 5 MiB; files over 20 MiB together; more than 10 files.
    const { maxFileBytes, maxTotalBytes, maxFiles } = PORTAL_ATTACHMENT_LIMITS;
    const large = await submit(await signed(withFiles(certificateRequest(), [{ name: 'large.pdf', bytes: bulk(maxFileBytes + 1) }]), aselKey));
    expect(large).toMatchObject({ status: 400, json: { reason: 'attachment_too_large', issues: [{ path: 'attachments.0.data', code: 'too_large', params: { size: maxFileBytes + 1, limitBytes: maxFileBytes } }] } });
    expect(large.json.message).toBe('a file is larger than 5 MiB');
    const parts = Array.from({ length: 5 }, (_, index) => ({ name: `part-${index + 1}.pdf`, bytes: bulk(maxTotalBytes / 5 + index + 1) }));
    const together = await submit(await signed(withFiles(certificateRequest(), parts), aselKey));
    expect(together).toMatchObject({ status: 400, json: { reason: 'attachments_too_large', issues: [{ path: 'attachments', code: 'too_large', params: { limitBytes: maxTotalBytes } }] } });
    const many = Array.from({ length: maxFiles + 1 }, (_, index) => ({ name: `page-${index + 1}.pdf`, bytes: Buffer.concat([Buffer.from(pdf), Buffer.from(`%${index}`)]) }));
    expect(await submit(await signed(withFiles(certificateRequest(), many), aselKey))).toMatchObject({ status: 400, json: { reason: 'too_many_attachments' } });

    // A file for an item the applicant did not mark as presented, or the same file twice.
    const unmarked = await submit(await signed(withFiles(certificateRequest(), [{ name: 'x.pdf', bytes: pdf, document: 'passport' }]), aselKey));
    expect(unmarked).toMatchObject({ status: 400, json: { reason: 'documents_invalid', issues: [{ path: 'attachments.0.document', code: 'not_presented' }] } });
    const twice = await submit(await signed(withFiles(certificateRequest(), [{ name: 'a.pdf', bytes: pdf }, { name: 'b.pdf', bytes: pdf }]), aselKey));
    expect(twice).toMatchObject({ status: 400, json: { reason: 'documents_invalid', issues: [{ path: 'attachments.1.sha256', code: 'duplicate' }] } });

    // Nothing of any of them: no request, no change, no blob, nothing on the workstations.
    await sync(a);
    await sync(b);
    expect({ changes: await portalChanges(), blobs: await blobCount(), requests: (await sql.query(`SELECT 1 FROM portal_request`)).length, a: requestCount(a), b: requestCount(b) }).toEqual(before);
  });
});
