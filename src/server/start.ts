// Starts the central server: PostgreSQL when a connection string is given, PGlite in a folder otherwise.
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createTrustStore } from '../main/signing/trust-store';
import { buildServer } from './app';
import type { UnboundBins } from './documents';
import { rateLimitsOf, type RateLimits } from './rate-limit';
import type { WorkstationAuth } from './auth';
import { migrateServer } from './db/migrations';
import { openPglite } from './db/pglite';
import { openPostgres } from './db/postgres';
import type { Sql } from './db/sql';
import { createFaultPlan, parseFaults, withFaults, type FaultPlan } from './national/faults';
import { simulatedNationalSystems, simulatorSamples } from './national/simulated';

export interface StartOptions {
  /** postgres://… — a real PostgreSQL server. */
  databaseUrl?: string;
  /** Folder for the embedded PGlite database (ignored with databaseUrl; memory when neither is given). */
  dataDir?: string;
  host?: string;
  port?: number;
  /** QYZMET_FAULTS syntax, e.g. "individuals:timeout". */
  faults?: string;
  logger?: boolean | object;
  registryTimeoutMs?: number;
  /**
   * A folder of certification centres' root (and intermediate) certificates and CRLs that applicants'
   * signatures on portal submissions must chain to. Without it the portal refuses every submission.
   */
  portalTrustDir?: string;
  /** Per-client-address limits of the public endpoints (document check, portal); the defaults for what is not given. */
  rateLimits?: Partial<RateLimits>;
  /** The reverse proxies in front of the server (addresses, CIDR ranges) whose X-Forwarded-For names the client. */
  trustProxy?: string[];
  /** A document registered under a BIN no provider has yet: 'refuse' (default) or 'claim' it (the embedded server). */
  unboundBins?: UnboundBins;
}

export interface RunningServer {
  url: string;
  sql: Sql;
  app: FastifyInstance;
  auth: WorkstationAuth;
  faults: FaultPlan;
  close(): Promise<void>;
}

/** Roots (and intermediates) in the folder itself; CRLs there (`*.crl`) or in its `crl` subfolder. */
function portalTrust(dir: string) {
  const crls = fs.readdirSync(dir).filter((name) => /\.crl$/i.test(name)).map((name) => path.join(dir, name));
  return createTrustStore({ dataDir: dir, shippedDir: dir, extraCrlFiles: crls }).material();
}

export async function openServerDatabase(options: Pick<StartOptions, 'databaseUrl' | 'dataDir'>): Promise<Sql> {
  const sql = options.databaseUrl ? await openPostgres(options.databaseUrl) : await openPglite(options.dataDir);
  await migrateServer(sql);
  return sql;
}

export async function startCentralServer(options: StartOptions = {}): Promise<RunningServer> {
  const rateLimits = rateLimitsOf(options.rateLimits); // a bad limit fails before the database opens
  const sql = await openServerDatabase(options);
  const faults = createFaultPlan(parseFaults(options.faults));
  const systems = withFaults(simulatedNationalSystems(sql), faults);
  const { app, auth } = buildServer({
    sql,
    systems,
    logger: options.logger ?? true,
    samples: () => simulatorSamples(sql),
    ...(options.portalTrustDir && fs.existsSync(options.portalTrustDir)
      ? { portalTrust: portalTrust(options.portalTrustDir) }
      : {}),
    ...(options.registryTimeoutMs ? { registryTimeoutMs: options.registryTimeoutMs } : {}),
    rateLimits,
    ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}),
    ...(options.unboundBins ? { unboundBins: options.unboundBins } : {}),
  });
  const url = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  return {
    url,
    sql,
    app,
    auth,
    faults,
    async close() {
      await app.close();
      await sql.close();
    },
  };
}
