// What a file is, by its content (magic bytes), and whether the workstation accepts it: PDF, JPEG,
// PNG and TIFF only, within the size limits, structurally whole, without active content, without
// absurd dimensions or page counts, and without streams that inflate beyond reason (a "zip bomb"
// inside a PDF). Every refusal has a code the UI translates and a reason for the log; nothing here
// throws on hostile input.
//
// The order matters for the PDF: the raw streams are inflated (counting, never keeping the output)
// before pdf-lib parses the file, because pdf-lib itself inflates object streams while parsing.
import zlib from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, PDFRef, type PDFObject } from 'pdf-lib';

export type AttachmentMime = 'application/pdf' | 'image/jpeg' | 'image/png' | 'image/tiff';

export type RefusalCode =
  | 'empty' // zero bytes
  | 'too_large' // over the per-file limit
  | 'request_too_large' // the request's attachments together would be over the per-request limit
  | 'unsupported_type' // not a PDF, JPEG, PNG or TIFF by its content
  | 'mislabeled' // the name's extension says another type than the content
  | 'truncated' // cut short: a PDF without its end, a JPEG without EOI, a PNG without IEND, TIFF data past the end
  | 'malformed' // a structure that cannot be read
  | 'encrypted' // a password-protected PDF
  | 'active_content' // a PDF with JavaScript, launch actions or embedded files
  | 'too_many_pages' // more pages than the limit, or a page tree claiming an absurd count
  | 'decompression_bomb' // streams that inflate far beyond the limit
  | 'image_too_large'; // absurd pixel dimensions

export interface AttachmentLimits {
  /** Per file (default 50 MiB). */
  maxFileBytes: number;
  /** All attachments of one request together (default 200 MiB). */
  maxRequestBytes: number;
  /** Pages of one PDF or TIFF (default 1000). */
  maxPages: number;
  /** Pixels of one image (default 150 million: an A3 page at 600 dpi is 70 million). */
  maxPixels: number;
  /** All inflated streams of one PDF together (default 1 GiB). */
  maxDecompressedBytes: number;
  /** One inflated stream (default 256 MiB); object streams are held to 32 MiB. */
  maxStreamBytes: number;
}

export const DEFAULT_LIMITS: AttachmentLimits = {
  maxFileBytes: 50 * 2 ** 20,
  maxRequestBytes: 200 * 2 ** 20,
  maxPages: 1000,
  maxPixels: 150_000_000,
  maxDecompressedBytes: 2 ** 30,
  maxStreamBytes: 256 * 2 ** 20,
};

const OBJECT_STREAM_BYTES = 32 * 2 ** 20;

export type Inspection =
  | { ok: true; mime: AttachmentMime; pages: number; width?: number; height?: number }
  | { ok: false; code: RefusalCode; reason: string };

const EXTENSIONS: Record<AttachmentMime, string[]> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg', 'jpe', 'jfif'],
  'image/png': ['png'],
  'image/tiff': ['tif', 'tiff'],
};

export function extensionFor(mime: AttachmentMime): string {
  return (EXTENSIONS[mime] as string[])[0] as string;
}

const refuse = (code: RefusalCode, reason: string): Inspection => ({ ok: false, code, reason });

function startsWith(bytes: Uint8Array, ...sig: number[]): boolean {
  return sig.every((byte, i) => bytes[i] === byte);
}

/** The type by content. PDFs may have up to 1 KB of junk before `%PDF-` (readers accept it). */
export function sniffType(bytes: Uint8Array): AttachmentMime | null {
  if (startsWith(bytes, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (startsWith(bytes, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (startsWith(bytes, 0x49, 0x49, 0x2a, 0x00) || startsWith(bytes, 0x4d, 0x4d, 0x00, 0x2a)) return 'image/tiff';
  if (indexOfAscii(bytes, '%PDF-', 0, 1024) >= 0) return 'application/pdf';
  return null;
}

function indexOfAscii(bytes: Uint8Array, text: string, from = 0, to = bytes.length): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, to)).indexOf(text, from, 'latin1');
}

/** The extension of a declared file name, when it has one that looks like an extension. */
function extensionOf(name: string | undefined): string | null {
  if (!name) return null;
  const base = name.split(/[\\/]/).pop() ?? '';
  const match = /\.([A-Za-z][A-Za-z0-9]{0,5})$/.exec(base);
  return match ? (match[1] as string).toLowerCase() : null;
}

export async function inspectFile(
  bytes: Uint8Array,
  options: { declaredName?: string; limits?: Partial<AttachmentLimits> } = {},
): Promise<Inspection> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  try {
    if (bytes.length === 0) return refuse('empty', 'the file is empty');
    if (bytes.length > limits.maxFileBytes) return refuse('too_large', `${bytes.length} bytes, the limit is ${limits.maxFileBytes}`);
    const mime = sniffType(bytes);
    if (!mime) return refuse('unsupported_type', 'not a PDF, JPEG, PNG or TIFF file');
    const extension = extensionOf(options.declaredName);
    if (extension && !(EXTENSIONS[mime] as string[]).includes(extension)) {
      return refuse('mislabeled', `named .${extension} but the content is ${mime}`);
    }
    switch (mime) {
      case 'image/jpeg':
        return inspectJpeg(bytes, limits);
      case 'image/png':
        return inspectPng(bytes, limits);
      case 'image/tiff':
        return inspectTiff(bytes, limits);
      case 'application/pdf':
        return await inspectPdf(bytes, limits);
    }
  } catch (error) {
    // A check that itself failed on a hostile file: refuse, never crash.
    return refuse('malformed', `the file cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

// ---- images ----

function checkPixels(width: number, height: number, limits: AttachmentLimits): Inspection | null {
  if (!(width > 0 && height > 0)) return refuse('malformed', `image size ${width}×${height}`);
  if (width * height > limits.maxPixels || width > 65_535 || height > 65_535) {
    return refuse('image_too_large', `${width}×${height} pixels, the limit is ${limits.maxPixels} pixels`);
  }
  return null;
}

function inspectJpeg(bytes: Uint8Array, limits: AttachmentLimits): Inspection {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 2;
  let size: { width: number; height: number } | null = null;
  let scanStart = -1;
  for (let markers = 0; markers < 10_000 && pos + 4 <= view.length; markers += 1) {
    if (view[pos] !== 0xff) return refuse('malformed', `JPEG marker expected at ${pos}`);
    const marker = view[pos + 1] as number;
    if (marker === 0xff) {
      pos += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      pos += 2;
      continue;
    }
    if (marker === 0xd9) break;
    const length = view.readUInt16BE(pos + 2);
    if (length < 2) return refuse('malformed', 'JPEG segment length');
    if (pos + 2 + length > view.length) return refuse('truncated', 'the JPEG ends inside a header segment');
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      size = { height: view.readUInt16BE(pos + 5), width: view.readUInt16BE(pos + 7) };
    }
    if (marker === 0xda) {
      scanStart = pos + 2 + length;
      break;
    }
    pos += 2 + length;
  }
  if (!size) return refuse(scanStart < 0 && pos + 4 > view.length ? 'truncated' : 'malformed', 'the JPEG has no frame header');
  const pixels = checkPixels(size.width, size.height, limits);
  if (pixels) return pixels;
  if (scanStart < 0) return refuse('truncated', 'the JPEG has no image data');
  // FF D9 cannot occur inside entropy-coded data (FF is stuffed as FF 00), so the last one is the end.
  if (view.lastIndexOf(Buffer.from([0xff, 0xd9])) < scanStart) return refuse('truncated', 'the JPEG has no end marker (EOI)');
  return { ok: true, mime: 'image/jpeg', pages: 1, ...size };
}

function inspectPng(bytes: Uint8Array, limits: AttachmentLimits): Inspection {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.length < 8 + 25) return refuse('truncated', 'the PNG ends inside its header');
  if (view.toString('latin1', 12, 16) !== 'IHDR') return refuse('malformed', 'the PNG does not start with IHDR');
  const width = view.readUInt32BE(16);
  const height = view.readUInt32BE(20);
  const pixels = checkPixels(width, height, limits);
  if (pixels) return pixels;
  let pos = 8;
  let idat = false;
  for (let chunks = 0; chunks < 1_000_000; chunks += 1) {
    if (pos + 12 > view.length) return refuse('truncated', 'the PNG has no end chunk (IEND)');
    const length = view.readUInt32BE(pos);
    const type = view.toString('latin1', pos + 4, pos + 8);
    if (length > 0x7fffffff) return refuse('malformed', 'PNG chunk length');
    if (pos + 12 + length > view.length) return refuse('truncated', `the PNG ends inside its ${type} chunk`);
    if (type === 'IDAT') idat = true;
    if (type === 'IEND') return idat ? { ok: true, mime: 'image/png', pages: 1, width, height } : refuse('malformed', 'the PNG has no image data');
    pos += 12 + length;
  }
  return refuse('malformed', 'too many PNG chunks');
}

function inspectTiff(bytes: Uint8Array, limits: AttachmentLimits): Inspection {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = view[0] === 0x49;
  const u16 = (at: number) => (little ? view.readUInt16LE(at) : view.readUInt16BE(at));
  const u32 = (at: number) => (little ? view.readUInt32LE(at) : view.readUInt32BE(at));
  const inFile = (at: number, length: number) => at >= 0 && length >= 0 && at + length <= view.length;
  if (!inFile(0, 8)) return refuse('truncated', 'the TIFF ends inside its header');
  const TYPE_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 16: 8 };
  let offset = u32(4);
  const seen = new Set<number>();
  let pages = 0;
  let first: { width: number; height: number } | null = null;
  while (offset !== 0) {
    if (seen.has(offset)) return refuse('malformed', 'the TIFF page chain loops');
    seen.add(offset);
    if (!inFile(offset, 2)) return refuse('truncated', 'a TIFF page directory lies past the end of the file');
    const count = u16(offset);
    if (!inFile(offset + 2, count * 12 + 4)) return refuse('truncated', 'a TIFF page directory is cut short');
    pages += 1;
    if (pages > limits.maxPages) return refuse('too_many_pages', `more than ${limits.maxPages} pages`);
    const values = (entry: number): number[] => {
      const type = u16(entry + 2);
      const n = u32(entry + 4);
      const size = TYPE_SIZE[type] ?? 0;
      if ((type !== 3 && type !== 4) || n > 10_000_000) return [];
      const at = n * size <= 4 ? entry + 8 : u32(entry + 8);
      if (!inFile(at, n * size)) return [Number.NaN];
      const out: number[] = [];
      for (let i = 0; i < n; i += 1) out.push(type === 3 ? u16(at + i * 2) : u32(at + i * 4));
      return out;
    };
    let width = 0;
    let height = 0;
    let offsets: number[] = [];
    let counts: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const entry = offset + 2 + i * 12;
      const tag = u16(entry);
      if (tag === 256) width = values(entry)[0] ?? 0;
      else if (tag === 257) height = values(entry)[0] ?? 0;
      else if (tag === 273 || tag === 324) offsets = values(entry);
      else if (tag === 279 || tag === 325) counts = values(entry);
    }
    const pixels = checkPixels(width, height, limits);
    if (pixels) return pixels;
    if (offsets.some(Number.isNaN) || counts.some(Number.isNaN)) return refuse('truncated', 'TIFF strip tables lie past the end of the file');
    if (offsets.length === 0 || offsets.length !== counts.length) return refuse('malformed', 'a TIFF page without image data');
    for (let i = 0; i < offsets.length; i += 1) {
      if (!inFile(offsets[i] as number, counts[i] as number)) return refuse('truncated', 'TIFF image data lies past the end of the file');
    }
    first ??= { width, height };
    offset = u32(offset + 2 + count * 12);
  }
  if (pages === 0 || !first) return refuse('malformed', 'the TIFF has no pages');
  return { ok: true, mime: 'image/tiff', pages, ...first };
}

// ---- PDF ----

/** Inflates every `stream … endstream` of the file, counting the output (not keeping it). */
async function checkStreams(bytes: Uint8Array, limits: AttachmentLimits): Promise<Inspection | null> {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = 0;
  let pos = 0;
  let lastObj = 0;
  for (let streams = 0; streams < 1_000_000; streams += 1) {
    const keyword = view.indexOf('stream', pos, 'latin1');
    if (keyword < 0) break;
    pos = keyword + 6;
    // Not "endstream", and followed by an end of line.
    if (keyword >= 3 && view.toString('latin1', keyword - 3, keyword) === 'end') continue;
    let start = keyword + 6;
    if (view[start] === 0x0d) start += 1;
    if (view[start] === 0x0a) start += 1;
    if (start === keyword + 6) continue;
    const end = view.indexOf('endstream', start, 'latin1');
    const data = view.subarray(start, end < 0 ? view.length : end);
    // The dictionary before it: is it an object stream (pdf-lib inflates those while parsing)?
    const objAt = view.lastIndexOf(' obj', keyword, 'latin1');
    if (objAt > lastObj) lastObj = objAt;
    const header = view.toString('latin1', Math.max(lastObj, keyword - 4096), keyword);
    const streamLimit = /\/Type\s*\/ObjStm/.test(header) ? OBJECT_STREAM_BYTES : limits.maxStreamBytes;
    const inflated = await inflatedSize(data, Math.min(streamLimit, limits.maxDecompressedBytes - total) + 1);
    if (inflated > streamLimit) return refuse('decompression_bomb', `a stream inflates to more than ${streamLimit} bytes`);
    total += inflated;
    if (total > limits.maxDecompressedBytes) return refuse('decompression_bomb', `the streams inflate to more than ${limits.maxDecompressedBytes} bytes`);
    pos = end < 0 ? view.length : end + 9;
  }
  return null;
}

/** How many bytes a zlib stream inflates to, stopping at `cap` (0 for data that is not zlib). */
function inflatedSize(data: Uint8Array, cap: number): Promise<number> {
  // A zlib header: CM 8 and the check bits (DCT, CCITT and JPX data fail this at once).
  if (data.length < 2 || ((data[0] as number) & 0x0f) !== 8 || (((data[0] as number) << 8) | (data[1] as number)) % 31 !== 0) return Promise.resolve(0);
  return new Promise((resolve) => {
    const inflate = zlib.createInflate({ chunkSize: 64 * 1024 });
    let size = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      inflate.removeAllListeners('data');
      inflate.destroy();
      resolve(size);
    };
    inflate.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size >= cap) finish();
    });
    inflate.on('end', finish);
    inflate.on('error', finish); // broken or trailing data: what inflated so far counts
    inflate.on('close', finish);
    inflate.end(data);
  });
}

function resolveObject(doc: PDFDocument, object: PDFObject | undefined): PDFObject | undefined {
  return object instanceof PDFRef ? doc.context.lookup(object) : object;
}

const ACTIVE_KEYS = ['JS', 'JavaScript', 'EmbeddedFiles', 'EmbeddedFile', 'RichMedia', 'XFA'];
const ACTIVE_ACTIONS = ['JavaScript', 'Launch', 'ImportData', 'RichMediaExecute'];

async function inspectPdf(bytes: Uint8Array, limits: AttachmentLimits): Promise<Inspection> {
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).subarray(Math.max(0, bytes.length - 2048));
  if (tail.indexOf('%%EOF', 0, 'latin1') < 0) return refuse('truncated', 'the PDF has no end (%%EOF): cut short');
  if (indexOfAscii(bytes, 'startxref', Math.max(0, bytes.length - 2048)) < 0) return refuse('truncated', 'the PDF has no cross-reference pointer');

  const bomb = await checkStreams(bytes, limits);
  if (bomb) return bomb;

  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
  } catch (error) {
    return refuse('malformed', `the PDF cannot be parsed: ${(error as Error).message}`);
  }
  if (doc.isEncrypted) return refuse('encrypted', 'the PDF is password-protected or encrypted');

  // Active content anywhere in the file, in indirect objects and the dictionaries nested in them.
  const checkDict = (dict: PDFDict): Inspection | null => {
    for (const key of ACTIVE_KEYS) if (dict.has(PDFName.of(key))) return refuse('active_content', `the PDF contains /${key}`);
    const action = dict.get(PDFName.of('S'));
    if (action instanceof PDFName && ACTIVE_ACTIONS.includes(action.decodeText())) return refuse('active_content', `the PDF contains a /${action.decodeText()} action`);
    const type = dict.get(PDFName.of('Type'));
    if (type instanceof PDFName && type.decodeText() === 'EmbeddedFile') return refuse('active_content', 'the PDF contains an embedded file');
    const subtype = dict.get(PDFName.of('Subtype'));
    if (subtype instanceof PDFName && subtype.decodeText() === 'Image') {
      const width = resolveObject(doc, dict.get(PDFName.of('Width')));
      const height = resolveObject(doc, dict.get(PDFName.of('Height')));
      if (width instanceof PDFNumber && height instanceof PDFNumber) {
        const pixels = checkPixels(width.asNumber(), height.asNumber(), limits);
        if (pixels && !pixels.ok && pixels.code === 'image_too_large') return refuse('image_too_large', `an image in the PDF is ${pixels.reason}`);
      }
    }
    return null;
  };
  let visits = 0;
  const walk = (object: PDFObject | undefined, depth: number): Inspection | null => {
    if (depth > 32 || (visits += 1) > 2_000_000) return null;
    const dict = object instanceof PDFDict ? object : object instanceof PDFRawStream ? object.dict : null;
    if (dict) {
      const found = checkDict(dict);
      if (found) return found;
      for (const [, value] of dict.entries()) {
        if (value instanceof PDFDict || value instanceof PDFArray) {
          const nested = walk(value, depth + 1);
          if (nested) return nested;
        }
      }
    } else if (object instanceof PDFArray) {
      for (let i = 0; i < object.size(); i += 1) {
        const value = object.get(i);
        if (value instanceof PDFDict || value instanceof PDFArray) {
          const nested = walk(value, depth + 1);
          if (nested) return nested;
        }
      }
    }
    return null;
  };
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    const found = walk(object, 0);
    if (found) return found;
  }
  const trailerFound = walk(doc.catalog, 0);
  if (trailerFound) return trailerFound;

  // The page tree, walked by hand: a claimed /Count, loops and depth are checked, not trusted.
  const root = resolveObject(doc, doc.catalog.get(PDFName.of('Pages')));
  if (!(root instanceof PDFDict)) return refuse('malformed', 'the PDF has no page tree');
  const claimed = resolveObject(doc, root.get(PDFName.of('Count')));
  if (claimed instanceof PDFNumber && claimed.asNumber() > limits.maxPages) {
    return refuse('too_many_pages', `the PDF claims ${claimed.asNumber()} pages, the limit is ${limits.maxPages}`);
  }
  let pages = 0;
  const visited = new Set<PDFDict>();
  const stack: Array<{ node: PDFDict; depth: number }> = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: PDFDict; depth: number };
    if (visited.has(node)) return refuse('malformed', 'the PDF page tree loops');
    visited.add(node);
    if (depth > 64) return refuse('malformed', 'the PDF page tree is too deep');
    const kids = resolveObject(doc, node.get(PDFName.of('Kids')));
    const type = node.get(PDFName.of('Type'));
    if (kids instanceof PDFArray && !(type instanceof PDFName && type.decodeText() === 'Page')) {
      for (let i = kids.size() - 1; i >= 0; i -= 1) {
        const kid = resolveObject(doc, kids.get(i));
        if (kid instanceof PDFDict) stack.push({ node: kid, depth: depth + 1 });
      }
    } else {
      pages += 1;
      if (pages > limits.maxPages) return refuse('too_many_pages', `more than ${limits.maxPages} pages`);
    }
  }
  if (pages === 0) return refuse('malformed', 'the PDF has no pages');
  return { ok: true, mime: 'application/pdf', pages };
}
