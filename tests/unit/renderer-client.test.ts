// The renderer's API client over the browser host's WebSocket: requests and answers matched by id,
// pushed events, calls made before the socket opens, a lost socket, reconnection with backoff, and
// the token taken out of the URL.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ApiClientError,
  createClient,
  defaultBackoff,
  takeToken,
  webSocketTransport,
  type ConnectionState,
} from '../../src/renderer/api/client';

class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: Array<{ id: number; method: string; input: unknown }> = [];
  onopen: (() => void) | null = null;
  onmessage: ((message: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;

  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(text: string) {
    this.sent.push(JSON.parse(text));
  }
  close() {
    this.drop();
  }
  // ---- what the server side does ----
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  answer(id: number, result: unknown) {
    this.onmessage?.({ data: JSON.stringify({ id, result }) });
  }
  push(event: string, payload: unknown) {
    this.onmessage?.({ data: JSON.stringify({ event, payload }) });
  }
  drop() {
    this.readyState = 3;
    this.onclose?.();
  }
}

const latest = () => FakeSocket.all[FakeSocket.all.length - 1] as FakeSocket;

function setup() {
  const transport = webSocketTransport({
    url: 'ws://127.0.0.1:1234/api?token=abc',
    createSocket: (url) => new FakeSocket(url) as unknown as WebSocket,
  });
  const client = createClient(transport);
  const states: ConnectionState[] = [];
  client.onConnectionState((state) => states.push(state));
  return { transport, client, states };
}

beforeEach(() => {
  FakeSocket.all = [];
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the WebSocket transport', () => {
  it('sends calls made before the socket opens once it does, and matches answers by id', async () => {
    const { client, transport } = setup();
    expect(transport.state()).toBe('connecting');
    const status = client.call('app.status', {});
    const session = client.call('auth.session', {});
    expect(latest().sent).toEqual([]);
    latest().open();
    expect(latest().sent.map((m) => m.method)).toEqual(['app.status', 'auth.session']);
    const [first, second] = latest().sent as unknown as [{ id: number }, { id: number }];
    latest().answer(second.id, { ok: true, value: null });
    latest().answer(first.id, { ok: true, value: { state: 'first_run' } });
    await expect(session).resolves.toBeNull();
    await expect(status).resolves.toEqual({ state: 'first_run' });
  });

  it('turns an error result into an ApiClientError with code, params and issues', async () => {
    const { client } = setup();
    latest().open();
    const signIn = client.call('auth.signIn', { iin: '1', password: 'x' });
    const seen: string[] = [];
    client.onError((error, method) => seen.push(`${method}:${error.code}`));
    latest().answer(latest().sent[0]!.id, {
      ok: false,
      error: { code: 'wrong_credentials', params: { attemptsLeft: 2 }, issues: [{ path: 'iin', code: 'id.wrong_length' }] },
    });
    const error = await signIn.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiClientError);
    expect((error as ApiClientError).code).toBe('wrong_credentials');
    expect((error as ApiClientError).params).toEqual({ attemptsLeft: 2 });
    expect((error as ApiClientError).issues).toEqual([{ path: 'iin', code: 'id.wrong_length' }]);
    expect(seen).toEqual(['auth.signIn:wrong_credentials']);
  });

  it('delivers pushed events to their listeners only', () => {
    const { client } = setup();
    latest().open();
    const sessions: unknown[] = [];
    const stations: unknown[] = [];
    const off = client.onEvent('session.changed', (s) => sessions.push(s));
    client.onEvent('station.status', (s) => stations.push(s));
    latest().push('session.changed', null);
    latest().push('station.status', { connectivity: 'online', token: 'absent' });
    off();
    latest().push('session.changed', { fullName: 'x' });
    expect(sessions).toEqual([null]);
    expect(stations).toEqual([{ connectivity: 'online', token: 'absent' }]);
  });

  it('fails calls in flight when the socket drops, reports "lost" and reconnects with growing delays', async () => {
    const { client, states } = setup();
    latest().open();
    const pending = client.call('staff.list', {});
    latest().drop();
    await expect(pending).rejects.toMatchObject({ code: 'connection_lost' });
    expect(states).toEqual(['open', 'lost']);
    // while it is down, a new call fails at once instead of hanging
    await expect(client.call('auth.session', {})).rejects.toMatchObject({ code: 'connection_lost' });

    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(defaultBackoff(0));
    expect(FakeSocket.all).toHaveLength(2);
    latest().drop(); // the service is still away
    vi.advanceTimersByTime(defaultBackoff(1) - 1);
    expect(FakeSocket.all).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(3);
    latest().open();
    expect(states).toEqual(['open', 'lost', 'open']);
    expect(latest().url).toBe('ws://127.0.0.1:1234/api?token=abc');

    const again = client.call('auth.session', {});
    latest().answer(latest().sent[0]!.id, { ok: true, value: null });
    await expect(again).resolves.toBeNull();
  });

  it('caps the backoff at ten seconds', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map(defaultBackoff)).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('ignores messages that are not JSON or answer nothing pending', async () => {
    const { client } = setup();
    latest().open();
    const call = client.call('app.status', {});
    latest().onmessage?.({ data: 'not json' });
    latest().answer(999, { ok: true, value: 'stray' });
    latest().answer(latest().sent[0]!.id, { ok: true, value: 'mine' });
    await expect(call).resolves.toBe('mine');
  });
});

describe('the token in the URL', () => {
  const storage = () => {
    const map = new Map<string, string>();
    return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), map };
  };

  it('is taken from #token=…, kept in sessionStorage and removed from the visible address', () => {
    const store = storage();
    const history = { replaceState: vi.fn() };
    const token = takeToken({ hash: '#token=a%2Bb_c', pathname: '/', search: '' }, store, history);
    expect(token).toBe('a+b_c');
    expect(store.map.get('qyzmet.token')).toBe('a+b_c');
    expect(history.replaceState).toHaveBeenCalledWith(null, '', '/');
  });

  it('comes from sessionStorage after a reload, and is null when there is none', () => {
    const store = storage();
    const history = { replaceState: vi.fn() };
    store.setItem('qyzmet.token', 'kept');
    expect(takeToken({ hash: '', pathname: '/', search: '' }, store, history)).toBe('kept');
    expect(history.replaceState).not.toHaveBeenCalled();
    expect(takeToken({ hash: '#shell-main', pathname: '/', search: '' }, storage(), history)).toBeNull();
  });
});
