// The Electron shell end to end: dist/main/electron-main.cjs in the real Electron binary. Where the
// binary is not installed (its download needs internet; `npm run electron:fetch`) or there is no
// display, the test is reported as skipped with the reason, never as passed.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron } from '@playwright/test';
import type { BridgeApi } from '../../src/shared/api/contract';
import { ROOT, expect, test } from './fixtures';

const ELECTRON_MAIN = path.join(ROOT, 'dist', 'main', 'electron-main.cjs');

/** Why Electron cannot run here, or null when it can. */
function electronUnavailable(): string | null {
  let binary: unknown = null;
  try {
    // The `electron` package exports its binary's path, and throws if the binary was never downloaded.
    binary = createRequire(path.join(ROOT, 'package.json'))('electron');
  } catch {
    binary = null;
  }
  if (typeof binary !== 'string' || !fs.existsSync(binary)) {
    return 'Electron binary not installed (its download needs internet access; run `npm run electron:fetch` where there is)';
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'no display for the Electron window (set DISPLAY, e.g. run under xvfb-run)';
  }
  return null;
}

test.describe('Electron shell', () => {
  const unavailable = electronUnavailable();
  test.skip(unavailable !== null, unavailable ?? '');

  test('opens the first-run screen in a sandboxed window that only has window.qyzmet', async () => {
    expect(fs.existsSync(ELECTRON_MAIN), 'run `npm run build` first').toBe(true);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-electron-'));
    const args = [ELECTRON_MAIN];
    // Chromium will not start as root with its OS sandbox; the page sandbox (sandbox: true) still applies.
    if (process.platform === 'linux' && process.getuid?.() === 0) args.push('--no-sandbox');
    const app = await electron.launch({
      args,
      cwd: ROOT,
      env: { ...process.env, QYZMET_DATA_DIR: dataDir, QYZMET_LAUNCHER: '1' } as Record<string, string>,
      timeout: 30_000,
    });
    try {
      const window = await app.firstWindow();
      await expect(window.getByRole('heading', { level: 1 })).toBeVisible();
      expect(new URL(window.url()).protocol).toBe('qyzmet:');

      // Nothing of Node or Electron in the page: only the bridge, and only its two functions.
      const globals = await window.evaluate(() => {
        const w = window as unknown as Record<string, unknown>;
        const bridge = w.qyzmet as Record<string, unknown> | undefined;
        return {
          require: typeof w.require,
          process: typeof w.process,
          module: typeof w.module,
          Buffer: typeof w.Buffer,
          qyzmet: typeof bridge,
          bridgeKeys: bridge ? Object.keys(bridge).sort() : [],
        };
      });
      expect(globals).toEqual({
        require: 'undefined',
        process: 'undefined',
        module: 'undefined',
        Buffer: 'undefined',
        qyzmet: 'object',
        bridgeKeys: ['invoke', 'on'],
      });

      // The bridge reaches the App on this test's data folder, which is still on its first run.
      const status = await window.evaluate(() =>
        (window as unknown as { qyzmet: BridgeApi }).qyzmet.invoke('app.status', {}),
      );
      expect(status).toMatchObject({ ok: true, value: { state: 'first_run' } });

      // QYZMET_DATA_DIR wins over the default data folder (and holds the database).
      expect(await app.evaluate(({ app: electronApp }) => electronApp.getPath('userData'))).toBe(path.resolve(dataDir));
      expect(fs.existsSync(path.join(dataDir, 'qyzmet.sqlite'))).toBe(true);
    } finally {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    }
  });
});
