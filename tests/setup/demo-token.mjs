// `npm run demo:token -- …`: bundles tests/setup/demo-token.ts with esbuild and runs it (see there).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
fs.mkdirSync(path.join(root, '.tmp'), { recursive: true });
const out = path.join(root, '.tmp', 'demo-token.mjs');
await build({ absWorkingDir: root, entryPoints: ['tests/setup/demo-token.ts'], outfile: out, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' });
const result = spawnSync(process.execPath, [out, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exitCode = result.status ?? 1;
