// The queue's page cache, without a browser: the first page of a query, the pages of the range in
// view once the scrolling settles (not the ones flown past), answers to an older query thrown away,
// pages far from the view dropped, a reload that keeps the rows shown until the new ones arrive.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PAGE_SIZE, QueueRowCache, type QueueSnapshot } from '../../src/renderer/pages/queue/useQueueRows';
import type { MethodInput, MethodOutput } from '../../src/shared/api/contract';
import type { QueueRow } from '../../src/shared/requests/api';

type Input = MethodInput<'requests.queue'>;
type Page = MethodOutput<'requests.queue'>;

function rowAt(index: number, tag = ''): QueueRow {
  return {
    id: `r${index}${tag}`,
    number: `N-${index}`,
    service: 'phc.attachment',
    operation: null,
    channel: 'walk_in',
    state: 'registered',
    applicant: { kind: 'person', id: '900101300011', name: `Person ${index}` },
    receivedAt: '2026-03-02T04:00:00Z',
    deadline: null,
    deadlineState: 'none',
    msLeft: null,
    workingDaysLeft: null,
    assignee: null,
  };
}

/** A fake `requests.queue`: every call waits until the test answers it. */
function fakeServer(total: number) {
  const calls: Array<{ input: Input; answer(tag?: string): void; fail(): void }> = [];
  const fetch = (input: Input) =>
    new Promise<Page>((resolve, reject) => {
      calls.push({
        input,
        answer: (tag = '') => {
          const offset = input.offset ?? 0;
          const count = Math.max(0, Math.min(input.limit ?? PAGE_SIZE, total - offset));
          resolve({ rows: Array.from({ length: count }, (_, i) => rowAt(offset + i, tag)), total, offset });
        },
        fail: () => reject(new Error('boom')),
      });
    });
  return { calls, fetch };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('the queue page cache', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fetches the first page of a query, and the pages of the range in view once it settles', async () => {
    const server = fakeServer(100_000);
    const snapshots: QueueSnapshot[] = [];
    const cache = new QueueRowCache((snapshot) => snapshots.push(snapshot), server.fetch);
    cache.setQuery({ sort: 'received', direction: 'desc' });
    expect(server.calls.map((call) => call.input.offset)).toEqual([0]);
    expect(cache.snapshot.loading).toBe(true);
    server.calls[0]!.answer();
    await flush();
    expect(cache.snapshot).toMatchObject({ total: 100_000, loading: false, error: null });
    expect(cache.row(5)?.number).toBe('N-5');
    expect(cache.row(150)).toBeUndefined();

    // Scrolling fast past pages: only the range where it stops is fetched.
    cache.want(1_000, 1_020);
    cache.want(30_000, 30_020);
    cache.want(50_050, 50_180);
    vi.advanceTimersByTime(100);
    expect(server.calls.slice(1).map((call) => call.input.offset)).toEqual([50_000, 50_100]);
    expect(server.calls[1]!.input).toMatchObject({ sort: 'received', direction: 'desc', limit: PAGE_SIZE });
    server.calls[1]!.answer();
    server.calls[2]!.answer();
    await flush();
    expect(cache.row(50_150)?.number).toBe('N-50150');
    expect(snapshots.at(-1)?.version).toBeGreaterThan(snapshots[0]!.version);
  });

  it('throws away the answers to an older query', async () => {
    const server = fakeServer(1_000);
    const cache = new QueueRowCache(() => undefined, server.fetch);
    cache.setQuery({ search: 'асел' });
    cache.setQuery({ search: 'асель' });
    server.calls[1]!.answer('-new');
    server.calls[0]!.answer('-old');
    await flush();
    expect(cache.row(0)?.id).toBe('r0-new');
    expect(server.calls[1]!.input.search).toBe('асель');
  });

  it('keeps a bounded number of pages, dropping the farthest from the view', async () => {
    const server = fakeServer(1_000_000);
    const cache = new QueueRowCache(() => undefined, server.fetch);
    cache.setQuery({});
    server.calls[0]!.answer();
    await flush();
    for (let page = 1; page <= 60; page += 1) {
      cache.want(page * PAGE_SIZE, page * PAGE_SIZE + 10);
      vi.advanceTimersByTime(100);
      server.calls.at(-1)!.answer();
      await flush();
    }
    const kept = Array.from({ length: 61 }, (_, page) => cache.row(page * PAGE_SIZE) !== undefined);
    expect(kept.filter(Boolean).length).toBe(40);
    expect(kept[60]).toBe(true);
    expect(kept[0]).toBe(false);
  });

  it('reloads the pages in view and shows the old rows until the new ones are in; reports a failure', async () => {
    const server = fakeServer(500);
    const cache = new QueueRowCache(() => undefined, server.fetch);
    cache.setQuery({});
    server.calls[0]!.answer();
    await flush();
    cache.reload();
    expect(cache.row(3)?.id).toBe('r3');
    server.calls[1]!.answer('-again');
    await flush();
    expect(cache.row(3)?.id).toBe('r3-again');

    cache.replace({ ...rowAt(3, '-again'), state: 'in_review' });
    expect(cache.row(3)?.state).toBe('in_review');

    cache.setQuery({ states: ['draft'] });
    server.calls[2]!.fail();
    await flush();
    expect(cache.snapshot.error).toEqual({ code: 'internal' });
    expect(cache.snapshot.loading).toBe(false);
  });
});
