// Out of the box, `npm start` runs the central server inside the app (PGlite in the data folder,
// loopback only, simulated national registries filled with synthetic people) and enrols this
// workstation with it — unless the workstation was enrolled with a real central server.
import os from 'node:os';
import path from 'node:path';
import type { Services } from './services/services';
import { DEFAULT_SEED, seedNational } from '../server/national/seed';
import { startCentralServer, type RunningServer } from '../server/start';

export const EMBEDDED_PROVIDER = 'LOCAL';
export const EMBEDDED_PEOPLE = 20_000;

export interface EmbeddedServer {
  url: string;
  close(): Promise<void>;
}

/** Whether this workstation should use the embedded server (it is not enrolled elsewhere). */
export function wantsEmbeddedServer(services: Services): boolean {
  return !services.link.status().serverUrl || services.link.isEmbedded();
}

export async function startEmbeddedServer(
  services: Services,
  dataDir: string,
  log: (message: string) => void,
  people = Number(process.env.QYZMET_EMBEDDED_PEOPLE ?? EMBEDDED_PEOPLE),
): Promise<EmbeddedServer> {
  const databaseUrl = process.env.QYZMET_EMBEDDED_DATABASE_URL;
  const server: RunningServer = await startCentralServer({
    // A real PostgreSQL server when one is named (tests of both storages), PGlite in the data folder otherwise.
    ...(databaseUrl ? { databaseUrl } : { dataDir: path.join(dataDir, 'central-server') }),
    logger: { level: 'warn', stream: process.stderr },
    ...(process.env.QYZMET_FAULTS ? { faults: process.env.QYZMET_FAULTS } : {}),
    // The portal's applicants sign with certificates of the centres put in this folder (training: the demo ones).
    portalTrustDir: process.env.QYZMET_PORTAL_TRUST ?? path.join(dataDir, 'central-server-portal-trust'),
    // Its only provider is this workstation's: the BIN of Settings → Service provider is claimed when the
    // first document is registered under it (a real central server's administrator binds each provider's BIN).
    unboundBins: 'claim',
  });
  try {
    const [row] = await server.sql.query<{ n: string }>(`SELECT count(*) AS n FROM national.person`);
    if (Number(row?.n ?? 0) === 0) {
      log(`embedded central server: filling the simulated registries with ${people} synthetic people…`);
      await seedNational(server.sql, { seed: DEFAULT_SEED, people, entities: Math.max(1, Math.round(people / 20)) });
    }
    if (services.link.isEmbedded()) {
      services.link.repoint(server.url);
    } else {
      const code = await server.auth.createEnrolmentCode(EMBEDDED_PROVIDER);
      await services.link.enrol(server.url, code, os.hostname());
      services.link.markEmbedded();
    }
  } catch (error) {
    await server.close();
    throw error;
  }
  log(`embedded central server (simulated registries) at ${server.url}`);
  return { url: server.url, close: () => server.close() };
}

/**
 * Starts the embedded server in the background when this workstation wants it (not enrolled with
 * another server, and QYZMET_EMBEDDED_SERVER is not "0"), so the window opens without waiting for it.
 */
export function startEmbeddedInBackground(
  app: { services: Services | null },
  dataDir: string,
  log: (message: string) => void,
): { close(): Promise<void> } {
  const services = app.services;
  if (!services || process.env.QYZMET_EMBEDDED_SERVER === '0' || !wantsEmbeddedServer(services)) {
    return { close: async () => undefined };
  }
  const starting = startEmbeddedServer(services, dataDir, log).catch((error: unknown) => {
    log(`the embedded central server could not start: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  });
  return {
    async close() {
      await (await starting)?.close();
    },
  };
}
