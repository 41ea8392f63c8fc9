// A journal printed as PDF (issue 7, "Journals … searchable, and printable as PDF"): A4 landscape,
// DejaVu Sans embedded as subsets (render.ts's fonts, so Kazakh text — ә ғ қ ң ө ұ ү һ і — is
// extractable and searchable), Kazakh first then Russian. Page 1 carries the header (the journal,
// the provider, the year, the search filter, when and by whom it was printed), every page a bordered
// table whose header row is repeated, and a footer "page N / M". Entries are printed in journal
// order (year, then number); a row that does not fit the rest of a page starts the next one, and
// only a row taller than a whole page is continued over pages. The output is deterministic.
import { createHash } from 'node:crypto';
import { PageSizes, PDFDocument, rgb, type Color, type PDFFont, type PDFPage } from 'pdf-lib';
import type { Bilingual } from '../../shared/documents';
import { formatDateTime } from '../../shared/format';
import type { JournalEntry, JournalKind } from '../services/journals';
import { embedDejaVu, PRODUCER, textWidth, wrapText } from './render';

export interface JournalPdfInput {
  journal: JournalKind;
  title: Bilingual;
  provider: { code: string; name: Bilingual };
  /** The year printed, or null for all years. */
  year: number | null;
  /** The search filter applied to the entries, or null. */
  search: string | null;
  entries: JournalEntry[];
  printedAt: Date;
  /** Who printed it (the staff member's name). */
  printedBy: string;
  /** Default: resources/fonts. */
  fontsDir?: string;
}

export const JOURNAL_TITLES: Record<JournalKind, Bilingual> = {
  issued_documents: { kk: 'Берілген құжаттар журналы', ru: 'Журнал выданных документов' },
  appointments: { kk: 'Дәрігердің қабылдауына алдын ала жазылу журналы', ru: 'Журнал предварительной записи на приём к врачу' },
  home_calls: { kk: 'Дәрігерді үйге шақыру журналы', ru: 'Журнал вызовов врача на дом' },
  apostille_register: { kk: 'Апостиль тізілімі', ru: 'Реестр апостилей' },
  licence_register: { kk: 'Лицензиялар тізілімі', ru: 'Реестр лицензий' },
};

export const NO_ENTRIES = 'Жазбалар жоқ / Записей нет';

const PAGE = [PageSizes.A4[1], PageSizes.A4[0]] as [number, number]; // landscape
const MARGIN = { left: 36, right: 36, top: 34, bottom: 36 };
const SIZES = { title: 13, subtitle: 11, header: 9, cell: 7.5, footer: 7 };
const LINE_FACTOR = 1.28;
const PAD = 3;
const EMPTY = '—';

const BLACK = rgb(0, 0, 0);
const GREY = rgb(0.32, 0.32, 0.32);
const RULE = rgb(0.55, 0.55, 0.55);
const HEADER_FILL = rgb(0.93, 0.93, 0.93);

interface ColumnSpec {
  header: Bilingual;
  /** Sized to the widest text it holds (up to `max`), or a share of what is left. */
  fit?: { max: number };
  share?: number;
  value(entry: JournalEntry): string;
}

const COLUMNS: ColumnSpec[] = [
  { header: { kk: '№', ru: '№' }, fit: { max: 110 }, value: (entry) => entry.number },
  { header: { kk: 'Күні', ru: 'Дата' }, fit: { max: 80 }, value: (entry) => formatDateTime(entry.createdAt) },
  { header: { kk: 'Мазмұны', ru: 'Содержание' }, share: 0.42, value: (entry) => entry.subject },
  { header: { kk: 'Құжат нөмірі', ru: 'Номер документа' }, fit: { max: 120 }, value: (entry) => entry.documentNumber ?? EMPTY },
  { header: { kk: 'SHA-256', ru: 'SHA-256' }, fit: { max: 90 }, value: (entry) => (entry.documentSha256 ? `${entry.documentSha256.slice(0, 16)}…` : EMPTY) },
  { header: { kk: 'Деректер', ru: 'Данные' }, share: 0.58, value: dataSummary },
];

/** The entry's data as "key: value" pairs, string values only, in the order stored. */
export function dataSummary(entry: Pick<JournalEntry, 'data'>): string {
  const pairs = Object.entries(entry.data ?? {})
    .filter((pair): pair is [string, string] => typeof pair[1] === 'string' && pair[1].trim() !== '')
    .map(([key, value]) => `${key}: ${clean(value)}`);
  return pairs.length ? pairs.join('; ') : EMPTY;
}

/** Control characters the fonts cannot draw: line breaks kept, the rest made spaces. */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ' ');
}

const oneLine = (text: string) => clean(text).replace(/\s+/g, ' ').trim();
const bilingual = (text: Bilingual) => (text.kk === text.ru ? text.kk : `${text.kk} / ${text.ru}`);

interface Line {
  text: string;
  font: PDFFont;
  size: number;
  color: Color;
}

interface Placed {
  x: number;
  width: number;
}

interface Layout {
  doc: PDFDocument;
  regular: PDFFont;
  bold: PDFFont;
  pages: PDFPage[];
  page: PDFPage;
  y: number;
}

const lineHeight = (line: { size: number }) => line.size * LINE_FACTOR;

function newPage(layout: Layout): void {
  layout.page = layout.doc.addPage(PAGE);
  layout.pages.push(layout.page);
  layout.y = PAGE[1] - MARGIN.top;
}

/** Wrapped lines of a text block at the cursor, across the full width; the cursor moves down. */
function drawBlock(layout: Layout, lines: Line[], align: 'left' | 'center' = 'left'): void {
  const width = PAGE[0] - MARGIN.left - MARGIN.right;
  for (const line of lines) {
    for (const text of wrapText(line.text, line.font, line.size, width)) {
      layout.y -= lineHeight(line);
      const x = align === 'center' ? MARGIN.left + (width - textWidth(line.font, text, line.size)) / 2 : MARGIN.left;
      if (text) layout.page.drawText(text, { x, y: layout.y + line.size * 0.25, size: line.size, font: line.font, color: line.color });
    }
  }
}

/** Column positions: the fitted ones as wide as their widest text, the others sharing what is left. */
function placeColumns(layout: Layout, rows: string[][]): Placed[] {
  const total = PAGE[0] - MARGIN.left - MARGIN.right;
  const widths = COLUMNS.map((column, index) => {
    if (!column.fit) return 0;
    const texts = [column.header.kk, column.header.ru, ...rows.map((row) => row[index]!)];
    const widest = Math.max(
      textWidth(layout.bold, column.header.kk, SIZES.cell),
      ...texts.slice(1).map((text) => textWidth(layout.regular, text, SIZES.cell)),
    );
    return Math.min(column.fit.max, Math.ceil(widest) + 2 * PAD + 1);
  });
  const rest = total - widths.reduce((sum, width) => sum + width, 0);
  const shares = COLUMNS.reduce((sum, column) => sum + (column.share ?? 0), 0);
  let x = MARGIN.left;
  return COLUMNS.map((column, index) => {
    const width = column.fit ? widths[index]! : (rest * (column.share ?? 0)) / shares;
    const placed = { x, width };
    x += width;
    return placed;
  });
}

function cellLines(text: string, font: PDFFont, color: Color, width: number): Line[] {
  return wrapText(text, font, SIZES.cell, width - 2 * PAD).map((line) => ({ text: line, font, size: SIZES.cell, color }));
}

/** One row's cells drawn at the cursor, `height` tall, bordered; the cursor moves below it. */
function drawRow(layout: Layout, columns: Placed[], cells: Line[][], height: number, fill?: Color): void {
  const top = layout.y;
  columns.forEach((column, index) => {
    layout.page.drawRectangle({ x: column.x, y: top - height, width: column.width, height, borderColor: RULE, borderWidth: 0.5, ...(fill ? { color: fill } : {}) });
    let y = top - PAD;
    for (const line of cells[index]!) {
      y -= lineHeight(line);
      if (line.text) layout.page.drawText(line.text, { x: column.x + PAD, y: y + line.size * 0.25, size: line.size, font: line.font, color: line.color });
    }
  });
  layout.y -= height;
}

const cellsHeight = (cells: Line[][]) => Math.max(...cells.map((lines) => lines.reduce((sum, line) => sum + lineHeight(line), 0))) + 2 * PAD;

/**
 * Prints a journal. `entries` are the ones to print (a whole year, or what a search found): the
 * caller pages through `Journals.list`; they are printed in journal order whatever order they come in.
 */
export async function renderJournalPdf(input: JournalPdfInput): Promise<Uint8Array> {
  const entries = [...input.entries].sort((a, b) => a.year - b.year || a.seq - b.seq || a.number.localeCompare(b.number));
  const printed = formatDateTime(input.printedAt);
  const seed = createHash('sha256')
    .update(JSON.stringify([input.journal, input.title, input.provider, input.year, input.search, printed, input.printedBy, entries.map((entry) => entry.id)]))
    .digest('hex');

  const doc = await PDFDocument.create({ updateMetadata: false });
  const { regular, bold } = await embedDejaVu(doc, seed, input.fontsDir);
  const layout: Layout = { doc, regular, bold, pages: [], page: undefined as unknown as PDFPage, y: 0 };
  newPage(layout);

  // ---- the header (page 1) ----
  const providerName = bilingual({ kk: oneLine(input.provider.name.kk), ru: oneLine(input.provider.name.ru) });
  const header: Line[] = [
    { text: `Қызмет беруші / Услугодатель: ${providerName}, коды / код ${oneLine(input.provider.code)}`, font: regular, size: SIZES.header, color: BLACK },
    { text: `Жыл / Год: ${input.year === null ? 'барлық жылдар / все годы' : String(input.year)}`, font: regular, size: SIZES.header, color: BLACK },
  ];
  const search = input.search === null ? '' : oneLine(input.search);
  if (search) header.push({ text: `Іздеу сүзгісі / Фильтр поиска: «${search}»`, font: regular, size: SIZES.header, color: BLACK });
  header.push(
    { text: `Жазбалар саны / Количество записей: ${entries.length}`, font: regular, size: SIZES.header, color: BLACK },
    { text: `Басып шығарылды / Напечатано: ${printed}, ${oneLine(input.printedBy)}`, font: regular, size: SIZES.header, color: BLACK },
  );
  drawBlock(layout, [{ text: oneLine(input.title.kk), font: bold, size: SIZES.title, color: BLACK }], 'center');
  drawBlock(layout, [{ text: oneLine(input.title.ru), font: regular, size: SIZES.subtitle, color: GREY }], 'center');
  layout.y -= 6;
  drawBlock(layout, header);
  layout.y -= 8;

  if (entries.length === 0) {
    drawBlock(layout, [{ text: NO_ENTRIES, font: bold, size: SIZES.header + 1, color: BLACK }]);
  } else {
    const rows = entries.map((entry) => COLUMNS.map((column) => column.value(entry)));
    const columns = placeColumns(layout, rows);
    const headerCells = COLUMNS.map((column, index) => {
      const width = columns[index]!.width;
      const kk = cellLines(column.header.kk, bold, BLACK, width);
      return column.header.ru === column.header.kk ? kk : [...kk, ...cellLines(column.header.ru, regular, GREY, width)];
    });
    const headerHeight = cellsHeight(headerCells);
    const bottom = MARGIN.bottom + 4;
    const tableHeader = () => drawRow(layout, columns, headerCells, headerHeight, HEADER_FILL);
    const continuation = () => {
      newPage(layout);
      drawBlock(layout, [{ text: `${oneLine(input.title.kk)} / ${oneLine(input.title.ru)} — ${oneLine(input.provider.code)}`, font: regular, size: SIZES.footer, color: GREY }]);
      layout.y -= 3;
      tableHeader();
    };

    tableHeader();
    for (const row of rows) {
      let cells = row.map((text, index) => cellLines(text, regular, BLACK, columns[index]!.width));
      let atTop = false;
      for (;;) {
        const height = cellsHeight(cells);
        if (layout.y - height >= bottom) {
          drawRow(layout, columns, cells, height);
          break;
        }
        if (!atTop) {
          // Not enough room left: the whole row goes to the next page.
          continuation();
          atTop = true;
          continue;
        }
        // Taller than a whole page: as many lines as fit here, the rest continued on the next page.
        const fit = Math.max(1, Math.floor((layout.y - bottom - 2 * PAD) / lineHeight({ size: SIZES.cell })));
        drawRow(layout, columns, cells.map((lines) => lines.slice(0, fit)), layout.y - bottom);
        cells = cells.map((lines) => lines.slice(fit));
        continuation();
      }
    }
  }

  // ---- footers ----
  const count = layout.pages.length;
  layout.pages.forEach((page, index) => {
    const label = `Бет / Страница ${index + 1} / ${count}`;
    const width = textWidth(regular, label, SIZES.footer);
    page.drawText(label, { x: PAGE[0] - MARGIN.right - width, y: MARGIN.bottom / 2, size: SIZES.footer, font: regular, color: GREY });
    page.drawText(`${oneLine(input.provider.code)} · ${printed}`, { x: MARGIN.left, y: MARGIN.bottom / 2, size: SIZES.footer, font: regular, color: GREY });
  });

  // ---- metadata ----
  doc.setTitle(`${oneLine(input.title.kk)} / ${oneLine(input.title.ru)}`, { showInWindowTitleBar: true });
  doc.setAuthor(`${oneLine(input.provider.name.kk)} (${oneLine(input.provider.code)})`);
  doc.setSubject([input.journal, input.year === null ? 'all years' : String(input.year), search ? `search: ${search}` : ''].filter(Boolean).join(', '));
  doc.setKeywords(['journal', input.journal, input.provider.code, ...(input.year === null ? [] : [String(input.year)])]);
  doc.setCreator('Qyzmet');
  doc.setProducer(PRODUCER);
  doc.setCreationDate(input.printedAt);
  doc.setModificationDate(input.printedAt);
  doc.setLanguage('kk-KZ');
  return doc.save({ useObjectStreams: false });
}
