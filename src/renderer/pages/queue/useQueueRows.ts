// The queue's rows, fetched page by page (offset paging, `requests.queue`) as the table scrolls.
// Pages live in a mutable cache outside React state (a re-render is asked for with a version
// number), so that a page arriving costs the same with 100 rows loaded as with 100,000; pages far
// from the view are dropped. A change of the query starts a new generation: answers to an older
// one are thrown away.
import { useEffect, useRef, useState } from 'react';
import type { MethodInput, MethodOutput } from '../../../shared/api/contract';
import type { QueueRow } from '../../../shared/requests/api';
import { ApiClientError, call } from '../../api/client';
import type { ShownError } from '../../i18n';

export type QueueQueryInput = Omit<MethodInput<'requests.queue'>, 'offset' | 'limit'>;

export const PAGE_SIZE = 100;
/** Pages kept around the view; the farthest are dropped beyond this. */
const KEEP_PAGES = 40;
/** Requests in flight at once; more pages wait for the earlier ones. */
const MAX_IN_FLIGHT = 3;
/** A range the table asks for is fetched once it has stayed in view this long (skips pages flown past). */
const SETTLE_MS = 60;

interface Page {
  rows: QueueRow[];
  /** performance.now() when the page arrived: countdowns are adjusted by the time since. */
  at: number;
}

export interface QueueSnapshot {
  /** Rows matching the query (null until the first page arrived). */
  total: number | null;
  loading: boolean;
  error: ShownError | null;
  /** Changes whenever rows arrive or change. */
  version: number;
}

type Fetch = (input: MethodInput<'requests.queue'>) => Promise<MethodOutput<'requests.queue'>>;

/** The page cache and its fetching; `onChange` is told after every change. Exported for unit tests. */
export class QueueRowCache {
  private pages = new Map<number, Page>();
  private inFlight = new Set<number>();
  private generation = 0;
  private query: QueueQueryInput = {};
  private wanted = { start: 0, end: PAGE_SIZE - 1 };
  private settleTimer: ReturnType<typeof setTimeout> | null = null;
  /** Pages shown but from before a reload: fetched again when wanted, and shown until then. */
  private stale = new Set<number>();
  snapshot: QueueSnapshot = { total: null, loading: false, error: null, version: 0 };

  constructor(
    private onChange: (snapshot: QueueSnapshot) => void,
    private readonly fetch: Fetch = (input) => call('requests.queue', input),
  ) {}

  /** Who is told of changes (the page showing the cache now). */
  attach(onChange: (snapshot: QueueSnapshot) => void): void {
    this.onChange = onChange;
  }

  /** A new query: everything shown so far is dropped and the first page fetched. */
  setQuery(query: QueueQueryInput): void {
    this.query = query;
    this.generation += 1;
    this.pages.clear();
    this.inFlight.clear();
    this.wanted = { start: 0, end: PAGE_SIZE - 1 };
    this.update({ total: null, error: null });
    this.fetchPage(0);
  }

  /** Fetches the pages in view again (after an action changed rows); keeps what is shown meanwhile. */
  reload(): void {
    this.generation += 1;
    this.inFlight.clear();
    this.stale = new Set(this.pages.keys());
    this.pump();
    if (this.inFlight.size === 0) this.fetchPage(Math.floor(this.wanted.start / PAGE_SIZE));
  }

  row(index: number): QueueRow | undefined {
    return this.pages.get(Math.floor(index / PAGE_SIZE))?.rows[index % PAGE_SIZE];
  }

  loadedAt(index: number): number | undefined {
    return this.pages.get(Math.floor(index / PAGE_SIZE))?.at;
  }

  /** The table's visible range (inclusive); its missing pages are fetched once it settles. */
  want(start: number, end: number): void {
    if (this.wanted.start === start && this.wanted.end === end) return;
    this.wanted = { start, end };
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      this.settleTimer = null;
      this.pump();
    }, SETTLE_MS);
  }

  /** Puts a changed row in place (e.g. after taking it into work). */
  replace(changed: QueueRow): void {
    for (const page of this.pages.values()) {
      const at = page.rows.findIndex((candidate) => candidate.id === changed.id);
      if (at >= 0) {
        page.rows = page.rows.map((candidate, i) => (i === at ? changed : candidate));
        page.at = performance.now();
        this.update({});
        return;
      }
    }
  }

  dispose(): void {
    this.generation += 1;
    if (this.settleTimer) clearTimeout(this.settleTimer);
  }

  private update(change: Partial<QueueSnapshot>): void {
    this.snapshot = {
      ...this.snapshot,
      ...change,
      loading: this.inFlight.size > 0,
      version: this.snapshot.version + 1,
    };
    this.onChange(this.snapshot);
  }

  private pump(): void {
    const first = Math.floor(Math.max(0, this.wanted.start) / PAGE_SIZE);
    const last = Math.floor(Math.max(0, this.wanted.end) / PAGE_SIZE);
    const total = this.snapshot.total;
    for (let page = first; page <= last; page += 1) {
      if (this.inFlight.size >= MAX_IN_FLIGHT) return;
      if (total !== null && page * PAGE_SIZE >= total && page > 0) return;
      if ((this.pages.has(page) && !this.stale.has(page)) || this.inFlight.has(page)) continue;
      this.fetchPage(page);
    }
  }

  private fetchPage(page: number): void {
    const generation = this.generation;
    this.inFlight.add(page);
    this.update({});
    this.fetch({ ...this.query, offset: page * PAGE_SIZE, limit: PAGE_SIZE }).then(
      (answer) => {
        if (generation !== this.generation) return;
        this.inFlight.delete(page);
        this.stale.delete(page);
        this.pages.set(page, { rows: answer.rows, at: performance.now() });
        this.trim();
        this.update({ total: answer.total, error: null });
        this.pump();
      },
      (failure: unknown) => {
        if (generation !== this.generation) return;
        this.inFlight.delete(page);
        this.update({
          error: failure instanceof ApiClientError ? { code: failure.code, params: failure.params } : { code: 'internal' },
        });
      },
    );
  }

  /** Drops the pages farthest from the one in view once more than KEEP_PAGES are kept. */
  private trim(): void {
    if (this.pages.size <= KEEP_PAGES) return;
    const here = Math.floor(this.wanted.start / PAGE_SIZE);
    const byDistance = [...this.pages.keys()].sort((a, b) => Math.abs(b - here) - Math.abs(a - here));
    for (const page of byDistance.slice(0, this.pages.size - KEEP_PAGES)) {
      this.pages.delete(page);
      this.stale.delete(page);
    }
  }
}

/**
 * The cache for a query. `enabled` false holds the fetching (under the lock screen); when it comes
 * back the rows in view are fetched again, where the person left them. `kept`: a cache the page
 * showed before (back from a request), shown at once and refreshed.
 */
export function useQueueRows(
  query: QueueQueryInput,
  enabled: boolean,
  kept?: { cache: QueueRowCache; key: string } | null,
): { cache: QueueRowCache; snapshot: QueueSnapshot } {
  const [cache] = useState(() => kept?.cache ?? new QueueRowCache(() => undefined));
  const [snapshot, setSnapshot] = useState<QueueSnapshot>(() => cache.snapshot);
  const shownKey = useRef<string | null>(kept?.key ?? null);
  const key = JSON.stringify(query);

  useEffect(() => {
    cache.attach(setSnapshot);
    return () => cache.attach(() => undefined);
  }, [cache]);

  useEffect(() => {
    if (!enabled) return;
    if (shownKey.current === key) {
      cache.reload();
      return;
    }
    shownKey.current = key;
    cache.setQuery(JSON.parse(key) as QueueQueryInput);
  }, [cache, key, enabled]);

  useEffect(() => () => cache.dispose(), [cache]);

  return { cache, snapshot };
}
