// The screen lock: by the Lock button, by Alt+L and by idle time; unlocking needs the password.
import { test, expect } from './fixtures';
import { ADMIN, createAdministrator, field, open, openSettings, statusBar, SLOW } from '../helpers/ui';

test('the Lock button locks the screen; the password unlocks it, and typed work is kept', async ({ page, workstation }) => {
  await open(page, workstation.url);
  await createAdministrator(page);
  await openSettings(page);
  // Something typed before the lock…
  const form = page.getByRole('form', { name: 'Register a staff member' });
  await field(form, 'Full name').fill('Незаконченная Запись');

  await statusBar(page).getByRole('button', { name: 'Lock' }).click();
  await expect(page.getByRole('heading', { name: 'The screen is locked' })).toBeVisible();
  await expect(page.getByText(`${ADMIN.fullName} (IIN ${ADMIN.iin}) is signed in.`)).toBeVisible();
  // Nothing of the shell can be seen or reached.
  await expect(page.getByRole('navigation', { name: 'Sections' })).toHaveCount(0);
  await expect(statusBar(page)).toHaveCount(0);
  const password = field(page, 'Password');
  await expect(password).toBeFocused();

  await password.fill('WrongPass1');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong IIN or password. Attempts left before the account is locked: 4.', SLOW);

  await password.fill(ADMIN.password);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible(SLOW);
  await expect(field(form, 'Full name')).toHaveValue('Незаконченная Запись');
});

test('Alt+L locks the screen, and the lock screen can sign out', async ({ page, workstation }) => {
  await open(page, workstation.url);
  await createAdministrator(page);
  await page.keyboard.press('Alt+KeyL');
  await expect(page.getByRole('heading', { name: 'The screen is locked' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Staff sign-in' })).toBeVisible();
});

test('idle time locks the screen', async ({ page, workstation }) => {
  await page.clock.install();
  await open(page, workstation.url);
  await createAdministrator(page);
  await openSettings(page);
  const idle = page.getByRole('form', { name: 'Screen lock' });
  await field(idle, 'Idle minutes before the screen locks').fill('0');
  await idle.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Enter a whole number from 1 to 120.')).toBeVisible();
  await field(idle, 'Idle minutes before the screen locks').fill('2');
  await idle.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved: the screen locks after 2 idle minutes.')).toBeVisible();

  // A minute of inactivity is not enough…
  await page.clock.fastForward('01:00');
  await expect(page.getByRole('navigation', { name: 'Sections' })).toBeVisible();
  // …two are.
  await page.clock.fastForward('01:10');
  await expect(page.getByRole('heading', { name: 'The screen is locked' })).toBeVisible();
  await field(page, 'Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('navigation', { name: 'Sections' })).toBeVisible(SLOW);
});
