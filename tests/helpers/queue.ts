// Test-only helpers for the queue specs: a client of the workstation's API over its own WebSocket
// (the browser host's wire format: {id, method, input} → {id, result}; the token from the URL, our
// origin), and applicants put straight into the workstation's registry cache, as if the registry
// lookup had just answered — so that a spec can take requests in without the central server.
import path from 'node:path';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/api/contract';
import type { ApiError, ApiResult } from '../../src/shared/api/errors';
import type { Person } from '../../src/shared/registry';

export interface ApiClient {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** Calls and expects a failure: resolves with the error. */
  fail(method: MethodName, input: unknown): Promise<ApiError>;
  close(): void;
}

/** Opens a connection of its own to the workstation at `url` (http://127.0.0.1:PORT/#token=…). */
export async function connectApi(url: string): Promise<ApiClient> {
  const parsed = new URL(url);
  const token = new URLSearchParams(parsed.hash.slice(1)).get('token');
  if (!token) throw new Error(`no token in ${url}`);
  const ws = new WebSocket(`ws://${parsed.host}/api?token=${encodeURIComponent(token)}`, { origin: parsed.origin });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, (result: ApiResult<unknown>) => void>();
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { id?: number; result?: ApiResult<unknown> };
    if (typeof message.id !== 'number' || !message.result) return;
    pending.get(message.id)?.(message.result);
    pending.delete(message.id);
  });
  const send = (method: string, input: unknown) =>
    new Promise<ApiResult<unknown>>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, method, input }));
    });
  return {
    async call(method, input) {
      const result = await send(method, input);
      if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
      return result.value as MethodOutput<typeof method>;
    },
    async fail(method, input) {
      const result = await send(method, input);
      if (result.ok) throw new Error(`${method} was expected to fail`);
      return result.error;
    },
    close: () => ws.close(),
  };
}

/** The workstation's database, opened next to the running workstation (WAL: both may write). */
export function openDatabase(dataDir: string): Database.Database {
  const db = new Database(path.join(dataDir, 'qyzmet.sqlite'));
  db.pragma('busy_timeout = 5000');
  return db;
}

/** Puts people into the registry cache, as the individuals' registry answered them a moment ago. */
export function cachePeople(dataDir: string, people: readonly Person[]): void {
  const db = openDatabase(dataDir);
  try {
    const now = new Date().toISOString();
    const insert = db.prepare(
      `INSERT OR REPLACE INTO registry_cache (system, subject, answer, answered_at, stored_at) VALUES ('individuals', ?, ?, ?, ?)`,
    );
    db.transaction(() => {
      for (const person of people) insert.run(person.iin, JSON.stringify(person), now, now);
    })();
  } finally {
    db.close();
  }
}

/** A person record as the individuals' registry gives it. */
export function personRecord(iin: string, surname: string, name: string, patronymic: string | null, birthDate: string, sex: 'male' | 'female'): Person {
  return {
    iin,
    surname,
    name,
    patronymic,
    birthDate,
    sex,
    citizenship: 'KZ',
    address: { region: 'Павлодар облысы', city: 'Екібастұз', street: 'Мәшһүр Жүсіп', house: '12', flat: '4' },
    document: { type: 'id_card', number: '041234567', issuedOn: '2015-01-01', issuer: 'ІІМ' },
    deathDate: null,
  };
}

/**
 * Adds `count` registered requests straight into the requests table (rows only, no history), for a
 * long queue: numbers TEST-26-…, applicants "Тестов N", received a minute apart before `before`.
 */
export function insertRequests(dataDir: string, count: number, before = new Date()): void {
  const db = openDatabase(dataDir);
  try {
    const workstation = db.prepare(`SELECT workstation_id FROM requests LIMIT 1`).pluck().get() as string | undefined;
    const insert = db.prepare(
      `INSERT INTO requests (id, number, service_code, operation, channel, state, applicant_kind, applicant_id, applicant_name,
         applicant_folded, form, documents, created_at, created_by, received_at, registered_at, updated_at, workstation_id)
       VALUES (?, ?, 'phc.attachment', NULL, 'walk_in', 'registered', 'person', '900101300011', ?, ?, '{}', '{}', ?, 'bulk', ?, ?, ?, ?)`,
    );
    db.transaction(() => {
      for (let i = 0; i < count; i += 1) {
        const at = new Date(before.getTime() - (i + 1) * 60_000).toISOString();
        const name = `Тестов ${i + 1}`;
        insert.run(crypto.randomUUID(), `TEST-26-BULK0-${String(i + 1).padStart(5, '0')}-0`, name, name.toLowerCase(), at, at, at, at, workstation ?? 'bulk');
      }
    })();
  } finally {
    db.close();
  }
}
