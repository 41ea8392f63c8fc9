// One page of a journal as an ARIA grid, with the queue's keyboard: the selected row holds the focus
// (roving tabindex), ↑/↓ and Home/End move within the page, Page Down/Up turn the page, Enter opens
// the entry's request. aria-rowcount counts the whole journal (the header row too) and each row's
// aria-rowindex is its place in it, so a reader knows where in the journal the page is. A page holds
// at most PAGE_SIZE rows, so all of them are in the DOM (the queue virtualises because it scrolls).
import { useCallback, useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/format';
import type { JournalEntry } from '../../../shared/journals';
import { shortHash } from './format';

export const PAGE_SIZE = 50;

export interface JournalTableProps {
  label: string;
  entries: readonly JournalEntry[];
  /** The place of the first row in the journal (0-based). */
  offset: number;
  total: number;
  /** The selected row's index within the page. */
  selected: number;
  onSelect(index: number): void;
  onOpen(entry: JournalEntry): void;
  /** Page Down / Page Up on a row: the next or previous page (the page decides whether there is one). */
  onTurn(direction: 1 | -1): void;
  /** Set (non-zero) by the page to move the keyboard into the grid, to the selected row. */
  focusRequest: number;
  onFocused(): void;
  busy: boolean;
  describedBy?: string;
}

const COLUMNS = ['number', 'createdAt', 'subject', 'documentNumber', 'sha256'] as const;

export function JournalTable({
  label,
  entries,
  offset,
  total,
  selected,
  onSelect,
  onOpen,
  onTurn,
  focusRequest,
  onFocused,
  busy,
  describedBy,
}: JournalTableProps) {
  const { t } = useTranslation();
  const rows = useRef(new Map<number, HTMLTableRowElement>());
  const pendingFocus = useRef(false);

  const focusSelected = useCallback(() => {
    const element = rows.current.get(selected);
    if (!element) return false;
    element.focus();
    element.scrollIntoView({ block: 'nearest' });
    return true;
  }, [selected]);

  // A keyboard move: the newly selected row takes the focus once it is rendered.
  useEffect(() => {
    if (pendingFocus.current && focusSelected()) pendingFocus.current = false;
  });

  // The page asks for the keyboard (↓ from the search box, a turned page, back from a request): once
  // the rows it asked for are here (while they load, these rows are the old ones).
  useEffect(() => {
    if (focusRequest === 0 || entries.length === 0 || busy) return;
    if (focusSelected()) onFocused();
    else pendingFocus.current = true;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when asked
  }, [focusRequest, entries, busy]);

  const move = (index: number) => {
    if (entries.length === 0) return;
    pendingFocus.current = true;
    onSelect(Math.min(Math.max(0, index), entries.length - 1));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if ((event.target as HTMLElement).getAttribute('role') !== 'row' && (event.target as HTMLElement).tagName !== 'TR') return;
    switch (event.key) {
      case 'ArrowDown':
        move(selected + 1);
        break;
      case 'ArrowUp':
        move(selected - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(entries.length - 1);
        break;
      case 'PageDown':
        onTurn(1);
        break;
      case 'PageUp':
        onTurn(-1);
        break;
      case 'Enter': {
        const entry = entries[selected];
        if (entry) onOpen(entry);
        break;
      }
      default:
        return;
    }
    event.preventDefault();
  };

  const setRef = (index: number) => (element: HTMLTableRowElement | null) => {
    if (element) rows.current.set(index, element);
    else rows.current.delete(index);
  };

  return (
    <div className="table-wrap journal-table-wrap">
      <table
        className="table journal-table"
        role="grid"
        aria-label={label}
        aria-rowcount={total + 1}
        aria-colcount={COLUMNS.length}
        aria-busy={busy || undefined}
        aria-describedby={describedBy}
        onKeyDown={onKeyDown}
      >
        <thead>
          <tr aria-rowindex={1}>
            {COLUMNS.map((column) => (
              <th key={column} scope="col" className={`journal-col-${column}`}>
                {t(`journals.columns.${column}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {entries.map((entry, index) => {
            const [date, time] = formatDateTime(entry.createdAt).split(' ');
            return (
              <tr
                key={entry.id}
                ref={setRef(index)}
                aria-rowindex={offset + index + 2}
                aria-selected={index === selected}
                tabIndex={index === selected ? 0 : -1}
                className={index === selected ? 'row-selected' : undefined}
                onClick={(event) => {
                  onSelect(index);
                  event.currentTarget.focus();
                }}
                onDoubleClick={() => onOpen(entry)}
              >
                <td className="journal-col-number mono" translate="no">
                  {entry.number}
                </td>
                <td className="journal-col-createdAt nowrap">
                  {date} <span className="muted">{time}</span>
                </td>
                <td className="journal-col-subject" translate="no">
                  {entry.subject}
                </td>
                <td className="journal-col-documentNumber mono" translate="no">
                  {entry.documentNumber ?? <span className="muted">—</span>}
                </td>
                <td className="journal-col-sha256 mono" translate="no">
                  {entry.documentSha256 ? (
                    <span title={entry.documentSha256}>
                      {shortHash(entry.documentSha256)}
                    </span>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
