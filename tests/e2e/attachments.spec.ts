// Scanning and attachments in Chromium (issue 6), with the SANE `test` backend as the workstation's
// scanner (the `scanner` fixture: a test-local SANE_CONFIG_DIR in the workstation's environment) and
// the embedded central server for the applicant's registry data. An apostille through a public
// service centre (no counter signature needed): both mandatory paper documents marked presented; for
// the first, two sheets scanned from the feeder, a page turned, moved with the keyboard, a third page
// scanned and deleted, one rescanned, the pages kept across the intake's steps, looked at in the
// viewer, and attached as one PDF; for the second, a PNG imported with the file picker and a text file
// named .pdf dropped on it and refused with the reason; then registration, and the request page
// listing both attachments (name, pages, size, hash, checklist item) and opening one in the viewer.
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import sharp from 'sharp';
import { test, expect } from './fixtures';
import { CATALOGUE, type CatalogueService } from '../../src/shared/catalogue';
import { personAt } from '../../src/server/national/generator';
import { DEFAULT_SEED } from '../../src/server/national/seed';
import type { Person } from '../../src/shared/registry';
import { ADMIN, createAdministrator, field, nav, open, openSettings, statusBar, SLOW } from '../helpers/ui';

const PEOPLE = 400;
const SEEDED = { timeout: 120_000 };
const SERVICE = CATALOGUE.find((service) => service.code === 'archive.apostille') as CatalogueService;
const DOC_SCAN = SERVICE.documents.find((document) => document.code === 'document_to_apostille')?.names.en as string;
const DOC_IMPORT = SERVICE.documents.find((document) => document.code === 'standard_documents')?.names.en as string;
const TODAY = new Date().toISOString().slice(0, 10);
const APPLICANT = Array.from({ length: 40 }, (_, index) => personAt({ seed: DEFAULT_SEED, index })).find(
  (person) => person.deathDate === null && Number(TODAY.slice(0, 4)) - Number(person.birthDate.slice(0, 4)) >= 20,
) as Person;

function main(page: Page): Locator {
  return page.getByRole('main');
}

async function currentStep(page: Page, n: number, name: string): Promise<Locator> {
  const form = main(page).getByRole('form', { name: new RegExp(`Step ${n} of 7\\. ${name}$`) });
  await expect(form).toBeVisible(SLOW);
  return form;
}

function pages(item: Locator, name: string): Locator {
  return item.getByRole('list', { name: `Pages: ${name}` }).getByRole('listitem');
}

test.describe('scanning and attaching at intake', () => {
  test.use({ centralServer: { people: PEOPLE }, scanner: true });

  test('scan, arrange, view and attach; import a file; a bad file refused; registered with both attachments', async ({ page, workstation }) => {
    test.setTimeout(300_000);
    await open(page, workstation.url);
    await createAdministrator(page);
    await expect(statusBar(page)).toContainText('central server online', SEEDED);

    // The administrator also works as an archivist.
    await openSettings(page);
    const staff = page.getByRole('region', { name: 'Staff', exact: true });
    await staff.getByRole('button', { name: `Manage ${ADMIN.fullName}` }).click();
    const roles = page.getByRole('form', { name: 'Roles of the staff member' });
    await roles.getByRole('checkbox', { name: 'Archivist' }).check();
    await roles.getByRole('button', { name: 'Save roles' }).click();
    await expect(statusBar(page)).toContainText('Archivist', SLOW);

    // 1–3: the service through a public service centre, the applicant, the form.
    await nav(page).getByRole('button', { name: 'New request', exact: true }).click();
    let form = await currentStep(page, 1, 'Service');
    await form.getByRole('radio', { name: new RegExp(`^${SERVICE.names.en.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`) }).check();
    await form.getByRole('group', { name: 'How the applicant applies' }).getByRole('radio', { name: 'Public service centre' }).check();
    await form.getByRole('button', { name: 'Next' }).click();
    form = await currentStep(page, 2, 'Applicant');
    await form.getByRole('radio', { name: 'an individual (IIN)' }).check();
    await field(form, "Applicant's IIN").fill(APPLICANT.iin);
    await field(form, "Applicant's IIN").press('Enter');
    await expect(form.getByRole('button', { name: 'Confirm the applicant — next' })).toBeVisible(SLOW);
    await form.getByRole('button', { name: 'Confirm the applicant — next' }).click();
    form = await currentStep(page, 3, 'Request form');
    await field(form, 'Document to be apostilled').selectOption('archival_reference');
    await field(form, 'State archive that issued the document').fill('Қарағанды облысының мемлекеттік мұрағаты');
    await field(form, 'Country the document is sent to').fill('Германия');
    await field(form, 'Number of copies').fill('1');
    await form.getByRole('button', { name: 'Next' }).click();

    // 4: both mandatory paper documents presented.
    form = await currentStep(page, 4, 'Documents');
    await form.getByRole('checkbox', { name: DOC_SCAN }).check();
    await form.getByRole('checkbox', { name: DOC_IMPORT }).check();
    await form.getByRole('button', { name: 'Next' }).click();

    // 5: the scanner is found, with the device's own options.
    form = await currentStep(page, 5, 'Attachments');
    const scanner = form.getByRole('region', { name: 'Scanner' });
    await expect(field(scanner, 'Device')).toHaveValue('test:0', SLOW);
    await expect(field(scanner, 'Resolution')).toBeEnabled(SLOW);
    await field(scanner, 'Resolution').selectOption({ label: '100 dpi' });
    await field(scanner, 'Colour').selectOption({ label: 'Greyscale' });
    await field(scanner, 'Paper source').selectOption({ label: 'Document feeder' });
    await field(scanner, 'Sheets to scan').fill('2');

    // Two sheets from the feeder.
    const first = form.getByRole('region', { name: DOC_SCAN });
    await first.getByRole('button', { name: `Scan: ${DOC_SCAN}` }).click();
    await expect(pages(first, DOC_SCAN)).toHaveCount(2, SLOW);
    await expect(first.getByRole('status').filter({ hasText: 'Scanning finished: pages scanned: 2.' })).toBeVisible(SLOW);

    // Page 2 turned; then moved to the front with the keyboard (Alt+←): the turned page is page 1 now.
    await first.getByRole('button', { name: 'Rotate page 2 clockwise' }).click();
    await expect(pages(first, DOC_SCAN).nth(1)).toContainText('↻90°');
    await first.getByRole('button', { name: 'Page 2 of 2: open' }).focus();
    await page.keyboard.press('Alt+ArrowLeft');
    await expect(pages(first, DOC_SCAN).nth(0)).toContainText('↻90°');
    await expect(pages(first, DOC_SCAN).nth(1)).not.toContainText('°');
    await expect(first.getByRole('button', { name: 'Page 1 of 2: open' })).toBeFocused();
    // …and with the buttons: right and back left.
    await first.getByRole('button', { name: 'Move page 1 right' }).click();
    await expect(pages(first, DOC_SCAN).nth(1)).toContainText('↻90°');
    await first.getByRole('button', { name: 'Move page 2 left' }).click();
    await expect(pages(first, DOC_SCAN).nth(0)).toContainText('↻90°');

    // A third page from the glass, deleted again; page 2 rescanned in its place.
    await field(scanner, 'Paper source').selectOption({ label: 'Flatbed (glass)' });
    await first.getByRole('button', { name: `Scan: ${DOC_SCAN}` }).click();
    await expect(pages(first, DOC_SCAN)).toHaveCount(3, SLOW);
    await first.getByRole('button', { name: 'Delete page 3' }).click();
    await expect(pages(first, DOC_SCAN)).toHaveCount(2);
    await first.getByRole('button', { name: 'Rescan page 2' }).click();
    await expect(first.getByRole('status').filter({ hasText: 'Scanning finished: pages scanned: 1.' })).toBeVisible(SLOW);
    await expect(pages(first, DOC_SCAN)).toHaveCount(2);

    // The pages wait in the workstation while the intake goes back a step and forth again.
    await form.getByRole('button', { name: 'Back' }).click();
    form = await currentStep(page, 4, 'Documents');
    await form.getByRole('button', { name: 'Next' }).click();
    form = await currentStep(page, 5, 'Attachments');
    const item1 = form.getByRole('region', { name: DOC_SCAN });
    await expect(pages(item1, DOC_SCAN)).toHaveCount(2, SLOW);
    await expect(pages(item1, DOC_SCAN).nth(0)).toContainText('↻90°');

    // The viewer: page 1 large, → to page 2, zoom, Esc back to the thumbnail.
    await item1.getByRole('button', { name: 'Page 1 of 2: open' }).click();
    const viewer = page.getByRole('dialog', { name: `${DOC_SCAN} — page 1 of 2` });
    await expect(viewer).toBeVisible();
    await expect(viewer.getByRole('img', { name: `${DOC_SCAN}, page 1 of 2` })).toBeVisible(SLOW);
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('dialog', { name: `${DOC_SCAN} — page 2 of 2` })).toBeVisible();
    await expect(page.getByRole('img', { name: `${DOC_SCAN}, page 2 of 2` })).toBeVisible(SLOW);
    await page.getByRole('dialog').getByRole('button', { name: 'Zoom in' }).click();
    await expect(page.getByRole('dialog')).toContainText('Zoom 150%');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(item1.getByRole('button', { name: 'Page 1 of 2: open' })).toBeFocused();

    // Attached: one PDF of two pages.
    await item1.getByRole('button', { name: `Attach the pages (2): ${DOC_SCAN}` }).click();
    await expect(item1.getByRole('status').filter({ hasText: `Attached as “${DOC_SCAN}.pdf” (pages: 2).` })).toBeVisible(SLOW);
    await expect(item1.getByRole('list', { name: `Attached: ${DOC_SCAN}` })).toContainText('pages: 2');
    await expect(item1.getByRole('list', { name: `Pages: ${DOC_SCAN}` })).toHaveCount(0);

    // The second item: a PNG from the file picker.
    const item2 = form.getByRole('region', { name: DOC_IMPORT });
    const png = await sharp({ create: { width: 600, height: 840, channels: 3, background: '#2a6fb0' } }).png().toBuffer();
    await item2.getByLabel(`File to import: ${DOC_IMPORT}`).setInputFiles({ name: 'certificate.png', mimeType: 'image/png', buffer: png });
    await expect(item2.getByRole('status').filter({ hasText: 'File “certificate.png” added: pages: 1.' })).toBeVisible(SLOW);
    await expect(pages(item2, DOC_IMPORT)).toHaveCount(1);

    // A text file named .pdf, dropped on the item: refused with the reason; the page already there stays.
    const dataTransfer = await page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['These are my notes, not a PDF.\n'], 'notes.pdf', { type: 'application/pdf' }));
      return transfer;
    });
    await item2.dispatchEvent('dragover', { dataTransfer });
    await item2.dispatchEvent('drop', { dataTransfer });
    const refusal = item2.getByRole('alert');
    await expect(refusal).toContainText('“notes.pdf” was refused:', SLOW);
    await expect(refusal).toContainText('This is not a PDF, JPEG, PNG or TIFF file (checked by its content, not by its name).');
    await expect(pages(item2, DOC_IMPORT)).toHaveCount(1);
    await item2.getByRole('button', { name: `Attach the pages (1): ${DOC_IMPORT}` }).click();
    await expect(item2.getByRole('list', { name: `Attached: ${DOC_IMPORT}` })).toContainText('pages: 1', SLOW);

    // 6–7: on to registration (a public service centre's request needs no counter signature).
    await form.getByRole('button', { name: 'Next' }).click();
    form = await currentStep(page, 6, 'Signature');
    await form.getByRole('button', { name: 'Next' }).click();
    form = await currentStep(page, 7, 'Registration');
    await field(form, 'Payment reference or receipt number').fill('PAY-2026-00077');
    await form.getByRole('button', { name: 'Register the request' }).click();
    const outcome = main(page).getByRole('region', { name: 'Request formed successfully' });
    await expect(outcome).toBeVisible(SLOW);
    const number = ((await outcome.locator('.request-number').textContent()) ?? '').trim();

    // The request page lists both attachments, each in the store under its hash, and opens them.
    await outcome.getByRole('button', { name: 'Open the request' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Request ${number}` })).toBeVisible(SLOW);
    const section = page.getByRole('region', { name: 'Attachments (scanned documents)' });
    const entries = section.getByRole('listitem');
    await expect(entries).toHaveCount(2, SLOW);
    const scanned = section.getByRole('listitem', { name: `${DOC_SCAN}.pdf` });
    await expect(scanned.locator('[data-field="item"]')).toHaveText(DOC_SCAN);
    await expect(scanned.locator('[data-field="pages"]')).toHaveText('2');
    await expect(scanned.locator('[data-field="size"]')).toHaveText(/^\d+ KB$/);
    const imported = section.getByRole('listitem', { name: `${DOC_IMPORT}.pdf` });
    await expect(imported.locator('[data-field="item"]')).toHaveText(DOC_IMPORT);
    await expect(imported.locator('[data-field="pages"]')).toHaveText('1');
    for (const entry of [scanned, imported]) {
      const hash = entry.locator('[data-field="sha256"]');
      const sha = ((await hash.getAttribute('title')) ?? '').trim();
      expect(sha).toMatch(/^[0-9a-f]{64}$/);
      await expect(hash).toContainText(`${sha.slice(0, 12)}…`);
      expect(fs.existsSync(path.join(workstation.dataDir, 'attachments', sha.slice(0, 2), sha.slice(2)))).toBe(true);
    }
    await scanned.getByRole('button', { name: `Open ${DOC_SCAN}.pdf` }).click();
    const attachmentViewer = page.getByRole('dialog', { name: `${DOC_SCAN}.pdf — page 1 of 2` });
    await expect(attachmentViewer.getByRole('img', { name: `${DOC_SCAN}.pdf, page 1 of 2` })).toBeVisible(SLOW);
    await attachmentViewer.getByRole('button', { name: 'Next page' }).click();
    await expect(page.getByRole('img', { name: `${DOC_SCAN}.pdf, page 2 of 2` })).toBeVisible(SLOW);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    // Esc closed the viewer only: the request page is still open.
    await expect(page.getByRole('heading', { level: 1, name: `Request ${number}` })).toBeVisible();
  });
});
