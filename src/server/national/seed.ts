// Fills the simulated registries with the deterministic synthetic population.
import type { Sql } from '../db/sql';
import {
  adultHeadIin,
  generateAttachments,
  generateLegalEntities,
  generatePayments,
  generatePeople,
  generatePowersOfAttorney,
  primaryCareEntities,
} from './generator';
import { loadAttachments, loadLegalEntities, loadPayments, loadPeople, loadPowersOfAttorney } from './load';

export interface SeedOptions {
  seed: number;
  people: number;
  entities: number;
  /** Called after each loaded part, for progress output. */
  progress?: (part: string, count: number) => void;
}

export const DEFAULT_SEED = 20_241_016;

export async function seedNational(sql: Sql, options: SeedOptions) {
  const { seed, people, entities } = options;
  const done = (part: string, count: number) => {
    options.progress?.(part, count);
    return count;
  };
  const headIin = adultHeadIin({ seed, peopleCount: Math.max(1, people) });
  return {
    people: done('people', await loadPeople(sql, generatePeople({ seed, count: people }))),
    entities: done(
      'legal entities',
      (await loadLegalEntities(sql, primaryCareEntities({ seed, headIin }))) +
        (await loadLegalEntities(sql, generateLegalEntities({ seed, count: entities, headIin }))),
    ),
    attachments: done('attachments', await loadAttachments(sql, generateAttachments({ seed, peopleCount: people }))),
    powersOfAttorney: done(
      'powers of attorney',
      await loadPowersOfAttorney(sql, generatePowersOfAttorney({ seed, peopleCount: people })),
    ),
    payments: done(
      'payments',
      await loadPayments(
        sql,
        generatePayments({ seed, count: Math.min(5_000, Math.max(1, Math.floor(people / 200))), peopleCount: people, entityCount: entities }),
      ),
    ),
  };
}
