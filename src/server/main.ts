// The central server's command line:
//   qyzmet-server start [--host H] [--port N] [--data DIR | --database-url URL] [--faults SPEC]
//   qyzmet-server seed [--people N] [--entities N] [--seed S] [--data DIR | --database-url URL]
//   qyzmet-server enrolment-code --provider CODE [--ttl-hours H] [--data DIR | --database-url URL]
// QYZMET_SERVER_DATABASE_URL and QYZMET_SERVER_DATA_DIR stand in for the flags; QYZMET_FAULTS for --faults.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, seedNational } from './national/seed';
import { openServerDatabase, startCentralServer } from './start';
import { createWorkstationAuth } from './auth';

const USAGE = `usage:
  qyzmet-server start [--host 127.0.0.1] [--port 8470] [--data DIR | --database-url URL] [--faults SPEC] [--portal-trust DIR]
  qyzmet-server seed [--people 1000000] [--entities 50000] [--seed N] [--data DIR | --database-url URL]
  qyzmet-server enrolment-code --provider CODE [--ttl-hours 24] [--data DIR | --database-url URL]`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8470' },
      data: { type: 'string' },
      'database-url': { type: 'string' },
      faults: { type: 'string' },
      'portal-trust': { type: 'string' },
      people: { type: 'string', default: '1000000' },
      entities: { type: 'string', default: '50000' },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      provider: { type: 'string' },
      'ttl-hours': { type: 'string', default: '24' },
    },
    strict: true,
  });
  const databaseUrl = values['database-url'] ?? process.env.QYZMET_SERVER_DATABASE_URL;
  const dataDir = path.resolve(values.data ?? process.env.QYZMET_SERVER_DATA_DIR ?? 'qyzmet-server-data');
  const where = databaseUrl ? { databaseUrl } : { dataDir };
  const count = (name: string, text: string) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a whole number, not "${text}"`);
    return n;
  };

  switch (command) {
    case 'start': {
      const server = await startCentralServer({
        ...where,
        host: values.host,
        port: count('port', values.port),
        ...((values.faults ?? process.env.QYZMET_FAULTS) ? { faults: values.faults ?? process.env.QYZMET_FAULTS } : {}),
        // The portal's applicants' certification centres (default: <data>/portal-trust when it exists).
        portalTrustDir: path.resolve(values['portal-trust'] ?? process.env.QYZMET_PORTAL_TRUST ?? path.join(dataDir, 'portal-trust')),
      });
      const stop = async () => {
        await server.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return -1;
    }
    case 'seed': {
      const sql = await openServerDatabase(where);
      const started = Date.now();
      const result = await seedNational(sql, {
        seed: count('seed', values.seed),
        people: count('people', values.people),
        entities: count('entities', values.entities),
        progress: (part, n) => console.error(`loaded ${n} ${part} (${Math.round((Date.now() - started) / 1000)} s)`),
      });
      await sql.close();
      console.log(JSON.stringify(result));
      return 0;
    }
    case 'enrolment-code': {
      if (!values.provider) throw new UsageError('--provider is required');
      const sql = await openServerDatabase(where);
      const code = await createWorkstationAuth(sql).createEnrolmentCode(values.provider, count('ttl-hours', values['ttl-hours']));
      await sql.close();
      console.log(code);
      return 0;
    }
    default:
      throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
  }
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error)) {
      console.error(`${error.message}\n${USAGE}`);
      process.exit(2);
    }
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
