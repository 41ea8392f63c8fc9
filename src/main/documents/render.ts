// Renders a document's data through its template into a PDF (pdf-lib + fontkit): DejaVu Sans and
// Sans Bold embedded as subsets (every Kazakh letter: ә ғ қ ң ө ұ ү һ і and capitals; ToUnicode maps,
// so text is extractable and searchable), A4 or A5 as the template says, text wrapped to columns,
// bilingual blocks with Kazakh first, page numbers; at the end the signer's block and the QR code
// with its caption. The document's data is embedded as a JSON file (`qyzmet-document.json`, exactly
// the bytes the QR code's SHA-256 covers) and summarised in the Info dictionary and XMP metadata.
// The output is deterministic: the same data and templates give the same bytes.
import fs from 'node:fs';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import {
  AFRelationship,
  concatTransformationMatrix,
  drawObject,
  PageSizes,
  PDFDocument,
  PDFHexString,
  PDFName,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  type Color,
  type PDFFont,
  type PDFPage,
} from 'pdf-lib';
import { serviceByCode, type FieldDefinition } from '../../shared/catalogue';
import { DOCUMENT_DATA_FILE, type Bilingual, type DocumentData, type DocumentLanguage } from '../../shared/documents';
import { canonicalJson } from '../../shared/requests/lifecycle';
import { shippedResourceDir } from '../resources-dir';
import { documentHash, qrPayload as buildQrPayload, templateFor } from './data';
import { qrMatrix, qrOperators } from './qr';
import {
  conditionHolds,
  EMPTY_VALUE,
  fillText,
  loadTemplates,
  lookup,
  TemplateError,
  type Block,
  type DocumentTemplate,
  type EvalEnv,
  type TemplateContext,
  type TemplateSet,
  type TemplateText,
  type TextStyle,
} from './templates';

export const PRODUCER = 'Qyzmet (pdf-lib, fontkit)';
/** The key of the QR form XObject that names the payload it draws (verification decodes the drawing and compares). */
export const QR_PAYLOAD_KEY = 'QyzmetPayload';
export const QR_XOBJECT_NAME = 'QyzmetQR';

export interface RenderOptions {
  /** The central server's verification address (printed in the QR code), e.g. https://qyzmet.example.kz/verify. */
  verifyUrl: string;
  templates?: TemplateSet;
  /** Default: resources/fonts. */
  fontsDir?: string;
}

export interface RenderedDocument {
  pdf: Uint8Array;
  data: DocumentData;
  /** SHA-256 of the document's content (canonical JSON of `data`). */
  sha256: string;
  qrPayload: string;
  pages: number;
}

// ---- fonts ----

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];

interface FontFiles {
  regular: Uint8Array;
  bold: Uint8Array;
}

const fontFiles = new Map<string, FontFiles>();
const parsedFonts = new WeakMap<Uint8Array, ReturnType<Fontkit['create']>>();

/**
 * fontkit, with each font file parsed once per process (parsing DejaVu costs about as much as the
 * rest of a talon). fontkit caches a glyph with the code points it was first asked for; subsetting
 * asks for the components of composite glyphs with none (Cyrillic А is built from Latin A), so a
 * shared font would later give such a glyph no Unicode mapping and its text could not be extracted.
 * Every glyph is therefore created once, up front, from its own code point (the lowest, for a glyph
 * that several share).
 */
const cachingFontkit: Fontkit = {
  create(buffer, postscriptName) {
    let font = parsedFonts.get(buffer);
    if (!font) {
      font = (fontkit as Fontkit).create(buffer, postscriptName);
      for (const codePoint of [...font.characterSet].sort((a, b) => a - b)) font.glyphForCodePoint(codePoint);
      parsedFonts.set(buffer, font);
    }
    return font;
  },
};

function loadFonts(dir: string | undefined): FontFiles {
  const folder = dir ?? shippedResourceDir('fonts');
  if (!folder) throw new TemplateError('resources/fonts is not to be found');
  let files = fontFiles.get(folder);
  if (!files) {
    files = {
      regular: new Uint8Array(fs.readFileSync(path.join(folder, 'DejaVuSans.ttf'))),
      bold: new Uint8Array(fs.readFileSync(path.join(folder, 'DejaVuSans-Bold.ttf'))),
    };
    fontFiles.set(folder, files);
  }
  return files;
}

/**
 * DejaVu Sans and Sans Bold embedded in `doc` as subsets (each file read and parsed once per process),
 * named `<tag>+DejaVuSans`: the six-letter tags come from `seed` (hex, at least 24 digits), so equal
 * content gives equal bytes. For every PDF the app draws text in (documents, printed journals).
 */
export async function embedDejaVu(doc: PDFDocument, seed: string, fontsDir?: string): Promise<{ regular: PDFFont; bold: PDFFont }> {
  const fonts = loadFonts(fontsDir);
  doc.registerFontkit(cachingFontkit);
  const regular = await doc.embedFont(fonts.regular, { subset: true, customName: `${subsetTag(seed, 0)}+DejaVuSans` });
  const bold = await doc.embedFont(fonts.bold, { subset: true, customName: `${subsetTag(seed, 1)}+DejaVuSans-Bold` });
  return { regular, bold };
}

// ---- styles ----

interface PageStyle {
  size: [number, number];
  margin: { left: number; right: number; top: number; bottom: number };
  sizes: Record<TextStyle, number>;
  qr: number;
}

const PAGE_STYLES: Record<DocumentTemplate['page'], PageStyle> = {
  A4: {
    size: PageSizes.A4 as [number, number],
    margin: { left: 56, right: 42, top: 40, bottom: 40 },
    sizes: { title: 13, subtitle: 11, heading: 10, body: 9.5, small: 8, caption: 7 },
    qr: 78,
  },
  A5: {
    size: PageSizes.A5 as [number, number],
    margin: { left: 34, right: 28, top: 28, bottom: 30 },
    sizes: { title: 11.5, subtitle: 9.5, heading: 9, body: 8, small: 7, caption: 6.2 },
    qr: 72,
  },
};

const BLACK = rgb(0, 0, 0);
const GREY = rgb(0.32, 0.32, 0.32);
const RULE = rgb(0.55, 0.55, 0.55);
const LINE_FACTOR = 1.28;

// ---- layout ----

interface Column {
  x: number;
  width: number;
}

interface Layout {
  doc: PDFDocument;
  style: PageStyle;
  regular: PDFFont;
  bold: PDFFont;
  page: PDFPage;
  y: number;
  column: Column;
  pages: PDFPage[];
  languages: DocumentLanguage[];
  envFor(lang: DocumentLanguage, context?: TemplateContext): EvalEnv;
  templates: TemplateSet;
  /** Measuring only: nothing is drawn, no page is added (a page break sets `overflowed`). */
  dry: boolean;
  overflowed: boolean;
}

function newPage(layout: Layout): void {
  if (layout.dry) {
    layout.overflowed = true;
    layout.y = layout.style.size[1] - layout.style.margin.top;
    return;
  }
  layout.page = layout.doc.addPage(layout.style.size);
  layout.pages.push(layout.page);
  layout.y = layout.style.size[1] - layout.style.margin.top;
}

function ensureSpace(layout: Layout, height: number): void {
  if (layout.y - height < layout.style.margin.bottom) newPage(layout);
}

// Widths of words, per font file, at size 1000: pdf-lib sums glyph advances (no kerning), so a line is
// as wide as its words and spaces, and each word is laid out by fontkit once per process instead of
// once per candidate line. (The cache is emptied when it grows past a bound.)
const widthCache = new Map<string, Map<string, number>>();
const WIDTH_CACHE_MAX = 50_000;

export function textWidth(font: PDFFont, text: string, size: number): number {
  const key = font.name.replace(/^[A-Z]{6}\+/, '');
  let cache = widthCache.get(key);
  if (!cache) {
    cache = new Map();
    widthCache.set(key, cache);
  }
  let unit = cache.get(text);
  if (unit === undefined) {
    if (cache.size >= WIDTH_CACHE_MAX) cache.clear();
    unit = font.widthOfTextAtSize(text, 1000);
    cache.set(text, unit);
  }
  return (unit * size) / 1000;
}

/** Lines of `text` that fit `width`: breaks at spaces, a word too long for a line is cut. */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const space = textWidth(font, ' ', size);
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let lineWidth = 0;
    for (const word of paragraph.split(/ +/)) {
      const wordWidth = textWidth(font, word, size);
      if (line === '' ? wordWidth <= width : lineWidth + space + wordWidth <= width) {
        lineWidth = line === '' ? wordWidth : lineWidth + space + wordWidth;
        line = line === '' ? word : `${line} ${word}`;
        continue;
      }
      if (line) lines.push(line);
      line = '';
      let rest = word;
      while (textWidth(font, rest, size) > width) {
        let cut = rest.length - 1;
        while (cut > 1 && textWidth(font, rest.slice(0, cut), size) > width) cut -= 1;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
      lineWidth = textWidth(font, rest, size);
    }
    lines.push(line);
  }
  return lines;
}

interface TextRun {
  text: string;
  size: number;
  font: PDFFont;
  color: Color;
}

/** Draws wrapped lines at the layout's cursor in a column; moves the cursor; breaks pages between lines. */
function drawRun(layout: Layout, run: TextRun, column: Column, align: 'left' | 'center' | 'right' = 'left'): void {
  const lineHeight = run.size * LINE_FACTOR;
  for (const line of wrapText(run.text, run.font, run.size, column.width)) {
    ensureSpace(layout, lineHeight);
    const width = textWidth(run.font, line, run.size);
    const x = align === 'center' ? column.x + (column.width - width) / 2 : align === 'right' ? column.x + column.width - width : column.x;
    layout.y -= lineHeight;
    if (line && !layout.dry) layout.page.drawText(line, { x, y: layout.y + run.size * 0.25, size: run.size, font: run.font, color: run.color });
  }
}

/** A line in a box; `tail` continues it in another colour (the Russian label after the Kazakh one). */
interface BoxLine {
  text: string;
  run: TextRun;
  tail?: { text: string; color: Color };
}

/** Draws lines in a box at a fixed top without moving the cursor (table cells, field columns). */
function drawLinesAt(layout: Layout, lines: BoxLine[], x: number, top: number): number {
  const page = layout.page;
  let y = top;
  for (const { text, run, tail } of lines) {
    y -= run.size * LINE_FACTOR;
    if (layout.dry) continue;
    if (text) page.drawText(text, { x, y: y + run.size * 0.25, size: run.size, font: run.font, color: run.color });
    if (tail) page.drawText(tail.text, { x: x + textWidth(run.font, text, run.size), y: y + run.size * 0.25, size: run.size, font: run.font, color: tail.color });
  }
  return top - y;
}

function linesOf(run: TextRun, width: number): BoxLine[] {
  return wrapText(run.text, run.font, run.size, width).map((text) => ({ text, run }));
}

/** A text in each of the document's languages; one entry when they read the same. */
function perLanguage(layout: Layout, source: TemplateText, context?: TemplateContext): { lang: DocumentLanguage; text: string }[] {
  const entries = layout.languages.map((lang) => ({ lang, text: fillText(source, layout.envFor(lang, context)) }));
  return entries.length > 1 && entries.every((entry) => entry.text === entries[0]!.text) ? [entries[0]!] : entries;
}

function textBlock(layout: Layout, item: Extract<Block, { type: 'text' }>): void {
  const style = item.style ?? 'body';
  const size = layout.style.sizes[style];
  const bold = item.bold ?? (style === 'title' || style === 'heading');
  const entries = perLanguage(layout, item.text).filter((entry) => entry.text !== '');
  if (entries.length === 0) return;
  if (item.layout === 'inline') {
    drawRun(layout, { text: entries.map((entry) => entry.text).join(' / '), size, font: bold ? layout.bold : layout.regular, color: BLACK }, layout.column, item.align);
  } else {
    entries.forEach((entry, index) => {
      // The state language in full; the Russian version after it, the same size, in grey.
      const color = index === 0 ? BLACK : GREY;
      drawRun(layout, { text: entry.text, size, font: bold ? layout.bold : layout.regular, color }, layout.column, item.align);
      if (index < entries.length - 1) layout.y -= size * 0.2;
    });
  }
  layout.y -= size * 0.45;
}

function fieldsBlock(layout: Layout, item: Extract<Block, { type: 'fields' }>): void {
  const { sizes } = layout.style;
  const gap = 8;
  const labelWidth = layout.column.width * (item.labelWidth ?? 0.38);
  const valueColumn = { x: layout.column.x + labelWidth + gap, width: layout.column.width - labelWidth - gap };
  for (const row of item.rows) {
    if (!conditionHolds(row.when, layout.envFor('kk').context)) continue;
    const labels = perLanguage(layout, row.label);
    const values = perLanguage(layout, row.value).map((entry) => ({ ...entry, text: entry.text || EMPTY_VALUE }));
    const merged = values.length > 1 && values.every((entry) => entry.text === values[0]!.text) ? [values[0]!] : values;
    const prefix = row.number ? `${row.number}. ` : '';
    // "ЖСН / ИИН" on one line where it fits; otherwise the Russian label under the Kazakh one, smaller.
    const inline = labels.length === 2 ? `${prefix}${labels[0]!.text} / ${labels[1]!.text}` : null;
    const labelLines: BoxLine[] =
      inline !== null && textWidth(layout.regular, inline, sizes.body) <= labelWidth
        ? [{ text: `${prefix}${labels[0]!.text}`, run: { text: inline, size: sizes.body, font: layout.regular, color: BLACK }, tail: { text: ` / ${labels[1]!.text}`, color: GREY } }]
        : labels.flatMap((entry, index) =>
            linesOf({ text: `${prefix}${entry.text}`, size: index === 0 ? sizes.body : sizes.small, font: layout.regular, color: index === 0 ? BLACK : GREY }, labelWidth),
          );
    const valueLines = merged.flatMap((entry, index) =>
      linesOf({ text: entry.text, size: sizes.body, font: layout.bold, color: index === 0 ? BLACK : GREY }, valueColumn.width),
    );
    const height = (lines: { run: TextRun }[]) => lines.reduce((sum, line) => sum + line.run.size * LINE_FACTOR, 0);
    const rowHeight = Math.max(height(labelLines), height(valueLines));
    if (rowHeight > layout.y - layout.style.margin.bottom) newPage(layout);
    drawLinesAt(layout, labelLines, layout.column.x, layout.y);
    drawLinesAt(layout, valueLines, valueColumn.x, layout.y);
    layout.y -= rowHeight + sizes.body * 0.2;
  }
  layout.y -= sizes.body * 0.3;
}

function tableBlock(layout: Layout, item: Extract<Block, { type: 'table' }>): void {
  const { sizes } = layout.style;
  const context = layout.envFor('kk').context;
  // `a ?? b`: the first of the paths that holds a non-empty list.
  const rows = (item.source
    .split('??')
    .map((part) => lookup(context, part.trim()))
    .find((value) => Array.isArray(value) && value.length > 0) ?? []) as unknown[];
  if (rows.length === 0) {
    if (item.empty) textBlock(layout, { type: 'text', text: item.empty, style: 'small' });
    return;
  }
  const total = item.columns.reduce((sum, column) => sum + column.width, 0);
  const pad = 3;
  let x = layout.column.x;
  const columns = item.columns.map((column) => {
    const width = (column.width / total) * layout.column.width;
    const placed = { ...column, x, width };
    x += width;
    return placed;
  });
  const cellHeight = (cells: BoxLine[][]) =>
    Math.max(...cells.map((lines) => lines.reduce((sum, line) => sum + line.run.size * LINE_FACTOR, 0))) + 2 * pad;
  const drawRow = (cells: BoxLine[][], height: number) => {
    const top = layout.y;
    columns.forEach((column, index) => {
      drawLinesAt(layout, cells[index]!, column.x + pad, top - pad);
      if (!layout.dry) layout.page.drawRectangle({ x: column.x, y: top - height, width: column.width, height, borderColor: RULE, borderWidth: 0.5 });
    });
    layout.y -= height;
  };
  const headerCells = columns.map((column) =>
    perLanguage(layout, column.header).flatMap((entry, index) =>
      linesOf({ text: entry.text, size: sizes.small, font: index === 0 ? layout.bold : layout.regular, color: index === 0 ? BLACK : GREY }, column.width - 2 * pad),
    ),
  );
  const headerHeight = cellHeight(headerCells);
  ensureSpace(layout, headerHeight + sizes.body * 3);
  drawRow(headerCells, headerHeight);
  rows.forEach((row, index) => {
    const rowContext = { ...context, item: row, index: index + 1 };
    const cells = columns.map((column) => {
      const entries = perLanguage(layout, column.value, rowContext).map((entry) => ({ ...entry, text: entry.text || EMPTY_VALUE }));
      return entries.flatMap((entry, which) =>
        linesOf({ text: entry.text, size: sizes.small, font: layout.regular, color: which === 0 ? BLACK : GREY }, column.width - 2 * pad),
      );
    });
    const height = cellHeight(cells);
    if (layout.y - height < layout.style.margin.bottom) {
      newPage(layout);
      drawRow(headerCells, headerHeight);
    }
    drawRow(cells, height);
  });
  layout.y -= sizes.body * 0.8;
}

function renderBlocks(layout: Layout, blocks: readonly Block[]): void {
  for (const item of blocks) {
    if (!conditionHolds(item.when, layout.envFor('kk').context)) continue;
    switch (item.type) {
      case 'text':
        textBlock(layout, item);
        break;
      case 'fields':
        fieldsBlock(layout, item);
        break;
      case 'table':
        tableBlock(layout, item);
        break;
      case 'rule':
        ensureSpace(layout, 8);
        layout.y -= 3;
        if (!layout.dry) layout.page.drawLine({ start: { x: layout.column.x, y: layout.y }, end: { x: layout.column.x + layout.column.width, y: layout.y }, thickness: 0.6, color: RULE });
        layout.y -= 6;
        break;
      case 'space':
        layout.y -= item.height;
        break;
      case 'page_break':
        newPage(layout);
        break;
      case 'include':
        renderBlocks(layout, layout.templates.partial(item.partial));
        break;
    }
  }
}

/** The height the blocks take in a column, measured without drawing; null when they need more than a page. */
function measure(layout: Layout, blocks: readonly Block[], column: Column): number | null {
  const saved = { y: layout.y, column: layout.column, dry: layout.dry, overflowed: layout.overflowed };
  const top = layout.style.size[1] - layout.style.margin.top;
  Object.assign(layout, { y: top, column, dry: true, overflowed: false });
  try {
    renderBlocks(layout, blocks);
    return layout.overflowed ? null : top - layout.y;
  } finally {
    Object.assign(layout, saved);
  }
}

/** The QR code at the cursor, the `qr-caption` partial (the signer, the verification note) beside it; kept together. */
function qrFooter(layout: Layout, payload: string): void {
  const size = layout.style.qr;
  const gap = 10;
  const caption = layout.templates.partial('qr-caption');
  const captionColumn = { x: layout.column.x + size + gap, width: layout.column.width - size - gap };
  const captionHeight = measure(layout, caption, captionColumn);
  ensureSpace(layout, Math.max(size, captionHeight ?? 0) + 8);
  const top = layout.y - 4;
  const matrix = qrMatrix(payload);
  const stream = layout.doc.context.flateStream(qrOperators(matrix), {
    Type: 'XObject',
    Subtype: 'Form',
    BBox: [0, 0, matrix.size, matrix.size],
    [QR_PAYLOAD_KEY]: PDFHexString.fromText(payload),
  });
  const ref = layout.doc.context.register(stream);
  const name = layout.page.node.newXObject(QR_XOBJECT_NAME, ref);
  const scale = size / matrix.size;
  layout.page.pushOperators(pushGraphicsState(), concatTransformationMatrix(scale, 0, 0, scale, layout.column.x, top - size), drawObject(name), popGraphicsState());

  const saved = { column: layout.column, page: layout.page };
  layout.column = captionColumn;
  layout.y = top;
  renderBlocks(layout, caption);
  // A caption longer than a page (never, with the shipped partial) continues on the next one.
  const captionBottom = layout.y;
  layout.column = saved.column;
  layout.y = layout.page === saved.page ? Math.min(captionBottom, top - size) - 6 : captionBottom;
}

function pageNumbers(layout: Layout, number: string): void {
  const size = layout.style.sizes.caption;
  const count = layout.pages.length;
  layout.pages.forEach((page, index) => {
    const label = `№ ${number} · ${index + 1}/${count}`;
    const width = textWidth(layout.regular, label, size);
    page.drawText(label, { x: layout.style.size[0] - layout.style.margin.right - width, y: layout.style.margin.bottom / 2, size, font: layout.regular, color: GREY });
  });
}

// ---- data the templates see ----

function fullName(parts: (string | null | undefined)[]): string {
  return parts.filter((part) => part && part.trim()).join(' ');
}

/** The document's data plus what is derived from it for templates (never part of the hash). */
export function templateContext(data: DocumentData, extras: { sha256: string; qrPayload: string; verifyUrl: string; title: Bilingual }): TemplateContext {
  const applicant =
    data.applicant.kind === 'person'
      ? { ...data.applicant, displayName: fullName([data.applicant.surname, data.applicant.name, data.applicant.patronymic]), id: data.applicant.iin }
      : { ...data.applicant, displayName: data.applicant.name, id: data.applicant.bin };
  return {
    ...data,
    applicant,
    document: { number: data.number, issuedOn: data.issuedOn, issuedAt: data.issuedAt, kind: data.kind, title: extras.title, sha256: extras.sha256, qrPayload: extras.qrPayload, verifyUrl: extras.verifyUrl },
  };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[char]!);
}

/** XMP metadata (the PDF/A way of saying title, author, dates, producer, keywords) plus the document's own. */
function xmp(data: DocumentData, title: Bilingual, author: string, keywords: string, sha256: string, payload: string): string {
  const date = data.issuedAt.replace(/\.\d{3}Z$/, 'Z');
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:qyzmet="urn:qyzmet:document:1#">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(title.kk)}</rdf:li><rdf:li xml:lang="kk">${escapeXml(title.kk)}</rdf:li><rdf:li xml:lang="ru">${escapeXml(title.ru)}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>${escapeXml(author)}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(data.number)}</rdf:li></rdf:Alt></dc:description>
<dc:identifier>${escapeXml(data.number)}</dc:identifier>
<dc:language><rdf:Bag><rdf:li>kk</rdf:li><rdf:li>ru</rdf:li></rdf:Bag></dc:language>
<pdf:Producer>${escapeXml(PRODUCER)}</pdf:Producer>
<pdf:Keywords>${escapeXml(keywords)}</pdf:Keywords>
<xmp:CreateDate>${date}</xmp:CreateDate>
<xmp:ModifyDate>${date}</xmp:ModifyDate>
<xmp:MetadataDate>${date}</xmp:MetadataDate>
<xmp:CreatorTool>Qyzmet</xmp:CreatorTool>
<qyzmet:number>${escapeXml(data.number)}</qyzmet:number>
<qyzmet:kind>${escapeXml(data.kind)}</qyzmet:kind>
<qyzmet:issuedOn>${data.issuedOn}</qyzmet:issuedOn>
<qyzmet:sha256>${sha256}</qyzmet:sha256>
<qyzmet:qr>${escapeXml(payload)}</qyzmet:qr>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

/** A six-letter subset tag (PDF 9.6.4) derived from the content, so equal documents stay byte-equal. */
function subsetTag(sha256: string, salt: number): string {
  return Array.from({ length: 6 }, (_, index) => String.fromCharCode(65 + ((Number.parseInt(sha256.slice(index * 2 + salt * 12, index * 2 + salt * 12 + 2), 16) || 0) % 26))).join('');
}

export async function renderDocument(data: DocumentData, options: RenderOptions): Promise<RenderedDocument> {
  const templates = options.templates ?? loadTemplates();
  const template = templateFor(data.kind, templates);
  const service = serviceByCode(data.request.service);
  const fields: readonly FieldDefinition[] = service?.fields ?? [];
  const sha256 = documentHash(data);
  const payload = buildQrPayload(data, options.verifyUrl);
  const context = templateContext(data, { sha256, qrPayload: payload, verifyUrl: options.verifyUrl, title: template.title });

  const doc = await PDFDocument.create({ updateMetadata: false });
  const { regular, bold } = await embedDejaVu(doc, sha256, options.fontsDir);
  const style = PAGE_STYLES[template.page];
  const languages = template.languages as DocumentLanguage[];
  const layout: Layout = {
    doc,
    style,
    regular,
    bold,
    page: undefined as unknown as PDFPage,
    y: 0,
    column: { x: style.margin.left, width: style.size[0] - style.margin.left - style.margin.right },
    pages: [],
    languages,
    templates,
    dry: false,
    overflowed: false,
    envFor: (lang, local) => ({ lang, context: local ?? context, fields, inputs: template.inputs, service: data.request.service }),
  };
  newPage(layout);
  renderBlocks(layout, template.body);
  qrFooter(layout, payload);
  pageNumbers(layout, data.number);

  // Metadata: Info dictionary and XMP say the same.
  const title = languages.map((lang) => template.title[lang]).join(' / ');
  const author = data.signer ? `${data.signer.name}, ${data.provider.name.kk}` : data.provider.name.kk;
  const keywords = [data.kind, data.number, data.request.service, `sha256:${sha256}`];
  const issuedAt = new Date(data.issuedAt);
  doc.setTitle(title, { showInWindowTitleBar: true });
  doc.setAuthor(author);
  doc.setSubject(data.number);
  doc.setKeywords(keywords);
  doc.setCreator('Qyzmet');
  doc.setProducer(PRODUCER);
  doc.setCreationDate(issuedAt);
  doc.setModificationDate(issuedAt);
  doc.setLanguage(languages[0] === 'kk' ? 'kk-KZ' : 'ru-RU');
  const metadata = doc.context.stream(new TextEncoder().encode(xmp(data, template.title, author, keywords.join(' '), sha256, payload)), { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(metadata));

  // The data itself, as the bytes that were hashed.
  await doc.attach(new TextEncoder().encode(canonicalJson(data)), DOCUMENT_DATA_FILE, {
    mimeType: 'application/json',
    description: 'Qyzmet document data: canonical JSON; its SHA-256 is in the QR code',
    creationDate: issuedAt,
    modificationDate: issuedAt,
    afRelationship: AFRelationship.Data,
  });

  // Classic cross-reference table, no object streams: signing appends an incremental update to these bytes.
  const pdf = await doc.save({ useObjectStreams: false });
  return { pdf, data, sha256, qrPayload: payload, pages: layout.pages.length };
}
