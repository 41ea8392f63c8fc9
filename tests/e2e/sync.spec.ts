// Synchronisation (issue 8) as the person sees it, with the embedded central server: the status bar
// says where synchronisation stands and opens the sync page (Alt+6); "Sync now" sends the changes made
// here (a staff member and a request taken into work, through the API) — the changes waiting go to 0
// and "last synchronised" is set, and the result is announced. A conflict the server reported (put
// into the workstation's `sync_conflicts`, as a push would: another workstation took the request into
// work first) is counted in the status bar, listed on the sync page with the request number, what
// happened in words and who has the request now; it opens the request, whose history shows this
// workstation's step that was not accepted; marked as seen, it stays listed as seen. A long run shows
// a progress bar (phase and count); in Kazakh the indicator and the page have no Latin words.
import { randomUUID } from 'node:crypto';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { makeIin } from '../helpers/iin';
import { cachePeople, connectApi, openDatabase, personRecord } from '../helpers/queue';
import { ADMIN, createAdministrator, nav, open, signIn, SLOW, statusBar, type Person } from '../helpers/ui';

const OFFICER: Person = { iin: makeIin('1988-03-09', 'female', 81), fullName: 'Гүлнар Сәрсенова', password: 'Officer2026x' };
const APPLICANT = personRecord(makeIin('1991-07-21', 'male', 82), 'Жақсыбеков', 'Марат', null, '1991-07-21', 'male');
/** The employee of another workstation who took the request first (known here from sync's staff directory). */
const OTHER = { id: randomUUID(), iin: makeIin('1979-12-01', 'male', 83), fullName: 'Бауыржан Қасымов', workstationId: randomUUID() };

/** Days ago (Almaty), as YYYY-MM-DD. */
const daysAgo = (days: number) => new Date(Date.now() + 5 * 3_600_000 - days * 86_400_000).toISOString().slice(0, 10);

function indicator(page: Page): Locator {
  return statusBar(page).getByRole('button', { name: /^Synchronisation:/ });
}

/** The value of a row of the sync page's state list. */
function stateValue(page: Page, term: string): Locator {
  return page.getByRole('main').locator('.record-row').filter({ has: page.getByRole('term').filter({ hasText: term }) }).getByRole('definition');
}

/** A fact (term and definition) of a conflict. */
function fact(item: Locator, term: string): Locator {
  return item.locator('dl > div').filter({ has: item.page().getByRole('term').filter({ hasText: term }) }).getByRole('definition');
}

test.describe('synchronisation', () => {
  test.setTimeout(180_000);
  test.use({ centralServer: { people: 5 } });

  test('status bar, sync page, sync now, a conflict listed, opened and marked as seen', async ({ page, workstation }) => {
    await open(page, workstation.url);
    await createAdministrator(page);
    await expect(statusBar(page)).toContainText('central server online', { timeout: 60_000 });
    // Connected: the indicator says when it last synchronised (or that it has not yet).
    await expect(indicator(page)).toHaveText(/Synchronisation: (Synced \d{2}:\d{2}|Not synced yet|Syncing…)/, SLOW);

    // ---- the sync page, from the status bar ----
    await indicator(page).click();
    const heading = page.getByRole('heading', { level: 1, name: 'Synchronisation' });
    await expect(heading).toBeVisible();
    await expect(nav(page).getByRole('button', { name: 'Synchronisation', exact: true })).toHaveAttribute('aria-current', 'page');
    await expect(nav(page).getByRole('button', { name: 'Synchronisation', exact: true })).toHaveAttribute('aria-keyshortcuts', 'Alt+6');
    await expect(stateValue(page, 'State')).toHaveText(/Connected; synchronises on its own|Synchronising now/);
    const main = page.getByRole('main');
    const syncNow = main.getByRole('button', { name: 'Sync now' });
    const result = main.locator('.sync-result');
    await expect(result).toHaveRole('status');
    // A first run (it also puts off the next automatic one by half a minute).
    await syncNow.click();
    await expect(result).toContainText(/Synchronised at \d{2}:\d{2}\./, SLOW);
    await expect(stateValue(page, 'Changes waiting to be sent')).toHaveText('0');

    // ---- local changes: a staff member, a request registered and taken into work ----
    const api = await connectApi(workstation.url);
    let requestId: string;
    let requestNumber: string;
    try {
      await api.call('auth.signIn', { iin: ADMIN.iin, password: ADMIN.password });
      const officer = await api.call('staff.create', { iin: OFFICER.iin, fullName: OFFICER.fullName, roles: ['social_officer'], password: OFFICER.password });
      await api.call('auth.signIn', { iin: OFFICER.iin, password: OFFICER.password });
      cachePeople(workstation.dataDir, [APPLICANT]);
      const draft = await api.call('requests.createDraft', {
        service: 'social.unemployed-certificate',
        channel: 'service_centre',
        applicant: { kind: 'person', iin: APPLICANT.iin },
        form: { periodFrom: daysAgo(30) },
        documents: { standard_documents: { presented: true, presentation: 'original' } },
      });
      await api.call('requests.register', { requestId: draft.id });
      const taken = await api.call('requests.take', { requestId: draft.id });
      expect(taken.assignee?.id).toBe(officer.id);
      requestId = taken.id;
      requestNumber = taken.number!;
    } finally {
      api.close();
    }

    // Back on the page (read again): the changes wait; the status bar says so too.
    await page.keyboard.press('Alt+Digit1');
    await page.keyboard.press('Alt+Digit6');
    await expect(heading).toBeFocused();
    await expect(stateValue(page, 'Changes waiting to be sent')).toHaveText(/^[1-9]\d*$/);
    await expect(indicator(page)).toContainText(/changes? waiting/);
    const lastBefore = await stateValue(page, 'Last synchronised (Almaty time)').innerText();

    await syncNow.click();
    await expect(result).toHaveText(/^Synchronised at \d{2}:\d{2}\. Nothing is waiting to be sent\.$/, SLOW);
    await expect(stateValue(page, 'Changes waiting to be sent')).toHaveText('0');
    await expect(stateValue(page, 'Last synchronised (Almaty time)')).toHaveText(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/);
    expect(lastBefore).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/);
    await expect(syncNow).not.toHaveAttribute('aria-disabled', 'true');
    await expect(indicator(page)).toHaveText(/^Synchronisation: Synced \d{2}:\d{2}$/);

    // ---- a conflict, as a push records it: another workstation took the request into work first ----
    const db = openDatabase(workstation.dataDir);
    try {
      const ours = db.prepare(`SELECT * FROM request_history WHERE request_id = ? ORDER BY seq DESC LIMIT 1`).get(requestId) as Record<string, unknown>;
      const now = new Date().toISOString();
      db.transaction(() => {
        db.prepare(`INSERT INTO staff_directory (id, iin, full_name, roles, active, workstation_id) VALUES (?, ?, ?, '["social_officer"]', 1, ?)`).run(
          OTHER.id,
          OTHER.iin,
          OTHER.fullName,
          OTHER.workstationId,
        );
        // The server's version stands: the request is with the other workstation's employee…
        db.prepare(`UPDATE requests SET assignee_id = ? WHERE id = ?`).run(OTHER.id, requestId);
        // …and this workstation's step is kept aside, not accepted, and not re-applied (they took it first).
        db.prepare(`INSERT INTO request_history_superseded (id, request_id, seq, event, superseded_at, by_workstation, outcome) VALUES (?, ?, ?, ?, ?, ?, 'taken')`).run(
          randomUUID(),
          requestId,
          ours.seq,
          JSON.stringify(ours),
          now,
          OTHER.workstationId,
        );
        db.prepare(
          `INSERT INTO sync_conflicts (id, change_id, entity, entity_id, request_id, reason, detail, at) VALUES (?, ?, 'request_event', ?, ?, 'taken_by_another', ?, ?)`,
        ).run(
          randomUUID(),
          randomUUID(),
          ours.id,
          requestId,
          JSON.stringify({ workstationId: OTHER.workstationId, actorId: OTHER.id, state: 'in_review', headSeq: Number(ours.seq) }),
          now,
        );
      })();
    } finally {
      db.close();
    }

    await page.reload();
    await signIn(page, OFFICER);
    await expect(indicator(page)).toContainText('1 conflict', SLOW);
    await indicator(page).click();
    await expect(heading).toBeVisible();
    const conflicts = main.getByRole('list', { name: 'Conflicts' });
    const item = conflicts.getByRole('listitem').filter({ hasText: requestNumber });
    await expect(item).toHaveCount(1);
    await expect(item).toContainText('Another workstation took this request into work first; it stays with them.');
    await expect(item).toContainText("Your steps are kept in the request's history as not accepted.");
    await expect(fact(item, 'Who has it now')).toHaveText(OTHER.fullName);
    await expect(fact(item, 'State on the central server')).toHaveText('In review');
    await expect(fact(item, 'Noted')).toHaveText(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/);
    await expect(item.getByText('new', { exact: true })).toBeVisible();
    await expect(main).toContainText('Conflicts: 1, not seen yet: 1.');

    // The number opens the request: its history shows the step that was not accepted.
    await item.getByRole('button', { name: requestNumber }).click();
    await expect(page.getByRole('heading', { level: 1, name: new RegExp(requestNumber) })).toBeVisible(SLOW);
    const notAccepted = page.getByRole('list', { name: "Not accepted by the central server (another workstation's steps stand instead)" });
    await expect(notAccepted.getByRole('listitem')).toHaveCount(1);
    await expect(notAccepted).toContainText(OFFICER.fullName);
    await expect(notAccepted).toContainText(/Not accepted: \d{2}\.\d{2}\.\d{4} \d{2}:\d{2}/);
    await expect(notAccepted).toContainText('Not re-applied: the other workstation took the request into work first; it stays with them.');
    await expect(notAccepted).toContainText(OTHER.workstationId);

    // Back to the sync page: mark it as seen; it stays listed, marked seen, and the count goes.
    await page.keyboard.press('Alt+Digit6');
    await expect(heading).toBeFocused();
    const markSeen = item.getByRole('button', { name: 'Mark as seen' });
    await expect(markSeen).toHaveAccessibleDescription(new RegExp(requestNumber));
    await markSeen.click();
    await expect(main.getByRole('status').filter({ hasText: 'Marked as seen' })).toHaveText('Marked as seen. It stays in this list.');
    await expect(item.getByRole('button', { name: 'Mark as seen' })).toHaveCount(0);
    await expect(item.getByText('seen', { exact: true })).toBeVisible();
    await expect(item.getByRole('heading')).toBeFocused();
    await expect(main).toContainText('Conflicts: 1, not seen yet: 0.');
    await expect(indicator(page)).not.toContainText('conflict');
  });

  test('a long run shows its progress: a progress bar with the phase and the count, "Sync now" unavailable meanwhile', async ({ page, workstation }) => {
    await open(page, workstation.url);
    await createAdministrator(page);
    await expect(statusBar(page)).toContainText('central server online', { timeout: 60_000 });
    await page.keyboard.press('Alt+Digit6');
    const main = page.getByRole('main');
    const syncNow = main.getByRole('button', { name: 'Sync now' });
    await syncNow.click();
    await expect(main.locator('.sync-result')).toContainText('Synchronised at', SLOW);

    // Many changes waiting (written straight into the change log, as a busy day would leave them):
    // enough for a run of several seconds (a push sends batches of a thousand).
    const BULK = 20_000;
    const db = openDatabase(workstation.dataDir);
    try {
      const workstationId = db.prepare(`SELECT workstation_id FROM change_log LIMIT 1`).pluck().get() as string;
      const insert = db.prepare(`INSERT INTO change_log (change_id, entity, entity_id, op, data, at, workstation_id, actor_id) VALUES (?, 'e2e_bulk', ?, 'insert', '{}', ?, ?, NULL)`);
      db.transaction(() => {
        for (let i = 0; i < BULK; i += 1) insert.run(randomUUID(), randomUUID(), new Date().toISOString(), workstationId);
      })();
    } finally {
      db.close();
    }
    await page.keyboard.press('Alt+Digit1');
    await page.keyboard.press('Alt+Digit6');
    await expect(stateValue(page, 'Changes waiting to be sent')).toHaveText(String(BULK));

    await syncNow.click();
    const progress = main.getByRole('progressbar');
    await expect(progress).toBeVisible();
    await expect(progress).toHaveAttribute('aria-valuemax', String(BULK));
    await expect(progress).toHaveAttribute('aria-valuenow', /^\d+$/);
    await expect(progress).toHaveAccessibleName(new RegExp(`^(sending changes|sending files): \\d+ of ${BULK}$`));
    await expect(main.getByRole('button', { name: 'Synchronising…' })).toHaveAttribute('aria-disabled', 'true');
    await expect(indicator(page)).toContainText(new RegExp(`Syncing… \\((sending changes|sending files): \\d+ of ${BULK}\\)`));

    await expect(main.locator('.sync-result')).toHaveText(/^Synchronised at \d{2}:\d{2}\. Nothing is waiting to be sent\.$/, { timeout: 60_000 });
    await expect(progress).toHaveCount(0);
    await expect(stateValue(page, 'Changes waiting to be sent')).toHaveText('0');
    await expect(syncNow).not.toHaveAttribute('aria-disabled', 'true');
  });

  test('in Kazakh: the indicator and the sync page have no Latin words', async ({ page, workstation }) => {
    await open(page, workstation.url, 'kk');
    await page.getByLabel('ЖСН', { exact: true }).fill(ADMIN.iin);
    await page.getByLabel('Тегі, аты, әкесінің аты', { exact: true }).fill(ADMIN.fullName);
    await page.getByLabel('Құпиясөз', { exact: true }).fill(ADMIN.password);
    await page.getByLabel('Құпиясөзді қайталаңыз', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Әкімшіні тіркеу' }).click();
    const bar = page.getByRole('contentinfo', { name: 'Күй жолағы' });
    await expect(bar).toContainText('орталық сервермен байланыс бар', { timeout: 60_000 });
    await page.keyboard.press('Alt+Digit6');
    await expect(page.getByRole('heading', { level: 1, name: 'Синхрондау' })).toBeFocused();
    await page.getByRole('main').getByRole('button', { name: 'Қазір синхрондау' }).click();
    await expect(page.getByRole('main').locator('.sync-result')).toContainText('синхрондалды', SLOW);
    await expect(bar.getByRole('button', { name: /^Синхрондау:/ })).toContainText('Синхрондалды');
    const text = await page.locator('body').innerText();
    const allowed = new Set(['Q', 'Qyzmet', 'Language', 'English', 'Alt', 'L']);
    const data = new Set((await page.locator('[translate="no"]').allInnerTexts()).join(' ').match(/[A-Za-z]+/g) ?? []);
    expect([...new Set(text.match(/[A-Za-z]+/g) ?? [])].filter((word) => !allowed.has(word) && !data.has(word))).toEqual([]);
  });
});
