// The attachment store (issue 6): content-addressed by SHA-256, atomic writes, de-duplication,
// re-hashing on read, type by content, size limits, and every malformed or hostile file refused
// with its reason code — never a crash.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { assemblePdf } from '../../src/main/attachments/assemble';
import { inspectFile, sniffType } from '../../src/main/attachments/inspect';
import { pageFromImage } from '../../src/main/attachments/pages';
import { createAttachmentStore } from '../../src/main/attachments/store';
import { importFile } from '../../src/main/scanning/import';
import { createSaneDriver } from '../../src/main/scanning/sane';
import { saneTestConfig } from '../helpers/sane';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-attachments-'));
  dirs.push(dir);
  return dir;
}
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Every file under a folder, relative to it. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

async function textPdf(pages = 2): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i += 1) doc.addPage([595, 842]).drawText(`page ${i + 1}`, { x: 50, y: 700, size: 18, font });
  return doc.save();
}

/** A PDF written by hand: objects numbered from 1, a correct cross-reference table, catalog = 1. */
function handPdf(objects: Array<string | Buffer>, trailerExtra = ''): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let length = parts[0]!.length;
  objects.forEach((object, i) => {
    offsets.push(length);
    const body = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), Buffer.isBuffer(object) ? object : Buffer.from(object, 'latin1'), Buffer.from('\nendobj\n')]);
    parts.push(body);
    length += body.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${length}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

function streamObject(dict: string, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]);
}

/** A zlib stream of `mib` MiB of zeros, made without holding the zeros. */
async function zeroBomb(mib: number): Promise<Buffer> {
  const deflate = zlib.createDeflate({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const zeros = Buffer.alloc(2 ** 20);
  for (let i = 0; i < mib; i += 1) if (!deflate.write(zeros)) await new Promise((resolve) => deflate.once('drain', resolve));
  deflate.end();
  await done;
  return Buffer.concat(chunks);
}

const PAGE = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>';

async function samples() {
  const jpeg = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#c0a080', noise: { type: 'gaussian', mean: 128, sigma: 20 } } }).jpeg().toBuffer();
  const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#204060' } }).png().toBuffer();
  const raw = Buffer.alloc(200 * 600, 128);
  const tiff = await sharp(raw, { raw: { width: 200, height: 600, channels: 1, pageHeight: 200 } }).tiff({ compression: 'lzw' }).toBuffer();
  return { pdf: Buffer.from(await textPdf(3)), jpeg, png, tiff };
}

describe('attachment store', { timeout: 30_000 }, () => {
  it('stores by SHA-256 under attachments/ab/cdef…, returns type and pages, and reads back verified', async () => {
    const dir = dataDir();
    const store = createAttachmentStore(dir);
    const pdf = await textPdf(2);
    const result = await store.put(pdf, { declaredName: 'Анықтама.pdf' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const hash = sha256(pdf);
    expect(result).toEqual({ ok: true, deduplicated: false, attachment: { sha256: hash, size: pdf.length, mime: 'application/pdf', pages: 2 } });
    const file = path.join(dir, 'attachments', hash.slice(0, 2), hash.slice(2));
    expect(store.pathOf(hash)).toBe(file);
    expect(Buffer.from(fs.readFileSync(file)).equals(Buffer.from(pdf))).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(await store.has(hash)).toBe(true);
    expect(await store.verify(hash)).toEqual({ ok: true, size: pdf.length });
    const read = await store.get(hash);
    expect(read.ok && Buffer.from(read.bytes).equals(Buffer.from(pdf))).toBe(true);
    expect(await store.get('0'.repeat(64))).toMatchObject({ ok: false, code: 'missing' });
    expect(await store.get('../../etc/passwd')).toMatchObject({ ok: false, code: 'invalid_hash' });
    expect(await store.has('../x')).toBe(false);
  });

  it('stores the same content once', async () => {
    const dir = dataDir();
    const store = createAttachmentStore(dir);
    const { jpeg, tiff } = await samples();
    const first = await store.put(jpeg, { declaredName: 'a.jpg' });
    const second = await store.put(new Uint8Array(jpeg), { declaredName: 'copy of a.jpeg' });
    expect(first).toMatchObject({ ok: true, deduplicated: false, attachment: { mime: 'image/jpeg', pages: 1 } });
    expect(second).toMatchObject({ ok: true, deduplicated: true, attachment: { sha256: sha256(jpeg) } });
    expect(await store.put(tiff, { declaredName: 'scan.tiff' })).toMatchObject({ ok: true, attachment: { mime: 'image/tiff', pages: 3 } });
    expect(filesUnder(path.join(dir, 'attachments')).filter((file) => !file.startsWith('tmp'))).toHaveLength(2);
  });

  it('writes atomically: a failure before the rename leaves no file under the hash and no temp file', async () => {
    const dir = dataDir();
    const pdf = await textPdf(1);
    const hash = sha256(pdf);
    const finalPath = path.join(dir, 'attachments', hash.slice(0, 2), hash.slice(2));
    const seen: string[] = [];
    const store = createAttachmentStore(dir, {
      hooks: {
        beforeCommit(temp) {
          // The whole content is on disk under its temporary name, and nothing is visible under the hash.
          seen.push(temp);
          expect(fs.readFileSync(temp).length).toBe(pdf.length);
          expect(fs.existsSync(finalPath)).toBe(false);
          throw new Error('ENOSPC: no space left on device (simulated)');
        },
      },
    });
    const result = await store.put(pdf);
    expect(result).toMatchObject({ ok: false, code: 'write_failed' });
    expect(seen).toHaveLength(1);
    expect(fs.existsSync(finalPath)).toBe(false);
    expect(await store.has(hash)).toBe(false);
    expect(filesUnder(path.join(dir, 'attachments'))).toEqual([]);

    // The same store without the fault: the file appears whole.
    const healthy = createAttachmentStore(dir);
    expect(await healthy.put(pdf)).toMatchObject({ ok: true, deduplicated: false });
    expect(await healthy.verify(hash)).toEqual({ ok: true, size: pdf.length });
  });

  it('sweeps temporary files left by a crash, and never shows them as attachments', async () => {
    const dir = dataDir();
    const tmp = path.join(dir, 'attachments', 'tmp');
    fs.mkdirSync(tmp, { recursive: true });
    const stale = path.join(tmp, 'deadbeef.crashed.tmp');
    fs.writeFileSync(stale, 'half a PDF');
    const old = new Date(Date.now() - 2 * 3_600_000);
    fs.utimesSync(stale, old, old);
    const fresh = path.join(tmp, 'cafe.in-progress.tmp');
    fs.writeFileSync(fresh, 'another writer, right now');
    const store = createAttachmentStore(dir);
    expect(await store.put(await textPdf(1))).toMatchObject({ ok: true });
    expect(fs.existsSync(stale)).toBe(false);
    expect(fs.existsSync(fresh)).toBe(true);
    expect(await store.sweepTemp(0)).toBe(1);
  });

  it('notices a damaged stored file on read and repairs it when the content is stored again', async () => {
    const dir = dataDir();
    const store = createAttachmentStore(dir);
    const pdf = await textPdf(1);
    const hash = sha256(pdf);
    await store.put(pdf);
    const file = store.pathOf(hash);
    const damaged = Buffer.from(pdf);
    damaged[damaged.length >> 1] = (damaged[damaged.length >> 1] as number) ^ 0xff;
    fs.chmodSync(file, 0o600);
    fs.writeFileSync(file, damaged);
    expect(await store.get(hash)).toMatchObject({ ok: false, code: 'corrupt' });
    expect(await store.verify(hash)).toMatchObject({ ok: false, code: 'corrupt' });
    expect(await store.put(pdf)).toMatchObject({ ok: true, deduplicated: false });
    expect(await store.verify(hash)).toEqual({ ok: true, size: pdf.length });
  });

  it('applies the per-file and per-request limits', async () => {
    const store = createAttachmentStore(dataDir(), { limits: { maxFileBytes: 100_000, maxRequestBytes: 150_000 } });
    const { jpeg } = await samples();
    expect(jpeg.length).toBeLessThan(100_000);
    expect(await store.put(Buffer.alloc(100_001, 0xff))).toMatchObject({ ok: false, code: 'too_large' });
    expect(await store.put(jpeg, { requestBytes: 0 })).toMatchObject({ ok: true });
    expect(await store.put(jpeg, { requestBytes: 150_000 - jpeg.length + 1 })).toMatchObject({ ok: false, code: 'request_too_large' });
  });

  it('stores scanned pages as one PDF (SANE test device → assembly → store)', async () => {
    const sane = saneTestConfig({ picture: 'Grid' });
    try {
      const outcome = await createSaneDriver({ env: sane.env }).scan('test:0', { resolution: 200, mode: 'gray', source: 'adf', maxPages: 3 }, { onPage: () => {}, onProgress: () => {} });
      expect(outcome.ok).toBe(true);
      const pdf = await assemblePdf(outcome.pages.map((page) => pageFromImage(page)));
      const store = createAttachmentStore(dataDir());
      const stored = await store.put(pdf, { declaredName: 'scan.pdf' });
      expect(stored).toMatchObject({ ok: true, attachment: { mime: 'application/pdf', pages: 3, size: pdf.length } });
    } finally {
      sane.cleanup();
    }
  });
});

describe('hostile and malformed files', { timeout: 30_000 }, () => {
  const inspect = (bytes: Uint8Array, declaredName?: string, limits = {}) => inspectFile(bytes, { declaredName, limits });

  it('recognises types by content, not by name', async () => {
    const { pdf, jpeg, png, tiff } = await samples();
    expect([sniffType(pdf), sniffType(jpeg), sniffType(png), sniffType(tiff)]).toEqual(['application/pdf', 'image/jpeg', 'image/png', 'image/tiff']);
    expect(await inspect(jpeg, 'IMG_0001.JPEG')).toMatchObject({ ok: true, mime: 'image/jpeg', width: 400, height: 300 });
    expect(await inspect(png, 'no-extension')).toMatchObject({ ok: true, mime: 'image/png' });
    expect(await inspect(tiff, 'fax.TIF')).toMatchObject({ ok: true, mime: 'image/tiff', pages: 3 });
    expect(await inspect(pdf, 'C:\\Users\\x\\Desktop\\doc.v2.pdf')).toMatchObject({ ok: true, mime: 'application/pdf', pages: 3 });
  });

  it('refuses an empty file', async () => {
    expect(await inspect(new Uint8Array(0), 'empty.pdf')).toMatchObject({ ok: false, code: 'empty' });
  });

  it('refuses mislabeled files and files of other types', async () => {
    const { pdf, jpeg, png } = await samples();
    expect(await inspect(pdf, 'photo.jpg')).toMatchObject({ ok: false, code: 'mislabeled' });
    expect(await inspect(jpeg, 'statement.pdf')).toMatchObject({ ok: false, code: 'mislabeled' });
    expect(await inspect(png, 'scan.exe')).toMatchObject({ ok: false, code: 'mislabeled' });
    const others: Array<[string, Buffer]> = [
      ['invoice.pdf', Buffer.from('MZ\x90\x00\x03\x00\x00\x00 this program cannot be run in DOS mode', 'latin1')],
      ['letter.pdf', Buffer.from('PK\x03\x04\x14\x00\x06\x00 word/document.xml', 'latin1')],
      ['page.pdf', Buffer.from('<html><script>alert(1)</script></html>')],
      ['photo.gif', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1')],
    ];
    for (const [name, bytes] of others) expect(await inspect(bytes, name)).toMatchObject({ ok: false, code: 'unsupported_type' });
  });

  it('refuses truncated files', async () => {
    const { pdf, jpeg, png, tiff } = await samples();
    for (const cut of [0.3, 0.6, 0.95]) expect(await inspect(pdf.subarray(0, Math.floor(pdf.length * cut)))).toMatchObject({ ok: false, code: 'truncated' });
    expect(await inspect(jpeg.subarray(0, jpeg.length >> 1))).toMatchObject({ ok: false, code: 'truncated' });
    expect(await inspect(png.subarray(0, png.length - 20))).toMatchObject({ ok: false, code: 'truncated' });
    expect(await inspect(tiff.subarray(0, tiff.length - 100))).toMatchObject({ ok: false, code: 'truncated' });
  });

  it('refuses PDFs with absurd page counts or more pages than allowed', async () => {
    const absurd = handPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 2000000000 >>', PAGE]);
    expect(await inspect(absurd)).toMatchObject({ ok: false, code: 'too_many_pages' });
    const many = await textPdf(12);
    expect(await inspect(many, 'many.pdf', { maxPages: 10 })).toMatchObject({ ok: false, code: 'too_many_pages' });
    // A page tree that points back at itself.
    const loop = handPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>', PAGE]);
    expect(await inspect(loop)).toMatchObject({ ok: false, code: 'malformed' });
    const noPages = handPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>']);
    expect(await inspect(noPages)).toMatchObject({ ok: false, code: 'malformed' });
  });

  it('refuses PDF decompression bombs (a content stream, an object stream) without inflating them in memory', async () => {
    const bomb = await zeroBomb(300); // 300 MiB of zeros in about 300 KB
    expect(bomb.length).toBeLessThan(400_000);
    const contentBomb = handPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>', streamObject('/Filter /FlateDecode', bomb)]);
    const before = process.memoryUsage().rss;
    expect(await inspect(contentBomb, 'bomb.pdf')).toMatchObject({ ok: false, code: 'decompression_bomb' });
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 2 ** 20);
    const objectStreamBomb = handPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', PAGE, streamObject('/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', await zeroBomb(40))]);
    expect(await inspect(objectStreamBomb)).toMatchObject({ ok: false, code: 'decompression_bomb' });
    // Many moderate streams that add up.
    const small = await zeroBomb(6);
    const streams = Array.from({ length: 4 }, () => streamObject('/Filter /FlateDecode', small));
    const spread = handPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', PAGE, ...streams]);
    expect(await inspect(spread, 'x.pdf', { maxDecompressedBytes: 20 * 2 ** 20 })).toMatchObject({ ok: false, code: 'decompression_bomb' });
    expect(await inspect(spread, 'x.pdf')).toMatchObject({ ok: true, pages: 1 });
  });

  it('refuses images with absurd pixel dimensions (also inside a PDF)', async () => {
    const { png, jpeg } = await samples();
    const hugePng = Buffer.from(png);
    hugePng.writeUInt32BE(100_000, 16);
    hugePng.writeUInt32BE(100_000, 20);
    expect(await inspect(hugePng, 'a.png')).toMatchObject({ ok: false, code: 'image_too_large' });
    const hugeJpeg = Buffer.from(jpeg);
    const sof = hugeJpeg.indexOf(Buffer.from([0xff, 0xc0]));
    hugeJpeg.writeUInt16BE(65_000, sof + 5);
    hugeJpeg.writeUInt16BE(65_000, sof + 7);
    expect(await inspect(hugeJpeg)).toMatchObject({ ok: false, code: 'image_too_large' });
    const pdfImage = handPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 4 0 R >> >> >>',
      streamObject('/Type /XObject /Subtype /Image /Width 200000 /Height 200000 /ColorSpace /DeviceGray /BitsPerComponent 8', Buffer.alloc(16)),
    ]);
    expect(await inspect(pdfImage)).toMatchObject({ ok: false, code: 'image_too_large' });
    // A TIFF claiming 1,000,000 × 1,000,000 pixels.
    const tiff = Buffer.alloc(8 + 2 + 4 * 12 + 4 + 16);
    tiff.write('II*\0', 0, 'latin1');
    tiff.writeUInt32LE(8, 4);
    tiff.writeUInt16LE(4, 8);
    [
      [256, 4, 1, 1_000_000],
      [257, 4, 1, 1_000_000],
      [273, 4, 1, 62],
      [279, 4, 1, 16],
    ].forEach(([tag, type, count, value], i) => {
      const at = 10 + i * 12;
      tiff.writeUInt16LE(tag as number, at);
      tiff.writeUInt16LE(type as number, at + 2);
      tiff.writeUInt32LE(count as number, at + 4);
      tiff.writeUInt32LE(value as number, at + 8);
    });
    expect(await inspect(tiff, 'x.tiff')).toMatchObject({ ok: false, code: 'image_too_large' });
  });

  it('refuses PDFs with active content and encrypted PDFs', async () => {
    const javascript = handPdf(['<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', PAGE, '<< /S /JavaScript /JS (app.alert\\(1\\)) >>']);
    expect(await inspect(javascript)).toMatchObject({ ok: false, code: 'active_content' });
    const launch = handPdf(['<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /Launch /F (cmd.exe) >> >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', PAGE]);
    expect(await inspect(launch)).toMatchObject({ ok: false, code: 'active_content' });
    const embedded = handPdf(['<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 4 0 R >> >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', PAGE, '<< /Names [] >>']);
    expect(await inspect(embedded)).toMatchObject({ ok: false, code: 'active_content' });

    const dir = dataDir();
    const plain = path.join(dir, 'plain.pdf');
    const locked = path.join(dir, 'locked.pdf');
    fs.writeFileSync(plain, await textPdf(1));
    execFileSync('qpdf', ['--encrypt', 'user-pw', 'owner-pw', '256', '--', plain, locked]);
    expect(await inspect(fs.readFileSync(locked), 'locked.pdf')).toMatchObject({ ok: false, code: 'encrypted' });
  });

  it('the store refuses every hostile file with its reason and stores nothing for it', async () => {
    const dir = dataDir();
    const store = createAttachmentStore(dir);
    const { pdf } = await samples();
    const cases: Array<[Uint8Array, string | undefined, string]> = [
      [new Uint8Array(0), 'a.pdf', 'empty'],
      [pdf.subarray(0, pdf.length >> 1), 'a.pdf', 'truncated'],
      [pdf, 'a.png', 'mislabeled'],
      [handPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 99999999 >>', PAGE]), 'a.pdf', 'too_many_pages'],
      [handPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', PAGE, streamObject('/Filter /FlateDecode', await zeroBomb(300))]), 'a.pdf', 'decompression_bomb'],
    ];
    for (const [bytes, name, code] of cases) {
      const result = await store.put(bytes, { declaredName: name });
      expect(result).toMatchObject({ ok: false, code });
      if (!result.ok) expect(result.reason.length).toBeGreaterThan(5);
    }
    expect(filesUnder(path.join(dir, 'attachments'))).toEqual([]);
  });

  it('never throws on damaged files: random cuts and flipped bytes are accepted or refused, nothing else', async () => {
    const { pdf, jpeg, png, tiff } = await samples();
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const codes = new Set<string>();
    for (const original of [pdf, jpeg, png, tiff]) {
      for (let i = 0; i < 40; i += 1) {
        const bytes = Buffer.from(original.subarray(0, random() < 0.5 ? original.length : Math.floor(random() * original.length)));
        const flips = Math.floor(random() * 12);
        for (let f = 0; f < flips && bytes.length > 0; f += 1) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
        const result = await inspectFile(bytes);
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) codes.add(result.code);
        // Import decodes images too: still a result, never an exception.
        if (i % 4 === 0) {
          const imported = await importFile(bytes, { pdfThumbnails: false });
          expect(typeof imported.ok).toBe('boolean');
        }
      }
    }
    expect(codes.size).toBeGreaterThan(1);
  }, 60_000);
});
