// Where a user's data lives. QYZMET_DATA_DIR overrides it (tests, portable installs).
import os from 'node:os';
import path from 'node:path';

export const APP_FOLDER = 'Qyzmet';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.QYZMET_DATA_DIR) return path.resolve(env.QYZMET_DATA_DIR);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_FOLDER);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_FOLDER);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_FOLDER);
}
