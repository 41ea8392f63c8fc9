// `npm run bench`: builds each tests/bench/*.bench.ts with esbuild and runs it with node, one after
// another, so that their figures do not disturb each other. `npm run bench -- registry` runs only
// the benchmarks whose file name contains "registry".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const filter = process.argv[2] ?? '';
const benches = fs
  .readdirSync(path.join(root, 'tests', 'bench'))
  .filter((file) => file.endsWith('.bench.ts') && file.includes(filter))
  .sort();
// Inside the project, so that the bundles find node_modules.
fs.mkdirSync(path.join(root, '.tmp'), { recursive: true });
const outdir = fs.mkdtempSync(path.join(root, '.tmp', 'bench-'));

console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);
let failed = 0;
for (const file of benches) {
  const out = path.join(outdir, file.replace(/\.ts$/, '.cjs'));
  await build({
    absWorkingDir: root,
    entryPoints: [path.join('tests', 'bench', file)],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    // import.meta.url (tests/helpers/softhsm.ts) is the bundle's own file, as in an ESM bundle; CommonJS has none.
    banner: { js: 'const __importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
    define: { 'import.meta.url': '__importMetaUrl' },
    logLevel: 'warning',
  });
  console.log(`\n=== ${file}`);
  const result = spawnSync(process.execPath, ['--expose-gc', out], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
fs.rmSync(outdir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
