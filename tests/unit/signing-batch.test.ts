// Batch signing on a real SoftHSM2 token, through the API as the UI calls it: the results of several
// requests in review signed after one PIN entry (one login), each recorded with its transition;
// progress events, cancel, a wrong PIN, an item in the wrong state, a token pulled out mid-batch.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName, Events } from '../../src/shared/api/contract';
import type { ApiError, ApiResult } from '../../src/shared/api/errors';
import type { Role } from '../../src/shared/domain/roles';
import type { SignBatchEvent } from '../../src/shared/signing';
import { createApp, type App, type AppConnection } from '../../src/main/app';
import { newId } from '../../src/main/ids';
import { hashPassword } from '../../src/main/services/passwords';
import type { RequestActor } from '../../src/main/services/requests';
import { createTokenManager, TokenError, type TokenManager } from '../../src/main/signing/pkcs11-tokens';
import { makeIin } from '../helpers/iin';
import { createTestPki } from '../helpers/pki';
import { createSoftHsm, type SoftHsm } from '../helpers/softhsm';
import { ManualClock, tempDir } from '../helpers/workstation';

const PIN = '1234';
const PASSWORD = 'password-1';
const TOKEN = 'Batch token';
const NOW = new Date();
let serial = 700;
const nextIin = () => makeIin('1979-06-15', 'female', (serial += 1));

const signerIin = nextIin();
const plainSignerIin = nextIin();
const socialIin = nextIin();

let hsm: SoftHsm;
let app: App;
let realTokens: TokenManager;
let tokenRef: string;
/** What the token manager saw: logins (openSigner calls), and a token "pulled out" after n signatures. */
const seen = { logins: 0, pullAfterSigns: null as number | null };

// The workstation's token manager, counting logins and able to lose the token mid-session.
function instrumented(real: TokenManager): TokenManager {
  return {
    modules: () => real.modules(),
    setModules: (paths) => real.setModules(paths),
    list: () => real.list(),
    certificates: (ref) => real.certificates(ref),
    close: () => real.close(),
    openSigner(ref, idHex, pin) {
      seen.logins += 1;
      const signer = real.openSigner(ref, idHex, pin);
      let signs = 0;
      return {
        ...signer,
        sign(data) {
          signs += 1;
          if (seen.pullAfterSigns !== null && signs > seen.pullAfterSigns) throw new TokenError('token_removed');
          return signer.sign(data);
        },
      };
    },
  };
}

beforeAll(async () => {
  const dataDir = tempDir('qyzmet-signing-batch-');
  const pki = await createTestPki({ now: NOW });
  pki.writeTrustDir(path.join(dataDir, 'trust'));
  fs.mkdirSync(path.join(dataDir, 'crl'));
  fs.writeFileSync(path.join(dataDir, 'crl', 'issuing.crl'), await pki.crl({ revoked: [], thisUpdate: new Date(Date.now() - 3600_000), nextUpdate: new Date(Date.now() + 86400_000) }));
  const org = { name: 'ӘЛЕУМЕТТІК ҚОРҒАУ БӨЛІМІ', bin: '020240000017' };
  hsm = createSoftHsm();
  hsm.initToken(TOKEN, { user: PIN });
  const keys = [
    ['01', await pki.issue({ surname: 'ТӨЛЕУОВА', givenName: 'ГҮЛНАР', iin: signerIin, organisation: org, roles: ['legal_entity', 'right_of_signature'] })],
    ['02', await pki.issue({ surname: 'ЖАҚЫПОВ', givenName: 'АРМАН', iin: plainSignerIin, organisation: org, roles: ['legal_entity', 'employee'] })],
  ] as const;
  for (const [idHex, cert] of keys) hsm.importKey(TOKEN, PIN, { idHex, label: idHex, privateKeyPkcs8Der: cert.privateKeyPkcs8Der, certDer: cert.certDer });
  process.env.SOFTHSM2_CONF = hsm.confPath;
  realTokens = createTokenManager();
  app = createApp({ dataDir, clock: new ManualClock(NOW), tokens: instrumented(realTokens), logger: { error: () => undefined } });
  const token = app.services!.signing.status().tokens.find((item) => item.label === TOKEN);
  if (!token) throw new Error('the batch token is not visible');
  tokenRef = token.ref;
  // Results are documents: the provider they are issued by (no central server here: they wait to be registered).
  const settings = app.services!.db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
  settings.run('provider_code', 'SOC-01');
  settings.run('document_verify_url', 'https://qyzmet.example.kz/verify');
  app.services!.documents.setProviderProfile({
    bin: '020240000017',
    name: { kk: 'Әлеуметтік қорғау бөлімі', ru: 'Отдел социальной защиты' },
    city: { kk: 'Көкшетау', ru: 'Кокшетау' },
    address: null,
    phone: null,
    signerPosition: null,
  });
}, 60_000);

afterAll(() => {
  app?.close();
  realTokens?.close();
  hsm?.cleanup();
});

async function staff(iin: string, fullName: string, roles: Role[]): Promise<RequestActor> {
  const id = newId();
  const at = NOW.toISOString();
  app.services!.db.prepare(
    `INSERT INTO staff (id, iin, full_name, roles, password_hash, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)`,
  ).run(id, iin, fullName, JSON.stringify(roles), await hashPassword(PASSWORD), at, at);
  return { staffId: id, iin, roles };
}

let actors: { signer: RequestActor; plainSigner: RequestActor; social: RequestActor };
beforeAll(async () => {
  actors = {
    signer: await staff(signerIin, 'Гүлнар Төлеуова', ['authorised_signer']),
    plainSigner: await staff(plainSignerIin, 'Арман Жақыпов', ['authorised_signer']),
    social: await staff(socialIin, 'Айгүл Сапарова', ['social_officer']),
  };
});

function applicant(): string {
  const iin = makeIin('1992-03-08', 'female', (serial += 1));
  const record = {
    iin, surname: 'Омарова', name: 'Әсем', patronymic: null, birthDate: '1992-03-08', sex: 'female', citizenship: 'KZ',
    address: { region: 'Ақмола облысы', city: 'Көкшетау', street: 'Абай', house: '3', flat: null },
    document: { type: 'id_card', number: '051234567', issuedOn: '2016-01-01', issuer: 'ІІМ' }, deathDate: null,
  };
  app.services!.db.prepare(`INSERT INTO registry_cache (system, subject, answer, answered_at, stored_at) VALUES ('individuals', ?, ?, ?, ?)`)
    .run(iin, JSON.stringify(record), NOW.toISOString(), NOW.toISOString());
  return iin;
}

/** A registered request (not yet in review), by the social officer. */
function registered(): string {
  const { requests } = app.services!;
  const draft = requests.createDraft(actors.social, {
    service: 'social.unemployed-certificate',
    channel: 'service_centre',
    applicant: { kind: 'person', iin: applicant() },
    form: { periodFrom: '2026-01-05' },
    documents: { standard_documents: { presented: true, presentation: 'original' } },
  });
  requests.register(actors.social, { requestId: draft.id });
  return draft.id;
}

/** Requests in review whose certificate the social officer prepared for signing. */
function inReview(n: number): string[] {
  return Array.from({ length: n }, () => {
    const id = app.services!.requests.take(actors.social, registered()).id;
    app.services!.documents.saveDraft(actors.social, { requestId: id, kind: 'unemployed_certificate', details: { registeredOn: '2026-02-20' } });
    return id;
  });
}

interface Desk {
  connection: AppConnection;
  events: SignBatchEvent[];
  call<T>(method: string, input: unknown): Promise<T>;
  fail(method: string, input: unknown): Promise<ApiError>;
  /** Resolves with the batch's end (and every event it sent). */
  finished(batchId: string): Promise<Extract<SignBatchEvent, { kind: 'finished' }>>;
}

/** A connection of the UI, signed in as `person`; `onEvent` sees each batch event as it is pushed. */
async function desk(person: RequestActor, onEvent?: (event: SignBatchEvent, connection: AppConnection) => void): Promise<Desk> {
  const events: SignBatchEvent[] = [];
  const waiters: Array<() => void> = [];
  // The sink is called only after connect() has returned (events come with later calls).
  const connection: AppConnection = app.connect(<E extends EventName>(event: E, payload: Events[E]) => {
    if (event !== 'signing.batch') return;
    const batchEvent = payload as SignBatchEvent;
    events.push(batchEvent);
    onEvent?.(batchEvent, connection);
    waiters.splice(0).forEach((wake) => wake());
  });
  const call = async <T,>(method: string, input: unknown): Promise<T> => {
    const result = (await connection.call(method, input)) as ApiResult<T>;
    if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
    return result.value;
  };
  const fail = async (method: string, input: unknown): Promise<ApiError> => {
    const result = await connection.call(method, input);
    if (result.ok) throw new Error(`${method} was expected to fail`);
    return result.error;
  };
  await call('auth.signIn', { iin: person.iin, password: PASSWORD });
  return {
    connection,
    events,
    call,
    fail,
    async finished(batchId) {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const end = events.find((event) => event.batchId === batchId && event.kind === 'finished');
        if (end) return end as Extract<SignBatchEvent, { kind: 'finished' }>;
        if (Date.now() > deadline) throw new Error(`batch ${batchId} did not finish: ${JSON.stringify(events)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    },
  };
}

const key = (idHex = '01') => ({ kind: 'token' as const, tokenRef, idHex });
const itemsOf = (ids: string[]) => ids.map((requestId) => ({ requestId, action: 'mark_result_ready' as const }));
const stateOf = (id: string) => app.services!.requests.get(actors.signer, id).state;
const signaturesOf = (id: string) => app.services!.signing.signatures(id);
const auditCount = (action: string) => app.services!.db.prepare(`SELECT count(*) FROM audit_log WHERE action = ?`).pluck().get(action) as number;

describe('batch signing of results', () => {
  it('signs five results in review after one login: each result ready with one signature, its history and change log; progress in order', async () => {
    const ids = inReview(5);
    const { db } = app.services!;
    const signer = await desk(actors.signer);
    const logins = seen.logins;
    const created = auditCount('signature.created');
    const { batchId, total } = await signer.call<{ batchId: string; total: number }>('signing.signBatch', { items: itemsOf(ids), key: key(), pin: PIN });
    expect(total).toBe(5);
    const end = await signer.finished(batchId);

    expect(seen.logins - logins).toBe(1);
    expect(end).toMatchObject({ kind: 'finished', outcome: 'done', done: 5, total: 5, signed: 5, failed: 0 });
    const items = signer.events.filter((event) => event.kind === 'item');
    expect(items.map((event) => [event.done, event.requestId, event.kind === 'item' && event.outcome])).toEqual(ids.map((id, index) => [index + 1, id, 'signed']));
    for (const id of ids) {
      expect(stateOf(id)).toBe('result_ready');
      const signatures = signaturesOf(id);
      expect(signatures).toHaveLength(1);
      expect(signatures[0]).toMatchObject({ action: 'mark_result_ready', signerIin, keySource: 'token' });
      const history = app.services!.requests.get(actors.signer, id).history;
      expect(history.at(-1)?.action).toBe('mark_result_ready');
      expect(db.prepare(`SELECT count(*) FROM change_log WHERE entity = 'signature' AND entity_id = ?`).pluck().get(signatures[0]!.id)).toBe(1);
      // The signature is the one inside the prepared certificate's PDF, numbered in the journal.
      const [document] = app.services!.documents.list(actors.signer, id);
      expect(document).toMatchObject({ kind: 'unemployed_certificate', signerIin, journalEntries: [{ journal: 'issued_documents', number: document!.number }] });
    }
    const { year } = app.services!.journals.peek('issued_documents');
    expect(app.services!.journals.verifyNoGaps('issued_documents', 'SOC-01', year)).toMatchObject({ ok: true, count: 5 });
    expect(auditCount('signature.created') - created).toBe(5);
    const batchAudit = db.prepare(`SELECT detail FROM audit_log WHERE action = 'signature.batch' AND subject = ?`).pluck().get(batchId) as string;
    expect(JSON.parse(batchAudit)).toMatchObject({ outcome: 'done', total: 5, signed: 5, failed: 0, source: 'token' });
    // The histories still verify.
    expect(app.services!.requests.verify().ok).toBe(true);
    signer.connection.close();
  });

  it('a request whose document was not prepared is reported failed, unsigned; the others are signed', async () => {
    const [prepared] = inReview(1);
    const unprepared = app.services!.requests.take(actors.social, registered()).id;
    const signer = await desk(actors.signer);
    const { batchId } = await signer.call<{ batchId: string }>('signing.signBatch', { items: itemsOf([unprepared, prepared!]), key: key(), pin: PIN });
    const end = await signer.finished(batchId);
    expect(end).toMatchObject({ outcome: 'done', signed: 1, failed: 1 });
    const failedItem = signer.events.find((event) => event.kind === 'item' && event.requestId === unprepared);
    expect(failedItem).toMatchObject({ outcome: 'failed', error: { code: 'document_blocked', params: { reason: 'not_prepared' } } });
    expect(stateOf(unprepared)).toBe('in_review');
    expect(stateOf(prepared!)).toBe('result_ready');
    signer.connection.close();
  });

  it('a wrong PIN fails the whole batch before any item: nothing signed, no events, the PIN nowhere', async () => {
    const ids = inReview(3);
    const signer = await desk(actors.signer);
    const created = auditCount('signature.created');
    const error = await signer.fail('signing.signBatch', { items: itemsOf(ids), key: key(), pin: '98765' });
    expect(error).toMatchObject({ code: 'signing_failed', params: { reason: 'pin_incorrect' } });
    expect(JSON.stringify(error)).not.toContain('98765');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(signer.events).toEqual([]);
    for (const id of ids) {
      expect(stateOf(id)).toBe('in_review');
      expect(signaturesOf(id)).toEqual([]);
    }
    expect(auditCount('signature.created')).toBe(created);
    const audit = app.services!.db.prepare(`SELECT detail FROM audit_log`).pluck().all() as string[];
    expect(audit.join('\n')).not.toContain('98765');
    // The token is free again: the same batch goes through with the right PIN.
    const { batchId } = await signer.call<{ batchId: string }>('signing.signBatch', { items: itemsOf(ids), key: key(), pin: PIN });
    expect(await signer.finished(batchId)).toMatchObject({ outcome: 'done', signed: 3 });
    expect(JSON.stringify(signer.events)).not.toContain(PIN);
    signer.connection.close();
  });

  it('cancel after the first progress event: the first stays signed, the rest stay in review untouched', async () => {
    const ids = inReview(5);
    let batchId = '';
    const signer = await desk(actors.signer, (event, connection) => {
      if (event.kind === 'item' && event.done === 1) void connection.call('signing.cancelBatch', { batchId: event.batchId });
    });
    ({ batchId } = await signer.call<{ batchId: string }>('signing.signBatch', { items: itemsOf(ids), key: key(), pin: PIN }));
    const end = await signer.finished(batchId);
    expect(end).toMatchObject({ outcome: 'cancelled', done: 1, total: 5, signed: 1, failed: 0 });
    expect(stateOf(ids[0]!)).toBe('result_ready');
    expect(signaturesOf(ids[0]!)).toHaveLength(1);
    for (const id of ids.slice(1)) {
      expect(stateOf(id)).toBe('in_review');
      expect(signaturesOf(id)).toEqual([]);
      expect(app.services!.requests.get(actors.signer, id).history.map((event) => event.action)).toEqual(['register', 'assign', 'take_into_review']);
    }
    // Over: cancelling again finds no such batch; the key was closed (it opens again).
    expect(await signer.fail('signing.cancelBatch', { batchId })).toMatchObject({ code: 'not_found' });
    await expect(app.services!.signing.signForRequest(actors.signer, app.services!.requests.signedSubject(actors.signer, itemsOf([ids[1]!])[0]!), key(), PIN)).resolves.toMatchObject({ verdict: { ok: true } });
    signer.connection.close();
  });

  it('an item in the wrong state is reported failed, unsigned, and the others are signed', async () => {
    const [first, last] = inReview(2) as [string, string];
    const notTaken = registered();
    const signer = await desk(actors.signer);
    const created = auditCount('signature.created');
    const { batchId } = await signer.call<{ batchId: string }>('signing.signBatch', { items: itemsOf([first, notTaken, last]), key: key(), pin: PIN });
    const end = await signer.finished(batchId);
    expect(end).toMatchObject({ outcome: 'done', done: 3, signed: 2, failed: 1 });
    const failed = signer.events.find((event) => event.kind === 'item' && event.requestId === notTaken);
    expect(failed).toMatchObject({ outcome: 'failed', error: { code: 'request_state', params: { action: 'mark_result_ready', state: 'registered' } } });
    expect(stateOf(first)).toBe('result_ready');
    expect(stateOf(last)).toBe('result_ready');
    expect(stateOf(notTaken)).toBe('registered');
    expect(signaturesOf(notTaken)).toEqual([]);
    // Not signed at all: two signatures made, not three.
    expect(auditCount('signature.created') - created).toBe(2);
    signer.connection.close();
  });

  it('a token pulled out mid-batch stops it with token_removed, keeping what was done; the session is closed', async () => {
    const ids = inReview(5);
    const signer = await desk(actors.signer);
    seen.pullAfterSigns = 2;
    let batchId: string;
    try {
      ({ batchId } = await signer.call<{ batchId: string }>('signing.signBatch', { items: itemsOf(ids), key: key(), pin: PIN }));
      const end = await signer.finished(batchId);
      expect(end).toMatchObject({ outcome: 'failed', done: 3, signed: 2, failed: 1, error: { code: 'signing_failed', params: { reason: 'token_removed' } } });
    } finally {
      seen.pullAfterSigns = null;
    }
    expect(ids.map(stateOf)).toEqual(['result_ready', 'result_ready', 'in_review', 'in_review', 'in_review']);
    expect(signaturesOf(ids[2]!)).toEqual([]);
    // The token's session was logged out and closed: a new batch opens it and signs the rest.
    const again = await signer.call<{ batchId: string }>('signing.signBatch', { items: itemsOf(ids.slice(2)), key: key(), pin: PIN });
    expect(await signer.finished(again.batchId)).toMatchObject({ outcome: 'done', signed: 3 });
    expect(ids.map(stateOf)).toEqual(Array(5).fill('result_ready'));
    signer.connection.close();
  });

  it('refuses up front what every item would be refused: no right of signature; and only authorised signers may start a batch', async () => {
    const ids = inReview(2);
    const plain = await desk(actors.plainSigner);
    const logins = seen.logins;
    expect(await plain.fail('signing.signBatch', { items: itemsOf(ids), key: key('02'), pin: PIN })).toMatchObject({ code: 'signing_refused', params: { reason: 'no_signing_right' } });
    expect(seen.logins - logins).toBe(1);
    const social = await desk(actors.social);
    expect(await social.fail('signing.signBatch', { items: itemsOf(ids), key: key('01'), pin: PIN })).toMatchObject({ code: 'forbidden', params: { role: 'authorised_signer' } });
    expect(seen.logins - logins).toBe(1);
    for (const id of ids) expect(stateOf(id)).toBe('in_review');
    // At most 200 items, at least one.
    expect(await plain.fail('signing.signBatch', { items: [], key: key('02'), pin: PIN })).toMatchObject({ code: 'invalid_input' });
    plain.connection.close();
    social.connection.close();
  });
});
