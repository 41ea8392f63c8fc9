// One page as the workstation keeps it between the scanner and the attachment: an encoded image
// (JPEG for colour and grey, a 1-bit PNG for lineart), its resolution and a small JPEG thumbnail.
// Pages are encoded as soon as the scanner delivers them, so a 50-page batch never holds 50 raw
// bitmaps (a 300 dpi A4 page is 8.7 MB raw in grey, 26 MB in colour).
//
// Also here: a PNM reader (what `scanimage --format=pnm` writes; sharp has no PNM loader) and a
// minimal 1-bit PNG writer whose IDAT the PDF assembly embeds as is (Flate with the PNG predictor).
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import sharp from 'sharp';
import type { ColorMode } from './types';

const deflate = promisify(zlib.deflate);

/** Decoded pixels. 1-bit rows are packed MSB first and padded to a byte, with 1 = black (the PBM convention). */
export interface RawImage {
  width: number;
  height: number;
  channels: 1 | 3;
  bitsPerSample: 1 | 8 | 16;
  data: Uint8Array;
}

export interface PageImage {
  format: 'jpeg' | 'png';
  data: Uint8Array;
  /** Pixels. */
  width: number;
  height: number;
  dpi: number;
  mode: ColorMode;
  /** A small JPEG (fits in THUMBNAIL_SIZE × THUMBNAIL_SIZE), unrotated. */
  thumbnail: Uint8Array;
}

export interface EncodeOptions {
  /** JPEG quality for colour and grey pages (default 75). */
  jpegQuality?: number;
  /** Grey level below which a pixel is black when a lineart page is made from grey (default 128). */
  threshold?: number;
  /** Thumbnail box in pixels (default 240). */
  thumbnailSize?: number;
}

export const DEFAULT_JPEG_QUALITY = 75;
export const THUMBNAIL_SIZE = 240;

export class PageImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PageImageError';
  }
}

// ---- PNM (P4 bitmap, P5 greymap, P6 pixmap; 8 or 16 bits) ----

export function parsePnm(bytes: Uint8Array): RawImage {
  let pos = 0;
  const isSpace = (c: number | undefined) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c;
  const token = (): string => {
    for (;;) {
      while (pos < bytes.length && isSpace(bytes[pos])) pos += 1;
      if (bytes[pos] === 0x23 /* # */) {
        while (pos < bytes.length && bytes[pos] !== 0x0a && bytes[pos] !== 0x0d) pos += 1;
        continue;
      }
      break;
    }
    const start = pos;
    while (pos < bytes.length && !isSpace(bytes[pos]) && pos - start < 16) pos += 1;
    return Buffer.from(bytes.subarray(start, pos)).toString('latin1');
  };
  const magic = token();
  if (magic !== 'P4' && magic !== 'P5' && magic !== 'P6') throw new PageImageError(`not a binary PNM image (${JSON.stringify(magic.slice(0, 4))})`);
  const width = Number(token());
  const height = Number(token());
  const maxval = magic === 'P4' ? 1 : Number(token());
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > 100_000 || height > 100_000) {
    throw new PageImageError(`PNM size ${width}×${height}`);
  }
  if (!Number.isInteger(maxval) || maxval < 1 || maxval > 65535) throw new PageImageError(`PNM maxval ${maxval}`);
  pos += 1; // the single whitespace after the header
  const channels = magic === 'P6' ? 3 : 1;
  const bitsPerSample = magic === 'P4' ? 1 : maxval > 255 ? 16 : 8;
  const rowBytes = bitsPerSample === 1 ? Math.ceil(width / 8) : width * channels * (bitsPerSample / 8);
  const expected = rowBytes * height;
  if (bytes.length - pos < expected) throw new PageImageError(`PNM data truncated (${bytes.length - pos} of ${expected} bytes)`);
  let data = bytes.subarray(pos, pos + expected);
  if (bitsPerSample === 8 && maxval !== 255) data = rescale(data, maxval);
  return { width, height, channels, bitsPerSample, data };
}

function rescale(data: Uint8Array, maxval: number): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i += 1) out[i] = Math.min(255, Math.round(((data[i] as number) * 255) / maxval));
  return out;
}

/** 16-bit big-endian samples → 8-bit (the high byte). */
function to8bit(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length >> 1);
  for (let i = 0; i < out.length; i += 1) out[i] = data[i * 2] as number;
  return out;
}

/** Packed 1-bit rows (1 = black) → one byte per pixel (0 = black, 255 = white). */
export function unpackBits(packed: Uint8Array, width: number, height: number): Uint8Array {
  const rowBytes = Math.ceil(width / 8);
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y += 1) {
    const row = y * rowBytes;
    const base = y * width;
    for (let x = 0; x < width; x += 1) out[base + x] = ((packed[row + (x >> 3)] as number) >> (7 - (x & 7))) & 1 ? 0 : 255;
  }
  return out;
}

/** One byte per pixel (grey) → packed 1-bit rows with 1 = white (the PNG/PDF DeviceGray convention). */
function packWhiteIsOne(grey: Uint8Array, width: number, height: number, threshold: number): Uint8Array {
  const rowBytes = Math.ceil(width / 8);
  const out = new Uint8Array(rowBytes * height);
  for (let y = 0; y < height; y += 1) {
    const base = y * width;
    const row = y * rowBytes;
    let byte = 0;
    for (let x = 0; x < width; x += 1) {
      if ((grey[base + x] as number) >= threshold) byte |= 0x80 >> (x & 7);
      if ((x & 7) === 7 || x === width - 1) {
        out[row + (x >> 3)] = byte;
        byte = 0;
      }
    }
  }
  return out;
}

// ---- 1-bit PNG ----

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(parts: Uint8Array[]): number {
  let c = 0xffffffff;
  for (const part of parts) for (let i = 0; i < part.length; i += 1) c = (CRC_TABLE[(c ^ (part[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32([head.subarray(4), data]), 0);
  return Buffer.concat([head, data, crc]);
}

export const PNG_SIGNATURE = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Packed 1-bit rows with 1 = white → a 1-bit greyscale PNG (filter 0 on every row), with its dpi. */
export async function encodeBilevelPng(whiteIsOne: Uint8Array, width: number, height: number, dpi: number): Promise<Uint8Array> {
  const rowBytes = Math.ceil(width / 8);
  const filtered = Buffer.alloc((rowBytes + 1) * height);
  for (let y = 0; y < height; y += 1) {
    filtered[y * (rowBytes + 1)] = 0;
    filtered.set(whiteIsOne.subarray(y * rowBytes, (y + 1) * rowBytes), y * (rowBytes + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  const phys = Buffer.alloc(9);
  const perMetre = Math.round(dpi / 0.0254);
  phys.writeUInt32BE(perMetre, 0);
  phys.writeUInt32BE(perMetre, 4);
  phys[8] = 1;
  const idat = await deflate(filtered, { level: 6 });
  return new Uint8Array(Buffer.concat([PNG_SIGNATURE, chunk('IHDR', ihdr), chunk('pHYs', phys), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))]));
}

export interface PngInfo {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlaced: boolean;
  /** The IDAT chunks' data, concatenated: one zlib stream. */
  idat: Uint8Array;
}

/** Reads a PNG's header and image data (for embedding it into a PDF without decoding). */
export function readPng(bytes: Uint8Array): PngInfo {
  if (bytes.length < 33 || !PNG_SIGNATURE.every((b, i) => bytes[i] === b)) throw new PageImageError('not a PNG');
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 8;
  let header: Omit<PngInfo, 'idat'> | null = null;
  const idat: Uint8Array[] = [];
  let ended = false;
  while (pos + 8 <= view.length) {
    const length = view.readUInt32BE(pos);
    const type = view.toString('latin1', pos + 4, pos + 8);
    const start = pos + 8;
    if (start + length + 4 > view.length) throw new PageImageError('PNG truncated');
    if (type === 'IHDR') {
      header = {
        width: view.readUInt32BE(start),
        height: view.readUInt32BE(start + 4),
        bitDepth: view[start + 8] as number,
        colorType: view[start + 9] as number,
        interlaced: view[start + 12] === 1,
      };
    } else if (type === 'IDAT') idat.push(view.subarray(start, start + length));
    else if (type === 'IEND') {
      ended = true;
      break;
    }
    pos = start + length + 4;
  }
  if (!header) throw new PageImageError('PNG without IHDR');
  if (!ended) throw new PageImageError('PNG truncated (no IEND)');
  return { ...header, idat: new Uint8Array(Buffer.concat(idat)) };
}

// ---- encoding ----

/** Raw scanner pixels → the page as the workstation keeps it. */
export async function encodePage(raw: RawImage, dpi: number, mode: ColorMode, options: EncodeOptions = {}): Promise<PageImage> {
  const quality = options.jpegQuality ?? DEFAULT_JPEG_QUALITY;
  const threshold = options.threshold ?? 128;
  const thumbSize = options.thumbnailSize ?? THUMBNAIL_SIZE;
  const { width, height } = raw;

  if (raw.bitsPerSample === 1 || mode === 'lineart') {
    // Bilevel: keep it bilevel (a 1-bit PNG, Flate-compressed), whatever the scanner delivered.
    let grey: Uint8Array;
    if (raw.bitsPerSample === 1) grey = unpackBits(raw.data, width, height);
    else {
      const data = raw.bitsPerSample === 16 ? to8bit(raw.data) : raw.data;
      grey = raw.channels === 1 ? data : await sharp(data, { raw: { width, height, channels: raw.channels } }).greyscale().raw().toBuffer();
    }
    const packed = packWhiteIsOne(grey, width, height, threshold);
    const [data, thumbnail] = await Promise.all([
      encodeBilevelPng(packed, width, height, dpi),
      thumbnailFromRaw(grey, width, height, 1, thumbSize),
    ]);
    return { format: 'png', data, width, height, dpi, mode: 'lineart', thumbnail };
  }

  const pixels = raw.bitsPerSample === 16 ? to8bit(raw.data) : raw.data;
  const input = () => sharp(pixels, { raw: { width, height, channels: raw.channels } });
  const [jpeg, thumbnail] = await Promise.all([
    (raw.channels === 1 ? input().toColourspace('b-w') : input()).withDensity(dpi).jpeg({ quality, chromaSubsampling: '4:2:0' }).toBuffer(),
    thumbnailFromRaw(pixels, width, height, raw.channels, thumbSize),
  ]);
  return { format: 'jpeg', data: new Uint8Array(jpeg), width, height, dpi, mode: raw.channels === 3 && mode === 'color' ? 'color' : 'gray', thumbnail };
}

async function thumbnailFromRaw(pixels: Uint8Array, width: number, height: number, channels: 1 | 3, size: number): Promise<Uint8Array> {
  const out = await sharp(pixels, { raw: { width, height, channels } })
    .resize({ width: size, height: size, fit: 'inside', kernel: 'lanczos3' })
    .jpeg({ quality: 70 })
    .toBuffer();
  return new Uint8Array(out);
}

/** A thumbnail from any encoded image sharp reads (JPEG, PNG, TIFF page). */
export async function makeThumbnail(image: Uint8Array, size = THUMBNAIL_SIZE, page = 0): Promise<Uint8Array> {
  const out = await sharp(image, { page, limitInputPixels: 400_000_000 })
    .flatten({ background: '#ffffff' })
    .resize({ width: size, height: size, fit: 'inside' })
    .jpeg({ quality: 70 })
    .toBuffer();
  return new Uint8Array(out);
}
