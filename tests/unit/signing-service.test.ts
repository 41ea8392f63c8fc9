// The workstation's signing rules end to end in the main process: a real SoftHSM2 token, the request
// store and the signing service — who may sign what, and that a signature covers exactly the decision.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/shared/domain/roles';
import { newId } from '../../src/main/ids';
import { hashPassword } from '../../src/main/services/passwords';
import type { RequestActor } from '../../src/main/services/requests';
import { makeIin } from '../helpers/iin';
import { createTestPki, type TestPki } from '../helpers/pki';
import { createSoftHsm, type SoftHsm } from '../helpers/softhsm';
import { connect, ManualClock, startApp, tempDir } from '../helpers/workstation';

const PIN = '1234';
const TOKEN = 'Desk token';
const NOW = new Date();
let serial = 500;
const nextIin = () => makeIin('1984-02-29', 'male', (serial += 1));

const signerIin = nextIin();
const plainSignerIin = nextIin();
const socialIin = nextIin();
const strangerIin = nextIin();

let hsm: SoftHsm;
let pki: TestPki;
let started: ReturnType<typeof startApp>;
let tokenRef: string;

beforeAll(async () => {
  const dataDir = tempDir('qyzmet-signing-service-');
  pki = await createTestPki({ now: NOW });
  pki.writeTrustDir(path.join(dataDir, 'trust'));
  fs.mkdirSync(path.join(dataDir, 'crl'));
  fs.writeFileSync(path.join(dataDir, 'crl', 'issuing.crl'), await pki.crl({ revoked: [], thisUpdate: new Date(Date.now() - 3600_000), nextUpdate: new Date(Date.now() + 86400_000) }));
  const org = { name: 'ӘЛЕУМЕТТІК ҚОРҒАУ БӨЛІМІ', bin: '020240000017' };
  hsm = createSoftHsm();
  hsm.initToken(TOKEN, { user: PIN });
  const keys = [
    ['01', await pki.issue({ surname: 'АХМЕТОВ', givenName: 'СЕРІК', iin: signerIin, organisation: org, roles: ['legal_entity', 'right_of_signature'] })],
    ['02', await pki.issue({ surname: 'АХМЕТОВ', givenName: 'СЕРІК', iin: signerIin, organisation: org, usage: 'auth', roles: ['legal_entity'] })],
    ['03', await pki.issue({ surname: 'ЖАҚЫПОВ', givenName: 'АРМАН', iin: plainSignerIin, organisation: org, roles: ['legal_entity', 'employee'] })],
    ['04', await pki.issue({ surname: 'БӨТЕН', givenName: 'АДАМ', iin: strangerIin, organisation: org, roles: ['legal_entity', 'right_of_signature'] })],
    ['05', await pki.issue({ surname: 'САПАРОВА', givenName: 'АЙГҮЛ', iin: socialIin, organisation: org, keyType: 'ec', roles: ['legal_entity', 'employee'] })],
  ] as const;
  for (const [idHex, cert] of keys) hsm.importKey(TOKEN, PIN, { idHex, label: idHex, privateKeyPkcs8Der: cert.privateKeyPkcs8Der, certDer: cert.certDer });
  process.env.SOFTHSM2_CONF = hsm.confPath;
  started = startApp(dataDir, new ManualClock(NOW));
  const token = started.app.services!.signing.status().tokens.find((item) => item.label === TOKEN);
  if (!token) throw new Error('the desk token is not visible');
  tokenRef = token.ref;
}, 60_000);

afterAll(() => {
  started?.app.close();
  hsm?.cleanup();
});

function staff(iin: string, fullName: string, roles: Role[]): RequestActor {
  const id = newId();
  const at = NOW.toISOString();
  started.app.services!.db.prepare(
    `INSERT INTO staff (id, iin, full_name, roles, password_hash, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)`,
  ).run(id, iin, fullName, JSON.stringify(roles), 'unused', at, at);
  return { staffId: id, iin, roles };
}

function applicant(): string {
  const iin = makeIin('1991-08-30', 'female', (serial += 1));
  const record = {
    iin, surname: 'Омарова', name: 'Әсем', patronymic: null, birthDate: '1991-08-30', sex: 'female', citizenship: 'KZ',
    address: { region: 'Ақмола облысы', city: 'Көкшетау', street: 'Абай', house: '3', flat: null },
    document: { type: 'id_card', number: '051234567', issuedOn: '2016-01-01', issuer: 'ІІМ' }, deathDate: null,
  };
  started.app.services!.db.prepare(`INSERT INTO registry_cache (system, subject, answer, answered_at, stored_at) VALUES ('individuals', ?, ?, ?, ?)`)
    .run(iin, JSON.stringify(record), NOW.toISOString(), NOW.toISOString());
  return iin;
}

let actors: { signer: RequestActor; plainSigner: RequestActor; social: RequestActor };
beforeAll(() => {
  actors = {
    signer: staff(signerIin, 'Серік Ахметов', ['authorised_signer']),
    plainSigner: staff(plainSignerIin, 'Арман Жақыпов', ['authorised_signer']),
    social: staff(socialIin, 'Айгүл Сапарова', ['social_officer']),
  };
});

function requestInReview() {
  const { requests } = started.app.services!;
  const draft = requests.createDraft(actors.social, {
    service: 'social.unemployed-certificate',
    channel: 'service_centre',
    applicant: { kind: 'person', iin: applicant() },
    form: { periodFrom: '2026-01-05' },
    documents: { standard_documents: { presented: true, presentation: 'original' } },
  });
  requests.register(actors.social, { requestId: draft.id });
  return requests.take(actors.social, draft.id);
}

const key = (idHex: string) => ({ kind: 'token' as const, tokenRef, idHex });
const refusal = (requestId: string, reason = 'Ұсынылған құжаттар жарамсыз') => ({ requestId, action: 'refuse' as const, refusalGround: 'documents_invalid', reason });

describe('signing a decision about a request', () => {
  it('the authorised signer signs a refusal on the token; it is recorded with the transition, and OpenSSL verifies it', async () => {
    const { requests, signing, db } = started.app.services!;
    const request = requestInReview();
    const subject = requests.signedSubject(actors.signer, refusal(request.id));
    const { signatureRef, verdict } = await signing.signForRequest(actors.signer, subject, key('01'), PIN);
    expect(verdict.ok).toBe(true);
    expect(db.prepare(`SELECT count(*) FROM signatures WHERE request_id = ?`).pluck().get(request.id)).toBe(0);

    const refused = requests.transition(actors.signer, { ...refusal(request.id), signatureRef });
    expect(refused.state).toBe('refused');
    const [record] = signing.signatures(request.id);
    expect(record).toMatchObject({ id: signatureRef, action: 'refuse', signerIin, keySource: 'token' });
    expect(db.prepare(`SELECT count(*) FROM change_log WHERE entity = 'signature' AND entity_id = ?`).pluck().get(signatureRef)).toBe(1);

    // The stored CMS verifies over the stored content with OpenSSL and the test root.
    const row = db.prepare(`SELECT content, cms FROM signatures WHERE id = ?`).get(signatureRef) as { content: string; cms: Buffer };
    expect(JSON.parse(row.content)).toMatchObject({ action: 'refuse', reason: 'Ұсынылған құжаттар жарамсыз', requestId: request.id, signerIin });
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'content'), row.content);
    fs.writeFileSync(path.join(dir, 'sig'), row.cms);
    fs.writeFileSync(path.join(dir, 'ca.pem'), `${pki.root.certPem.trim()}\n${pki.issuing.certPem.trim()}\n`);
    const output = execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', path.join(dir, 'sig'), '-content', path.join(dir, 'content'), '-CAfile', path.join(dir, 'ca.pem'), '-purpose', 'any', '-out', '/dev/null'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(output).toBe('');
  });

  it('marks a result ready with a signature of the signer, which cannot be used a second time', async () => {
    const { requests, signing } = started.app.services!;
    const request = requestInReview();
    const decision = { requestId: request.id, action: 'mark_result_ready' as const };
    const { signatureRef } = await signing.signForRequest(actors.signer, requests.signedSubject(actors.signer, decision), key('01'), PIN);
    expect(requests.transition(actors.signer, { ...decision, signatureRef }).state).toBe('result_ready');
    const another = requestInReview();
    expect(() => requests.transition(actors.signer, { requestId: another.id, action: 'mark_result_ready', signatureRef })).toThrow('signature_required');
  });

  it('a signature covers exactly the decision: a different reason, or another request, is refused', async () => {
    const { requests, signing } = started.app.services!;
    const request = requestInReview();
    const { signatureRef } = await signing.signForRequest(actors.signer, requests.signedSubject(actors.signer, refusal(request.id)), key('01'), PIN);
    expect(() => requests.transition(actors.signer, { ...refusal(request.id, 'Басқа себеп'), signatureRef })).toThrow('signature_required');
    expect(requests.get(actors.signer, request.id).state).toBe('in_review');
    expect(signing.signatures(request.id)).toEqual([]);
    // The right decision still goes through with it.
    expect(requests.transition(actors.signer, { ...refusal(request.id), signatureRef }).state).toBe('refused');
  });

  it('refuses before signing: someone else\'s certificate, an authentication key, no right of signature, not an authorised signer', async () => {
    const { requests, signing } = started.app.services!;
    const request = requestInReview();
    const subject = requests.signedSubject(actors.signer, refusal(request.id));
    await expect(signing.signForRequest(actors.signer, subject, key('04'), PIN)).rejects.toMatchObject({ code: 'signing_refused', params: { reason: 'signer_mismatch', certificateIin: strangerIin } });
    await expect(signing.signForRequest(actors.signer, subject, key('02'), PIN)).rejects.toMatchObject({ code: 'signing_refused', params: { reason: 'not_signing_key' } });
    await expect(signing.signForRequest(actors.plainSigner, subject, key('03'), PIN)).rejects.toMatchObject({ code: 'signing_refused', params: { reason: 'no_signing_right' } });
    await expect(signing.signForRequest(actors.social, subject, key('05'), PIN)).rejects.toMatchObject({ code: 'signing_refused', params: { reason: 'not_authorised_signer' } });
  });
});

describe('through the API, as the UI calls it', () => {
  it('a wrong PIN is explained, the PIN appears nowhere, and nothing is recorded', async () => {
    const { app } = started;
    const services = app.services!;
    services.db.prepare(`UPDATE staff SET password_hash = ? WHERE id = ?`).run(await hashPassword('password-1'), actors.social.staffId);
    const client = connect(app);
    await client.call('auth.signIn', { iin: socialIin, password: 'password-1' });
    // A registration at the counter, which the employee signs.
    const draft = services.requests.createDraft(actors.social, {
      service: 'social.unemployed-certificate',
      channel: 'walk_in',
      applicant: { kind: 'person', iin: applicant() },
      form: { periodFrom: '2026-01-05' },
      documents: { standard_documents: { presented: true, presentation: 'original' } },
    });
    const registration = { requestId: draft.id, action: 'register' as const };
    const error = await client.fail('signing.sign', { ...registration, key: key('05'), pin: '98765' });
    expect(error).toMatchObject({ code: 'signing_failed', params: { reason: 'pin_incorrect' } });
    expect(JSON.stringify(error)).not.toContain('98765');
    const audit = services.db.prepare(`SELECT detail FROM audit_log`).pluck().all() as string[];
    expect(audit.join('\n')).not.toContain('98765');

    const { signatureRef } = await client.call('signing.sign', { ...registration, key: key('05'), pin: PIN });
    const registered = await client.call('requests.register', { requestId: draft.id, signatureRef });
    expect(registered.state).toBe('registered');
    expect(await client.call('signing.signatures', { requestId: draft.id })).toHaveLength(1);
  });

  it('a result or a refusal is not signed here: through the API it is signed inside its document (documents.sign)', async () => {
    const client = connect(started.app);
    await client.call('auth.signIn', { iin: socialIin, password: 'password-1' });
    const request = requestInReview();
    const error = await client.fail('signing.sign', { ...refusal(request.id), key: key('05'), pin: PIN });
    expect(error).toMatchObject({ code: 'invalid_input', issues: [{ path: 'action' }] });
  });
});
