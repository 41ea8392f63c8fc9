// One page of a PDF as an image, for the viewer. The workstation's own attachments (assemble.ts)
// draw each scanned page as one image filling the page, so that image is taken out as it is: a
// JPEG (DCTDecode) as it was scanned, a bilevel page (its PNG IDAT, FlateDecode with the PNG
// predictor) wrapped back into a PNG — nothing is decoded. Other pages (an imported PDF's text and
// vectors) are rendered by poppler's `pdftoppm` where it is installed; elsewhere there is no image
// (null) and the viewer says so.
import { execFile } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, PDFRef } from 'pdf-lib';
import sharp from 'sharp';
import { PNG_SIGNATURE } from '../scanning/page-image';

export interface RenderedPage {
  mime: 'image/jpeg' | 'image/png';
  data: Uint8Array;
  width: number;
  height: number;
  /** Clockwise; the image itself is unrotated. */
  rotation: 0 | 90 | 180 | 270;
}

export class PageRangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PageRangeError';
  }
}

function pngChunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** A PNG around an IDAT stream that is already PNG-filtered (what the PNG predictor in a PDF means). */
function wrapPng(idat: Uint8Array, width: number, height: number, bitDepth: number, colorType: 0 | 2): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = bitDepth;
  ihdr[9] = colorType;
  return new Uint8Array(Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', ihdr), pngChunk('IDAT', idat), pngChunk('IEND', new Uint8Array(0))]));
}

const normalRotation = (angle: number) => ((((Math.round(angle / 90) * 90) % 360) + 360) % 360) as RenderedPage['rotation'];

/** The page's one full-page image, when that is all the page is (no fonts, one image XObject). */
function pageImage(doc: PDFDocument, pageIndex: number): RenderedPage | null {
  const page = doc.getPage(pageIndex);
  const resources = page.node.Resources();
  if (!resources || (resources.lookupMaybe(PDFName.of('Font'), PDFDict)?.entries().length ?? 0) > 0) return null;
  const xobjects = resources.lookupMaybe(PDFName.of('XObject'), PDFDict);
  const entries = xobjects?.entries() ?? [];
  if (entries.length !== 1) return null;
  const [, value] = entries[0] as [PDFName, unknown];
  const stream = value instanceof PDFRef ? doc.context.lookup(value) : value;
  if (!(stream instanceof PDFRawStream)) return null;
  const dict = stream.dict;
  if (dict.get(PDFName.of('Subtype')) !== PDFName.of('Image')) return null;
  const width = dict.lookupMaybe(PDFName.of('Width'), PDFNumber)?.asNumber() ?? 0;
  const height = dict.lookupMaybe(PDFName.of('Height'), PDFNumber)?.asNumber() ?? 0;
  if (!(width > 0 && height > 0)) return null;
  const filter = dict.get(PDFName.of('Filter'));
  const rotation = normalRotation(page.getRotation().angle);
  if (filter === PDFName.of('DCTDecode')) return { mime: 'image/jpeg', data: stream.contents, width, height, rotation };
  if (filter !== PDFName.of('FlateDecode')) return null;
  const parms = dict.lookupMaybe(PDFName.of('DecodeParms'), PDFDict);
  const predictor = parms?.lookupMaybe(PDFName.of('Predictor'), PDFNumber)?.asNumber();
  const bits = dict.lookupMaybe(PDFName.of('BitsPerComponent'), PDFNumber)?.asNumber();
  const space = dict.get(PDFName.of('ColorSpace'));
  const colorType = space === PDFName.of('DeviceGray') ? 0 : space === PDFName.of('DeviceRGB') ? 2 : null;
  if (predictor === undefined || predictor < 10 || colorType === null || (bits !== 1 && bits !== 8) || (colorType === 2 && bits !== 8)) return null;
  if (parms?.lookupMaybe(PDFName.of('Columns'), PDFNumber)?.asNumber() !== width) return null;
  return { mime: 'image/png', data: wrapPng(stream.contents, width, height, bits, colorType), width, height, rotation };
}

/** poppler's rendering of one page (its /Rotate applied), at `dpi`; null without pdftoppm or when it fails. */
async function popplerPage(bytes: Uint8Array, pageIndex: number, dpi: number): Promise<RenderedPage | null> {
  if (process.platform === 'win32') return null;
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'qyzmet-render-'));
  try {
    const input = path.join(dir, 'in.pdf');
    await fsp.writeFile(input, bytes);
    const page = String(pageIndex + 1);
    const output = path.join(dir, 'page');
    const ok = await new Promise<boolean>((resolve) => {
      execFile(
        'pdftoppm',
        ['-f', page, '-l', page, '-r', String(dpi), '-jpeg', '-jpegopt', 'quality=80', '-singlefile', input, output],
        { timeout: 30_000, windowsHide: true },
        (error) => resolve(!error),
      );
    });
    if (!ok) return null;
    const data = new Uint8Array(await fsp.readFile(`${output}.jpg`));
    const meta = await sharp(data).metadata();
    return { mime: 'image/jpeg', data, width: meta.width ?? 0, height: meta.height ?? 0, rotation: 0 };
  } catch {
    return null;
  } finally {
    await fsp.rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** The page count of a PDF. */
export async function pdfPageCount(bytes: Uint8Array): Promise<number> {
  return (await PDFDocument.load(bytes, { updateMetadata: false })).getPageCount();
}

/**
 * One page (from 0) of a PDF as an image. Throws PageRangeError for a page the PDF does not have;
 * null when the page cannot be shown here (no renderer for it).
 */
export async function renderPdfPage(bytes: Uint8Array, pageIndex: number, options: { dpi?: number } = {}): Promise<RenderedPage | null> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  if (!Number.isInteger(pageIndex) || pageIndex < 0 || pageIndex >= doc.getPageCount()) {
    throw new PageRangeError(`page ${pageIndex} of ${doc.getPageCount()}`);
  }
  return pageImage(doc, pageIndex) ?? (await popplerPage(bytes, pageIndex, options.dpi ?? 110));
}
