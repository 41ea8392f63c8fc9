// Rate limits of the central server's public endpoints: the document check (`/v1/verify` and the page
// `/verify`, one budget) and the portal's submissions and reads, per client address per window, a 429
// in the server's error shape (and a page in three languages for `/verify`) when exceeded; the signed
// workstation calls are never limited. The limits come from the server's options.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_ROUTES, type DocumentRegistration } from '../../src/shared/server-api';
import { registerDocumentOnServer } from '../../src/main/documents/server-register';
import type { Sql } from '../../src/server/db/sql';
import { bindProviderBin } from '../../src/server/documents';
import { DEFAULT_RATE_LIMITS, rateLimitsOf, type RateLimits } from '../../src/server/rate-limit';
import { enrolledClient, openBackend, startCentral } from '../helpers/central';
import { makeIin } from '../helpers/iin';

const STAFF = makeIin('1984-05-20', 'female', 6);
const BIN = '050140000013';
const SHA = 'ab'.repeat(32);
const CSP = "default-src 'none'; style-src 'unsafe-inline'";

const REGISTRATION: DocumentRegistration = {
  number: 'DOC-2026-K7QM4-000017',
  issuedOn: '2026-02-03',
  issuedAt: '2026-02-03T09:15:00.000Z',
  issuer: BIN,
  sha256: SHA,
  kind: 'archival_reference',
  title: { kk: 'Мұрағаттық анықтама', ru: 'Архивная справка' },
  providerName: { kk: 'Мұрағат', ru: 'Архив' },
  signerName: null,
  requestNumber: null,
};

interface Server {
  sql: Sql;
  central: Awaited<ReturnType<typeof startCentral>>;
  stop(): Promise<void>;
}

async function serve(options: { rateLimits?: Partial<RateLimits>; trustProxy?: string[] } = {}): Promise<Server> {
  const { sql, stop } = await openBackend('pglite');
  const central = await startCentral(sql, {
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
    ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}),
  });
  return {
    sql,
    central,
    async stop() {
      await central.app.close();
      await stop();
    },
  };
}

const verify = (url: string, headers: Record<string, string> = {}) =>
  fetch(`${url}${DOCUMENT_ROUTES.check}?no=DOC-1&sha256=${SHA}`, { headers });
const verifyPage = (url: string) => fetch(`${url}${DOCUMENT_ROUTES.page}?no=DOC-1&sha256=${SHA}`);
const submit = (url: string) =>
  fetch(`${url}/portal/v1/requests`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ provider: 'PMSP-01' }) });
const status = (url: string) => fetch(`${url}/portal/v1/requests/PMSP01-26-00000-00001-X?applicant=${STAFF}`);

describe('rate limits with the defaults', () => {
  let server: Server;
  let ws: Awaited<ReturnType<typeof enrolledClient>>;

  beforeAll(async () => {
    server = await serve();
    ws = await enrolledClient(server.central.url, server.central.auth);
    await bindProviderBin(server.sql, 'PMSP-01', BIN);
  }, 120_000);
  afterAll(async () => server?.stop());

  it('are 60 checks, 20 portal submissions and 60 portal reads a minute per client address', () => {
    expect(DEFAULT_RATE_LIMITS).toEqual({ verify: 60, portalSubmit: 20, portalRead: 60, windowMs: 60_000, allow: [] });
  });

  it('answers the 61st check in a minute 429 with a clear message, the page too, while signed calls still pass', async () => {
    const { url } = server.central;
    for (let i = 1; i <= 60; i += 1) {
      const response = await verify(url);
      expect(response.status, `check ${i}`).toBe(200);
      expect(await response.json()).toEqual({ status: 'not_found' });
      expect(response.headers.get('x-ratelimit-limit')).toBe('60');
      expect(response.headers.get('x-ratelimit-remaining')).toBe(String(60 - i));
    }
    const refused = await verify(url);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await refused.json()) as { error: string; message: string; retryAfterSeconds: number };
    expect(body).toEqual({
      error: 'rate_limited',
      message: `too many document checks from this address: at most 60 in 60 s; try again in ${body.retryAfterSeconds} s`,
      retryAfterSeconds: expect.any(Number),
    });
    expect(Math.abs(body.retryAfterSeconds - retryAfter)).toBeLessThanOrEqual(1);

    // The page a phone opens from the QR code shares the budget and says it in three languages.
    const page = await verifyPage(url);
    expect(page.status).toBe(429);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CSP);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('Бұл мекенжайдан тексеру сұраулары тым көп келді');
    expect(html).toContain('С этого адреса пришло слишком много запросов на проверку');
    expect(html).toContain('Too many checks have come from this address');
    expect(html).toMatch(/Try again in \d+ seconds/);
    expect(html).not.toMatch(/\s(src|href|action)\s*=\s*["']|<script/i);

    // Signed workstation calls from the same address are not limited, however many.
    for (let i = 0; i < 65; i += 1) {
      expect(await ws.client.get<{ workstationId: string }>('/v1/whoami', STAFF)).toMatchObject({ workstationId: ws.workstationId });
    }
    expect(await registerDocumentOnServer(ws.client, STAFF, REGISTRATION)).toBe('registered');
    // The portal's budgets are its own.
    expect((await submit(url)).status).toBe(400);
    expect((await status(url)).status).toBe(404);
    // Still limited.
    expect((await verify(url)).status).toBe(429);
  });
});

describe('rate limits from the server options', () => {
  const servers: Server[] = [];
  const start = async (options: Parameters<typeof serve>[0]) => {
    const server = await serve(options);
    servers.push(server);
    return server.central.url;
  };
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.stop();
  });

  // Each test starts its own server (PGlite): more than the default 5 s under a loaded test run.
  const SLOW = 60_000;

  it('limits each budget as configured, and lets the address in again after the window', async () => {
    const url = await start({ rateLimits: { verify: 3, portalSubmit: 2, portalRead: 2, windowMs: 2_000 } });
    for (let i = 0; i < 3; i += 1) expect((await (i % 2 ? verifyPage(url) : verify(url))).status).toBe(200);
    const refused = await verify(url);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: 'rate_limited', message: expect.stringContaining('at most 3 in 2 s') });
    expect((await verifyPage(url)).status).toBe(429);

    // Refused submissions count too: the limit comes before any work.
    expect((await submit(url)).status).toBe(400);
    expect((await submit(url)).status).toBe(400);
    const submissions = await submit(url);
    expect(submissions.status).toBe(429);
    expect(await submissions.json()).toMatchObject({ error: 'rate_limited', message: expect.stringContaining('too many portal submissions from this address: at most 2') });

    expect((await status(url)).status).toBe(404);
    expect((await fetch(`${url}/portal/v1/requests/PMSP01-26-00000-00001-X/results/DOC-1?applicant=${STAFF}`)).status).toBe(404);
    const reads = await status(url);
    expect(reads.status).toBe(429);
    expect(await reads.json()).toMatchObject({ error: 'rate_limited', message: expect.stringContaining('too many portal requests from this address') });

    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect((await verify(url)).status).toBe(200);
    expect((await submit(url)).status).toBe(400);
    expect((await status(url)).status).toBe(404);
  }, SLOW);

  it('does not limit a budget of 0, nor an allowed address', async () => {
    const open = await start({ rateLimits: { verify: 0, portalSubmit: 1 } });
    for (let i = 0; i < 5; i += 1) expect((await verify(open)).status).toBe(200);
    expect((await submit(open)).status).toBe(400);
    expect((await submit(open)).status).toBe(429);

    const allowed = await start({ rateLimits: { verify: 1, allow: ['127.0.0.1'] } });
    for (let i = 0; i < 5; i += 1) expect((await verify(allowed)).status).toBe(200);
  }, SLOW);

  it('counts by the connection’s address: a client cannot spread its calls over invented X-Forwarded-For addresses', async () => {
    const url = await start({ rateLimits: { verify: 2 } });
    expect((await verify(url, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(200);
    expect((await verify(url, { 'x-forwarded-for': '203.0.113.2' })).status).toBe(200);
    expect((await verify(url, { 'x-forwarded-for': '203.0.113.3' })).status).toBe(429);
  }, SLOW);

  it('behind a trusted reverse proxy, counts each client by the address the proxy forwards', async () => {
    const url = await start({ rateLimits: { verify: 1 }, trustProxy: ['127.0.0.1'] });
    expect((await verify(url, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(200);
    expect((await verify(url, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(429);
    expect((await verify(url, { 'x-forwarded-for': '203.0.113.2' })).status).toBe(200);
    // A client's own X-Forwarded-For in front of the proxy's does not help it.
    expect((await verify(url, { 'x-forwarded-for': '198.51.100.7, 203.0.113.2' })).status).toBe(429);
  }, SLOW);

  it('refuses limits that make no sense', () => {
    expect(() => rateLimitsOf({ verify: -1 })).toThrow(RangeError);
    expect(() => rateLimitsOf({ portalSubmit: 1.5 })).toThrow(RangeError);
    expect(() => rateLimitsOf({ windowMs: 10 })).toThrow(RangeError);
    expect(rateLimitsOf({ verify: 5 })).toEqual({ ...DEFAULT_RATE_LIMITS, verify: 5 });
  });
});
