// Scanning (issue 6) against a real SANE device: the `test` backend through `scanimage`, enabled in
// a test-local SANE_CONFIG_DIR (tests/helpers/sane.ts). Covers device listing, options, a single
// grey page at 300 dpi, feeder batches, cancel mid-batch (pages kept), failing devices, an empty
// feeder, a scanner that dies mid-batch; then page operations, file import and PDF assembly, the
// PDFs checked with poppler (pdfinfo, pdftotext, pdfimages) and qpdf --check.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { assemblePdf } from '../../src/main/attachments/assemble';
import {
  deletePage,
  insertPages,
  movePage,
  pageFromImage,
  PageListError,
  reorderPages,
  replacePage,
  rotatePage,
  type Page,
} from '../../src/main/attachments/pages';
import { importFile } from '../../src/main/scanning/import';
import { parsePnm, readPng, type PageImage } from '../../src/main/scanning/page-image';
import { classifySaneMessage, createSaneDriver, parseDeviceOptions } from '../../src/main/scanning/sane';
import { ScannerError, type ScanHandlers, type ScanSettings } from '../../src/main/scanning/types';
import { naps2ErrorCode, naps2ScanArgs, wiaErrorCode } from '../../src/main/scanning/wia';
import { createScannerDriver } from '../../src/main/scanning';
import { saneTestConfig, scanimageChildren, type SaneTestOptions } from '../helpers/sane';

const configs: Array<{ cleanup(): void }> = [];
afterAll(() => configs.forEach((config) => config.cleanup()));

function driver(options: SaneTestOptions = {}, extra: Parameters<typeof createSaneDriver>[0] = {}) {
  const config = saneTestConfig(options);
  configs.push(config);
  return createSaneDriver({ env: config.env, ...extra });
}

function collect() {
  const pages: PageImage[] = [];
  const progress: Array<[number, number]> = [];
  const handlers: ScanHandlers = {
    onPage: (page, index) => {
      expect(index).toBe(pages.length);
      pages.push(page);
    },
    onProgress: (percent, page) => progress.push([percent, page]),
  };
  return { pages, progress, handlers };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-scan-test-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let fileSerial = 0;
function writeTemp(bytes: Uint8Array, name = `f${(fileSerial += 1)}.pdf`): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, bytes);
  return file;
}
const run = (program: string, args: string[]) => execFileSync(program, args, { encoding: 'utf8' });
function pdfinfo(bytes: Uint8Array, ...args: string[]): Record<string, string> {
  const out = run('pdfinfo', [...args, writeTemp(bytes)]);
  return Object.fromEntries(
    out
      .split('\n')
      .map((line) => /^([^:]+):\s*(.*)$/.exec(line))
      .filter((match): match is RegExpExecArray => Boolean(match))
      .map((match) => [match[1] as string, match[2] as string]),
  );
}
function qpdfCheck(bytes: Uint8Array): string {
  return run('qpdf', ['--check', writeTemp(bytes)]);
}

const GREY_300: ScanSettings = { resolution: 300, mode: 'gray', source: 'flatbed', pageSize: 'A4' };

describe('SANE devices and options', { timeout: 20_000 }, () => {
  it('lists the test backend devices, and none when no backend is configured', async () => {
    const devices = await driver({ devices: 2 }).listDevices();
    expect(devices.map((device) => device.id)).toEqual(['test:0', 'test:1']);
    expect(devices[0]).toMatchObject({ vendor: 'Noname', model: 'frontend-tester', type: 'virtual device', driver: 'sane' });

    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-sane-none-'));
    fs.writeFileSync(path.join(empty, 'dll.conf'), '');
    configs.push({ cleanup: () => fs.rmSync(empty, { recursive: true, force: true }) });
    expect(await createSaneDriver({ env: { SANE_CONFIG_DIR: empty } }).listDevices()).toEqual([]);
  });

  it("reads a device's options: resolutions, modes, sources and the page sizes that fit", async () => {
    const options = await driver().options('test:0');
    expect(options.resolutionRange).toEqual({ min: 1, max: 1200, step: 1 });
    expect(options.resolutions).toEqual([75, 100, 150, 200, 300, 400, 600, 1200]);
    expect(options.modes).toEqual(['color', 'gray', 'lineart']);
    expect(options.sources).toEqual(['flatbed', 'adf']);
    expect(options.maxAreaMm).toEqual({ width: 300, height: 300 });
    expect(options.pageSizes).toEqual(['A4', 'A5', 'Letter']);
    expect(options.defaults).toEqual({ resolution: 300, mode: 'gray', source: 'flatbed' });

    // A 250 × 250 mm area: A4 and Letter do not fit, A5 does.
    expect((await driver({ geometryMaxMm: 250 }).options('test:0')).pageSizes).toEqual(['A5']);
  });

  it('refuses a device that does not exist, and device ids that are not device names', async () => {
    const sane = driver();
    await expect(sane.options('test:7')).rejects.toMatchObject({ code: 'device_not_found' });
    await expect(sane.options('--help')).rejects.toBeInstanceOf(ScannerError);
    await expect(sane.options('test:0\nx')).rejects.toMatchObject({ code: 'device_not_found' });
  });

  it('parses option listings of real devices (list resolutions, lineart modes, duplex feeders)', () => {
    const listing = [
      'All options specific to device `fujitsu:fi-7160:1234\':',
      '  Standard:',
      '    --source Flatbed|ADF Front|ADF Back|ADF Duplex [ADF Front]',
      '        Selects the scan source (such as a document-feeder).',
      '    --mode Lineart|Halftone|Gray|Color [Lineart]',
      '    --resolution 50|75|100|150|200|300|600dpi [300]',
      '  Geometry:',
      '    -l 0..224.846mm (in steps of 0.0211639) [0]',
      '    -t 0..863.489mm (in steps of 0.0211639) [0]',
      '    -x 0..215.872mm (in steps of 0.0211639) [215.872]',
      '    -y 0..355.6mm (in steps of 0.0211639) [279.364]',
      '    --page-width 0..221.121mm (in steps of 0.0211639) [215.872]',
      '    --page-height 0..863.489mm (in steps of 0.0211639) [279.364]',
    ].join('\n');
    const info = parseDeviceOptions('fujitsu:fi-7160:1234', listing);
    expect(info.options.resolutions).toEqual([50, 75, 100, 150, 200, 300, 600]);
    expect(info.options.resolutionRange).toBeNull();
    expect(info.options.modes).toEqual(['color', 'gray', 'lineart']);
    expect(info.modeNames).toMatchObject({ lineart: 'Lineart', gray: 'Gray', color: 'Color' });
    expect(info.options.sources).toEqual(['flatbed', 'adf', 'adf-duplex']);
    expect(info.sourceNames).toEqual({ flatbed: 'Flatbed', adf: 'ADF Front', 'adf-duplex': 'ADF Duplex' });
    expect(info.options.pageSizes).toEqual(['A4', 'A5', 'Letter']);
    expect(info.pageWidthHeight).toBe(true);
  });

  it('maps SANE messages and exit statuses to error codes', () => {
    expect(classifySaneMessage('sane_start: Document feeder out of documents')).toBe('feeder_empty');
    expect(classifySaneMessage('sane_read: Document feeder jammed')).toBe('jammed');
    expect(classifySaneMessage('sane_read: Error during device I/O')).toBe('device_io');
    expect(classifySaneMessage('sane_start: Device busy')).toBe('scanner_busy');
    expect(classifySaneMessage('open of device epson2:net:10.0.0.5 failed: Invalid argument')).toBe('device_not_found');
    expect(classifySaneMessage('open of device genesys:libusb:001:004 failed: Access to resource has been denied')).toBe('access_denied');
    expect(classifySaneMessage('no SANE devices found')).toBe('device_not_found');
    expect(classifySaneMessage('something new', 8)).toBe('cover_open');
    expect(classifySaneMessage('something new')).toBe('driver_failed');
  });
});

describe('SANE scanning', { timeout: 20_000 }, () => {
  it('scans one grey A4 page at 300 dpi into a JPEG well under 300 KB, with progress and a thumbnail', async () => {
    const { pages, progress, handlers } = collect();
    const outcome = await driver({ picture: 'Grid' }).scan('test:0', GREY_300, handlers);
    expect(outcome.ok).toBe(true);
    expect(outcome.pages).toHaveLength(1);
    expect(pages).toEqual(outcome.pages);
    const page = outcome.pages[0] as PageImage;
    expect(page).toMatchObject({ format: 'jpeg', width: 2480, height: 3507, dpi: 300, mode: 'gray' });
    expect(page.data.length).toBeLessThan(300 * 1024);
    const meta = await sharp(page.data).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 2480, height: 3507, channels: 1, density: 300 });
    const thumb = await sharp(page.thumbnail).metadata();
    expect(thumb.format).toBe('jpeg');
    expect(Math.max(thumb.width, thumb.height)).toBeLessThanOrEqual(240);
    expect(page.thumbnail.length).toBeLessThan(40 * 1024);
    expect(progress.length).toBeGreaterThan(3);
    expect(progress[progress.length - 1]).toEqual([100, 0]);
  });

  it('scans lineart as a 1-bit PNG and colour as an RGB JPEG', async () => {
    const sane = driver({ picture: 'Grid' });
    const lineart = await sane.scan('test:0', { resolution: 200, mode: 'lineart' }, collect().handlers);
    expect(lineart.ok).toBe(true);
    const page = lineart.pages[0] as PageImage;
    expect(page).toMatchObject({ format: 'png', mode: 'lineart', width: 1653, height: 2338, dpi: 200 });
    expect(readPng(page.data)).toMatchObject({ bitDepth: 1, colorType: 0, width: 1653, height: 2338 });

    const colour = await driver({ picture: 'Color pattern' }).scan('test:1', { resolution: 100, mode: 'color', pageSize: 'A5' }, collect().handlers);
    expect(colour.ok).toBe(true);
    expect(colour.pages[0]).toMatchObject({ format: 'jpeg', mode: 'color', width: 582, height: 826 });
    expect((await sharp((colour.pages[0] as PageImage).data).metadata()).channels).toBe(3);
  });

  it('scans a feeder batch page by page, and a feeder that runs out ends the batch normally', async () => {
    const sane = driver({ picture: 'Grid' });
    const { pages, handlers } = collect();
    const four = await sane.scan('test:0', { resolution: 150, mode: 'gray', source: 'adf', maxPages: 4 }, handlers);
    expect(four.ok ? null : four.error).toBeNull();
    expect(four.pages).toHaveLength(4);
    expect(pages).toHaveLength(4);
    expect(four.pages.every((page) => page.width === 1240 && page.height === 1753 && page.dpi === 150)).toBe(true);

    // The test backend's feeder holds 10 sheets: "scan the whole feeder" gets all 10.
    const all = await sane.scan('test:0', { resolution: 75, mode: 'gray', source: 'adf' }, collect().handlers);
    expect(all.ok ? null : all.error).toBeNull();
    expect(all.pages).toHaveLength(10);
  });

  it('cancels mid-batch: the pages scanned so far are kept, the page under way is dropped', async () => {
    // 16 KB reads, 50 ms after each 64 KB: a 100 dpi A4 grey page takes about 0.75 s.
    const sane = driver({ picture: 'Grid', readDelayUs: 50_000, readLimitBytes: 16_384 });
    const controller = new AbortController();
    const { pages, handlers } = collect();
    const onPage = handlers.onPage;
    handlers.onPage = (page, index) => {
      onPage(page, index);
      if (index === 1) controller.abort();
    };
    const started = Date.now();
    const outcome = await sane.scan('test:0', { resolution: 100, mode: 'gray', source: 'adf', maxPages: 6 }, handlers, controller.signal);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe('cancelled');
    expect(outcome.pages.length).toBeGreaterThanOrEqual(2);
    expect(outcome.pages.length).toBeLessThan(6);
    expect(pages).toEqual(outcome.pages);
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(scanimageChildren()).toEqual([]);
  });

  it('a scan cancelled before it starts does not touch the device', async () => {
    const controller = new AbortController();
    controller.abort();
    const outcome = await driver().scan('test:0', GREY_300, collect().handlers, controller.signal);
    expect(outcome).toMatchObject({ ok: false, pages: [], error: { code: 'cancelled' } });
  });

  it.each([
    ['SANE_STATUS_JAMMED', 'jammed', 'Document feeder jammed'],
    ['SANE_STATUS_IO_ERROR', 'device_io', 'Error during device I/O'],
    ['SANE_STATUS_DEVICE_BUSY', 'scanner_busy', 'Device busy'],
    ['SANE_STATUS_COVER_OPEN', 'cover_open', 'Scanner cover is open'],
    ['SANE_STATUS_ACCESS_DENIED', 'access_denied', 'Access to resource has been denied'],
  ] as const)('a device failing with %s gives %s with the driver text', async (status, code, text) => {
    const outcome = await driver({ readStatus: status }).scan('test:0', { resolution: 75, mode: 'gray', source: 'adf' }, collect().handlers);
    expect(outcome).toMatchObject({ ok: false, pages: [], error: { code } });
    if (!outcome.ok) expect(outcome.error.message).toContain(text);
  });

  it('a device that does not exist (or vanished since the list) gives device_not_found', async () => {
    const outcome = await driver({ devices: 1 }).scan('test:5', GREY_300, collect().handlers);
    expect(outcome).toMatchObject({ ok: false, pages: [], error: { code: 'device_not_found' } });
  });

  it('an empty feeder gives feeder_empty and no pages', async () => {
    const outcome = await driver({ readStatus: 'SANE_STATUS_NO_DOCS' }).scan('test:0', { resolution: 150, mode: 'gray', source: 'adf' }, collect().handlers);
    expect(outcome).toMatchObject({ ok: false, pages: [], error: { code: 'feeder_empty' } });
    if (!outcome.ok) expect(outcome.error.message).toContain('Document feeder out of documents');
  });

  it('a scanner that dies mid-batch keeps the pages already scanned', async () => {
    const sane = driver({ picture: 'Grid', readDelayUs: 50_000, readLimitBytes: 16_384 });
    const { handlers } = collect();
    const onPage = handlers.onPage;
    handlers.onPage = (page, index) => {
      onPage(page, index);
      // The device goes away under scanimage: its process is killed, as a crashing backend would be.
      if (index === 1) for (const pid of scanimageChildren()) process.kill(pid, 'SIGKILL');
    };
    const outcome = await sane.scan('test:0', { resolution: 100, mode: 'gray', source: 'adf', maxPages: 6 }, handlers);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toEqual({ code: 'driver_failed', message: 'scanimage was ended by SIGKILL' });
    expect(outcome.pages.length).toBeGreaterThanOrEqual(2);
    expect(outcome.pages.length).toBeLessThan(6);
  });

  it('a scanner that stops sending data is given up on (device_io), not waited for forever', async () => {
    const sane = driver({ readDelayUs: 200_000, readLimitBytes: 16_384 }, { stallTimeoutMs: 60 });
    const outcome = await sane.scan('test:0', { resolution: 100, mode: 'gray' }, collect().handlers);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'device_io' } });
  });

  it('one scan at a time per device; invalid settings are refused before scanimage runs', async () => {
    const sane = driver({ readDelayUs: 20_000, readLimitBytes: 16_384 });
    const first = sane.scan('test:0', { resolution: 100, mode: 'gray', source: 'adf', maxPages: 2 }, collect().handlers);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const second = await sane.scan('test:0', { resolution: 100, mode: 'gray' }, collect().handlers);
    expect(second).toMatchObject({ ok: false, error: { code: 'scanner_busy' } });
    expect((await first).ok).toBe(true);

    const bad = (settings: unknown) => sane.scan('test:0', settings as ScanSettings, collect().handlers);
    expect(await bad({ resolution: 300, mode: 'sepia' })).toMatchObject({ ok: false, error: { code: 'invalid_settings' } });
    expect(await bad({ resolution: '300; rm -rf /', mode: 'gray' })).toMatchObject({ ok: false, error: { code: 'invalid_settings' } });
    expect(await bad({ resolution: 300, mode: 'gray', source: 'adf-duplex' })).toMatchObject({ ok: false, error: { code: 'invalid_settings' } });
    expect(await sane.scan('--version', GREY_300, collect().handlers)).toMatchObject({ ok: false, error: { code: 'device_not_found' } });
  });

  it('ends a scanimage that hangs after its batch (seen with the test backend), keeping the outcome', async () => {
    const script = path.join(tmp, 'hanging-scanimage');
    fs.writeFileSync(
      script,
      [
        '#!/bin/sh',
        'if [ "$1" = "-A" ]; then',
        "  printf '    --mode Gray|Color [Gray]\\n    --resolution 75..600dpi (in steps of 1) [300]\\n    --source Flatbed|ADF [ADF]\\n'",
        '  exit 0',
        'fi',
        'echo "Scanning page 1" >&2',
        'echo "scanimage: sane_start: Document feeder out of documents" >&2',
        'echo "Batch terminated, 0 pages scanned" >&2',
        'exec sleep 30',
      ].join('\n'),
      { mode: 0o755 },
    );
    const started = Date.now();
    const outcome = await createSaneDriver({ scanimage: script, exitGraceMs: 200 }).scan('fake:0', { resolution: 300, mode: 'gray', source: 'adf' }, collect().handlers);
    expect(outcome).toMatchObject({ ok: false, pages: [], error: { code: 'feeder_empty' } });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('reports a missing scanimage as driver_missing', async () => {
    const missing = createSaneDriver({ scanimage: '/nonexistent/scanimage' });
    await expect(missing.listDevices()).rejects.toMatchObject({ code: 'driver_missing' });
    expect(await missing.scan('test:0', GREY_300, collect().handlers)).toMatchObject({ ok: false, error: { code: 'driver_missing' } });
  });

  it('picks SANE on Linux and WIA on Windows; the WIA helpers map errors and build NAPS2 arguments', () => {
    expect(createScannerDriver({}, 'linux').name).toBe('sane');
    expect(createScannerDriver({ wia: { naps2: null } }, 'win32').name).toBe('wia');
    expect(wiaErrorCode(0x80210003)).toBe('feeder_empty');
    expect(wiaErrorCode(-2145320958)).toBe('jammed'); // 0x80210002 as PowerShell prints an HRESULT
    expect(wiaErrorCode(0x12345)).toBe('driver_failed');
    expect(naps2ErrorCode('No pages are in the feeder.')).toBe('feeder_empty');
    expect(naps2ScanArgs('Canon DR-C225 "x"', { resolution: 300, mode: 'lineart', source: 'adf-duplex', pageSize: 'A5' }, 'C:\\t\\p$(nnnn).png')).toEqual([
      '--noprofile', '--driver', 'wia', '--device', 'Canon DR-C225 "x"', '--source', 'duplex', '--dpi', '300', '--bitdepth', 'bw', '--pagesize', 'a5', '--jpegquality', '90', '-o', 'C:\\t\\p$(nnnn).png', '-f',
    ]);
  });
});

// ---- pages and assembly ----

async function greyPages(count: number, resolution = 300): Promise<PageImage[]> {
  const outcome = await driver({ picture: 'Grid' }).scan('test:0', { resolution, mode: 'gray', source: 'adf', maxPages: count }, collect().handlers);
  expect(outcome.ok ? null : outcome.error).toBeNull();
  return outcome.pages;
}

describe('page operations', () => {
  const page = (id: string): Page => ({ id, source: { kind: 'pdf', document: new Uint8Array(), pageIndex: 0, widthPt: 1, heightPt: 1 }, rotation: 0, thumbnail: null });
  const ids = (pages: Page[]) => pages.map((entry) => entry.id);
  const list = ['a', 'b', 'c', 'd'].map(page);

  it('moves, reorders, rotates, deletes, replaces and inserts without touching the old list', () => {
    expect(ids(movePage(list, 0, 2))).toEqual(['b', 'c', 'a', 'd']);
    expect(ids(movePage(list, 3, 0))).toEqual(['d', 'a', 'b', 'c']);
    expect(ids(reorderPages(list, ['d', 'c', 'b', 'a']))).toEqual(['d', 'c', 'b', 'a']);
    expect(rotatePage(list, 'b', 1)[1]?.rotation).toBe(90);
    expect(rotatePage(list, 'b', -1)[1]?.rotation).toBe(270);
    expect(rotatePage(rotatePage(list, 'b', 3), 'b', 2)[1]?.rotation).toBe(90);
    expect(ids(deletePage(list, 'c'))).toEqual(['a', 'b', 'd']);
    const rescanned = replacePage(list, 'b', page('new'));
    expect(ids(rescanned)).toEqual(['a', 'b', 'c', 'd']);
    expect(rescanned[1]).not.toBe(list[1]);
    expect(ids(insertPages(list, 1, [page('x'), page('y')]))).toEqual(['a', 'x', 'y', 'b', 'c', 'd']);
    expect(ids(list)).toEqual(['a', 'b', 'c', 'd']);
    expect(list.every((entry) => entry.rotation === 0)).toBe(true);
  });

  it('refuses operations on pages that are not there', () => {
    expect(() => reorderPages(list, ['a', 'b', 'c'])).toThrow(PageListError);
    expect(() => reorderPages(list, ['a', 'a', 'b', 'c'])).toThrow(/exactly once/);
    expect(() => deletePage(list, 'zz')).toThrow(PageListError);
    expect(() => movePage(list, 0, 4)).toThrow(PageListError);
    expect(() => insertPages(list, 9, [])).toThrow(PageListError);
  });
});

describe('PDF assembly', { timeout: 20_000 }, () => {
  it('assembles scanned pages into one valid PDF: A4 pages, JPEG images, under 300 KB a page, rotations kept', async () => {
    const scanned = await greyPages(3);
    let pages = scanned.map((image) => pageFromImage(image));
    pages = rotatePage(pages, pages[1]!.id, 1);
    const pdf = await assemblePdf(pages, { title: 'Жеке куәлік' });
    expect(qpdfCheck(pdf)).toMatch(/No syntax or stream encoding errors found/);
    const info = pdfinfo(pdf);
    expect(info.Pages).toBe('3');
    expect(info['Page size']).toMatch(/^595\.2 x 841\.68 pts/);
    expect(info.Title).toBe('Жеке куәлік');
    expect(info.Encrypted).toBe('no');
    expect(pdfinfo(pdf, '-f', '2', '-l', '2')['Page    2 rot']).toBe('90');
    expect(pdf.length / 3).toBeLessThan(300 * 1024);
    const images = run('pdfimages', ['-list', writeTemp(pdf)]).split('\n').slice(2).filter(Boolean);
    expect(images).toHaveLength(3);
    expect(images.every((line) => /\bimage\s+2480\s+3507\s+gray\s+1\s+8\s+jpeg\b/.test(line))).toBe(true);
    // Same pages, same bytes: the hash a request refers to does not depend on when it was assembled.
    expect(Buffer.from(await assemblePdf(pages, { title: 'Жеке куәлік' })).equals(Buffer.from(pdf))).toBe(true);
  });

  it('keeps lineart bilevel in the PDF (1 bit per pixel, Flate) and mixes it with grey and colour pages', async () => {
    const sane = driver({ picture: 'Grid' });
    const lineart = await sane.scan('test:0', { resolution: 300, mode: 'lineart' }, collect().handlers);
    const colour = await sane.scan('test:0', { resolution: 150, mode: 'color' }, collect().handlers);
    const pages = [...lineart.pages, ...colour.pages, ...(await greyPages(1, 200))].map((image) => pageFromImage(image));
    const pdf = await assemblePdf(pages);
    expect(qpdfCheck(pdf)).toMatch(/No syntax or stream encoding errors found/);
    const images = run('pdfimages', ['-list', writeTemp(pdf)]).split('\n').slice(2).filter(Boolean);
    expect(images[0]).toMatch(/\bimage\s+2480\s+3507\s+gray\s+1\s+1\s+image\b/);
    expect(images[1]).toMatch(/\bimage\s+1240\s+1753\s+rgb\s+3\s+8\s+jpeg\b/);
    expect(images[2]).toMatch(/\bimage\s+1653\s+2338\s+gray\s+1\s+8\s+jpeg\b/);
    // The bilevel page renders as black and white squares (the test backend's grid), not as noise.
    const prefix = path.join(tmp, `render-${(fileSerial += 1)}`);
    run('pdftoppm', ['-f', '1', '-l', '1', '-r', '20', '-gray', writeTemp(pdf), prefix]);
    const rendered = parsePnm(fs.readFileSync(`${prefix}-1.pgm`));
    const values = new Set(rendered.data);
    expect([...values].filter((value) => value > 20 && value < 235).length).toBeLessThan(values.size);
    const dark = rendered.data.filter((value) => value < 128).length / rendered.data.length;
    expect(dark).toBeGreaterThan(0.3);
    expect(dark).toBeLessThan(0.7);
  });

  it('copies imported PDF pages with their text, in the page list order, next to scanned pages', async () => {
    const source = await PDFDocument.create();
    const font = await source.embedFont(StandardFonts.Helvetica);
    for (const text of ['first imported page', 'second imported page']) source.addPage([595, 842]).drawText(text, { x: 50, y: 700, size: 20, font });
    const imported = await importFile(await source.save(), { declaredName: 'certificate.pdf' });
    expect(imported.ok).toBe(true);
    if (!imported.ok) return;
    expect(imported.pages).toHaveLength(2);
    expect(imported.pages.every((page) => page.thumbnail && page.thumbnail.length > 0)).toBe(true);
    const scanned = (await greyPages(1, 150)).map((image) => pageFromImage(image));
    let pages = [...imported.pages, ...scanned];
    pages = reorderPages(pages, [pages[1]!.id, pages[2]!.id, pages[0]!.id]);
    pages = rotatePage(pages, pages[2]!.id, 2);
    const pdf = await assemblePdf(pages);
    expect(qpdfCheck(pdf)).toMatch(/No syntax or stream encoding errors found/);
    expect(pdfinfo(pdf).Pages).toBe('3');
    const text = run('pdftotext', ['-layout', writeTemp(pdf), '-']).split('\f');
    expect(text[0]).toContain('second imported page');
    expect(text[1]?.trim()).toBe('');
    expect(text[2]).toContain('first imported page');
    expect(pdfinfo(pdf, '-f', '3', '-l', '3')['Page    3 rot']).toBe('180');
  });
});

describe('import from disk', { timeout: 20_000 }, () => {
  it('keeps a plain JPEG byte for byte and takes its dpi', async () => {
    const jpeg = await sharp({ create: { width: 1240, height: 1754, channels: 3, background: '#e0d0c0' } }).withMetadata({ density: 150 }).jpeg({ quality: 80 }).toBuffer();
    const result = await importFile(jpeg, { declaredName: 'photo.JPG' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const page = result.pages[0] as Page;
    expect(page.source.kind).toBe('image');
    if (page.source.kind !== 'image') return;
    expect(Buffer.from(page.source.image.data).equals(jpeg)).toBe(true);
    expect(page.source.image).toMatchObject({ format: 'jpeg', dpi: 150, mode: 'color', width: 1240, height: 1754 });
  });

  it('turns a phone photo upright (EXIF orientation) and re-encodes it', async () => {
    const jpeg = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#808080' } }).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const result = await importFile(jpeg);
    if (!result.ok) throw new Error(result.reason);
    const source = result.pages[0]!.source;
    if (source.kind !== 'image') throw new Error('expected an image page');
    expect(source.image).toMatchObject({ width: 300, height: 400 });
  });

  it('imports every page of a multi-page TIFF, bilevel pages as lineart', async () => {
    const width = 850;
    const height = 1100;
    const grey = Buffer.alloc(width * height * 3, 180);
    grey.fill(40, 0, width * 200); // page 1: grey with a dark band
    const bilevelStart = width * height * 2; // page 3: black and white only
    for (let i = bilevelStart; i < grey.length; i += 1) grey[i] = (i % width) < width / 2 ? 0 : 255;
    const tiff = await sharp(grey, { raw: { width, height: height * 3, channels: 1, pageHeight: height } }).withMetadata({ density: 100 }).tiff({ compression: 'lzw' }).toBuffer();
    const result = await importFile(tiff, { declaredName: 'archive.tif' });
    if (!result.ok) throw new Error(result.reason);
    expect(result.mime).toBe('image/tiff');
    expect(result.pages).toHaveLength(3);
    const images = result.pages.map((page) => (page.source.kind === 'image' ? page.source.image : null));
    expect(images.map((image) => image?.mode)).toEqual(['gray', 'gray', 'lineart']);
    expect(images.map((image) => image?.dpi)).toEqual([100, 100, 100]);
    expect(images[2]?.format).toBe('png');
    const pdf = await assemblePdf(result.pages);
    expect(pdfinfo(pdf)['Page size']).toMatch(/^612 x 792 pts/);
  });

  it('imports a PNG; refuses hostile or mislabeled files with the store’s reasons', async () => {
    const png = await sharp({ create: { width: 300, height: 200, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 0.5 } } }).png().toBuffer();
    const result = await importFile(png, { declaredName: 'scan.png' });
    expect(result).toMatchObject({ ok: true, mime: 'image/png' });
    expect(await importFile(png, { declaredName: 'scan.pdf' })).toMatchObject({ ok: false, code: 'mislabeled' });
    expect(await importFile(new Uint8Array(0))).toMatchObject({ ok: false, code: 'empty' });
    expect(await importFile(Buffer.from('MZ\x90\x00 not a document'), { declaredName: 'doc.pdf' })).toMatchObject({ ok: false, code: 'unsupported_type' });
    const jpeg = await sharp({ create: { width: 512, height: 512, channels: 3, background: '#fff', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).jpeg().toBuffer();
    // A JPEG whose body is garbage: the header and the end marker are fine, the data is not.
    const corrupt = Buffer.from(jpeg);
    corrupt.fill(0xff, corrupt.length >> 1, (corrupt.length >> 1) + 2000);
    const decoded = await importFile(corrupt);
    if (!decoded.ok) expect(decoded.code).toBe('malformed');
  });
});
