// Registry look-ups for staff: through the central server when it answers, from the local cache
// (marked as such, with its age) when it does not. Every look-up is written to the audit log with
// who asked, about whom, and why — access to personal data must be accountable.
import type { Database } from 'better-sqlite3';
import type { RegistryAnswer } from '../../shared/api/contract';
import { ApiFailure } from '../../shared/api/errors';
import { foldName, type LegalEntity, type Person, type RegistrySystem } from '../../shared/registry';
import { REGISTRY_ROUTES, SIMULATOR_SAMPLES_PATH, type LookupReply, type SimulatorSamples } from '../../shared/server-api';
import type { AuditLog } from './audit';
import type { Session } from './auth';
import { CentralError } from './central-client';
import type { CentralLink } from './central-link';

export interface RegistryCachePolicy {
  maxAgeDays: number;
  maxEntries: number;
}

export const DEFAULT_CACHE_POLICY: RegistryCachePolicy = { maxAgeDays: 30, maxEntries: 10_000 };

export interface RegistryService {
  person(session: Session, iin: string, purpose: string): Promise<RegistryAnswer<Person>>;
  searchPersons(
    session: Session,
    query: { surname: string; name: string; birthDate?: string; limit: number },
    purpose: string,
  ): Promise<RegistryAnswer<Person[]>>;
  legalEntity(session: Session, bin: string, purpose: string): Promise<RegistryAnswer<LegalEntity>>;
  purgeCache(): number;
  /** Sample records when the server's registries are simulated; null otherwise or when unreachable. */
  samples(session: Session): Promise<SimulatorSamples | null>;
}

type Route = (typeof REGISTRY_ROUTES)[keyof typeof REGISTRY_ROUTES];

export function createRegistryService(deps: {
  db: Database;
  link: CentralLink;
  audit: AuditLog;
  now: () => Date;
  policy?: RegistryCachePolicy;
}): RegistryService {
  const { db, link, audit, now } = deps;
  const policy = deps.policy ?? DEFAULT_CACHE_POLICY;
  const readCache = db.prepare(`SELECT answer, answered_at, stored_at FROM registry_cache WHERE system = ? AND subject = ?`);
  const writeCache = db.prepare(
    `INSERT INTO registry_cache (system, subject, answer, answered_at, stored_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (system, subject) DO UPDATE SET answer = excluded.answer, answered_at = excluded.answered_at,
       stored_at = excluded.stored_at`,
  );
  const purgeOld = db.prepare(`DELETE FROM registry_cache WHERE stored_at < ?`);
  const purgeExcess = db.prepare(
    `DELETE FROM registry_cache WHERE rowid IN (SELECT rowid FROM registry_cache ORDER BY stored_at DESC LIMIT -1 OFFSET ?)`,
  );

  const purgeCache = () => {
    const cutoff = new Date(now().getTime() - policy.maxAgeDays * 86_400_000).toISOString();
    return purgeOld.run(cutoff).changes + purgeExcess.run(policy.maxEntries).changes;
  };

  const fromCache = <T>(system: string, subject: string): RegistryAnswer<T> | null => {
    purgeCache();
    const row = readCache.get(system, subject) as { answer: string; answered_at: string; stored_at: string } | undefined;
    if (!row) return null;
    // Measured on this workstation's clock from when we stored it: the server's clock may differ.
    const ageSeconds = Math.max(0, Math.round((now().getTime() - Date.parse(row.stored_at)) / 1000));
    return {
      found: true,
      system: system as RegistrySystem,
      answeredAt: row.answered_at,
      record: JSON.parse(row.answer) as T,
      source: 'cache',
      ageSeconds,
    };
  };

  const ask = async <T>(
    session: Session,
    system: RegistrySystem,
    cacheKey: { system: string; subject: string },
    route: Route,
    body: Record<string, unknown>,
  ): Promise<RegistryAnswer<T>> => {
    const purpose = String(body.purpose);
    const record = (outcome: string, source: 'registry' | 'cache' | 'none', reason?: string) =>
      audit.append({
        action: 'registry.lookup',
        actorIin: session.iin,
        subject: cacheKey.subject,
        detail: { system, purpose, outcome, source, ...(reason ? { reason } : {}) },
      });

    const client = link.client();
    let failure: string;
    if (!client) {
      failure = 'not_configured';
    } else {
      try {
        const reply = await client.call<LookupReply<unknown>>(route.path, body, session.iin);
        link.report(true);
        if (!reply.found) {
          record('not_found', 'registry');
          return { found: false, system, answeredAt: reply.answeredAt, source: 'registry' };
        }
        const parsed = route.record.safeParse(reply.record);
        if (!parsed.success) {
          record('bad_answer', 'none');
          throw new ApiFailure('registry_unavailable', { system, reason: 'bad_answer' });
        }
        writeCache.run(cacheKey.system, cacheKey.subject, JSON.stringify(parsed.data), reply.answeredAt, now().toISOString());
        purgeCache();
        record('found', 'registry');
        return { found: true, system, answeredAt: reply.answeredAt, record: parsed.data as T, source: 'registry' };
      } catch (error) {
        if (!(error instanceof CentralError)) throw error;
        if (error.kind === 'offline') link.report(false);
        failure = error.kind === 'rejected' ? `rejected:${error.code}` : error.kind;
      }
    }
    const cached = fromCache<T>(cacheKey.system, cacheKey.subject);
    if (cached) {
      record('found', 'cache', failure);
      return cached;
    }
    record('unavailable', 'none', failure);
    throw new ApiFailure('registry_unavailable', { system, reason: failure.split(':')[0] ?? failure });
  };

  purgeCache();

  return {
    person: (session, iin, purpose) =>
      ask(session, 'individuals', { system: 'individuals', subject: iin }, REGISTRY_ROUTES.person, { iin, purpose }),
    searchPersons: (session, query, purpose) =>
      ask(
        session,
        'individuals',
        {
          system: 'individuals_search',
          subject: [foldName(query.surname), foldName(query.name), query.birthDate ?? ''].join('|'),
        },
        REGISTRY_ROUTES.personSearch,
        { ...query, purpose },
      ),
    legalEntity: (session, bin, purpose) =>
      ask(session, 'legal_entities', { system: 'legal_entities', subject: bin }, REGISTRY_ROUTES.legalEntity, { bin, purpose }),
    purgeCache,
    async samples(session) {
      const client = link.client();
      if (!client) return null;
      try {
        return await client.get<SimulatorSamples>(SIMULATOR_SAMPLES_PATH, session.iin);
      } catch (error) {
        if (error instanceof CentralError) return null;
        throw error;
      }
    },
  };
}
