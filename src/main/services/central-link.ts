// This workstation's link to the central server: where it is, the enrolment that lets us call it,
// and whether it answers right now (checked with backoff and jitter while it does not).
import type { ConnectivityState } from '../../shared/api/contract';
import { ApiFailure } from '../../shared/api/errors';
import type { Database } from 'better-sqlite3';
import {
  CentralError,
  createCentralClient,
  enrolWorkstation,
  exportPrivateKey,
  importPrivateKey,
  newWorkstationKey,
  type CentralClient,
} from './central-client';
import type { SettingsService } from './settings';

export const REGISTRY_TIMEOUT_MS = 90_000;
const HEALTHY_INTERVAL_MS = 15_000;
const MAX_BACKOFF_MS = 60_000;

export interface LinkStatus {
  connectivity: ConnectivityState;
  serverUrl: string | null;
  providerCode: string | null;
  lastContactAt: string | null;
}

export interface CentralLink {
  client(): CentralClient | null;
  status(): LinkStatus;
  enrol(serverUrl: string, code: string, name: string): Promise<LinkStatus>;
  /** True when enrolled with the server embedded in this app (see embedded-server.ts). */
  isEmbedded(): boolean;
  markEmbedded(): void;
  /** The embedded server listens on a new port each run: follow it, keeping the enrolment. */
  repoint(serverUrl: string): void;
  /** Told by callers how their last call went, so the status bar is right without waiting for a ping. */
  report(reachable: boolean): void;
  onChange(listener: (status: LinkStatus) => void): () => void;
  start(): void;
  stop(): void;
}

export function createCentralLink(deps: {
  db: Database;
  settings: SettingsService;
  now: () => Date;
  registryTimeoutMs?: number;
}): CentralLink {
  const { db, settings, now } = deps;
  const read = db.prepare(`SELECT value FROM settings WHERE key = ?`).pluck();
  const write = db.prepare(
    `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  );
  const listeners = new Set<(status: LinkStatus) => void>();
  let cached: CentralClient | null = null;
  let connectivity: ConnectivityState = 'offline';
  let lastContactAt: string | null = null;
  let timer: NodeJS.Timeout | null = null;
  let failures = 0;
  let running = false;

  const serverUrl = () => (read.get('server_url') as string | undefined) ?? null;
  const client = (): CentralClient | null => {
    if (cached) return cached;
    const url = serverUrl();
    const key = read.get('server_key') as string | undefined;
    if (!url || !key) return null;
    cached = createCentralClient({
      baseUrl: url,
      workstationId: settings.workstationId,
      privateKey: importPrivateKey(key),
      timeoutMs: deps.registryTimeoutMs ?? REGISTRY_TIMEOUT_MS,
    });
    return cached;
  };
  const status = (): LinkStatus => ({
    connectivity: client() ? connectivity : 'not_configured',
    serverUrl: serverUrl(),
    providerCode: (read.get('provider_code') as string | undefined) ?? null,
    lastContactAt,
  });
  const report = (reachable: boolean) => {
    const before = connectivity;
    connectivity = reachable ? 'online' : 'offline';
    if (reachable) {
      lastContactAt = now().toISOString();
      failures = 0;
    } else failures += 1;
    if (before !== connectivity) listeners.forEach((listener) => listener(status()));
  };

  const schedule = () => {
    if (!running) return;
    const base = connectivity === 'online' ? HEALTHY_INTERVAL_MS : Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** Math.min(failures, 6));
    const jitter = base * (0.8 + Math.random() * 0.4);
    timer = setTimeout(check, jitter);
    timer.unref();
  };
  const check = async () => {
    const current = client();
    if (current) report(await current.reachable());
    schedule();
  };

  return {
    client,
    status,
    report,
    async enrol(url, code, name) {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw new ApiFailure('invalid_input', {}, [{ path: 'serverUrl', code: 'bad_format' }]);
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        throw new ApiFailure('invalid_input', {}, [{ path: 'serverUrl', code: 'bad_format' }]);
      }
      const key = newWorkstationKey();
      try {
        const reply = await enrolWorkstation(parsed.origin, {
          code,
          workstationId: settings.workstationId,
          name,
          publicKey: key.publicKey,
        });
        db.transaction(() => {
          write.run('server_embedded', '0');
          write.run('server_url', parsed.origin);
          write.run('server_key', exportPrivateKey(key.privateKey));
          write.run('provider_code', reply.providerCode);
        })();
      } catch (error) {
        if (error instanceof CentralError) {
          throw new ApiFailure('enrolment_failed', { reason: error.code === 'network' ? error.kind : error.code });
        }
        throw error;
      }
      cached = null;
      report(true);
      return status();
    },
    isEmbedded: () => read.get('server_embedded') === '1',
    markEmbedded() {
      write.run('server_embedded', '1');
    },
    repoint(url) {
      write.run('server_url', new URL(url).origin);
      cached = null;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      running = true;
      void check();
    },
    stop() {
      running = false;
      if (timer) clearTimeout(timer);
    },
  };
}
