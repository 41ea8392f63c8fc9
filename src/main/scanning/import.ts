// Files from disk (the file picker or drag and drop) → pages: PDF, JPEG, PNG and TIFF (all pages of
// a multi-page TIFF). Every file is first checked by the attachment inspector (type by content,
// limits, malformed and hostile files refused with a reason), exactly as the store would check it.
//   PDF   its pages are kept as they are (copied into the attachment's PDF, text and all); thumbnails
//         are rendered by poppler's `pdftoppm` where it is installed (Linux), else left to the UI's
//         PDF viewer (null).
//   JPEG  kept byte for byte when it is plain grey or RGB and upright; turned upright (EXIF
//         orientation) or converted from CMYK otherwise, then re-encoded like a scan.
//   PNG, TIFF  decoded and encoded like a scan: bilevel images stay bilevel (1-bit), others → JPEG.
import { execFile } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { inspectFile, type AttachmentLimits, type AttachmentMime, type RefusalCode } from '../attachments/inspect';
import { pageFromImage, type Page } from '../attachments/pages';
import { newId } from '../ids';
import { encodePage, makeThumbnail, THUMBNAIL_SIZE, type EncodeOptions, type PageImage } from './page-image';
import type { ColorMode } from './types';

export type ImportResult = { ok: true; mime: AttachmentMime; pages: Page[] } | { ok: false; code: RefusalCode; reason: string };

export interface ImportOptions {
  declaredName?: string;
  limits?: Partial<AttachmentLimits>;
  encode?: EncodeOptions;
  /** Render PDF thumbnails with pdftoppm when available (default true). */
  pdfThumbnails?: boolean;
}

/** A dpi for images that do not say theirs: as if the image's width were an A4 page's (8.27 in). */
function dpiOf(density: number | undefined, width: number): number {
  if (density && density >= 50 && density <= 2400) return Math.round(density);
  return Math.max(72, Math.round(width / 8.27));
}

export async function importFile(bytes: Uint8Array, options: ImportOptions = {}): Promise<ImportResult> {
  const inspection = await inspectFile(bytes, { declaredName: options.declaredName, limits: options.limits });
  if (!inspection.ok) return inspection;
  try {
    const limitPixels = options.limits?.maxPixels ?? 150_000_000;
    switch (inspection.mime) {
      case 'application/pdf':
        return { ok: true, mime: inspection.mime, pages: await pdfPages(bytes, options.pdfThumbnails ?? true) };
      case 'image/jpeg':
        return { ok: true, mime: inspection.mime, pages: [pageFromImage(await jpegPage(bytes, limitPixels, options.encode))] };
      case 'image/png':
      case 'image/tiff': {
        const pages: Page[] = [];
        for (let index = 0; index < inspection.pages; index += 1) pages.push(pageFromImage(await decodedPage(bytes, index, limitPixels, options.encode)));
        return { ok: true, mime: inspection.mime, pages };
      }
    }
  } catch (error) {
    return { ok: false, code: 'malformed', reason: `the file cannot be decoded: ${(error as Error).message}` };
  }
}

async function jpegPage(bytes: Uint8Array, limitInputPixels: number, encode: EncodeOptions | undefined): Promise<PageImage> {
  const meta = await sharp(bytes, { limitInputPixels }).metadata();
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  const upright = !meta.orientation || meta.orientation === 1;
  const plain = (meta.space === 'srgb' && meta.channels === 3) || (meta.space === 'b-w' && meta.channels === 1);
  if (upright && plain) {
    // Decoding it once proves it decodes (a corrupt body is refused here, not in the viewer).
    await sharp(bytes, { limitInputPixels, failOn: 'error' }).resize(32).toBuffer();
    return {
      format: 'jpeg',
      data: bytes,
      width,
      height,
      dpi: dpiOf(meta.density, width),
      mode: meta.channels === 1 ? 'gray' : 'color',
      thumbnail: await makeThumbnail(bytes),
    };
  }
  return decodedPage(bytes, 0, limitInputPixels, encode);
}

/** Decodes one page of an image (upright, alpha on white) and encodes it like a scan. */
async function decodedPage(bytes: Uint8Array, page: number, limitInputPixels: number, encode: EncodeOptions | undefined): Promise<PageImage> {
  const input = () => sharp(bytes, { page, limitInputPixels, failOn: 'error' });
  const meta = await input().metadata();
  const grey = meta.space === 'b-w' || meta.channels === 1 || meta.channels === 2 || meta.bitsPerSample === 1;
  const pipeline = input().rotate().flatten({ background: '#ffffff' });
  const { data, info } = await (grey ? pipeline.greyscale() : pipeline.toColourspace('srgb')).raw().toBuffer({ resolveWithObject: true });
  let channels: 1 | 3 = info.channels === 3 ? 3 : 1;
  let pixels = info.channels === channels ? data : await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).extractChannel(0).raw().toBuffer();
  // Many scanners save grey documents as RGB: keep them grey (a third of the data, no colour noise).
  if (channels === 3 && isGreyRgb(pixels)) {
    pixels = await sharp(pixels, { raw: { width: info.width, height: info.height, channels: 3 } }).extractChannel(0).raw().toBuffer();
    channels = 1;
  }
  // A grey image with nothing but black and white (a fax, a 1-bit scan) stays bilevel.
  const mode: ColorMode = channels === 3 ? 'color' : isBilevel(pixels) ? 'lineart' : 'gray';
  return encodePage({ width: info.width, height: info.height, channels, bitsPerSample: 8, data: pixels }, dpiOf(meta.density, info.width), mode, encode);
}

function isGreyRgb(rgb: Uint8Array): boolean {
  for (let i = 0; i + 2 < rgb.length; i += 3) {
    if (rgb[i] !== rgb[i + 1] || rgb[i] !== rgb[i + 2]) return false;
  }
  return true;
}

function isBilevel(grey: Uint8Array): boolean {
  for (let i = 0; i < grey.length; i += 1) {
    const value = grey[i] as number;
    if (value !== 0 && value !== 255) return false;
  }
  return true;
}

async function pdfPages(bytes: Uint8Array, thumbnails: boolean): Promise<Page[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const document = bytes;
  const rendered = thumbnails ? await renderPdfThumbnails(bytes, doc.getPageCount()) : [];
  return doc.getPages().map((page, pageIndex) => {
    const { width, height } = page.getSize();
    return {
      id: newId(),
      source: { kind: 'pdf' as const, document, pageIndex, widthPt: width, heightPt: height },
      rotation: 0 as const,
      thumbnail: rendered[pageIndex] ?? null,
    };
  });
}

/** Thumbnails of a PDF's pages by poppler's pdftoppm, when it is installed; [] otherwise. */
async function renderPdfThumbnails(bytes: Uint8Array, count: number): Promise<Array<Uint8Array | null>> {
  if (process.platform === 'win32' || count > 200) return [];
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'qyzmet-import-'));
  try {
    const input = path.join(dir, 'in.pdf');
    await fsp.writeFile(input, bytes);
    const ok = await new Promise<boolean>((resolve) => {
      execFile(
        'pdftoppm',
        ['-scale-to', String(THUMBNAIL_SIZE), '-jpeg', '-jpegopt', 'quality=70', input, path.join(dir, 'p')],
        { timeout: 30_000, windowsHide: true },
        (error) => resolve(!error),
      );
    });
    if (!ok) return [];
    const files = (await fsp.readdir(dir)).filter((name) => /^p-\d+\.jpg$/.test(name)).sort((a, b) => Number(/\d+/.exec(a)?.[0]) - Number(/\d+/.exec(b)?.[0]));
    return await Promise.all(files.map(async (name) => new Uint8Array(await fsp.readFile(path.join(dir, name)))));
  } catch {
    return [];
  } finally {
    await fsp.rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}
