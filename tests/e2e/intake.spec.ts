// Walk-in intake ("New request") against the embedded central server (simulated registries, 400
// synthetic people): for every service of the catalogue a request goes from the choice of the
// service to registration with a number and the "request formed successfully" notice, then on its
// page to a signed result document (preview, the token's signature inside the PDF, saved and valid
// for pdfsig, in its journal, known to the central server's public check) that issues it; the registry's
// "data cannot be obtained" notice with the refusal; a bad value shown at its field with nothing
// typed lost (going back, another section, the screen lock); the unsigned state; a missing mandatory
// document blocking registration until the employee refuses to accept with a reason, or registers
// the request with a recorded reason for doing without it (shown on the request's timeline).
//
// The forms are filled from the catalogue's own field definitions (the same ones the page draws), and
// the applicants are computed with the same deterministic generator the server was seeded with.
import type { Locator, Page } from '@playwright/test';
import { E2E_TOKEN, test, expect } from './fixtures';
import { CATALOGUE, formFields, resultsFor, type CatalogueService, type Channel, type FieldDefinition } from '../../src/shared/catalogue';
import { parseRequestNumber } from '../../src/shared/requests/numbers';
import { adultHeadIin, legalEntityAt, personAt, personIndexOfIin } from '../../src/server/national/generator';
import { DEFAULT_SEED } from '../../src/server/national/seed';
import type { LegalEntity, Person } from '../../src/shared/registry';
import { documentsSection, expectJournalledAndRegistered, fillRequiredInputs, previewDocument, PROVIDER_PROFILE, savePdf, signDocument } from '../helpers/documents-ui';
import { makeIin } from '../helpers/iin';
import { connectApi, type ApiClient } from '../helpers/queue';
import { ADMIN, createAdministrator, field, nav, open, openSettings, signInDialog, statusBar, SLOW, tokenHolder } from '../helpers/ui';

// 400: the seeder makes people/200 payments and rejects a fractional count (see registry-lookup.spec.ts).
const PEOPLE = 400;
/** The first start fills the simulated registries in the background; on a busy 2-core machine that takes a while. */
const SEEDED = { timeout: 120_000 };
const NUMBER_SHAPE = /^[A-Z0-9]{1,12}-\d{2}-[0-9A-Z]{5}-\d{5,}-[0-9A-Z]$/;
const DEADLINE = /^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2} \(Almaty time\)$/;

// ---- the synthetic population ----

const people: Person[] = Array.from({ length: 40 }, (_, index) => personAt({ seed: DEFAULT_SEED, index }));
const ageOn = (person: Person, today: string) => Number(today.slice(0, 4)) - Number(person.birthDate.slice(0, 4));
const TODAY = new Date().toISOString().slice(0, 10);
const adults = people.filter((p) => p.deathDate === null && ageOn(p, TODAY) >= 20);
const CHILD = people.find((p) => p.deathDate === null && ageOn(p, TODAY) <= 14) as Person;
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

/** Who applies for each service: a child for the appointment (birth certificate), organisations for two services. */
function applicantFor(service: CatalogueService, index: number): { kind: 'person'; person: Person } | { kind: 'organisation'; entity: LegalEntity } {
  if (service.code === 'phc.appointment') return { kind: 'person', person: CHILD };
  if (service.code === 'media.registration' || service.code === 'licence.med-import-export') return { kind: 'organisation', entity: ENTITY };
  return { kind: 'person', person: adults[index % adults.length] as Person };
}

/** The channel, where not the counter: a telephone call, a public service centre. */
const CHANNEL: Record<string, string> = { 'phc.home-call': 'By telephone', 'social.unemployed-certificate': 'Public service centre' };

/** The operation taken for services that have several. */
const OPERATION: Record<string, string> = { 'licence.medical': 'issue' };

function fullName(person: Person): string {
  return [person.surname, person.name, person.patronymic].filter(Boolean).join(' ');
}

function displayDate(iso: string): string {
  return iso.split('-').reverse().join('.');
}

function inDays(days: number): string {
  const date = new Date(Date.now() + days * 86_400_000);
  return displayDate(date.toISOString().slice(0, 10));
}

// ---- steps ----

function intake(page: Page): Locator {
  return page.getByRole('main');
}

function step(page: Page, name: string | RegExp): Locator {
  return intake(page).getByRole('form', { name });
}

async function openIntake(page: Page): Promise<void> {
  await nav(page).getByRole('button', { name: 'New request', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New request' })).toBeFocused();
}

/** The administrator takes every staff role too (Settings → Staff → Manage → Roles). */
async function takeAllRoles(page: Page): Promise<void> {
  await openSettings(page);
  const staff = page.getByRole('region', { name: 'Staff', exact: true });
  await staff.getByRole('button', { name: `Manage ${ADMIN.fullName}` }).click();
  const roles = page.getByRole('form', { name: 'Roles of the staff member' });
  for (const role of ['Registrar', 'Social officer', 'Archivist', 'Licensing officer', 'Authorised signer']) {
    await roles.getByRole('checkbox', { name: role }).check();
  }
  await roles.getByRole('button', { name: 'Save roles' }).click();
  await expect(statusBar(page)).toContainText('Licensing officer', SLOW);
}

async function expectCurrentStep(page: Page, n: number, name: string, { focused = true } = {}): Promise<Locator> {
  const stepper = page.getByRole('navigation', { name: 'Intake steps' });
  await expect(stepper.locator('[aria-current="step"]')).toHaveCount(1);
  await expect(stepper.locator('[aria-current="step"]')).toContainText(name);
  const form = step(page, new RegExp(`Step ${n} of 7\\. ${name}$`));
  await expect(form).toBeVisible(SLOW);
  if (focused) await expect(form.getByRole('heading', { level: 2, name: new RegExp(`^Step ${n} of 7`) })).toBeFocused();
  return form;
}

const COUNTER = "At the provider's counter";
/** The channels' codes by the names the intake shows. */
const CHANNEL_CODE: Record<string, string> = { [COUNTER]: 'walk_in', 'By telephone': 'phone', 'Public service centre': 'service_centre' };

async function chooseService(page: Page, service: CatalogueService, { channel = COUNTER, focused = true } = {}): Promise<void> {
  // Right after the page opens the keyboard is on the page's title; after "Start a new intake", on the step's.
  const form = await expectCurrentStep(page, 1, 'Service', { focused });
  await form.getByRole('radio', { name: new RegExp(`^${escape(service.names.en)}`) }).check();
  const operation = OPERATION[service.code];
  if (operation) {
    const names = service.operations?.find((op) => op.code === operation)?.names.en as string;
    await form.getByRole('group', { name: 'Operation' }).getByRole('radio', { name: names }).check();
  }
  await form.getByRole('group', { name: 'How the applicant applies' }).getByRole('radio', { name: channel }).check();
  // Enter on a radio button moves on.
  await form.getByRole('group', { name: 'How the applicant applies' }).getByRole('radio', { name: channel }).press('Enter');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

async function lookUpApplicant(page: Page, applicant: ReturnType<typeof applicantFor>, service: CatalogueService): Promise<void> {
  const form = await expectCurrentStep(page, 2, 'Applicant');
  await expect(form).toContainText(`intake: ${service.names.en}`);
  if (applicant.kind === 'person') {
    if (service.applicant !== 'person') await form.getByRole('radio', { name: 'an individual (IIN)' }).check();
    await field(form, "Applicant's IIN").fill(applicant.person.iin);
    await field(form, "Applicant's IIN").press('Enter');
    const card = form.getByRole('region', { name: fullName(applicant.person), exact: true });
    await expect(card).toBeVisible(SLOW);
    await expect(card).toContainText(applicant.person.iin);
    // Enter again confirms the applicant.
    await expect(form.getByRole('button', { name: 'Confirm the applicant — next' })).toBeVisible();
    await field(form, "Applicant's IIN").press('Enter');
  } else {
    await form.getByRole('radio', { name: 'an organisation (BIN)' }).check();
    await field(form, "Organisation's BIN").fill(applicant.entity.bin);
    await form.getByRole('button', { name: 'Look up in the registry' }).click();
    await expect(form.getByRole('region', { name: applicant.entity.shortNameRu, exact: true })).toBeVisible(SLOW);
    await form.getByRole('button', { name: 'Confirm the applicant — next' }).click();
  }
}

/** A value for a field that the schema accepts. */
function sample(fieldDef: FieldDefinition): string {
  switch (fieldDef.type) {
    case 'date':
      return fieldDef.notBeforeToday ? inDays(3) : '15.01.2020';
    case 'time':
      return '10:30';
    case 'datetime':
      return `${inDays(3)} 10:30`;
    case 'phone':
      return '+7 701 234 56 78';
    case 'number':
      return String(fieldDef.min ?? 1);
    case 'iin':
      return (adults[5] as Person).iin;
    case 'bin':
      return ENTITY.bin;
    default:
      return `Тест: ${fieldDef.label.ru}`.slice(0, 60);
  }
}

/** Fills the required fields shown (optional ones are left empty; conditional ones stay hidden). */
async function fillFields(scope: Locator, fields: readonly FieldDefinition[], prefilled: Set<string>): Promise<void> {
  for (const fieldDef of fields) {
    if (!fieldDef.required || fieldDef.when || prefilled.has(fieldDef.id)) continue;
    const label = fieldDef.label.en;
    switch (fieldDef.type) {
      case 'select':
        await field(scope, label).selectOption(fieldDef.options?.[0]?.value as string);
        break;
      case 'multiselect':
        await scope.getByRole('group', { name: label, exact: true }).getByRole('checkbox').first().check();
        break;
      case 'checkbox':
        await scope.getByRole('checkbox', { name: label, exact: true }).check();
        break;
      case 'address': {
        const group = scope.getByRole('group', { name: label, exact: true });
        await field(group, 'Region').fill('Ақмола облысы');
        await field(group, 'City or settlement').fill('Көкшетау');
        await field(group, 'Street').fill('Абай көшесі');
        await field(group, 'House').fill('12');
        break;
      }
      case 'list': {
        const entry = scope.getByRole('group', { name: `${label}: entry 1`, exact: true });
        await expect(entry).toBeVisible();
        await fillFields(entry, fieldDef.itemFields ?? [], new Set());
        break;
      }
      default:
        await field(scope, label).fill(sample(fieldDef));
    }
  }
}

async function fillForm(page: Page, service: CatalogueService, applicant: ReturnType<typeof applicantFor>): Promise<void> {
  const form = await expectCurrentStep(page, 3, 'Request form');
  const prefilled = new Set<string>();
  for (const fieldDef of service.fields) {
    if (fieldDef.prefill?.startsWith('person.') && applicant.kind === 'person') {
      prefilled.add(fieldDef.id);
      if (fieldDef.type === 'address') {
        // Prefilled from the registry answer, and said so.
        const group = form.getByRole('group', { name: fieldDef.label.en, exact: true });
        await expect(field(group, 'Street')).toHaveValue(applicant.person.address.street);
        await expect(group).toContainText('Filled in from the registry');
      }
    }
  }
  await fillFields(form, formFields(service, OPERATION[service.code]), prefilled);
  await form.getByRole('button', { name: 'Next' }).click();
}

async function markDocuments(page: Page, channel: string): Promise<void> {
  const form = await expectCurrentStep(page, 4, 'Documents');
  const items = form.getByRole('listitem');
  const count = await items.count();
  // Paper documents are presented at the counter (and at a public service centre); not by telephone.
  if (channel === 'By telephone') await expect(form).toContainText('The regulation asks for no paper documents on this channel.');
  else expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i += 1) {
    const item = items.nth(i);
    if ((await item.locator('.badge').textContent()) === 'mandatory') await item.getByRole('checkbox').first().check();
  }
  await form.getByRole('button', { name: 'Next' }).click();
}

async function passLaterSteps(page: Page, channel = COUNTER): Promise<void> {
  const attachments = await expectCurrentStep(page, 5, 'Attachments');
  await expect(attachments).toContainText('Scan or import each document the applicant presented');
  await attachments.getByRole('button', { name: 'Next' }).click();
  const signature = await expectCurrentStep(page, 6, 'Signature');
  const state = signature.getByRole('note', { name: 'Signature state' });
  // At the counter the employee signs at registration; other channels arrive signed or need none.
  if (channel === COUNTER) await expect(state).toContainText('You sign the request at registration');
  else await expect(state).toContainText('No employee signature on this channel');
  await signature.getByRole('button', { name: 'Next' }).click();
}

async function register(page: Page, service: CatalogueService, channel = COUNTER): Promise<string> {
  const form = await expectCurrentStep(page, 7, 'Registration');
  const submit = channel === COUNTER ? 'Sign and register' : 'Register the request';
  if (service.payment.required) {
    // Without the payment reference the paid service is not registered; the reason is at the field.
    await form.getByRole('button', { name: submit }).click();
    await expect(form.getByText('This field is required.')).toBeVisible();
    await expect(form).toContainText('The service is paid');
    await field(form, 'Payment reference or receipt number').fill(`PAY-2026-${service.code.length}0042`);
  }
  await form.getByRole('button', { name: submit }).click();
  if (channel === COUNTER) await signInDialog(page);
  const outcome = intake(page).getByRole('region', { name: 'Request formed successfully' });
  await expect(outcome).toBeVisible(SLOW);
  await expect(outcome.getByRole('heading', { name: 'Request formed successfully' })).toBeFocused();
  const number = ((await outcome.locator('.request-number').textContent()) ?? '').trim();
  expect(number).toMatch(NUMBER_SHAPE);
  expect(parseRequestNumber(number).ok).toBe(true);
  const deadline = ((await outcome.locator('.outcome-deadline').textContent()) ?? '').trim();
  expect(deadline === 'set by the service standard (not configured on this workstation yet)' || DEADLINE.test(deadline)).toBe(true);
  await expect(outcome).toContainText(channel === COUNTER ? `signed by ${tokenHolder(ADMIN).surname}` : 'not required on this channel', SLOW);
  await expect(outcome.getByRole('button', { name: 'Open the request' })).toBeVisible();
  return number;
}

/**
 * Takes the open request into work and issues its result as a signed document (the request page's
 * "Result document" section): the result for the channel is offered first; its required inputs, the
 * preview, the signature with the token; then "Save PDF" issues it. The saved file's signature is
 * valid for pdfsig, the document is in its journal, and the central server's public check by number
 * and hash says valid.
 */
async function issueResult(page: Page, api: ApiClient, service: CatalogueService, channel: string, signedAtRegistration: boolean, dir: string): Promise<void> {
  const actions = page.getByRole('region', { name: 'Actions' });
  await actions.getByRole('button', { name: 'Take into work' }).click();
  await expect(page.locator('.request-header')).toContainText('In review');
  // Deciding is no longer an action of its own: the result and the refusal are signed documents, issuing is their delivery.
  await expect(actions.getByRole('button', { name: /Mark the result ready|Reasoned refusal|Issue the result/ })).toHaveCount(0);

  const result = resultsFor(service, CHANNEL_CODE[channel] as Channel)[0]!;
  const section = documentsSection(page);
  const title = result.names.en;
  await expect(section.getByRole('radio', { name: title, exact: true })).toBeChecked(SLOW);
  await expect(section.getByRole('radio', { name: 'Reasoned refusal to provide the service', exact: true })).not.toBeChecked();
  await fillRequiredInputs(section, result.kind);
  await previewDocument(section, title);
  const { article, number } = await signDocument(page, section, title);
  await expect(page.locator('.request-header')).toContainText('Result ready', SLOW);
  const signatures = page.getByRole('region', { name: 'Signatures' });
  await expect(signatures.getByRole('listitem')).toHaveCount(signedAtRegistration ? 2 : 1, SLOW);
  await expect(signatures).toContainText('Mark the result ready');

  await savePdf(page, article, number, dir);
  await expect(page.locator('.request-header')).toContainText('Issued', SLOW);
  await expect(article).toContainText(`saved as a file by ${ADMIN.fullName}`);
  await expectJournalledAndRegistered(api, result.journal ?? 'issued_documents', number);
}

// ---- the tests ----

test.describe('walk-in intake with the embedded central server', () => {
  test.use({ centralServer: { people: PEOPLE }, signingToken: { holders: [tokenHolder(ADMIN)] } });

  test('takes a request for every service of the catalogue from intake to registration, review, a signed result document and its issue', async ({ page, workstation }, testInfo) => {
    test.setTimeout(600_000);
    await open(page, workstation.url);
    await createAdministrator(page);
    await expect(statusBar(page)).toContainText('central server online', SEEDED);
    await takeAllRoles(page);
    // The provider's details the documents print (an administrator's setting), through the workstation's API.
    const api = await connectApi(workstation.url);
    await api.call('auth.signIn', { iin: ADMIN.iin, password: ADMIN.password });
    await api.call('documents.setProviderProfile', PROVIDER_PROFILE);
    await openIntake(page);

    const numbers: string[] = [];
    for (const [index, service] of CATALOGUE.entries()) {
      await test.step(service.code, async () => {
        const applicant = applicantFor(service, index);
        const channel = CHANNEL[service.code] ?? COUNTER;
        await chooseService(page, service, { focused: index > 0, channel });
        await lookUpApplicant(page, applicant, service);
        await fillForm(page, service, applicant);
        await markDocuments(page, channel);
        await passLaterSteps(page, channel);
        const number = await register(page, service, channel);
        numbers.push(number);
        // Reviewed on its page; the result is a document signed by the authorised signer, issued by saving it.
        await intake(page).getByRole('button', { name: 'Open the request' }).click();
        await expect(nav(page).getByRole('button', { name: 'Queue', exact: true })).toHaveAttribute('aria-current', 'page');
        await expect(page.getByRole('heading', { level: 1, name: `Request ${number}` })).toBeVisible(SLOW);
        await issueResult(page, api, service, channel, channel === COUNTER, testInfo.outputPath('documents'));
        if (index < CATALOGUE.length - 1) {
          await openIntake(page);
          await intake(page).getByRole('button', { name: 'Start a new intake' }).click();
        }
      });
    }
    expect(new Set(numbers).size).toBe(CATALOGUE.length);
    api.close();
  });

  test('no registry data: the notice and the refusal; a bad value stays at its field; nothing typed is lost', async ({ page, workstation }) => {
    test.setTimeout(240_000);
    await open(page, workstation.url);
    await createAdministrator(page);
    await expect(statusBar(page)).toContainText('central server online', SEEDED);
    await takeAllRoles(page);
    await openIntake(page);
    const reference = CATALOGUE.find((s) => s.code === 'archive.reference') as CatalogueService;

    // A valid IIN nobody has: the regulation's notice and the reasoned refusal offered.
    await chooseService(page, reference, { focused: false });
    let form = await expectCurrentStep(page, 2, 'Applicant');
    await field(form, "Applicant's IIN").fill(NOBODY);
    await field(form, "Applicant's IIN").press('Enter');
    const notice = form.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'Data cannot be obtained' }) });
    await expect(notice).toBeVisible(SLOW);
    await expect(notice.getByRole('heading', { name: 'Data cannot be obtained' })).toBeFocused();
    await expect(notice).toContainText(`no person with IIN ${NOBODY}`);
    await expect(notice).toContainText("The applicant's data are not in the state registry");
    await expect(form.getByRole('button', { name: 'Confirm the applicant — next' })).toHaveCount(0);
    await notice.getByRole('button', { name: 'Refuse: data cannot be obtained' }).click();
    const refused = intake(page).getByRole('region', { name: 'Refused: data cannot be obtained' });
    await expect(refused).toBeVisible();
    await expect(refused).toContainText(NOBODY);
    await expect(refused).toContainText('No request was recorded');
    await refused.getByRole('button', { name: 'Start a new intake' }).click();

    // A real applicant; a bad value is shown at its field with the reason, and the values stay.
    await chooseService(page, reference);
    form = await expectCurrentStep(page, 2, 'Applicant');
    const person = adults[3] as Person;
    await field(form, "Applicant's IIN").fill(person.iin);
    await field(form, "Applicant's IIN").press('Enter');
    await expect(form.getByRole('region', { name: fullName(person), exact: true })).toBeVisible(SLOW);
    await field(form, "Applicant's IIN").press('Enter');
    form = await expectCurrentStep(page, 3, 'Request form');
    await field(form, 'Subject of the reference').selectOption('salary');
    await field(form, 'Organisation whose records are searched').fill('«Қарағанды көмір» АҚ');
    await field(form, 'Period from (year)').fill('1850');
    await field(form, 'Details (position held, change of surname, etc.)').fill('Шахтёр, 1985–1990');
    // The conditional fields appear with their condition.
    await expect(field(form, "Representative's IIN")).toHaveCount(0);
    await form.getByRole('checkbox', { name: 'A representative applies under a power of attorney' }).check();
    await expect(field(form, "Representative's IIN")).toBeVisible();
    await form.getByRole('checkbox', { name: 'A representative applies under a power of attorney' }).uncheck();
    await field(form, 'Period from (year)').press('Enter');
    await expect(form.getByText('Enter a whole number from 1900 to 2100.')).toBeVisible();
    await expect(field(form, 'Period from (year)')).toHaveAttribute('aria-invalid', 'true');
    await expect(field(form, 'Period from (year)')).toBeFocused();
    await expect(field(form, 'Period from (year)')).toHaveValue('1850');
    await expect(field(form, 'Organisation whose records are searched')).toHaveValue('«Қарағанды көмір» АҚ');
    await expect(form.getByRole('alert').filter({ hasText: 'Some fields need correcting' })).toBeVisible();
    // The screen lock keeps everything typed.
    await page.keyboard.press('Alt+KeyL');
    await expect(page.getByRole('heading', { name: 'The screen is locked' })).toBeVisible();
    await field(page, 'Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(field(form, 'Period from (year)')).toHaveValue('1850', SLOW);
    await expect(form.getByText('Enter a whole number from 1900 to 2100.')).toBeVisible();
    // Going back and forth keeps everything typed.
    await form.getByRole('button', { name: 'Back' }).click();
    form = await expectCurrentStep(page, 2, 'Applicant');
    await expect(field(form, "Applicant's IIN")).toHaveValue(person.iin);
    await form.getByRole('button', { name: 'Confirm the applicant — next' }).click();
    form = await expectCurrentStep(page, 3, 'Request form');
    await expect(field(form, 'Period from (year)')).toHaveValue('1850');
    await expect(field(form, 'Details (position held, change of surname, etc.)')).toHaveValue('Шахтёр, 1985–1990');
    await field(form, 'Period from (year)').fill('1985');
    await expect(form.getByText('Enter a whole number from 1900 to 2100.')).toHaveCount(0);
    await field(form, 'Period to (year)').fill('1980');
    await form.getByRole('button', { name: 'Next' }).click();
    await expect(form.getByText('Cannot be earlier than “Period from (year)”.')).toBeVisible();
    await field(form, 'Period to (year)').fill('1990');
    await form.getByRole('button', { name: 'Next' }).click();

    // The draft is saved; another section and the screen lock lose nothing.
    form = await expectCurrentStep(page, 4, 'Documents');
    await expect(intake(page).getByRole('status').filter({ hasText: 'Draft saved' })).toBeVisible(SLOW);
    await nav(page).getByRole('button', { name: 'Registry lookup', exact: true }).click();
    await openIntake(page);
    form = await expectCurrentStep(page, 4, 'Documents', { focused: false });

    // A mandatory document not presented blocks registration; the employee may refuse with a reason.
    await form.getByRole('button', { name: 'Next' }).click();
    await expect(form).toContainText('A mandatory document is missing');
    await expect(form.getByRole('checkbox', { name: /Documents listed in paragraph 11/ })).toHaveAttribute('aria-invalid', 'true');
    const discard = intake(page).getByRole('region', { name: 'Refuse to accept the request' });
    await expect(discard).toBeVisible();
    await expect(field(discard, 'Reason')).toHaveValue(/Mandatory documents not presented/);
    // Marking it lets the intake go on: attachments, then the signature step (not signed yet).
    await form.getByRole('checkbox', { name: /Documents listed in paragraph 11/ }).check();
    await form.getByRole('button', { name: 'Next' }).click();
    await expectCurrentStep(page, 5, 'Attachments');
    await page.keyboard.press('Enter');
    const signature = await expectCurrentStep(page, 6, 'Signature');
    await expect(signature.getByRole('note', { name: 'Signature state' })).toHaveText(/UNSIGNED\s*You sign the request at registration/);

    // The stepper opens earlier steps; steps 1–2 are fixed once the draft exists.
    await page.getByRole('navigation', { name: 'Intake steps' }).getByRole('button', { name: /Service/ }).click();
    form = await expectCurrentStep(page, 1, 'Service');
    await expect(form).toContainText('The draft is saved for this service and applicant');
    await expect(form.getByRole('radio', { name: /^Archival reference/ })).toBeDisabled();

    // Refuse to accept: the draft is discarded with the employee's reason.
    await intake(page).getByRole('button', { name: 'Refuse to accept…' }).click();
    const panel = intake(page).getByRole('region', { name: 'Refuse to accept the request' });
    await field(panel, 'Reason').fill('Заявитель передумал');
    await panel.getByRole('button', { name: 'Discard the draft with this reason' }).click();
    const discarded = intake(page).getByRole('region', { name: 'The request was not accepted' });
    await expect(discarded).toBeVisible(SLOW);
    await expect(discarded).toContainText('Заявитель передумал');
  });
});

test.describe('walk-in intake without a mandatory document', () => {
  test.use({ centralServer: { people: PEOPLE }, signingToken: { holders: [tokenHolder(ADMIN)] } });

  test('registers only with a reason for doing without it, recorded in the history and shown on the timeline', async ({ page, workstation }) => {
    test.setTimeout(240_000);
    await open(page, workstation.url);
    await createAdministrator(page);
    await expect(statusBar(page)).toContainText('central server online', SEEDED);
    await takeAllRoles(page);
    await openIntake(page);
    const service = CATALOGUE.find((s) => s.code === 'social.disabled-children') as CatalogueService;
    const documentName = service.documents.find((d) => d.code === 'standard_documents')?.names.en as string;
    const applicant = applicantFor(service, CATALOGUE.indexOf(service));
    await chooseService(page, service, { focused: false });
    await lookUpApplicant(page, applicant, service);
    await fillForm(page, service, applicant);

    // The mandatory document is not ticked: the step says which is missing and offers both ways out.
    let form = await expectCurrentStep(page, 4, 'Documents');
    await form.getByRole('button', { name: 'Next' }).click();
    await expect(form).toContainText('A mandatory document is missing');
    await expect(form.getByRole('list', { name: 'Not presented:' })).toHaveText(documentName);
    await expect(intake(page).getByRole('region', { name: 'Refuse to accept the request' })).toBeVisible();
    await form.getByRole('button', { name: 'Continue without these documents' }).click();
    await passLaterSteps(page);

    // Registration asks for the reason, with the documents listed; the field is labelled and required.
    form = await expectCurrentStep(page, 7, 'Registration');
    const missing = form.getByRole('region', { name: 'Mandatory documents not presented' });
    await expect(missing).toBeVisible();
    await expect(missing.getByRole('listitem')).toHaveText([documentName]);
    const reason = field(missing, 'Reason for registering without these documents');
    await expect(reason).toHaveAttribute('aria-required', 'true');
    await form.getByRole('button', { name: 'Sign and register' }).click();
    await expect(reason).toHaveAttribute('aria-invalid', 'true');
    await expect(reason).toBeFocused();
    await expect(missing.getByText('This field is required.')).toBeVisible();
    // Typed at the keyboard; too short is refused at the field, as the service would.
    await page.keyboard.type('Ертең');
    await expect(reason).not.toHaveAttribute('aria-invalid', 'true');
    await page.keyboard.press('Backspace');
    await form.getByRole('button', { name: 'Sign and register' }).click();
    await expect(missing.getByText('Too short: at least 5 characters.')).toBeVisible();
    await expect(reason).toBeFocused();
    const text = 'Анықтаманы өтініш беруші ертең әкеледі';
    await reason.fill(text);
    // Reachable from the keyboard: Tab from the reason goes on to "Go to the documents", then the step's buttons.
    await reason.focus();
    await page.keyboard.press('Tab');
    await expect(missing.getByRole('button', { name: 'Go to the documents' })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(form.getByRole('button', { name: 'Back' })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(form.getByRole('button', { name: 'Sign and register' })).toBeFocused();
    await page.keyboard.press('Enter');
    // The employee signs the registration as it is sent: the reason included.
    await expect(page.getByRole('dialog')).toContainText(text);
    await signInDialog(page);

    const outcome = intake(page).getByRole('region', { name: 'Request formed successfully' });
    await expect(outcome).toBeVisible(SLOW);
    const number = ((await outcome.locator('.request-number').textContent()) ?? '').trim();
    expect(parseRequestNumber(number).ok).toBe(true);
    await expect(outcome.locator('.outcome-missing')).toHaveText(documentName);
    await expect(outcome.locator('.outcome-missing-reason')).toHaveText(text);

    // The request page: the timeline's registration says which documents were missing, and why.
    await outcome.getByRole('button', { name: 'Open the request' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Request ${number}` })).toBeVisible(SLOW);
    const history = page.getByRole('region', { name: 'History' });
    const registration = history.getByRole('listitem').filter({ hasText: 'Registered without the mandatory documents' });
    await expect(registration).toContainText(documentName);
    await expect(registration).toContainText(`Reason for registering without them: ${text}`);
  });
});

test.describe('walk-in intake when the registry of individuals fails', () => {
  test.use({ centralServer: { people: PEOPLE, faults: 'individuals:error' } });

  test('the regulation’s notice with the reason, asking again, and the refusal', async ({ page, workstation }) => {
    test.setTimeout(240_000);
    await open(page, workstation.url);
    await createAdministrator(page);
    await expect(statusBar(page)).toContainText('central server online', SEEDED);
    await takeAllRoles(page);
    await openIntake(page);
    const certificate = CATALOGUE.find((s) => s.code === 'social.unemployed-certificate') as CatalogueService;
    await chooseService(page, certificate, { focused: false });
    const form = await expectCurrentStep(page, 2, 'Applicant');
    await field(form, "Applicant's IIN").fill((adults[0] as Person).iin);
    await field(form, "Applicant's IIN").press('Enter');
    const notice = form.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'Data cannot be obtained' }) });
    await expect(notice).toBeVisible(SLOW);
    await expect(notice).toContainText('reported a failure and gave no answer');
    await notice.getByRole('button', { name: 'Ask again' }).click();
    await expect(notice).toBeVisible(SLOW);
    await notice.getByRole('button', { name: 'Refuse: data cannot be obtained' }).click();
    await expect(intake(page).getByRole('region', { name: 'Refused: data cannot be obtained' })).toBeVisible();
  });
});

// Screenshots of every step in Kazakh and Russian, for people to look at: only when
// INTAKE_SCREENSHOTS names a folder (e.g. INTAKE_SCREENSHOTS=/tmp/intake-shots). Driven without
// English labels: by the inputs' names and values and the catalogue's own labels in that language.
test.describe('walk-in intake screenshots', () => {
  test.use({ centralServer: { people: PEOPLE }, signingToken: { holders: [tokenHolder(ADMIN)] }, viewport: { width: 1280, height: 1900 } });
  const folder = process.env.INTAKE_SCREENSHOTS;

  test('every step in kk and ru', async ({ page, workstation }) => {
    test.skip(!folder, 'set INTAKE_SCREENSHOTS to a folder to take them');
    test.setTimeout(300_000);
    await open(page, workstation.url);
    await createAdministrator(page);
    await expect(statusBar(page)).toContainText('central server online', SEEDED);
    await takeAllRoles(page);
    const licence = CATALOGUE.find((s) => s.code === 'licence.medical') as CatalogueService;
    const attachment = CATALOGUE.find((s) => s.code === 'phc.attachment') as CatalogueService;
    const main = intake(page);
    const nextButton = () => main.locator('.step-actions button[type="submit"]');
    const shot = (locale: string, name: string) => page.screenshot({ path: `${folder}/${locale}-${name}.png` });

    for (const locale of ['kk', 'ru'] as const) {
      await openSettings(page).catch(() => page.keyboard.press('Alt+Digit7'));
      await page.getByLabel('Language / Тіл / Язык').selectOption(locale);
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      await page.keyboard.press('Alt+Digit2');
      await expect(main.locator('.intake-step-service')).toBeVisible();

      // 1. the service, its operation and the channel
      await main.locator('input[name="intake-service"][value="licence.medical"]').check();
      await main.locator('input[name="intake-operation"][value="issue"]').check();
      await shot(locale, '1-service');
      await nextButton().click();

      // 2. nobody with this IIN: the notice; then the organisation's card
      await expect(main.locator('.intake-step-applicant')).toBeVisible();
      await main.locator('.applicant-number input').fill(NOBODY);
      await nextButton().click();
      await expect(main.locator('.notice-nodata')).toBeVisible(SLOW);
      await shot(locale, '2-no-data');
      await main.locator('input[name="intake-applicant-kind"][value="organisation"]').check();
      await main.locator('.applicant-number input').fill(ENTITY.bin);
      await nextButton().click();
      await expect(main.locator('.record-card')).toBeVisible(SLOW);
      await shot(locale, '2-applicant');
      await nextButton().click();

      // 3. the form: problems at the fields, then filled
      await expect(main.locator('.intake-step-form')).toBeVisible();
      await nextButton().click();
      await expect(main.locator('.field-error').first()).toBeVisible();
      await shot(locale, '3-form-problems');
      const form = main.locator('.intake-step-form');
      await form.getByRole('group', { name: licence.fields[0]?.label[locale] as string, exact: true }).getByRole('checkbox').nth(1).check();
      const entry = form.locator('.list-entry').first();
      await entry.locator('select').selectOption('head_office');
      await entry.locator('.address-region input').fill(locale === 'kk' ? 'Астана қаласы' : 'город Астана');
      await entry.locator('.address-city input').fill('Астана');
      await entry.locator('.address-street input').fill(locale === 'kk' ? 'Мәңгілік Ел даңғылы' : 'проспект Мангилик Ел');
      await entry.locator('.address-house input').fill('55');
      await shot(locale, '3-form-filled');
      await nextButton().click();

      // 4. documents: blocked without the mandatory one, then ticked
      await expect(main.locator('.intake-step-documents')).toBeVisible(SLOW);
      await nextButton().click();
      await expect(main.locator('.checklist-missing')).toBeVisible();
      await shot(locale, '4-documents-blocked');
      await main.locator('.checklist-item input[type="checkbox"]').first().check();
      await shot(locale, '4-documents');
      await nextButton().click();

      // 5–6. attachments; the signature that comes at registration
      await expect(main.locator('.intake-step-attachments')).toBeVisible(SLOW);
      await shot(locale, '5-attachments');
      await nextButton().click();
      await expect(main.locator('.intake-step-signature')).toBeVisible();
      await shot(locale, '6-signature');
      await nextButton().click();

      // 7. registration: the payment reference first, then the number
      await expect(main.locator('.intake-step-register')).toBeVisible();
      await nextButton().click();
      await expect(main.locator('.payment-box .field-error')).toBeVisible();
      await shot(locale, '7-register-payment');
      await main.locator('.payment-box input').fill('ЭҮТШ-2026-000777');
      await nextButton().click();
      // At the counter: the signing dialog (the key on the e2e token, its PIN), then the number.
      const dialog = page.locator('dialog.sign-dialog');
      await dialog.locator('input[type="radio"]').first().check();
      await dialog.locator('.pin-field input').fill(E2E_TOKEN.pin);
      await shot(locale, '7-sign');
      await dialog.locator('button[type="submit"]').click();
      await expect(main.locator('.request-number')).toBeVisible(SLOW);
      await shot(locale, '8-formed');

      // The address prefilled from the registry (another service, a person).
      await main.locator('.outcome-actions button.primary').click();
      await main.locator('input[name="intake-service"][value="phc.attachment"]').check();
      await nextButton().click();
      await main.locator('.applicant-number input').fill((adults[2] as Person).iin);
      await nextButton().click();
      await expect(main.locator('.record-card')).toBeVisible(SLOW);
      await nextButton().click();
      await expect(main.locator('.intake-step-form')).toBeVisible();
      await expect(main.locator('.intake-step-form')).toContainText(attachment.fields[1]?.label[locale] as string);
      await shot(locale, '3b-form-prefilled');
      await main.locator('.intake-cancel button').click();
      await main.locator('.start-over button.danger').click();
    }
  });
});
