// Journals and registers (issue 7): the five journals, a year (the current Almaty year by default, or
// all years), a search (debounced; Kazakh letters may be typed as Russian ones, entry numbers match
// too), the entries a page at a time, Enter on an entry opens its request, "Print the journal" (a PDF
// the service makes, saved as a download) and "Check the numbering" (numbered without gaps). Below,
// verifying an issued document (a PDF) for the clerk who is handed one.
//
// What the person chose is kept while they open a request and come back, and dropped when another
// person signs in (as on the queue).
import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../shared/api/contract';
import { JOURNALS, type Journal } from '../../../shared/catalogue';
import type { GapReport, JournalEntry, JournalPage } from '../../../shared/journals';
import { call } from '../../api/client';
import { FormError } from '../../components/Field';
import type { ShownError } from '../../i18n';
import { shownError } from '../../signing/SigningError';
import { useAppDispatch, useAppSelector } from '../../store';
import { requestOpened } from '../../store/navSlice';
import { almatyYear, saveFile } from './format';
import { JournalTable, PAGE_SIZE } from './JournalTable';
import { VerifyDocument } from './VerifyDocument';
import './journals.css';

const SEARCH_DEBOUNCE_MS = 300;
/** The page's keys (shown as they are on the keyboard) and what each does. */
const KEYS: ReadonlyArray<readonly [string, string]> = [
  ['/  Alt+F', 'search'],
  ['↓', 'intoTable'],
  ['↑ ↓  Home  End', 'choose'],
  ['Page Down  Page Up', 'turn'],
  ['Enter', 'open'],
];

/** The years offered besides "all years": this one and the ones before it. */
const YEARS_BACK = 5;

type YearChoice = number | 'all';

interface Filters {
  journal: Journal;
  year: YearChoice;
  search: string;
}

interface Remembered {
  staffId: string;
  filters: Filters;
  offset: number;
  selected: number;
  /** Back from an entry's request: the keyboard returns to the entry. */
  returnFocus: boolean;
}
let remembered: Remembered | null = null;

/** One year's numbering check, as shown. */
interface YearCheck {
  year: number;
  report: GapReport;
}

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function JournalsPage({ session }: { session: SessionInfo }) {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const locked = useAppSelector((state) => state.session.current?.locked ?? false);
  const [thisYear] = useState(() => almatyYear());
  const mine = remembered?.staffId === session.staffId ? remembered : null;
  const [filters, setFilters] = useState<Filters>(mine?.filters ?? { journal: 'issued_documents', year: thisYear, search: '' });
  const [searchText, setSearchText] = useState(mine?.filters.search ?? '');
  const [offset, setOffset] = useState(mine?.offset ?? 0);
  const [selected, setSelected] = useState(mine?.selected ?? 0);
  /** The last answer (shown until the next one arrives) and the query it answered. */
  const [answered, setAnswered] = useState<{ key: string; page: JournalPage | null; offset: number; error: ShownError | null } | null>(null);
  const [focusRequest, setFocusRequest] = useState(mine?.returnFocus ? 1 : 0);
  const [reloads, setReloads] = useState(0);
  const [printing, setPrinting] = useState(false);
  const [printNote, setPrintNote] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [checks, setChecks] = useState<{ key: string; years: YearCheck[] } | null>(null);
  const [actionError, setActionError] = useState<ShownError | null>(null);
  const [openNote, setOpenNote] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const helpId = useId();
  const journalId = useId();
  const yearId = useId();
  const searchId = useId();

  const years = Array.from({ length: YEARS_BACK + 1 }, (_, index) => thisYear - index);
  const language = i18n.language;

  useEffect(() => {
    remembered = { staffId: session.staffId, filters, offset, selected, returnFocus: false };
  }, [session.staffId, filters, offset, selected]);

  // Debounced search: the query changes once typing pauses.
  useEffect(() => {
    if (searchText === filters.search) return;
    const timer = setTimeout(() => {
      setFilters((current) => ({ ...current, search: searchText }));
      setOffset(0);
      setSelected(0);
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [searchText, filters.search]);

  // The page of entries for the filters (not while the screen is locked).
  const queryKey = JSON.stringify([filters, offset, reloads]);
  useEffect(() => {
    if (locked) return;
    let active = true;
    const search = filters.search.trim().slice(0, 200);
    call('journals.list', {
      journal: filters.journal,
      ...(filters.year === 'all' ? {} : { year: filters.year }),
      ...(search ? { search } : {}),
      limit: PAGE_SIZE,
      offset,
    }).then(
      (answer) => {
        if (!active) return;
        // A page past the end (entries went away, or a remembered page): back to the last one.
        if (answer.entries.length === 0 && answer.total > 0 && offset > 0) {
          setOffset(Math.floor((answer.total - 1) / PAGE_SIZE) * PAGE_SIZE);
          return;
        }
        setAnswered({ key: queryKey, page: answer, offset, error: null });
        setSelected((current) => Math.min(current, Math.max(0, answer.entries.length - 1)));
      },
      (error: unknown) => {
        if (active) setAnswered((current) => ({ key: queryKey, page: current?.page ?? null, offset: current?.offset ?? 0, error: shownError(error) }));
      },
    );
    return () => {
      active = false;
    };
  }, [filters, offset, locked, queryKey]);
  const page = answered?.page ?? null;
  const loadError = answered?.error ?? null;
  const loading = answered?.key !== queryKey;
  /** Where the rows shown start (the page asked for may not have arrived yet). */
  const shownOffset = answered?.offset ?? 0;

  const change = (next: Partial<Filters>) => {
    setFilters((current) => ({ ...current, ...next }));
    setOffset(0);
    setSelected(0);
    setPrintNote(null);
    setOpenNote(null);
  };

  const applySearchNow = () => {
    if (searchText !== filters.search) change({ search: searchText });
  };

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      applySearchNow();
    } else if (event.key === 'ArrowDown' && (page?.entries.length ?? 0) > 0) {
      event.preventDefault();
      applySearchNow();
      setFocusRequest((n) => n + 1);
    }
  };

  // "/" or Alt+F: the search box.
  useEffect(() => {
    if (locked) return;
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey) return;
      const slash = !event.altKey && event.key === '/' && !isEditable(event.target);
      const altF = event.altKey && !event.shiftKey && event.code === 'KeyF';
      if (slash || altF) {
        event.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [locked]);

  const total = page?.total ?? 0;
  const entries = page?.entries ?? [];
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const pageNumber = Math.floor((answered?.offset ?? 0) / PAGE_SIZE) + 1;

  const turn = useCallback(
    (direction: 1 | -1, keyboard = true) => {
      const next = offset + direction * PAGE_SIZE;
      if (next < 0 || next >= total) return;
      setOffset(next);
      setSelected(direction === 1 ? 0 : PAGE_SIZE - 1);
      if (keyboard) setFocusRequest((n) => n + 1);
    },
    [offset, total],
  );

  const openEntry = useCallback(
    (entry: JournalEntry) => {
      if (!entry.requestId) {
        setOpenNote(t('journals.noRequest', { number: entry.number }));
        return;
      }
      remembered = { staffId: session.staffId, filters: { ...filters, search: searchText }, offset, selected, returnFocus: true };
      dispatch(requestOpened(entry.requestId));
    },
    [dispatch, filters, offset, searchText, selected, session.staffId, t],
  );

  const onFocused = useCallback(() => setFocusRequest(0), []);

  const print = async () => {
    if (printing) return;
    setPrinting(true);
    setActionError(null);
    setPrintNote(null);
    try {
      const search = filters.search.trim().slice(0, 200);
      const file = await call('journals.print', {
        journal: filters.journal,
        ...(filters.year === 'all' ? {} : { year: filters.year }),
        ...(search ? { search } : {}),
      });
      saveFile(file);
      setPrintNote(t('journals.printed', { name: file.name }));
    } catch (error) {
      setActionError(shownError(error));
    } finally {
      setPrinting(false);
    }
  };

  const checkNumbering = async () => {
    if (checking) return;
    setChecking(true);
    setActionError(null);
    setChecks(null);
    try {
      const toCheck = filters.year === 'all' ? years : [filters.year];
      const results: YearCheck[] = [];
      for (const year of toCheck) {
        results.push({ year, report: await call('journals.check', { journal: filters.journal, year }) });
      }
      setChecks({ key: `${filters.journal}:${String(filters.year)}`, years: results });
    } catch (error) {
      setActionError(shownError(error));
    } finally {
      setChecking(false);
    }
  };

  const journalName = t(`journals.names.${filters.journal}`);
  const filtered = filters.search.trim().length > 0;
  const yearText = filters.year === 'all' ? t('journals.allYears') : String(filters.year);
  const summary =
    page === null
      ? t('common.loading')
      : total === 0
        ? t('journals.summaryNone')
        : t('journals.summary', {
            n: new Intl.NumberFormat(language).format(total),
            from: shownOffset + 1,
            to: shownOffset + entries.length,
          });
  const shownChecks = checks && checks.key === `${filters.journal}:${String(filters.year)}` ? checks.years : null;

  return (
    <section className="page-section journals-page" aria-labelledby="page-journals-title">
      <h1 id="page-journals-title" tabIndex={-1}>
        {t('nav.journals')}
      </h1>
      <p className="lead">{t('journals.intro')}</p>

      <form
        role="search"
        className="queue-filters journal-filters"
        aria-label={t('journals.filtersLabel')}
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          applySearchNow();
        }}
      >
        <div className="field queue-filter queue-filter-wide">
          <label htmlFor={journalId}>{t('journals.journal')}</label>
          <select id={journalId} value={filters.journal} onChange={(event) => change({ journal: event.target.value as Journal })}>
            {JOURNALS.map((journal) => (
              <option key={journal} value={journal}>
                {t(`journals.names.${journal}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field queue-filter">
          <label htmlFor={yearId}>{t('journals.year')}</label>
          <select
            id={yearId}
            value={String(filters.year)}
            onChange={(event) => change({ year: event.target.value === 'all' ? 'all' : Number(event.target.value) })}
          >
            {years.map((year) => (
              <option key={year} value={String(year)}>
                {year}
              </option>
            ))}
            <option value="all">{t('journals.allYears')}</option>
          </select>
        </div>
        <div className="field queue-search">
          <label htmlFor={searchId}>{t('journals.search')}</label>
          <input
            ref={searchRef}
            id={searchId}
            type="search"
            value={searchText}
            onChange={(event) => setSearchText(event.target.value)}
            onKeyDown={onSearchKey}
            maxLength={200}
            autoComplete="off"
            spellCheck={false}
            aria-keyshortcuts="/ Alt+F"
            aria-describedby={`${searchId}-hint`}
          />
          <p className="field-hint" id={`${searchId}-hint`}>
            {t('journals.searchHint')}
          </p>
        </div>
      </form>

      <div className="queue-bar">
        <p className="queue-summary" role="status">
          {summary}
          {loading ? <span className="spinner small-spinner" aria-hidden="true" /> : null}
        </p>
        <div className="queue-actions">
          <button type="button" className="button small" onClick={() => setReloads((n) => n + 1)}>
            {t('journals.refresh')}
          </button>
          <button type="button" className="button small" aria-disabled={checking || undefined} onClick={() => void checkNumbering()}>
            {checking ? t('journals.checking') : t('journals.check')}
          </button>
          <button type="button" className="button small primary" aria-disabled={printing || undefined} onClick={() => void print()}>
            {printing ? t('journals.printing') : t('journals.print')}
          </button>
        </div>
      </div>

      <FormError error={actionError ?? loadError} />
      <div role="status" className={printNote || openNote ? 'journal-note' : 'visually-hidden'}>
        {printNote ?? openNote}
      </div>
      {shownChecks ? <NumberingResult journalName={journalName} checks={shownChecks} /> : null}

      {page && total === 0 ? (
        <p className="queue-empty">
          {filtered
            ? t('journals.emptySearch', { journal: journalName, year: yearText })
            : t('journals.empty', { journal: journalName, year: yearText })}
        </p>
      ) : null}
      {entries.length > 0 ? (
        <>
          <JournalTable
            key={answered?.key}
            label={t('journals.tableLabel', { journal: journalName })}
            entries={entries}
            offset={shownOffset}
            total={total}
            selected={selected}
            onSelect={setSelected}
            onOpen={openEntry}
            onTurn={turn}
            focusRequest={focusRequest}
            onFocused={onFocused}
            busy={loading}
            describedBy={helpId}
          />
          <nav className="journal-pager" aria-label={t('journals.pager')}>
            <button type="button" className="button small" disabled={offset === 0} onClick={() => turn(-1, false)}>
              {t('journals.previousPage')}
            </button>
            <span>{t('journals.pageOf', { page: pageNumber, pages })}</span>
            <button type="button" className="button small" disabled={offset + PAGE_SIZE >= total} onClick={() => turn(1, false)}>
              {t('journals.nextPage')}
            </button>
          </nav>
        </>
      ) : null}
      <div className="queue-help journal-keys" id={helpId}>
        <span>{t('journals.keys.heading')}</span>
        <ul>
          {KEYS.map(([keys, what]) => (
            <li key={what}>
              <kbd translate="no">{keys}</kbd> — {t(`journals.keys.${what}`)}
            </li>
          ))}
        </ul>
      </div>

      <VerifyDocument />
    </section>
  );
}

/** What the numbering check found, year by year. */
function NumberingResult({ journalName, checks }: { journalName: string; checks: YearCheck[] }) {
  const { t } = useTranslation();
  const relevant = checks.filter(({ report }) => report.count > 0 || report.counter > 0 || !report.ok);
  const problems = relevant.some(({ report }) => !report.ok);
  const lines =
    relevant.length === 0
      ? [t('journals.numbering.noEntries', { journal: journalName })]
      : relevant.map(({ year, report }) => {
          if (report.ok) return t('journals.numbering.ok', { year, n: report.count });
          if (report.missing.length > 0) {
            const shown = report.missing.slice(0, 50).join(', ');
            const more = report.missing.length > 50 ? ` ${t('journals.numbering.more', { n: report.missing.length - 50 })}` : '';
            return t('journals.numbering.missing', { year, numbers: shown + more, n: report.count, last: report.last });
          }
          return t('journals.numbering.counter', { year, counter: report.counter, last: report.last });
        });
  return (
    <div className={problems ? 'form-error journal-check' : 'notice notice-safe journal-check'} role={problems ? 'alert' : 'status'}>
      <p className="notice-title">{t('journals.numbering.title', { journal: journalName })}</p>
      <ul className="plain-list">
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </div>
  );
}
