// Pages → one multi-page PDF (pdf-lib). Nothing is decoded or re-encoded here:
//   JPEG pages      embedded as they are (DCTDecode);
//   1-bit PNG pages their IDAT embedded as is (FlateDecode with the PNG predictor, /Predictor 15),
//                   so lineart stays bilevel and costs what the PNG costs;
//   PDF pages       copied from their document (all pages of one document in one copy, so shared
//                   fonts and images are copied once).
// A page's size comes from its pixels and dpi (a 300 dpi A4 scan becomes a 595 × 842 pt page), its
// rotation is the page's /Rotate. The output is deterministic for the same pages (no dates, no
// random ids unless `createdAt` is given), so assembling the same pages twice gives the same hash.
import {
  concatTransformationMatrix,
  degrees,
  drawObject,
  PDFDocument,
  popGraphicsState,
  pushGraphicsState,
  type PDFPage,
} from 'pdf-lib';
import { readPng, type PageImage } from '../scanning/page-image';
import type { Page } from './pages';

export interface AssembleOptions {
  title?: string;
  /** Written as the PDF's creation date when given (the default leaves dates out). */
  createdAt?: Date;
}

export class AssembleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssembleError';
  }
}

const POINTS_PER_INCH = 72;

function pageSizePt(image: PageImage): [number, number] {
  const dpi = image.dpi >= 10 && image.dpi <= 10_000 ? image.dpi : 150;
  return [(image.width / dpi) * POINTS_PER_INCH, (image.height / dpi) * POINTS_PER_INCH];
}

async function drawImagePage(doc: PDFDocument, image: PageImage): Promise<PDFPage> {
  const [width, height] = pageSizePt(image);
  const page = doc.addPage([width, height]);
  if (image.format === 'jpeg') {
    const embedded = await doc.embedJpg(image.data);
    page.drawImage(embedded, { x: 0, y: 0, width, height });
    return page;
  }
  const png = readPng(image.data);
  const passThrough = !png.interlaced && ((png.colorType === 0 && (png.bitDepth === 1 || png.bitDepth === 8)) || (png.colorType === 2 && png.bitDepth === 8));
  if (!passThrough) {
    // Palette, alpha, 16-bit or interlaced PNGs (not produced by our own encoder): let pdf-lib decode them.
    const embedded = await doc.embedPng(image.data);
    page.drawImage(embedded, { x: 0, y: 0, width, height });
    return page;
  }
  const colors = png.colorType === 2 ? 3 : 1;
  const stream = doc.context.stream(png.idat, {
    Type: 'XObject',
    Subtype: 'Image',
    Width: png.width,
    Height: png.height,
    ColorSpace: colors === 3 ? 'DeviceRGB' : 'DeviceGray',
    BitsPerComponent: png.bitDepth,
    Filter: 'FlateDecode',
    DecodeParms: { Predictor: 15, Colors: colors, BitsPerComponent: png.bitDepth, Columns: png.width },
  });
  const ref = doc.context.register(stream);
  const name = page.node.newXObject('Im', ref);
  page.pushOperators(pushGraphicsState(), concatTransformationMatrix(width, 0, 0, height, 0, 0), drawObject(name), popGraphicsState());
  return page;
}

export async function assemblePdf(pages: readonly Page[], options: AssembleOptions = {}): Promise<Uint8Array> {
  if (pages.length === 0) throw new AssembleError('no pages');
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setProducer('Qyzmet');
  if (options.title) doc.setTitle(options.title);
  if (options.createdAt) doc.setCreationDate(options.createdAt);

  // Imported PDF pages: one copy per source document, with every page it contributes.
  const sources = new Map<Uint8Array, { indices: number[]; copied: PDFPage[] }>();
  for (const page of pages) {
    if (page.source.kind !== 'pdf') continue;
    const entry = sources.get(page.source.document) ?? { indices: [], copied: [] };
    entry.indices.push(page.source.pageIndex);
    sources.set(page.source.document, entry);
  }
  for (const [document, entry] of sources) {
    let source: PDFDocument;
    try {
      source = await PDFDocument.load(document, { updateMetadata: false });
    } catch (error) {
      throw new AssembleError(`an imported PDF cannot be read: ${(error as Error).message}`);
    }
    const count = source.getPageCount();
    if (entry.indices.some((index) => index < 0 || index >= count)) throw new AssembleError('an imported PDF page is out of range');
    entry.copied = await doc.copyPages(source, entry.indices);
  }
  const taken = new Map<Uint8Array, number>();

  for (const page of pages) {
    let pdfPage: PDFPage;
    let base = 0;
    if (page.source.kind === 'image') pdfPage = await drawImagePage(doc, page.source.image);
    else {
      const entry = sources.get(page.source.document) as { copied: PDFPage[] };
      const next = taken.get(page.source.document) ?? 0;
      taken.set(page.source.document, next + 1);
      pdfPage = doc.addPage(entry.copied[next] as PDFPage);
      base = pdfPage.getRotation().angle;
    }
    const angle = (((base + page.rotation) % 360) + 360) % 360;
    if (angle !== base) pdfPage.setRotation(degrees(angle));
  }
  return doc.save({ useObjectStreams: true, addDefaultPage: false });
}
