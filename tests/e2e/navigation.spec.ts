// Navigation: seven sections, keyboard shortcuts, visible focus, and honest "not built yet" pages.
import { test, expect } from './fixtures';
import { createAdministrator, nav, open } from '../helpers/ui';

const SECTIONS = ['Queue', 'New request', 'Registry lookup', 'Journals', 'Reports', 'Synchronisation', 'Settings'];

test('Alt+1 … Alt+7 open the sections; the current one is marked and its heading focused', async ({ page, workstation }) => {
  await open(page, workstation.url);
  await createAdministrator(page);
  for (const [index, name] of SECTIONS.entries()) {
    const button = nav(page).getByRole('button', { name, exact: true });
    await expect(button).toHaveAttribute('aria-keyshortcuts', `Alt+${index + 1}`);
  }
  await expect(nav(page)).toContainText('Alt+1 … Alt+7 open the sections');

  for (const index of [4, 2, 7, 6, 3, 5, 1]) {
    const name = SECTIONS[index - 1] as string;
    await page.keyboard.press(`Alt+Digit${index}`);
    const heading = page.getByRole('heading', { level: 1, name, exact: true });
    await expect(heading).toBeFocused();
    await expect(nav(page).getByRole('button', { name, exact: true })).toHaveAttribute('aria-current', 'page');
    await expect(nav(page).locator('[aria-current="page"]')).toHaveCount(1);
    await expect(page).toHaveTitle(`${name} — Qyzmet`);
  }
});

test('pages not built yet say what will come there and that they are not built yet', async ({ page, workstation }) => {
  await open(page, workstation.url);
  await createAdministrator(page);
  const expectations: Record<string, RegExp> = {
    Reports: /reports on the services/i,
  };
  for (const [name, intro] of Object.entries(expectations)) {
    await nav(page).getByRole('button', { name, exact: true }).click();
    const main = page.getByRole('main');
    await expect(main.getByRole('heading', { level: 1 })).toHaveText(name);
    await expect(main).toContainText(intro);
    await expect(main.getByText('Not built yet', { exact: true })).toBeVisible();
    await expect(main).toContainText('This section is not built yet in this version of Qyzmet.');
    await expect(main.getByRole('heading', { name: 'What will be here' })).toBeVisible();
    expect(await main.getByRole('listitem').count()).toBeGreaterThanOrEqual(3);
  }
});

test('everything is reachable with Tab, with a visible focus ring', async ({ page, workstation }) => {
  await open(page, workstation.url);
  await createAdministrator(page);
  // The first Tab reaches the skip link; Enter moves to the main content.
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to the main content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();

  // Tab walks through the sections in order, each with a visible outline.
  await page.keyboard.press('Tab');
  for (const name of SECTIONS) {
    const button = nav(page).getByRole('button', { name, exact: true });
    await expect(button).toBeFocused();
    const outline = await button.evaluate((el) => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth);
    expect(outline).toBe('solid 3px');
    await page.keyboard.press('Tab');
  }
  // Enter on a focused section opens it.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeFocused();

  // The status bar's buttons are reachable too.
  const lock = page.getByRole('contentinfo', { name: 'Status bar' }).getByRole('button', { name: 'Lock' });
  for (let i = 0; i < 60 && !(await lock.evaluate((el) => el === document.activeElement)); i += 1) {
    await page.keyboard.press('Tab');
  }
  await expect(lock).toBeFocused();
  await expect(lock).toHaveAttribute('aria-keyshortcuts', 'Alt+L');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'The screen is locked' })).toBeVisible();
});
