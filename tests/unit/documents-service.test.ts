// Issuing results through the API as the UI does: the issuer's choices and inputs, a preview, the
// authorised signer's signature inside the PDF recorded with "result ready" (or "refused") and the
// journal entries in one transaction, printing the very file that was signed, issuing, the central
// server's register and verification by number + hash — and no journal gaps when two workstations
// on one database issue at the same time. And a request whose applicant's registry answer this
// workstation lacks (from the portal or another workstation): said so in the options, preview and
// signing refused (before the key is used) until the registry lookup the counter makes fills it.
// And a document the server refuses to register (its BIN not bound to the provider): the refusal is
// recorded and shown, the document stays pending, the next ones are still sent, and it is registered
// once the server's administrator binds the BIN.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/main/app';
import { createApp } from '../../src/main/app';
import { CentralError } from '../../src/main/services/central-client';
import { documentRefusalCode } from '../../src/main/services/documents';
import { hashPassword } from '../../src/main/services/passwords';
import type { RequestActor } from '../../src/main/services/requests';
import type { Sql } from '../../src/server/db/sql';
import { bindProviderBin } from '../../src/server/documents';
import type { DocumentCheckReply } from '../../src/shared/server-api';
import { ASEL, ORG, openBackend, startCentral } from '../helpers/central';
import { cacheApplicant, signedInStaff } from '../helpers/desk';
import { createDeskSigning } from '../helpers/desk-signing';
import { makeIin } from '../helpers/iin';
import { ManualClock, tempDir, type Client } from '../helpers/workstation';
import { PROVIDER_PROFILE } from '../helpers/provider-profile';

const NOW = new Date('2026-03-02T04:00:00Z');
const PASSWORD = 'password-1';
const signing = createDeskSigning({ notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2027-06-01T00:00:00Z') });

let serial = 300;
const nextIin = (sex: 'male' | 'female' = 'female') => makeIin('1985-02-11', sex, (serial += 1));

interface Desk {
  app: App;
  dataDir: string;
  officer: RequestActor & { client: Client };
  signer: RequestActor & { client: Client };
}

let sql: Sql;
let stopSql: () => Promise<void>;
let central: Awaited<ReturnType<typeof startCentral>>;
let desk: Desk;
const opened: App[] = [];

async function openDesk(dataDir: string, people?: { officer: string; signer: string }): Promise<Desk> {
  const app = createApp({ dataDir, clock: new ManualClock(NOW), logger: { error: (_m, e) => console.error(e) } });
  opened.push(app);
  const hash = await hashPassword(PASSWORD);
  const person = async (iin: string, fullName: string, roles: RequestActor['roles'], insert: boolean) => {
    if (!insert) {
      const id = app.services!.db.prepare(`SELECT id FROM staff WHERE iin = ?`).pluck().get(iin) as string;
      const client = (await import('../helpers/workstation')).connect(app);
      await client.call('auth.signIn', { iin, password: PASSWORD });
      return { staffId: id, iin, roles, client };
    }
    const member = await signedInStaff(app, { iin, fullName, roles: [...roles], passwordHash: hash, password: PASSWORD, at: NOW.toISOString() });
    return { staffId: member.id, iin, roles, client: member.client };
  };
  const officer = await person(people?.officer ?? nextIin(), 'Айгүл Сапарова', ['social_officer'], !people);
  const signer = await person(people?.signer ?? nextIin(), 'Гүлнар Төлеуова', ['authorised_signer'], !people);
  return { app, dataDir, officer, signer };
}

beforeAll(async () => {
  ({ sql, stop: stopSql } = await openBackend('pglite'));
  central = await startCentral(sql);
  desk = await openDesk(tempDir('qyzmet-documents-'));
  await desk.app.services!.link.enrol(central.url, await central.auth.createEnrolmentCode('PMSP-07'), 'Жұмыспен қамту 1');
  await desk.signer.client.fail('documents.setProviderProfile', PROVIDER_PROFILE); // an administrator's setting
  desk.app.services!.documents.setProviderProfile(PROVIDER_PROFILE);
  // The server's administrator has bound the provider's BIN to it: its documents are registered under the BIN.
  await bindProviderBin(sql, 'PMSP-07', PROVIDER_PROFILE.bin!);
}, 120_000);

afterAll(async () => {
  for (const app of opened) app.close();
  await central?.app.close();
  await stopSql?.();
});

function inReview(target: Desk = desk): string {
  const { requests, db } = target.app.services!;
  const iin = cacheApplicant(db, nextIin(), NOW.toISOString(), { surname: 'Омарова', name: 'Әсем' });
  const draft = requests.createDraft(target.officer, {
    service: 'social.unemployed-certificate',
    channel: 'service_centre',
    applicant: { kind: 'person', iin },
    form: { periodFrom: '2026-01-05' },
    documents: { standard_documents: { presented: true, presentation: 'original' } },
  });
  requests.register(target.officer, { requestId: draft.id });
  return requests.take(target.officer, draft.id).id;
}

async function signResult(target: Desk, requestId: string, details: Record<string, unknown> = { registeredOn: '2026-02-20', caseNumber: '17/2026' }) {
  const { key, pin } = await signing.keyFor(target, target.signer);
  return target.signer.client.call('documents.sign', { requestId, kind: 'unemployed_certificate', details, key, pin });
}

const run = (command: string, args: string[]) => spawnSync(command, args, { encoding: 'utf8' });
/** The n-th number of this workstation's series of the issued-documents journal. */
const doc = (n: number) => `DOC-2026-${desk.app.services!.requests.numbers.workstationCode()}-${String(n).padStart(6, '0')}`;

describe('issuing a result as a signed document', () => {
  let requestId: string;
  let signed: Awaited<ReturnType<typeof signResult>>;

  it('offers the service’s results and the reasoned refusal, with the template’s inputs', async () => {
    requestId = inReview();
    const options = await desk.signer.client.call('documents.options', { requestId });
    expect(options.blocked).toBeNull();
    expect(options.choices.map((choice) => [choice.kind, choice.action])).toEqual([
      ['unemployed_certificate', 'mark_result_ready'],
      ['reasoned_refusal', 'refuse'],
    ]);
    expect(options.choices[0]!.inputs.map((input) => [input.id, input.required])).toEqual([['registeredOn', true], ['caseNumber', false]]);
    expect(options.refusalGrounds.length).toBeGreaterThan(0);
  });

  it('previews the filled document, and names a missing required input', async () => {
    const missing = await desk.officer.client.fail('documents.preview', { requestId, kind: 'unemployed_certificate', details: {} });
    expect(missing).toMatchObject({ code: 'invalid_input', issues: [{ path: 'details.registeredOn', code: 'required' }] });
    const preview = await desk.officer.client.call('documents.preview', { requestId, kind: 'unemployed_certificate', details: { registeredOn: '2026-02-20' } });
    expect(preview.number).toBe(doc(1));
    expect(preview.images).toHaveLength(preview.pages);
    expect(preview.images[0]!.data.length).toBeGreaterThan(1000);
  });

  it('the case officer prepares the document; the authorised signer finds it filled in, ready to sign', async () => {
    const prepared = await desk.officer.client.call('documents.saveDraft', { requestId, kind: 'unemployed_certificate', details: { registeredOn: '2026-02-20', caseNumber: '17/2026' } });
    expect(prepared.canSign).toBe(false);
    const options = await desk.signer.client.call('documents.options', { requestId });
    expect(options.canSign).toBe(true);
    expect(options.draft).toMatchObject({ kind: 'unemployed_certificate', details: { registeredOn: '2026-02-20', caseNumber: '17/2026' }, updatedByName: 'Айгүл Сапарова' });
  });

  it('only the authorised signer signs; the request is then "result ready" with the document in its journal', async () => {
    const { key, pin } = await signing.keyFor(desk, desk.officer);
    const refused = await desk.officer.client.fail('documents.sign', { requestId, kind: 'unemployed_certificate', details: { registeredOn: '2026-02-20' }, key, pin });
    expect(refused.code).toBe('forbidden');

    signed = await signResult(desk, requestId);
    expect(signed.request.state).toBe('result_ready');
    expect(signed.document).toMatchObject({ number: doc(1), kind: 'unemployed_certificate', action: 'mark_result_ready', signerIin: desk.signer.iin });
    expect(signed.document.journalEntries).toEqual([{ journal: 'issued_documents', number: doc(1) }]);
    const journal = await desk.officer.client.call('journals.list', { journal: 'issued_documents', limit: 10, offset: 0 });
    expect(journal.entries.map((entry) => [entry.number, entry.documentNumber, entry.documentSha256])).toEqual([[doc(1), doc(1), signed.document.sha256]]);
    // The signature recorded with the transition is the one inside the PDF.
    const signatures = await desk.officer.client.call('signing.signatures', { requestId });
    expect(signatures.map((item) => item.action)).toEqual(['mark_result_ready']);
    expect((await desk.signer.client.call('documents.options', { requestId })).draft).toBeNull();
  });

  it('the signed PDF is valid for pdfsig, and its detached .p7s verifies with OpenSSL over the signed bytes', async () => {
    const file = await desk.officer.client.call('documents.file', { documentId: signed.document.id, format: 'pdf' });
    const dir = tempDir('qyzmet-documents-out-');
    const pdfPath = path.join(dir, file.name);
    fs.writeFileSync(pdfPath, Buffer.from(file.data, 'base64'));
    const pdfsig = run('pdfsig', [pdfPath]).stdout;
    expect(pdfsig).toContain('Signature Validation: Signature is Valid.');
    expect(pdfsig).toContain('Total document signed');
    expect(run('qpdf', ['--check', pdfPath]).status).toBe(0);
    expect(run('pdftotext', [pdfPath, '-']).stdout).toContain(doc(1));
    const p7s = await desk.officer.client.call('documents.file', { documentId: signed.document.id, format: 'p7s' });
    expect(p7s.mime).toBe('application/pkcs7-signature');
  });

  it('a reprint is the very file that was signed; a file changed on disk is refused, not printed', async () => {
    const first = await desk.officer.client.call('documents.file', { documentId: signed.document.id, format: 'pdf' });
    const again = await desk.officer.client.call('documents.file', { documentId: signed.document.id, format: 'pdf' });
    expect(again.data).toBe(first.data);
    const pages = await desk.officer.client.call('documents.pages', { documentId: signed.document.id });
    expect(pages).toHaveLength(signed.document.pages);

    const stored = fs.readdirSync(path.join(desk.dataDir, 'documents')).map((name) => path.join(desk.dataDir, 'documents', name));
    const target = stored.find((file) => fs.readFileSync(file).equals(Buffer.from(first.data, 'base64')))!;
    const original = fs.readFileSync(target);
    fs.writeFileSync(target, Buffer.concat([original, Buffer.from('\n%tampered\n')]));
    try {
      const error = await desk.officer.client.fail('documents.file', { documentId: signed.document.id, format: 'pdf' });
      expect(error).toEqual({ code: 'document_file_unavailable', params: { number: doc(1), reason: 'changed' } });
    } finally {
      fs.writeFileSync(target, original);
    }
  });

  it('printing issues the request; a later print is recorded without another transition', async () => {
    const printed = await desk.officer.client.call('documents.deliver', { documentId: signed.document.id, via: 'print' });
    expect(printed.request.state).toBe('issued');
    expect(printed.document.deliveries).toMatchObject([{ via: 'print', state: 'done', byName: 'Айгүл Сапарова' }]);
    const again = await desk.officer.client.call('documents.deliver', { documentId: signed.document.id, via: 'save' });
    expect(again.request.state).toBe('issued');
    expect(again.document.deliveries.map((item) => item.via)).toEqual(['print', 'save']);
    const portal = await desk.officer.client.fail('documents.deliver', { documentId: signed.document.id, via: 'portal' });
    expect(portal).toMatchObject({ code: 'invalid_input', issues: [{ path: 'via', code: 'document.portal_not_applicable' }] });
  });

  it('the central server knows the document: anyone checks it by number + hash, and our verification passes', async () => {
    const deadline = Date.now() + 10_000;
    while ((await desk.officer.client.call('documents.list', { requestId }))[0]!.serverState !== 'registered') {
      if (Date.now() > deadline) throw new Error('the document was not registered with the server');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const check = (await (await fetch(`${central.url}/v1/verify?no=${encodeURIComponent(signed.document.number)}&sha256=${signed.document.sha256}`)).json()) as DocumentCheckReply;
    expect(check).toMatchObject({ status: 'valid', document: { number: doc(1), issuer: PROVIDER_PROFILE.bin } });
    const wrong = (await (await fetch(`${central.url}/v1/verify?no=${encodeURIComponent(doc(1))}&sha256=${'0'.repeat(64)}`)).json()) as DocumentCheckReply;
    expect(wrong).toEqual({ status: 'hash_mismatch' });

    const file = await desk.officer.client.call('documents.file', { documentId: signed.document.id, format: 'pdf' });
    const verdict = await desk.officer.client.call('documents.verify', { content: file.data });
    expect(verdict.checks.find((item) => item.name === 'register')).toMatchObject({ status: 'pass' });
    expect(verdict.checks.find((item) => item.name === 'qr_hash')).toMatchObject({ status: 'pass' });
    expect(verdict.checks.find((item) => item.name === 'signature')).toMatchObject({ status: 'pass' });
  });

  it('a reasoned refusal is signed as a document too, and the request is refused with its ground', async () => {
    const id = inReview();
    const options = await desk.signer.client.call('documents.options', { requestId: id });
    const ground = options.refusalGrounds[0]!.code;
    const { key, pin } = await signing.keyFor(desk, desk.signer);
    const noReason = await desk.signer.client.fail('documents.sign', { requestId: id, kind: 'reasoned_refusal', details: { ground }, key, pin });
    expect(noReason).toMatchObject({ code: 'invalid_input', issues: [{ path: 'details.reason', code: 'required' }] });
    const refusal = await desk.signer.client.call('documents.sign', {
      requestId: id,
      kind: 'reasoned_refusal',
      details: { ground, reason: 'Өтініш берушінің құжаттарында сәйкессіздік анықталды.' },
      key,
      pin,
    });
    expect(refusal.request.state).toBe('refused');
    expect(refusal.request.refusalGround).toBe(ground);
    expect(refusal.document).toMatchObject({ kind: 'reasoned_refusal', action: 'refuse', number: doc(2) });
  });

  it('a wrong PIN signs nothing and takes no number', async () => {
    const id = inReview();
    const { key } = await signing.keyFor(desk, desk.signer);
    const error = await desk.signer.client.fail('documents.sign', { requestId: id, kind: 'unemployed_certificate', details: { registeredOn: '2026-02-20' }, key, pin: 'wrong-pin' });
    expect(error.code).toBe('signing_failed');
    expect((await desk.signer.client.call('requests.get', { requestId: id })).state).toBe('in_review');
    const next = await signResult(desk, id);
    expect(next.document.number).toBe(doc(3));
  });
});

describe('two workstations on one database issuing at once', () => {
  it('leaves the journal without gaps, each document carrying the number of its own entry', async () => {
    const second = await openDesk(desk.dataDir, { officer: desk.officer.iin, signer: desk.signer.iin });
    const ids = [...Array.from({ length: 4 }, () => inReview(desk)), ...Array.from({ length: 4 }, () => inReview(second))];
    const results = await Promise.all(ids.map((id, index) => signResult(index < 4 ? desk : second, id)));
    const numbers = results.map((result) => result.document.number).sort();
    expect(new Set(numbers).size).toBe(8);
    const report = await desk.officer.client.call('journals.check', { journal: 'issued_documents', year: 2026 });
    expect(report).toMatchObject({ ok: true, missing: [] });
    const entries = (await desk.officer.client.call('journals.list', { journal: 'issued_documents', limit: 100, offset: 0 })).entries;
    for (const result of results) {
      const entry = entries.find((item) => item.documentNumber === result.document.number)!;
      expect(entry.number).toBe(result.document.number);
      expect(entry.documentSha256).toBe(result.document.sha256);
    }
  }, 120_000);
});

describe('a request whose applicant this workstation never looked up in the registry', () => {
  // As for a request that came from the portal or from another workstation: registered, then the
  // applicant's registry answer is not in this workstation's cache.
  let requestId: string;
  let number: string;
  const purpose = () => `result document for request ${number}`;
  const dropCachedApplicant = () =>
    desk.app.services!.db.prepare(`DELETE FROM registry_cache WHERE system = 'individuals' AND subject = ?`).run(ASEL.iin);

  beforeAll(() => {
    const { requests, db } = desk.app.services!;
    cacheApplicant(db, ASEL.iin, NOW.toISOString(), { surname: ASEL.surname, name: ASEL.name });
    const draft = requests.createDraft(desk.officer, {
      service: 'social.unemployed-certificate',
      channel: 'service_centre',
      applicant: { kind: 'person', iin: ASEL.iin },
      form: { periodFrom: '2026-01-05' },
      documents: { standard_documents: { presented: true, presentation: 'original' } },
    });
    requests.register(desk.officer, { requestId: draft.id });
    const taken = requests.take(desk.officer, draft.id);
    requestId = taken.id;
    number = taken.number!;
    dropCachedApplicant();
  });

  afterAll(() => central.faults.reset());

  it('the options say which registry’s answer is missing; preview and signing are refused before the key is used', async () => {
    const options = await desk.signer.client.call('documents.options', { requestId });
    expect(options.applicantMissing).toBe('individuals');
    expect(options.choices.length).toBeGreaterThan(0);
    const preview = await desk.officer.client.fail('documents.preview', { requestId, kind: 'unemployed_certificate', details: { registeredOn: '2026-02-20' } });
    expect(preview).toEqual({ code: 'applicant_data_unavailable', params: { system: 'individuals' } });
    const { key } = await signing.keyFor(desk, desk.signer);
    // A wrong PIN would fail the signing: the refusal comes before the key is opened.
    const sign = await desk.signer.client.fail('documents.sign', { requestId, kind: 'unemployed_certificate', details: { registeredOn: '2026-02-20' }, key, pin: 'wrong-pin' });
    expect(sign).toEqual({ code: 'applicant_data_unavailable', params: { system: 'individuals' } });
    expect((await desk.signer.client.call('requests.get', { requestId })).state).toBe('in_review');
  });

  it('a registry that has no such record, or does not answer, leaves it missing', async () => {
    central.faults.set('individuals', { mode: 'no_data' });
    const none = await desk.signer.client.call('registry.person', { iin: ASEL.iin, purpose: purpose() });
    expect(none).toMatchObject({ found: false, system: 'individuals', source: 'registry' });
    central.faults.set('individuals', { mode: 'error' });
    const down = await desk.signer.client.fail('registry.person', { iin: ASEL.iin, purpose: purpose() });
    expect(down).toMatchObject({ code: 'registry_unavailable', params: { system: 'individuals' } });
    central.faults.reset();
    expect((await desk.signer.client.call('documents.options', { requestId })).applicantMissing).toBe('individuals');
  });

  it('the lookup the counter makes, by the signer with the request as its purpose, fills it: the document is then made from the registry’s answer', async () => {
    const answer = await desk.signer.client.call('registry.person', { iin: ASEL.iin, purpose: purpose() });
    expect(answer).toMatchObject({ found: true, source: 'registry', record: { iin: ASEL.iin, surname: ASEL.surname } });
    const lookups = desk.app.services!.audit.list({ limit: 10 }).filter((entry) => entry.action === 'registry.lookup' && entry.subject === ASEL.iin);
    expect(lookups[0]).toMatchObject({ actorIin: desk.signer.iin, detail: { system: 'individuals', purpose: purpose(), outcome: 'found', source: 'registry' } });

    expect((await desk.signer.client.call('documents.options', { requestId })).applicantMissing).toBeNull();
    const preview = await desk.officer.client.call('documents.preview', { requestId, kind: 'unemployed_certificate', details: { registeredOn: '2026-02-20' } });
    expect(preview.images.length).toBeGreaterThan(0);
    const signed = await signResult(desk, requestId);
    expect(signed.request.state).toBe('result_ready');
    const data = JSON.parse(desk.app.services!.db.prepare(`SELECT data FROM issued_documents WHERE id = ?`).pluck().get(signed.document.id) as string) as {
      applicant: Record<string, unknown>;
    };
    expect(data.applicant).toMatchObject({ kind: 'person', iin: ASEL.iin, surname: ASEL.surname, name: ASEL.name, patronymic: ASEL.patronymic, birthDate: ASEL.birthDate });
  });

  it('a request no longer open for a document does not ask for the lookup', async () => {
    dropCachedApplicant();
    const options = await desk.signer.client.call('documents.options', { requestId });
    expect(options.choices).toEqual([]);
    expect(options.applicantMissing).toBeNull();
  });
});

describe('a document the central server refuses to register', () => {
  // Another provider on the same central server, whose BIN (Settings → Service provider) the
  // server's administrator has not bound to it yet: the server refuses its documents (foreign_issuer).
  const BIN = ORG.bin;
  let other: Desk;
  const ids: string[] = [];
  const listed = async (requestId: string) => (await other.officer.client.call('documents.list', { requestId }))[0]!;
  const stored = () =>
    other.app.services!.db.prepare(`SELECT number, server_state, server_error FROM issued_documents ORDER BY number`).all() as Array<{
      number: string;
      server_state: string;
      server_error: string | null;
    }>;

  beforeAll(async () => {
    other = await openDesk(tempDir('qyzmet-documents-refused-'));
    const { link, documents, db } = other.app.services!;
    await link.enrol(central.url, await central.auth.createEnrolmentCode('PMSP-08'), 'Жұмыспен қамту 2');
    documents.setProviderProfile({ ...PROVIDER_PROFILE, bin: BIN });
    // The QR codes name the real server even while the workstation cannot reach it.
    db.prepare(`INSERT INTO settings (key, value) VALUES ('document_verify_url', ?)`).run(`${central.url}/verify`);
  }, 120_000);

  it('tells a refusal of the document from a server that cannot be reached', () => {
    expect(documentRefusalCode(new CentralError('rejected', 'foreign_issuer', 'not yours', 403))).toBe('foreign_issuer');
    expect(documentRefusalCode(new CentralError('rejected', 'invalid_input', 'bad', 400))).toBe('invalid_input');
    expect(documentRefusalCode(new CentralError('rejected', 'invalid_input', 'does not match the schema'))).toBe('invalid_input');
    expect(documentRefusalCode(new CentralError('offline', 'network', 'unreachable'))).toBeNull();
    expect(documentRefusalCode(new CentralError('timeout', 'network', 'no answer'))).toBeNull();
    expect(documentRefusalCode(new CentralError('server', 'internal', 'oops', 503))).toBeNull();
    // About the workstation, not the document: every document would get it.
    expect(documentRefusalCode(new CentralError('rejected', 'clock_skew', 'clock', 401))).toBeNull();
    expect(documentRefusalCode(new CentralError('rejected', 'revoked_workstation', 'revoked', 403))).toBeNull();
    expect(documentRefusalCode(new Error('anything'))).toBeNull();
  });

  it('documents signed while the server cannot be reached stay pending with no refusal recorded', async () => {
    other.app.services!.link.repoint('http://127.0.0.1:9');
    for (let i = 0; i < 2; i += 1) {
      const id = inReview(other);
      ids.push(id);
      const signed = await signResult(other, id);
      expect(signed.document).toMatchObject({ serverState: 'pending', serverRefusal: null });
    }
    expect(await other.app.services!.documents.pushPending()).toBe(0);
    for (const id of ids) expect(await listed(id)).toMatchObject({ serverState: 'pending', serverRefusal: null });
    expect(stored().map((row) => row.server_error)).toEqual([null, null]);
  });

  it('the server refuses both (foreign_issuer): each keeps its refusal and stays pending — the first does not hold up the second', async () => {
    other.app.services!.link.repoint(central.url);
    expect(await other.app.services!.documents.pushPending()).toBe(0);
    expect(stored()).toEqual([
      expect.objectContaining({ server_state: 'pending', server_error: 'foreign_issuer' }),
      expect.objectContaining({ server_state: 'pending', server_error: 'foreign_issuer' }),
    ]);
    for (const id of ids) {
      const document = await listed(id);
      expect(document.serverState).toBe('pending');
      expect(document.serverRefusal).toMatchObject({ code: 'foreign_issuer', issuer: BIN });
      expect(Date.parse(document.serverRefusal!.at)).not.toBeNaN();
    }
    // Nothing was stored on the server under the unbound BIN.
    expect(await sql.query(`SELECT number FROM issued_documents WHERE issuer = $1`, [BIN])).toEqual([]);
  });

  it('once the server’s administrator binds the BIN, they are registered and the refusal is cleared', async () => {
    expect(await bindProviderBin(sql, 'PMSP-08', BIN)).toEqual({ outcome: 'bound' });
    await other.app.services!.documents.pushPending();
    expect(stored().map((row) => [row.server_state, row.server_error])).toEqual([
      ['registered', null],
      ['registered', null],
    ]);
    for (const id of ids) expect(await listed(id)).toMatchObject({ serverState: 'registered', serverRefusal: null });
    expect(await sql.query(`SELECT count(*)::int AS n FROM issued_documents WHERE issuer = $1`, [BIN])).toEqual([{ n: 2 }]);
  });
});
