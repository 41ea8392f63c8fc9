// The queue's table: an ARIA grid (aria-rowcount tells the reader how many requests there are, each
// row its aria-rowindex) virtualised with @tanstack/react-virtual, so that only the rows in view
// (and the selected one, which keeps the keyboard) are in the DOM whatever the count. Rows have a
// fixed height; the header stays on top. ↑/↓, Page Up/Down, Home/End move the selection, Enter opens.
// For the authorised signer a first column of checkboxes picks requests in review for batch signing
// (Space on the focused row, or a click).
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { serviceByCode } from '../../../shared/catalogue';
import { formatDateTime } from '../../../shared/format';
import type { QueueRow, QueueSort } from '../../../shared/requests/api';
import { DeadlineBadge } from './DeadlineBadge';
import { localised, msLeftNow } from './format';
import './queue-batch.css';
import type { QueueRowCache, QueueSnapshot } from './useQueueRows';

export const ROW_HEIGHT = 56;
const HEADER_HEIGHT = 44;

export type Direction = 'asc' | 'desc';

interface Column {
  id: 'number' | 'service' | 'applicant' | 'channel' | 'state' | 'received' | 'deadline' | 'assignee';
  sort?: QueueSort;
}

export const COLUMNS: readonly Column[] = [
  { id: 'number', sort: 'number' },
  { id: 'service', sort: 'service' },
  { id: 'applicant', sort: 'applicant' },
  { id: 'channel' },
  { id: 'state', sort: 'state' },
  { id: 'received', sort: 'received' },
  { id: 'deadline', sort: 'deadline' },
  { id: 'assignee' },
];

export interface QueueGridProps {
  cache: QueueRowCache;
  snapshot: QueueSnapshot;
  sort: QueueSort;
  direction: Direction;
  onSort(sort: QueueSort): void;
  selected: number;
  onSelect(index: number, options?: { focus?: boolean }): void;
  onOpen(index: number): void;
  /** Set (non-zero) by the page to move the keyboard into the grid, to the selected row. */
  focusRequest: number;
  /** The grid took the keyboard: the request is done with. */
  onFocused(): void;
  initialOffset: number;
  onScrollOffset(offset: number): void;
  now: number;
  meId: string;
  describedBy?: string;
  /** Rows in review can be checked (for signing their results in one go). */
  checkable?: boolean;
  /** The ids of the checked requests. */
  checked?: ReadonlySet<string>;
  /** Toggle the check of the request at this index (Space on the row, or its checkbox). */
  onToggle?(index: number): void;
}

const NOTHING_CHECKED: ReadonlySet<string> = new Set();

export function QueueGrid({
  cache,
  snapshot,
  sort,
  direction,
  onSort,
  selected,
  onSelect,
  onOpen,
  focusRequest,
  onFocused,
  initialOffset,
  onScrollOffset,
  now,
  meId,
  describedBy,
  checkable = false,
  checked = NOTHING_CHECKED,
  onToggle,
}: QueueGridProps) {
  const { t, i18n } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const rowRefs = useRef(new Map<number, HTMLDivElement>());
  const pendingFocus = useRef<number | null>(null);
  const count = snapshot.total ?? 0;
  const selectedRef = useRef(selected);
  selectedRef.current = selected;

  // The selected row stays in the DOM, so that the keyboard focus on it survives scrolling away
  // (a new function when the selection moves: the virtualizer recomputes its rows then).
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (selected >= 0 && selected < range.count && !indexes.includes(selected)) {
        indexes.push(selected);
        indexes.sort((a, b) => a - b);
      }
      return indexes;
    },
    [selected],
  );

  // The virtualizer returns new values from the same object: React Compiler leaves this component alone.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    initialOffset,
    rangeExtractor,
  });
  const items = virtualizer.getVirtualItems();

  // Ask the cache for the rows in view (the overscan included).
  const first = items.length ? (items[0]?.index ?? 0) : 0;
  const last = items.length ? (items[items.length - 1]?.index ?? 0) : 0;
  const visibleStart = virtualizer.range?.startIndex ?? first;
  const visibleEnd = virtualizer.range?.endIndex ?? last;
  useEffect(() => {
    if (count > 0) cache.want(Math.max(0, visibleStart - 10), Math.min(count - 1, visibleEnd + 10));
  }, [cache, count, visibleStart, visibleEnd]);

  const scrollOffset = virtualizer.scrollOffset ?? 0;
  useEffect(() => {
    onScrollOffset(scrollOffset);
  }, [onScrollOffset, scrollOffset]);

  /**
   * The focused row is brought into view by the virtualizer (the grid scrolls); the grid itself is
   * brought wholly into the page's view, for a window too short for the controls and the grid, where
   * the page scrolls (the grid is as tall as the space left on the page otherwise, and this does nothing).
   */
  const focusRow = (element: HTMLDivElement) => {
    element.focus({ preventScroll: true });
    scrollRef.current?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  };

  // Keyboard moves: bring the row into view and give it the focus once it is rendered.
  useLayoutEffect(() => {
    const index = pendingFocus.current;
    if (index === null) return;
    virtualizer.scrollToIndex(index, { align: 'auto' });
    const element = rowRefs.current.get(index);
    if (!element) return;
    pendingFocus.current = null;
    focusRow(element);
    if (focusRequest !== 0) onFocused();
  });

  // The page asks for the keyboard (↓ from the search box, back from a request).
  useEffect(() => {
    if (focusRequest === 0 || count === 0) return;
    pendingFocus.current = Math.min(Math.max(0, selectedRef.current), count - 1);
    const element = rowRefs.current.get(pendingFocus.current);
    if (element) {
      virtualizer.scrollToIndex(pendingFocus.current, { align: 'auto' });
      focusRow(element);
      pendingFocus.current = null;
      onFocused();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when asked
  }, [focusRequest, count > 0]);

  const pageRows = Math.max(1, Math.floor(((scrollRef.current?.clientHeight ?? 600) - HEADER_HEIGHT) / ROW_HEIGHT) - 1);

  const move = (index: number) => {
    if (count === 0) return;
    const next = Math.min(Math.max(0, index), count - 1);
    pendingFocus.current = next;
    onSelect(next, { focus: true });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.metaKey) return;
    const target = event.target as HTMLElement;
    if (target.getAttribute('role') !== 'row') return;
    switch (event.key) {
      case 'ArrowDown':
        move(selected + 1);
        break;
      case 'ArrowUp':
        move(selected - 1);
        break;
      case 'PageDown':
        move(selected + pageRows);
        break;
      case 'PageUp':
        move(selected - pageRows);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(count - 1);
        break;
      case 'Enter':
        if (cache.row(selected)) onOpen(selected);
        break;
      case ' ':
        if (!checkable || !onToggle) return;
        onToggle(selected);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const setRowRef = useCallback((index: number, element: HTMLDivElement | null) => {
    if (element) rowRefs.current.set(index, element);
    else rowRefs.current.delete(index);
  }, []);

  const language = i18n.language;
  const sortLabel = direction === 'asc' ? 'ascending' : 'descending';

  return (
    <div
      ref={scrollRef}
      className={`queue-grid${checkable ? ' queue-checkable' : ''}`}
      role="grid"
      aria-label={t('queue.grid.label')}
      aria-rowcount={snapshot.total === null ? -1 : count + 1}
      aria-colcount={COLUMNS.length + (checkable ? 1 : 0)}
      aria-busy={snapshot.loading || undefined}
      aria-describedby={describedBy}
      onKeyDown={onKeyDown}
    >
      <div role="rowgroup" className="queue-head">
        <div role="row" aria-rowindex={1} className="queue-row queue-header-row">
          {checkable ? (
            <div role="columnheader" className="queue-cell queue-col-check">
              <span className="visually-hidden">{t('queue.columns.check')}</span>
              <span aria-hidden="true">✓</span>
            </div>
          ) : null}
          {COLUMNS.map((column) => (
            <div
              key={column.id}
              role="columnheader"
              className={`queue-cell queue-col-${column.id}`}
              aria-sort={column.sort && column.sort === sort ? sortLabel : undefined}
            >
              {column.sort ? (
                <button
                  type="button"
                  className="queue-sort"
                  onClick={() => onSort(column.sort as QueueSort)}
                >
                  {t(`queue.columns.${column.id}`)}
                  <span className="queue-sort-mark" aria-hidden="true">
                    {column.sort === sort ? (direction === 'asc' ? '▲' : '▼') : '↕'}
                  </span>
                </button>
              ) : (
                t(`queue.columns.${column.id}`)
              )}
            </div>
          ))}
        </div>
      </div>
      <div role="rowgroup" className="queue-body" style={{ height: `${virtualizer.getTotalSize() - HEADER_HEIGHT}px` }}>
        {items.map((item) => {
          const row = cache.row(item.index);
          return (
            <QueueGridRow
              key={item.key}
              index={item.index}
              top={item.start - HEADER_HEIGHT}
              row={row}
              msLeft={row ? msLeftNow(row.msLeft, now - (cache.loadedAt(item.index) ?? now)) : null}
              selected={item.index === selected}
              language={language}
              meId={meId}
              checkable={checkable}
              checked={row ? checked.has(row.id) : false}
              onToggle={onToggle}
              setRef={setRowRef}
              onSelect={onSelect}
              onOpen={onOpen}
            />
          );
        })}
      </div>
    </div>
  );
}

interface RowProps {
  index: number;
  top: number;
  row: QueueRow | undefined;
  msLeft: number | null;
  selected: boolean;
  language: string;
  meId: string;
  checkable: boolean;
  checked: boolean;
  onToggle: ((index: number) => void) | undefined;
  setRef(index: number, element: HTMLDivElement | null): void;
  onSelect(index: number, options?: { focus?: boolean }): void;
  onOpen(index: number): void;
}

/** dd.MM.yyyy over HH:mm (Almaty); one text for the reader. */
function DateTime({ value }: { value: string }) {
  const [date, time] = formatDateTime(value).split(' ');
  return (
    <>
      <span>{date}</span> <span className="cell-sub">{time}</span>
    </>
  );
}

const QueueGridRow = memo(function QueueGridRow({ index, top, row, msLeft, selected, language, meId, checkable, checked, onToggle, setRef, onSelect, onOpen }: RowProps) {
  const { t } = useTranslation();
  const ref = useCallback((element: HTMLDivElement | null) => setRef(index, element), [index, setRef]);
  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    onSelect(index);
    event.currentTarget.focus({ preventScroll: true });
  };
  const common = {
    ref,
    role: 'row',
    'aria-rowindex': index + 2,
    'aria-selected': selected,
    tabIndex: selected ? 0 : -1,
    id: `queue-row-${index}`,
    style: { transform: `translateY(${top}px)` },
    onClick,
  } as const;

  if (!row) {
    return (
      <div {...common} className="queue-row queue-row-loading" aria-busy="true">
        {checkable ? <div role="gridcell" className="queue-cell queue-col-check" /> : null}
        <div role="gridcell" className="queue-cell queue-col-number">
          <span className="muted">{t('common.loading')}</span>
        </div>
        {COLUMNS.slice(1).map((column) => (
          <div key={column.id} role="gridcell" className={`queue-cell queue-col-${column.id}`} />
        ))}
      </div>
    );
  }

  const service = serviceByCode(row.service);
  const serviceName = service ? localised(service.names, language) : row.service;
  const operation = row.operation ? service?.operations?.find((op) => op.code === row.operation) : undefined;
  const mine = row.assignee?.id === meId;
  return (
    <div
      {...common}
      className={`queue-row${selected ? ' is-selected' : ''}`}
      onDoubleClick={() => onOpen(index)}
    >
      {checkable ? (
        <div role="gridcell" className="queue-cell queue-col-check">
          {row.state === 'in_review' ? (
            <input
              type="checkbox"
              tabIndex={-1}
              checked={checked}
              aria-label={t('queue.check', { number: row.number ?? '' })}
              onChange={() => onToggle?.(index)}
            />
          ) : null}
        </div>
      ) : null}
      <div role="gridcell" className="queue-cell queue-col-number">
        {row.number ? <span className="mono">{row.number}</span> : <span className="muted">{t('queue.noNumber')}</span>}
      </div>
      <div role="gridcell" className="queue-cell queue-col-service">
        <span className="clamp" title={serviceName}>
          {serviceName}
        </span>
        {operation ? <span className="cell-sub">{localised(operation.names, language)}</span> : null}
      </div>
      <div role="gridcell" className="queue-cell queue-col-applicant">
        <span className="clamp-1">{row.applicant.name}</span>
        <span className="cell-sub mono">
          {t(row.applicant.kind === 'person' ? 'queue.iin' : 'queue.bin')} {row.applicant.id}
        </span>
      </div>
      <div role="gridcell" className="queue-cell queue-col-channel">
        {t(`queue.channels.${row.channel}`)}
      </div>
      <div role="gridcell" className="queue-cell queue-col-state">
        <span className={`badge req-state req-state-${row.state}`}>{t(`request.states.${row.state}`)}</span>
      </div>
      <div role="gridcell" className="queue-cell queue-col-received">
        <DateTime value={row.receivedAt} />
      </div>
      <div role="gridcell" className="queue-cell queue-col-deadline">
        {row.deadline ? (
          <>
            <DeadlineBadge view={{ state: row.deadlineState, msLeft, workingDaysLeft: row.workingDaysLeft }} />
            <span className="cell-sub">{formatDateTime(row.deadline)}</span>
          </>
        ) : (
          <span className="muted">{t('queue.noDeadline')}</span>
        )}
      </div>
      <div role="gridcell" className="queue-cell queue-col-assignee">
        {row.assignee ? (
          <span className="clamp">
            {row.assignee.name ?? t('queue.unknownStaff')}
            {mine ? ` ${t('queue.you')}` : ''}
          </span>
        ) : (
          <span className="muted">{t('queue.unassigned')}</span>
        )}
      </div>
    </div>
  );
});
