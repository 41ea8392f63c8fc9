// A main-process app on a fresh temporary data folder, with a clock the test moves by hand.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EventName, Events, MethodName, MethodInput, MethodOutput } from '../../src/shared/api/contract';
import type { ApiError, ApiResult } from '../../src/shared/api/errors';
import { createApp, type App, type AppConnection } from '../../src/main/app';
import type { Clock } from '../../src/main/clock';

export class ManualClock implements Clock {
  constructor(private current = new Date('2026-03-02T04:00:00Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advanceMinutes(minutes: number): void {
    this.current = new Date(this.current.getTime() + minutes * 60_000);
  }
}

export function tempDir(prefix = 'qyzmet-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface Client {
  connection: AppConnection;
  events: Array<{ event: EventName; payload: unknown }>;
  call<M extends MethodName>(method: M, input?: MethodInput<M>): Promise<MethodOutput<M>>;
  fail(method: string, input?: unknown): Promise<ApiError>;
}

export function connect(app: App): Client {
  const events: Client['events'] = [];
  const connection = app.connect(<E extends EventName>(event: E, payload: Events[E]) => events.push({ event, payload }));
  return {
    connection,
    events,
    async call(method, input) {
      const result = (await connection.call(method, input ?? {})) as ApiResult<never>;
      if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
      return result.value;
    },
    async fail(method, input) {
      const result = await connection.call(method, input ?? {});
      if (result.ok) throw new Error(`${method} was expected to fail but returned ${JSON.stringify(result.value)}`);
      return result.error;
    },
  };
}

export function startApp(dataDir = tempDir(), clock = new ManualClock()) {
  const errors: unknown[] = [];
  const app = createApp({ dataDir, clock, logger: { error: (_message, error) => errors.push(error) } });
  return { app, dataDir, clock, errors };
}
