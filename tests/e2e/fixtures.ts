// Playwright fixtures for the e2e specs: `import { test, expect } from './fixtures'`.
//
// `workstation` starts a fresh workstation per test: a new temporary data folder (optionally seeded
// by the `workstationSeed` option before the start), and `node dist/main/launch.cjs --browser --port 0
// --json` with QYZMET_DATA_DIR pointing at it. After the test the process is stopped (SIGTERM, then
// SIGKILL) and the folder removed. `restart()` stops it and starts it again on the same folder, for
// persistence tests; it returns the new URL (the port and token change).
//
//   test('…', async ({ page, workstation }) => { await page.goto(workstation.url); … });
//
// Seeding, either with files (path relative to the data folder → content):
//   test.use({ workstationSeed: { 'qyzmet.sqlite': 'not a database' } });
// or with a function of the data folder, wrapped by seedWith() — Playwright takes a bare function in
// test.use() for a fixture definition, not for a value:
//   test.use({ workstationSeed: seedWith((dataDir) => copyFixtureDatabase(dataDir)) });
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect } from '@playwright/test';
import { createTestPki, type PersonSpec } from '../helpers/pki';
import { saneTestConfig, type SaneTestOptions } from '../helpers/sane';
import { createSoftHsm, type SoftHsm } from '../helpers/softhsm';

export { expect };

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LAUNCHER = path.join(ROOT, 'dist', 'main', 'launch.cjs');
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;

export interface Workstation {
  /** The address to open, with this run's token: http://127.0.0.1:PORT/#token=… */
  readonly url: string;
  /** The data folder (QYZMET_DATA_DIR) of this test. */
  readonly dataDir: string;
  /**
   * Stops the workstation and starts it again on the same data folder; resolves to the new URL.
   * `{ centralServer }` changes that option from this start on (`undefined`: no embedded server).
   */
  restart(options?: { centralServer: CentralServerOption | undefined }): Promise<string>;
  /** The SoftHSM2 token of the `signingToken` option, or null without it. */
  readonly token: { label: string; pin: string; pull(): void } | null;
}

/**
 * A SoftHSM2 token (label "Qyzmet e2e", PIN 1234) holding one signing key + certificate per holder,
 * issued by a test НУЦ РК whose root is put into the workstation's trust folder, with a fresh CRL in
 * its CRL cache. Without this option every workstation still gets its own empty SoftHSM2 store, so no
 * test sees tokens of another.
 */
export interface SigningTokenOption {
  holders: PersonSpec[];
}

export const E2E_TOKEN = { label: 'Qyzmet e2e', pin: '1234' };

export interface Running {
  child: ChildProcess;
  url: string;
  stderr: () => string;
}

export type SeedFunction = (dataDir: string) => void | Promise<void>;
/** Files to write into the data folder before the start: relative path → content. */
export type SeedFiles = Record<string, string | Uint8Array>;
export type WorkstationSeed = SeedFunction | SeedFiles;

/**
 * The embedded central server: a small synthetic population, optionally on a real PostgreSQL server,
 * optionally with injected registry faults (QYZMET_FAULTS syntax, e.g. "individuals:error").
 */
export interface CentralServerOption {
  people: number;
  databaseUrl?: string;
  faults?: string;
}

interface Fixtures {
  workstationSeed: WorkstationSeed | undefined;
  /** Run the embedded central server with a small synthetic population (off by default: it costs seconds). */
  centralServer: CentralServerOption | undefined;
  signingToken: SigningTokenOption | undefined;
  /** The SANE `test` backend as the workstation's scanner (a test-local SANE_CONFIG_DIR; `true` for the defaults). */
  scanner: SaneTestOptions | true | undefined;
  workstation: Workstation;
}

/** The `workstationSeed` option as a function of the data folder (see the top of this file). */
export function seedWith(seed: SeedFunction) {
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring pattern
  return async ({}, use: (value: WorkstationSeed) => Promise<void>) => use(seed);
}

async function applySeed(seed: WorkstationSeed, dataDir: string): Promise<void> {
  if (typeof seed === 'function') {
    await seed(dataDir);
    return;
  }
  for (const [relative, content] of Object.entries(seed)) {
    const file = path.resolve(dataDir, relative);
    if (!file.startsWith(dataDir + path.sep)) throw new Error(`workstationSeed: ${relative} is outside the data folder`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}

export const test = base.extend<Fixtures>({
  workstationSeed: [undefined, { option: true }],
  centralServer: [undefined, { option: true }],
  signingToken: [undefined, { option: true }],
  scanner: [undefined, { option: true }],

  workstation: async ({ workstationSeed, centralServer, signingToken, scanner }, use, testInfo) => {
    if (!fs.existsSync(LAUNCHER)) throw new Error(`${LAUNCHER} is missing: run \`npm run build\` before the e2e tests`);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-e2e-'));
    let running: Running | null = null;
    let central = centralServer;
    const hsm = createSoftHsm();
    const sane = scanner ? saneTestConfig(scanner === true ? {} : scanner) : null;
    try {
      if (workstationSeed) await applySeed(workstationSeed, dataDir);
      if (signingToken) await prepareToken(hsm, dataDir, signingToken);
      const startWith = (centralOption: Fixtures['centralServer']) => startWorkstation(dataDir, centralOption, { ...hsm.env, ...sane?.env });
      running = await startWith(central);
      const workstation: Workstation = {
        get url() {
          if (!running) throw new Error('the workstation is not running');
          return running.url;
        },
        dataDir,
        async restart(options) {
          if (running) await stopWorkstation(running);
          running = null;
          if (options) central = options.centralServer;
          running = await startWith(central);
          return running.url;
        },
        token: signingToken ? { ...E2E_TOKEN, pull: () => hsm.deleteToken(E2E_TOKEN.label) } : null,
      };
      await use(workstation);
    } finally {
      if (running) {
        const log = running.stderr();
        await stopWorkstation(running);
        if (testInfo.status !== testInfo.expectedStatus && log) {
          await testInfo.attach('workstation.log', { body: log, contentType: 'text/plain' });
        }
      }
      fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
      hsm.cleanup();
      sane?.cleanup();
    }
  },
});

async function prepareToken(hsm: SoftHsm, dataDir: string, option: SigningTokenOption): Promise<void> {
  const pki = await createTestPki();
  pki.writeTrustDir(path.join(dataDir, 'trust'));
  fs.mkdirSync(path.join(dataDir, 'crl'), { recursive: true });
  const day = 86_400_000;
  fs.writeFileSync(path.join(dataDir, 'crl', 'issuing.crl'), await pki.crl({ revoked: [], thisUpdate: new Date(Date.now() - day), nextUpdate: new Date(Date.now() + 7 * day) }));
  hsm.initToken(E2E_TOKEN.label, { user: E2E_TOKEN.pin });
  for (const [index, holder] of option.holders.entries()) {
    const cert = await pki.issue(holder);
    const idHex = (index + 1).toString(16).padStart(2, '0');
    hsm.importKey(E2E_TOKEN.label, E2E_TOKEN.pin, { idHex, label: `SIGN ${holder.surname}`, privateKeyPkcs8Der: cert.privateKeyPkcs8Der, certDer: cert.certDer });
  }
}

function serverEnv(central: Fixtures['centralServer']): Record<string, string> {
  if (!central) return { QYZMET_EMBEDDED_SERVER: '0' };
  return {
    QYZMET_EMBEDDED_SERVER: '1',
    QYZMET_EMBEDDED_PEOPLE: String(central.people),
    ...(central.databaseUrl ? { QYZMET_EMBEDDED_DATABASE_URL: central.databaseUrl } : {}),
    ...(central.faults ? { QYZMET_FAULTS: central.faults } : {}),
  };
}

/**
 * Starts a workstation on `dataDir` (the browser host, `--json`). Exported for specs that need a
 * second workstation beside the fixture's; they stop it with stopWorkstation() and remove its folder.
 */
export function startWorkstation(dataDir: string, central: Fixtures['centralServer'], tokenEnv: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, [LAUNCHER, '--browser', '--port', '0', '--json'], {
    cwd: ROOT,
    env: { ...process.env, QYZMET_DATA_DIR: dataDir, ...serverEnv(central), ...tokenEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';

  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });

  return new Promise<Running>((resolve, reject) => {
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      reject(new Error(`the workstation did not start: ${why}\n--- its stderr ---\n${stderr}`));
    };
    const timer = setTimeout(() => fail(`no JSON line within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code, signal) => fail(`it exited (code ${code}, signal ${signal}) before printing its URL`));
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      if (settled) return;
      stdout += chunk;
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      const line = stdout.slice(0, newline);
      let parsed: { url?: unknown; dataDir?: unknown };
      try {
        parsed = JSON.parse(line) as typeof parsed;
      } catch {
        fail(`its first stdout line is not JSON: ${line}`);
        return;
      }
      if (typeof parsed.url !== 'string' || !parsed.url.startsWith('http://127.0.0.1:')) {
        fail(`unexpected JSON line: ${line}`);
        return;
      }
      settled = true;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.removeAllListeners('error');
      resolve({ child, url: parsed.url, stderr: () => stderr });
    });
  });
}

export async function stopWorkstation({ child }: Running): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = await Promise.race([
    exited.then(() => false),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), STOP_TIMEOUT_MS);
    }),
  ]);
  clearTimeout(timer);
  if (timedOut) {
    child.kill('SIGKILL');
    await exited;
  }
}
