// The request store with 100,000 requests in the workstation's SQLite database (QYZMET_BENCH_REQUESTS
// to change): the queue's first page with a filter and a sort, full-text search, one state transition
// with its history event and change-log rows, all through the request store as the main process runs it.
// Targets (issue "requests"): queue page p95 ≤ 30 ms, full-text search p95 ≤ 20 ms, transition p95 ≤ 2 ms.
//
// The requests are generated in one transaction straight into the tables (ten services of the
// catalogue, synthetic applicants of the national generator, states from drafts to issued, deadlines
// on the working-day calendar, hash-chained histories made by the lifecycle), not through the store's
// checks; the change log is not filled for them. Results and refusals in the generated histories carry
// the reference "synthetic-not-a-signature": benchmark data only, never produced by the product.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Role } from '../../src/shared/domain/roles';
import { CATALOGUE, deadlineFor, documentsFor, type CatalogueService } from '../../src/shared/catalogue';
import { transition, type ActionName, type HistoryEvent, type RequestState } from '../../src/shared/requests/lifecycle';
import { formatRequestNumber } from '../../src/shared/requests/numbers';
import { foldName } from '../../src/shared/registry';
import { personAt } from '../../src/server/national/generator';
import { DEFAULT_SEED } from '../../src/server/national/seed';
import { newId } from '../../src/main/ids';
import { createServices } from '../../src/main/services/services';
import type { RequestActor } from '../../src/main/services/requests';
import { sha256 } from '../../src/main/services/requests';
import { atRiskFrom, localYear } from '../../src/main/services/request-timing';
import { figure, measure, report } from './stats';

const REQUESTS = Number(process.env.QYZMET_BENCH_REQUESTS ?? 100_000);
const APPLICANTS = Math.max(100, Math.round(REQUESTS / 3));
/** Monday 15 June 2026, 11:00 in Almaty. */
const NOW = Date.parse('2026-06-15T06:00:00Z');
const DAY = 86_400_000;

/** A small deterministic PRNG, so that every run generates the same data. */
function rng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How generated requests end up: a path of lifecycle actions from the draft. */
const PATHS: Array<{ weight: number; actions: ActionName[] }> = [
  { weight: 3, actions: [] },
  { weight: 1, actions: ['discard'] },
  { weight: 12, actions: ['register'] },
  { weight: 12, actions: ['register', 'assign', 'take_into_review'] },
  { weight: 3, actions: ['register', 'assign', 'take_into_review', 'return_for_correction'] },
  { weight: 4, actions: ['register', 'assign', 'take_into_review', 'mark_result_ready'] },
  { weight: 55, actions: ['register', 'assign', 'take_into_review', 'mark_result_ready', 'issue'] },
  { weight: 6, actions: ['register', 'assign', 'take_into_review', 'refuse'] },
  { weight: 4, actions: ['register', 'withdraw'] },
];
const PATH_TOTAL = PATHS.reduce((sum, entry) => sum + entry.weight, 0);

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-bench-requests-'));
  let now = NOW;
  const services = createServices(dataDir, { now: () => new Date(now) });
  const { db, requests: store } = services;
  const calendar = services.calendar.calendar;
  const workstationId = services.settings.workstationId;

  // Staff: case officers of every area and two signers.
  const staff: Array<RequestActor & { fullName: string }> = [];
  const insertStaff = db.prepare(
    `INSERT INTO staff (id, iin, full_name, roles, password_hash, active, created_at, updated_at) VALUES (?, ?, ?, ?, 'x', 1, ?, ?)`,
  );
  const roleSets: Role[][] = [['registrar'], ['registrar'], ['social_officer'], ['social_officer'], ['archivist'], ['licensing_officer'], ['authorised_signer'], ['authorised_signer']];
  roleSets.forEach((roles, i) => {
    const person = personAt({ seed: DEFAULT_SEED, index: 900_000 + i });
    const member = { staffId: newId(), iin: person.iin, roles, fullName: `${person.surname} ${person.name}` };
    insertStaff.run(member.staffId, member.iin, member.fullName, JSON.stringify(roles), new Date(NOW).toISOString(), new Date(NOW).toISOString());
    staff.push(member);
  });
  const handlersOf = (service: CatalogueService) => staff.filter((member) => member.roles.some((role) => service.roles.includes(role)));
  const signer = staff.find((member) => member.roles.includes('authorised_signer')) as RequestActor;
  const social = staff.find((member) => member.roles.includes('social_officer')) as RequestActor;
  const registrar = staff.find((member) => member.roles.includes('registrar')) as RequestActor;

  // ---- generate ----
  let started = Date.now();
  const random = rng(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const people = Array.from({ length: APPLICANTS }, (_, index) => {
    const person = personAt({ seed: DEFAULT_SEED, index });
    const name = [person.surname, person.name, person.patronymic].filter(Boolean).join(' ');
    return { iin: person.iin, name, folded: foldName(name) };
  });
  const workstationCode = store.numbers.workstationCode();
  const insertRequest = db.prepare(
    `INSERT INTO requests (id, number, service_code, operation, channel, state, applicant_kind, applicant_id, applicant_name,
       applicant_folded, form, documents, payment_ref, deadline_kind, deadline_value, deadline, at_risk_from, assignee_id,
       refusal_ground, created_at, created_by, received_at, registered_at, completed_at, updated_at, workstation_id, head_seq, head_hash)
     VALUES (@id, @number, @service_code, @operation, @channel, @state, 'person', @applicant_id, @applicant_name,
       @applicant_folded, '{}', '{}', @payment_ref, @deadline_kind, @deadline_value, @deadline, @at_risk_from, @assignee_id,
       @refusal_ground, @created_at, @created_by, @received_at, @registered_at, @completed_at, @updated_at, @workstation_id, @head_seq, @head_hash)`,
  );
  const insertEvent = db.prepare(
    `INSERT INTO request_history (id, request_id, seq, action, from_state, to_state, actor_id, actor_iin, workstation_id,
       at, reason, data, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let sequence = 0;
  let events = 0;
  // A large page cache while generating only; the measurements below run with the app's own settings.
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.pragma('cache_size = -256000');
  db.transaction(() => {
    for (let i = 0; i < REQUESTS; i += 1) {
      const service = pick(CATALOGUE);
      const channel = pick(service.channels);
      const operation = service.operations ? pick(service.operations).code : undefined;
      const applicant = pick(people);
      const handlers = handlersOf(service);
      const officer = pick(handlers);
      // Received in working hours over the last 120 days, the newest the most often still open.
      const roll = random() * PATH_TOTAL;
      let acc = 0;
      const route = PATHS.find((entry) => (acc += entry.weight) > roll) as (typeof PATHS)[number];
      const open = route.actions.length < 4 && route.actions[1] !== 'withdraw';
      const daysAgo = open ? Math.floor(random() * 20) : 1 + Math.floor(random() * 120);
      const createdMs = NOW - daysAgo * DAY - Math.floor(random() * 8 * 3_600_000);
      const created = new Date(createdMs).toISOString();
      const deadline = deadlineFor(service, { channel, ...(operation ? { operation } : {}) });
      const term = deadline.kind === 'by_standard' ? { kind: 'working_days' as const, value: deadline.defaultWorkingDays ?? 5 } : deadline;
      let state: RequestState = 'draft';
      let head: { seq: number; hash: string } | null = null;
      const row = {
        id: newId(),
        number: null as string | null,
        service_code: service.code,
        operation: operation ?? null,
        channel,
        state: state as RequestState,
        applicant_id: applicant.iin,
        applicant_name: applicant.name,
        applicant_folded: applicant.folded,
        payment_ref: service.payment.required ? `PAY-${i}` : null,
        deadline_kind: null as string | null,
        deadline_value: null as number | null,
        deadline: null as string | null,
        at_risk_from: null as string | null,
        assignee_id: null as string | null,
        refusal_ground: null as string | null,
        created_at: created,
        created_by: officer.staffId,
        received_at: created,
        registered_at: null as string | null,
        completed_at: null as string | null,
        updated_at: created,
        workstation_id: workstationId,
        head_seq: 0,
        head_hash: null as string | null,
      };
      const history: HistoryEvent[] = [];
      let atMs = createdMs;
      for (const action of route.actions) {
        atMs += action === 'register' ? 60_000 : Math.floor(random() * 2 * 3_600_000);
        const at = new Date(Math.min(atMs, NOW - 60_000)).toISOString();
        const actor = action === 'mark_result_ready' || action === 'refuse' ? signer : officer;
        const context = {
          actor: { staffId: actor.staffId, iin: actor.iin, roles: actor.roles },
          workstationId,
          at,
          ...(action === 'register' ? { number: formatRequestNumber({ provider: '', year: localYear(Date.parse(at)), workstation: workstationCode, sequence: (sequence += 1) }) } : {}),
          ...(row.payment_ref ? { paymentRef: row.payment_ref } : {}),
          ...(['discard', 'return_for_correction', 'refuse', 'withdraw'].includes(action) ? { reason: 'Синтетикалық дерек' } : {}),
          ...(action === 'refuse' ? { refusalGround: 'documents_invalid', signatureRef: 'synthetic-not-a-signature' } : {}),
          ...(action === 'mark_result_ready' ? { signatureRef: 'synthetic-not-a-signature' } : {}),
          ...(action === 'assign' ? { assigneeId: officer.staffId } : {}),
        };
        const result = transition({ id: row.id, state, paymentRequired: service.payment.required, deadline: row.deadline, assigneeId: row.assignee_id, head }, action, context, sha256);
        if (!result.ok) throw new Error(`generator: ${action} from ${state}: ${result.error.code}`);
        history.push(result.event);
        state = result.next;
        head = { seq: result.event.seq, hash: result.event.hash };
        if (result.changes.number) {
          row.number = result.changes.number;
          row.registered_at = at;
          row.received_at = at;
          const computed = calendar.deadlineFor(at, term);
          if (!computed.ok) throw new Error(`generator: deadline ${computed.error.code}`);
          row.deadline_kind = term.kind;
          row.deadline_value = term.value;
          row.deadline = computed.value;
          row.at_risk_from = atRiskFrom(calendar, term, at, computed.value);
        }
        if (result.changes.assigneeId) row.assignee_id = result.changes.assigneeId;
        if (['result_ready', 'refused', 'withdrawn'].includes(state) && !row.completed_at) row.completed_at = at;
        if (action === 'refuse') row.refusal_ground = 'documents_invalid';
        row.updated_at = at;
      }
      row.state = state;
      row.head_seq = head?.seq ?? 0;
      row.head_hash = head?.hash ?? null;
      insertRequest.run(row);
      for (const event of history) {
        insertEvent.run(newId(), event.requestId, event.seq, event.action, event.from, event.to, event.actorId, event.actorIin, event.workstationId, event.at, event.reason ?? null, event.data ? JSON.stringify(event.data) : null, event.prevHash, event.hash);
        events += 1;
      }
    }
    db.prepare(`INSERT INTO request_number_seq (year, workstation_code, last) VALUES (2026, ?, ?)`).run(workstationCode, sequence);
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma(`cache_size = ${cacheSize}`);
  figure(`generate ${REQUESTS} requests (${events} history events, one transaction)`, `${((Date.now() - started) / 1000).toFixed(1)} s`);
  figure('database file', `${Math.round(fs.statSync(path.join(dataDir, 'qyzmet.sqlite')).size / 2 ** 20)} MiB (+ WAL)`);

  const counts = store.counters(signer);
  figure('requests by state', Object.entries(counts.byState).map(([state, n]) => `${state} ${n}`).join(', '));
  figure('open requests at risk / overdue', `${counts.atRisk} / ${counts.overdue}`);

  // ---- measure ----
  const base = { offset: 0, limit: 100 } as const;
  const OPEN: RequestState[] = ['registered', 'in_review', 'returned_for_correction'];
  for (let i = 0; i < 50; i += 1) store.queue(signer, { ...base, sort: 'deadline', direction: 'asc', states: OPEN });

  report('queue: open requests by deadline (signer, all services)', await measure(300, () => store.queue(signer, { ...base, states: OPEN, sort: 'deadline', direction: 'asc' })), { p95: 30 });
  report('queue: social officer, at risk or overdue, by deadline', await measure(300, () => store.queue(social, { ...base, deadline: 'at_risk_or_overdue', sort: 'deadline', direction: 'asc' })), { p95: 30 });
  report('queue: registrar, in review, newest first', await measure(300, () => store.queue(registrar, { ...base, states: ['in_review'], sort: 'received', direction: 'desc' })), { p95: 30 });
  report('queue: one service, walk-in, by applicant', await measure(300, (i) => store.queue(signer, { ...base, services: [CATALOGUE[i % CATALOGUE.length]!.code], channels: ['walk_in'], sort: 'applicant', direction: 'asc' })), { p95: 30 });
  report('queue: all requests, newest first (no filter)', await measure(300, () => store.queue(signer, { ...base, sort: 'received', direction: 'desc' })), { p95: 30 });
  report('queue: page at offset 50,000 (no filter)', await measure(100, () => store.queue(signer, { ...base, offset: 50_000, sort: 'received', direction: 'desc' })));
  report('counters per state, at risk, overdue, mine (signer)', await measure(100, () => store.counters(signer)));

  const sample = (i: number) => people[(i * 7919) % people.length]!;
  report('search: surname prefix (5 letters), newest first', await measure(500, (i) => store.queue(signer, { ...base, search: sample(i).folded.slice(0, 5), sort: 'received', direction: 'desc' })), { p95: 20 });
  report('search: surname and name, Kazakh letters folded', await measure(500, (i) => store.queue(signer, { ...base, search: sample(i).name.split(' ').slice(0, 2).join(' '), sort: 'received', direction: 'desc' })), { p95: 20 });
  report('search: IIN', await measure(500, (i) => store.queue(signer, { ...base, search: sample(i).iin, sort: 'received', direction: 'desc' })), { p95: 20 });
  const numbers = db.prepare(`SELECT number FROM requests WHERE number IS NOT NULL ORDER BY rid LIMIT 1000`).pluck().all() as string[];
  report('search: request number', await measure(500, (i) => store.queue(signer, { ...base, search: numbers[i % numbers.length] as string, sort: 'received', direction: 'desc' })), { p95: 20 });
  report('status look-up by IIN', await measure(500, (i) => store.statusLookup(registrar, sample(i).iin)));

  // Transitions: distinct registered requests taken into review, then put back for correction, as the counter does.
  const registered = db.prepare(`SELECT id, service_code FROM requests WHERE state = 'registered' ORDER BY rid LIMIT 2000`).all() as Array<{ id: string; service_code: string }>;
  const officerFor = (code: string) => {
    const service = CATALOGUE.find((entry) => entry.code === code) as CatalogueService;
    return handlersOf(service)[0] as RequestActor;
  };
  for (let i = 0; i < 50; i += 1) {
    const target = registered.pop() as { id: string; service_code: string };
    store.transition(officerFor(target.service_code), { requestId: target.id, action: 'take_into_review' });
  }
  const changeLogBefore = db.prepare(`SELECT count(*) FROM change_log`).pluck().get() as number;
  const targets = registered.slice(0, 1_000);
  report(
    'transition (take into review) + history + change log',
    await measure(targets.length, (i) => {
      now += 1_000;
      const target = targets[i] as { id: string; service_code: string };
      return store.transition(officerFor(target.service_code), { requestId: target.id, action: 'take_into_review' });
    }),
    { p95: 2 },
  );
  const logged = (db.prepare(`SELECT count(*) FROM change_log`).pluck().get() as number) - changeLogBefore;
  figure('change-log rows written by those transitions', `${logged} (2 per transition)`);
  // Drafts with their documents marked as presented, registered by an officer of their service.
  const drafts = (db.prepare(`SELECT id, service_code, channel, payment_ref FROM requests WHERE state = 'draft' ORDER BY rid LIMIT 300`).all() as Array<{
    id: string;
    service_code: string;
    channel: CatalogueService['channels'][number];
    payment_ref: string | null;
  }>).map((draft) => {
    const service = CATALOGUE.find((entry) => entry.code === draft.service_code) as CatalogueService;
    const documents = Object.fromEntries(documentsFor(service, draft.channel).map(({ document }) => [document.code, { presented: true }]));
    db.prepare(`UPDATE requests SET documents = ? WHERE id = ?`).run(JSON.stringify(documents), draft.id);
    return { ...draft, actor: officerFor(draft.service_code) };
  });
  report(
    'register a draft (number, deadline, history, change log)',
    await measure(drafts.length, (i) => {
      now += 1_000;
      const draft = drafts[i] as (typeof drafts)[number];
      return store.register(draft.actor, { requestId: draft.id, ...(draft.payment_ref ? { paymentRef: draft.payment_ref } : {}) });
    }),
    { p95: 2 },
  );

  started = Date.now();
  const verified = store.verify();
  figure(`verify every history chain (${verified.requests} requests, ${verified.events} events)`, `${((Date.now() - started) / 1000).toFixed(2)} s, ${verified.ok ? 'intact' : 'BROKEN'}`);
  db.close();
  // QYZMET_BENCH_KEEP=1 keeps the database for a look at query plans.
  if (process.env.QYZMET_BENCH_KEEP === '1') figure('database kept in', dataDir);
  else fs.rmSync(dataDir, { recursive: true, force: true });
  figure('memory (rss at end)', `${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
