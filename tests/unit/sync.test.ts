// Synchronisation between two workstations of one provider through the central server (PGlite):
// a request registered on one reaches the other by pull with its history intact; both take it into
// work while offline — the first to reach the server keeps it, the other sees who has it and keeps
// its own events aside; a signed document moves as a blob and arrives byte for byte; a batch sent
// again changes nothing; a run cut off after a batch resumes where it stood.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/main/app';
import type { RequestActor } from '../../src/main/services/requests';
import type { Sql } from '../../src/server/db/sql';
import { openBackend, startCentral } from '../helpers/central';
import { cacheApplicant } from '../helpers/desk';
import { createDeskSigning } from '../helpers/desk-signing';
import { makeIin } from '../helpers/iin';
import { connect, ManualClock, tempDir, type Client } from '../helpers/workstation';
import { PROVIDER_PROFILE } from '../helpers/provider-profile';

const NOW = new Date('2026-03-02T04:00:00Z');
const PASSWORD = 'password-1';
const signing = createDeskSigning({ notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2027-06-01T00:00:00Z') });

let serial = 500;
const nextIin = () => makeIin('1986-04-09', 'female', (serial += 1));

interface Desk {
  app: App;
  dataDir: string;
  officer: RequestActor & { client: Client };
  signer: RequestActor & { client: Client };
}

let sql: Sql;
let stopSql: () => Promise<void>;
let central: Awaited<ReturnType<typeof startCentral>>;
const apps: App[] = [];
let a: Desk;
let b: Desk;
let cut: { afterPushBatch: number | null } = { afterPushBatch: null };

async function openDesk(name: string, officerName: string): Promise<Desk> {
  const dataDir = tempDir('qyzmet-sync-');
  const app = createApp({
    dataDir,
    clock: new ManualClock(NOW),
    logger: { error: (_message, error) => console.error(error) },
    syncHooks: {
      afterPushBatch() {
        if (cut.afterPushBatch !== null && --cut.afterPushBatch < 0) throw new Error('cut after a push batch');
      },
    },
  });
  apps.push(app);
  // Through the staff service, as an administrator adds them: their names travel to the other workstation.
  const person = async (fullName: string, roles: RequestActor['roles']) => {
    const created = await app.services!.staff.create({ iin: nextIin(), fullName, roles: [...roles], password: PASSWORD }, null);
    const client = connect(app);
    await client.call('auth.signIn', { iin: created.iin, password: PASSWORD });
    return { staffId: created.id, iin: created.iin, roles, client };
  };
  const officer = await person(officerName, ['social_officer']);
  const signer = await person('Гүлнар Төлеуова', ['authorised_signer']);
  await app.services!.link.enrol(central.url, await central.auth.createEnrolmentCode('SOC-07'), name);
  app.services!.documents.setProviderProfile(PROVIDER_PROFILE);
  return { app, dataDir, officer, signer };
}

beforeAll(async () => {
  ({ sql, stop: stopSql } = await openBackend('pglite'));
  central = await startCentral(sql);
  a = await openDesk('Бірінші терезе', 'Айгүл Сапарова');
  b = await openDesk('Екінші терезе', 'Дана Қасымова');
}, 120_000);

afterAll(async () => {
  for (const app of apps) app.close();
  await central?.app.close();
  await stopSql?.();
});

function registered(desk: Desk): string {
  const { requests, db } = desk.app.services!;
  const iin = cacheApplicant(db, nextIin(), NOW.toISOString(), { surname: 'Омарова', name: 'Әсем' });
  const draft = requests.createDraft(desk.officer, {
    service: 'social.unemployed-certificate',
    channel: 'service_centre',
    applicant: { kind: 'person', iin },
    form: { periodFrom: '2026-01-05' },
    documents: { standard_documents: { presented: true, presentation: 'original' } },
  });
  return requests.register(desk.officer, { requestId: draft.id }).id;
}

const sync = (desk: Desk) => desk.app.services!.sync.syncNow();

describe('two workstations of one provider', () => {
  let requestId: string;

  it('a request registered on one arrives on the other by pull, with its history intact', async () => {
    requestId = registered(a);
    expect((await sync(a)).pending).toBe(0);
    const status = await sync(b);
    expect(status).toMatchObject({ state: 'idle', lastError: null });
    const seen = b.app.services!.requests.get(b.officer, requestId);
    expect(seen).toMatchObject({ state: 'registered', number: a.app.services!.requests.get(a.officer, requestId).number, historyIntact: true });
    expect(b.app.services!.requests.verify().ok).toBe(true);
  });

  it('both take it into work offline: the first to reach the server keeps it; the other sees who has it and keeps its own events aside', async () => {
    b.app.services!.requests.take(b.officer, requestId);
    a.app.services!.requests.take(a.officer, requestId);
    await sync(a);
    const status = await sync(b);
    expect(status.conflicts).toBeGreaterThan(0);
    const [conflict] = b.app.services!.sync.conflicts();
    expect(conflict).toMatchObject({ reason: 'taken_by_another', requestNumber: expect.any(String), detail: { workstationId: a.app.services!.settings.workstationId } });
    // B now has A's version: assigned to A's officer, in review; its own events are kept aside.
    const onB = b.app.services!.requests.get(b.signer, requestId);
    expect(onB.assignee).toEqual({ id: a.officer.staffId, name: 'Айгүл Сапарова' });
    // B's own "take" is kept beside the history that stands.
    expect(onB.superseded.map((event) => [event.action, event.actorName])).toContainEqual(['assign', 'Дана Қасымова']);
    expect(onB.state).toBe('in_review');
    expect(onB.historyIntact).toBe(true);
    const superseded = b.app.services!.db.prepare(`SELECT count(*) FROM request_history_superseded WHERE request_id = ?`).pluck().get(requestId) as number;
    expect(superseded).toBeGreaterThan(0);
    expect(b.app.services!.requests.verify().ok).toBe(true);
    // Marked as seen, it stays on record.
    const after = await b.officer.client.call('sync.markConflictSeen', { id: conflict!.id });
    expect(after.find((item) => item.id === conflict!.id)?.seen).toBe(true);
  });

  it('the signed result made on one moves with its PDF as a blob and arrives byte for byte', async () => {
    const { key, pin } = await signing.keyFor(a, a.signer);
    const signed = await a.signer.client.call('documents.sign', { requestId, kind: 'unemployed_certificate', details: { registeredOn: '2026-02-20' }, key, pin });
    const original = await a.officer.client.call('documents.file', { documentId: signed.document.id, format: 'pdf' });
    await sync(a);
    await sync(b);
    const [onB] = await b.officer.client.call('documents.list', { requestId });
    expect(onB).toMatchObject({ number: signed.document.number, sha256: signed.document.sha256, journalEntries: [{ journal: 'issued_documents' }] });
    const copy = await b.officer.client.call('documents.file', { documentId: signed.document.id, format: 'pdf' });
    expect(copy.data).toBe(original.data);
    expect(b.app.services!.requests.get(b.signer, requestId).state).toBe('result_ready');
    // B issues it (prints): A learns it.
    await b.officer.client.call('documents.deliver', { documentId: signed.document.id, via: 'print' }).catch(() => undefined);
  });

  it('a push sent again changes nothing on the server', async () => {
    const before = (await sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM sync_change`))[0]!.n;
    a.app.services!.db.prepare(`UPDATE sync_state SET value = '0' WHERE key = 'push_acked_seq'`).run();
    const status = await sync(a);
    expect(status).toMatchObject({ pending: 0, lastError: null });
    const after = (await sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM sync_change`))[0]!.n;
    expect(after).toBe(before);
  });

  it('a run cut off after a push batch resumes where it stood', async () => {
    for (let index = 0; index < 3; index += 1) registered(a);
    const pending = a.app.services!.sync.status().pending;
    expect(pending).toBeGreaterThan(0);
    cut = { afterPushBatch: 0 };
    const failed = await sync(a);
    expect(failed.lastError).toContain('cut after a push batch');
    expect(failed.pending).toBe(0); // the batch was acknowledged before the cut
    cut = { afterPushBatch: null };
    expect(await sync(a)).toMatchObject({ lastError: null, pending: 0 });
    await sync(b);
    const onB = b.app.services!.db.prepare(`SELECT count(*) FROM requests`).pluck().get() as number;
    const onA = a.app.services!.db.prepare(`SELECT count(*) FROM requests`).pluck().get() as number;
    expect(onB).toBe(onA);
    expect(fs.existsSync(b.dataDir)).toBe(true);
  });
});
