// A journal printed as PDF (issue 7): the real journals service on a temporary database, ~120 entries
// with Kazakh subjects, printed and read back with poppler (pdftotext, pdfinfo) and checked by qpdf —
// the title, every entry number exactly once, the table header on every page, page numbers, the
// metadata; a search filter shown in the header; an empty journal saying so.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/main/app';
import { createChangeLog } from '../../src/main/db/change-log';
import { JOURNAL_TITLES, NO_ENTRIES, renderJournalPdf, type JournalPdfInput } from '../../src/main/documents/journal-pdf';
import { createJournals, JOURNAL_KINDS, type JournalEntry, type JournalKind, type Journals } from '../../src/main/services/journals';
import { ManualClock, tempDir } from '../helpers/workstation';

const PROVIDER = { code: 'PMSP07', name: { kk: '«Қалалық емхана № 1» ШЖҚ МКК', ru: 'ГКП на ПХВ «Городская поликлиника № 1»' } };
const KAZAKH_LETTERS = 'ӘҒҚҢӨҰҮҺІ әғқңөұүһі';
const SURNAMES = ['Әбілқасымова', 'Нұрланов', 'Серікбаев', 'Жұмабекова', 'Құдайбергенов', 'Өмірзақова', 'Ғабдуллин', 'Үмбетова', 'Шәкенов', 'Һашимова'];
const NAMES = ['Ғалия', 'Әсел', 'Нұрлан', 'Өмір', 'Іңкәр', 'Айгүл', 'Қайрат', 'Ұлжан', 'Бауыржан', 'Дәурен'];
const COUNT = 120;
const actor = { staffId: 'staff-1' };

let work: string;
let journals: Journals;
let clock: ManualClock;
const cleanups: Array<() => void> = [];

beforeAll(() => {
  work = tempDir('qyzmet-journal-pdf-');
  cleanups.push(() => fs.rmSync(work, { recursive: true, force: true }));
  clock = new ManualClock(new Date('2026-03-02T04:00:00Z'));
  const app = createApp({ dataDir: path.join(work, 'data'), clock, logger: { error: () => {} } });
  cleanups.push(() => app.close());
  const services = app.services;
  if (!services) throw new Error('the database did not open');
  const now = () => clock.now();
  journals = createJournals({
    db: services.db,
    changes: createChangeLog(services.db, services.settings.workstationId, now),
    workstationId: services.settings.workstationId,
    providerCode: () => PROVIDER.code,
    // One series (no workstation code): numbers as 1, 2, 3 of this journal.
    series: () => '',
    now,
  });
});

afterAll(() => cleanups.reverse().forEach((cleanup) => cleanup()));

/** Every entry of a journal (and year/search), paging through the service as a caller would. */
function everything(journal: JournalKind, filter: { year?: number; search?: string } = {}): JournalEntry[] {
  const all: JournalEntry[] = [];
  for (;;) {
    const page = journals.list({ journal, ...filter, limit: 50, offset: all.length });
    all.push(...page.entries);
    if (all.length >= page.total || page.entries.length === 0) return all;
  }
}

function print(name: string, input: Partial<JournalPdfInput> & Pick<JournalPdfInput, 'journal' | 'entries'>) {
  return renderJournalPdf({
    title: JOURNAL_TITLES[input.journal],
    provider: PROVIDER,
    year: 2026,
    search: null,
    printedAt: new Date('2026-03-10T06:05:00Z'),
    printedBy: 'Серікбаев Нұрлан Өмірұлы',
    ...input,
  }).then((pdf) => {
    const file = path.join(work, name);
    fs.writeFileSync(file, pdf);
    return file;
  });
}

const pdftotext = (file: string, args: string[] = []) => execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', ...args, file, '-'], { encoding: 'utf8' });
const pageCount = (file: string) => Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
const occurrences = (text: string, needle: string) => text.split(needle).length - 1;

describe('printed journals', () => {
  let entries: JournalEntry[];
  let file: string;

  beforeAll(async () => {
    for (let i = 0; i < COUNT; i += 1) {
      clock.advanceMinutes(37);
      const subject = `${SURNAMES[i % SURNAMES.length]} ${NAMES[(i * 7) % NAMES.length]} — ${i % 3 === 0 ? 'Мұрағаттық анықтама' : 'Дәрігердің қабылдауына талон'}`;
      journals.append(actor, {
        journal: 'issued_documents',
        requestId: `req-${i}`,
        subject: i === 5 ? `${subject} ${KAZAKH_LETTERS}` : subject,
        documentNumber: `PMSP07-26-K7QM4-${String(i + 1).padStart(5, '0')}-7`,
        documentSha256: (i.toString(16).padStart(2, '0') + 'ab').repeat(16),
        data: {
          doctor: 'Жұмабекова Әсел Қайратқызы',
          room: String(200 + (i % 20)),
          count: i,
          nested: { ignored: true },
          ...(i % 11 === 0 ? { note: 'Ұзақ ескертпе: '.concat('өтініш берушінің мекенжайы өзгерген, құжаттар қайта тексерілді; '.repeat(4)) } : {}),
        },
      });
    }
    entries = everything('issued_documents', { year: 2026 });
    file = await print('issued.pdf', { journal: 'issued_documents', entries });
  });

  it('has a title for every journal', () => {
    expect(Object.keys(JOURNAL_TITLES).sort()).toEqual([...JOURNAL_KINDS].sort());
    for (const title of Object.values(JOURNAL_TITLES)) expect(title.kk && title.ru).toBeTruthy();
  });

  it('prints every entry exactly once, Kazakh text extractable as written', () => {
    expect(entries).toHaveLength(COUNT);
    const text = pdftotext(file);
    expect(text).toContain('Берілген құжаттар журналы');
    expect(text).toContain('Журнал выданных документов');
    expect(text).toContain('«Қалалық емхана № 1» ШЖҚ МКК');
    expect(text).toContain('PMSP07');
    expect(text).toContain('Жыл / Год: 2026');
    expect(text).toContain('Басып шығарылды / Напечатано: 10.03.2026 11:05, Серікбаев Нұрлан Өмірұлы');
    expect(text).toContain(`Жазбалар саны / Количество записей: ${COUNT}`);
    expect(text).not.toContain('Іздеу');
    for (const entry of entries) {
      expect(occurrences(text, entry.number), entry.number).toBe(1);
      // Date (Almaty), the hash's first 16 digits.
      expect(text).toContain(`${entry.documentSha256!.slice(0, 16)}…`);
    }
    for (const word of KAZAKH_LETTERS.split(' ')) expect(text).toContain(word);
    const first = entries.find((entry) => entry.seq === 1)!;
    expect(text).toContain('02.03.2026 09:37'); // the first entry: 04:37 UTC is 09:37 in Almaty
    expect(first.createdAt).toBe('2026-03-02T04:37:00.000Z');
    // Data: string values only.
    expect(text).toContain('doctor: Жұмабекова Әсел');
    expect(text).not.toContain('count:');
    expect(text).not.toContain('ignored');
    // In journal order: DOC-2026-000001 before DOC-2026-000120.
    expect(text.indexOf('DOC-2026-000001')).toBeLessThan(text.indexOf('DOC-2026-000120'));
  });

  it('runs over several pages, each with the table header and its page number', () => {
    const pages = pageCount(file);
    expect(pages).toBeGreaterThan(1);
    let seen = 0;
    for (let page = 1; page <= pages; page += 1) {
      const text = pdftotext(file, ['-f', String(page), '-l', String(page)]);
      expect(text, `page ${page}`).toContain('Құжат нөмірі');
      expect(text, `page ${page}`).toContain('Номер документа');
      expect(text, `page ${page}`).toContain('Деректер');
      expect(text, `page ${page}`).toContain(`Бет / Страница ${page} / ${pages}`);
      seen += (text.match(/DOC-2026-\d{6}/g) ?? []).length;
    }
    expect(seen).toBe(COUNT);
  });

  it('is a sound PDF with its metadata', () => {
    const check = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain('No syntax or stream encoding errors found');
    const info = execFileSync('pdfinfo', ['-isodates', file], { encoding: 'utf8' });
    expect(info).toMatch(/^Title:\s+Берілген құжаттар журналы \/ Журнал выданных документов$/m);
    expect(info).toMatch(/^Author:\s+«Қалалық емхана № 1» ШЖҚ МКК \(PMSP07\)$/m);
    expect(info).toMatch(/^CreationDate:\s+2026-03-10T06:05:00(Z|\+00)/m);
    expect(info).toMatch(/^Page size:\s+841\.89 x 595\.28 pts \(A4\)/m);
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toMatch(/[A-Z]{6}\+DejaVuSans\s/);
    expect(fonts).toMatch(/[A-Z]{6}\+DejaVuSans-Bold\s/);
    for (const line of fonts.split('\n').filter((row) => row.includes('DejaVu'))) expect(line).toMatch(/\byes\s+yes\s+yes\b/); // embedded, subset, ToUnicode
  });

  it('is deterministic', async () => {
    const again = await print('issued-again.pdf', { journal: 'issued_documents', entries: [...entries].reverse() });
    expect(Buffer.compare(fs.readFileSync(file), fs.readFileSync(again))).toBe(0);
  });

  it('shows the search filter and only what it found', async () => {
    const found = everything('issued_documents', { search: 'асел' });
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThan(COUNT);
    const filtered = await print('search.pdf', { journal: 'issued_documents', entries: found, search: 'асел', year: null });
    const text = pdftotext(filtered);
    expect(text).toContain('Іздеу сүзгісі / Фильтр поиска: «асел»');
    expect(text).toContain('Жыл / Год: барлық жылдар / все годы');
    expect((text.match(/DOC-2026-\d{6}/g) ?? []).sort()).toEqual(found.map((entry) => entry.number).sort());
  });

  it('an empty journal prints its header and says there are no entries', async () => {
    const empty = await print('empty.pdf', { journal: 'apostille_register', entries: everything('apostille_register') });
    const text = pdftotext(empty);
    expect(text).toContain('Апостиль тізілімі');
    expect(text).toContain('Реестр апостилей');
    expect(text).toContain(NO_ENTRIES);
    expect(text).toContain('Бет / Страница 1 / 1');
    expect(text).not.toContain('Құжат нөмірі');
    expect(pageCount(empty)).toBe(1);
    expect(spawnSync('qpdf', ['--check', empty]).status).toBe(0);
  });

  it('a row taller than a page is continued on the next, not lost', async () => {
    const long = { ...entries[0]!, data: { note: Array.from({ length: 900 }, (_v, i) => `сөз${i}`).join(' ') } };
    const tall = await print('tall.pdf', { journal: 'issued_documents', entries: [long, entries[1]!] });
    const text = pdftotext(tall).replace(/\s+/g, ' ');
    expect(pageCount(tall)).toBeGreaterThan(1);
    for (const i of [0, 450, 899]) expect(text).toContain(`сөз${i}`);
    expect(occurrences(text, entries[1]!.number)).toBe(1);
  });
});
