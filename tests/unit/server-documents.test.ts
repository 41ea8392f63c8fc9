// The central server's register of issued documents: a signed registration by an enrolled
// workstation (idempotent, a conflict for another hash under the same number; only under its own
// provider's code or BIN), the public check by number + hash that reveals the registered data only
// for the right hash, and the page a phone opens after scanning a document's QR code.
import { createHash, randomBytes, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDocumentOnServer, checkUrlFromVerifyUrl, registerDocumentOnServer } from '../../src/main/documents/server-register';
import { CentralError } from '../../src/main/services/central-client';
import { SERVER_MIGRATIONS, migrateServer } from '../../src/server/db/migrations';
import { openPglite } from '../../src/server/db/pglite';
import type { Sql } from '../../src/server/db/sql';
import { bindProviderBin, createDocumentRegister, unbindProviderBin } from '../../src/server/documents';
import {
  DOCUMENT_ROUTES,
  SERVER_HEADERS,
  canonicalRequest,
  type DocumentCheckReply,
  type DocumentRegistration,
} from '../../src/shared/server-api';
import { enrolledClient, openBackend, startCentral, type Backend } from '../helpers/central';
import { makeIin } from '../helpers/iin';
import { freePort } from '../helpers/postgres';

const STAFF = makeIin('1984-05-20', 'female', 6);
const BIN = '050140000013';
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

const REGISTRATION: DocumentRegistration = {
  number: 'PMSP-01-26-K7QM4-00017-4',
  issuedOn: '2026-02-03',
  issuedAt: '2026-02-03T09:15:00.000Z',
  issuer: BIN,
  sha256: sha('the archival reference'),
  kind: 'archival_reference',
  title: { kk: 'Мұрағаттық анықтама', ru: 'Архивная справка' },
  providerName: { kk: '«Ақмола облысының мемлекеттік мұрағаты» КММ', ru: 'КГУ «Государственный архив Акмолинской области»' },
  signerName: 'СЕРІКБАЕВ НҰРЛАН ӨМІРҰЛЫ',
  requestNumber: 'PMSP-01-26-K7QM4-00042-7',
};

const CSP = "default-src 'none'; style-src 'unsafe-inline'";

describe.each<Backend>(['pglite', 'postgres'])('register of issued documents on %s', (backend) => {
  let sql: Sql;
  let stopBackend: () => Promise<void>;
  let central: Awaited<ReturnType<typeof startCentral>>;
  let ws: Awaited<ReturnType<typeof enrolledClient>>;

  /** A signed POST made by hand, to see the HTTP status (the client returns only the body). */
  async function signedPost(path: string, body: unknown, by: Awaited<ReturnType<typeof enrolledClient>> = ws): Promise<Response> {
    const text = JSON.stringify(body);
    const time = String(Date.now());
    const nonce = randomBytes(18).toString('base64url');
    const payload = canonicalRequest({ method: 'POST', path, time, nonce, staff: STAFF, bodySha256: sha(text) });
    return fetch(`${central.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SERVER_HEADERS.workstation]: by.workstationId,
        [SERVER_HEADERS.time]: time,
        [SERVER_HEADERS.nonce]: nonce,
        [SERVER_HEADERS.staff]: STAFF,
        [SERVER_HEADERS.signature]: sign(null, Buffer.from(payload), by.key.privateKey).toString('base64'),
      },
      body: text,
    });
  }

  const check = async (query: Record<string, string>) => {
    const response = await fetch(`${central.url}${DOCUMENT_ROUTES.check}?${new URLSearchParams(query)}`);
    return { status: response.status, headers: response.headers, body: (await response.json()) as DocumentCheckReply & { error?: string } };
  };
  const page = async (query: string) => {
    const response = await fetch(`${central.url}${DOCUMENT_ROUTES.page}${query}`);
    return { status: response.status, headers: response.headers, html: await response.text() };
  };
  const qrQuery = (r: DocumentRegistration, sha256 = r.sha256) => ({ no: r.number, date: r.issuedOn, issuer: r.issuer, sha256 });

  beforeAll(async () => {
    const opened = await openBackend(backend);
    sql = opened.sql;
    stopBackend = opened.stop;
    central = await startCentral(sql);
    ws = await enrolledClient(central.url, central.auth);
    // The server's administrator has bound the provider's BIN to it (qyzmet-server provider-bin).
    expect(await bindProviderBin(sql, 'PMSP-01', BIN)).toEqual({ outcome: 'bound' });
  }, 120_000);

  afterAll(async () => {
    await central?.app.close();
    await stopBackend?.();
  });

  it('registers a document from an enrolled workstation (201), recording the workstation and its provider', async () => {
    const response = await signedPost(DOCUMENT_ROUTES.register, REGISTRATION);
    expect(response.status).toBe(201);
    const body = (await response.json()) as { registered: boolean; registeredAt: string };
    expect(body.registered).toBe(true);
    expect(Date.parse(body.registeredAt)).not.toBeNaN();
    const rows = await sql.query<{ provider_code: string; workstation_id: string; request_number: string; issued_on: string; title: unknown }>(
      `SELECT provider_code, workstation_id, request_number, issued_on::text AS issued_on, title FROM issued_documents WHERE number = $1`,
      [REGISTRATION.number],
    );
    expect(rows).toEqual([
      { provider_code: 'PMSP-01', workstation_id: ws.workstationId, request_number: REGISTRATION.requestNumber, issued_on: '2026-02-03', title: REGISTRATION.title },
    ]);
  });

  it('answers the check by number + hash with the printed data, and nothing else', async () => {
    const { status, headers, body } = await check(qrQuery(REGISTRATION));
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(body).toEqual({
      status: 'valid',
      document: {
        number: REGISTRATION.number,
        issuedOn: '2026-02-03',
        issuer: BIN,
        kind: 'archival_reference',
        title: REGISTRATION.title,
        providerName: REGISTRATION.providerName,
        signerName: REGISTRATION.signerName,
        registeredAt: expect.any(String),
      },
    });
    // Issuer and date are optional; the hash may come in capitals.
    expect((await check({ no: REGISTRATION.number, sha256: REGISTRATION.sha256.toUpperCase() })).body.status).toBe('valid');
  });

  it('says hash_mismatch for a wrong hash without revealing anything of the registered document', async () => {
    const { status, body } = await check(qrQuery(REGISTRATION, sha('a forged reference')));
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'hash_mismatch' });
    expect((await check({ no: REGISTRATION.number, sha256: sha('x') })).body).toEqual({ status: 'hash_mismatch' });
  });

  it('says not_found for an unknown number, and for another issuer or date', async () => {
    expect((await check({ ...qrQuery(REGISTRATION), no: 'PMSP-01-26-K7QM4-99999-9' })).body).toEqual({ status: 'not_found' });
    expect((await check({ ...qrQuery(REGISTRATION), issuer: '990440000123' })).body).toEqual({ status: 'not_found' });
    expect((await check({ ...qrQuery(REGISTRATION), date: '2026-02-04' })).body).toEqual({ status: 'not_found' });
    expect((await check({ ...qrQuery(REGISTRATION, sha('x')), date: '2026-02-04' })).body).toEqual({ status: 'not_found' });
  });

  it('registers the same document again idempotently (200, same time) and refuses another hash under its number (409)', async () => {
    const [first] = await sql.query<{ registered_at: Date }>(`SELECT registered_at FROM issued_documents WHERE number = $1`, [REGISTRATION.number]);
    const again = await signedPost(DOCUMENT_ROUTES.register, REGISTRATION);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ registered: true, registeredAt: new Date(first!.registered_at).toISOString() });
    expect(await registerDocumentOnServer(ws.client, STAFF, REGISTRATION)).toBe('registered');

    const forged = { ...REGISTRATION, sha256: sha('another content'), title: { kk: 'Басқа', ru: 'Другое' } };
    const conflict = await signedPost(DOCUMENT_ROUTES.register, forged);
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toMatchObject({ error: 'document_conflict' });
    expect(await registerDocumentOnServer(ws.client, STAFF, forged)).toBe('conflict');
    // The first registration stands.
    expect((await check(qrQuery(REGISTRATION))).body).toMatchObject({ status: 'valid', document: { title: REGISTRATION.title } });
    expect((await check(qrQuery(forged))).body).toEqual({ status: 'hash_mismatch' });
    // The same number of another issuer is another document.
    const other = { ...REGISTRATION, issuer: 'PMSP-01', sha256: sha('the provider without a BIN') };
    expect(await registerDocumentOnServer(ws.client, STAFF, other)).toBe('registered');
    expect((await check(qrQuery(other))).body.status).toBe('valid');
    expect((await check({ no: REGISTRATION.number, sha256: other.sha256 })).body).toMatchObject({ status: 'valid', document: { issuer: 'PMSP-01' } });
    expect((await check(qrQuery(REGISTRATION))).body.status).toBe('valid');
  });

  it('refuses an unsigned or forged registration (401) and a malformed one (400)', async () => {
    const anonymous = await fetch(`${central.url}${DOCUMENT_ROUTES.register}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...REGISTRATION, number: 'ANONYMOUS-1' }),
    });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: 'unauthenticated' });
    const forged = await fetch(`${central.url}${DOCUMENT_ROUTES.register}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SERVER_HEADERS.workstation]: ws.workstationId,
        [SERVER_HEADERS.time]: String(Date.now()),
        [SERVER_HEADERS.nonce]: randomBytes(18).toString('base64url'),
        [SERVER_HEADERS.staff]: STAFF,
        [SERVER_HEADERS.signature]: randomBytes(64).toString('base64'),
      },
      body: JSON.stringify({ ...REGISTRATION, number: 'FORGED-1' }),
    });
    expect(forged.status).toBe(401);
    expect((await check({ no: 'ANONYMOUS-1', sha256: REGISTRATION.sha256 })).body.status).toBe('not_found');
    expect((await check({ no: 'FORGED-1', sha256: REGISTRATION.sha256 })).body.status).toBe('not_found');

    for (const bad of [
      { ...REGISTRATION, sha256: REGISTRATION.sha256.toUpperCase() },
      { ...REGISTRATION, issuedOn: '2026-02-30' },
      { ...REGISTRATION, issuedAt: 'yesterday' },
      { ...REGISTRATION, number: '' },
      { ...REGISTRATION, title: { kk: 'x'.repeat(301), ru: 'x' } },
      { ...REGISTRATION, workstationId: 'mine' },
    ]) {
      const response = await signedPost(DOCUMENT_ROUTES.register, bad);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'invalid_input' });
    }
    await expect(registerDocumentOnServer(ws.client, STAFF, { ...REGISTRATION, sha256: 'nope' })).rejects.toBeInstanceOf(CentralError);
  });

  it('refuses a registration under another provider’s BIN or code (403 foreign_issuer) and stores nothing', async () => {
    const rival = await enrolledClient(central.url, central.auth, 'PMSP-02');
    // Another provider's workstation tries to take PMSP-01's next numbers first, under its BIN and under its code.
    const squatted = { ...REGISTRATION, number: 'DOC-2026-K7QM4-000099', sha256: sha('squatted') };
    for (const issuer of [BIN, 'PMSP-01']) {
      const refused = await signedPost(DOCUMENT_ROUTES.register, { ...squatted, issuer }, rival);
      expect(refused.status, issuer).toBe(403);
      const body = (await refused.json()) as { error: string; message: string };
      expect(body.error).toBe('foreign_issuer');
      expect(body.message).toContain(`the issuer "${issuer}" is not this workstation's provider (PMSP-02)`);
      expect(body.message).toContain('qyzmet-server provider-bin --provider PMSP-02');
      expect((await check({ no: squatted.number, sha256: squatted.sha256 })).body).toEqual({ status: 'not_found' });
    }
    await expect(registerDocumentOnServer(rival.client, STAFF, squatted)).rejects.toMatchObject({ code: 'foreign_issuer', status: 403 });
    // A BIN nobody has bound is refused too: the server does not take the workstation's word for it.
    const unbound = await signedPost(DOCUMENT_ROUTES.register, { ...squatted, issuer: '990440000123' }, rival);
    expect(unbound.status).toBe(403);
    expect(await unbound.json()).toMatchObject({ error: 'foreign_issuer' });
    expect(await sql.query(`SELECT 1 FROM issued_documents WHERE number = $1`, [squatted.number])).toEqual([]);
    expect(await sql.query(`SELECT 1 FROM provider_bin WHERE bin = '990440000123'`)).toEqual([]);

    // The genuine provider registers its document afterwards, and the check finds it.
    const genuine = await signedPost(DOCUMENT_ROUTES.register, { ...squatted, sha256: sha('genuine') });
    expect(genuine.status).toBe(201);
    expect((await check(qrQuery({ ...squatted, sha256: sha('genuine') }))).body.status).toBe('valid');
    // The rival registers under its own code, and under its own BIN once the administrator binds it.
    const own = { ...squatted, number: 'DOC-2026-ABCDE-000001', issuer: 'PMSP-02', sha256: sha('the rival’s own') };
    expect((await signedPost(DOCUMENT_ROUTES.register, own, rival)).status).toBe(201);
    expect(await bindProviderBin(sql, 'PMSP-02', BIN)).toEqual({ outcome: 'taken', providerCode: 'PMSP-01' });
    expect(await bindProviderBin(sql, 'PMSP-02', '990440000123')).toEqual({ outcome: 'bound' });
    expect(await bindProviderBin(sql, 'PMSP-02', '990440000123')).toEqual({ outcome: 'already' });
    expect(await bindProviderBin(sql, 'PMSP-02', 'PMSP-01')).toEqual({ outcome: 'invalid_bin' });
    expect((await signedPost(DOCUMENT_ROUTES.register, { ...own, issuer: '990440000123' }, rival)).status).toBe(201);
    // …and PMSP-01 may not use the rival's BIN.
    const back = await signedPost(DOCUMENT_ROUTES.register, { ...own, issuer: '990440000123', sha256: sha('taken back') });
    expect(back.status).toBe(403);
    expect(await unbindProviderBin(sql, 'PMSP-01', '990440000123')).toBe(false);
    expect(await unbindProviderBin(sql, 'PMSP-02', '990440000123')).toBe(true);
  });

  it('refuses a malformed check query with 400 invalid_input', async () => {
    for (const query of [
      '',
      `?no=${encodeURIComponent(REGISTRATION.number)}`,
      `?sha256=${REGISTRATION.sha256}`,
      `?no=${encodeURIComponent(REGISTRATION.number)}&sha256=abc`,
      `?no=${encodeURIComponent(REGISTRATION.number)}&sha256=${REGISTRATION.sha256}&date=03.02.2026`,
      `?no=a&no=b&sha256=${REGISTRATION.sha256}`,
      `?no=${'x'.repeat(81)}&sha256=${REGISTRATION.sha256}`,
    ]) {
      const response = await fetch(`${central.url}${DOCUMENT_ROUTES.check}${query}`);
      expect(response.status, query).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'invalid_input' });
    }
  });

  it('serves the QR code page: valid with the printed data in three languages, everything escaped, no external resources', async () => {
    const hostile: DocumentRegistration = {
      ...REGISTRATION,
      number: 'PMSP-01-26-<b>-00018-2',
      sha256: sha('hostile'),
      title: { kk: '<script>alert("kk")</script> анықтама', ru: '<img src=x onerror=alert(1)>' },
      providerName: { kk: 'Мұрағат & «Ұлы Дала»', ru: "Архив 'Дала'" },
      signerName: '</td><script>x()</script>',
    };
    expect(await registerDocumentOnServer(ws.client, STAFF, hostile)).toBe('registered');
    const { status, headers, html } = await page(`?${new URLSearchParams(qrQuery(hostile))}`);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(headers.get('content-security-policy')).toBe(CSP);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(html).toContain('Құжат тізілімде бар');
    expect(html).toContain('Документ есть в реестре');
    expect(html).toContain('The document is in the register');
    expect(html).not.toMatch(/<script|<img|<b>|onerror=alert\(1\)>/i);
    expect(html).toContain('&#60;script&#62;alert(&#34;kk&#34;)&#60;/script&#62; анықтама');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(html).toContain('PMSP-01-26-&#60;b&#62;-00018-2');
    expect(html).toContain('Мұрағат &#38; «Ұлы Дала»');
    expect(html).toContain('Архив &#39;Дала&#39;');
    expect(html).toContain('&#60;/td&#62;&#60;script&#62;x()&#60;/script&#62;');
    expect(html).toContain('03.02.2026');
    expect(html).toContain(BIN);
    // Self-contained: no address to fetch anything from.
    expect(html).not.toMatch(/\s(src|href|action)\s*=\s*["']|url\(|@import|<(link|iframe|object|embed|form)\b/i);
  });

  it('serves the QR code page: not found, another hash, and a damaged link', async () => {
    const unknown = await page(`?no=${encodeURIComponent('<nope>')}&date=2026-02-03&issuer=${BIN}&sha256=${sha('unknown')}`);
    expect(unknown.status).toBe(200);
    expect(unknown.headers.get('content-security-policy')).toBe(CSP);
    expect(unknown.html).toContain('Құжат тізілімде жоқ');
    expect(unknown.html).toContain('Документа нет в реестре');
    expect(unknown.html).toContain('The document is not in the register');
    expect(unknown.html).toContain('&#60;nope&#62;');
    expect(unknown.html).not.toContain('<nope>');

    const mismatch = await page(`?${new URLSearchParams(qrQuery(REGISTRATION, sha('forged')))}`);
    expect(mismatch.status).toBe(200);
    expect(mismatch.html).toContain('Құжат жарамсыз');
    expect(mismatch.html).toContain('Документ недействителен');
    expect(mismatch.html).toContain('The document is not valid');
    for (const printed of [REGISTRATION.title.kk, REGISTRATION.title.ru, REGISTRATION.providerName.ru, REGISTRATION.signerName!]) {
      expect(mismatch.html).not.toContain(printed);
    }

    const damaged = await page(`?no=${encodeURIComponent(REGISTRATION.number)}&sha256=123`);
    expect(damaged.status).toBe(400);
    expect(damaged.headers.get('content-security-policy')).toBe(CSP);
    expect(damaged.html).toContain('Сілтеме толық емес немесе бүлінген');
    expect(damaged.html).toContain('Ссылка неполная или повреждена');
    expect(damaged.html).toContain('The link is incomplete or damaged');
  });

  it('the workstation client checks a document by number + hash, and says unreachable when it cannot ask', async () => {
    const checkUrl = checkUrlFromVerifyUrl(`${central.url}/verify`);
    expect(checkUrl).toBe(`${central.url}/v1/verify`);
    const question = { number: REGISTRATION.number, sha256: REGISTRATION.sha256, issuer: BIN, date: REGISTRATION.issuedOn };
    expect(await checkDocumentOnServer(checkUrl, question)).toMatchObject({ status: 'valid', document: { number: REGISTRATION.number, title: REGISTRATION.title } });
    expect(await checkDocumentOnServer(checkUrl, { ...question, sha256: sha('forged') })).toEqual({ status: 'hash_mismatch' });
    expect(await checkDocumentOnServer(checkUrl, { ...question, number: 'NOPE-1' })).toEqual({ status: 'not_found' });
    // A question the register could never have is not asked.
    expect(await checkDocumentOnServer('http://127.0.0.1:1/v1/verify', { ...question, number: 'x'.repeat(81) })).toEqual({ status: 'not_found' });

    expect(await checkDocumentOnServer(`http://127.0.0.1:${await freePort()}/v1/verify`, question, { timeoutMs: 2_000 })).toEqual({ status: 'unreachable' });
    const answering = (status: number, body: unknown): typeof fetch => async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    expect(await checkDocumentOnServer(checkUrl, question, { fetchImpl: answering(502, { error: 'internal' }) })).toEqual({ status: 'unreachable' });
    expect(await checkDocumentOnServer(checkUrl, question, { fetchImpl: answering(200, { status: 'valid' }) })).toEqual({ status: 'unreachable' });
    expect(await checkDocumentOnServer(checkUrl, question, { fetchImpl: answering(200, { status: 'maybe' }) })).toEqual({ status: 'unreachable' });
    const hanging: typeof fetch = (_url, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    expect(await checkDocumentOnServer(checkUrl, question, { fetchImpl: hanging, timeoutMs: 50 })).toEqual({ status: 'unreachable' });
  });
});

describe('checkUrlFromVerifyUrl', () => {
  it('keeps the origin and replaces the path with /v1/verify', () => {
    expect(checkUrlFromVerifyUrl('https://qyzmet.example.kz/verify')).toBe('https://qyzmet.example.kz/v1/verify');
    expect(checkUrlFromVerifyUrl('http://127.0.0.1:8470/some/where/verify?lang=kk')).toBe('http://127.0.0.1:8470/v1/verify');
    expect(() => checkUrlFromVerifyUrl('not a url')).toThrow();
    expect(() => checkUrlFromVerifyUrl('file:///etc/passwd')).toThrow();
  });
});

describe('provider BINs', () => {
  const caller = (providerCode: string) => ({ workstationId: crypto.randomUUID(), providerCode, staffIin: STAFF });

  it('the embedded server lets the first provider that registers under an unbound BIN claim it; another is refused', async () => {
    const sql = await openPglite();
    try {
      await migrateServer(sql);
      const register = createDocumentRegister(sql, () => new Date('2026-02-03T10:00:00Z'), { unboundBins: 'claim' });
      expect(await register.register(REGISTRATION, caller('LOCAL'))).toMatchObject({ outcome: 'created' });
      expect(await sql.query(`SELECT bin, provider_code, bound_how FROM provider_bin`)).toEqual([{ bin: BIN, provider_code: 'LOCAL', bound_how: 'claimed' }]);
      expect(await register.register({ ...REGISTRATION, number: 'DOC-2', sha256: sha('2') }, caller('LOCAL'))).toMatchObject({ outcome: 'created' });
      expect(await register.register({ ...REGISTRATION, number: 'DOC-3' }, caller('OTHER'))).toEqual({ outcome: 'foreign_issuer' });
      // Only a BIN is claimed, never something else (another provider's code).
      expect(await register.register({ ...REGISTRATION, number: 'DOC-4', issuer: 'LOCAL' }, caller('OTHER'))).toEqual({ outcome: 'foreign_issuer' });
      expect(await sql.query(`SELECT count(*)::int AS n FROM provider_bin`)).toEqual([{ n: 1 }]);
    } finally {
      await sql.close();
    }
  });

  it('the migration binds the BINs already registered by one provider only to it', async () => {
    const sql = await openPglite();
    try {
      await migrateServer(sql, SERVER_MIGRATIONS.filter((migration) => migration.version < 9));
      const row = (issuer: string, number: string, provider: string) =>
        sql.query(
          `INSERT INTO issued_documents (issuer, number, sha256, issued_on, issued_at, kind, title, provider_name, workstation_id, provider_code, registered_at)
           VALUES ($1, $2, $3, '2026-02-03', now(), 'k', '{}', '{}', $4, $5, now())`,
          [issuer, number, sha(number), crypto.randomUUID(), provider],
        );
      await row(BIN, 'DOC-1', 'PMSP-01');
      await row(BIN, 'DOC-2', 'PMSP-01');
      await row('020240000017', 'DOC-1', 'PMSP-07');
      await row('020240000017', 'DOC-2', 'PMSP-08');
      await row('PMSP-01', 'DOC-3', 'PMSP-01');
      await migrateServer(sql);
      // The BIN two providers used stays unbound: the administrator decides.
      expect(await sql.query(`SELECT bin, provider_code, bound_how FROM provider_bin ORDER BY bin`)).toEqual([
        { bin: BIN, provider_code: 'PMSP-01', bound_how: 'registered_before' },
      ]);
    } finally {
      await sql.close();
    }
  });
});
