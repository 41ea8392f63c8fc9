// The renderer's one way to reach the main process. Two transports, one interface:
// - in Electron the preload exposes `window.qyzmet` (IPC);
// - in an ordinary browser (the browser host) a WebSocket to `/api` authorised by this run's token,
//   which arrives once in the URL fragment (#token=…) and is kept in sessionStorage for reloads.
import type {
  BridgeApi,
  EventName,
  Events,
  MethodInput,
  MethodName,
  MethodOutput,
  ServerMessage,
} from '../../shared/api/contract';
import type { ApiError, ApiResult, ErrorCode, FieldIssue } from '../../shared/api/errors';

declare global {
  interface Window {
    qyzmet?: BridgeApi;
  }
}

/** Failures the client itself produces, next to the server's error codes. */
export type ClientErrorCode = 'connection_lost' | 'no_connection';
export type AnyErrorCode = ErrorCode | ClientErrorCode;

export class ApiClientError extends Error {
  readonly code: AnyErrorCode;
  readonly params: Record<string, string | number>;
  readonly issues: FieldIssue[];

  constructor(readonly error: { code: AnyErrorCode; params?: ApiError['params']; issues?: FieldIssue[] }) {
    super(error.code);
    this.name = 'ApiClientError';
    this.code = error.code;
    this.params = error.params ?? {};
    this.issues = error.issues ?? [];
  }
}

/** State of the link to the workstation service (not of the central server). */
export type ConnectionState = 'connecting' | 'open' | 'lost' | 'unavailable';

export interface Transport {
  readonly kind: 'electron' | 'websocket' | 'none';
  invoke(method: string, input: unknown): Promise<ApiResult<unknown>>;
  on(event: EventName, listener: (payload: unknown) => void): () => void;
  onState(listener: (state: ConnectionState) => void): () => void;
  state(): ConnectionState;
  close(): void;
}

// ---------- Electron ----------

export function bridgeTransport(bridge: BridgeApi): Transport {
  return {
    kind: 'electron',
    invoke: (method, input) => bridge.invoke(method, input),
    on: (event, listener) => bridge.on(event, listener),
    onState: () => () => {},
    state: () => 'open',
    close: () => {},
  };
}

// ---------- browser host (WebSocket) ----------

export const TOKEN_STORAGE_KEY = 'qyzmet.token';

/** Takes the token from `#token=…` (and removes it from the visible URL), or from sessionStorage. */
export function takeToken(
  loc: Pick<Location, 'hash' | 'pathname' | 'search'> = window.location,
  storage: Pick<Storage, 'getItem' | 'setItem'> = window.sessionStorage,
  history: Pick<History, 'replaceState'> = window.history,
): string | null {
  const hash = loc.hash.startsWith('#') ? loc.hash.slice(1) : loc.hash;
  const fromHash = new URLSearchParams(hash).get('token');
  if (fromHash) {
    try {
      storage.setItem(TOKEN_STORAGE_KEY, fromHash);
    } catch {
      // storage may be disabled; the token still works for this page's life
    }
    history.replaceState(null, '', `${loc.pathname}${loc.search}`);
    return fromHash;
  }
  try {
    return storage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}

export interface WebSocketTransportOptions {
  url: string;
  /** Delay before reconnect attempt n (0-based). */
  backoff?: (attempt: number) => number;
  createSocket?: (url: string) => WebSocket;
}

/** WebSocket.OPEN, without depending on a global WebSocket (tests give their own). */
const OPEN = 1;

export const defaultBackoff = (attempt: number): number => Math.min(500 * 2 ** attempt, 10_000);

export function webSocketTransport(options: WebSocketTransportOptions): Transport {
  const backoff = options.backoff ?? defaultBackoff;
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url));
  const eventListeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  const pending = new Map<number, (result: ApiResult<unknown>) => void>();
  /** Calls made before the first connection opened: sent as soon as it does. */
  let queued: Array<() => void> = [];
  let socket: WebSocket | null = null;
  let state: ConnectionState = 'connecting';
  let everOpened = false;
  let attempt = 0;
  let nextId = 1;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const setState = (next: ConnectionState) => {
    if (state === next) return;
    state = next;
    stateListeners.forEach((listener) => listener(next));
  };

  const lostResult: ApiResult<unknown> = { ok: false, error: { code: 'connection_lost' as ErrorCode } };

  const connect = () => {
    if (closed) return;
    let ws: WebSocket;
    try {
      ws = createSocket(options.url);
    } catch {
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      everOpened = true;
      setState('open');
      const toSend = queued;
      queued = [];
      toSend.forEach((send) => send());
    };
    ws.onmessage = (message) => {
      if (typeof message.data !== 'string') return;
      let parsed: ServerMessage;
      try {
        parsed = JSON.parse(message.data) as ServerMessage;
      } catch {
        return;
      }
      if ('event' in parsed) {
        eventListeners.get(parsed.event)?.forEach((listener) => listener(parsed.payload));
      } else if (typeof parsed.id === 'number') {
        const resolve = pending.get(parsed.id);
        if (resolve) {
          pending.delete(parsed.id);
          resolve(parsed.result);
        }
      }
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      // Calls in flight will never be answered: the server's session went with the socket.
      for (const resolve of pending.values()) resolve(lostResult);
      pending.clear();
      if (everOpened) {
        for (const send of queued) send();
        queued = [];
      }
      if (closed) return;
      setState(everOpened ? 'lost' : 'connecting');
      scheduleReconnect();
    };
    ws.onerror = () => {
      // onclose follows and does the work
    };
  };

  const scheduleReconnect = () => {
    if (closed || timer) return;
    const delay = backoff(attempt);
    attempt += 1;
    timer = setTimeout(() => {
      timer = null;
      connect();
    }, delay);
  };

  connect();

  return {
    kind: 'websocket',
    invoke(method, input) {
      return new Promise((resolve) => {
        const send = () => {
          const ws = socket;
          if (!ws || ws.readyState !== OPEN) {
            resolve(lostResult);
            return;
          }
          const id = nextId++;
          pending.set(id, resolve);
          ws.send(JSON.stringify({ id, method, input }));
        };
        if (socket && socket.readyState === OPEN) send();
        else if (!everOpened) queued.push(send);
        else resolve(lostResult);
      });
    },
    on(event, listener) {
      let set = eventListeners.get(event);
      if (!set) {
        set = new Set();
        eventListeners.set(event, set);
      }
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    onState(listener) {
      stateListeners.add(listener);
      return () => {
        stateListeners.delete(listener);
      };
    },
    state: () => state,
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      socket?.close();
    },
  };
}

// ---------- no way to reach the service ----------

export function noTransport(): Transport {
  return {
    kind: 'none',
    invoke: async () => ({ ok: false, error: { code: 'no_connection' as ErrorCode } }),
    on: () => () => {},
    onState: () => () => {},
    state: () => 'unavailable',
    close: () => {},
  };
}

/** Electron's bridge when present, else the browser host's WebSocket when a token is known. */
export function detectTransport(): Transport {
  if (window.qyzmet) return bridgeTransport(window.qyzmet);
  const token = takeToken();
  if (!token) return noTransport();
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return webSocketTransport({ url: `${scheme}://${window.location.host}/api?token=${encodeURIComponent(token)}` });
}

// ---------- the typed client ----------

export interface Client {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  onEvent<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  onConnectionState(listener: (state: ConnectionState) => void): () => void;
  connectionState(): ConnectionState;
  /** Observes every failed call (e.g. to show the lock screen on `screen_locked`). */
  onError(listener: (error: ApiClientError, method: MethodName) => void): () => void;
  readonly transportKind: Transport['kind'];
}

export function createClient(transport: Transport): Client {
  const errorListeners = new Set<(error: ApiClientError, method: MethodName) => void>();
  return {
    transportKind: transport.kind,
    async call(method, input) {
      let result: ApiResult<unknown>;
      try {
        result = await transport.invoke(method, input);
      } catch {
        result = { ok: false, error: { code: 'internal' } };
      }
      if (result && result.ok) return result.value as MethodOutput<typeof method>;
      const error = new ApiClientError(result?.error ?? { code: 'internal' });
      errorListeners.forEach((listener) => listener(error, method));
      throw error;
    },
    onEvent(event, listener) {
      return transport.on(event, (payload) => listener(payload as Events[typeof event]));
    },
    onConnectionState: (listener) => transport.onState(listener),
    connectionState: () => transport.state(),
    onError(listener) {
      errorListeners.add(listener);
      return () => {
        errorListeners.delete(listener);
      };
    },
  };
}

let current: Client | null = null;

/** The client the app uses; created on first use from the environment. */
export function getClient(): Client {
  if (!current) current = createClient(detectTransport());
  return current;
}

/** For tests and for main.tsx: installs a specific client. */
export function setClient(client: Client): void {
  current = client;
}

export function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  return getClient().call(method, input);
}

export function onEvent<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
  return getClient().onEvent(event, listener);
}

export function isApiClientError(error: unknown): error is ApiClientError {
  return error instanceof ApiClientError;
}
