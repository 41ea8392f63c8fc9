import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBin, checkIin } from '../../src/shared/domain/iin';
import { migrateServer } from '../../src/server/db/migrations';
import { openPglite } from '../../src/server/db/pglite';
import type { Sql } from '../../src/server/db/sql';
import { personAt } from '../../src/server/national/generator';
import { seedNational } from '../../src/server/national/seed';
import { simulatedNationalSystems } from '../../src/server/national/simulated';

const SEED = 77;

describe('loading the synthetic population into the simulated registries', () => {
  let sql: Sql;
  beforeAll(async () => {
    sql = await openPglite();
    await migrateServer(sql);
  }, 60_000);
  afterAll(() => sql.close());

  it('loads N people and their organisations, and loading again changes nothing', async () => {
    const first = await seedNational(sql, { seed: SEED, people: 1_000, entities: 50 });
    expect(first.people).toBe(1_000);
    const again = await seedNational(sql, { seed: SEED, people: 1_000, entities: 50 });
    expect(again.people).toBe(1_000);
    const [people] = await sql.query<{ n: string }>('SELECT count(*) AS n FROM national.person');
    expect(Number(people?.n)).toBe(1_000);
    const [attachments] = await sql.query<{ n: string }>('SELECT count(*) AS n FROM national.attachment');
    expect(Number(attachments?.n)).toBeGreaterThan(800);
  });

  it('serves the generated people and organisations through the registry interfaces', async () => {
    const systems = simulatedNationalSystems(sql);
    const expected = personAt({ seed: SEED, index: 123 });
    expect(await systems.individuals.byIin(expected.iin)).toEqual(expected);
    const found = await systems.individuals.searchByName({ surname: expected.surname.toUpperCase(), name: expected.name, limit: 50 });
    expect(found.map((p) => p.iin)).toContain(expected.iin);
    const iins = await sql.query<{ iin: string }>('SELECT iin FROM national.person');
    expect(iins.every((row) => checkIin(row.iin).valid)).toBe(true);
    const entities = await sql.query<{ bin: string; head_iin: string }>('SELECT bin, head_iin FROM national.legal_entity');
    expect(entities.every((row) => checkBin(row.bin).valid)).toBe(true);
    const head = await systems.individuals.byIin(entities[0]?.head_iin as string);
    expect(head).not.toBeNull();
  });
});
