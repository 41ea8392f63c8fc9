// Simulated national systems over the server's database (schema "national").
import { foldName } from '../../shared/registry';
import type { Sql } from '../db/sql';
import type { SimulatorSamples } from '../../shared/server-api';
import type { LegalEntity, Person } from '../../shared/registry';
import type { NationalSystems } from './systems';

type RecordRow<T> = { record: T };

export function simulatedNationalSystems(sql: Sql): NationalSystems {
  const one = async <T>(text: string, params: unknown[]): Promise<T | null> => {
    const [row] = await sql.query<RecordRow<T>>(text, params);
    return row ? row.record : null;
  };
  const many = async <T>(text: string, params: unknown[]): Promise<T[]> =>
    (await sql.query<RecordRow<T>>(text, params)).map((row) => row.record);

  return {
    individuals: {
      byIin: (iin) => one(`SELECT record FROM national.person WHERE iin = $1`, [iin]),
      searchByName: ({ surname, name, birthDate, limit }) =>
        birthDate
          ? many(
              `SELECT record FROM national.person WHERE surname_key = $1 AND name_key = $2 AND birth_date = $3
               ORDER BY birth_date, iin LIMIT $4`,
              [foldName(surname), foldName(name), birthDate, limit],
            )
          : many(
              `SELECT record FROM national.person WHERE surname_key = $1 AND name_key = $2
               ORDER BY birth_date, iin LIMIT $3`,
              [foldName(surname), foldName(name), limit],
            ),
    },
    legalEntities: {
      byBin: (bin) => one(`SELECT record FROM national.legal_entity WHERE bin = $1`, [bin]),
    },
    attachment: {
      byIin: (iin) => one(`SELECT record FROM national.attachment WHERE iin = $1`, [iin]),
    },
    powersOfAttorney: {
      byNumber: (number) => one(`SELECT record FROM national.power_of_attorney WHERE number = $1`, [number]),
      forRepresentative: (iin) =>
        many(`SELECT record FROM national.power_of_attorney WHERE representative_iin = $1 ORDER BY number`, [iin]),
    },
    payments: {
      byPayer: (payerId, serviceCode) =>
        serviceCode
          ? many(
              `SELECT record FROM national.payment WHERE payer_id = $1 AND record->>'serviceCode' = $2 ORDER BY reference`,
              [payerId, serviceCode],
            )
          : many(`SELECT record FROM national.payment WHERE payer_id = $1 ORDER BY reference`, [payerId]),
    },
  };
}

/** A few living adults and active organisations from the simulated registries, for trainees. */
export async function simulatorSamples(sql: Sql): Promise<SimulatorSamples> {
  const people = await sql.query<{ record: Person }>(
    `SELECT record FROM national.person
     WHERE record->>'deathDate' IS NULL AND birth_date BETWEEN DATE '1950-01-01' AND DATE '2000-12-31'
     ORDER BY md5(iin) LIMIT 5`,
  );
  const entities = await sql.query<{ record: LegalEntity }>(
    `SELECT record FROM national.legal_entity WHERE record->>'status' = 'active' ORDER BY md5(bin) LIMIT 3`,
  );
  return {
    people: people.map(({ record: p }) => ({ iin: p.iin, surname: p.surname, name: p.name, birthDate: p.birthDate })),
    entities: entities.map(({ record: e }) => ({ bin: e.bin, shortNameKk: e.shortNameKk, shortNameRu: e.shortNameRu })),
  };
}
