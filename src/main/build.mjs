// Bundles the main-process entry points into dist/main/*.cjs with esbuild (`npm run build:main`):
//   electron-main.cjs  the Electron shell (main process)
//   preload.cjs        the sandboxed preload (may only require `electron`)
//   launch.cjs         what `npm start` runs: Electron if usable, else the browser host
//   cli.cjs            the command-line tool (package.json "bin"), when src/main/cli.ts exists
// and dist/server/main.cjs, the central server (`npm run server`), when src/server/main.ts exists.
// Native modules and Electron itself stay external: they are loaded from node_modules at run time
// (and, in a packaged app, from app.asar.unpacked; see electron-builder.yml). Everything else (ws,
// zod, …) is bundled.
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const outdir = path.join(root, 'dist', 'main');
const serverOutdir = path.join(root, 'dist', 'server');
const hasServer = existsSync(path.join(root, 'src/server/main.ts'));

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  outdir,
  outExtension: { '.js': '.cjs' },
  // PGlite loads its WebAssembly and data files next to its own module, so it must stay in node_modules.
  external: ['electron', 'better-sqlite3', 'pkcs11js', '@electric-sql/pglite', 'sharp'],
  logLevel: 'warning',
  // Fail on anything esbuild doubts (e.g. import.meta in CommonJS output).
  logOverride: { 'empty-import-meta': 'error' },
};

rmSync(outdir, { recursive: true, force: true });
rmSync(serverOutdir, { recursive: true, force: true });

const started = Date.now();
await Promise.all([
  build({
    ...common,
    entryPoints: {
      'electron-main': 'src/main/electron/electron-main.ts',
      launch: 'src/main/launch.ts',
      // package.json "bin" points at dist/main/cli.cjs; built once src/main/cli.ts exists.
      ...(existsSync(path.join(root, 'src/main/cli.ts')) ? { cli: 'src/main/cli.ts' } : {}),
    },
  }),
  // The preload runs in Electron's sandboxed renderer: one self-contained file, no Node modules.
  build({
    ...common,
    entryPoints: { preload: 'src/main/electron/preload.ts' },
    platform: 'browser',
    target: ['chrome120'],
  }),
  // The central server runs from the repository (or an image with its node_modules): only our own
  // code is bundled; its packages (Fastify, pino, pg, PGlite with its wasm files) load from node_modules.
  ...(hasServer
    ? [build({ ...common, entryPoints: { main: 'src/server/main.ts' }, outdir: serverOutdir, packages: 'external' })]
    : []),
]);
const built = ['electron-main', 'preload', 'launch', ...(existsSync(path.join(outdir, 'cli.cjs')) ? ['cli'] : [])];
console.log(
  `main: built dist/main/{${built.join(',')}}.cjs${hasServer ? ' and dist/server/main.cjs' : ''} in ${Date.now() - started} ms`,
);
