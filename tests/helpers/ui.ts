// Steps the e2e specs share, written the way a person works the UI: by role and label.
// The texts are the English ones unless a spec switches language on purpose.
import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import { makeIin } from './iin';

export const LANGUAGE_LABEL = 'Language / Тіл / Язык';

/**
 * For what waits on a password hash (scrypt, deliberately slow) or on the host starting: on a busy
 * 2-core machine these take seconds, longer than the default 5 s of an expectation.
 */
export const SLOW = { timeout: 20_000 };

export interface Person {
  iin: string;
  fullName: string;
  password: string;
}

export const ADMIN: Person = { iin: makeIin('1985-04-12', 'female', 11), fullName: 'Айгерим Сейткали', password: 'Admin2026pass' };
export const REGISTRAR: Person = { iin: makeIin('1992-11-03', 'male', 21), fullName: 'Ерлан Абенов', password: 'Registrar77' };

/** Opens the workstation and switches the UI to a language (English by default). */
export async function open(page: Page, url: string, locale: 'kk' | 'ru' | 'en' = 'en'): Promise<void> {
  await page.goto(url);
  const select = page.getByLabel(LANGUAGE_LABEL);
  await expect(select).toBeVisible(SLOW);
  await select.selectOption(locale);
  await expect(page.locator('html')).toHaveAttribute('lang', locale);
}

export function field(scope: Page | Locator, label: string): Locator {
  return scope.getByLabel(label, { exact: true });
}

export async function createAdministrator(page: Page, person: Person = ADMIN): Promise<void> {
  await expect(page.getByRole('heading', { name: 'First start: create the administrator' })).toBeVisible(SLOW);
  await field(page, 'IIN').fill(person.iin);
  await field(page, 'Full name').fill(person.fullName);
  await field(page, 'Password').fill(person.password);
  await field(page, 'Repeat the password').fill(person.password);
  await page.getByRole('button', { name: 'Create the administrator' }).click();
  await expectShell(page, person);
}

export async function signIn(page: Page, person: Person): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Staff sign-in' })).toBeVisible(SLOW);
  await field(page, 'IIN').fill(person.iin);
  await field(page, 'Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expectShell(page, person);
}

export function statusBar(page: Page): Locator {
  return page.getByRole('contentinfo', { name: 'Status bar' });
}

export async function expectShell(page: Page, person: Person): Promise<void> {
  await expect(page.getByRole('navigation', { name: 'Sections' })).toBeVisible(SLOW);
  await expect(statusBar(page)).toContainText(person.fullName);
}

export async function signOut(page: Page): Promise<void> {
  await statusBar(page).getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Staff sign-in' })).toBeVisible(SLOW);
}

export function nav(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Sections' });
}

export async function openSettings(page: Page): Promise<void> {
  await nav(page).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
}

/** A signing certificate on the e2e token for a person (the `signingToken` fixture option's holder). */
export function tokenHolder(person: Person, roles: ('legal_entity' | 'right_of_signature' | 'first_head' | 'employee')[] = ['legal_entity', 'right_of_signature']) {
  const [surname = person.fullName, ...names] = person.fullName.split(' ').reverse();
  return { surname: surname.toUpperCase(), givenName: names.reverse().join(' ').toUpperCase() || 'TEST', iin: person.iin, organisation: { name: 'ЕМХАНА №1', bin: '050140000013' }, roles };
}

/** In the open signing dialog: the first (own, valid) key, the PIN, Sign; waits until it closes. */
export async function signInDialog(page: Page, pin = '1234'): Promise<void> {
  const dialog = page.getByRole('dialog');
  const key = dialog.getByRole('radio').first();
  await expect(key).toBeVisible(SLOW);
  await key.check();
  await field(dialog, 'Token PIN').fill(pin);
  await dialog.getByRole('button', { name: 'Sign', exact: true }).click();
  await expect(dialog).toBeHidden(SLOW);
}
