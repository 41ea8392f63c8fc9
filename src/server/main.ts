// The central server's command line:
//   qyzmet-server start [--host H] [--port N] [--data DIR | --database-url URL] [--faults SPEC]
//                       [--verify-limit N] [--portal-submit-limit N] [--portal-read-limit N] [--limit-window S]
//                       [--limit-allow ADDRS] [--trust-proxy ADDRS]
//   qyzmet-server seed [--people N] [--entities N] [--seed S] [--data DIR | --database-url URL]
//   qyzmet-server enrolment-code --provider CODE [--bin BIN] [--ttl-hours H] [--data DIR | --database-url URL]
//   qyzmet-server provider-bin --provider CODE --bin BIN [--unbind] [--data DIR | --database-url URL]
// QYZMET_SERVER_DATABASE_URL and QYZMET_SERVER_DATA_DIR stand in for the flags; QYZMET_FAULTS for --faults;
// QYZMET_SERVER_VERIFY_LIMIT, QYZMET_SERVER_PORTAL_SUBMIT_LIMIT, QYZMET_SERVER_PORTAL_READ_LIMIT,
// QYZMET_SERVER_LIMIT_WINDOW, QYZMET_SERVER_LIMIT_ALLOW and QYZMET_SERVER_TRUST_PROXY for the limits' flags.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, seedNational } from './national/seed';
import { openServerDatabase, startCentralServer } from './start';
import { createWorkstationAuth } from './auth';
import { BIN_PATTERN, bindProviderBin, unbindProviderBin } from './documents';
import { DEFAULT_RATE_LIMITS, type RateLimits } from './rate-limit';

const USAGE = `usage:
  qyzmet-server start [--host 127.0.0.1] [--port 8470] [--data DIR | --database-url URL] [--faults SPEC] [--portal-trust DIR]
                      [--verify-limit ${DEFAULT_RATE_LIMITS.verify}] [--portal-submit-limit ${DEFAULT_RATE_LIMITS.portalSubmit}] [--portal-read-limit ${DEFAULT_RATE_LIMITS.portalRead}]
                      [--limit-window ${DEFAULT_RATE_LIMITS.windowMs / 1000}] [--limit-allow ADDR,…] [--trust-proxy ADDR|CIDR,…]
  qyzmet-server seed [--people 1000000] [--entities 50000] [--seed N] [--data DIR | --database-url URL]
  qyzmet-server enrolment-code --provider CODE [--bin BIN] [--ttl-hours 24] [--data DIR | --database-url URL]
  qyzmet-server provider-bin --provider CODE --bin BIN [--unbind] [--data DIR | --database-url URL]`;

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
      bin: { type: 'string' },
      unbind: { type: 'boolean', default: false },
      'ttl-hours': { type: 'string', default: '24' },
      'verify-limit': { type: 'string' },
      'portal-submit-limit': { type: 'string' },
      'portal-read-limit': { type: 'string' },
      'limit-window': { type: 'string' },
      'limit-allow': { type: 'string' },
      'trust-proxy': { type: 'string' },
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
  const list = (text: string | undefined) => (text ?? '').split(',').map((item) => item.trim()).filter(Boolean);
  /** The public endpoints' limits: a flag, else its environment variable, else the default. */
  const rateLimits = (): Partial<RateLimits> => {
    const limit = (flag: string, given: string | undefined, env: string): number | undefined => {
      const text = given ?? process.env[env];
      return text === undefined || text === '' ? undefined : count(flag, text);
    };
    const verify = limit('verify-limit', values['verify-limit'], 'QYZMET_SERVER_VERIFY_LIMIT');
    const portalSubmit = limit('portal-submit-limit', values['portal-submit-limit'], 'QYZMET_SERVER_PORTAL_SUBMIT_LIMIT');
    const portalRead = limit('portal-read-limit', values['portal-read-limit'], 'QYZMET_SERVER_PORTAL_READ_LIMIT');
    const window = limit('limit-window', values['limit-window'], 'QYZMET_SERVER_LIMIT_WINDOW');
    if (window === 0) throw new UsageError('--limit-window must be at least 1 (seconds)');
    const allow = list(values['limit-allow'] ?? process.env.QYZMET_SERVER_LIMIT_ALLOW);
    return {
      ...(verify !== undefined ? { verify } : {}),
      ...(portalSubmit !== undefined ? { portalSubmit } : {}),
      ...(portalRead !== undefined ? { portalRead } : {}),
      ...(window !== undefined ? { windowMs: window * 1000 } : {}),
      ...(allow.length ? { allow } : {}),
    };
  };
  const providerBin = () => {
    if (!values.provider) throw new UsageError('--provider is required');
    if (values.bin !== undefined && !BIN_PATTERN.test(values.bin)) throw new UsageError(`--bin must be twelve digits, not "${values.bin}"`);
    return { provider: values.provider, bin: values.bin };
  };
  /** Binds the BIN to the provider, or says why not (exit 1). */
  const bind = async (sql: Awaited<ReturnType<typeof openServerDatabase>>, provider: string, bin: string): Promise<boolean> => {
    const bound = await bindProviderBin(sql, provider, bin);
    if (bound.outcome === 'taken') {
      console.error(`BIN ${bin} is bound to provider ${bound.providerCode}: unbind it there first (provider-bin --provider ${bound.providerCode} --bin ${bin} --unbind)`);
      return false;
    }
    console.error(bound.outcome === 'already' ? `BIN ${bin} was already bound to provider ${provider}` : `BIN ${bin} bound to provider ${provider}`);
    return true;
  };

  switch (command) {
    case 'start': {
      const trustProxy = list(values['trust-proxy'] ?? process.env.QYZMET_SERVER_TRUST_PROXY);
      const server = await startCentralServer({
        ...where,
        host: values.host,
        port: count('port', values.port),
        ...((values.faults ?? process.env.QYZMET_FAULTS) ? { faults: values.faults ?? process.env.QYZMET_FAULTS } : {}),
        // The portal's applicants' certification centres (default: <data>/portal-trust when it exists).
        portalTrustDir: path.resolve(values['portal-trust'] ?? process.env.QYZMET_PORTAL_TRUST ?? path.join(dataDir, 'portal-trust')),
        // Per client address on the public endpoints (document check, portal); signed workstation calls are not limited.
        rateLimits: rateLimits(),
        // Behind a reverse proxy: its addresses, so that each client is counted by its own address.
        ...(trustProxy.length ? { trustProxy } : {}),
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
      const { provider, bin } = providerBin();
      const ttlHours = count('ttl-hours', values['ttl-hours']);
      const sql = await openServerDatabase(where);
      try {
        // The provider's BIN, which its documents are registered under, bound with the code when given.
        if (bin && !(await bind(sql, provider, bin))) return 1;
        console.log(await createWorkstationAuth(sql).createEnrolmentCode(provider, ttlHours));
        return 0;
      } finally {
        await sql.close();
      }
    }
    case 'provider-bin': {
      const { provider, bin } = providerBin();
      if (!bin) throw new UsageError('--bin is required');
      const sql = await openServerDatabase(where);
      try {
        if (values.unbind) {
          const unbound = await unbindProviderBin(sql, provider, bin);
          console.error(unbound ? `BIN ${bin} unbound from provider ${provider}` : `BIN ${bin} was not bound to provider ${provider}`);
          return unbound ? 0 : 1;
        }
        return (await bind(sql, provider, bin)) ? 0 : 1;
      } finally {
        await sql.close();
      }
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
