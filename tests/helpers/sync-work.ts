// Work for the sync fault tests and the sync benchmark, done through the workstation's own services:
// requests registered (and some taken into work), each with its hash-chained history and change-log
// rows; drafts with a large attachment (a PDF around a JPEG of noise, so that it does not compress and
// its blob takes several chunks). Used in-process and by the child workstation (sync-child.ts).
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import sharp from 'sharp';
import type { Services } from '../../src/main/services/services';
import type { RequestActor } from '../../src/main/services/requests';
import { GENESIS_HASH } from '../../src/shared/requests/lifecycle';
import type { SyncChange } from '../../src/shared/sync';
import { personRecord } from './queue';
import { makeIin } from './iin';

export const SYNC_SERVICE = 'social.unemployed-certificate';
export const SYNC_DOCUMENT = 'standard_documents';

/** The active social officer of the workstation (the one who does the work). */
export function officerOf(db: Database): RequestActor {
  const row = db.prepare(`SELECT id, iin, roles FROM staff WHERE active = 1 AND roles LIKE '%social_officer%' ORDER BY created_at LIMIT 1`).get() as
    | { id: string; iin: string; roles: string }
    | undefined;
  if (!row) throw new Error('no social officer on this workstation');
  return { staffId: row.id, iin: row.iin, roles: JSON.parse(row.roles) as RequestActor['roles'] };
}

/** A person in the registry cache with a random valid IIN (as if the registry had just answered). */
export function applicant(db: Database, at: string): string {
  const year = 1950 + randomInt(50);
  const birth = `${year}-${String(1 + randomInt(12)).padStart(2, '0')}-${String(1 + randomInt(28)).padStart(2, '0')}`;
  const sex = randomInt(2) === 0 ? 'female' : 'male';
  const iin = makeIin(birth, sex, randomInt(9_800));
  const record = personRecord(iin, 'Омарова', 'Әсем', null, birth, sex);
  db.prepare(`INSERT OR IGNORE INTO registry_cache (system, subject, answer, answered_at, stored_at) VALUES ('individuals', ?, ?, ?, ?)`).run(
    iin,
    JSON.stringify(record),
    at,
    at,
  );
  return iin;
}

function draft(services: Services, actor: RequestActor, at: string) {
  return services.requests.createDraft(actor, {
    service: SYNC_SERVICE,
    channel: 'service_centre',
    applicant: { kind: 'person', iin: applicant(services.db, at) },
    form: { periodFrom: '2026-01-05' },
    documents: { [SYNC_DOCUMENT]: { presented: true, presentation: 'original' } },
  });
}

/**
 * Registers `count` requests; every `takeEvery`-th is also taken into work (two more events).
 * `batch` requests are made per transaction (the services' own transactions nest as savepoints).
 */
export function registerRequests(services: Services, actor: RequestActor, count: number, options: { takeEvery?: number; batch?: number } = {}): string[] {
  const ids: string[] = [];
  const at = new Date().toISOString();
  const takeEvery = options.takeEvery ?? 3;
  const batch = options.batch ?? 1;
  for (let done = 0; done < count; done += batch) {
    services.db.transaction(() => {
      for (let i = done; i < Math.min(count, done + batch); i += 1) {
        const id = services.requests.register(actor, { requestId: draft(services, actor, at).id }).id;
        if (takeEvery > 0 && i % takeEvery === takeEvery - 1) services.requests.take(actor, id);
        ids.push(id);
      }
    })();
  }
  return ids;
}

/** A JPEG of noise of about `bytes` bytes (noise does not compress, so the size is predictable). */
export async function noiseJpeg(bytes: number): Promise<Buffer> {
  const side = Math.max(64, Math.ceil(Math.sqrt(bytes / 0.88)));
  return sharp(randomBytes(side * side * 3), { raw: { width: side, height: side, channels: 3 } })
    .jpeg({ quality: 92 })
    .toBuffer();
}

/** A request registered with one attachment of about `bytes` bytes; its id and the attachment's SHA-256. */
export async function attachedRequest(services: Services, actor: RequestActor, bytes: number): Promise<{ requestId: string; sha256: string; size: number }> {
  const request = draft(services, actor, new Date().toISOString());
  const jpeg = await noiseJpeg(bytes);
  await services.attachments.importFile('sync-work', actor, { requestId: request.id, documentCode: SYNC_DOCUMENT, name: 'scan.jpg', content: jpeg.toString('base64') });
  const { attachment } = await services.attachments.attach(actor, { requestId: request.id, documentCode: SYNC_DOCUMENT, name: 'Құжаттар.pdf' });
  services.requests.register(actor, { requestId: request.id });
  return { requestId: request.id, sha256: attachment.sha256, size: attachment.size };
}

/**
 * The changes one new request makes on a workstation, as its change log would carry them, for clients
 * that speak to the server without an app (the concurrency test, the 200-workstation benchmark): the
 * draft, then `events` history events each followed by the request's snapshot. The chain is consistent
 * (seq, prevHash) as the server checks it; the hashes are random, as the server does not recompute them.
 */
export function syntheticRequest(workstationId: string, firstSeq: number, events = 2): SyncChange[] {
  const requestId = randomUUID();
  const at = new Date().toISOString();
  const change = (seq: number, entity: string, entityId: string, op: SyncChange['op'], data: Record<string, unknown>): SyncChange => ({
    changeId: randomUUID(),
    seq,
    entity,
    entityId,
    op,
    data,
    at,
    workstationId,
    actorId: null,
  });
  const snapshot = (head: { seq: number; hash: string } | null, state: string) => ({
    id: requestId,
    service: SYNC_SERVICE,
    state,
    applicant: { kind: 'person', id: '900101300017', name: 'Омарова Әсем' },
    term: null,
    head,
    createdAt: at,
    updatedAt: at,
    workstationId,
  });
  const changes = [change(firstSeq, 'request', requestId, 'insert', snapshot(null, 'draft'))];
  let prevHash = GENESIS_HASH;
  const states = ['registered', 'assigned', 'in_review', 'result_ready'];
  for (let seq = 1; seq <= events; seq += 1) {
    const hash = randomBytes(32).toString('hex');
    const to = states[(seq - 1) % states.length]!;
    changes.push(change(firstSeq + changes.length, 'request_event', randomUUID(), 'insert', { requestId, seq, action: 'register', from: 'draft', to, at, prevHash, hash }));
    changes.push(change(firstSeq + changes.length, 'request', requestId, 'update', snapshot({ seq, hash }, to)));
    prevHash = hash;
  }
  return changes;
}
