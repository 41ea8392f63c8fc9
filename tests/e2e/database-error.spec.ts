// A database that is corrupt or newer than the app: a clear error screen, and the file untouched.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { test, expect } from './fixtures';
import { LANGUAGE_LABEL, SLOW } from '../helpers/ui';

const FILE = 'qyzmet.sqlite';
const GARBAGE = Buffer.from(
  Array.from({ length: 8192 }, (_, i) => (i * 7919 + 13) % 256),
);

test.describe('a corrupt database', () => {
  // A function-valued option has to be given as a fixture that provides it.
  // eslint-disable-next-line no-empty-pattern
  test.use({ workstationSeed: async ({}, use) => use((dataDir: string) => fs.writeFileSync(path.join(dataDir, FILE), GARBAGE)) });

  test('shows the error screen, offers nothing that could overwrite it, and leaves the file as it was', async ({ page, workstation }) => {
    const file = path.join(workstation.dataDir, FILE);
    await page.goto(workstation.url);
    await page.getByLabel(LANGUAGE_LABEL).selectOption('en');

    await expect(page.getByRole('heading', { level: 1 })).toHaveText('The workstation database cannot be opened', SLOW);
    await expect(page.getByText('The database file is damaged (corrupt).')).toBeVisible();
    await expect(page.getByText(file, { exact: true })).toBeVisible();
    await expect(page.getByText('The file has been left untouched')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'What to do' })).toBeVisible();
    await expect(page.getByText(/Restore the file from the latest backup/)).toBeVisible();
    // No sign-in, no first run, and no button at all (nothing could overwrite, repair or recreate).
    await expect(page.getByRole('button')).toHaveCount(0);
    await expect(page.getByRole('textbox')).toHaveCount(0);

    // The language switch works here too (kept on this computer only) and survives a reload.
    await page.getByLabel(LANGUAGE_LABEL).selectOption('ru');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Не удаётся открыть базу данных рабочего места');
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Не удаётся открыть базу данных рабочего места', SLOW);
    await expect(page.getByText('Файл оставлен нетронутым', { exact: false })).toBeVisible();

    expect(fs.readFileSync(file).equals(GARBAGE)).toBe(true);
    expect(fs.readdirSync(workstation.dataDir).filter((name) => name.startsWith(FILE))).toEqual([FILE]);
  });
});

test.describe('a database from a newer version', () => {
  let bytes: Buffer;
  test.use({
    // eslint-disable-next-line no-empty-pattern
    workstationSeed: async ({}, use) => use((dataDir: string) => {
      const file = path.join(dataDir, FILE);
      const db = new Database(file);
      db.exec(`CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
      db.prepare(`INSERT INTO schema_version VALUES (999, 'from the future', '2030-01-01T00:00:00Z')`).run();
      db.close();
      bytes = fs.readFileSync(file);
    }),
  });

  test('says a newer Qyzmet is needed and does not touch the file', async ({ page, workstation }) => {
    await page.goto(workstation.url);
    await page.getByLabel(LANGUAGE_LABEL).selectOption('en');
    await expect(page.getByText('The database file was created by a newer version of Qyzmet than this one.')).toBeVisible(SLOW);
    await expect(page.getByText(/Install the version of Qyzmet that created this file, or a newer one/)).toBeVisible();
    await page.getByText('Technical details (for support)').click();
    await expect(page.getByText(/schema version 999/)).toBeVisible();
    await expect(page.getByRole('button')).toHaveCount(0);
    expect(fs.readFileSync(path.join(workstation.dataDir, FILE)).equals(bytes)).toBe(true);
  });
});
