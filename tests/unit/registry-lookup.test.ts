import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/server/db/sql';
import { buildServer } from '../../src/server/app';
import { createFaultPlan, withFaults } from '../../src/server/national/faults';
import { simulatedNationalSystems } from '../../src/server/national/simulated';
import { ASEL, IVAN, ORG, openBackend, startCentral } from '../helpers/central';
import { makeIin } from '../helpers/iin';
import { connect, startApp } from '../helpers/workstation';

const ADMIN = { iin: makeIin('1979-09-09', 'female', 4), fullName: 'Гүлнар Сейтқали', password: 'password-1' };
const PURPOSE = 'консультация';

describe('registry look-ups from the workstation', () => {
  let sql: Sql;
  let stop: () => Promise<void>;
  let central: Awaited<ReturnType<typeof startCentral>>;

  beforeAll(async () => {
    ({ sql, stop } = await openBackend('pglite'));
    central = await startCentral(sql);
  }, 60_000);
  afterAll(async () => {
    await central.app.close();
    await stop();
  });

  async function enrolledWorkstation() {
    const started = startApp();
    const admin = connect(started.app);
    await admin.call('auth.createAdministrator', ADMIN);
    expect((await admin.call('server.status')).connectivity).toBe('not_configured');
    const code = await central.auth.createEnrolmentCode('PMSP-07');
    const status = await admin.call('server.enrol', { serverUrl: central.url, code, name: 'Тіркеу бөлмесі' });
    expect(status).toMatchObject({ connectivity: 'online', serverUrl: central.url, providerCode: 'PMSP-07' });
    return { ...started, admin };
  }

  it('says so when no central server is configured', async () => {
    const { app } = startApp();
    const admin = connect(app);
    await admin.call('auth.createAdministrator', ADMIN);
    const error = await admin.fail('registry.person', { iin: ASEL.iin, purpose: PURPOSE });
    expect(error).toEqual({ code: 'registry_unavailable', params: { system: 'individuals', reason: 'not_configured' } });
  });

  it('refuses a bad enrolment code with the reason', async () => {
    const { app } = startApp();
    const admin = connect(app);
    await admin.call('auth.createAdministrator', ADMIN);
    const error = await admin.fail('server.enrol', { serverUrl: central.url, code: 'AAAA-BBBB-CCCC', name: 'x' });
    expect(error).toEqual({ code: 'enrolment_failed', params: { reason: 'bad_enrolment_code' } });
  });

  it('looks a person up, then answers from the cache, marked and aged, while the server is down', async () => {
    // A server of its own, so that this test can take it down.
    const systems = withFaults(simulatedNationalSystems(sql), createFaultPlan());
    const side = buildServer({ sql, systems, logger: false });
    const url = await side.app.listen({ host: '127.0.0.1', port: 0 });
    const { app, clock } = startApp();
    const admin = connect(app);
    await admin.call('auth.createAdministrator', ADMIN);
    await admin.call('settings.setIdleLock', { minutes: 120 });
    await admin.call('server.enrol', { serverUrl: url, code: await side.auth.createEnrolmentCode('PMSP-07'), name: 'Desk' });

    const live = await admin.call('registry.person', { iin: ASEL.iin, purpose: PURPOSE });
    expect(live).toMatchObject({ found: true, source: 'registry', record: { surname: 'Әбдірахманова' } });

    await side.app.close();
    clock.advanceMinutes(90);
    const cached = await admin.call('registry.person', { iin: ASEL.iin, purpose: PURPOSE });
    expect(cached).toMatchObject({ found: true, source: 'cache', record: { iin: ASEL.iin } });
    expect(cached.found && cached.ageSeconds).toBeGreaterThanOrEqual(90 * 60);
    expect((await admin.call('server.status')).connectivity).toBe('offline');
    expect((await admin.fail('registry.person', { iin: IVAN.iin, purpose: PURPOSE })).params).toEqual({
      system: 'individuals',
      reason: 'offline',
    });

    // Personal data does not stay longer than the cache policy allows.
    clock.advanceMinutes(31 * 24 * 60);
    await admin.call('auth.unlock', { password: ADMIN.password });
    expect((await admin.fail('registry.person', { iin: ASEL.iin, purpose: PURPOSE })).code).toBe('registry_unavailable');
    const outcomes = (await admin.call('audit.list', {}))
      .filter((e) => e.action === 'registry.lookup')
      .map((e) => `${String(e.detail.outcome)}/${String(e.detail.source)}`);
    expect(outcomes).toEqual(['unavailable/none', 'unavailable/none', 'found/cache', 'found/registry']);
    app.close();
  });

  it('finds legal entities and records every look-up in the audit log', async () => {
    const { admin } = await enrolledWorkstation();
    const entity = await admin.call('registry.legalEntity', { bin: ORG.bin, purpose: PURPOSE });
    expect(entity).toMatchObject({ found: true, system: 'legal_entities', record: { shortNameRu: 'ТОО «Алтын Дала»' } });
    const search = await admin.call('registry.searchPersons', { surname: 'абдирахманова', name: 'асел', purpose: PURPOSE });
    expect(search.found && search.record.map((p) => p.iin)).toEqual([ASEL.iin]);
    const samples = await admin.call('registry.samples');
    expect(samples?.people.map((p) => p.iin)).toEqual(expect.arrayContaining([ASEL.iin, IVAN.iin]));
    expect(samples?.entities[0]).toMatchObject({ bin: ORG.bin });
    const audit = await admin.call('audit.list', {});
    const lookups = audit.filter((e) => e.action === 'registry.lookup');
    expect(lookups).toHaveLength(2);
    expect(lookups[1]).toMatchObject({
      actorIin: ADMIN.iin,
      subject: ORG.bin,
      detail: { system: 'legal_entities', purpose: PURPOSE, outcome: 'found', source: 'registry' },
    });
  });
});
