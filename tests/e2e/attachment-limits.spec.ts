// The attachments' size limits as an administrator setting (issue 6), in Chromium: Settings →
// Attachments shows the defaults, refuses values out of range and a request limit below the file
// limit with the field's message, and saves a lowered per-file limit (audited); at intake the next
// file over it is refused with the message naming the limit — no restart in between. A registrar
// sees the limits, read-only.
import type { Locator, Page } from '@playwright/test';
import sharp from 'sharp';
import { test, expect } from './fixtures';
import { CATALOGUE, type CatalogueService } from '../../src/shared/catalogue';
import { cachePeople, personRecord } from '../helpers/queue';
import { makeIin } from '../helpers/iin';
import { ADMIN, REGISTRAR, createAdministrator, field, nav, open, openSettings, signIn, signOut, statusBar, SLOW } from '../helpers/ui';

const SERVICE = CATALOGUE.find((service) => service.code === 'archive.apostille') as CatalogueService;
const DOC_SCAN = SERVICE.documents.find((document) => document.code === 'document_to_apostille')?.names.en as string;
const DOC_IMPORT = SERVICE.documents.find((document) => document.code === 'standard_documents')?.names.en as string;
const APPLICANT = personRecord(makeIin('1990-05-17', 'female', 77), 'Серікова', 'Әсем', null, '1990-05-17', 'female');

function main(page: Page): Locator {
  return page.getByRole('main');
}

async function currentStep(page: Page, n: number, name: string): Promise<Locator> {
  const form = main(page).getByRole('form', { name: new RegExp(`Step ${n} of 7\\. ${name}$`) });
  await expect(form).toBeVisible(SLOW);
  return form;
}

test('the administrator lowers the per-file limit; the next file over it is refused, naming the limit', async ({ page, workstation }) => {
  test.setTimeout(120_000);
  await open(page, workstation.url);
  await createAdministrator(page);
  // The applicant as the registry answered a moment ago (no central server here: the cache answers).
  cachePeople(workstation.dataDir, [APPLICANT]);

  await openSettings(page);
  // The administrator also works as an archivist.
  const staff = page.getByRole('region', { name: 'Staff', exact: true });
  await staff.getByRole('button', { name: `Manage ${ADMIN.fullName}` }).click();
  const roles = page.getByRole('form', { name: 'Roles of the staff member' });
  await roles.getByRole('checkbox', { name: 'Archivist' }).check();
  await roles.getByRole('button', { name: 'Save roles' }).click();
  await expect(statusBar(page)).toContainText('Archivist', SLOW);
  // …and registers a registrar (who will see the limits read-only).
  const register = page.getByRole('form', { name: 'Register a staff member' });
  await field(register, 'IIN').fill(REGISTRAR.iin);
  await field(register, 'Full name').fill(REGISTRAR.fullName);
  await register.getByRole('checkbox', { name: 'Registrar' }).check();
  await field(register, 'Initial password').fill(REGISTRAR.password);
  await field(register, 'Repeat the password').fill(REGISTRAR.password);
  await register.getByRole('button', { name: 'Register the staff member' }).click();
  await expect(register.getByRole('status')).toHaveText(`${REGISTRAR.fullName} has been registered.`, SLOW);

  // Settings → Attachments: the defaults.
  const section = page.getByRole('region', { name: 'Attachments', exact: true });
  const limits = section.getByRole('form', { name: 'Attachments' });
  await expect(field(limits, 'Largest file, MB')).toHaveValue('50', SLOW);
  await expect(field(limits, 'All files of one request, MB')).toHaveValue('200');
  await expect(field(limits, 'Pages in one document')).toHaveValue('1000');

  // Out of range, and a request limit below the file limit: the field says why, nothing is saved.
  await field(limits, 'Largest file, MB').fill('500');
  await limits.getByRole('button', { name: 'Save' }).click();
  await expect(limits.getByText('Enter a whole number from 1 to 200.')).toBeVisible();
  await expect(field(limits, 'Largest file, MB')).toBeFocused();
  await field(limits, 'Largest file, MB').fill('5');
  await field(limits, 'All files of one request, MB').fill('2');
  await limits.getByRole('button', { name: 'Save' }).click();
  await expect(limits.getByText("Must be at least the largest file's size.")).toBeVisible();

  // Lowered to 1 MB per file.
  await field(limits, 'Largest file, MB').fill('1');
  await field(limits, 'All files of one request, MB').fill('200');
  await limits.getByRole('button', { name: 'Save' }).click();
  await expect(section.getByRole('status')).toHaveText('Saved: at most 1 MB per file, 200 MB per request, 1000 pages.', SLOW);
  // …and audited.
  const audit = page.getByRole('region', { name: 'Audit log' });
  await audit.getByRole('button', { name: 'Refresh' }).click();
  await expect(audit.getByRole('table')).toContainText('largest file, MB: 1; one request\'s files, MB: 200; pages per document: 1000', SLOW);

  // At intake: an apostille through a public service centre, on to the attachments.
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
  form = await currentStep(page, 4, 'Documents');
  await form.getByRole('checkbox', { name: DOC_SCAN }).check();
  await form.getByRole('checkbox', { name: DOC_IMPORT }).check();
  await form.getByRole('button', { name: 'Next' }).click();
  form = await currentStep(page, 5, 'Attachments');

  // A scan of about 1.5 MB (random pixels do not compress): refused, naming the limit.
  const item = form.getByRole('region', { name: DOC_IMPORT });
  const width = 700;
  const big = await sharp(Buffer.from(Array.from({ length: width * width * 3 }, () => Math.floor(Math.random() * 256))), {
    raw: { width, height: width, channels: 3 },
  })
    .png()
    .toBuffer();
  expect(big.length).toBeGreaterThan(1.2 * 1024 * 1024);
  await item.getByLabel(`File to import: ${DOC_IMPORT}`).setInputFiles({ name: 'big.png', mimeType: 'image/png', buffer: big });
  const refusal = item.getByRole('alert');
  await expect(refusal).toContainText('“big.png” was refused:', SLOW);
  await expect(refusal).toContainText('The file is too large: the limit is 1 MB.');
  await expect(item.getByRole('list', { name: `Pages: ${DOC_IMPORT}` })).toHaveCount(0);

  // A small file still goes in.
  const small = await sharp({ create: { width: 600, height: 840, channels: 3, background: '#2a6fb0' } }).png().toBuffer();
  await item.getByLabel(`File to import: ${DOC_IMPORT}`).setInputFiles({ name: 'certificate.png', mimeType: 'image/png', buffer: small });
  await expect(item.getByRole('status').filter({ hasText: 'File “certificate.png” added: pages: 1.' })).toBeVisible(SLOW);

  // A registrar sees the limits that apply, and cannot change them.
  await signOut(page);
  await signIn(page, REGISTRAR);
  await openSettings(page);
  const readOnly = page.getByRole('region', { name: 'Attachments', exact: true });
  await expect(readOnly.locator('[data-field="maxFileMiB"]')).toHaveText('1 MB', SLOW);
  await expect(readOnly.locator('[data-field="maxRequestMiB"]')).toHaveText('200 MB');
  await expect(readOnly.locator('[data-field="maxPages"]')).toHaveText('1000');
  await expect(readOnly).toContainText('Set by an administrator.');
  await expect(readOnly.getByRole('textbox')).toHaveCount(0);
  await expect(readOnly.getByRole('spinbutton')).toHaveCount(0);
  await expect(readOnly.getByRole('button', { name: 'Save' })).toHaveCount(0);
});
