// Where the shipped resources are: process.resourcesPath when packaged, the repository's resources/
// when run from source (found by walking up from this module: source tree, dist/, a bundle), or
// QYZMET_RESOURCES_DIR when set.
import fs from 'node:fs';
import path from 'node:path';

/** The shipped folder `resources/<name>`, or null when it is nowhere to be found. */
export function shippedResourceDir(name: string): string | null {
  const candidates: string[] = [];
  if (process.env.QYZMET_RESOURCES_DIR) candidates.push(path.join(process.env.QYZMET_RESOURCES_DIR, name));
  const resourcesPath = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) candidates.push(path.join(resourcesPath, name));
  let dir = typeof __dirname === 'string' ? __dirname : process.cwd();
  for (let i = 0; i < 8; i += 1) {
    candidates.push(path.join(dir, 'resources', name));
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  candidates.push(path.join(process.cwd(), 'resources', name));
  return candidates.find((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isDirectory()) ?? null;
}
