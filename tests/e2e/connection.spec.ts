// The browser host's socket: when it drops, a banner says so and the UI reconnects, then asks to
// sign in again (the service's session went with the old connection).
import { test, expect } from './fixtures';
import type { WebSocketRoute } from '@playwright/test';
import { ADMIN, LANGUAGE_LABEL, createAdministrator, field, open, signIn, SLOW } from '../helpers/ui';

test('a lost connection shows a banner, reconnects and returns cleanly to sign-in', async ({ page, workstation }) => {
  const sockets: Array<{ page: WebSocketRoute; server: WebSocketRoute }> = [];
  let refuse = false;
  await page.routeWebSocket(/\/api\?token=/, (ws) => {
    if (refuse) {
      void ws.close({ code: 1011, reason: 'test: service away' });
      return;
    }
    sockets.push({ page: ws, server: ws.connectToServer() });
  });

  await open(page, workstation.url);
  await createAdministrator(page);
  // Something typed on a page…
  await page.keyboard.press('Alt+Digit7');
  await field(page.getByRole('form', { name: 'Register a staff member' }), 'Full name').fill('Сәуле');

  // The link drops and stays down for a while.
  refuse = true;
  const current = sockets[sockets.length - 1]!;
  await current.server.close();
  await current.page.close();
  const banner = page.getByRole('alert').filter({ hasText: 'The connection to the workstation service was lost — reconnecting.' });
  await expect(banner).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Sections' })).toHaveCount(0);

  // It comes back: the banner goes, and sign-in says why it is asked for again.
  refuse = false;
  await expect(banner).toBeHidden({ timeout: 15_000 });
  await expect(page.getByRole('heading', { name: 'Staff sign-in' })).toBeVisible(SLOW);
  await expect(page.getByText('The connection to the workstation service was interrupted, so you were signed out.')).toBeVisible();
  await signIn(page, ADMIN);
});

test('a page opened without the key says how to open the workstation', async ({ page, workstation }) => {
  const address = new URL(workstation.url);
  await page.goto(`${address.origin}/`);
  await page.getByLabel(LANGUAGE_LABEL).selectOption('en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('The workstation service cannot be reached');
  await expect(page.getByText('open Qyzmet again from its launcher')).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});
