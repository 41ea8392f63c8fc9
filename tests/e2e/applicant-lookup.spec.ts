// The result document needs the applicant's data from the state registry as this workstation received
// them. A request that came from the portal or from another workstation has none here: the request
// page's "Result document" section says so and offers the counter's registry lookup for the applicant.
//
// 1. Embedded central server: the authorised signer opens such a request, sees the notice, fills the
//    certificate in and asks for the preview — refused for want of the data, the keyboard goes to the
//    notice; Tab → the lookup button, Enter: the registry answers, the preview is made (what was typed
//    stays) and the document is signed with the applicant's registry data; the lookup is in the audit
//    log with the request as its purpose.
// 2. A standalone central server (stopped and started again on the same port): the case officer looks
//    the applicant up while the registry has no record (said so), while the server is down (said so,
//    and that the lookup can be made again once the connection is back; nothing typed is lost), then
//    again once it is back: the notice goes and the preview works.
//
// Set-up (staff, the provider's details, the request taken in at a public service centre) goes
// through the workstation's API on a connection of the spec's own; the applicant is put into the
// registry cache for the intake and taken out of it again through the database, as for a request
// synchronised from elsewhere.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { documentsSection, PROVIDER_PROFILE, signDocument } from '../helpers/documents-ui';
import { makeIin } from '../helpers/iin';
import { cachePeople, connectApi, openDatabase, personRecord, type ApiClient } from '../helpers/queue';
import { ADMIN, createAdministrator, field, open, signIn, signOut, SLOW, statusBar, tokenHolder, type Person as Staff } from '../helpers/ui';
import { personAt } from '../../src/server/national/generator';
import { loadPeople } from '../../src/server/national/load';
import { DEFAULT_SEED } from '../../src/server/national/seed';
import { startCentralServer, type RunningServer } from '../../src/server/start';
import type { Person } from '../../src/shared/registry';

const OFFICER: Staff = { iin: makeIin('1990-03-08', 'female', 81), fullName: 'Айгүл Сапарова', password: 'Officer2026x' };
const SIGNER: Staff = { iin: makeIin('1983-10-21', 'female', 82), fullName: 'Гүлмира Жұмабаева', password: 'Signer2026x' };
const CERTIFICATE = 'Certificate of registration as unemployed';
const NOTICE = 'The applicant’s registry data are not on this workstation';
const LOOK_UP = 'Look up the applicant in the registry';
/** A month ago (Almaty), for dates that may not lie in the future. */
const MONTH_AGO = new Date(Date.now() + 5 * 3_600_000 - 30 * 86_400_000).toISOString().slice(0, 10);
const MONTH_AGO_SHOWN = MONTH_AGO.split('-').reverse().join('.');
const fullName = (person: Person) => [person.surname, person.name, person.patronymic].filter(Boolean).join(' ');

/** Staff, the provider's details (and, when given, the enrolment with a standalone central server), through the API. */
async function setUp(page: Page, url: string, enrol?: { serverUrl: string; code: string }): Promise<ApiClient> {
  await open(page, url);
  await createAdministrator(page);
  const api = await connectApi(url);
  await api.call('auth.signIn', { iin: ADMIN.iin, password: ADMIN.password });
  if (enrol) await api.call('server.enrol', { serverUrl: enrol.serverUrl, code: enrol.code, name: 'Бірінші терезе' });
  await expect(statusBar(page)).toContainText('central server online', { timeout: 60_000 });
  await api.call('staff.create', { iin: OFFICER.iin, fullName: OFFICER.fullName, roles: ['social_officer'], password: OFFICER.password });
  await api.call('staff.create', { iin: SIGNER.iin, fullName: SIGNER.fullName, roles: ['social_officer', 'authorised_signer'], password: SIGNER.password });
  await api.call('documents.setProviderProfile', PROVIDER_PROFILE);
  return api;
}

/**
 * A request in review whose applicant's registry answer is not on this workstation: taken in with the
 * applicant in the cache (as the counter's lookup leaves it), then the cache row deleted.
 */
async function inReviewWithoutApplicantData(api: ApiClient, dataDir: string, applicant: Person): Promise<{ id: string; number: string }> {
  cachePeople(dataDir, [applicant]);
  await api.call('auth.signIn', { iin: OFFICER.iin, password: OFFICER.password });
  const draft = await api.call('requests.createDraft', {
    service: 'social.unemployed-certificate',
    channel: 'service_centre',
    applicant: { kind: 'person', iin: applicant.iin },
    form: { periodFrom: MONTH_AGO },
    documents: { standard_documents: { presented: true, presentation: 'original' } },
  });
  await api.call('requests.register', { requestId: draft.id });
  const request = await api.call('requests.take', { requestId: draft.id });
  const db = openDatabase(dataDir);
  try {
    const gone = db.prepare(`DELETE FROM registry_cache WHERE system = 'individuals' AND subject = ?`).run(applicant.iin);
    expect(gone.changes).toBe(1);
  } finally {
    db.close();
  }
  return { id: request.id, number: request.number! };
}

async function openRequest(page: Page, number: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: 'Queue' })).toBeVisible(SLOW);
  await page.getByRole('grid', { name: 'Requests' }).getByRole('row').filter({ hasText: number }).dblclick();
  await expect(page.getByRole('heading', { level: 1, name: `Request ${number}` })).toBeFocused(SLOW);
}

function notice(section: Locator): Locator {
  return section.getByRole('region', { name: NOTICE });
}

test.describe('looking up the applicant for a result document', () => {
  test.use({ signingToken: { holders: [tokenHolder(SIGNER)] }, centralServer: { people: 5 } });

  test('the signer looks the applicant up from the documents section; the preview is made again and the document signed', async ({ page, workstation }) => {
    test.setTimeout(180_000);
    // Someone the embedded server's simulated registry holds (the same generator and seed).
    const applicant = Array.from({ length: 5 }, (_, index) => personAt({ seed: DEFAULT_SEED, index })).find((person) => person.deathDate === null)!;
    const api = await setUp(page, workstation.url);
    const request = await inReviewWithoutApplicantData(api, workstation.dataDir, applicant);
    await signOut(page);
    await signIn(page, SIGNER);
    await openRequest(page, request.number);
    const section = documentsSection(page);

    // The notice says what is missing and why, and the lookup's purpose for the audit log.
    const lookup = notice(section);
    await expect(lookup).toBeVisible(SLOW);
    await expect(lookup).toContainText('The document is made from the applicant’s data in the state registry');
    await expect(lookup).toContainText(`recorded in the audit log with the purpose “result document for request ${request.number}”`);
    await expect(lookup.getByRole('button', { name: LOOK_UP })).toBeVisible();

    // The certificate filled in; the preview is refused for want of the data: the keyboard goes to the notice.
    const date = field(section, 'Date of registration as unemployed');
    await date.fill(MONTH_AGO_SHOWN);
    await field(section, 'Personal file number').fill('21/2026');
    await section.getByRole('button', { name: 'Preview', exact: true }).click();
    await expect(lookup.getByRole('heading', { name: NOTICE })).toBeFocused(SLOW);
    await expect(section.getByRole('region', { name: `Preview: ${CERTIFICATE}` })).toHaveCount(0);

    // From the keyboard: Tab to the lookup, Enter. The registry answers; the preview is made again.
    await page.keyboard.press('Tab');
    await expect(lookup.getByRole('button', { name: LOOK_UP })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(section.getByRole('status').first()).toHaveText(`The applicant’s data were received from the registry: ${fullName(applicant)}.`, SLOW);
    await expect(lookup).toHaveCount(0);
    const preview = section.getByRole('region', { name: `Preview: ${CERTIFICATE}` });
    await expect(preview.getByRole('img', { name: new RegExp(`^${CERTIFICATE}, page 1 of \\d+$`) })).toBeVisible(SLOW);
    await expect(preview.getByRole('heading', { name: `Preview: ${CERTIFICATE}` })).toBeFocused();
    // What was typed is still there.
    await expect(date).toHaveValue(MONTH_AGO_SHOWN);
    await expect(field(section, 'Personal file number')).toHaveValue('21/2026');

    // Signed, with the applicant's data as the registry gave them.
    const { number } = await signDocument(page, section, CERTIFICATE);
    await expect(page.locator('.request-header')).toContainText('Result ready', SLOW);
    const db = openDatabase(workstation.dataDir);
    try {
      const data = JSON.parse(db.prepare(`SELECT data FROM issued_documents WHERE number = ?`).pluck().get(number) as string) as { applicant: Record<string, unknown> };
      expect(data.applicant).toMatchObject({ kind: 'person', iin: applicant.iin, surname: applicant.surname, name: applicant.name, birthDate: applicant.birthDate });
    } finally {
      db.close();
    }

    // The lookup is in the audit log: who asked, about whom, why.
    await api.call('auth.signIn', { iin: ADMIN.iin, password: ADMIN.password });
    const audit = await api.call('audit.list', { limit: 100 });
    const entry = audit.find((item) => item.action === 'registry.lookup' && item.subject === applicant.iin);
    expect(entry).toMatchObject({
      actorIin: SIGNER.iin,
      detail: { system: 'individuals', purpose: `result document for request ${request.number}`, outcome: 'found', source: 'registry' },
    });
    api.close();
  });
});

test.describe('looking up the applicant while the registry cannot give the data', () => {
  const PROVIDER = 'SOC-12';
  const APPLICANT = personRecord(makeIin('1994-09-23', 'male', 83), 'Тұрсынов', 'Ерлан', 'Маратұлы', '1994-09-23', 'male');

  test('not found, then the central server down (nothing typed is lost), then found once it is back', async ({ page, workstation }) => {
    test.setTimeout(180_000);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-applicant-lookup-'));
    let server: RunningServer | null = null;
    let port = 0;
    const startServer = async () => {
      server = await startCentralServer({ dataDir: path.join(root, 'server-data'), port, logger: false });
      port = Number(new URL(server.url).port);
      return server;
    };
    try {
      const central = await startServer();
      await loadPeople(central.sql, [APPLICANT]);
      const api = await setUp(page, workstation.url, { serverUrl: central.url, code: await central.auth.createEnrolmentCode(PROVIDER) });
      const request = await inReviewWithoutApplicantData(api, workstation.dataDir, APPLICANT);
      api.close();
      await signOut(page);
      await signIn(page, OFFICER);
      await openRequest(page, request.number);
      const section = documentsSection(page);
      const lookup = notice(section);
      await expect(lookup).toBeVisible(SLOW);
      const date = field(section, 'Date of registration as unemployed');
      await date.fill(MONTH_AGO_SHOWN);
      await field(section, 'Personal file number').fill('22/2026');
      const button = lookup.getByRole('button', { name: LOOK_UP });

      // The registry has no such record: said so, with the IIN.
      central.faults.set('individuals', { mode: 'no_data' });
      await button.click();
      const problem = lookup.getByRole('alert');
      await expect(problem).toContainText(`State database “Individuals”: no person with IIN ${APPLICANT.iin}.`, SLOW);
      await expect(problem).toContainText('Without the applicant’s registry data the document cannot be made.');
      central.faults.reset();

      // The central server is down: said so, and that the lookup can be made again once it is back.
      await central.close();
      server = null;
      await button.click();
      await expect(problem).toContainText('State database “Individuals”: could not be asked — the central server cannot be reached.', SLOW);
      await expect(problem).toContainText('Nothing is lost: what you filled in stays here. Look the applicant up again once the connection is back.');
      await expect(date).toHaveValue(MONTH_AGO_SHOWN);
      await expect(field(section, 'Personal file number')).toHaveValue('22/2026');
      await expect(lookup).toBeVisible();

      // Back: the lookup works, the notice goes, the keyboard is on the preview's button, and the preview is made.
      await startServer();
      await button.click();
      await expect(section.getByRole('status').first()).toHaveText(`The applicant’s data were received from the registry: ${fullName(APPLICANT)}.`, SLOW);
      await expect(lookup).toHaveCount(0);
      const previewButton = section.getByRole('button', { name: 'Preview', exact: true });
      await expect(previewButton).toBeFocused();
      await page.keyboard.press('Enter');
      const preview = section.getByRole('region', { name: `Preview: ${CERTIFICATE}` });
      await expect(preview.getByRole('img', { name: new RegExp(`^${CERTIFICATE}, page 1 of \\d+$`) })).toBeVisible(SLOW);
      await expect(date).toHaveValue(MONTH_AGO_SHOWN);
    } finally {
      await (server as RunningServer | null)?.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
