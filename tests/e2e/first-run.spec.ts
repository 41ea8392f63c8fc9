// First start: the administrator is created on a workstation with an empty database.
import { test, expect } from './fixtures';
import { breakCheckDigit } from '../helpers/iin';
import { ADMIN, LANGUAGE_LABEL, createAdministrator, field, open, statusBar, SLOW } from '../helpers/ui';

test('the first start creates the administrator, checking the IIN as it is typed', async ({ page, workstation }) => {
  // Nothing the page does may be refused by its Content-Security-Policy, and nothing may fail to load.
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(workstation.url);
  // Kazakh is the default language, and the token has left the visible URL.
  await expect(page.locator('html')).toHaveAttribute('lang', 'kk');
  await expect(page.getByRole('heading', { name: 'Алғашқы іске қосу: әкімшіні тіркеңіз' })).toBeVisible(SLOW);
  expect(page.url()).not.toContain('token');

  await page.getByLabel(LANGUAGE_LABEL).selectOption('en');
  const iin = field(page, 'IIN');
  await expect(iin).toBeFocused();

  // A number with a wrong check digit is rejected with its reason as soon as it is complete.
  await iin.fill(breakCheckDigit(ADMIN.iin));
  await expect(iin).toHaveAttribute('aria-invalid', 'true');
  const reason = page.getByText('The check digit (the 12th) does not match: the number contains a typo.');
  await expect(reason).toBeVisible();
  await expect(reason).toHaveRole('alert');
  expect(await iin.getAttribute('aria-describedby')).toContain(await reason.getAttribute('id'));

  // Other reasons, as soon as they are certain: letters, an impossible date, a wrong century digit.
  await iin.fill('90010a');
  await expect(page.getByText('The number may contain only digits.')).toBeVisible();
  await iin.fill('90010');
  await expect(iin).not.toHaveAttribute('aria-invalid', 'true'); // just not finished yet
  await iin.fill('901301');
  await expect(page.getByText('The first six digits are not a real date (YYMMDD).')).toBeVisible();
  await iin.fill('9001017');
  await expect(page.getByText('The 7th digit (century of birth and sex) must be from 1 to 6.')).toBeVisible();
  await iin.fill('901301300001');
  await expect(page.getByText('The first six digits are not a real date (YYMMDD).')).toBeVisible();

  // Submitting with problems keeps everything typed and says what is wrong next to each field.
  await field(page, 'Full name').fill('Agent 007');
  await field(page, 'Password').fill('short');
  await field(page, 'Repeat the password').fill('different');
  await page.getByRole('button', { name: 'Create the administrator' }).click();
  await expect(page.getByText('Some fields need correcting: see the messages next to them.')).toBeVisible();
  await expect(page.getByText('Only letters, spaces, hyphens and apostrophes are allowed.')).toBeVisible();
  await expect(page.getByText('Too short: at least 8 characters.')).toBeVisible();
  await expect(page.getByText('The passwords do not match.')).toBeVisible();
  await expect(iin).toHaveValue('901301300001');
  await expect(field(page, 'Full name')).toHaveValue('Agent 007');

  // A correct number says so, with the birth date as dd.MM.yyyy.
  await iin.fill(ADMIN.iin);
  await expect(iin).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('The IIN is valid (date of birth 12.04.1985).')).toBeVisible();

  await field(page, 'Full name').fill('');
  await createAdministrator(page, ADMIN);

  // The shell: the status bar names the person and the role, and says what is not configured.
  const bar = statusBar(page);
  await expect(bar).toContainText('User: Айгерим Сейткали');
  await expect(bar).toContainText('Roles: Administrator');
  await expect(bar).toContainText('no central server configured');
  // SoftHSM2's module is installed for the tests, so a PKCS#11 module is found — and no token is in.
  await expect(bar).toContainText('signing token not inserted');
  await expect(page.getByRole('button', { name: 'Queue' })).toHaveAttribute('aria-current', 'page');
  expect(problems).toEqual([]);
});

test('after the first start the workstation asks to sign in, not to create another administrator', async ({ page, workstation }) => {
  await open(page, workstation.url);
  await createAdministrator(page);
  await page.reload();
  // The browser tab's session ends with its connection: back to sign-in, and no first-run screen.
  await expect(page.getByRole('heading', { name: 'Staff sign-in' })).toBeVisible(SLOW);
  await expect(page.getByRole('heading', { name: 'First start: create the administrator' })).toHaveCount(0);
});
