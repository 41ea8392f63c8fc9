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
  const server: RunningServer = await startCentralServer({
    dataDir: path.join(dataDir, 'central-server'),
    logger: { level: 'warn', stream: process.stderr },
    ...(process.env.QYZMET_FAULTS ? { faults: process.env.QYZMET_FAULTS } : {}),
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
