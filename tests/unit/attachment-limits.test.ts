// The attachments' size and page limits as administrator settings (issue 6): kept in the settings
// table and validated there (ranges, a request holds at least one whole file), read and changed
// through the API (reading: anyone signed in; changing: administrators, audited), and read by the
// attachments service at every check — a lowered limit refuses the next file with the limit named in
// the refusal, a raised one accepts it, without a restart.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import i18next from 'i18next';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/main/app';
import { DEFAULT_LIMITS } from '../../src/main/attachments/inspect';
import { hashPassword } from '../../src/main/services/passwords';
import type { ScannerDriver } from '../../src/main/scanning/types';
import { ATTACHMENT_LIMIT_RANGES, attachmentLimitsSchema, DEFAULT_ATTACHMENT_LIMITS, MIB, UPLOAD_PART_BYTES } from '../../src/shared/attachments';
import { attachmentErrorMessage } from '../../src/renderer/attachments/model';
import { resources } from '../../src/renderer/i18n/index';
import { cacheApplicant, signedInStaff } from '../helpers/desk';
import { makeIin } from '../helpers/iin';
import { connect, ManualClock, tempDir, type Client } from '../helpers/workstation';

const PASSWORD = 'password-1';
let passwordHash: string;
beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});

const cleanups: Array<() => void> = [];
afterAll(() => cleanups.forEach((cleanup) => cleanup()));

let serial = 700;

/** No scanner here: only imports. */
const noScanner = {
  listDevices: async () => [],
  options: async () => {
    throw new Error('no scanner');
  },
  scan: async () => {
    throw new Error('no scanner');
  },
} as unknown as ScannerDriver;

/** A workstation with an administrator and an archivist signed in, and an apostille draft maker. */
async function desk() {
  const dataDir = tempDir('qyzmet-limits-');
  const app: App = createApp({ dataDir, clock: new ManualClock(new Date('2026-03-02T04:00:00Z')), logger: { error: () => undefined }, scanner: noScanner });
  cleanups.push(() => {
    app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const db = app.services!.db;
  const at = '2026-03-02T04:00:00Z';
  const staff = (fullName: string, roles: string[]) =>
    signedInStaff(app, { iin: makeIin('1985-04-12', 'female', (serial += 1)), fullName, roles, passwordHash, password: PASSWORD, at });
  const admin = await staff('Айгерим Сейткали', ['administrator']);
  const archivist = await staff('Мәдина Қасымова', ['archivist']);
  const draft = async () => {
    const iin = cacheApplicant(db, makeIin('1990-05-17', 'female', (serial += 1)), at);
    const created = await archivist.client.call('requests.createDraft', {
      service: 'archive.apostille',
      channel: 'service_centre',
      applicant: { kind: 'person', iin },
      form: { documentKind: 'archival_reference', issuingArchive: 'Павлодар облысының мемлекеттік мұрағаты', destinationCountry: 'Германия', copies: 1 },
      documents: { document_to_apostille: { presented: true, presentation: 'original' } },
    });
    return { requestId: created.id, documentCode: 'document_to_apostille' };
  };
  return { app, dataDir, db, admin, archivist, draft };
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** Sends a file in parts as the UI does; the upload's id, or the refusal of the part that went over. */
async function upload(client: Client, bytes: Uint8Array): Promise<{ uploadId: string } | { refused: unknown }> {
  let uploadId: string | undefined;
  for (let offset = 0; offset < bytes.length; offset += UPLOAD_PART_BYTES) {
    const input = { ...(uploadId ? { uploadId } : {}), part: b64(bytes.subarray(offset, offset + UPLOAD_PART_BYTES)) };
    const result = await client.connection.call('attachments.upload', input);
    if (!result.ok) return { refused: result.error };
    uploadId = (result.value as { uploadId: string }).uploadId;
  }
  return { uploadId: uploadId as string };
}

/** Random pixels: they do not compress, so the file is as large as asked. */
function noise(width: number, height: number) {
  return sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } });
}

describe('the limits in the settings', () => {
  it('are the code defaults until set; validated when set; kept in the settings table', async () => {
    const d = await desk();
    const settings = d.app.services!.settings;
    expect(DEFAULT_ATTACHMENT_LIMITS).toEqual({ maxFileMiB: DEFAULT_LIMITS.maxFileBytes / MIB, maxRequestMiB: DEFAULT_LIMITS.maxRequestBytes / MIB, maxPages: DEFAULT_LIMITS.maxPages });
    expect(settings.attachmentLimits()).toEqual({});
    expect(d.app.services!.attachments.limits()).toEqual(DEFAULT_ATTACHMENT_LIMITS);

    const refused = (limits: unknown) => {
      try {
        settings.setAttachmentLimits(limits as never);
      } catch (error) {
        return (error as { code: string; issues?: unknown }).issues;
      }
      throw new Error('accepted');
    };
    expect(refused({ maxFileMiB: 0, maxRequestMiB: 200, maxPages: 1000 })).toEqual([{ path: 'maxFileMiB', code: 'too_short', params: { min: 1 } }]);
    expect(refused({ maxFileMiB: 201, maxRequestMiB: 1000, maxPages: 1000 })).toEqual([{ path: 'maxFileMiB', code: 'too_long', params: { max: 200 } }]);
    expect(refused({ maxFileMiB: 10, maxRequestMiB: 1001, maxPages: 1000 })).toEqual([{ path: 'maxRequestMiB', code: 'too_long', params: { max: 1000 } }]);
    expect(refused({ maxFileMiB: 10, maxRequestMiB: 200, maxPages: 2001 })).toEqual([{ path: 'maxPages', code: 'too_long', params: { max: 2000 } }]);
    expect(refused({ maxFileMiB: 10, maxRequestMiB: 200, maxPages: 0 })).toEqual([{ path: 'maxPages', code: 'too_short', params: { min: 1 } }]);
    expect(refused({ maxFileMiB: 1.5, maxRequestMiB: 200, maxPages: 10 })).toEqual([{ path: 'maxFileMiB', code: 'wrong_type' }]);
    // A request takes at least one whole file.
    expect(refused({ maxFileMiB: 100, maxRequestMiB: 50, maxPages: 10 })).toEqual([{ path: 'maxRequestMiB', code: 'attachments.request_below_file' }]);
    expect(settings.attachmentLimits()).toEqual({});

    settings.setAttachmentLimits({ maxFileMiB: 200, maxRequestMiB: 200, maxPages: 1 });
    expect(settings.attachmentLimits()).toEqual({ maxFileMiB: 200, maxRequestMiB: 200, maxPages: 1 });
    const row = (key: string) => d.db.prepare(`SELECT value FROM settings WHERE key = ?`).pluck().get(key);
    expect([row('attachment_max_file_mib'), row('attachment_max_request_mib'), row('attachment_max_pages')]).toEqual(['200', '200', '1']);
    // A value edited by hand out of range is not trusted: that one limit falls back to the default.
    d.db.prepare(`UPDATE settings SET value = '99999' WHERE key = 'attachment_max_file_mib'`).run();
    expect(settings.attachmentLimits()).toEqual({ maxRequestMiB: 200, maxPages: 1 });
    expect(d.app.services!.attachments.limits()).toEqual({ maxFileMiB: 50, maxRequestMiB: 200, maxPages: 1 });
    // The form and the service check with the same schema.
    expect(ATTACHMENT_LIMIT_RANGES).toEqual({ maxFileMiB: { min: 1, max: 200 }, maxRequestMiB: { min: 1, max: 1000 }, maxPages: { min: 1, max: 2000 } });
    expect(attachmentLimitsSchema.safeParse({ maxFileMiB: 1, maxRequestMiB: 1, maxPages: 1 }).success).toBe(true);
  });

  it('through the API: anyone signed in reads them, administrators change them (audited), others may not', async () => {
    const d = await desk();
    expect(await d.archivist.client.call('settings.attachmentLimits', {})).toEqual({ maxFileMiB: 50, maxRequestMiB: 200, maxPages: 1000 });
    expect((await connect(d.app).fail('settings.attachmentLimits', {})).code).toBe('not_signed_in');
    expect((await d.archivist.client.fail('settings.setAttachmentLimits', { maxFileMiB: 5, maxRequestMiB: 20, maxPages: 100 })).code).toBe('forbidden');

    const bad = await d.admin.client.fail('settings.setAttachmentLimits', { maxFileMiB: 300, maxRequestMiB: 20, maxPages: 100 });
    expect(bad.code).toBe('invalid_input');
    // Only the value out of range (the request ≥ file check waits for two valid numbers).
    expect(bad.issues).toEqual([{ path: 'maxFileMiB', code: 'too_long', params: { max: 200 } }]);
    expect((await d.admin.client.fail('settings.setAttachmentLimits', { maxFileMiB: 30, maxRequestMiB: 20, maxPages: 100 })).issues).toEqual([
      { path: 'maxRequestMiB', code: 'attachments.request_below_file' },
    ]);

    expect(await d.admin.client.call('settings.setAttachmentLimits', { maxFileMiB: 5, maxRequestMiB: 20, maxPages: 100 })).toEqual({ maxFileMiB: 5, maxRequestMiB: 20, maxPages: 100 });
    expect(await d.archivist.client.call('settings.attachmentLimits', {})).toEqual({ maxFileMiB: 5, maxRequestMiB: 20, maxPages: 100 });
    const [entry] = await d.admin.client.call('audit.list', { limit: 1 });
    expect(entry).toMatchObject({ action: 'settings.changed', actorIin: d.admin.iin, detail: { maxFileMiB: 5, maxRequestMiB: 20, maxPages: 100 } });
    expect((await d.admin.client.call('audit.verify', {})).ok).toBe(true);
  });

  it('survive a restart', async () => {
    const dataDir = tempDir('qyzmet-limits-restart-');
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const first = createApp({ dataDir, clock: new ManualClock(), logger: { error: () => undefined }, scanner: noScanner });
    first.services!.settings.setAttachmentLimits({ maxFileMiB: 7, maxRequestMiB: 70, maxPages: 700 });
    first.close();
    const second = createApp({ dataDir, clock: new ManualClock(), logger: { error: () => undefined }, scanner: noScanner });
    try {
      expect(second.services!.attachments.limits()).toEqual({ maxFileMiB: 7, maxRequestMiB: 70, maxPages: 700 });
    } finally {
      second.close();
    }
  });
});

describe('the attachments service reads them at every check', { timeout: 60_000 }, () => {
  it('a file over a lowered per-file limit is refused with the limit; the same file is accepted once the limit is raised', async () => {
    const d = await desk();
    const client = d.archivist.client;
    const item = await d.draft();
    const big = await noise(700, 700).png().toBuffer();
    expect(big.length).toBeGreaterThan(1.2 * MIB);
    expect(big.length).toBeLessThan(2 * MIB);

    // Lowered to 1 MiB: the upload stops at the part that goes over, and says the limit.
    await d.admin.client.call('settings.setAttachmentLimits', { maxFileMiB: 1, maxRequestMiB: 200, maxPages: 1000 });
    expect(await upload(client, big)).toEqual({ refused: { code: 'file_refused', params: { reason: 'too_large', limitBytes: MIB } } });

    // Raised to 2 MiB: the next file goes through, without a restart.
    await d.admin.client.call('settings.setAttachmentLimits', { maxFileMiB: 2, maxRequestMiB: 200, maxPages: 1000 });
    const sent = await upload(client, big);
    if (!('uploadId' in sent)) throw new Error(`refused: ${JSON.stringify(sent.refused)}`);
    const set = await client.call('attachments.importFile', { ...item, name: 'noise.png', uploadId: sent.uploadId });
    expect(set.pages).toHaveLength(1);

    // Lowered between the upload and the import: the import checks the limit of that moment.
    const again = await upload(client, big);
    if (!('uploadId' in again)) throw new Error('refused');
    await d.admin.client.call('settings.setAttachmentLimits', { maxFileMiB: 1, maxRequestMiB: 200, maxPages: 1000 });
    expect(await client.fail('attachments.importFile', { ...item, name: 'noise.png', uploadId: again.uploadId })).toEqual({
      code: 'file_refused',
      params: { reason: 'too_large', limitBytes: MIB },
    });
    expect((await client.call('attachments.workingSets', { requestId: item.requestId }))[0]?.pages).toHaveLength(1);
  });

  it("the per-request limit: an attachment that would take the request's files over it is refused with the limit, accepted once raised", async () => {
    const d = await desk();
    const client = d.archivist.client;
    const item = await d.draft();
    const importJpeg = async () => {
      const jpeg = await noise(800, 800).jpeg({ quality: 95 }).toBuffer();
      expect(jpeg.length).toBeGreaterThan(0.55 * MIB);
      expect(jpeg.length).toBeLessThan(0.9 * MIB);
      const sent = await upload(client, jpeg);
      if (!('uploadId' in sent)) throw new Error(`refused: ${JSON.stringify(sent.refused)}`);
      await client.call('attachments.importFile', { ...item, name: 'noise.jpg', uploadId: sent.uploadId });
    };
    await d.admin.client.call('settings.setAttachmentLimits', { maxFileMiB: 1, maxRequestMiB: 1, maxPages: 1000 });
    await importJpeg();
    const first = await client.call('attachments.attach', { ...item, name: 'first.pdf' });
    expect(first.attachment.size).toBeLessThan(MIB);

    await importJpeg();
    expect(await client.fail('attachments.attach', { ...item, name: 'second.pdf' })).toEqual({
      code: 'file_refused',
      params: { reason: 'request_too_large', limitBytes: MIB },
    });
    expect(await client.call('attachments.list', { requestId: item.requestId })).toHaveLength(1);

    await d.admin.client.call('settings.setAttachmentLimits', { maxFileMiB: 1, maxRequestMiB: 3, maxPages: 1000 });
    expect((await client.call('attachments.attach', { ...item, name: 'second.pdf' })).duplicate).toBe(false);
    expect(await client.call('attachments.list', { requestId: item.requestId })).toHaveLength(2);
  });

  it('the page limit: a document with more pages is refused with the limit', async () => {
    const d = await desk();
    const client = d.archivist.client;
    const item = await d.draft();
    const pdf = await PDFDocument.create();
    for (let i = 0; i < 3; i += 1) pdf.addPage([595, 842]);
    const bytes = await pdf.save();
    await d.admin.client.call('settings.setAttachmentLimits', { maxFileMiB: 50, maxRequestMiB: 200, maxPages: 2 });
    expect(await client.fail('attachments.importFile', { ...item, name: 'three.pdf', content: b64(bytes) })).toEqual({
      code: 'file_refused',
      params: { reason: 'too_many_pages', limitPages: 2 },
    });
    await d.admin.client.call('settings.setAttachmentLimits', { maxFileMiB: 50, maxRequestMiB: 200, maxPages: 3 });
    expect((await client.call('attachments.importFile', { ...item, name: 'three.pdf', content: b64(bytes) })).pages).toHaveLength(3);
    // …and together with the pages already in the working set.
    expect(await client.fail('attachments.importFile', { ...item, name: 'three.pdf', content: b64(bytes) })).toEqual({
      code: 'file_refused',
      params: { reason: 'too_many_pages', limitPages: 3 },
    });
  });
});

describe('the UI names the limit', () => {
  beforeAll(async () => {
    await i18next.init({ resources, lng: 'en', fallbackLng: false, interpolation: { escapeValue: false }, initAsync: false });
  });

  it('in every language, in megabytes or pages; without a limit, the plain reason', async () => {
    const message = (params: Record<string, string | number>) => attachmentErrorMessage(i18next.t, { code: 'file_refused', params });
    await i18next.changeLanguage('en');
    expect(message({ reason: 'too_large', limitBytes: MIB })).toBe('The file is too large: the limit is 1 MB.');
    expect(message({ reason: 'request_too_large', limitBytes: 20 * MIB })).toBe("The request's attachments together would be too large: the limit is 20 MB.");
    expect(message({ reason: 'too_many_pages', limitPages: 100 })).toBe('Too many pages: the limit is 100.');
    expect(message({ reason: 'too_large', limitBytes: 2_000 })).toBe('The file is too large: the limit is 2 KB.');
    expect(message({ reason: 'too_large' })).toBe('The file is too large.');
    await i18next.changeLanguage('ru');
    expect(message({ reason: 'too_large', limitBytes: 5 * MIB })).toBe('Файл слишком большой: ограничение — 5 МБ.');
    await i18next.changeLanguage('kk');
    expect(message({ reason: 'too_large', limitBytes: 5 * MIB })).toBe('Файл тым үлкен: шегі — 5 МБ.');
  });
});
