// Journals and the verification of issued documents (issue 7), driven by role and label: the
// administrator fills in the service provider's details in Settings (a half-filled form says what is
// missing); the authorised signer issues two unemployed certificates through the API with the key on
// the e2e token (signed inside the PDF, entered in the journal of issued documents); the Journals page
// lists both, newest first, finds one by the applicant's name typed without Kazakh letters, says the
// numbering has no gaps, prints the journal as a PDF (pdftotext shows the entry numbers), and opens an
// entry's request with Enter; "Verify an issued document" passes every check of a signed document,
// fails a check of the same file with one byte flipped, and says a PDF without a signature has none.
//
// The workstation runs the embedded central server (enrolment gives the provider code and the
// verification address; the register of issued documents is asked when verifying).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { E2E_TOKEN, test, expect } from './fixtures';
import { makeIin } from '../helpers/iin';
import { cachePeople, connectApi, personRecord } from '../helpers/queue';
import { ADMIN, createAdministrator, field, LANGUAGE_LABEL, nav, open, openSettings, signIn, signOut, SLOW, tokenHolder, type Person as Staff } from '../helpers/ui';

const SIGNER: Staff = { iin: makeIin('1980-06-14', 'female', 71), fullName: 'Сәуле Бекова', password: 'Signer2026x' };
const ASEL = personRecord(makeIin('1990-05-17', 'female', 72), 'Нұрғалиева', 'Әсел', 'Қайратқызы', '1990-05-17', 'female');
const DAULET = personRecord(makeIin('1984-02-11', 'male', 73), 'Омаров', 'Дәулет', null, '1984-02-11', 'male');

/** Days ago (Almaty), as YYYY-MM-DD. */
const daysAgo = (days: number) => new Date(Date.now() + 5 * 3_600_000 - days * 86_400_000).toISOString().slice(0, 10);
const YEAR = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Almaty', year: 'numeric' }).format(new Date()));

/** Latin words on the page outside data marked translate="no" (as in language.spec.ts). */
async function latinWords(page: Page): Promise<string[]> {
  const text = await page.locator('body').innerText();
  const allowed = new Set(['Q', 'Qyzmet', 'Language', 'English', 'Alt', 'L', 'F', 'Enter', 'Page', 'Up', 'Down', 'Home', 'End']);
  const data = new Set((await page.locator('[translate="no"]').allInnerTexts()).join(' ').match(/[A-Za-z]+/g) ?? []);
  return [...new Set(text.match(/[A-Za-z]+/g) ?? [])].filter((word) => !allowed.has(word) && !data.has(word));
}

function grid(page: Page): Locator {
  return page.getByRole('grid', { name: 'Entries of the journal “Issued documents”' });
}

function group(scope: Locator, name: string): Locator {
  return scope.getByRole('group', { name, exact: true });
}

test.describe('journals and verifying issued documents', () => {
  test.setTimeout(180_000);
  test.use({ centralServer: { people: 50 }, signingToken: { holders: [tokenHolder(SIGNER)] } });

  test('provider details, two signed documents in the journal: search, numbering, print, Enter, verify', async ({ page, workstation }) => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-journals-'));
    try {
      await open(page, workstation.url);
      await createAdministrator(page);

      // ---- Settings → Service provider ----
      await openSettings(page);
      const provider = page.getByRole('region', { name: 'Service provider' });
      await expect(provider).toContainText('The service provider’s details are not filled in yet');
      // Enrolment with the embedded central server gives the provider code and the verification address.
      await expect(provider.getByRole('definition').filter({ hasText: '/verify' })).toBeVisible(SLOW);
      const name = group(provider, 'Name of the service provider');
      const city = group(provider, 'City or settlement');
      // Nothing typed: the name is required in both languages.
      await provider.getByRole('button', { name: 'Save' }).click();
      await expect(field(name, 'In Kazakh')).toHaveAttribute('aria-invalid', 'true');
      await expect(field(name, 'In Kazakh')).toBeFocused();
      await expect(name).toContainText('This field is required.');
      await field(provider, 'BIN of the service provider').fill('020240000017');
      await expect(provider).toContainText('check digit');
      await field(provider, 'BIN of the service provider').fill('020240000016');
      await field(name, 'In Kazakh').fill('Көкшетау қаласының жұмыспен қамту орталығы');
      await field(name, 'In Russian').fill('Центр занятости города Кокшетау');
      // A pair filled in one language only: the other one is asked for.
      await field(city, 'In Kazakh').fill('Көкшетау');
      await provider.getByRole('button', { name: 'Save' }).click();
      await expect(field(city, 'In Russian')).toHaveAttribute('aria-invalid', 'true');
      await expect(field(city, 'In Kazakh')).not.toHaveAttribute('aria-invalid', 'true');
      await field(city, 'In Russian').fill('Кокшетау');
      await field(group(provider, 'Address'), 'In Kazakh').fill('Абай көшесі, 12');
      await field(group(provider, 'Address'), 'In Russian').fill('улица Абая, 12');
      await field(group(provider, 'Position of the authorised signer'), 'In Kazakh').fill('Директор');
      await field(group(provider, 'Position of the authorised signer'), 'In Russian').fill('Директор');
      await field(provider, 'Phone').fill('+7 7162 25-00-00');
      await provider.getByRole('button', { name: 'Save' }).click();
      await expect(provider.getByRole('status')).toHaveText('The service provider’s details are saved. They apply to the next document issued.');
      await expect(provider).not.toContainText('not filled in yet');

      // ---- two documents signed by the authorised signer (through the API, with the token) ----
      const api = await connectApi(workstation.url);
      await api.call('auth.signIn', { iin: ADMIN.iin, password: ADMIN.password });
      const saved = await api.call('documents.providerProfile', {});
      expect(saved.profile).toMatchObject({ bin: '020240000016', city: { kk: 'Көкшетау', ru: 'Кокшетау' }, phone: '+7 7162 25-00-00' });
      await api.call('staff.create', { iin: SIGNER.iin, fullName: SIGNER.fullName, roles: ['social_officer', 'authorised_signer'], password: SIGNER.password });
      await api.call('auth.signIn', { iin: SIGNER.iin, password: SIGNER.password });
      cachePeople(workstation.dataDir, [ASEL, DAULET]);
      const token = (await api.call('signing.status', {})).tokens[0];
      if (!token) throw new Error('the e2e token is not visible to the workstation');
      const key = { kind: 'token' as const, tokenRef: token.ref, idHex: '01' };
      const issue = async (iin: string, caseNumber: string) => {
        const draft = await api.call('requests.createDraft', {
          service: 'social.unemployed-certificate',
          channel: 'service_centre',
          applicant: { kind: 'person', iin },
          form: { periodFrom: daysAgo(30) },
          documents: { standard_documents: { presented: true, presentation: 'original' } },
        });
        await api.call('requests.register', { requestId: draft.id });
        await api.call('requests.take', { requestId: draft.id });
        return api.call('documents.sign', {
          requestId: draft.id,
          kind: 'unemployed_certificate',
          details: { registeredOn: daysAgo(10), caseNumber },
          key,
          pin: E2E_TOKEN.pin,
        });
      };
      const asel = await issue(ASEL.iin, '17/2026');
      const daulet = await issue(DAULET.iin, '18/2026');
      const first = asel.document.number;
      const second = daulet.document.number;
      expect(first).toMatch(new RegExp(`^DOC-${YEAR}-.*0+1$`));
      expect(second).toMatch(new RegExp(`^DOC-${YEAR}-.*0+2$`));
      const listed = await api.call('journals.list', { journal: 'issued_documents', limit: 10, offset: 0 });
      expect(listed.entries.map((entry) => entry.number)).toEqual([second, first]);

      // ---- the Journals page, as the authorised signer ----
      await signOut(page);
      await signIn(page, SIGNER);
      await page.keyboard.press('Alt+Digit4');
      await expect(page.getByRole('heading', { level: 1, name: 'Journals' })).toBeFocused();
      await expect(page.getByLabel('Journal', { exact: true })).toHaveValue('issued_documents');
      await expect(page.getByLabel('Year', { exact: true })).toHaveValue(String(YEAR));
      await expect(grid(page)).toHaveAttribute('aria-rowcount', '3');
      const rows = grid(page).getByRole('row');
      await expect(rows).toHaveCount(3);
      await expect(rows.nth(1)).toContainText(second);
      await expect(rows.nth(1)).toContainText('Омаров Дәулет');
      await expect(rows.nth(2)).toContainText(first);
      await expect(rows.nth(2)).toContainText(listed.entries[1]!.documentSha256!.slice(0, 12));
      await expect(page.getByRole('status').filter({ hasText: 'Entries found' })).toHaveText('Entries found: 2. Shown: 1–2.');

      // The applicant's name typed with Russian letters for the Kazakh ones.
      await page.getByRole('searchbox', { name: 'Search' }).fill('нургалиева асел');
      await expect(rows).toHaveCount(2);
      await expect(rows.nth(1)).toContainText(first);
      await expect(rows.nth(1)).toContainText('Нұрғалиева Әсел Қайратқызы');
      // Nothing matches: said so.
      await page.getByRole('searchbox', { name: 'Search' }).fill('Иванов');
      await expect(page.getByText('No entries in “Issued documents” (' + YEAR + ') match the search.')).toBeVisible();
      await expect(grid(page)).toHaveCount(0);
      await page.getByRole('searchbox', { name: 'Search' }).fill('');
      await expect(rows).toHaveCount(3);

      // The numbering: no gaps.
      await page.getByRole('button', { name: 'Check the numbering' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Numbering of' })).toContainText(`${YEAR}: numbered without gaps, entries: 2.`);

      // Print: a PDF download with both entry numbers in it.
      const downloadPromise = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Print the journal' }).click();
      const download = await downloadPromise;
      expect(download.suggestedFilename()).toMatch(/^issued_documents.*\.pdf$/);
      const journalPdf = path.join(scratch, 'journal.pdf');
      await download.saveAs(journalPdf);
      expect(fs.readFileSync(journalPdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const text = execFileSync('pdftotext', ['-layout', journalPdf, '-'], { encoding: 'utf8' });
      expect(text).toContain(first);
      expect(text).toContain(second);
      await expect(page.getByText(`The journal is downloaded as ${download.suggestedFilename()}`)).toBeVisible();

      // The keyboard: from the search box into the table, ↓ to the older entry, Enter opens its request.
      await page.getByRole('searchbox', { name: 'Search' }).focus();
      await page.keyboard.press('ArrowDown');
      await expect(rows.nth(1)).toBeFocused();
      await page.keyboard.press('ArrowDown');
      await expect(rows.nth(2)).toBeFocused();
      await expect(rows.nth(2)).toHaveAttribute('aria-selected', 'true');
      await page.keyboard.press('Enter');
      await expect(page.getByRole('heading', { level: 1 })).toContainText(asel.request.number!);
      await expect(nav(page).getByRole('button', { name: 'Queue', exact: true })).toHaveAttribute('aria-current', 'page');
      // Back to the journal: where it was left, the keyboard on the same entry.
      await page.keyboard.press('Alt+Digit4');
      await expect(rows.nth(2)).toHaveAttribute('aria-selected', 'true');
      await expect(rows.nth(2)).toBeFocused();

      // ---- verifying issued documents ----
      const verify = page.getByRole('region', { name: 'Verify an issued document' });
      const file = await api.call('documents.file', { documentId: asel.document.id, format: 'pdf' });
      const original = Buffer.from(file.data, 'base64');
      const good = path.join(scratch, file.name || 'document.pdf');
      fs.writeFileSync(good, original);
      await verify.getByLabel('Document file').setInputFiles(good);
      await verify.getByRole('button', { name: 'Verify the document' }).click();
      const result = verify.getByRole('region', { name: 'Verification result' });
      await expect(result).toBeVisible(SLOW);
      await expect(result).toContainText('All checks passed: the document is genuine and has not been changed.');
      await expect(result).toContainText(first);
      await expect(result).toContainText('Certificate of registration as unemployed');
      await expect(result).toContainText('020240000016');
      const checks = result.getByRole('list', { name: 'Checks' }).getByRole('listitem');
      expect(await checks.count()).toBeGreaterThanOrEqual(10);
      for (const line of await checks.allTextContents()) expect(line).toMatch(/: passed$/);
      for (const name of ['File structure', 'Signed part of the file', 'Signature', 'Content', 'Chain', 'Revocation', 'Document data', 'QR code', 'Hash in the QR code', 'Register of issued documents']) {
        await expect(checks.filter({ hasText: new RegExp(`^\\W*${name}: passed$`) })).toHaveCount(1);
      }

      // One byte flipped inside the signed part (the binary comment under the header): a check fails.
      const changed = Buffer.from(original);
      const at = changed.indexOf(0x0a) + 2;
      changed[at] = changed[at]! ^ 0x01;
      const bad = path.join(scratch, 'changed.pdf');
      fs.writeFileSync(bad, changed);
      await verify.getByLabel('Document file').setInputFiles(bad);
      await verify.getByRole('button', { name: 'Verify the document' }).click();
      await expect(result).toContainText('The document is not valid: a check failed.', SLOW);
      await expect(checks.filter({ hasText: 'Content: failed' })).toContainText('the content was changed after it was signed');

      // The printed journal is a PDF without a signature: said so.
      await verify.getByLabel('Document file').setInputFiles(journalPdf);
      await verify.getByRole('button', { name: 'Verify the document' }).click();
      await expect(result).toContainText('The document is not valid: a check failed.', SLOW);
      await expect(checks.filter({ hasText: 'File structure: failed' })).toContainText('the document has no electronic signature');

      // In Kazakh: the page and the verdict say it all in Kazakh (technical data marked translate="no").
      await page.keyboard.press('Alt+Digit7');
      await page.getByRole('region', { name: 'Language' }).getByLabel(LANGUAGE_LABEL).selectOption('kk');
      await page.keyboard.press('Alt+Digit4');
      await expect(page.getByRole('heading', { level: 1, name: 'Журналдар' })).toBeFocused();
      const tekseru = page.getByRole('region', { name: 'Берілген құжатты тексеру' });
      await tekseru.getByLabel('Құжат файлы').setInputFiles(good);
      await tekseru.getByRole('button', { name: 'Құжатты тексеру' }).click();
      await expect(tekseru).toContainText('Барлық тексерістен өтті', SLOW);
      await expect(tekseru.getByRole('listitem').filter({ hasText: 'Екі өлшемді код: ' })).toHaveCount(1);
      expect(await latinWords(page)).toEqual([]);
      api.close();
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
});
