// Registry look-ups against 1,000,000 people (QYZMET_BENCH_PEOPLE to change): by IIN over loopback
// HTTP through the signed workstation client, by name, and by IIN inside the server process.
// Targets (issue "central server"): HTTP IIN p95 ≤ 20 ms, name search p95 ≤ 50 ms, in-process ≤ 1 ms.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCentralClient, enrolWorkstation, newWorkstationKey } from '../../src/main/services/central-client';
import { REGISTRY_ROUTES } from '../../src/shared/server-api';
import { personAt } from '../../src/server/national/generator';
import { DEFAULT_SEED, seedNational } from '../../src/server/national/seed';
import { simulatedNationalSystems } from '../../src/server/national/simulated';
import { startCentralServer } from '../../src/server/start';
import { startPostgres } from '../helpers/postgres';
import { figure, measure, report } from './stats';

const PEOPLE = Number(process.env.QYZMET_BENCH_PEOPLE ?? 1_000_000);
const ENTITIES = Math.min(50_000, Math.round(PEOPLE / 20));
const STAFF = personAt({ seed: DEFAULT_SEED, index: 1 }).iin;

async function main() {
  await run('pglite');
  // The same on a real PostgreSQL server: a throwaway cluster, unless QYZMET_BENCH_DATABASE_URL names one.
  if (process.env.QYZMET_BENCH_DATABASE_URL) await run('postgres', process.env.QYZMET_BENCH_DATABASE_URL);
  else {
    const pg = await startPostgres();
    try {
      await run('postgres', pg.url);
    } finally {
      pg.stop();
    }
  }
}

async function run(kind: 'pglite' | 'postgres', databaseUrl?: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-bench-server-'));
  const server = await startCentralServer({ ...(databaseUrl ? { databaseUrl } : { dataDir }), logger: false });
  console.log(`\n--- ${kind === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL server'}`);

  const started = Date.now();
  await seedNational(server.sql, { seed: DEFAULT_SEED, people: PEOPLE, entities: ENTITIES });
  figure(`load ${PEOPLE} people + ${ENTITIES} legal entities`, `${((Date.now() - started) / 1000).toFixed(1)} s`);
  await server.sql.exec('ANALYZE');

  const key = newWorkstationKey();
  const workstationId = crypto.randomUUID();
  const code = await server.auth.createEnrolmentCode('BENCH');
  await enrolWorkstation(server.url, { code, workstationId, name: 'bench', publicKey: key.publicKey });
  const client = createCentralClient({ baseUrl: server.url, workstationId, privateKey: key.privateKey, timeoutMs: 10_000 });

  const sample = (i: number) => personAt({ seed: DEFAULT_SEED, index: (i * 104_729 + 7) % PEOPLE });
  const purpose = 'benchmark';
  // Warm up the connection, the JIT and PostgreSQL's caches a little, as a working day would.
  for (let i = 0; i < 200; i += 1) await client.call(REGISTRY_ROUTES.person.path, { iin: sample(i + 50_000).iin, purpose }, STAFF);

  report('IIN lookup over loopback HTTP (signed)', await measure(2_000, (i) => client.call(REGISTRY_ROUTES.person.path, { iin: sample(i).iin, purpose }, STAFF)), { p95: 20 });
  report(
    'name search (surname + name) over loopback HTTP',
    await measure(1_000, (i) => {
      const p = sample(i + 10_000);
      return client.call(REGISTRY_ROUTES.personSearch.path, { surname: p.surname.toLowerCase(), name: p.name, purpose }, STAFF);
    }),
    { p95: 50 },
  );
  const systems = simulatedNationalSystems(server.sql);
  report('IIN lookup inside the server process', await measure(5_000, (i) => systems.individuals.byIin(sample(i + 20_000).iin)), { p95: 1 });

  await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  figure('memory (rss at end)', `${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
