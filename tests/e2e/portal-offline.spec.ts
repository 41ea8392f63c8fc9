// Issue 8, "Done when": a portal request arrives at two workstations, one takes it offline, signs and
// issues the result, reconnects, and the applicant side sees the result.
//
// A standalone central server runs inside the spec (startCentralServer, PGlite in a temporary folder,
// so it can be stopped and started again on the same port with the same data), its simulated
// registries holding the applicant, its portal trusting a test certification centre. Two workstations
// of one provider are enrolled with it: B, the fixture's, whose authorised signer has a key on the e2e
// token, and A, started beside it. The applicant submits a request through the portal, signed with
// their certificate; both workstations sync (UI) and find it in their queues. The server stops. On B,
// in the UI: the request is taken into work, its certificate filled in, signed on the token and sent
// to the portal — queued; the status bar and the Synchronisation page say offline, changes waiting.
// The applicant's photo, sent with the submission, is on the request page of B as the portal's
// attachment and opens in the viewer. The server comes back; B syncs: nothing waits. The applicant's side shows the request issued, the
// notifications, and gives the very PDF that was signed (pdfsig: valid). A syncs and shows the request
// issued, with B's signer as its assignee.
//
// Set-up that is not the subject here (administrators' staff, enrolment, the provider's details, the
// registry lookup of the applicant) goes through each workstation's API on a connection of the spec's own.
import { spawnSync } from 'node:child_process';
import { createHash, createPrivateKey, sign as cryptoSign } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import sharp from 'sharp';
import { test, expect, startWorkstation, stopWorkstation, type Running } from './fixtures';
import { documentsSection, PROVIDER_PROFILE, signDocument } from '../helpers/documents-ui';
import { makeIin } from '../helpers/iin';
import { createTestPki, type IssuedCertificate } from '../helpers/pki';
import { connectApi, personRecord, type ApiClient } from '../helpers/queue';
import { createSoftHsm } from '../helpers/softhsm';
import { ADMIN, createAdministrator, field, open, signIn, signOut, SLOW, statusBar, tokenHolder, type Person as Staff } from '../helpers/ui';
import { signCms } from '../../src/main/signing/cms';
import type { Role } from '../../src/shared/domain/roles';
import { startCentralServer, type RunningServer } from '../../src/server/start';
import { loadPeople } from '../../src/server/national/load';
import { portalSignedText, type PortalRequestView, type PortalSubmission, type PortalSubmissionReply } from '../../src/shared/portal';

const PROVIDER = 'SOC-11';
const SIGNER: Staff = { iin: makeIin('1983-10-21', 'female', 91), fullName: 'Гүлмира Жұмабаева', password: 'Signer2026x' };
const OFFICER: Staff = { iin: makeIin('1990-03-08', 'female', 92), fullName: 'Айгүл Сапарова', password: 'Officer2026x' };
const APPLICANT = personRecord(makeIin('1992-05-17', 'male', 93), 'Жақсыбеков', 'Марат', 'Ерланұлы', '1992-05-17', 'male');
const APPLICANT_NAME = `${APPLICANT.surname} ${APPLICANT.name} ${APPLICANT.patronymic}`;
const CERTIFICATE = 'Certificate of registration as unemployed';
/** A month ago (Almaty), for dates that may not lie in the future. */
const MONTH_AGO = new Date(Date.now() + 5 * 3_600_000 - 30 * 86_400_000).toISOString().slice(0, 10);
const MONTH_AGO_SHOWN = MONTH_AGO.split('-').reverse().join('.');
const DAY = 86_400_000;
/** The applicant's file sent with the submission. */
const PHOTO = 'Жұмыс кітапшасы.png';

// ---- the central server ----

interface Central {
  readonly url: string;
  stop(): Promise<void>;
  /** Starts it again on the same port, with the same data. */
  start(): Promise<void>;
  /** A one-time enrolment code for the provider (what `qyzmet-server enrolment-code` prints). */
  enrolmentCode(): Promise<string>;
  /** The portal's API, as the applicant's side of the portal calls it. */
  fetch(route: string, init?: RequestInit): Promise<Response>;
}

async function startCentral(root: string): Promise<Central> {
  const dataDir = path.join(root, 'server-data');
  const portalTrustDir = path.join(root, 'portal-trust');
  let port = 0;
  let running: RunningServer | null = null;
  const start = async () => {
    running = await startCentralServer({ dataDir, port, portalTrustDir, logger: false });
    port = Number(new URL(running.url).port);
  };
  await start();
  await loadPeople(running!.sql, [APPLICANT]);
  const url = running!.url;
  return {
    url,
    async stop() {
      await running?.close();
      running = null;
    },
    start,
    enrolmentCode: () => running!.auth.createEnrolmentCode(PROVIDER),
    fetch: (route, init) => fetch(`${url}${route}`, init),
  };
}

/**
 * The certification centre of the applicants' certificates: its roots in the server's portal-trust
 * folder, its revocation list beside them, and the applicant's signing certificate.
 */
async function applicantsCentre(root: string): Promise<IssuedCertificate> {
  const pki = await createTestPki();
  const trustDir = path.join(root, 'portal-trust');
  pki.writeTrustDir(trustDir);
  // The centre's CRL beside its roots: without one every submission is refused as revocation_unknown.
  fs.writeFileSync(path.join(trustDir, 'issuing.crl'), await pki.crl({ revoked: [], thisUpdate: new Date(Date.now() - DAY), nextUpdate: new Date(Date.now() + 7 * DAY) }));
  return pki.issue({ surname: APPLICANT.surname.toLocaleUpperCase('kk'), givenName: APPLICANT.name.toLocaleUpperCase('kk'), iin: APPLICANT.iin, roles: ['individual'] });
}

/**
 * The submission signed as the portal has the applicant sign it (a detached CMS over its canonical JSON;
 * the file by its hash), with one file of the applicant's.
 */
async function signedSubmission(key: IssuedCertificate): Promise<PortalSubmission> {
  const photo = await sharp({ create: { width: 90, height: 120, channels: 3, background: '#3d6b8f' } }).png().toBuffer();
  const body = {
    provider: PROVIDER,
    service: 'social.unemployed-certificate',
    applicant: { kind: 'person' as const, iin: APPLICANT.iin },
    form: { periodFrom: MONTH_AGO, presentTo: 'Жұмыс беруші' },
    documents: { standard_documents: { presented: true, presentation: 'electronic' as const } },
    attachments: [{ document: 'standard_documents', name: PHOTO, sha256: sha256(photo), data: photo.toString('base64') }],
  };
  const privateKey = createPrivateKey({ key: Buffer.from(key.privateKeyPkcs8Der), format: 'der', type: 'pkcs8' });
  const p7s = await signCms(new Uint8Array(Buffer.from(portalSignedText(body), 'utf8')), {
    certificate: key.certDer,
    keyType: key.keyType,
    sign: (data) => new Uint8Array(cryptoSign('sha256', data, privateKey)),
  }, { signingTime: new Date() });
  return { ...body, signature: Buffer.from(p7s).toString('base64') };
}

// ---- the workstations ----

/** First start, enrolment with the central server for the provider, the provider's details, one staff member. */
async function setUpWorkstation(page: Page, url: string, central: Central, enrolmentCode: string, name: string, staff: Staff, roles: Role[]): Promise<ApiClient> {
  await open(page, url);
  await createAdministrator(page);
  const api = await connectApi(url);
  await api.call('auth.signIn', { iin: ADMIN.iin, password: ADMIN.password });
  const enrolled = await api.call('server.enrol', { serverUrl: central.url, code: enrolmentCode, name });
  expect(enrolled).toMatchObject({ providerCode: PROVIDER });
  await api.call('documents.setProviderProfile', PROVIDER_PROFILE);
  await api.call('staff.create', { iin: staff.iin, fullName: staff.fullName, roles, password: staff.password });
  await expect(statusBar(page)).toContainText('central server online', SLOW);
  await signOut(page);
  await signIn(page, staff);
  await api.call('auth.signIn', { iin: staff.iin, password: staff.password });
  return api;
}

function indicator(page: Page): Locator {
  return statusBar(page).getByRole('button', { name: /^Synchronisation:/ });
}

/** The value of a row of the sync page's state list. */
function stateValue(page: Page, term: string): Locator {
  return page.getByRole('main').locator('.record-row').filter({ has: page.getByRole('term').filter({ hasText: term }) }).getByRole('definition');
}

async function openSyncPage(page: Page): Promise<void> {
  await page.keyboard.press('Alt+Digit6');
  await expect(page.getByRole('heading', { level: 1, name: 'Synchronisation' })).toBeFocused(SLOW);
}

/** Synchronisation page → "Sync now"; resolves to the announced result. */
async function syncNow(page: Page): Promise<Locator> {
  await openSyncPage(page);
  const main = page.getByRole('main');
  const button = main.getByRole('button', { name: 'Sync now' });
  // An automatic run may be going: the button comes back when it ends.
  await expect(button).toBeVisible(SLOW);
  await expect(button).not.toHaveAttribute('aria-disabled', 'true', SLOW);
  await button.click();
  const result = main.locator('.sync-result');
  await expect(result).toContainText(/Synchronised at|Not synchronised/, SLOW);
  return result;
}

function queueRow(page: Page, number: string): Locator {
  return page.getByRole('grid', { name: 'Requests' }).getByRole('row').filter({ hasText: number });
}

async function openQueue(page: Page): Promise<void> {
  await page.keyboard.press('Alt+Digit1');
  await expect(page.getByRole('heading', { level: 1, name: 'Queue' })).toBeVisible(SLOW);
}

async function openRequest(page: Page, number: string): Promise<void> {
  await openQueue(page);
  await queueRow(page, number).dblclick();
  await expect(page.getByRole('heading', { level: 1, name: `Request ${number}` })).toBeFocused(SLOW);
}

/** A fact of the request page's header ("Status", "Assignee", …). */
function headerFact(page: Page, term: string): Locator {
  return page.locator('.request-header .request-meta > div').filter({ has: page.getByRole('term').filter({ hasText: term }) }).getByRole('definition');
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

test.describe('a portal request handled offline', () => {
  test.use({ signingToken: { holders: [tokenHolder(SIGNER)] } });

  test('reaches two workstations; one takes it, signs and issues the result offline, reconnects; the applicant gets the signed result', async ({ page, workstation, browser }, testInfo) => {
    test.setTimeout(180_000);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-portal-offline-'));
    const hsmA = createSoftHsm();
    let central: Central | null = null;
    let runningA: Running | null = null;
    const contextA = await browser.newContext();
    const apis: ApiClient[] = [];
    try {
      const applicantKey = await applicantsCentre(root);
      central = await startCentral(root);
      const server = central;
      const dataDirA = path.join(root, 'workstation-a');
      fs.mkdirSync(dataDirA);
      runningA = await startWorkstation(dataDirA, undefined, hsmA.env);
      const pageA = await contextA.newPage();

      // ---- two workstations of the provider, enrolled with the central server ----
      const [apiB, apiA] = await Promise.all([
        setUpWorkstation(page, workstation.url, server, await server.enrolmentCode(), 'Екінші терезе', SIGNER, ['social_officer', 'authorised_signer']),
        setUpWorkstation(pageA, runningA.url, server, await server.enrolmentCode(), 'Бірінші терезе', OFFICER, ['social_officer']),
      ]);
      apis.push(apiB, apiA);

      // ---- the applicant submits the request through the portal ----
      const submitted = await server.fetch('/portal/v1/requests', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(await signedSubmission(applicantKey)),
      });
      const reply = (await submitted.json()) as PortalSubmissionReply;
      expect(submitted.status, JSON.stringify(reply)).toBe(201);
      const { number } = reply;

      // ---- both workstations sync and find it in their queues ----
      for (const desk of [page, pageA]) {
        await expect(await syncNow(desk)).toContainText(/^Synchronised at \d{2}:\d{2}\./);
        await openQueue(desk);
        const row = queueRow(desk, number);
        await expect(row).toContainText('Portal', SLOW);
        await expect(row).toContainText('Registered');
        await expect(row).toContainText(APPLICANT_NAME);
      }
      // B's officer looks the applicant up in the state registry (the result document names them as
      // it answers); the answer stays in the workstation's cache for offline work.
      const lookup = await apiB.call('registry.person', { iin: APPLICANT.iin, purpose: `өтініш ${number}` });
      expect(lookup).toMatchObject({ found: true, source: 'registry' });

      // ---- the central server stops: B works offline ----
      await server.stop();
      await openRequest(page, number);
      await expect(headerFact(page, 'Channel')).toHaveText('Portal');
      // The applicant's file arrived with the request, and opens (offline: it is in B's own store).
      const attachments = page.getByRole('region', { name: 'Attachments (scanned documents)' });
      const photoEntry = attachments.getByRole('listitem', { name: PHOTO });
      await expect(photoEntry.locator('[data-field="source"]')).toHaveText('Sent by the applicant through the portal', SLOW);
      await expect(photoEntry.locator('[data-field="pages"]')).toHaveText('1');
      await photoEntry.getByRole('button', { name: `Open ${PHOTO}` }).click();
      await expect(page.getByRole('dialog', { name: `${PHOTO} — page 1 of 1` }).getByRole('img', { name: `${PHOTO}, page 1 of 1` })).toBeVisible(SLOW);
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog')).toHaveCount(0);
      await page.getByRole('button', { name: 'Take into work', exact: true }).click();
      await expect(page.getByText('Taken into work: the request is assigned to you.')).toBeVisible(SLOW);
      await expect(headerFact(page, 'Status')).toHaveText('In review');
      await expect(headerFact(page, 'Assignee')).toContainText(SIGNER.fullName);

      const section = documentsSection(page);
      await expect(section.getByRole('group', { name: 'Document to issue' }).getByRole('radio').first()).toHaveAccessibleName(CERTIFICATE, SLOW);
      await field(section, 'Date of registration as unemployed').fill(MONTH_AGO_SHOWN);
      await field(section, 'Personal file number').fill('23/2026');
      const { article, number: documentNumber } = await signDocument(page, section, CERTIFICATE);
      await expect(headerFact(page, 'Status')).toHaveText('Result ready', SLOW);
      await article.getByRole('button', { name: 'Send to the portal', exact: true }).click();
      await expect(article.getByRole('status')).toContainText('Queued for the portal', SLOW);
      await expect(article.locator('.deliveries')).toContainText('queued — sent to the portal by the next synchronisation');
      await expect(headerFact(page, 'Status')).toHaveText('Issued', SLOW);
      // The send starts a synchronisation at once: the server does not answer, the changes wait.
      await expect(indicator(page)).toHaveText(/^Synchronisation: Offline — \d+ changes? waiting$/, SLOW);
      await openSyncPage(page);
      await expect(stateValue(page, 'State')).toHaveText('Offline: the central server does not answer');
      await expect(stateValue(page, 'Changes waiting to be sent')).toHaveText(/^[1-9]\d*$/);

      // ---- the server is back on the same address with the same data; B syncs ----
      await server.start();
      const result = await syncNow(page);
      await expect(result).toHaveText(/^Synchronised at \d{2}:\d{2}\. Nothing is waiting to be sent\.$/);
      await expect(stateValue(page, 'Changes waiting to be sent')).toHaveText('0');
      await expect(indicator(page)).toHaveText(/^Synchronisation: Synced \d{2}:\d{2}$/, SLOW);

      // ---- the applicant's side: issued, told so, and the signed result to download ----
      const statusReply = await server.fetch(`/portal/v1/requests/${encodeURIComponent(number)}?applicant=${APPLICANT.iin}`);
      expect(statusReply.status).toBe(200);
      const view = (await statusReply.json()) as PortalRequestView;
      expect(view).toMatchObject({ number, service: 'social.unemployed-certificate', state: 'issued' });
      expect(view.notifications.map((item) => [item.kind, item.state])).toEqual([
        ['status_change', 'registered'],
        ['status_change', 'in_review'],
        ['status_change', 'result_ready'],
        ['status_change', 'issued'],
      ]);
      const [signedDocument] = await apiB.call('documents.list', { requestId: reply.requestId });
      expect(signedDocument).toMatchObject({ number: documentNumber, signerIin: SIGNER.iin });
      expect(view.results).toEqual([
        expect.objectContaining({ number: documentNumber, kind: 'unemployed_certificate', sha256: signedDocument!.sha256, delivered: true, deliveredAt: expect.any(String) }),
      ]);
      const download = await server.fetch(`/portal/v1/requests/${encodeURIComponent(number)}/results/${encodeURIComponent(documentNumber)}?applicant=${APPLICANT.iin}`);
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('application/pdf');
      const pdf = new Uint8Array(await download.arrayBuffer());
      const signedFile = await apiB.call('documents.file', { documentId: signedDocument!.id, format: 'pdf' });
      expect(sha256(pdf)).toBe(sha256(Buffer.from(signedFile.data, 'base64')));
      expect(sha256(pdf)).toBe(view.results[0]!.pdfSha256);
      const pdfPath = testInfo.outputPath('portal-result.pdf');
      fs.mkdirSync(path.dirname(pdfPath), { recursive: true });
      fs.writeFileSync(pdfPath, pdf);
      const pdfsig = spawnSync('pdfsig', [pdfPath], { encoding: 'utf8' });
      expect(pdfsig.stdout).toContain('Signature is Valid');

      // ---- A syncs: the request is issued there too, with B's signer ----
      await expect(await syncNow(pageA)).toContainText(/^Synchronised at \d{2}:\d{2}\./);
      await openRequest(pageA, number);
      await expect(headerFact(pageA, 'Status')).toHaveText('Issued');
      await expect(headerFact(pageA, 'Assignee')).toHaveText(SIGNER.fullName);
      await expect(documentsSection(pageA).getByRole('article', { name: new RegExp(`No\\. ${documentNumber}$`) })).toContainText('delivered to the portal', SLOW);
    } catch (error) {
      // The fixture attaches B's log on failure; A's is attached here.
      if (runningA?.stderr()) await testInfo.attach('workstation-a.log', { body: runningA.stderr(), contentType: 'text/plain' });
      throw error;
    } finally {
      for (const api of apis) api.close();
      await contextA.close();
      if (runningA) await stopWorkstation(runningA);
      await central?.stop();
      hsmA.cleanup();
      fs.rmSync(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    }
  });
});
