// What `npm start` runs (after `npm run build`), as dist/main/launch.cjs:
// - the Electron shell, when the Electron binary is installed and usable;
// - otherwise (or with --browser) the browser host: the same UI and services served on 127.0.0.1,
//   with the URL printed for the user to open. Nothing is opened automatically.
//
//   node dist/main/launch.cjs [--browser] [--port N] [--json]
//
// --json prints exactly one line on stdout, {"url": "...", "dataDir": "..."}; everything else goes to
// stderr. Tests use `--browser --port 0 --json`.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createApp, type App } from './app';
import { defaultDataDir } from './data-dir';
import { startBrowserHost, type BrowserHost } from './host/browser-host';
import { startEmbeddedInBackground } from './embedded-server';

/** A stable port for people (bookmarks, muscle memory); a random free one if it is taken. */
export const DEFAULT_PORT = 47800;

// This file is bundled to dist/main/launch.cjs, so __dirname is dist/main.
const ROOT = path.resolve(__dirname, '..', '..');
const RENDERER_DIR = path.join(ROOT, 'dist', 'renderer');
const ELECTRON_MAIN = path.join(ROOT, 'dist', 'main', 'electron-main.cjs');

interface Options {
  browser: boolean;
  port: number | null;
  json: boolean;
}

const USAGE = `Usage: node dist/main/launch.cjs [--browser] [--port N] [--json]

  --browser   serve the workstation to a web browser even if Electron is installed
  --port N    port for the browser host on 127.0.0.1 (default ${DEFAULT_PORT}, or a free one if taken;
              0 = any free port)
  --json      print one JSON line {"url", "dataDir"} on stdout and send all other output to stderr

The data folder is ${defaultDataDir()} (set QYZMET_DATA_DIR to use another).`;

function parseArgs(argv: string[]): Options {
  const options: Options = { browser: false, port: null, json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--browser') options.browser = true;
    else if (arg === '--json') options.json = true;
    else if (arg === '--port' || arg.startsWith('--port=')) {
      const value = arg === '--port' ? argv[++i] : arg.slice('--port='.length);
      const port = Number(value);
      if (value === undefined || value === '' || !Number.isInteger(port) || port < 0 || port > 65535) {
        throw new UsageError(`--port needs a number from 0 to 65535, not ${value === undefined ? 'nothing' : `"${value}"`}`);
      }
      options.port = port;
    } else if (arg === '--help' || arg === '-h') {
      process.stderr.write(`${USAGE}\n`);
      process.exit(0);
    } else throw new UsageError(`unknown option "${arg}"`);
  }
  return options;
}

class UsageError extends Error {}

/** Human-readable output: stdout normally, stderr under --json (stdout then holds only the JSON line). */
let say: (text: string) => void = (text) => process.stdout.write(`${text}\n`);
const warn = (text: string) => process.stderr.write(`${text}\n`);

// ---- can Electron run here? ----

type ElectronCheck = { ok: true; binary: string } | { ok: false; reason: string };

function checkElectron(): ElectronCheck {
  let binary: unknown;
  try {
    // The `electron` npm package exports the path of its binary, and throws when the binary was
    // never downloaded (its install script is not allowed to run here; see package.json allowScripts).
    binary = createRequire(path.join(ROOT, 'package.json'))('electron');
  } catch {
    binary = null;
  }
  if (typeof binary !== 'string' || !fs.existsSync(binary)) {
    return {
      ok: false,
      reason:
        'The Electron binary is not installed (its download needs internet access; run `npm run electron:fetch` ' +
        'on a machine that has it)',
    };
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { ok: false, reason: 'There is no graphical display here (neither DISPLAY nor WAYLAND_DISPLAY is set)' };
  }
  // better-sqlite3 is a native module: the copy built for Node.js (which the tests use) does not load
  // in Electron. Ask Electron's own Node, quickly, before opening a window that would fail.
  const probe = spawnSync(binary, ['-e', "require('better-sqlite3')"], {
    cwd: ROOT,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (probe.status !== 0) {
    const abi = /NODE_MODULE_VERSION|was compiled against a different Node\.js version/.test(probe.stderr ?? '');
    return {
      ok: false,
      reason: abi
        ? 'better-sqlite3 is built for Node.js, not for Electron (rebuild it with `npx electron-builder install-app-deps`; ' +
          'run `npm rebuild better-sqlite3` before running the tests under Node.js again)'
        : `Electron could not load the database module (${firstLine(probe.stderr || probe.error?.message || 'no output')})`,
    };
  }
  return { ok: true, binary };
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

// ---- the Electron shell ----

function runElectron(binary: string, options: Options): void {
  const args = [ELECTRON_MAIN];
  if (process.platform === 'linux' && process.getuid?.() === 0) {
    // Chromium refuses to start as root with its OS sandbox on. The page stays sandboxed by Electron
    // (sandbox: true, context isolation), but do not run the workstation as root for real work.
    warn('Warning: running as root, so Electron is started with --no-sandbox. Run Qyzmet as an ordinary user.');
    args.push('--no-sandbox');
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ url: 'qyzmet://app/index.html', dataDir: defaultDataDir() })}\n`);
  }
  say(`Starting the Qyzmet window (Electron). Data folder: ${defaultDataDir()}`);
  const child = spawn(binary, args, {
    cwd: ROOT,
    stdio: ['ignore', options.json ? process.stderr : 'inherit', 'inherit'],
    env: { ...process.env, QYZMET_LAUNCHER: '1' },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (child.exitCode === null) child.kill(signal);
    });
  }
  child.on('error', (error) => {
    warn(`Electron could not be started: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

// ---- the browser host ----

async function runBrowserHost(options: Options, reason: string | null): Promise<void> {
  const dataDir = defaultDataDir();
  let app: App;
  try {
    app = createApp({ dataDir, watchServer: true });
  } catch (error) {
    warn(`The workstation could not start with the data folder ${dataDir}: ${describe(error)}`);
    process.exit(1);
  }

  let host: BrowserHost;
  try {
    host = await startHost(app, options);
  } catch (error) {
    app.close();
    warn(`The browser host could not start: ${describe(error)}`);
    process.exit(1);
  }

  // In the background: the page is usable at once, the status bar shows when the server is up.
  const embedded = startEmbeddedInBackground(app, dataDir, warn);
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      warn(`${signal} again: stopping at once.`);
      process.exit(1);
    }
    stopping = true;
    warn(`${signal}: stopping the workstation…`);
    try {
      await host.close();
      await embedded.close();
      app.close();
      process.exit(0);
    } catch (error) {
      warn(`Could not stop cleanly: ${describe(error)}`);
      process.exit(1);
    }
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  if (options.json) process.stdout.write(`${JSON.stringify({ url: host.url, dataDir })}\n`);
  say(
    reason
      ? `${reason} — serving the workstation to your browser instead at ${host.url}`
      : `Serving the workstation to your browser at ${host.url}`,
  );
  say(`Open that address in Chromium, Chrome, Edge or Firefox on this computer (it listens on 127.0.0.1 only;`);
  say(`the #token part is the key for this run). Data folder: ${dataDir}. Press Ctrl+C to stop.`);
}

async function startHost(app: App, options: Options): Promise<BrowserHost> {
  if (options.port !== null) return startBrowserHost({ app, rendererDir: RENDERER_DIR, port: options.port });
  try {
    return await startBrowserHost({ app, rendererDir: RENDERER_DIR, port: DEFAULT_PORT });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    warn(`Port ${DEFAULT_PORT} is in use; using a free port instead.`);
    return startBrowserHost({ app, rendererDir: RENDERER_DIR, port: 0 });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ---- main ----

async function main(): Promise<void> {
  let options: Options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    warn(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options.json) {
    // Keep stdout for the one JSON line, whatever the services log.
    say = warn;
    console.log = console.error;
    console.info = console.error;
    console.debug = console.error;
  }

  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    warn(
      `The user interface is not built: ${path.join(RENDERER_DIR, 'index.html')} is missing.\n` +
        'Run `npm run build` first (`npm start` does that for you).',
    );
    process.exit(1);
  }

  let reason: string | null = null;
  if (options.browser) {
    reason = null;
  } else {
    const electron = checkElectron();
    if (electron.ok) {
      if (!fs.existsSync(ELECTRON_MAIN)) {
        warn(`${ELECTRON_MAIN} is missing. Run \`npm run build\` first.`);
        process.exit(1);
      }
      runElectron(electron.binary, options);
      return;
    }
    reason = electron.reason;
  }
  await runBrowserHost(options, reason);
}

main().catch((error: unknown) => {
  warn(`Qyzmet could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
