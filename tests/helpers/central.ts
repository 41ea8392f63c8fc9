// A central server for tests: PGlite in memory or a throwaway PostgreSQL, a few known people and
// organisations, and an enrolled workstation client.
import { buildServer } from '../../src/server/app';
import { migrateServer } from '../../src/server/db/migrations';
import { openPglite } from '../../src/server/db/pglite';
import { openPostgres } from '../../src/server/db/postgres';
import type { Sql } from '../../src/server/db/sql';
import type { UnboundBins } from '../../src/server/documents';
import type { RateLimits } from '../../src/server/rate-limit';
import { createFaultPlan, withFaults } from '../../src/server/national/faults';
import { loadLegalEntities, loadPeople } from '../../src/server/national/load';
import { simulatedNationalSystems, simulatorSamples } from '../../src/server/national/simulated';
import { createCentralClient, enrolWorkstation, newWorkstationKey } from '../../src/main/services/central-client';
import { withCheckDigit } from '../../src/shared/domain/iin';
import type { LegalEntity, Person } from '../../src/shared/registry';
import { makeIin } from './iin';
import { startPostgres } from './postgres';

export type Backend = 'pglite' | 'postgres';

export const ASEL: Person = {
  iin: makeIin('1990-04-12', 'female', 31),
  surname: 'Әбдірахманова',
  name: 'Әсел',
  patronymic: 'Қайратқызы',
  birthDate: '1990-04-12',
  sex: 'female',
  citizenship: 'KZ',
  address: { region: 'Қарағанды облысы', city: 'Қарағанды', street: 'Бұқар жырау даңғылы', house: '45', flat: '12' },
  document: { type: 'id_card', number: '045123987', issuedOn: '2016-05-20', issuer: 'ҚР ІІМ' },
  deathDate: null,
};

export const IVAN: Person = {
  ...ASEL,
  iin: makeIin('1975-11-30', 'male', 8),
  surname: 'Иванов',
  name: 'Иван',
  patronymic: 'Петрович',
  birthDate: '1975-11-30',
  sex: 'male',
};

export const ORG: LegalEntity = {
  bin: (withCheckDigit('05044000123') ?? withCheckDigit('05044000124')) as string,
  fullNameKk: '«Алтын Дала» жауапкершілігі шектеулі серіктестігі',
  fullNameRu: 'Товарищество с ограниченной ответственностью «Алтын Дала»',
  shortNameKk: '«Алтын Дала» ЖШС',
  shortNameRu: 'ТОО «Алтын Дала»',
  legalForm: 'ЖШС',
  headIin: IVAN.iin,
  headName: 'Иванов Иван Петрович',
  address: ASEL.address,
  registeredOn: '2005-04-18',
  status: 'active',
};

export async function openBackend(backend: Backend): Promise<{ sql: Sql; stop(): Promise<void> }> {
  if (backend === 'pglite') {
    const sql = await openPglite();
    return { sql, stop: () => sql.close() };
  }
  const pg = await startPostgres();
  const sql = await openPostgres(pg.url);
  return {
    sql,
    async stop() {
      await sql.close();
      pg.stop();
    },
  };
}

export async function startCentral(
  sql: Sql,
  options: { registryTimeoutMs?: number; hangMs?: number; rateLimits?: Partial<RateLimits>; trustProxy?: string[]; unboundBins?: UnboundBins } = {},
) {
  await migrateServer(sql);
  await loadPeople(sql, [ASEL, IVAN]);
  await loadLegalEntities(sql, [ORG]);
  const faults = createFaultPlan();
  const systems = withFaults(simulatedNationalSystems(sql), faults, options.hangMs ?? 2_000);
  const { app, auth } = buildServer({
    sql,
    systems,
    logger: false,
    registryTimeoutMs: options.registryTimeoutMs ?? 1_000,
    samples: () => simulatorSamples(sql),
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
    ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}),
    ...(options.unboundBins ? { unboundBins: options.unboundBins } : {}),
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, auth, faults, url };
}

export async function enrolledClient(url: string, auth: { createEnrolmentCode(p: string): Promise<string> }, provider = 'PMSP-01') {
  const key = newWorkstationKey();
  const workstationId = crypto.randomUUID();
  const code = await auth.createEnrolmentCode(provider);
  await enrolWorkstation(url, { code, workstationId, name: 'Тіркеу 1', publicKey: key.publicKey });
  return { client: createCentralClient({ baseUrl: url, workstationId, privateKey: key.privateKey, timeoutMs: 5_000 }), workstationId, key };
}
