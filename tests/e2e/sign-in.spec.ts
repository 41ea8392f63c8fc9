// Staff sign-in and sign-out, wrong passwords and the 15-minute lock-out after five of them.
import { test, expect } from './fixtures';
import { formatDateTime } from '../../src/shared/format';
import { makeIin } from '../helpers/iin';
import { ADMIN, createAdministrator, field, open, openSettings, signIn, signOut, statusBar, SLOW } from '../helpers/ui';

test('sign out, then sign in again', async ({ page, workstation }) => {
  await open(page, workstation.url);
  await createAdministrator(page);
  await signOut(page);
  await expect(statusBar(page)).toHaveCount(0);

  // A bad IIN is refused before anything is sent, with the reason.
  await field(page, 'IIN').fill('12345');
  await field(page, 'Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByText('The number must have exactly 12 digits.')).toBeVisible();

  await field(page, 'IIN').fill('');
  await signIn(page, ADMIN);
  await expect(statusBar(page)).toContainText('Roles: Administrator');
});

test('five wrong passwords lock the account for 15 minutes; then even the right one is refused', async ({ page, workstation }) => {
  test.slow(); // seven password hashes
  await open(page, workstation.url);
  await createAdministrator(page);
  await signOut(page);

  await field(page, 'IIN').fill(ADMIN.iin);
  const password = field(page, 'Password');
  const alert = page.getByRole('alert').filter({ hasText: /IIN or password|locked/ });
  for (let attempt = 1; attempt <= 4; attempt += 1) {
    await password.fill(`Wrong${attempt}pass`);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(alert).toHaveText(`Wrong IIN or password. Attempts left before the account is locked: ${5 - attempt}.`, SLOW);
    // what was typed stays
    await expect(field(page, 'IIN')).toHaveValue(ADMIN.iin);
    await expect(password).toHaveValue(`Wrong${attempt}pass`);
  }
  const before = Date.now();
  await password.fill('Wrong5pass');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(alert).toContainText('The account is locked after too many wrong passwords until', SLOW);
  const text = (await alert.textContent()) ?? '';
  const until = /until (\d{2}\.\d{2}\.\d{4} \d{2}:\d{2})/.exec(text)?.[1];
  const expected = [0, 1].map((slack) => formatDateTime(new Date(before + (15 + slack) * 60_000)));
  expect(expected).toContain(until);

  await password.fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(alert).toContainText(`locked after too many wrong passwords until ${until}`, SLOW);
  await expect(statusBar(page)).toHaveCount(0);
});

test('an unknown IIN gets the same answer as a wrong password', async ({ page, workstation }) => {
  await open(page, workstation.url);
  await createAdministrator(page);
  await signOut(page);
  await field(page, 'IIN').fill(makeIin('1970-07-07', 'male', 3));
  await field(page, 'Password').fill('Whatever123');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Wrong IIN or password.' })).toHaveText('Wrong IIN or password.', SLOW);
});

test('a signed-in person changes their own password and signs in with the new one', async ({ page, workstation }) => {
  test.slow(); // five password hashes
  await open(page, workstation.url);
  await createAdministrator(page);
  await openSettings(page);
  const form = page.getByRole('form', { name: 'Change my password' });
  await field(form, 'Current password').fill('NotMine123');
  await field(form, 'New password').fill('Changed2026x');
  await field(form, 'Repeat the password').fill('Changed2026x');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByRole('alert')).toHaveText('Wrong IIN or password. Attempts left before the account is locked: 4.', SLOW);
  await expect(field(form, 'New password')).toHaveValue('Changed2026x');

  await field(form, 'Current password').fill(ADMIN.password);
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByRole('status')).toHaveText('Your password has been changed.', SLOW);
  await expect(field(form, 'Current password')).toHaveValue('');

  await signOut(page);
  await signIn(page, { ...ADMIN, password: 'Changed2026x' });
});
