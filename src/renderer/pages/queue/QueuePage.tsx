// The queue of requests: counters per status, search (number, IIN/BIN, applicant's name with the
// Kazakh letters folded, debounced), filters, sorting, the virtualised table, "take into work", the
// status lookup for an applicant at the counter, and keyboard shortcuts listed on the page. The
// authorised signer checks requests in review (Space) and signs their results in one go.
//
// What the person chose (filters, search, sort, the selected row and the scroll position) is kept
// for them while they open a request and come back (Escape), and dropped when another person signs in.
import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../shared/api/contract';
import { CATALOGUE, CHANNELS, type Channel, type ServiceCode } from '../../../shared/catalogue';
import { hasRole } from '../../../shared/domain/roles';
import type { CatalogueEntry, QueueSort, RequestCounters } from '../../../shared/requests/api';
import { REQUEST_STATES, type RequestState } from '../../../shared/requests/lifecycle';
import { BATCH_MAX_ITEMS } from '../../../shared/signing';
import { ApiClientError, call } from '../../api/client';
import { FormError } from '../../components/Field';
import type { ShownError } from '../../i18n';
import { useAppDispatch, useAppSelector } from '../../store';
import { requestOpened } from '../../store/navSlice';
import { BatchSignDialog, type BatchItemView } from './BatchSignDialog';
import { useNow } from './DeadlineBadge';
import { localised } from './format';
import { QueueGrid, type Direction } from './QueueGrid';
import { StatusLookupDialog } from './StatusLookupDialog';
import { useQueueRows, type QueueQueryInput, type QueueRowCache } from './useQueueRows';

const OPEN_STATES: readonly RequestState[] = ['registered', 'in_review', 'returned_for_correction'];
const SEARCH_DEBOUNCE_MS = 300;
const COUNTERS_EVERY_MS = 60_000;

type StateFilter = '' | 'open' | RequestState;
type DeadlineFilter = '' | 'at_risk' | 'overdue' | 'at_risk_or_overdue';
type AssigneeFilter = '' | 'mine' | 'unassigned';

export interface QueueFilters {
  service: ServiceCode | '';
  state: StateFilter;
  channel: Channel | '';
  deadline: DeadlineFilter;
  assignee: AssigneeFilter;
  search: string;
  sort: QueueSort;
  direction: Direction;
}

const DEFAULT_FILTERS: QueueFilters = {
  service: '',
  state: '',
  channel: '',
  deadline: '',
  assignee: '',
  search: '',
  sort: 'received',
  direction: 'desc',
};

/** The direction a column sorts in first: soonest deadline first, newest received first, A→Z otherwise. */
const FIRST_DIRECTION: Record<QueueSort, Direction> = {
  received: 'desc',
  deadline: 'asc',
  number: 'asc',
  applicant: 'asc',
  service: 'asc',
  state: 'asc',
};

/** Kept while the person works (module state: the page is unmounted while a request is open). */
interface Remembered {
  staffId: string;
  filters: QueueFilters;
  selected: number;
  offset: number;
  queryKey: string;
  /** Back from a request: the keyboard returns to the selected row. */
  returnFocus: boolean;
  /** The rows shown, shown again at once when the person comes back. */
  cache: QueueRowCache;
}
let remembered: Remembered | null = null;

export function toQuery(filters: QueueFilters): QueueQueryInput {
  const query: QueueQueryInput = { sort: filters.sort, direction: filters.direction };
  if (filters.service) query.services = [filters.service];
  if (filters.state === 'open') query.states = [...OPEN_STATES];
  else if (filters.state) query.states = [filters.state];
  if (filters.channel) query.channels = [filters.channel];
  if (filters.deadline) query.deadline = filters.deadline;
  if (filters.assignee) query.assignee = filters.assignee;
  const search = filters.search.trim();
  if (search) query.search = search.slice(0, 100);
  return query;
}

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function QueuePage({ session }: { session: SessionInfo }) {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const locked = useAppSelector((state) => state.session.current?.locked ?? false);
  const mine = remembered?.staffId === session.staffId ? remembered : null;
  const [filters, setFilters] = useState<QueueFilters>(mine?.filters ?? DEFAULT_FILTERS);
  const [searchText, setSearchText] = useState(mine?.filters.search ?? '');
  /** The selected row, for the query it was selected in (another query starts at the top). */
  const [selection, setSelection] = useState({ key: mine?.queryKey ?? '', index: mine?.selected ?? 0 });
  const [focusRequest, setFocusRequest] = useState(mine?.returnFocus ? 1 : 0);
  const [counters, setCounters] = useState<RequestCounters | null>(null);
  const [catalogue, setCatalogue] = useState<CatalogueEntry[] | null>(null);
  const [lookupOpen, setLookupOpen] = useState(false);
  const [actionError, setActionError] = useState<ShownError | null>(null);
  /** What the last action did, shown while the same query is on screen. */
  const [notice, setNotice] = useState({ key: '', text: '' });
  const [takingId, setTakingId] = useState<string | null>(null);
  /** Requests in review checked for signing their results in one go (the authorised signer's). */
  const [checked, setChecked] = useState<ReadonlyMap<string, BatchItemView>>(() => new Map());
  const checkedRef = useRef(checked);
  const [batchOpen, setBatchOpen] = useState(false);
  const checkedIds = useMemo(() => new Set(checked.keys()), [checked]);
  const searchRef = useRef<HTMLInputElement>(null);
  const lookupButtonRef = useRef<HTMLButtonElement>(null);
  const offsetRef = useRef(mine?.offset ?? 0);
  /** Where the table was when the person left it: restored for the same query. */
  const [restore] = useState(() => ({ key: mine?.queryKey ?? null, offset: mine?.offset ?? 0 }));
  const helpId = useId();
  const now = useNow();

  const signer = hasRole(session.roles, 'authorised_signer');
  const query = useMemo(() => toQuery(filters), [filters]);
  const queryKey = JSON.stringify(query);
  const { cache, snapshot } = useQueueRows(query, !locked, mine ? { cache: mine.cache, key: mine.queryKey } : null);
  const total = snapshot.total;
  const selected =
    selection.key === queryKey ? (total !== null && total > 0 ? Math.min(selection.index, total - 1) : selection.index) : 0;

  // Remember what was chosen, for coming back from a request.
  useEffect(() => {
    remembered = {
      staffId: session.staffId,
      filters,
      selected,
      offset: offsetRef.current,
      queryKey,
      returnFocus: false,
      cache,
    };
  }, [session.staffId, filters, selected, queryKey, cache]);

  useEffect(() => {
    document.title = `${t('nav.queue')} — ${t('app.name')}`;
  }, [t]);

  // Debounced search: the query changes once typing pauses.
  useEffect(() => {
    if (searchText === filters.search) return;
    const timer = setTimeout(() => {
      setFilters((current) => ({ ...current, search: searchText }));
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [searchText, filters.search]);

  const loadCounters = useCallback(() => {
    call('requests.counters', {}).then(setCounters, () => undefined);
  }, []);

  useEffect(() => {
    if (locked) return;
    loadCounters();
    const timer = setInterval(loadCounters, COUNTERS_EVERY_MS);
    return () => clearInterval(timer);
  }, [locked, loadCounters]);

  useEffect(() => {
    call('catalogue.list', {}).then(setCatalogue, () => undefined);
  }, []);

  // How many requests match, announced politely when it changes; an action's outcome after it.
  const summary = total === null ? t('common.loading') : t('queue.summary', { n: new Intl.NumberFormat(i18n.language).format(total) });

  const setFilter = <K extends keyof QueueFilters>(key: K, value: QueueFilters[K]) =>
    setFilters((current) => ({ ...current, [key]: value }));

  const onSort = useCallback((sort: QueueSort) => {
    setFilters((current) => ({
      ...current,
      sort,
      direction: current.sort === sort ? (current.direction === 'asc' ? 'desc' : 'asc') : FIRST_DIRECTION[sort],
    }));
  }, []);

  const onFocused = useCallback(() => setFocusRequest(0), []);
  const onSelect = useCallback((index: number) => setSelection({ key: queryKey, index }), [queryKey]);

  const open = useCallback(
    (index: number) => {
      const row = cache.row(index);
      if (!row) return;
      remembered = {
        staffId: session.staffId,
        filters: { ...filters, search: searchText },
        selected: index,
        offset: offsetRef.current,
        queryKey,
        returnFocus: true,
        cache,
      };
      dispatch(requestOpened(row.id));
    },
    [cache, dispatch, filters, queryKey, searchText, session.staffId],
  );

  const onScrollOffset = useCallback((offset: number) => {
    offsetRef.current = offset;
    if (remembered) remembered.offset = offset;
  }, []);

  useEffect(() => {
    checkedRef.current = checked;
  }, [checked]);

  const toggleChecked = useCallback(
    (index: number) => {
      const row = cache.row(index);
      if (!row || row.state !== 'in_review') return;
      const next = new Map(checkedRef.current);
      if (next.has(row.id)) next.delete(row.id);
      else if (next.size >= BATCH_MAX_ITEMS) {
        setNotice({ key: queryKey, text: t('queue.checkLimit', { max: BATCH_MAX_ITEMS }) });
        return;
      } else next.set(row.id, { id: row.id, number: row.number, applicant: row.applicant.name });
      checkedRef.current = next;
      setChecked(next);
    },
    [cache, queryKey, t],
  );

  const closeBatch = useCallback(
    ({ signed }: { signed: string[] }) => {
      setBatchOpen(false);
      if (signed.length > 0) {
        const next = new Map(checkedRef.current);
        for (const id of signed) next.delete(id);
        checkedRef.current = next;
        setChecked(next);
        setNotice({ key: queryKey, text: t('queue.resultsSigned', { n: signed.length }) });
      }
      cache.reload();
      loadCounters();
      setFocusRequest((n) => n + 1);
    },
    [cache, loadCounters, queryKey, t],
  );

  const selectedRow = cache.row(selected);
  const canTake =
    !!selectedRow &&
    OPEN_STATES.includes(selectedRow.state) &&
    (selectedRow.state === 'registered' || selectedRow.assignee?.id !== session.staffId);

  const take = useCallback(async () => {
    const row = cache.row(selected);
    if (!row || takingId) return;
    setActionError(null);
    setTakingId(row.id);
    try {
      const detail = await call('requests.take', { requestId: row.id });
      setNotice({ key: queryKey, text: t('queue.taken', { number: detail.number ?? '' }) });
      cache.reload();
      loadCounters();
    } catch (error) {
      setActionError(error instanceof ApiClientError ? { code: error.code, params: error.params } : { code: 'internal' });
    } finally {
      setTakingId(null);
    }
  }, [cache, selected, takingId, t, loadCounters, queryKey]);

  // Page shortcuts: "/" or Alt+F search, Alt+S status lookup, Alt+T take the selected request.
  useEffect(() => {
    if (locked || lookupOpen || batchOpen) return;
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey) return;
      if (!event.altKey && event.key === '/' && !isEditable(event.target)) {
        event.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      } else if (event.altKey && !event.shiftKey && event.code === 'KeyF') {
        event.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      } else if (event.altKey && !event.shiftKey && event.code === 'KeyS') {
        event.preventDefault();
        setLookupOpen(true);
      } else if (event.altKey && !event.shiftKey && event.code === 'KeyT') {
        event.preventDefault();
        void take();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [locked, lookupOpen, batchOpen, take]);

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      setFilters((current) => ({ ...current, search: searchText }));
    } else if (event.key === 'ArrowDown' && (total ?? 0) > 0) {
      event.preventDefault();
      setFilters((current) => ({ ...current, search: searchText }));
      setFocusRequest((n) => n + 1);
    }
  };

  const reset = () => {
    setFilters({ ...DEFAULT_FILTERS, sort: filters.sort, direction: filters.direction });
    setSearchText('');
  };

  const closeLookup = () => {
    setLookupOpen(false);
    requestAnimationFrame(() => lookupButtonRef.current?.focus());
  };

  const showInQueue = (number: string) => {
    setLookupOpen(false);
    setFilters({ ...DEFAULT_FILTERS, search: number, sort: filters.sort, direction: filters.direction });
    setSearchText(number);
    setFocusRequest((n) => n + 1);
  };

  const language = i18n.language;
  const services = (catalogue ?? CATALOGUE.map((s) => ({ code: s.code, names: s.names, handled: true })))
    .filter((entry) => signer || entry.handled);
  const filtered =
    filters.service || filters.state || filters.channel || filters.deadline || filters.assignee || filters.search;
  const loadError = snapshot.error;
  const noCaseRole = loadError?.code === 'forbidden' && loadError.params?.reason === 'no_case_role';

  /** A counter toggles its filter: pressed while it is the filter in force. */
  const counterButton = (
    id: string,
    label: string,
    value: number | undefined,
    pressed: boolean,
    apply: () => void,
    tone = '',
  ) => (
    <li key={id}>
      <button
        type="button"
        className={`counter${tone ? ` counter-${tone}` : ''}`}
        aria-pressed={pressed}
        onClick={apply}
      >
        <span className="counter-label">{label}</span>{' '}
        <span className="counter-value">{value === undefined ? '…' : new Intl.NumberFormat(language).format(value)}</span>
      </button>
    </li>
  );

  return (
    <section className="page-section queue-page" aria-labelledby="page-queue-title">
      <div className="queue-title">
        <h1 id="page-queue-title" tabIndex={-1}>
          {t('nav.queue')}
        </h1>
        <button
          ref={lookupButtonRef}
          type="button"
          className="button"
          aria-keyshortcuts="Alt+S"
          aria-haspopup="dialog"
          onClick={() => setLookupOpen(true)}
        >
          {t('queue.lookup.open')} <kbd aria-hidden="true">Alt+S</kbd>
        </button>
      </div>

      {noCaseRole ? (
        <div className="notice notice-info">
          <p className="notice-title">{t('queue.noCaseRoleTitle')}</p>
          <p>{t('queue.noCaseRole')}</p>
        </div>
      ) : (
        <>
          <div className="counters" role="group" aria-label={t('queue.counters.label')}>
            <ul>
              {counterButton(
                'open',
                t('queue.counters.open'),
                counters ? OPEN_STATES.reduce((sum, state) => sum + counters.byState[state], 0) : undefined,
                filters.state === 'open' && !filters.deadline && !filters.assignee,
                () => setFilters((c) => ({ ...c, state: c.state === 'open' ? '' : 'open', deadline: '', assignee: '' })),
              )}
              {REQUEST_STATES.map((state) =>
                counterButton(
                  state,
                  t(`request.states.${state}`),
                  counters?.byState[state],
                  filters.state === state,
                  () => setFilters((c) => ({ ...c, state: c.state === state ? '' : state, deadline: '' })),
                ),
              )}
              {counterButton(
                'atRisk',
                t('queue.counters.atRisk'),
                counters?.atRisk,
                filters.deadline === 'at_risk',
                () => setFilters((c) => ({ ...c, deadline: c.deadline === 'at_risk' ? '' : 'at_risk', state: '' })),
                'warn',
              )}
              {counterButton(
                'overdue',
                t('queue.counters.overdue'),
                counters?.overdue,
                filters.deadline === 'overdue',
                () => setFilters((c) => ({ ...c, deadline: c.deadline === 'overdue' ? '' : 'overdue', state: '' })),
                'danger',
              )}
              {counterButton(
                'mine',
                t('queue.counters.mine'),
                counters?.mine,
                filters.assignee === 'mine' && filters.state === 'open',
                () =>
                  setFilters((c) =>
                    c.assignee === 'mine' && c.state === 'open'
                      ? { ...c, assignee: '', state: '' }
                      : { ...c, assignee: 'mine', state: 'open' },
                  ),
              )}
              {counterButton(
                'unassigned',
                t('queue.counters.unassigned'),
                counters?.unassigned,
                filters.assignee === 'unassigned' && filters.state === 'open',
                () =>
                  setFilters((c) =>
                    c.assignee === 'unassigned' && c.state === 'open'
                      ? { ...c, assignee: '', state: '' }
                      : { ...c, assignee: 'unassigned', state: 'open' },
                  ),
              )}
            </ul>
          </div>

          <form
            role="search"
            className="queue-filters"
            aria-label={t('queue.filters.label')}
            onSubmit={(event: FormEvent) => {
              event.preventDefault();
              setFilters((current) => ({ ...current, search: searchText }));
            }}
          >
            <div className="field queue-search">
              <label htmlFor="queue-search">{t('queue.search.label')}</label>
              <input
                ref={searchRef}
                id="queue-search"
                type="search"
                value={searchText}
                onChange={(event) => setSearchText(event.target.value)}
                onKeyDown={onSearchKey}
                maxLength={100}
                autoComplete="off"
                spellCheck={false}
                aria-keyshortcuts="/ Alt+F"
                aria-describedby="queue-search-hint"
              />
              <p className="field-hint" id="queue-search-hint">
                {t('queue.search.hint')}
              </p>
            </div>
            <FilterSelect
              label={t('queue.filters.service')}
              value={filters.service}
              onChange={(value) => setFilter('service', value as ServiceCode | '')}
              options={services.map((entry) => ({ value: entry.code, label: localised(entry.names, language) }))}
              wide
            />
            <FilterSelect
              label={t('queue.filters.state')}
              value={filters.state}
              onChange={(value) => setFilter('state', value as StateFilter)}
              options={[
                { value: 'open', label: t('queue.filters.openStates') },
                ...REQUEST_STATES.map((state) => ({ value: state, label: t(`request.states.${state}`) })),
              ]}
            />
            <FilterSelect
              label={t('queue.filters.channel')}
              value={filters.channel}
              onChange={(value) => setFilter('channel', value as Channel | '')}
              options={CHANNELS.map((channel) => ({ value: channel, label: t(`queue.channels.${channel}`) }))}
            />
            <FilterSelect
              label={t('queue.filters.deadline')}
              value={filters.deadline}
              onChange={(value) => setFilter('deadline', value as DeadlineFilter)}
              options={[
                { value: 'at_risk', label: t('queue.filters.atRisk') },
                { value: 'overdue', label: t('queue.filters.overdue') },
                { value: 'at_risk_or_overdue', label: t('queue.filters.atRiskOrOverdue') },
              ]}
            />
            <FilterSelect
              label={t('queue.filters.assignee')}
              value={filters.assignee}
              onChange={(value) => setFilter('assignee', value as AssigneeFilter)}
              options={[
                { value: 'mine', label: t('queue.filters.mine') },
                { value: 'unassigned', label: t('queue.filters.unassigned') },
              ]}
            />
            <div className="form-actions queue-reset">
              <button type="button" className="button small" onClick={reset} disabled={!filtered && !searchText}>
                {t('queue.filters.reset')}
              </button>
            </div>
          </form>

          <div className="queue-bar">
            <p className="queue-summary" role="status">
              {summary}
              {notice.text && notice.key === queryKey ? <span className="queue-notice"> {notice.text}</span> : null}
              {snapshot.loading ? <span className="spinner small-spinner" aria-hidden="true" /> : null}
            </p>
            <div className="queue-actions">
              <button
                type="button"
                className="button small"
                onClick={() => {
                  setNotice({ key: '', text: '' });
                  cache.reload();
                  loadCounters();
                }}
              >
                {t('queue.refresh')}
              </button>
              <button type="button" className="button small" disabled={!selectedRow} onClick={() => open(selected)}>
                {t('queue.openSelected')} <kbd aria-hidden="true">Enter</kbd>
              </button>
              <button
                type="button"
                className="button small primary"
                aria-keyshortcuts="Alt+T"
                disabled={!canTake}
                aria-disabled={takingId ? true : undefined}
                onClick={() => void take()}
              >
                {t('queue.take')} <kbd aria-hidden="true">Alt+T</kbd>
              </button>
              {signer ? (
                <button
                  type="button"
                  className="button small primary"
                  aria-haspopup="dialog"
                  disabled={checked.size === 0}
                  onClick={() => setBatchOpen(true)}
                >
                  {t('queue.signResults', { n: checked.size })}
                </button>
              ) : null}
            </div>
          </div>
          <FormError error={actionError ?? loadError} />

          {total === 0 ? (
            <p className="queue-empty">{filtered ? t('queue.emptyFiltered') : t('queue.empty')}</p>
          ) : null}
          <QueueGrid
            key={queryKey}
            cache={cache}
            snapshot={snapshot}
            sort={filters.sort}
            direction={filters.direction}
            onSort={onSort}
            selected={selected}
            onSelect={onSelect}
            onOpen={open}
            focusRequest={focusRequest}
            onFocused={onFocused}
            initialOffset={restore.key === queryKey ? restore.offset : 0}
            onScrollOffset={onScrollOffset}
            now={now}
            meId={session.staffId}
            describedBy={helpId}
            checkable={signer}
            checked={checkedIds}
            onToggle={toggleChecked}
          />
          <p className="queue-help" id={helpId}>
            {t('queue.keyboardHelp')}
            {signer ? ` ${t('queue.checkHelp')}` : ''}
          </p>
        </>
      )}

      <StatusLookupDialog open={lookupOpen} onClose={closeLookup} onShowInQueue={showInQueue} />
      {batchOpen ? <BatchSignDialog items={[...checked.values()]} onClose={closeBatch} /> : null}
    </section>
  );
}

function FilterSelect({
  label,
  value,
  onChange,
  options,
  wide,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  options: Array<{ value: string; label: string }>;
  wide?: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className={`field queue-filter${wide ? ' queue-filter-wide' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{t('queue.filters.all')}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
