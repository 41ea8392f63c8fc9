// Registry lookup against the embedded central server (simulated registries, 400 synthetic people):
// live IIN/BIN checks, a person by IIN and by name (case and Kazakh letters folded), an organisation
// by BIN and its head, "data cannot be obtained" with the refusal offer, the purpose in the audit
// log; the same on a real PostgreSQL server; a failing registry; answers from the local cache once
// the central server is gone; and a workstation with no central server at all.
//
// The expected records are computed with the same deterministic generator the server was seeded with.
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { adultHeadIin, legalEntityAt, personAt, personIndexOfIin } from '../../src/server/national/generator';
import { DEFAULT_SEED } from '../../src/server/national/seed';
import type { LegalEntity, Person } from '../../src/shared/registry';
import { breakCheckDigit, makeIin } from '../helpers/iin';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { ADMIN, createAdministrator, field, nav, open, openSettings, signIn, statusBar, SLOW } from '../helpers/ui';

// 400, not the 300 the issue suggests: the seeder makes people/200 payments and rejects a fractional count
// (src/server/national/seed.ts), so the embedded server cannot start with 300 people.
const PEOPLE = 400;
/** The first start fills the simulated registries in the background; on a busy 2-core machine that takes a while. */
const SEEDED = { timeout: 120_000 };
const PURPOSE = 'Консультация у окна № 2';
const KAZAKH = /[әғқңөұүһі]/i;
const NEIGHBOURS: Record<string, string> = { ә: 'а', ғ: 'г', қ: 'к', ң: 'н', ө: 'о', ұ: 'у', ү: 'у', һ: 'х', і: 'и' };
const DATE_TIME_ALMATY = /\d{2}\.\d{2}\.\d{4} \d{2}:\d{2} \(Almaty time\)/;

// ---- the synthetic population the server holds (seed and size as the embedded server uses them) ----

const people: Person[] = Array.from({ length: 40 }, (_, index) => personAt({ seed: DEFAULT_SEED, index }));
const alive = (p: Person) => p.deathDate === null;
/** Someone alive whose name or surname has Kazakh letters, to be typed with their Russian neighbours. */
const PERSON = people.find((p) => alive(p) && p.patronymic !== null) as Person;
const KAZAKH_NAMED = people.find((p) => p !== PERSON && alive(p) && KAZAKH.test(p.surname + p.name)) as Person;
const headIin = adultHeadIin({ seed: DEFAULT_SEED, peopleCount: PEOPLE });
const entities: LegalEntity[] = Array.from({ length: 10 }, (_, index) => legalEntityAt({ seed: DEFAULT_SEED, index, headIin }));
const ENTITY = entities.find((e) => e.status === 'active') as LegalEntity;
/** A valid IIN that nobody among the seeded people has. */
const NOBODY = (() => {
  for (let serial = 9000; serial < 9999; serial += 1) {
    const iin = makeIin('1990-01-01', 'male', serial);
    const index = personIndexOfIin({ seed: DEFAULT_SEED, iin });
    if (index === null || index >= PEOPLE) return iin;
  }
  throw new Error('no free IIN found');
})();

function typedLikeRussian(text: string): string {
  return text.replace(/[әғқңөұүһі]/gi, (letter) => {
    const plain = NEIGHBOURS[letter.toLowerCase()] ?? letter;
    return letter === letter.toLowerCase() ? plain : plain.toUpperCase();
  });
}

function displayDate(iso: string): string {
  return iso.split('-').reverse().join('.');
}

// ---- steps ----

function searchForm(page: Page): Locator {
  return page.getByRole('form', { name: 'Registry search' });
}

function resultCard(page: Page, heading: string): Locator {
  return page.getByRole('region', { name: heading, exact: true });
}

/** Opens the workstation, creates the administrator, waits for the seeded central server, opens the panel. */
async function startWithServer(page: Page, url: string): Promise<void> {
  await open(page, url);
  await createAdministrator(page);
  await expect(statusBar(page)).toContainText('central server online', SEEDED);
  await openRegistry(page);
}

async function openRegistry(page: Page): Promise<void> {
  await nav(page).getByRole('button', { name: 'Registry lookup', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Registry lookup' })).toBeFocused();
}

async function lookUpIin(page: Page, iin: string): Promise<void> {
  const form = searchForm(page);
  await form.getByRole('radio', { name: 'IIN (individual)' }).check();
  await field(form, 'IIN').fill(iin);
  await field(form, 'IIN').press('Enter');
}

function fullName(person: Person): string {
  return [person.surname, person.name, person.patronymic].filter(Boolean).join(' ');
}

/** The person's card with every field; by default the keyboard is on its heading. */
async function expectPersonCard(
  page: Page,
  person: Person,
  { source = /State database “Individuals”/, focused = true }: { source?: RegExp; focused?: boolean } = {},
): Promise<Locator> {
  const card = resultCard(page, fullName(person));
  await expect(card).toBeVisible(SLOW);
  if (focused) await expect(card.getByRole('heading', { level: 2 })).toBeFocused();
  const row = (label: string) => card.locator(`xpath=.//dt[normalize-space()="${label}"]/following-sibling::dd[1]`);
  await expect(row('IIN')).toHaveText(person.iin);
  await expect(row('Surname')).toHaveText(person.surname);
  await expect(row('Name')).toHaveText(person.name);
  await expect(row('Date of birth')).toHaveText(displayDate(person.birthDate));
  await expect(row('Sex')).toHaveText(person.sex);
  await expect(row('Document number')).toHaveText(person.document.number);
  await expect(row('Date of issue')).toHaveText(displayDate(person.document.issuedOn));
  await expect(row('Issued by')).toHaveText(person.document.issuer);
  await expect(row('Patronymic')).toHaveText(person.patronymic ?? 'none');
  await expect(row('Registered address')).toContainText(person.address.street);
  await expect(row('Citizenship')).toContainText(person.citizenship);
  await expect(row('Identity document')).not.toBeEmpty();
  await expect(row('Death mark')).toHaveText(person.deathDate ? `Date of death: ${displayDate(person.deathDate)}` : 'none');
  await expect(card).toContainText(source);
  await expect(card).toContainText(DATE_TIME_ALMATY);
  return card;
}

async function expectNoData(page: Page, reason: string | RegExp): Promise<Locator> {
  const notice = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'Data cannot be obtained' }) });
  await expect(notice).toBeVisible(SLOW);
  await expect(notice.getByRole('heading', { name: 'Data cannot be obtained' })).toBeFocused();
  await expect(notice).toContainText(reason);
  // Where the refusal the regulation calls for is made: at the counter, or on a registered request's page.
  await expect(notice).toContainText('New request records it');
  await expect(notice).toContainText('signs a reasoned refusal on the request');
  return notice;
}

// ---- the embedded server on PGlite ----

test.describe('with the embedded central server', () => {
  test.use({ centralServer: { people: PEOPLE } });

  test('checks numbers as typed; finds a person by IIN and by name, an organisation and its head; says when there is no data', async ({
    page,
    workstation,
  }) => {
    test.setTimeout(240_000);
    await startWithServer(page, workstation.url);
    const form = searchForm(page);

    // The training box lists the simulated people and organisations; a click fills the search.
    const training = page.getByRole('complementary', { name: 'Training data (simulated registries)' });
    await expect(training).toBeVisible(SLOW);
    const firstSample = training.getByRole('list').first().getByRole('button').first();
    const sampleIin = /IIN (\d{12})/.exec((await firstSample.textContent()) ?? '')?.[1];
    expect(sampleIin).toMatch(/^\d{12}$/);
    await firstSample.click();
    await expect(field(form, 'IIN')).toHaveValue(sampleIin as string);
    await expect(field(form, 'IIN')).toBeFocused();

    // Live check of the IIN as it is typed, with the reason.
    const iin = field(form, 'IIN');
    await iin.fill('');
    await iin.pressSequentially('991332');
    await expect(form.getByText('The first six digits are not a real date (YYMMDD).')).toBeVisible();
    await iin.fill(breakCheckDigit(PERSON.iin));
    await expect(form.getByText('The check digit (the 12th) does not match: the number contains a typo.')).toBeVisible();
    await expect(iin).toHaveAttribute('aria-invalid', 'true');
    await iin.fill('73051');
    await iin.press('Tab');
    await expect(form.getByText('The number must have exactly 12 digits.')).toBeVisible();

    // The purpose is required.
    await iin.fill(PERSON.iin);
    await expect(form.getByText(/The IIN is valid/)).toBeVisible();
    await iin.press('Enter');
    const purpose = field(form, 'Purpose of the lookup');
    await expect(form.getByText('This field is required.')).toBeVisible();
    await expect(purpose).toBeFocused();
    await purpose.fill(PURPOSE);
    await purpose.press('Enter');
    await expectPersonCard(page, PERSON);

    // By surname and name: other case, Kazakh letters typed as their Russian neighbours.
    await form.getByRole('radio', { name: 'Surname and name' }).check();
    const typed = { surname: typedLikeRussian(KAZAKH_NAMED.surname).toLowerCase(), name: typedLikeRussian(KAZAKH_NAMED.name).toUpperCase() };
    expect(typed.surname + typed.name).not.toMatch(KAZAKH);
    await field(form, 'Surname').fill(typed.surname);
    await field(form, 'Name').fill(typed.name);
    await field(form, 'Date of birth (optional)').fill('31.02.1990');
    await field(form, 'Date of birth (optional)').press('Enter');
    await expect(form.getByText('Enter a real date as dd.mm.yyyy.')).toBeVisible();
    await field(form, 'Date of birth (optional)').fill('');
    await field(form, 'Name').press('Enter');
    const matches = page.getByRole('region', { name: /^Found for “/ });
    await expect(matches).toBeVisible(SLOW);
    await expect(matches.getByRole('heading', { level: 2 })).toBeFocused();
    const match = matches.getByRole('button', { name: new RegExp(KAZAKH_NAMED.iin) });
    await expect(match).toBeVisible();
    await match.click();
    await expectPersonCard(page, KAZAKH_NAMED);

    // A legal entity by BIN (live check first), then its head by IIN from the card.
    await form.getByRole('radio', { name: 'BIN (organisation)' }).check();
    const bin = field(form, 'BIN');
    await bin.pressSequentially('0213');
    await expect(form.getByText(/Digits 3–4 are not a month/)).toBeVisible();
    await bin.fill(ENTITY.bin);
    await expect(form.getByText(/The BIN is valid \(resident legal entity, head organisation\)/)).toBeVisible();
    await bin.press('Enter');
    const entityCard = resultCard(page, ENTITY.shortNameRu);
    await expect(entityCard).toBeVisible(SLOW);
    await expect(entityCard).toContainText(ENTITY.bin);
    await expect(entityCard).toContainText(ENTITY.fullNameKk);
    await expect(entityCard).toContainText(ENTITY.fullNameRu);
    await expect(entityCard).toContainText(ENTITY.shortNameKk);
    await expect(entityCard).toContainText(ENTITY.legalForm);
    await expect(entityCard).toContainText(displayDate(ENTITY.registeredOn));
    await expect(entityCard).toContainText('active');
    await expect(entityCard).toContainText('State database “Legal entities”');
    await expect(entityCard).toContainText(DATE_TIME_ALMATY);
    const head = entityCard.getByRole('button', { name: new RegExp(`${ENTITY.headName}, IIN ${ENTITY.headIin}`) });
    await head.focus();
    await page.keyboard.press('Enter');
    const headPerson = personAt({ seed: DEFAULT_SEED, index: personIndexOfIin({ seed: DEFAULT_SEED, iin: ENTITY.headIin }) as number });
    await expectPersonCard(page, headPerson);
    await page.getByRole('button', { name: `← Back to ${ENTITY.shortNameRu}` }).click();
    await expect(entityCard.getByRole('heading', { level: 2 })).toBeFocused();

    // A valid IIN nobody has: the regulation's notice and the refusal offer.
    await lookUpIin(page, NOBODY);
    await expectNoData(page, `no person with IIN ${NOBODY}`);

    // The purpose stays for the session, also after leaving the panel.
    await openSettings(page);
    await openRegistry(page);
    await expect(field(searchForm(page), 'Purpose of the lookup')).toHaveValue(PURPOSE);

    // Every lookup is in the audit log with its purpose.
    await openSettings(page);
    const audit = page.getByRole('region', { name: 'Audit log' });
    const lookups = audit.getByRole('row').filter({ hasText: 'Registry lookup' });
    await expect(lookups.filter({ hasText: PERSON.iin }).first()).toContainText(`purpose: ${PURPOSE}`);
    await expect(lookups.filter({ hasText: PERSON.iin }).first()).toContainText('outcome: found');
    await expect(lookups.filter({ hasText: ENTITY.bin }).first()).toContainText('registry: legal entities');
    await expect(lookups.filter({ hasText: NOBODY }).first()).toContainText('outcome: not found');
    await expect(lookups.filter({ hasText: ENTITY.headIin }).first()).toContainText(`purpose: ${PURPOSE}`);

    // The central server section shows the link to the embedded server.
    const server = page.getByRole('region', { name: 'Central server', exact: true });
    await expect(server).toContainText('central server online');
    await expect(server).toContainText('LOCAL');
  });

  test('answers seen before come from the local cache, marked with their age, once the central server is gone', async ({
    page,
    workstation,
  }) => {
    test.setTimeout(240_000);
    await startWithServer(page, workstation.url);
    const form = searchForm(page);
    await field(form, 'Purpose of the lookup').fill(PURPOSE);
    await lookUpIin(page, PERSON.iin);
    const fresh = await expectPersonCard(page, PERSON);
    await expect(fresh).not.toContainText('Cached answer');

    // The same workstation started again without the central server: it still points at the old one.
    const url = await workstation.restart({ centralServer: undefined });
    await open(page, url);
    await signIn(page, ADMIN);
    await expect(statusBar(page)).toContainText('central server offline', SLOW);
    await openRegistry(page);
    await expect(page.getByText('The central server does not answer', { exact: true })).toBeVisible();
    // A new session: the purpose is asked again.
    await expect(field(searchForm(page), 'Purpose of the lookup')).toHaveValue('');
    await field(searchForm(page), 'Purpose of the lookup').fill(PURPOSE);
    await lookUpIin(page, PERSON.iin);
    const cached = await expectPersonCard(page, PERSON, { source: /copy saved on this workstation/ });
    await expect(cached).toContainText(/Cached answer, (less than a minute|\d+ min) old/);

    // Someone never looked up before: nothing to show.
    await lookUpIin(page, NOBODY);
    await expectNoData(page, 'the central server cannot be reached');
    await expect(page.getByRole('alert').filter({ hasText: 'No earlier answer' })).toBeVisible();
  });
});

test.describe('when the registry of individuals fails', () => {
  test.use({ centralServer: { people: PEOPLE, faults: 'individuals:error' } });

  test('the lookup says that data cannot be obtained, why, and offers the refusal; other registries still answer', async ({
    page,
    workstation,
  }) => {
    test.setTimeout(240_000);
    await startWithServer(page, workstation.url);
    const form = searchForm(page);
    await field(form, 'Purpose of the lookup').fill(PURPOSE);
    await lookUpIin(page, PERSON.iin);
    const notice = await expectNoData(page, 'reported a failure and gave no answer');
    await expect(notice.getByRole('button', { name: 'Ask again' })).toBeEnabled();

    await form.getByRole('radio', { name: 'BIN (organisation)' }).check();
    await field(form, 'BIN').fill(ENTITY.bin);
    await field(form, 'BIN').press('Enter');
    await expect(resultCard(page, ENTITY.shortNameRu)).toBeVisible(SLOW);
  });
});

// ---- the same on a real PostgreSQL server ----

test.describe('on a real PostgreSQL server', () => {
  let pg: TestPostgres | null = null;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    pg = await startPostgres();
  });
  test.afterAll(() => {
    pg?.stop();
    pg = null;
  });
  // A fixture function, so that the URL is read when the test starts (after beforeAll), not when this file loads.
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring pattern
  test.use({ centralServer: async ({}, use) => use({ people: PEOPLE, databaseUrl: (pg as TestPostgres).url }) });

  test('a person by IIN and by name, an organisation and its head, and no data for an unknown IIN', async ({ page, workstation }) => {
    test.setTimeout(240_000);
    await startWithServer(page, workstation.url);
    const form = searchForm(page);
    await field(form, 'Purpose of the lookup').fill(PURPOSE);
    await lookUpIin(page, PERSON.iin);
    await expectPersonCard(page, PERSON);

    await form.getByRole('radio', { name: 'Surname and name' }).check();
    await field(form, 'Surname').fill(typedLikeRussian(KAZAKH_NAMED.surname).toUpperCase());
    await field(form, 'Name').fill(typedLikeRussian(KAZAKH_NAMED.name).toLowerCase());
    await field(form, 'Date of birth (optional)').fill(displayDate(KAZAKH_NAMED.birthDate));
    await field(form, 'Name').press('Enter');
    // With the date of birth, only one: its card opens at once.
    const matches = page.getByRole('region', { name: /^Found for “/ });
    await expect(matches).toContainText(': 1', SLOW);
    await expect(matches.getByRole('button', { name: new RegExp(KAZAKH_NAMED.iin) })).toHaveAttribute('aria-pressed', 'true');
    await expect(matches.getByRole('heading', { level: 2 })).toBeFocused();
    await expectPersonCard(page, KAZAKH_NAMED, { focused: false });

    await form.getByRole('radio', { name: 'BIN (organisation)' }).check();
    await field(form, 'BIN').fill(ENTITY.bin);
    await field(form, 'BIN').press('Enter');
    const entityCard = resultCard(page, ENTITY.shortNameRu);
    await expect(entityCard).toContainText(ENTITY.fullNameRu, SLOW);
    await entityCard.getByRole('button', { name: new RegExp(ENTITY.headIin) }).click();
    await expect(page.getByRole('main')).toContainText(ENTITY.headName, SLOW);
    await expect(resultCard(page, ENTITY.headName)).toContainText(ENTITY.headIin);

    await lookUpIin(page, NOBODY);
    await expectNoData(page, `no person with IIN ${NOBODY}`);
  });
});

// ---- no central server at all ----

test('without a central server the panel says so and points the administrator to Settings, where enrolment explains failures', async ({
  page,
  workstation,
}) => {
  await open(page, workstation.url);
  await createAdministrator(page);
  await openRegistry(page);
  await expect(page.getByText('No central server is configured', { exact: false }).first()).toBeVisible(SLOW);
  await expect(page.getByRole('complementary', { name: 'Training data (simulated registries)' })).toHaveCount(0);

  // A lookup still answers, with the reason.
  const form = searchForm(page);
  await field(form, 'Purpose of the lookup').fill(PURPOSE);
  await lookUpIin(page, PERSON.iin);
  await expectNoData(page, 'no central server is configured on this workstation');

  await page.getByRole('button', { name: 'Open Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeFocused();
  const server = page.getByRole('region', { name: 'Central server', exact: true });
  await expect(server).toContainText('no central server configured');
  const enrol = server.getByRole('form', { name: 'Enrol with a central server' });
  await enrol.getByRole('button', { name: 'Enrol' }).click();
  await expect(enrol.getByText('This field is required.').first()).toBeVisible();
  await field(enrol, 'Server address').fill('http://127.0.0.1:9');
  await field(enrol, 'One-time enrolment code').fill('ABCD-EFGH-1234');
  await field(enrol, 'Workstation name').fill('Тіркеу бөлмесі, 1-терезе');
  await enrol.getByRole('button', { name: 'Enrol' }).click();
  await expect(enrol.getByRole('alert')).toHaveText(/cannot be reached at this address/, SLOW);
  await field(enrol, 'Server address').fill('not a url');
  await enrol.getByRole('button', { name: 'Enrol' }).click();
  await expect(enrol.getByText('The value has the wrong format.')).toBeVisible(SLOW);
});
