// Result documents on the request page ("Result document"): the notice while the provider's details
// are missing; a case officer fills in the certificate (a problem shown at its field, the preview)
// and saves it for signing; the authorised signer finds it filled in, with who prepared it, and signs
// it with the token; printing prints only the stored signed file's pages (again the same on a
// reprint) and issues the request; the detached signature is saved. And a reasoned refusal: its
// ground and reason at their fields, the signing dialog cancelled (nothing changes) and a wrong PIN
// (said so, nothing signed), then signed: the request refused, the saved PDF valid for pdfsig.
//
// Requests are taken in through the workstation's API on a connection of the spec's own, with the
// applicants put into the registry cache (as in batch-signing.spec.ts). DOCUMENTS_SCREENSHOTS=<folder>
// keeps screenshots of the main steps, for people to look at.
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { documentsSection, expectJournalledAndRegistered, previewDocument, PROVIDER_PROFILE, savePdf, signDocument } from '../helpers/documents-ui';
import { makeIin } from '../helpers/iin';
import { cachePeople, connectApi, personRecord, type ApiClient } from '../helpers/queue';
import { ADMIN, createAdministrator, field, open, signIn, signOut, SLOW, statusBar, tokenHolder, type Person as Staff } from '../helpers/ui';

const OFFICER: Staff = { iin: makeIin('1990-03-08', 'female', 71), fullName: 'Айгүл Сапарова', password: 'Officer2026x' };
const SIGNER: Staff = { iin: makeIin('1983-10-21', 'female', 51), fullName: 'Гүлмира Жұмабаева', password: 'Signer2026x' };
const PEOPLE = [
  personRecord(makeIin('1991-02-14', 'female', 61), 'Ахметова', 'Айжан', null, '1991-02-14', 'female'),
  personRecord(makeIin('1987-07-03', 'male', 62), 'Серікбаев', 'Нұрлан', 'Ержанұлы', '1987-07-03', 'male'),
];
const CERTIFICATE = 'Certificate of registration as unemployed';
const REFUSAL = 'Reasoned refusal to provide the service';
/** A month ago (Almaty), for dates that may not lie in the future. */
const MONTH_AGO = new Date(Date.now() + 5 * 3_600_000 - 30 * 86_400_000).toISOString().slice(0, 10);
const MONTH_AGO_SHOWN = MONTH_AGO.split('-').reverse().join('.');

/** The administrator's set-up through the API: the two staff members; the provider's details unless told not to. */
async function setUp(page: Page, url: string, dataDir: string, { profile = true } = {}): Promise<ApiClient> {
  await open(page, url);
  await createAdministrator(page);
  await expect(statusBar(page)).toContainText('central server online', { timeout: 60_000 });
  const api = await connectApi(url);
  await api.call('auth.signIn', { iin: ADMIN.iin, password: ADMIN.password });
  await api.call('staff.create', { iin: OFFICER.iin, fullName: OFFICER.fullName, roles: ['social_officer'], password: OFFICER.password });
  await api.call('staff.create', { iin: SIGNER.iin, fullName: SIGNER.fullName, roles: ['social_officer', 'authorised_signer'], password: SIGNER.password });
  if (profile) await api.call('documents.setProviderProfile', PROVIDER_PROFILE);
  cachePeople(dataDir, PEOPLE);
  return api;
}

/** A request in review, taken in at a public service centre by `staff` (signed in on `api`). */
async function inReview(api: ApiClient, staff: Staff, iin: string): Promise<{ id: string; number: string }> {
  await api.call('auth.signIn', { iin: staff.iin, password: staff.password });
  const draft = await api.call('requests.createDraft', {
    service: 'social.unemployed-certificate',
    channel: 'service_centre',
    applicant: { kind: 'person', iin },
    form: { periodFrom: MONTH_AGO },
    documents: { standard_documents: { presented: true, presentation: 'original' } },
  });
  await api.call('requests.register', { requestId: draft.id });
  const request = await api.call('requests.take', { requestId: draft.id });
  return { id: request.id, number: request.number! };
}

/** A screenshot of the documents section into DOCUMENTS_SCREENSHOTS, when it names a folder. */
async function shot(page: Page, name: string): Promise<void> {
  const folder = process.env.DOCUMENTS_SCREENSHOTS;
  if (folder) await documentsSection(page).screenshot({ path: `${folder}/${name}.png` });
}

async function openRequest(page: Page, number: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: 'Queue' })).toBeVisible(SLOW);
  await page.getByRole('grid', { name: 'Requests' }).getByRole('row').filter({ hasText: number }).dblclick();
  await expect(page.getByRole('heading', { level: 1, name: `Request ${number}` })).toBeFocused(SLOW);
}

test.describe('result documents', () => {
  test.use({ signingToken: { holders: [tokenHolder(SIGNER)] }, centralServer: { people: 5 } });

  test('the officer prepares the certificate for signing; the signer finds it filled in, signs it, prints it and saves its signature', async ({ page, workstation }) => {
    test.setTimeout(180_000);
    const api = await setUp(page, workstation.url, workstation.dataDir, { profile: false });
    const request = await inReview(api, OFFICER, PEOPLE[0]!.iin);
    await signOut(page);
    await signIn(page, OFFICER);
    await openRequest(page, request.number);
    const section = documentsSection(page);

    // Without the provider's details no document can be made: the notice says who fills them in, where.
    await expect(section.getByRole('note')).toContainText('An administrator fills them in Settings → Service provider.', SLOW);
    await expect(section.getByRole('button', { name: 'Preview' })).toHaveCount(0);
    await shot(page, '1-blocked');
    const admin = await connectApi(workstation.url);
    await admin.call('auth.signIn', { iin: ADMIN.iin, password: ADMIN.password });
    await admin.call('documents.setProviderProfile', PROVIDER_PROFILE);
    admin.close();
    await page.getByRole('button', { name: 'Back to the queue' }).click();
    await openRequest(page, request.number);

    // The service's result for the channel is chosen; the refusal is offered after it.
    const choices = section.getByRole('group', { name: 'Document to issue' }).getByRole('radio');
    await expect(choices).toHaveCount(2, SLOW);
    await expect(choices.nth(0)).toHaveAccessibleName(CERTIFICATE);
    await expect(choices.nth(0)).toBeChecked();
    await expect(choices.nth(1)).toHaveAccessibleName(REFUSAL);
    await expect(section).toContainText('Documents are signed by the authorised signer.');
    await expect(section.getByRole('button', { name: /^Sign the document/ })).toHaveCount(0);

    // Nothing filled in: the problem at the field, which takes the keyboard.
    const date = field(section, 'Date of registration as unemployed');
    await section.getByRole('button', { name: 'Save for signing' }).click();
    await expect(date).toHaveAttribute('aria-invalid', 'true');
    await expect(date).toBeFocused();
    await expect(section.getByText('This field is required.')).toBeVisible();
    await date.fill('31.02.2026');
    await section.getByRole('button', { name: 'Preview', exact: true }).click();
    await expect(section.getByText('Enter a real date as dd.mm.yyyy.')).toBeVisible();
    await shot(page, '2-field-problem');
    await date.fill(MONTH_AGO_SHOWN);
    await field(section, 'Personal file number').fill('17/2026');
    await previewDocument(section, CERTIFICATE);
    await expect(section.getByRole('region', { name: `Preview: ${CERTIFICATE}` })).toContainText(/It will most likely get the number \S+/);
    await shot(page, '3-preview');
    await section.getByRole('button', { name: 'Save for signing' }).click();
    await expect(section.getByRole('status').first()).toHaveText(/Saved for signing/, SLOW);
    await expect(section).toContainText(`Prepared for signing by ${OFFICER.fullName}`);

    // The authorised signer opens it: filled in as the officer left it, and signs it.
    await signOut(page);
    await signIn(page, SIGNER);
    await openRequest(page, request.number);
    await expect(section).toContainText(`Prepared for signing by ${OFFICER.fullName}`, SLOW);
    await expect(date).toHaveValue(MONTH_AGO_SHOWN);
    await expect(field(section, 'Personal file number')).toHaveValue('17/2026');
    await expect(choices.nth(0)).toBeChecked();
    await shot(page, '4-signer-draft');
    const { article, number } = await signDocument(page, section, CERTIFICATE);
    await expect(page.locator('.request-header')).toContainText('Result ready', SLOW);
    await expect(section.getByRole('status').first()).toContainText(`Signed: ${CERTIFICATE}, No. ${number}.`);
    await expect(section).not.toContainText('Prepared for signing by');
    await expect(article).toContainText(tokenHolder(SIGNER).surname);
    await expect(article).toContainText('Register of issued documents: No. ' + number);
    await expect(article).toContainText('registered with the central server', { timeout: 30_000 });
    await expectJournalledAndRegistered(api, 'issued_documents', number);
    await shot(page, '5-signed');

    // Printing: only the stored signed file's pages are in the print view when the browser prints.
    await page.evaluate(() => {
      const printed: { pages: number; alts: string[]; first: string; app: string; view: string }[] = [];
      (window as unknown as { printed: typeof printed }).printed = printed;
      window.print = () => {
        const view = document.querySelector<HTMLElement>('body > .print-view');
        const images = [...(view?.querySelectorAll('img') ?? [])];
        printed.push({
          pages: images.length,
          alts: images.map((image) => image.alt),
          first: images[0]?.src ?? '',
          app: getComputedStyle(document.getElementById('root')!).display,
          view: view ? getComputedStyle(view).display : 'absent',
        });
      };
    });
    await page.emulateMedia({ media: 'print' });
    await article.getByRole('button', { name: 'Print', exact: true }).click();
    await expect(article.getByRole('status')).toContainText(`The print dialog was opened for No. ${number}`, SLOW);
    await page.emulateMedia({ media: 'screen' });
    await expect(page.locator('.request-header')).toContainText('Issued', SLOW);
    await expect(article).toContainText(`printed by ${SIGNER.fullName}`);
    await shot(page, '6-printed');
    await article.getByRole('button', { name: 'Print', exact: true }).click();
    await expect(article.locator('.deliveries li')).toHaveCount(2, SLOW);
    const printed = await page.evaluate(() => (window as unknown as { printed: { pages: number; alts: string[]; first: string; app: string; view: string }[] }).printed);
    expect(printed).toHaveLength(2);
    // On paper (the print media): the app hidden, only the pages shown.
    expect(printed[0]).toMatchObject({ app: 'none', view: 'block' });
    expect(printed[0]!.pages).toBeGreaterThan(0);
    expect(printed[0]!.alts[0]).toBe(`${CERTIFICATE}, page 1 of ${printed[0]!.pages}`);
    // A reprint is the same stored file, not a new rendering.
    expect(printed[1]!.first).toBe(printed[0]!.first);
    await expect(page.locator('body > .print-view')).toHaveCount(0);

    // The detached signature: a download only, no delivery.
    const [p7s] = await Promise.all([page.waitForEvent('download'), article.getByRole('button', { name: 'Save signature (.p7s)' }).click()]);
    expect(p7s.suggestedFilename()).toBe(`${number}.pdf.p7s`);
    await expect(article.locator('.deliveries li')).toHaveCount(2);
    api.close();
  });

  test('a reasoned refusal: ground and reason at their fields, signed, the request refused; the saved PDF is valid', async ({ page, workstation }, testInfo) => {
    test.setTimeout(180_000);
    const api = await setUp(page, workstation.url, workstation.dataDir);
    const request = await inReview(api, SIGNER, PEOPLE[1]!.iin);
    await signOut(page);
    await signIn(page, SIGNER);
    await openRequest(page, request.number);
    const section = documentsSection(page);
    await section.getByRole('radio', { name: REFUSAL, exact: true }).check();
    await expect(section).toContainText('Signing it refuses the request on the ground chosen');
    const ground = field(section, 'Ground for refusal');
    const reason = field(section, 'Reasons for the refusal');
    await section.getByRole('button', { name: /^Sign the document/ }).click();
    await expect(ground).toHaveAttribute('aria-invalid', 'true');
    await expect(reason).toHaveAttribute('aria-invalid', 'true');
    await expect(ground).toBeFocused();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await ground.selectOption({ index: 1 });
    await reason.fill('Ұсынылған құжаттар талапқа сай емес');
    await previewDocument(section, REFUSAL);
    // The signing dialog names the document and shows the reasons; cancelling changes nothing, and
    // the keyboard goes back to the button; a wrong PIN is said so and signs nothing.
    const sign = section.getByRole('button', { name: /^Sign the document/ });
    await sign.click();
    const dialog = page.getByRole('dialog', { name: 'Sign the refusal' });
    await expect(dialog).toContainText(`Document: ${REFUSAL}`);
    await expect(dialog).toContainText('Ұсынылған құжаттар талапқа сай емес');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await expect(sign).toBeFocused();
    await sign.click();
    await dialog.getByRole('radio').first().check();
    await field(dialog, 'Token PIN').fill('0000');
    await dialog.getByRole('button', { name: 'Sign', exact: true }).click();
    await expect(dialog.getByRole('alert')).toContainText('Wrong PIN.', SLOW);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await api.call('requests.get', { requestId: request.id })).state).toBe('in_review');
    await expect(section.getByRole('article')).toHaveCount(0);
    // Listed as the reasoned refusal.
    const { article, number } = await signDocument(page, section, REFUSAL, 'Reasoned refusal');
    await expect(page.locator('.request-header')).toContainText('Refused', SLOW);
    await expect(page.locator('.request-refusal')).toBeVisible();
    // No other document can be made for a refused request; the refusal stays to be handed over.
    await expect(section.getByRole('group', { name: 'Document to issue' })).toHaveCount(0);
    await savePdf(page, article, number, testInfo.outputPath('documents'));
    await expect(page.locator('.request-header')).toContainText('Refused');
    await expectJournalledAndRegistered(api, 'issued_documents', number);
    api.close();
  });
});
