// The workstation's main-process application, independent of how a UI reaches it: the Electron
// shell, the browser host, the CLI and the tests all create one of these and connect to it.
import { randomUUID } from 'node:crypto';
import type { AppStatus, EventName, Events } from '../shared/api/contract';
import type { ApiResult } from '../shared/api/errors';
import { systemClock, type Clock } from './clock';
import { DatabaseOpenError } from './db/database';
import { createDispatcher, type Logger } from './api/dispatcher';
import { createHandlers } from './api/handlers';
import type { Connection } from './services/auth';
import { createServices, type ServiceOptions, type Services } from './services/services';
import { DEFAULT_IDLE_LOCK_MINUTES, DEFAULT_LOCALE } from './services/settings';

export const APP_VERSION = '0.1.0';

export type EventSink = <E extends EventName>(event: E, payload: Events[E]) => void;

export interface AppConnection {
  readonly id: string;
  call(method: unknown, input: unknown): Promise<ApiResult<unknown>>;
  close(): void;
}

export interface App {
  /** Null when the database could not be opened; the app then answers only `app.status`. */
  readonly services: Services | null;
  connect(sink: EventSink): AppConnection;
  close(): void;
}

export interface AppOptions extends ServiceOptions {
  dataDir: string;
  clock?: Clock;
  logger?: Logger;
  /** Watch the central server's health in the background (off in unit tests). */
  watchServer?: boolean;
}

const consoleLogger: Logger = { error: (message, error) => console.error(message, error) };

export function createApp(options: AppOptions): App {
  const logger = options.logger ?? consoleLogger;
  let services: Services | null = null;
  let problem: DatabaseOpenError | null = null;
  try {
    services = createServices(options.dataDir, options.clock ?? systemClock, options);
  } catch (error) {
    if (!(error instanceof DatabaseOpenError)) throw error;
    problem = error;
  }
  if (!services) return brokenApp(problem as DatabaseOpenError);
  if (options.watchServer) {
    services.link.start();
    services.sync.start();
  }
  return readyApp(services, logger);
}

function readyApp(services: Services, logger: Logger): App {
  const dispatch = createDispatcher(createHandlers(services, APP_VERSION), services.auth, logger);
  const sinks = new Set<EventSink>();
  services.station.subscribe((status) => sinks.forEach((sink) => sink('station.status', status)));
  services.sync.onChange((status) => sinks.forEach((sink) => sink('sync.status', status)));
  return {
    services,
    connect(sink) {
      const conn: Connection = {
        id: randomUUID(),
        session: null,
        notifySession: (session) => sink('session.changed', session),
      };
      services.auth.attach(conn);
      services.attachments.connect(conn.id, (event) => sink('attachments.scan', event));
      services.batchSigning.connect(conn.id, (event) => sink('signing.batch', event));
      sinks.add(sink);
      // One connection's calls run in the order sent, so a call made right after sign-in sees the session.
      let tail: Promise<unknown> = Promise.resolve();
      return {
        id: conn.id,
        call(method, input) {
          const result = tail.then(() => dispatch(conn, method, input));
          tail = result;
          return result;
        },
        close() {
          services.auth.detach(conn);
          services.attachments.disconnect(conn.id);
          services.batchSigning.disconnect(conn.id);
          sinks.delete(sink);
        },
      };
    },
    close() {
      services.link.stop();
      services.close();
      services.db.close();
    },
  };
}

/** The database is corrupt, too new or unreadable: say so, and touch nothing. */
function brokenApp(problem: DatabaseOpenError): App {
  const status: AppStatus = {
    state: 'database_error',
    version: APP_VERSION,
    locale: DEFAULT_LOCALE,
    idleLockMinutes: DEFAULT_IDLE_LOCK_MINUTES,
    databaseProblem: { kind: problem.kind, path: problem.path, detail: problem.detail },
  };
  return {
    services: null,
    connect() {
      return {
        id: randomUUID(),
        call: async (method) =>
          method === 'app.status'
            ? { ok: true, value: status }
            : { ok: false, error: { code: 'database_unavailable', params: { kind: problem.kind } } },
        close() {},
      };
    },
    close() {},
  };
}
