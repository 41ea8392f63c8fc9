// Batch signing from the queue: the authorised signer checks three requests in review with the
// keyboard (Space on the focused row; a registered request has nothing to check), opens "Sign the
// results (3)", picks the key on the e2e token, types the PIN once (a wrong one is said so and signs
// nothing), and watches the progress reach 3 of 3 with each request's outcome; after Close the queue
// shows the three results ready, each with one signature.
//
// The requests are taken in and into review through the workstation's API on a connection of the
// spec's own, with the applicants put into the registry cache (as in queue.spec.ts); for each, the
// certificate is prepared for signing (a document draft), as the case officer does on the request page.
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { makeIin } from '../helpers/iin';
import { cachePeople, connectApi, personRecord } from '../helpers/queue';
import { ADMIN, createAdministrator, field, open, signIn, signOut, SLOW, tokenHolder, type Person as Staff } from '../helpers/ui';

const SIGNER: Staff = { iin: makeIin('1983-10-21', 'female', 51), fullName: 'Гүлмира Жұмабаева', password: 'Signer2026x' };

const PEOPLE = [
  personRecord(makeIin('1991-02-14', 'female', 61), 'Ахметова', 'Айжан', null, '1991-02-14', 'female'),
  personRecord(makeIin('1987-07-03', 'male', 62), 'Серікбаев', 'Нұрлан', 'Ержанұлы', '1987-07-03', 'male'),
  personRecord(makeIin('1979-12-25', 'male', 63), 'Петров', 'Алексей', null, '1979-12-25', 'male'),
  personRecord(makeIin('1995-05-30', 'female', 64), 'Қасымова', 'Дана', null, '1995-05-30', 'female'),
];

/** A month ago (Almaty), for a period that may not lie in the future. */
const MONTH_AGO = new Date(Date.now() + 5 * 3_600_000 - 30 * 86_400_000).toISOString().slice(0, 10);

function grid(page: Page): Locator {
  return page.getByRole('grid', { name: 'Requests' });
}

function rowOf(page: Page, text: string): Locator {
  return grid(page).getByRole('row').filter({ hasText: text });
}

test.describe('batch signing of results', () => {
  test.setTimeout(120_000);
  // The embedded central server: results are documents, numbered for the provider it enrolled.
  test.use({ signingToken: { holders: [tokenHolder(SIGNER)] }, centralServer: { people: 5 } });

  test('three requests in review checked with the keyboard, signed after one PIN entry: progress 3 of 3, results ready', async ({ page, workstation }) => {
    await open(page, workstation.url);
    await createAdministrator(page);
    const api = await connectApi(workstation.url);
    await api.call('auth.signIn', { iin: ADMIN.iin, password: ADMIN.password });
    await api.call('staff.create', { iin: SIGNER.iin, fullName: SIGNER.fullName, roles: ['social_officer', 'authorised_signer'], password: SIGNER.password });
    await api.call('documents.setProviderProfile', {
      bin: '020240000017',
      name: { kk: 'Көкшетау қаласының жұмыспен қамту орталығы', ru: 'Центр занятости города Кокшетау' },
      city: { kk: 'Көкшетау', ru: 'Кокшетау' },
      address: null,
      phone: null,
      signerPosition: null,
    });
    await api.call('auth.signIn', { iin: SIGNER.iin, password: SIGNER.password });
    cachePeople(workstation.dataDir, PEOPLE);

    const register = async (iin: string) => {
      const draft = await api.call('requests.createDraft', {
        service: 'social.unemployed-certificate',
        channel: 'service_centre',
        applicant: { kind: 'person', iin },
        form: { periodFrom: MONTH_AGO },
        documents: { standard_documents: { presented: true, presentation: 'original' } },
      });
      return api.call('requests.register', { requestId: draft.id });
    };
    // The oldest stays registered (last in the queue, newest first); the three newer ones are in review.
    const registered = await register(PEOPLE[3]!.iin);
    const inReview = [];
    for (const person of PEOPLE.slice(0, 3)) {
      const request = await register(person.iin);
      inReview.push(await api.call('requests.take', { requestId: request.id }));
      await api.call('documents.saveDraft', { requestId: request.id, kind: 'unemployed_certificate', details: { registeredOn: MONTH_AGO } });
    }
    expect(inReview.map((request) => request.state)).toEqual(['in_review', 'in_review', 'in_review']);

    await signOut(page);
    await signIn(page, SIGNER);
    await expect(page.getByRole('heading', { level: 1, name: 'Queue' })).toBeVisible();
    await expect(grid(page)).toHaveAttribute('aria-rowcount', '5');
    await expect(page.locator('.queue-help')).toContainText('Space — check or uncheck a request in review');
    // Only requests in review can be checked.
    await expect(rowOf(page, registered.number!).getByRole('checkbox')).toHaveCount(0);
    const signButton = page.getByRole('button', { name: /^Sign the results/ });
    await expect(signButton).toHaveText('Sign the results (0)');
    await expect(signButton).toBeDisabled();

    // The keyboard: into the table, Space on each of the three rows in review; Space on the registered one does nothing.
    await page.keyboard.press('/');
    await page.keyboard.press('ArrowDown');
    const rows = grid(page).getByRole('row');
    for (let index = 1; index <= 3; index += 1) {
      await expect(rows.nth(index)).toBeFocused();
      await expect(rows.nth(index)).toContainText('In review');
      await page.keyboard.press('Space');
      await expect(rows.nth(index).getByRole('checkbox', { name: /^Select request .+ for signing the result$/ })).toBeChecked();
      await page.keyboard.press('ArrowDown');
    }
    await expect(rows.nth(4)).toBeFocused();
    await page.keyboard.press('Space');
    await expect(rows.nth(4)).toContainText('Registered');
    // Space toggles: off and on again.
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Space');
    await expect(rows.nth(3).getByRole('checkbox')).not.toBeChecked();
    await expect(signButton).toHaveText('Sign the results (2)');
    await page.keyboard.press('Space');
    await expect(rows.nth(3).getByRole('checkbox')).toBeChecked();
    await expect(signButton).toHaveText('Sign the results (3)');

    await signButton.click();
    const dialog = page.getByRole('dialog', { name: 'Sign the results' });
    await expect(dialog).toBeVisible();
    const items = dialog.getByRole('list', { name: 'Requests (3)' }).getByRole('listitem');
    await expect(items).toHaveCount(3);
    for (const request of inReview) await expect(items.filter({ hasText: request.number! })).toContainText('Waiting');
    const key = dialog.getByRole('radio').first();
    await expect(key).toBeVisible(SLOW);
    await key.check();

    // A wrong PIN fails the batch before any request: said so, nothing signed.
    await field(dialog, 'Token PIN').fill('0000');
    await dialog.getByRole('button', { name: 'Sign (3)' }).click();
    await expect(dialog.getByRole('alert')).toContainText('Wrong PIN.');
    await expect(field(dialog, 'Token PIN')).toHaveValue('');
    for (const request of inReview) expect((await api.call('requests.get', { requestId: request.id })).state).toBe('in_review');

    await field(dialog, 'Token PIN').fill('1234');
    await dialog.getByRole('button', { name: 'Sign (3)' }).click();
    const progress = dialog.getByRole('progressbar', { name: 'Progress' });
    await expect(progress).toHaveAttribute('aria-valuemax', '3');
    await expect(progress).toHaveAttribute('aria-valuenow', '3', SLOW);
    await expect(progress).toHaveAttribute('aria-valuetext', '3 of 3');
    await expect(dialog).toContainText('Progress: 3 of 3');
    await expect(dialog.getByRole('status')).toHaveText('Finished: signed 3, not signed 0.');
    for (const request of inReview) await expect(items.filter({ hasText: request.number! })).toContainText('Signed: the result is ready');
    const close = dialog.getByRole('button', { name: 'Close' });
    await expect(close).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();

    // The queue is read again: the three results are ready, nothing is checked any more.
    for (const request of inReview) await expect(rowOf(page, request.number!)).toContainText('Result ready');
    await expect(rowOf(page, registered.number!)).toContainText('Registered');
    await expect(signButton).toHaveText('Sign the results (0)');
    await expect(page.getByRole('status').filter({ hasText: 'Requests found' })).toContainText('Results signed: 3.');
    for (const request of inReview) {
      const signatures = await api.call('signing.signatures', { requestId: request.id });
      expect(signatures.map((signature) => [signature.action, signature.signerIin])).toEqual([['mark_result_ready', SIGNER.iin]]);
      const [document] = await api.call('documents.list', { requestId: request.id });
      expect(document).toMatchObject({ kind: 'unemployed_certificate', signerIin: SIGNER.iin });
    }
    api.close();
  });
});
