// The attachments service through the API, as the UI calls it (issue 6): scanner devices and options
// from the SANE `test` backend, scans in the background with progress, pages and the end pushed to the
// connection that started them, cancel, a failing device keeping the pages already scanned, file
// import (whole and in parts), the page operations, "attach" (one PDF in the content-addressed store,
// a row on the request and its change-log row in one transaction, the checklist item marked
// presented), de-duplication by hash, the viewer's page images, and every refusal with its reason.
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/main/app';
import { newId } from '../../src/main/ids';
import { hashPassword } from '../../src/main/services/passwords';
import { createSaneDriver } from '../../src/main/scanning/sane';
import type { ScannerDriver } from '../../src/main/scanning/types';
import type { AttachmentLimits } from '../../src/main/attachments/inspect';
import { COLOR_MODES, FILE_REFUSAL_REASONS, SCAN_ERROR_REASONS, SCAN_SOURCES, type ScanEvent, type WorkingSet } from '../../src/shared/attachments';
import en from '../../src/renderer/i18n/en.json';
import kk from '../../src/renderer/i18n/kk.json';
import ru from '../../src/renderer/i18n/ru.json';
import { cacheApplicant, signedInStaff } from '../helpers/desk';
import { makeIin } from '../helpers/iin';
import { saneTestConfig, type SaneTestOptions } from '../helpers/sane';
import { connect, ManualClock, tempDir, type Client } from '../helpers/workstation';

const PASSWORD = 'password-1';
let passwordHash: string;
beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});

const cleanups: Array<() => void> = [];
afterAll(() => cleanups.forEach((cleanup) => cleanup()));

let serial = 300;

/** A workstation with a SANE test scanner, an archivist and a social officer signed in on their own connections. */
async function desk(options: { sane?: SaneTestOptions; limits?: Partial<AttachmentLimits>; scanner?: ScannerDriver } = {}) {
  const config = saneTestConfig(options.sane);
  const dataDir = tempDir('qyzmet-attach-svc-');
  const errors: unknown[] = [];
  const app: App = createApp({
    dataDir,
    clock: new ManualClock(new Date('2026-03-02T04:00:00Z')),
    logger: { error: (_message, error) => errors.push(error) },
    scanner: options.scanner ?? createSaneDriver({ env: config.env }),
    ...(options.limits ? { attachmentLimits: options.limits } : {}),
  });
  cleanups.push(() => {
    app.close();
    config.cleanup();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const db = app.services!.db;
  const at = '2026-03-02T04:00:00Z';
  const staff = (fullName: string, roles: string[]) =>
    signedInStaff(app, { iin: makeIin('1985-04-12', 'female', (serial += 1)), fullName, roles, passwordHash, password: PASSWORD, at });
  const person = () => {
    const iin = cacheApplicant(db, makeIin('1990-05-17', 'female', (serial += 1)), at);
    return iin;
  };
  const archivist = await staff('Мәдина Қасымова', ['archivist']);
  const social = await staff('Айгүл Сапарова', ['social_officer']);
  /** An apostille draft through a public service centre (registered without the counter's signature). */
  const apostille = async (documents: Record<string, { presented: boolean; presentation?: 'original' }> = { document_to_apostille: { presented: true, presentation: 'original' } }) =>
    archivist.client.call('requests.createDraft', {
      service: 'archive.apostille',
      channel: 'service_centre',
      applicant: { kind: 'person', iin: person() },
      form: { documentKind: 'archival_reference', issuingArchive: 'Павлодар облысының мемлекеттік мұрағаты', destinationCountry: 'Германия', copies: 1 },
      documents,
    });
  const count = (sql: string, ...params: unknown[]) => db.prepare(sql).pluck().get(...params) as number;
  return { app, dataDir, db, archivist, social, apostille, count, errors };
}

async function until<T>(probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function scanEvents(client: Client, scanId: string): ScanEvent[] {
  return client.events.filter((entry) => entry.event === 'attachments.scan').map((entry) => entry.payload as ScanEvent).filter((event) => event.scanId === scanId);
}

/** Starts a scan and waits for its end; the events it sent. */
async function scan(client: Client, input: { requestId: string; documentCode: string; settings?: object; deviceId?: string; replacePageId?: string }) {
  const { scanId } = await client.call('attachments.scan', {
    requestId: input.requestId,
    documentCode: input.documentCode,
    deviceId: input.deviceId ?? 'test:0',
    settings: { resolution: 100, mode: 'gray', source: 'flatbed', pageSize: 'A4', ...input.settings } as never,
    ...(input.replacePageId ? { replacePageId: input.replacePageId } : {}),
  });
  const finished = await until(() => scanEvents(client, scanId).find((event) => event.kind === 'finished'));
  return { scanId, events: scanEvents(client, scanId), finished: finished as Extract<ScanEvent, { kind: 'finished' }> };
}

async function pngBytes(): Promise<Buffer> {
  return sharp({ create: { width: 400, height: 560, channels: 3, background: '#3366aa' } }).png().toBuffer();
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('scanner devices and scans through the API', { timeout: 60_000 }, () => {
  it('lists the devices and their options; an unknown device is refused with the reason', async () => {
    const d = await desk();
    const client = d.archivist.client;
    const devices = await client.call('attachments.devices', {});
    expect(devices.map((device) => device.id)).toEqual(['test:0', 'test:1']);
    const options = await client.call('attachments.deviceOptions', { deviceId: 'test:0' });
    expect(options.modes).toEqual(['color', 'gray', 'lineart']);
    expect(options.sources).toEqual(['flatbed', 'adf']);
    expect(options.resolutions).toContain(300);
    expect(await client.fail('attachments.deviceOptions', { deviceId: 'test:9' })).toEqual({ code: 'scanner_error', params: { reason: 'device_not_found' } });
    // Signed-out connections get nothing.
    expect((await connect(d.app).fail('attachments.devices', {})).code).toBe('not_signed_in');
  });

  it('scans a feeder batch into the working set with progress and pages pushed; the set survives a new connection', async () => {
    const d = await desk();
    const draft = await d.apostille();
    const { events, finished } = await scan(d.archivist.client, {
      requestId: draft.id,
      documentCode: 'document_to_apostille',
      settings: { source: 'adf', maxPages: 2 },
    });
    expect(finished).toMatchObject({ outcome: 'done', pages: 2, error: null });
    expect(events.some((event) => event.kind === 'progress')).toBe(true);
    const pages = events.filter((event) => event.kind === 'page');
    expect(pages.map((event) => event.kind === 'page' && event.index)).toEqual([0, 1]);
    // Only the connection that started the scan hears of it.
    expect(d.social.client.events.filter((entry) => entry.event === 'attachments.scan')).toEqual([]);

    // Another connection of the same person (a reloaded page) finds the pages.
    const again = connect(d.app);
    await again.call('auth.signIn', { iin: d.archivist.iin, password: PASSWORD });
    const sets = await again.call('attachments.workingSets', { requestId: draft.id });
    expect(sets).toHaveLength(1);
    expect(sets[0]).toMatchObject({ documentCode: 'document_to_apostille', scan: null });
    expect(sets[0]?.pages).toHaveLength(2);
    expect(sets[0]?.pages[0]).toMatchObject({ kind: 'image', rotation: 0, dpi: 100, mode: 'gray' });
    expect(sets[0]?.pages[0]?.thumbnail).toMatch(/^\/9j\//); // a JPEG
  });

  it('cancels a scan: the pages already delivered are kept', async () => {
    const d = await desk({ sane: { readDelayUs: 20_000 } });
    const draft = await d.apostille();
    const client = d.archivist.client;
    const { scanId } = await client.call('attachments.scan', {
      requestId: draft.id,
      documentCode: 'document_to_apostille',
      deviceId: 'test:0',
      settings: { resolution: 150, mode: 'gray', source: 'flatbed', pageSize: 'A4' },
    });
    await until(() => scanEvents(client, scanId).find((event) => event.kind === 'progress'));
    // One scan at a time per connection and per item.
    expect(await client.fail('attachments.scan', { requestId: draft.id, documentCode: 'document_to_apostille', deviceId: 'test:1', settings: { resolution: 100, mode: 'gray' } })).toEqual({
      code: 'scanner_error',
      params: { reason: 'scanner_busy' },
    });
    expect((await client.call('attachments.workingSets', { requestId: draft.id }))[0]?.scan).toEqual({ scanId, replacePageId: null });
    expect(await client.call('attachments.cancelScan', { scanId })).toBeNull();
    const finished = await until(() => scanEvents(client, scanId).find((event) => event.kind === 'finished'));
    expect(finished).toMatchObject({ outcome: 'cancelled', pages: 0, error: { reason: 'cancelled' } });
    // Another connection cannot cancel what it did not start.
    expect((await d.social.client.fail('attachments.cancelScan', { scanId })).code).toBe('not_found');
  });

  it('a failing device ends the scan with the reason and keeps the pages scanned before', async () => {
    const d = await desk();
    const draft = await d.apostille();
    const client = d.archivist.client;
    await scan(client, { requestId: draft.id, documentCode: 'document_to_apostille' });
    const gone = await scan(client, { requestId: draft.id, documentCode: 'document_to_apostille', deviceId: 'test:7' });
    expect(gone.finished).toMatchObject({ outcome: 'failed', pages: 0, error: { reason: 'device_not_found' } });
    const sets = await client.call('attachments.workingSets', { requestId: draft.id });
    expect(sets[0]?.pages).toHaveLength(1);
  });

  it('a jam reports its reason', async () => {
    const d = await desk({ sane: { readStatus: 'SANE_STATUS_JAMMED' } });
    const draft = await d.apostille();
    const { finished } = await scan(d.archivist.client, { requestId: draft.id, documentCode: 'document_to_apostille' });
    expect(finished).toMatchObject({ outcome: 'failed', error: { reason: 'jammed' } });
  });
});

describe('pages, attaching and the checklist', { timeout: 60_000 }, () => {
  it('reorders, rotates, deletes and rescans pages; attaches them as one PDF with its change-log row; marks the item presented', async () => {
    const d = await desk();
    const client = d.archivist.client;
    // standard_documents is not marked presented: attaching marks it.
    const draft = await d.apostille({ document_to_apostille: { presented: true, presentation: 'original' } });
    const item = { requestId: draft.id, documentCode: 'standard_documents' };
    await scan(client, { ...item, settings: { source: 'adf', maxPages: 3 } });
    let set: WorkingSet = (await client.call('attachments.workingSets', { requestId: draft.id }))[0] as WorkingSet;
    const [a, b, c] = set.pages.map((page) => page.id) as [string, string, string];

    set = await client.call('attachments.movePage', { ...item, pageId: c, to: 0 });
    expect(set.pages.map((page) => page.id)).toEqual([c, a, b]);
    set = await client.call('attachments.rotatePage', { ...item, pageId: a, quarterTurns: 1 });
    set = await client.call('attachments.rotatePage', { ...item, pageId: a, quarterTurns: 2 });
    expect(set.pages[1]?.rotation).toBe(270);
    set = await client.call('attachments.deletePage', { ...item, pageId: b });
    expect(set.pages.map((page) => page.id)).toEqual([c, a]);
    // Rescan of one page in colour: it takes the page's place and keeps its id.
    const rescan = await scan(client, { ...item, replacePageId: c, settings: { mode: 'color' } });
    expect(rescan.events.find((event) => event.kind === 'page')).toMatchObject({ index: 0, replaced: true, page: { id: c, mode: 'color' } });
    set = (await client.call('attachments.workingSets', { requestId: draft.id }))[0] as WorkingSet;
    expect(set.pages.map((page) => [page.id, page.mode, page.rotation])).toEqual([
      [c, 'color', 0],
      [a, 'gray', 270],
    ]);
    expect(await client.fail('attachments.deletePage', { ...item, pageId: newId() })).toEqual({ code: 'not_found', params: { what: 'page' } });
    expect((await client.fail('attachments.movePage', { ...item, pageId: a, to: 5 })).issues).toEqual([{ path: 'to', code: 'out_of_range' }]);

    // The viewer's image of a page in the working set.
    const image = await client.call('attachments.pageImage', { ...item, pageId: a });
    expect(image).toMatchObject({ mime: 'image/jpeg', rotation: 270 });

    const changesBefore = d.count(`SELECT COUNT(*) FROM change_log WHERE entity = 'request_attachment'`);
    const { attachment, duplicate } = await client.call('attachments.attach', { ...item, name: 'Құжаттар.pdf' });
    expect(duplicate).toBe(false);
    expect(attachment).toMatchObject({ requestId: draft.id, documentCode: 'standard_documents', name: 'Құжаттар.pdf', mime: 'application/pdf', pages: 2, addedBy: { id: d.archivist.id, name: 'Мәдина Қасымова' } });
    expect(attachment.sha256).toMatch(/^[0-9a-f]{64}$/);
    // The PDF is in the store under its hash, and it is what the row says.
    const file = path.join(d.dataDir, 'attachments', attachment.sha256.slice(0, 2), attachment.sha256.slice(2));
    const pdf = fs.readFileSync(file);
    expect(pdf.length).toBe(attachment.size);
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBe(2);
    expect(doc.getPage(1).getRotation().angle).toBe(270);
    // One change-log row for the attachment, and the draft's update marking the item presented.
    expect(d.count(`SELECT COUNT(*) FROM change_log WHERE entity = 'request_attachment'`)).toBe(changesBefore + 1);
    const logged = JSON.parse(d.db.prepare(`SELECT data FROM change_log WHERE entity = 'request_attachment' AND entity_id = ?`).pluck().get(attachment.id) as string);
    expect(logged).toMatchObject({ requestId: draft.id, sha256: attachment.sha256, documentCode: 'standard_documents', addedBy: d.archivist.id });
    const detail = await client.call('requests.get', { requestId: draft.id });
    expect(detail.documents.standard_documents).toEqual({ presented: true, presentation: 'original' });
    // The working set is emptied; the list shows the attachment; the viewer shows its pages.
    expect(await client.call('attachments.workingSets', { requestId: draft.id })).toEqual([]);
    expect(await client.call('attachments.list', { requestId: draft.id })).toEqual([attachment]);
    const page0 = await client.call('attachments.attachmentPage', { requestId: draft.id, attachmentId: attachment.id, page: 0 });
    expect(page0).toMatchObject({ mime: 'image/jpeg', rotation: 0 });
    const page1 = await client.call('attachments.attachmentPage', { requestId: draft.id, attachmentId: attachment.id, page: 1 });
    expect(page1).toMatchObject({ mime: 'image/jpeg', rotation: 270 });
    expect((await client.fail('attachments.attachmentPage', { requestId: draft.id, attachmentId: attachment.id, page: 2 })).code).toBe('not_found');

    // With every mandatory item presented, the request registers without a reason.
    const registered = await client.call('requests.register', { requestId: draft.id, paymentRef: 'PAY-1' });
    expect(registered.state).toBe('registered');
    // A registered request takes no more pages, and its attachments stay.
    expect(await client.fail('attachments.importFile', { ...item, name: 'a.png', content: b64(await pngBytes()) })).toEqual({
      code: 'request_state',
      params: { action: 'attach', state: 'registered' },
    });
    expect((await client.fail('attachments.remove', { requestId: draft.id, attachmentId: attachment.id })).code).toBe('request_state');
    expect(await client.call('attachments.list', { requestId: draft.id })).toHaveLength(1);
  });

  it('de-duplicates by hash: the same content once per request, stored once for all requests', async () => {
    const d = await desk();
    const client = d.archivist.client;
    const first = await d.apostille();
    const second = await d.apostille();
    const png = b64(await pngBytes());
    const attach = async (requestId: string) => {
      await client.call('attachments.importFile', { requestId, documentCode: 'document_to_apostille', name: 'scan.png', content: png });
      return client.call('attachments.attach', { requestId, documentCode: 'document_to_apostille', name: 'Апостиль.pdf' });
    };
    const one = await attach(first.id);
    const again = await attach(first.id);
    expect(again).toEqual({ attachment: one.attachment, duplicate: true });
    const other = await attach(second.id);
    expect(other.duplicate).toBe(false);
    expect(other.attachment.sha256).toBe(one.attachment.sha256);
    expect(d.count(`SELECT COUNT(*) FROM request_attachments`)).toBe(2);
    expect(d.count(`SELECT COUNT(*) FROM change_log WHERE entity = 'request_attachment'`)).toBe(2);
    const stored = fs.readdirSync(path.join(d.dataDir, 'attachments'), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    expect(stored).toHaveLength(1);

    // Removing from a draft: the row goes (with its change-log row); the file stays for the other request.
    expect(await client.call('attachments.remove', { requestId: first.id, attachmentId: one.attachment.id })).toEqual([]);
    expect(d.count(`SELECT COUNT(*) FROM change_log WHERE entity = 'request_attachment' AND op = 'delete'`)).toBe(1);
    expect((await client.call('attachments.attachmentPage', { requestId: second.id, attachmentId: other.attachment.id, page: 0 }))?.mime).toBe('image/jpeg');
  });

  it("shows an attachment's pages as they were scanned: JPEG for grey, a bilevel PNG for lineart", async () => {
    const d = await desk();
    const client = d.archivist.client;
    const draft = await d.apostille();
    const item = { requestId: draft.id, documentCode: 'document_to_apostille' };
    await scan(client, { ...item, settings: { mode: 'lineart' } });
    await scan(client, { ...item, settings: { mode: 'gray' } });
    const set = (await client.call('attachments.workingSets', { requestId: draft.id }))[0] as WorkingSet;
    expect(set.pages.map((page) => page.mode)).toEqual(['lineart', 'gray']);
    const scanned = await client.call('attachments.pageImage', { ...item, pageId: set.pages[0]?.id as string });
    const { attachment } = await client.call('attachments.attach', { ...item, name: 'Mixed.pdf' });
    const lineart = await client.call('attachments.attachmentPage', { requestId: draft.id, attachmentId: attachment.id, page: 0 });
    expect(lineart).toMatchObject({ mime: 'image/png', width: set.pages[0]?.width, height: set.pages[0]?.height, rotation: 0 });
    // The same pixels as scanned (the PNG's image data is carried into the PDF and back unchanged).
    const decode = (data: string) => sharp(Buffer.from(data, 'base64')).greyscale().raw().toBuffer();
    expect((await decode(lineart!.data)).equals(await decode(scanned!.data))).toBe(true);
    const grey = await client.call('attachments.attachmentPage', { requestId: draft.id, attachmentId: attachment.id, page: 1 });
    expect(grey?.mime).toBe('image/jpeg');
    expect((await sharp(Buffer.from(grey!.data, 'base64')).metadata()).width).toBe(set.pages[1]?.width);
  });

  it('imports a file sent in parts, PDFs with their pages', async () => {
    const d = await desk();
    const client = d.archivist.client;
    const draft = await d.apostille();
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    for (let i = 0; i < 3; i += 1) doc.addPage([595, 842]).drawText(`page ${i + 1}`, { x: 50, y: 700, size: 18, font });
    const bytes = Buffer.from(await doc.save());
    const half = Math.ceil(bytes.length / 2);
    const { uploadId } = await client.call('attachments.upload', { part: b64(bytes.subarray(0, half)) });
    expect(await client.call('attachments.upload', { uploadId, part: b64(bytes.subarray(half)) })).toEqual({ uploadId, bytes: bytes.length });
    // An upload belongs to its connection.
    expect((await d.social.client.fail('attachments.upload', { uploadId, part: b64(bytes) })).code).toBe('not_found');
    const set = await client.call('attachments.importFile', { requestId: draft.id, documentCode: 'document_to_apostille', name: 'reference.pdf', uploadId });
    expect(set.pages.map((page) => page.kind)).toEqual(['pdf', 'pdf', 'pdf']);
    // Used up: the same upload cannot be imported twice.
    expect(await client.fail('attachments.importFile', { requestId: draft.id, documentCode: 'document_to_apostille', name: 'reference.pdf', uploadId })).toEqual({
      code: 'file_refused',
      params: { reason: 'upload_incomplete' },
    });
    const image = await client.call('attachments.pageImage', { requestId: draft.id, documentCode: 'document_to_apostille', pageId: set.pages[1]?.id as string });
    expect(image?.mime).toBe('image/jpeg'); // rendered by poppler
    const { attachment } = await client.call('attachments.attach', { requestId: draft.id, documentCode: 'document_to_apostille', name: 'Анықтама.pdf' });
    expect(attachment.pages).toBe(3);
  });
});

describe('refusals', { timeout: 60_000 }, () => {
  it('refuses bad files with their reason, and nothing is added', async () => {
    const d = await desk();
    const client = d.archivist.client;
    const draft = await d.apostille();
    const item = { requestId: draft.id, documentCode: 'document_to_apostille' };
    const refuse = (name: string, bytes: Uint8Array) => client.fail('attachments.importFile', { ...item, name, content: b64(bytes) });
    expect(await refuse('notes.pdf', Buffer.from('This is plain text, not a PDF.\n'))).toEqual({ code: 'file_refused', params: { reason: 'unsupported_type' } });
    expect(await refuse('photo.pdf', await pngBytes())).toEqual({ code: 'file_refused', params: { reason: 'mislabeled' } });
    expect(await refuse('empty.png', new Uint8Array(0))).toEqual({ code: 'file_refused', params: { reason: 'empty' } });
    const png = await pngBytes();
    expect(await refuse('cut.png', png.subarray(0, png.length - 20))).toEqual({ code: 'file_refused', params: { reason: 'truncated' } });
    expect(await client.call('attachments.workingSets', { requestId: draft.id })).toEqual([]);
    // Nothing to attach.
    expect(await client.fail('attachments.attach', { ...item, name: 'x.pdf' })).toEqual({ code: 'file_refused', params: { reason: 'no_pages' } });
    // Not an item of this service's checklist here, and the schema's limits.
    expect((await client.fail('attachments.importFile', { ...item, documentCode: 'birth_certificate', name: 'a.png', content: b64(png) })).issues).toEqual([
      { path: 'documentCode', code: 'not_allowed' },
    ]);
    expect((await client.fail('attachments.importFile', { ...item, name: 'a.png' })).code).toBe('invalid_input');
    expect((await client.fail('attachments.upload', { part: 'A'.repeat(800_000) })).code).toBe('invalid_input');
    expect(d.count(`SELECT COUNT(*) FROM request_attachments`)).toBe(0);
  });

  it('refuses a request over its size limit, and people who do not work on the service', async () => {
    const d = await desk({ limits: { maxRequestBytes: 2_000 } });
    const draft = await d.apostille();
    const item = { requestId: draft.id, documentCode: 'document_to_apostille' };
    await d.archivist.client.call('attachments.importFile', { ...item, name: 'scan.png', content: b64(await pngBytes()) });
    expect(await d.archivist.client.fail('attachments.attach', { ...item, name: 'x.pdf' })).toEqual({ code: 'file_refused', params: { reason: 'request_too_large', limitBytes: 2_000 } });
    expect(d.count(`SELECT COUNT(*) FROM request_attachments`)).toBe(0);
    // The social officer does not work on archive requests.
    expect((await d.social.client.fail('attachments.workingSets', { requestId: draft.id })).code).toBe('forbidden');
    expect((await d.social.client.fail('attachments.list', { requestId: draft.id })).code).toBe('forbidden');
  });
});

describe('the UI says every reason', () => {
  it('has a translation for every scanner error, refused-file reason, colour mode and paper source', () => {
    const missing: string[] = [];
    for (const [locale, json] of Object.entries({ kk, ru, en })) {
      const a = (json as unknown as { attachments: Record<string, Record<string, unknown>> }).attachments;
      const scanner = a.scanner as unknown as Record<string, Record<string, string>>;
      for (const reason of SCAN_ERROR_REASONS) if (!a.scanErrors?.[reason]) missing.push(`${locale}:scanErrors.${reason}`);
      for (const reason of FILE_REFUSAL_REASONS) if (!a.refusals?.[reason]) missing.push(`${locale}:refusals.${reason}`);
      for (const mode of COLOR_MODES) if (!scanner.modes?.[mode]) missing.push(`${locale}:scanner.modes.${mode}`);
      for (const source of SCAN_SOURCES) if (!scanner.sources?.[source]) missing.push(`${locale}:scanner.sources.${source}`);
    }
    expect(missing).toEqual([]);
  });
});
