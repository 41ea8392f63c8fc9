import { createHash, randomBytes, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CentralError } from '../../src/main/services/central-client';
import type { Sql } from '../../src/server/db/sql';
import { REGISTRY_ROUTES, SERVER_HEADERS, canonicalRequest, type LookupReply } from '../../src/shared/server-api';
import type { LegalEntity, Person } from '../../src/shared/registry';
import { ASEL, IVAN, ORG, enrolledClient, openBackend, startCentral, type Backend } from '../helpers/central';
import { makeIin } from '../helpers/iin';

const STAFF = makeIin('1985-02-14', 'female', 3);
const PURPOSE = 'test lookup';

describe.each<Backend>(['pglite', 'postgres'])('central server on %s', (backend) => {
  let sql: Sql;
  let stopBackend: () => Promise<void>;
  let central: Awaited<ReturnType<typeof startCentral>>;
  let ws: Awaited<ReturnType<typeof enrolledClient>>;

  beforeAll(async () => {
    const opened = await openBackend(backend);
    sql = opened.sql;
    stopBackend = opened.stop;
    central = await startCentral(sql);
    ws = await enrolledClient(central.url, central.auth);
  }, 120_000);

  afterAll(async () => {
    await central?.app.close();
    await stopBackend?.();
  });

  it('answers health without authentication and everything else only with it', async () => {
    expect((await fetch(`${central.url}/health`)).status).toBe(200);
    expect((await fetch(`${central.url}/health/ready`)).status).toBe(200);
    const anonymous = await fetch(`${central.url}${REGISTRY_ROUTES.person.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ iin: ASEL.iin, purpose: PURPOSE }),
    });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: 'unauthenticated' });
  });

  it('finds a person by IIN, with the source registry and the time of the answer', async () => {
    const reply = await ws.client.call<LookupReply<Person>>(REGISTRY_ROUTES.person.path, { iin: ASEL.iin, purpose: PURPOSE }, STAFF);
    expect(reply).toMatchObject({ found: true, system: 'individuals', record: ASEL });
    expect(Date.parse(reply.answeredAt)).not.toBeNaN();
  });

  it('says "not found" for a valid IIN nobody has', async () => {
    const reply = await ws.client.call<LookupReply<Person>>(
      REGISTRY_ROUTES.person.path,
      { iin: makeIin('2001-01-01', 'male', 999), purpose: PURPOSE },
      STAFF,
    );
    expect(reply).toMatchObject({ found: false, system: 'individuals' });
  });

  it('finds people by surname and name ignoring case and Kazakh letters', async () => {
    const search = (surname: string, name: string, birthDate?: string) =>
      ws.client.call<LookupReply<Person[]>>(
        REGISTRY_ROUTES.personSearch.path,
        { surname, name, ...(birthDate ? { birthDate } : {}), purpose: PURPOSE },
        STAFF,
      );
    for (const [surname, name] of [
      ['Әбдірахманова', 'Әсел'],
      ['абдирахманова', 'асел'],
      ['АБДІРАХМАНОВА', 'ӘСЕЛ'],
    ] as const) {
      const reply = await search(surname, name);
      expect(reply.found && reply.record.map((p) => p.iin)).toEqual([ASEL.iin]);
    }
    expect((await search('Әбдірахманова', 'Әсел', '1990-04-12')).found).toBe(true);
    expect((await search('Әбдірахманова', 'Әсел', '1991-04-12')).found).toBe(false);
  });

  it('finds a legal entity by BIN with its head', async () => {
    const reply = await ws.client.call<LookupReply<LegalEntity>>(REGISTRY_ROUTES.legalEntity.path, { bin: ORG.bin, purpose: PURPOSE }, STAFF);
    expect(reply).toMatchObject({ found: true, system: 'legal_entities', record: { headIin: IVAN.iin } });
  });

  it('refuses a malformed IIN, unknown fields and SQL-looking strings with a reason, and keeps serving', async () => {
    const bad = (body: unknown) => ws.client.call(REGISTRY_ROUTES.person.path, body, STAFF).catch((e: CentralError) => e);
    const wrongDigit = (await bad({ iin: `${ASEL.iin.slice(0, 11)}${(Number(ASEL.iin[11]) + 1) % 10}`, purpose: PURPOSE })) as CentralError;
    expect(wrongDigit).toMatchObject({ kind: 'rejected', code: 'invalid_input', status: 400 });
    expect(((await bad({ iin: ASEL.iin, purpose: PURPOSE, admin: true })) as CentralError).code).toBe('invalid_input');
    expect(((await bad({ iin: "' OR 1=1 --", purpose: PURPOSE })) as CentralError).code).toBe('invalid_input');
    const injection = await ws.client.call<LookupReply<Person[]>>(
      REGISTRY_ROUTES.personSearch.path,
      { surname: "x'; DROP TABLE national.person; --", name: 'a', purpose: PURPOSE },
      STAFF,
    );
    expect(injection.found).toBe(false);
    const still = await ws.client.call<LookupReply<Person>>(REGISTRY_ROUTES.person.path, { iin: ASEL.iin, purpose: PURPOSE }, STAFF);
    expect(still.found).toBe(true);
  });

  it('refuses oversized and non-JSON bodies', async () => {
    const big = await ws.client
      .call(REGISTRY_ROUTES.person.path, { iin: ASEL.iin, purpose: 'x'.repeat(100_000) }, STAFF)
      .catch((e: CentralError) => e);
    expect(big).toMatchObject({ code: 'payload_too_large', status: 413 });
    const res = await fetch(`${central.url}/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect(res.status).toBe(400);
  });

  it('refuses a replayed call and a forged signature', async () => {
    const path = REGISTRY_ROUTES.person.path;
    const body = JSON.stringify({ iin: ASEL.iin, purpose: PURPOSE });
    const time = String(Date.now());
    const nonce = randomBytes(18).toString('base64url');
    const bodySha256 = createHash('sha256').update(body).digest('hex');
    const signature = sign(null, Buffer.from(canonicalRequest({ method: 'POST', path, time, nonce, staff: STAFF, bodySha256 })), ws.key.privateKey).toString('base64');
    const headers = {
      'content-type': 'application/json',
      [SERVER_HEADERS.workstation]: ws.workstationId,
      [SERVER_HEADERS.time]: time,
      [SERVER_HEADERS.nonce]: nonce,
      [SERVER_HEADERS.staff]: STAFF,
      [SERVER_HEADERS.signature]: signature,
    };
    expect((await fetch(`${central.url}${path}`, { method: 'POST', headers, body })).status).toBe(200);
    const replay = await fetch(`${central.url}${path}`, { method: 'POST', headers, body });
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ error: 'replayed' });
    const tampered = await fetch(`${central.url}${path}`, {
      method: 'POST',
      headers: { ...headers, [SERVER_HEADERS.nonce]: randomBytes(18).toString('base64url') },
      body: body.replace(ASEL.iin, IVAN.iin),
    });
    expect(await tampered.json()).toMatchObject({ error: 'bad_signature' });
  });

  it('enrols a workstation only once per code', async () => {
    const code = await central.auth.createEnrolmentCode('PMSP-01');
    const first = await enrolledClientWithCode(central.url, code);
    expect(first.status).toBe(201);
    const second = await enrolledClientWithCode(central.url, code);
    expect(second.status).toBe(403);
    expect(await second.json()).toMatchObject({ error: 'bad_enrolment_code' });
  });

  it('reports a registry that times out, fails or has no data', async () => {
    const ask = () =>
      ws.client.call<LookupReply<Person>>(REGISTRY_ROUTES.person.path, { iin: ASEL.iin, purpose: PURPOSE }, STAFF).catch((e: CentralError) => e);
    central.faults.set('individuals', { mode: 'timeout' });
    expect(await ask()).toMatchObject({ kind: 'timeout', code: 'registry_timeout', status: 504 });
    central.faults.set('individuals', { mode: 'error' });
    expect(await ask()).toMatchObject({ kind: 'server', code: 'registry_unavailable', status: 502 });
    central.faults.set('individuals', { mode: 'no_data' });
    expect(await ask()).toMatchObject({ found: false });
    central.faults.set('individuals', { mode: 'none', latencyMs: 200 });
    const started = Date.now();
    expect(await ask()).toMatchObject({ found: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    central.faults.reset();
  });

  it('records every lookup: which workstation, which staff member, whom, why and the outcome', async () => {
    const rows = await sql.query<{ staff_iin: string; subject: string; purpose: string; outcome: string }>(
      `SELECT staff_iin, subject, purpose, outcome FROM lookup_audit WHERE subject = $1 ORDER BY seq`,
      [ASEL.iin],
    );
    expect(rows.length).toBeGreaterThan(3);
    expect(rows[0]).toEqual({ staff_iin: STAFF, subject: ASEL.iin, purpose: PURPOSE, outcome: 'found' });
    expect(rows.map((r) => r.outcome)).toEqual(expect.arrayContaining(['timeout', 'error']));
  });
});

async function enrolledClientWithCode(url: string, code: string) {
  const { newWorkstationKey } = await import('../../src/main/services/central-client');
  return fetch(`${url}/v1/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, workstationId: crypto.randomUUID(), name: 'Test', publicKey: newWorkstationKey().publicKey }),
  });
}
