// The UI in Kazakh, Russian and English: switching changes what is shown, and the choice persists.
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';
import { ADMIN, LANGUAGE_LABEL, createAdministrator, open, SLOW } from '../helpers/ui';

/** Latin-letter words visible on the page, apart from names that are the same in every language (and the logo's Q). */
async function latinWords(page: Page): Promise<string[]> {
  const text = await page.locator('body').innerText();
  // Names that stay Latin in every language: the product, the language picker, and key caps.
  const keys = ['Alt', 'L', 'F', 'S', 'T', 'Enter', 'Esc', 'Page', 'Up', 'Down', 'Home', 'End'];
  const allowed = new Set(['Q', 'Qyzmet', 'Language', 'English', 'Windows', 'Linux', ...keys]);
  // Data shown as it is in every language and marked translate="no": paths, file types, standards,
  // product and device names (e.g. the PKCS#11 modules in Settings → Electronic signature).
  const data = new Set((await page.locator('[translate="no"]').allInnerTexts()).join(' ').match(/[A-Za-z]+/g) ?? []);
  return [...new Set(text.match(/[A-Za-z]+/g) ?? [])].filter((word) => !allowed.has(word) && !data.has(word));
}

test('switching kk → ru → en changes the texts, and the choice survives a reload and a restart', async ({ page, workstation }) => {
  test.slow(); // restarts the workstation
  await page.goto(workstation.url);
  const language = page.getByLabel(LANGUAGE_LABEL);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Алғашқы іске қосу: әкімшіні тіркеңіз', SLOW);
  await expect(page.getByLabel('ЖСН', { exact: true })).toBeVisible();
  expect(await latinWords(page)).toEqual([]);

  await language.selectOption('ru');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Первый запуск: создайте администратора');
  await expect(page.getByLabel('ИИН', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Создать администратора' })).toBeVisible();
  expect(await latinWords(page)).toEqual([]);

  await language.selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('First start: create the administrator');

  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('First start: create the administrator', SLOW);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  // The service keeps the choice, not only this browser: a new browser context after a restart sees it.
  await createAdministrator(page, ADMIN);
  const url = await workstation.restart();
  const fresh = await page.context().browser()!.newPage();
  await fresh.goto(url);
  await expect(fresh.getByRole('heading', { name: 'Staff sign-in' })).toBeVisible(SLOW);
  await expect(fresh.locator('html')).toHaveAttribute('lang', 'en');
  await fresh.close();
});

test('the shell is fully translated, with dates and roles in the chosen language', async ({ page, workstation }) => {
  await open(page, workstation.url, 'ru');
  await page.getByLabel('ИИН', { exact: true }).fill(ADMIN.iin);
  await page.getByLabel('ФИО', { exact: true }).fill(ADMIN.fullName);
  await page.getByLabel('Пароль', { exact: true }).fill(ADMIN.password);
  await page.getByLabel('Повторите пароль', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Создать администратора' }).click();

  const bar = page.getByRole('contentinfo', { name: 'Строка состояния' });
  await expect(bar).toContainText('Роли: Администратор', SLOW);
  await expect(bar).toContainText('центральный сервер не настроен');
  expect(await latinWords(page)).toEqual([]);

  // Settings in Russian, then switch to Kazakh from there.
  await page.getByRole('navigation', { name: 'Разделы' }).getByRole('button', { name: 'Настройки' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Настройки' })).toBeVisible();
  const audit = page.getByRole('region', { name: 'Журнал аудита' });
  await expect(audit.getByRole('cell', { name: 'Создан администратор' })).toBeVisible();
  await expect(audit.getByRole('cell', { name: /^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/ }).first()).toBeVisible();
  expect(await latinWords(page)).toEqual([]);

  await page.getByRole('region', { name: 'Язык' }).getByLabel(LANGUAGE_LABEL).selectOption('kk');
  await expect(page.getByRole('heading', { level: 1, name: 'Баптаулар' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Аудит журналы' }).getByRole('cell', { name: 'Әкімші тіркелді' })).toBeVisible();
  await expect(page.getByRole('contentinfo', { name: 'Күй жолағы' })).toContainText('Рөлдер: Әкімші');
  expect(await latinWords(page)).toEqual([]);

  await page.getByRole('navigation', { name: 'Бөлімдер' }).getByRole('button', { name: 'Кезек' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Кезек' })).toBeVisible();
  expect(await latinWords(page)).toEqual([]);
});
