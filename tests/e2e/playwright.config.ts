// End-to-end tests (`npm run test:e2e`, after `npm run build`). The browser specs drive the system
// Chromium (/usr/bin/chromium, installed by tests/setup/system-packages.sh; Playwright never downloads
// a browser here) against the workstation served by `node dist/main/launch.cjs --browser` (see
// fixtures.ts). electron.spec.ts drives the Electron shell where its binary is installed.
//
// Reporters: `list` always; also `json` when PLAYWRIGHT_JSON_OUTPUT_NAME names a file (run-all.sh
// sets it to count the results).
import { defineConfig, type ReporterDescription } from '@playwright/test';

const reporter: ReporterDescription[] = [['list']];
if (process.env.PLAYWRIGHT_JSON_OUTPUT_NAME) {
  reporter.push(['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME }]);
}

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  // Traces and screenshots of failed tests. PLAYWRIGHT_OUTPUT_DIR gives two runs at once separate folders
  // (each run empties its folder when it starts).
  outputDir: process.env.PLAYWRIGHT_OUTPUT_DIR ?? '../../test-results',
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  workers: 2,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter,
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
