// The request queue and the request page, driven by role and label the way staff work them: the
// queue lists registered requests (number, service, applicant, countdown), filters by status and
// service, searches by IIN and by a name typed with Russian letters for Kazakh ones; ↓ and Enter open
// a request; "take into work" assigns it; the timeline shows the registration; a step that needs the
// authorised person's signature asks for it (cancel and a wrong PIN change nothing); Escape returns to the same row; the status
// lookup finds a request by number and by IIN; the questionnaire is recorded once.
//
// The requests are taken in through the workstation's API on a connection of the spec's own (the
// intake wizard is another spec's subject), with the applicants put into the registry cache as if
// the registry had just answered them.
import type { Locator, Page } from '@playwright/test';
import { E2E_TOKEN, test, expect, type Workstation } from './fixtures';
import { serviceByCode } from '../../src/shared/catalogue';
import type { RequestDetail } from '../../src/shared/requests/api';
import { makeIin } from '../helpers/iin';
import { cachePeople, connectApi, insertRequests, openDatabase, personRecord, type ApiClient } from '../helpers/queue';
import { ADMIN, createAdministrator, open, signIn, signOut, tokenHolder, type Person as Staff } from '../helpers/ui';

const OFFICER: Staff = { iin: makeIin('1988-07-09', 'female', 31), fullName: 'Мәдина Сәрсенова', password: 'Officer2026x' };

const ASEL = personRecord(makeIin('1990-05-17', 'female', 41), 'Нұрғалиева', 'Әсел', 'Қайратқызы', '1990-05-17', 'female');
const DAULET = personRecord(makeIin('1984-02-11', 'male', 42), 'Омаров', 'Дәулет', null, '1984-02-11', 'male');
const SERGEI = personRecord(makeIin('1975-09-30', 'male', 43), 'Иванов', 'Сергей', 'Петрович', '1975-09-30', 'male');
const fullName = (p: typeof ASEL) => [p.surname, p.name, p.patronymic].filter(Boolean).join(' ');

const UNEMPLOYED = serviceByCode('social.unemployed-certificate')!.names.en;
const ATTACHMENT = serviceByCode('phc.attachment')!.names.en;

/** A month ago (Almaty), for a period that may not lie in the future. */
const MONTH_AGO = new Date(Date.now() + 5 * 3_600_000 - 30 * 86_400_000).toISOString().slice(0, 10);

interface Desk {
  api: ApiClient;
  /** Unemployed certificate at the counter (10-minute term), for Әсел. */
  asel: RequestDetail;
  /** Attachment to the polyclinic (1 working day), for Дәулет. */
  daulet: RequestDetail;
  /** Unemployed certificate through a public service centre (3 working days), for Сергей. */
  sergei: RequestDetail;
  /** An attachment draft for Сергей, not registered. */
  draft: RequestDetail;
}

/**
 * A workstation with an administrator, a case officer who is also the authorised signer, three
 * registered requests and a draft; the browser signed in as the officer, on the queue.
 */
async function setUp(page: Page, workstation: Workstation, before?: (desk: Desk) => void): Promise<Desk> {
  await open(page, workstation.url);
  await createAdministrator(page);
  const api = await connectApi(workstation.url);
  await api.call('auth.signIn', { iin: ADMIN.iin, password: ADMIN.password });
  await api.call('staff.create', {
    iin: OFFICER.iin,
    fullName: OFFICER.fullName,
    roles: ['registrar', 'social_officer', 'authorised_signer'],
    password: OFFICER.password,
  });
  await api.call('auth.signIn', { iin: OFFICER.iin, password: OFFICER.password });
  cachePeople(workstation.dataDir, [ASEL, DAULET, SERGEI]);

  const unemployed = async (iin: string, channel: 'walk_in' | 'service_centre') => {
    const draft = await api.call('requests.createDraft', {
      service: 'social.unemployed-certificate',
      channel,
      applicant: { kind: 'person', iin },
      form: { periodFrom: MONTH_AGO },
      documents: { standard_documents: { presented: true, presentation: 'original' } },
    });
    return channel === 'walk_in' ? registerAtCounter(draft.id) : api.call('requests.register', { requestId: draft.id });
  };
  // At the counter the officer signs the registration with the key on the e2e token, as the UI does.
  const registerAtCounter = async (requestId: string) => {
    const token = (await api.call('signing.status', {})).tokens[0];
    if (!token) throw new Error('the e2e token is not visible to the workstation');
    const key = { kind: 'token' as const, tokenRef: token.ref, idHex: '01' };
    const { signatureRef } = await api.call('signing.sign', { requestId, action: 'register', key, pin: E2E_TOKEN.pin });
    return api.call('requests.register', { requestId, signatureRef });
  };
  const attachmentDraft = (iin: string) =>
    api.call('requests.createDraft', {
      service: 'phc.attachment',
      channel: 'walk_in',
      applicant: { kind: 'person', iin },
      form: {
        attachmentReason: 'change_of_residence',
        address: { region: 'Павлодар облысы', city: 'Екібастұз', street: 'Абай', house: '5', flat: '12' },
      },
      documents: { identity_document: { presented: true } },
    });
  const sergei = await unemployed(SERGEI.iin, 'service_centre');
  const daulet = await registerAtCounter((await attachmentDraft(DAULET.iin)).id);
  const asel = await unemployed(ASEL.iin, 'walk_in');
  const draft = await attachmentDraft(SERGEI.iin);
  const desk = { api, asel, daulet, sergei, draft };
  before?.(desk);

  await signOut(page);
  await signIn(page, OFFICER);
  await expect(page.getByRole('heading', { level: 1, name: 'Queue' })).toBeVisible();
  return desk;
}

function grid(page: Page): Locator {
  return page.getByRole('grid', { name: 'Requests' });
}

function rowOf(page: Page, text: string): Locator {
  return grid(page).getByRole('row').filter({ hasText: text });
}

/**
 * The row is on screen from its top to its bottom: what is at its first cell's top and bottom edge is
 * the row itself (not clipped by the page or the grid, nor under the status bar or the grid's header).
 * Its width may be cut by the grid, which scrolls sideways in a narrow window.
 */
async function expectWhollyShown(page: Page, row: Locator): Promise<void> {
  await expect
    .poll(() =>
      row.evaluate((element) => {
        const box = element.getBoundingClientRect();
        const x = box.left + 12;
        const hit = (y: number) => element.contains(document.elementFromPoint(x, y));
        return hit(box.top + 2) && hit(box.bottom - 2);
      }),
    )
    .toBe(true);
}

/** The status bar's items take two lines or more (the window is narrow). */
async function expectStatusBarWrapped(page: Page): Promise<void> {
  const items = page.locator('.statusbar .status-items');
  const lineHeight = (await items.locator('.status-item').first().boundingBox())?.height ?? 0;
  await expect.poll(async () => (await items.boundingBox())?.height ?? 0).toBeGreaterThan(1.5 * lineHeight);
}

/** The grid holds `n` requests (aria-rowcount counts the header row too). */
async function expectRequests(page: Page, n: number): Promise<void> {
  await expect(grid(page)).toHaveAttribute('aria-rowcount', String(n + 1));
  await expect(page.getByRole('status').filter({ hasText: 'Requests found' })).toHaveText(`Requests found: ${n.toLocaleString('en')}`);
}

async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.getByRole('search', { name: 'Search and filters' }).getByLabel(label, { exact: true }).selectOption({ label: option });
}

test.describe('the request queue', () => {
  test.setTimeout(120_000);
  test.use({ signingToken: { holders: [tokenHolder(OFFICER)] } });

  test('lists the requests with number, service, applicant and countdown; filters; searches by IIN and by a name typed in Russian letters', async ({
    page,
    workstation,
  }) => {
    const { asel, daulet, sergei, api } = await setUp(page, workstation);
    await expectRequests(page, 4);
    // The grid says how many rows there are and where each one is.
    const header = grid(page).getByRole('row').first();
    await expect(header).toHaveAttribute('aria-rowindex', '1');
    for (const name of ['Number', 'Service', 'Applicant', 'Channel', 'Status', 'Received', 'Deadline', 'Assignee']) {
      await expect(header.getByRole('columnheader', { name })).toBeVisible();
    }

    const aselRow = rowOf(page, asel.number!);
    await expect(aselRow).toContainText(UNEMPLOYED);
    await expect(aselRow).toContainText(fullName(ASEL));
    await expect(aselRow).toContainText(`IIN ${ASEL.iin}`);
    await expect(aselRow).toContainText('Counter');
    await expect(aselRow).toContainText('Registered');
    await expect(aselRow).toContainText('not assigned');
    // A 10-minute term: minutes left, written out.
    await expect(aselRow).toContainText(/\d+ min left|At risk: \d+ min left/);
    // Three working days through a public service centre: counted in working days after today (four
    // when registered on a day off, which counts as registered on the next working day).
    await expect(rowOf(page, sergei.number!).locator('.countdown')).toHaveText(/^[34] working days left$/);
    await expect(rowOf(page, sergei.number!)).toContainText('Public service centre');
    await expect(rowOf(page, daulet.number!)).toContainText(ATTACHMENT);
    await expect(rowOf(page, 'Draft (no number)')).toContainText(fullName(SERGEI));
    // Dates as dd.MM.yyyy HH:mm (Almaty).
    await expect(aselRow).toContainText(/\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}/);

    // Counters per status.
    const counters = page.getByRole('group', { name: 'Requests by status' });
    await expect(counters.getByRole('button', { name: /^Registered 3$/ })).toBeVisible();
    await expect(counters.getByRole('button', { name: /^Draft 1$/ })).toBeVisible();

    // Filter by status, then by service.
    await choose(page, 'Status', 'Draft');
    await expectRequests(page, 1);
    await expect(rowOf(page, 'Draft (no number)')).toBeVisible();
    await choose(page, 'Status', 'All');
    await choose(page, 'Service', ATTACHMENT);
    await expectRequests(page, 2);
    await expect(rowOf(page, daulet.number!)).toBeVisible();
    await choose(page, 'Status', 'Registered');
    await expectRequests(page, 1);
    await page.getByRole('button', { name: 'Clear the filters' }).click();
    await expectRequests(page, 4);

    // A counter is a filter too.
    await counters.getByRole('button', { name: /^Draft 1$/ }).click();
    await expect(counters.getByRole('button', { name: /^Draft 1$/ })).toHaveAttribute('aria-pressed', 'true');
    await expectRequests(page, 1);
    await counters.getByRole('button', { name: /^Draft 1$/ }).click();
    await expectRequests(page, 4);

    // Search: by IIN, and by the name typed with Russian letters for the Kazakh ones.
    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.fill(SERGEI.iin);
    await expectRequests(page, 2);
    await search.fill('нургалиева асел');
    await expectRequests(page, 1);
    await expect(rowOf(page, asel.number!)).toContainText('Нұрғалиева Әсел');
    // The number, typed in lower case.
    await search.fill(daulet.number!.toLowerCase());
    await expectRequests(page, 1);
    await expect(rowOf(page, daulet.number!)).toBeVisible();
    await search.fill('');
    await expectRequests(page, 4);

    // Sorting by a column says so to the reader.
    await header.getByRole('button', { name: /Applicant/ }).click();
    await expect(header.getByRole('columnheader', { name: /Applicant/ })).toHaveAttribute('aria-sort', 'ascending');
    await expect(grid(page).getByRole('row').nth(1)).toContainText(fullName(SERGEI));
    api.close();
  });

  test('keyboard: / searches, ↓ Enter open the request; take into work; the timeline; the signature step; Escape back; the questionnaire once', async ({
    page,
    workstation,
  }) => {
    const csp: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) csp.push(message.text());
    });
    const { api, asel } = await setUp(page, workstation);
    await expectRequests(page, 4);
    // The order shown: newest first (the draft, then Әсел's request).
    const shown = await api.call('requests.queue', { sort: 'received', direction: 'desc', offset: 0, limit: 10 });
    expect(shown.rows[1]?.id).toBe(asel.id);

    await page.keyboard.press('/');
    const search = page.getByRole('searchbox', { name: 'Search' });
    await expect(search).toBeFocused();
    await page.keyboard.press('ArrowDown');
    const first = grid(page).getByRole('row').nth(1);
    await expect(first).toBeFocused();
    await expect(first).toHaveAttribute('aria-selected', 'true');
    await expect(first).toHaveAttribute('aria-rowindex', '2');
    await page.keyboard.press('ArrowDown');
    const second = rowOf(page, asel.number!);
    await expect(second).toBeFocused();
    await expect(second).toHaveAttribute('aria-selected', 'true');
    await expect(first).toHaveAttribute('aria-selected', 'false');
    await page.keyboard.press('Enter');

    // The request page.
    const heading = page.getByRole('heading', { level: 1, name: `Request ${asel.number}` });
    await expect(heading).toBeFocused();
    await expect(page.locator('.request-header')).toContainText(UNEMPLOYED);
    await expect(page.locator('.request-header')).toContainText('Registered');
    const applicant = page.getByRole('region', { name: 'Applicant', exact: true });
    await expect(applicant).toContainText(fullName(ASEL));
    await expect(applicant).toContainText(ASEL.iin);
    const form = page.getByRole('region', { name: 'Request form' });
    await expect(form).toContainText('Period from');
    await expect(form).toContainText(MONTH_AGO.split('-').reverse().join('.'));
    await expect(page.getByRole('region', { name: 'Documents presented' })).toContainText('presented — original');
    await expect(page.getByRole('region', { name: 'Attachments (scanned documents)' })).toContainText('No files are attached to this request.');
    const history = page.getByRole('region', { name: 'History' });
    await expect(history).toContainText('Registered with a number');
    await expect(history).toContainText(`${OFFICER.fullName}, IIN ${OFFICER.iin}`);
    await expect(history).toContainText(asel.number!);
    await expect(history).toContainText('✓ verified');
    await expect(history).toContainText('The history verifies (events checked: 1)');

    // Take into work: assigned to me, in review.
    const actions = page.getByRole('region', { name: 'Actions' });
    await actions.getByRole('button', { name: 'Take into work' }).click();
    await expect(actions.getByRole('status')).toHaveText('Taken into work: the request is assigned to you.');
    await expect(page.locator('.request-header')).toContainText('In review');
    await expect(page.locator('.request-header')).toContainText(`${OFFICER.fullName} (you)`);
    await expect(history).toContainText('Assigned');
    await expect(history).toContainText('Review started');
    await expect(history).toContainText('events checked: 3');

    // The result and the reasoned refusal are documents signed inside their PDFs, made in the
    // "Result document" section (tests/e2e/documents.spec.ts): Actions does not offer them.
    await expect(actions.getByRole('button', { name: /Mark the result ready/ })).toHaveCount(0);
    await expect(actions.getByRole('button', { name: /Reasoned refusal/ })).toHaveCount(0);
    await expect(page.getByRole('region', { name: 'Result document' })).toBeVisible();
    const afterRefusal = await api.call('requests.get', { requestId: asel.id });
    expect(afterRefusal.state).toBe('in_review');
    expect(afterRefusal.history.map((event) => event.action)).toEqual(['register', 'assign', 'take_into_review']);
    // The registration is signed by the officer; nothing else is.
    const signatures = page.getByRole('region', { name: 'Signatures' });
    await expect(signatures.getByRole('listitem').filter({ hasText: 'Register' })).toContainText(OFFICER.iin);

    // The questionnaire: two questions, three answers each, recorded once.
    const questionnaire = page.getByRole('region', { name: 'Applicant satisfaction questionnaire' });
    await questionnaire.getByRole('button', { name: 'Record the answers' }).click();
    await expect(questionnaire.getByRole('alert').first()).toContainText('This field is required.');
    await questionnaire
      .getByRole('group', { name: 'Are you satisfied with the process of the service and the quality of its result?' })
      .getByRole('radio', { name: 'Partly satisfied' })
      .check();
    await questionnaire
      .getByRole('group', { name: 'Are you satisfied with the quality of the information about the procedure of the service?' })
      .getByRole('radio', { name: 'Satisfied', exact: true })
      .check();
    await questionnaire.getByRole('button', { name: 'Record the answers' }).click();
    await expect(questionnaire).toContainText('The answers were recorded on');
    await expect(questionnaire).toContainText('Partly satisfied');
    await expect(questionnaire.getByRole('button', { name: 'Record the answers' })).toHaveCount(0);
    expect((await api.fail('requests.questionnaire', { requestId: asel.id, quality: 'satisfied', information: 'satisfied' })).code).toBe(
      'questionnaire_recorded',
    );

    // Escape: back to the queue, on the same row, which now shows the work taken.
    await page.keyboard.press('Escape');
    await expect(page.getByRole('heading', { level: 1, name: 'Queue' })).toBeVisible();
    const row = rowOf(page, asel.number!);
    await expect(row).toBeFocused();
    await expect(row).toHaveAttribute('aria-selected', 'true');
    await expect(row).toContainText('In review');
    await expect(row).toContainText(`${OFFICER.fullName} (you)`);

    // Open it again: the questionnaire stays recorded.
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: `Request ${asel.number}` })).toBeFocused();
    await expect(questionnaire).toContainText('The answers were recorded on');
    await page.getByRole('button', { name: /Back to the queue/ }).click();
    await expect(rowOf(page, asel.number!)).toBeFocused();

    // Take into work from the queue (Alt+T) on another row.
    await page.keyboard.press('ArrowDown');
    const next = grid(page).getByRole('row').nth(3);
    await expect(next).toBeFocused();
    await page.keyboard.press('Alt+KeyT');
    await expect(page.getByRole('status').filter({ hasText: 'Requests found' })).toContainText('is taken into work and assigned to you');
    await expect(next).toContainText(`${OFFICER.fullName} (you)`);
    await expect(page.getByRole('group', { name: 'Requests by status' }).getByRole('button', { name: /^Mine \(open\) 2$/ })).toBeVisible();

    expect(csp).toEqual([]);
    api.close();
  });

  test('status lookup by number and by IIN; an overdue request says so in words', async ({ page, workstation }) => {
    const { api, sergei, daulet } = await setUp(page, workstation, ({ sergei }) => {
      // Two hours past its deadline (the term is data on the request row; its history is untouched).
      const db = openDatabase(workstation.dataDir);
      const past = new Date(Date.now() - 2 * 3_600_000 - 5 * 60_000).toISOString();
      db.prepare(`UPDATE requests SET deadline = ?, at_risk_from = ? WHERE id = ?`).run(past, past, sergei.id);
      db.close();
    });
    await expectRequests(page, 4);
    const counters = page.getByRole('group', { name: 'Requests by status' });
    await counters.getByRole('button', { name: /^Overdue 1$/ }).click();
    await expectRequests(page, 1);
    // Past its deadline today: the time since (in the first two hours after midnight in Almaty the
    // deadline fell on yesterday, and a working day has passed since).
    await expect(rowOf(page, sergei.number!)).toContainText(/Overdue by (2 h \d+ min|1 working day\b)/);

    // The status lookup, opened with its shortcut.
    await page.keyboard.press('Alt+KeyS');
    const dialog = page.getByRole('dialog', { name: 'Status lookup for an applicant' });
    await expect(dialog).toBeVisible();
    const query = dialog.getByRole('textbox', { name: 'Request number or IIN/BIN' });
    await query.fill(daulet.number!.toLowerCase());
    await dialog.getByRole('button', { name: 'Look up' }).click();
    await expect(dialog.getByRole('heading', { name: /^Found: 1/ })).toBeFocused();
    await expect(dialog).toContainText(daulet.number!);
    await expect(dialog).toContainText(ATTACHMENT);
    await expect(dialog).toContainText('Registered');

    await query.fill(SERGEI.iin);
    await dialog.getByRole('button', { name: 'Look up' }).click();
    await expect(dialog.getByRole('heading', { name: /^Found: 1/ })).toBeVisible();
    await expect(dialog).toContainText(sergei.number!);
    await expect(dialog).toContainText('Overdue');

    // A mistyped number is caught by its check character.
    const wrong = `${daulet.number!.slice(0, -1)}${daulet.number!.endsWith('0') ? '1' : '0'}`;
    await query.fill(wrong);
    await dialog.getByRole('button', { name: 'Look up' }).click();
    await expect(query).toHaveAccessibleDescription(/There is a typo in the request number/);

    // "Show in the queue" puts the number into the search.
    await query.fill(daulet.number!);
    await dialog.getByRole('button', { name: 'Look up' }).click();
    await dialog.getByRole('button', { name: 'Show in the queue' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('searchbox', { name: 'Search' })).toHaveValue(daulet.number!);
    await expectRequests(page, 1);
    await expect(rowOf(page, daulet.number!)).toBeFocused();

    // Escape closes the dialog and gives the keyboard back.
    await page.getByRole('button', { name: /Status lookup/ }).click();
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('button', { name: /Status lookup/ })).toBeFocused();
    api.close();
  });

  test('a long queue is virtualised: the grid tells its size, only the rows in view are in the page, End reaches the last', async ({
    page,
    workstation,
  }) => {
    const { api } = await setUp(page, workstation, () => insertRequests(workstation.dataDir, 3_000));
    await expectRequests(page, 3_004);
    const rows = grid(page).getByRole('row');
    expect(await rows.count()).toBeLessThan(60);
    await page.keyboard.press('/');
    await page.keyboard.press('ArrowDown');
    await expect(rows.nth(1)).toBeFocused();
    await page.keyboard.press('End');
    const last = grid(page).locator('[role="row"][aria-rowindex="3005"]');
    await expect(last).toBeFocused();
    await expect(last).toHaveAttribute('aria-selected', 'true');
    await expect(last).toContainText('Тестов 3000');
    expect(await rows.count()).toBeLessThan(60);
    await page.keyboard.press('PageUp');
    await expect(grid(page).locator('[role="row"][aria-selected="true"]')).toBeFocused();
    expect(Number(await grid(page).locator('[role="row"][aria-selected="true"]').getAttribute('aria-rowindex'))).toBeLessThan(3005);
    await page.keyboard.press('Home');
    await expect(grid(page).locator('[role="row"][aria-rowindex="2"]')).toBeFocused();

    // Under the lock nothing is fetched; unlocked, the queue is where it was, its rows fetched again.
    await page.keyboard.press('End');
    await expect(last).toBeFocused();
    await page.keyboard.press('Alt+KeyL');
    await expect(page.getByRole('heading', { name: 'The screen is locked' })).toBeVisible();
    await page.getByLabel('Password', { exact: true }).fill(OFFICER.password);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(grid(page)).toBeVisible({ timeout: 20_000 });
    await expectRequests(page, 3_004);
    await expect(last).toBeInViewport();
    await expect(last).toContainText('Тестов 3000');
    await expect(page.getByRole('alert')).toHaveCount(0);
    // Sorted the other way, the oldest comes first.
    await grid(page).getByRole('columnheader', { name: /Received/ }).getByRole('button').click();
    await expect(grid(page).getByRole('columnheader', { name: /Received/ })).toHaveAttribute('aria-sort', 'ascending');
    await expect(grid(page).locator('[role="row"][aria-rowindex="2"]')).toContainText('Тестов 3000');

    api.close();
  });

  test('a narrow window with the status bar on two lines: the grid fits the space left, its last row can be scrolled into view', async ({
    page,
    workstation,
  }) => {
    const { api } = await setUp(page, workstation, () => insertRequests(workstation.dataDir, 40));
    await expectRequests(page, 44);
    await page.setViewportSize({ width: 900, height: 900 });
    await expectStatusBarWrapped(page);
    const last = grid(page).locator('[role="row"][aria-rowindex="45"]');

    // End from the first row: the last row has the keyboard and is on screen.
    await page.keyboard.press('/');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await expect(last).toBeFocused();
    await expectWhollyShown(page, last);

    // Back at the top, then scrolled to the end with the mouse wheel over the grid.
    await page.keyboard.press('Home');
    await expect(grid(page).locator('[role="row"][aria-rowindex="2"]')).toBeFocused();
    await grid(page).hover();
    await expect(async () => {
      await page.mouse.wheel(0, 3000);
      expect(await grid(page).evaluate((element) => element.scrollTop + element.clientHeight >= element.scrollHeight - 1)).toBe(true);
    }).toPass();
    await expectWhollyShown(page, last);

    // The smallest window the desktop app allows: too short for the controls above the grid and the
    // grid, the page scrolls; the keyboard still brings the last row on screen.
    await page.setViewportSize({ width: 960, height: 600 });
    await expectStatusBarWrapped(page);
    await page.keyboard.press('/');
    await page.keyboard.press('ArrowDown');
    await expect(grid(page).locator('[role="row"][aria-rowindex="2"]')).toBeFocused();
    await expectWhollyShown(page, grid(page).locator('[role="row"][aria-rowindex="2"]'));
    await page.keyboard.press('End');
    await expect(last).toBeFocused();
    await expectWhollyShown(page, last);
    api.close();
  });
});
