// The request store: numbers, change log, hash-chained history, deadlines on the working-day
// calendar, the queue, status look-ups, the questionnaire, roles and form validation, and the
// employee's real signature on a registration at the counter (tests/helpers/desk-signing.ts).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/shared/domain/roles';
import { createChangeLog } from '../../src/main/db/change-log';
import { newId } from '../../src/main/ids';
import { hashPassword } from '../../src/main/services/passwords';
import { createRequestStore, type RequestActor } from '../../src/main/services/requests';
import type { RequestDetail } from '../../src/shared/requests/api';
import {
  checkCharacter,
  formatRequestNumber,
  NUMBER_ALPHABET,
  parseRequestNumber,
  workstationCodeFromId,
} from '../../src/shared/requests/numbers';
import { createDeskSigning, type Decision, type RegistrationInput } from '../helpers/desk-signing';
import { makeIin } from '../helpers/iin';
import { connect, ManualClock, startApp, type Client } from '../helpers/workstation';

const PASSWORD = 'password-1';
/** Monday 2 March 2026, 09:00 in Almaty. */
const MONDAY = '2026-03-02T04:00:00Z';
const NUMBER_PATTERN = /^LOCAL-26-[0-9A-HJKMNP-TV-Z]{5}-\d{5}-[0-9A-HJKMNP-TV-Z]$/;

let passwordHash: string;
beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});

let serial = 100;

/** The staff of every desk: the same people (IINs) on each, so their certificates are made once. */
const STAFF = {
  social: { fullName: 'Айгүл Сапарова', roles: ['social_officer'], iin: makeIin('1985-04-12', 'female', 10) },
  registrar: { fullName: 'Дәулет Омаров', roles: ['registrar'], iin: makeIin('1985-04-12', 'male', 20) },
  signer: { fullName: 'Серік Ахметов', roles: ['authorised_signer'], iin: makeIin('1985-04-12', 'male', 30) },
  archivist: { fullName: 'Мәдина Қасымова', roles: ['archivist'], iin: makeIin('1985-04-12', 'female', 40) },
} satisfies Record<string, { fullName: string; roles: Role[]; iin: string }>;

// Real signatures (walk-in registrations, results, refusals): certificates valid over every desk's clock.
const signing = createDeskSigning({ notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2026-12-31T00:00:00Z') });
beforeAll(() => signing.prepare(Object.values(STAFF)), 60_000);

/** A workstation with staff put straight into its database (STAFF and any added), and people in its registry cache. */
function desk(start = MONDAY) {
  const clock = new ManualClock(new Date(start));
  const started = startApp(undefined, clock);
  const services = started.app.services!;
  const { db } = services;
  const store = services.requests;

  const addStaff = (fullName: string, roles: Role[], iin = makeIin('1985-04-12', 'female', (serial += 1))): RequestActor => {
    const id = newId();
    db.prepare(
      `INSERT INTO staff (id, iin, full_name, roles, password_hash, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)`,
    ).run(id, iin, fullName, JSON.stringify(roles), 'set when signing in', MONDAY, MONDAY);
    return { staffId: id, iin, roles };
  };

  const person = (surname: string, name: string, birth = '1990-05-17', sex: 'male' | 'female' = 'female'): string => {
    const iin = makeIin(birth, sex, (serial += 1));
    const record = {
      iin,
      surname,
      name,
      patronymic: null,
      birthDate: birth,
      sex,
      citizenship: 'KZ',
      address: { region: 'Павлодар облысы', city: 'Екібастұз', street: 'Мәшһүр Жүсіп', house: '12', flat: null },
      document: { type: 'id_card', number: '041234567', issuedOn: '2015-01-01', issuer: 'ІІМ' },
      deathDate: null,
    };
    db.prepare(`INSERT INTO registry_cache (system, subject, answer, answered_at, stored_at) VALUES ('individuals', ?, ?, ?, ?)`).run(
      iin,
      JSON.stringify(record),
      clock.now().toISOString(),
      clock.now().toISOString(),
    );
    return iin;
  };

  const social = addStaff(STAFF.social.fullName, STAFF.social.roles, STAFF.social.iin);
  const registrar = addStaff(STAFF.registrar.fullName, STAFF.registrar.roles, STAFF.registrar.iin);
  const signer = addStaff(STAFF.signer.fullName, STAFF.signer.roles, STAFF.signer.iin);
  const archivist = addStaff(STAFF.archivist.fullName, STAFF.archivist.roles, STAFF.archivist.iin);

  /** Registers a walk-in request as the counter does: the employee signs the registration first. */
  const registerAtCounter = (actor: RequestActor, input: RegistrationInput) => signing.registerAtCounter(started, actor, input);
  /** A real signature by the actor over a decision (its reference), made by this desk's signing service. */
  const sign = (actor: RequestActor, decision: Decision) => signing.sign(started, actor, decision);
  const keyFor = (actor: RequestActor) => signing.keyFor(started, actor);

  const unemployedDraft = (iin: string, channel: 'walk_in' | 'service_centre' = 'walk_in', actor = social) =>
    store.createDraft(actor, {
      service: 'social.unemployed-certificate',
      channel,
      applicant: { kind: 'person', iin },
      form: { periodFrom: '2026-01-05' },
      documents: { standard_documents: { presented: true, presentation: 'original' } },
    });
  /** At the counter signed by the employee; through a public service centre it arrives signed by the centre. */
  const unemployed = async (iin: string, channel: 'walk_in' | 'service_centre' = 'walk_in'): Promise<RequestDetail> => {
    const requestId = unemployedDraft(iin, channel).id;
    return channel === 'walk_in' ? registerAtCounter(social, { requestId }) : store.register(social, { requestId });
  };
  const attachment = (iin: string) =>
    registerAtCounter(registrar, {
      requestId: store.createDraft(registrar, {
        service: 'phc.attachment',
        channel: 'walk_in',
        applicant: { kind: 'person', iin },
        form: {
          attachmentReason: 'change_of_residence',
          address: { region: 'Павлодар облысы', city: 'Екібастұз', street: 'Абай', house: '5', flat: '12' },
        },
        documents: { identity_document: { presented: true } },
      }).id,
    });

  const count = (sql: string, ...params: unknown[]) => db.prepare(sql).pluck().get(...params) as number;
  return {
    ...started,
    clock,
    services,
    db,
    store,
    addStaff,
    person,
    social,
    registrar,
    signer,
    archivist,
    registerAtCounter,
    sign,
    keyFor,
    unemployedDraft,
    unemployed,
    attachment,
    count,
  };
}

/** Signs a staff member in on their own connection (through the dispatcher, as a UI would). */
async function signedIn(app: ReturnType<typeof desk>['app'], actor: RequestActor) {
  app.services!.db.prepare(`UPDATE staff SET password_hash = ? WHERE id = ?`).run(passwordHash, actor.staffId);
  const client = connect(app);
  await client.call('auth.signIn', { iin: actor.iin, password: PASSWORD });
  return client;
}

/** Registers at the counter as the UI does: `signing.sign` (action register) with the employee's key file, then `requests.register`. */
async function registerSigned(d: ReturnType<typeof desk>, client: Client, actor: RequestActor, input: RegistrationInput) {
  const { key, pin } = await d.keyFor(actor);
  const { signatureRef } = await client.call('signing.sign', { ...input, action: 'register', key, pin });
  return client.call('requests.register', { ...input, signatureRef });
}

describe('request numbers', () => {
  it('are formatted from provider, year, workstation and sequence, with a check character', () => {
    const number = formatRequestNumber({ provider: 'PMSP-07', year: 2026, workstation: 'K7QM4', sequence: 42 });
    expect(number).toMatch(/^PMSP07-26-K7QM4-00042-[0-9A-HJKMNP-TV-Z]$/);
    expect(parseRequestNumber(number)).toMatchObject({ ok: true, number });
    // As a person types it back: lower case, spaces, Cyrillic look-alikes (К, М), O for 0.
    const typed = number.toLowerCase().replace(/-/g, ' ').replace('k', 'К').replace('m', 'м').replace('00042', 'OO042');
    expect(parseRequestNumber(typed)).toMatchObject({ ok: true, number });
  });

  it('catch every single wrong character and every swap of neighbours', () => {
    const payload = '26K7QM400042';
    const check = checkCharacter(payload);
    for (let i = 0; i < payload.length; i += 1) {
      for (const letter of NUMBER_ALPHABET) {
        if (letter === payload[i]) continue;
        const changed = payload.slice(0, i) + letter + payload.slice(i + 1);
        expect(checkCharacter(changed)).not.toBe(check);
      }
      if (i + 1 < payload.length && payload[i] !== payload[i + 1]) {
        const swapped = payload.slice(0, i) + payload[i + 1] + payload[i] + payload.slice(i + 2);
        expect(checkCharacter(swapped)).not.toBe(check);
      }
    }
    const good = formatRequestNumber({ provider: 'X', year: 2026, workstation: 'K7QM4', sequence: 42 });
    expect(parseRequestNumber(good.replace('00042', '00043'))).toEqual({ ok: false, problem: 'check' });
    expect(parseRequestNumber('Әсел')).toEqual({ ok: false, problem: 'shape' });
  });

  it('never collide between two workstations registering offline', async () => {
    const a = desk();
    const b = desk();
    // At the counter (signed) and from a public service centre in turn: one sequence per workstation.
    const numbers = async (side: ReturnType<typeof desk>) => {
      const iin = side.person('Тестова', 'Алия');
      const registered: string[] = [];
      for (let i = 0; i < 25; i += 1) registered.push((await side.unemployed(iin, i % 2 === 0 ? 'walk_in' : 'service_centre')).number as string);
      return registered;
    };
    const fromA = await numbers(a);
    const fromB = await numbers(b);
    const codeA = a.store.numbers.workstationCode();
    const codeB = b.store.numbers.workstationCode();
    expect(codeA).toBe(workstationCodeFromId(a.services.settings.workstationId));
    expect(codeA).not.toBe(codeB);
    for (const number of [...fromA, ...fromB]) expect(number).toMatch(NUMBER_PATTERN);
    expect(new Set([...fromA, ...fromB]).size).toBe(50);
    expect(fromA[0]).toContain(`-${codeA}-00001-`);
    expect(fromA[24]).toContain(`-${codeA}-00025-`);
    expect(fromB[0]).toContain(`-${codeB}-00001-`);
    a.app.close();
    b.app.close();
  }, 20_000);
});

describe('change log and history', () => {
  it('logs every change in the transaction that makes it, and nothing of a change that fails', async () => {
    const d = desk();
    const iin = d.person('Сейтова', 'Гүлмира');
    const log = () => d.count(`SELECT count(*) FROM change_log`);
    const before = log();
    const draft = d.unemployedDraft(iin);
    expect(log()).toBe(before + 1);
    // Signing alone writes nothing to the change log: the signature is recorded with the registration.
    const signatureRef = await d.sign(d.social, { requestId: draft.id, action: 'register' });
    expect(log()).toBe(before + 1);
    const registered = d.store.register(d.social, { requestId: draft.id, signatureRef });
    expect(log()).toBe(before + 4);
    const rows = d.db.prepare(`SELECT entity, entity_id, op, data FROM change_log ORDER BY seq DESC LIMIT 3`).all() as Array<{
      entity: string;
      entity_id: string;
      op: string;
      data: string;
    }>;
    expect(rows.map((row) => [row.entity, row.op])).toEqual([
      ['request', 'update'],
      ['request_event', 'insert'],
      ['signature', 'insert'],
    ]);
    expect(rows[2]).toMatchObject({ entity_id: signatureRef });
    const event = JSON.parse(rows[1]!.data) as { hash: string; requestId: string; action: string };
    expect(event).toMatchObject({ requestId: draft.id, action: 'register', hash: registered.history[0]!.hash });
    expect(JSON.parse(rows[0]!.data)).toMatchObject({ number: registered.number, state: 'registered' });

    // Refused by the lifecycle: nothing written.
    expect(() => d.store.transition(d.social, { requestId: draft.id, action: 'resubmit' })).toThrow('request_state');
    expect(log()).toBe(before + 4);

    // A failure after the history event was written (the change log refuses): all of it is undone.
    d.db.exec(`CREATE TRIGGER refuse_request_change BEFORE INSERT ON change_log WHEN new.entity = 'request'
               BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    const events = () => d.count(`SELECT count(*) FROM request_history`);
    const eventsBefore = events();
    expect(() => d.store.take(d.social, draft.id)).toThrow('injected failure');
    expect(events()).toBe(eventsBefore);
    expect(log()).toBe(before + 4);
    expect(d.store.get(d.social, draft.id)).toMatchObject({ state: 'registered', assignee: null });
    // A registration that fails gives its number back, and its signature is not kept.
    d.db.exec(`DROP TRIGGER refuse_request_change`);
    const second = d.unemployedDraft(iin);
    const secondDraftLog = log();
    d.db.exec(`CREATE TRIGGER refuse_request_change BEFORE INSERT ON change_log WHEN new.entity = 'request'
               BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    const failedSignature = await d.sign(d.social, { requestId: second.id, action: 'register' });
    expect(() => d.store.register(d.social, { requestId: second.id, signatureRef: failedSignature })).toThrow('injected failure');
    d.db.exec(`DROP TRIGGER refuse_request_change`);
    expect(log()).toBe(secondDraftLog);
    expect(d.services.signing.signatures(second.id)).toEqual([]);
    // Dropped with the failed transition: it cannot be used again; a new signature registers it.
    expect(() => d.store.register(d.social, { requestId: second.id, signatureRef: failedSignature })).toThrow('signature_required');
    expect((await d.registerAtCounter(d.social, { requestId: second.id })).number).toContain('-00002-');
    d.app.close();
  });

  it('keeps the history append-only and finds a tampered or cut-off entry; the CLI exits 1 naming it', async () => {
    const d = desk();
    const iin = d.person('Жақсыбекова', 'Әсем');
    const first = await d.unemployed(iin);
    const taken = d.store.take(d.social, first.id);
    expect(taken.history.map((event) => event.action)).toEqual(['register', 'assign', 'take_into_review']);
    expect(taken.history[1]).toMatchObject({ actorId: d.social.staffId, actorIin: d.social.iin, actorName: 'Айгүл Сапарова' });
    expect(taken.history.every((event) => event.workstationId === d.services.settings.workstationId)).toBe(true);
    const second = await d.unemployed(iin);
    expect(d.store.verify()).toEqual({ ok: true, requests: 2, events: 4, broken: [] });

    expect(() => d.db.prepare(`UPDATE request_history SET reason = 'x'`).run()).toThrow(/append-only/);
    expect(() => d.db.prepare(`DELETE FROM request_history`).run()).toThrow(/append-only/);

    d.db.exec(`DROP TRIGGER request_history_no_update; DROP TRIGGER request_history_no_delete`);
    d.db.prepare(`UPDATE request_history SET actor_iin = '000000000000' WHERE request_id = ? AND seq = 2`).run(first.id);
    d.db.prepare(`DELETE FROM request_history WHERE request_id = ?`).run(second.id);
    const report = d.store.verify();
    expect(report.ok).toBe(false);
    expect(report.broken).toEqual(
      expect.arrayContaining([
        { requestId: first.id, number: first.number, firstBadSeq: 2, reason: 'hash_mismatch' },
        { requestId: second.id, number: second.number, firstBadSeq: 1, reason: 'head_mismatch' },
      ]),
    );
    expect(d.store.get(d.social, first.id).historyIntact).toBe(false);

    // The administrator's API method says the same.
    const admin = d.addStaff('Әкімші', ['administrator']);
    expect(await (await signedIn(d.app, admin)).call('requests.verify')).toMatchObject({ ok: false, requests: 2 });
    d.app.close();

    const root = path.resolve(__dirname, '../..');
    fs.mkdirSync(path.join(root, '.tmp'), { recursive: true });
    const outdir = fs.mkdtempSync(path.join(root, '.tmp', 'requests-cli-'));
    try {
      const cli = path.join(outdir, 'cli.cjs');
      await build({
        absWorkingDir: root,
        entryPoints: ['src/main/cli.ts'],
        outfile: cli,
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        packages: 'external',
        logLevel: 'warning',
      });
      const run = (...args: string[]) =>
        spawnSync(process.execPath, [cli, 'requests', 'verify', ...args], {
          env: { ...process.env, QYZMET_DATA_DIR: d.dataDir },
          encoding: 'utf8',
        });
      const text = run();
      expect(text.status).toBe(1);
      expect(text.stdout).toContain(`request ${first.number}`);
      expect(text.stdout).toContain('hash_mismatch');
      const json = run('--json');
      expect(json.status).toBe(1);
      expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, requests: 2, broken: expect.any(Array) });
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('deadlines on the working-day calendar', () => {
  it('count working days past holidays and moved days off', async () => {
    // Friday 6 March 2026: 7–8 March weekend, 8 March (a Sunday) moved to Monday 9 → end of Tuesday 10 March.
    const march = desk('2026-03-06T05:00:00Z');
    const friday = await march.attachment(march.person('Нұрланова', 'Сәуле'));
    expect(friday.deadline).toMatchObject({ at: '2026-03-10T13:00:00.000Z', term: { kind: 'working_days', value: 1 }, state: 'on_time' });
    march.app.close();

    // Friday 20 March: Nauryz 21–23 March, 21 and 22 (weekend) moved to 24 and 25 → end of Thursday 26 March.
    const nauryz = desk('2026-03-20T05:00:00Z');
    const beforeNauryz = await nauryz.attachment(nauryz.person('Бекова', 'Жанар'));
    expect(beforeNauryz.deadline.at).toBe('2026-03-26T13:00:00.000Z');
    nauryz.app.close();

    const monday = desk();
    const iin = monday.person('Оспанова', 'Дина');
    // The certificate: 10 minutes at the counter, 3 working days through a public service centre.
    expect((await monday.unemployed(iin)).deadline).toMatchObject({ at: '2026-03-02T04:10:00.000Z', term: { kind: 'minutes', value: 10 } });
    expect((await monday.unemployed(iin, 'service_centre')).deadline.at).toBe('2026-03-05T13:00:00.000Z');
    // 10 working days from Monday 2 March, Monday 9 March off: Tuesday 17 March.
    const children = await monday.registerAtCounter(monday.social, {
      requestId: monday.store.createDraft(monday.social, {
        service: 'social.disabled-children',
        channel: 'walk_in',
        applicant: { kind: 'person', iin },
        form: { childIin: makeIin('2015-06-01', 'male', 7), relationship: 'parent', school: '№ 5 мектеп' },
        documents: { standard_documents: { presented: true } },
      }).id,
    });
    expect(children.deadline.at).toBe('2026-03-17T13:00:00.000Z');
    monday.app.close();
  });

  it('show at risk and overdue as the clock moves, the same in the queue and as the calendar says', async () => {
    const d = desk('2026-03-20T05:00:00Z');
    const request = await d.attachment(d.person('Төлеуова', 'Әйгерім'));
    // Ten working days from Friday 20 March, Nauryz off: Wednesday 8 April.
    const longer = await d.registerAtCounter(d.social, {
      requestId: d.store.createDraft(d.social, {
        service: 'social.disabled-children',
        channel: 'walk_in',
        applicant: { kind: 'person', iin: d.person('Бекенова', 'Ақмарал') },
        form: { childIin: makeIin('2016-09-01', 'female', 3), relationship: 'guardian', school: 'Гимназия № 2' },
        documents: { standard_documents: { presented: true } },
      }).id,
    });
    expect(longer.deadline.at).toBe('2026-04-08T13:00:00.000Z');
    // Three working days through a public service centre, extended to a Saturday noon.
    const extended = d.store.transition(d.social, {
      requestId: (await d.unemployed(d.person('Омарова', 'Гүлжан'), 'service_centre')).id,
      action: 'extend_term',
      reason: 'Қосымша құжат күтілуде',
      newDeadline: '2026-04-04T07:00:00Z',
    });
    const calendar = d.services.calendar.calendar;
    const state = () => d.store.get(d.registrar, request.id).deadline;
    const inQueue = (deadline: 'at_risk' | 'overdue') =>
      d.store.queue(d.registrar, { deadline, sort: 'deadline', direction: 'asc', offset: 0, limit: 10 }).rows.map((row) => row.id);

    // Friday 20 March: one working day after today (today is not counted), Thursday 26 March.
    expect(state()).toMatchObject({ state: 'on_time', workingDaysLeft: 1 });
    expect(inQueue('at_risk')).toEqual([]);
    // Saturday: still Thursday 26 March, the deadline's day, and no working day before it: at risk.
    d.clock.advanceMinutes(14 * 60);
    expect(state()).toMatchObject({ state: 'at_risk', workingDaysLeft: 1 });
    expect(inQueue('at_risk')).toEqual([request.id]);
    expect(d.store.counters(d.registrar)).toMatchObject({ atRisk: 1, overdue: 0, unassigned: 1, mine: 0 });
    // Every hour up to well past the deadlines: the stored at-risk moment agrees with the calendar.
    for (let hour = 0; hour < 20 * 24; hour += 1) {
      const now = d.clock.now().toISOString();
      for (const [actor, item] of [[d.registrar, request], [d.social, longer], [d.social, extended]] as const) {
        const expected = calendar.deadlineStatus(item.deadline.at as string, now);
        expect(expected.ok && expected.value.status).toBe(d.store.get(actor, item.id).deadline.state);
      }
      d.clock.advanceMinutes(60);
    }
    expect(state()).toMatchObject({ state: 'overdue' });
    expect(inQueue('overdue')).toEqual([request.id]);
    expect(inQueue('at_risk')).toEqual([]);
    expect(d.store.counters(d.registrar)).toMatchObject({ atRisk: 0, overdue: 1 });
    d.app.close();
  });

  it('flag a short term at risk for its last quarter, and a step that runs over its norm', async () => {
    const d = desk();
    const draft = d.unemployedDraft(d.person('Ахметова', 'Ләззат'));
    d.clock.advanceMinutes(3); // the registration norm at the counter is 1.5 minutes
    const registered = await d.registerAtCounter(d.social, { requestId: draft.id });
    expect(registered.steps[0]).toMatchObject({ step: 'register_request', elapsedMs: 180_000, exceeded: true, endedAt: registered.registeredAt });
    expect(registered.steps[1]).toMatchObject({ step: 'result', endedAt: null, exceeded: false, norm: { value: 10, unit: 'minutes' } });
    d.clock.advanceMinutes(7);
    expect(d.store.get(d.social, draft.id).deadline.state).toBe('on_time');
    d.clock.advanceMinutes(1);
    expect(d.store.get(d.social, draft.id).deadline).toMatchObject({ state: 'at_risk', msLeft: 120_000 });
    d.clock.advanceMinutes(3);
    const late = d.store.get(d.social, draft.id);
    expect(late.deadline).toMatchObject({ state: 'overdue', msLeft: -60_000 });
    expect(late.steps[1]).toMatchObject({ step: 'result', exceeded: true });
    d.app.close();
  });

  it('extend the term only to a later moment, and keep it from the standard until configured', async () => {
    const d = desk();
    const request = await d.unemployed(d.person('Сыздықова', 'Меруерт'), 'service_centre');
    const refused = () =>
      d.store.transition(d.social, { requestId: request.id, action: 'extend_term', reason: 'сұрау', newDeadline: '2026-03-04T13:00:00Z' });
    expect(refused).toThrow('invalid_input');
    const extended = d.store.transition(d.social, {
      requestId: request.id,
      action: 'extend_term',
      reason: 'Мұрағаттан қосымша мәлімет сұралды',
      newDeadline: '2026-03-10T13:00:00Z',
    });
    expect(extended.deadline).toMatchObject({ at: '2026-03-10T13:00:00.000Z', atRiskFrom: '2026-03-06T19:00:00.000Z', state: 'on_time' });
    expect(extended.history[1]).toMatchObject({
      action: 'extend_term',
      data: { newDeadline: '2026-03-10T13:00:00.000Z', previousDeadline: '2026-03-05T13:00:00.000Z' },
    });

    // The apostille's term is in the standard, not the text: none until an administrator sets it; paid first.
    const applicant = d.person('Кенжебаева', 'Айжан');
    const apostille = () =>
      d.store.createDraft(d.archivist, {
        service: 'archive.apostille',
        channel: 'walk_in',
        applicant: { kind: 'person', iin: applicant },
        form: { documentKind: 'archival_reference', issuingArchive: 'Павлодар облыстық мұрағаты', destinationCountry: 'Германия', copies: 1 },
        documents: { document_to_apostille: { presented: true }, standard_documents: { presented: true } },
      });
    const unpaid = apostille();
    expect(() => d.store.register(d.archivist, { requestId: unpaid.id })).toThrow('payment_required');
    const noTerm = await d.registerAtCounter(d.archivist, { requestId: unpaid.id, paymentRef: 'ЭҮТШ-2026-000123' });
    expect(noTerm.deadline).toMatchObject({ at: null, term: null, state: 'none' });
    const admin = d.addStaff('Әкімші', ['administrator']);
    const adminClient = await signedIn(d.app, admin);
    const terms = await adminClient.call('catalogue.setTerm', { service: 'archive.apostille', workingDays: 5 });
    expect(terms.find((entry) => entry.code === 'archive.apostille')?.terms[0]).toMatchObject({ term: { kind: 'working_days', value: 5 }, source: 'configured' });
    const withTerm = await d.registerAtCounter(d.archivist, { requestId: apostille().id, paymentRef: 'ЭҮТШ-2026-000124' });
    expect(withTerm.deadline).toMatchObject({ at: '2026-03-10T13:00:00.000Z', term: { kind: 'working_days', value: 5 } });
    d.app.close();
  });
});

describe('the queue', () => {
  const d = desk();
  const asel = d.person('Нұрланқызы', 'Әсел');
  const asel2 = d.person('Иванова', 'Асель');
  const bauyrzhan = d.person('Серікұлы', 'Бауыржан', '1988-02-02', 'male');
  const ainur = d.person('Қайратқызы', 'Айнұр');
  let r1: RequestDetail;
  let r2: RequestDetail;
  let draft: RequestDetail;
  let r3: RequestDetail;
  let r4: RequestDetail;
  beforeAll(async () => {
    r1 = await d.unemployed(asel);
    r2 = await d.unemployed(asel2, 'service_centre');
    draft = d.unemployedDraft(ainur);
    r3 = await d.attachment(bauyrzhan);
    d.clock.advanceMinutes(1);
    r4 = await d.unemployed(ainur);
    d.store.take(d.social, r4.id);
  });
  afterAll(() => d.app.close());

  const ids = (query: Partial<Parameters<typeof d.store.queue>[1]>, actor = d.social) =>
    d.store.queue(actor, { sort: 'received', direction: 'desc', offset: 0, limit: 100, ...query }).rows.map((row) => row.id);

  it('shows a person the services they handle, the signer all of them', () => {
    expect(ids({}).sort()).toEqual([r1.id, r2.id, r4.id, draft.id].sort());
    expect(ids({}, d.registrar)).toEqual([r3.id]);
    expect(ids({}, d.signer)).toHaveLength(5);
    expect(ids({ services: ['phc.attachment'] })).toEqual([]);
  });

  it('filters by state, channel, service and assignee', () => {
    expect(ids({ states: ['draft'] })).toEqual([draft.id]);
    expect(ids({ states: ['in_review'] })).toEqual([r4.id]);
    expect(ids({ channels: ['service_centre'] })).toEqual([r2.id]);
    expect(ids({ assignee: 'mine' })).toEqual([r4.id]);
    expect(ids({ assignee: 'unassigned', states: ['registered'] }).sort()).toEqual([r1.id, r2.id].sort());
    expect(ids({ services: ['phc.attachment', 'social.unemployed-certificate'], states: ['registered'] }, d.signer).sort()).toEqual(
      [r1.id, r2.id, r3.id].sort(),
    );
  });

  it('searches names with Kazakh letters folded, numbers and IINs', () => {
    expect(ids({ search: 'асел' }).sort()).toEqual([r1.id, r2.id].sort());
    expect(ids({ search: 'ӘСЕЛ нұрлан' })).toEqual([r1.id]);
    expect(ids({ search: 'нурланкызы' })).toEqual([r1.id]);
    expect(ids({ search: 'айнур' }).sort()).toEqual([draft.id, r4.id].sort());
    expect(ids({ search: (r2.number as string).toLowerCase().replace(/-/g, ' ') })).toEqual([r2.id]);
    expect(ids({ search: (r2.number as string).split('-')[3] as string })).toContain(r2.id);
    expect(ids({ search: asel })).toEqual([r1.id]);
    expect(ids({ search: 'бауыржан' })).toEqual([]);
    expect(ids({ search: 'бауыржан' }, d.registrar)).toEqual([r3.id]);
  });

  it('sorts, pages and counts', () => {
    const byName = d.store.queue(d.social, { sort: 'applicant', direction: 'asc', offset: 0, limit: 100 });
    expect(byName.rows.map((row) => row.applicant.name)).toEqual(['Иванова Асель', 'Қайратқызы Айнұр', 'Қайратқызы Айнұр', 'Нұрланқызы Әсел']);
    expect(ids({ sort: 'received', direction: 'desc' })[0]).toBe(r4.id);
    const page = d.store.queue(d.social, { sort: 'received', direction: 'asc', offset: 1, limit: 2 });
    expect(page.total).toBe(4);
    expect(page.rows).toHaveLength(2);
    const row = d.store.queue(d.social, { states: ['in_review'], sort: 'deadline', direction: 'asc', offset: 0, limit: 1 }).rows[0];
    expect(row).toMatchObject({
      number: r4.number,
      service: 'social.unemployed-certificate',
      channel: 'walk_in',
      state: 'in_review',
      applicant: { kind: 'person', id: ainur, name: 'Қайратқызы Айнұр' },
      deadline: r4.deadline.at,
      deadlineState: 'on_time',
      assignee: { id: d.social.staffId, name: 'Айгүл Сапарова' },
    });
    expect(d.store.counters(d.social)).toMatchObject({
      byState: { draft: 1, registered: 2, in_review: 1, issued: 0 },
      mine: 1,
      unassigned: 2,
    });
  });

  it('answers status look-ups by number and by IIN, and says when a number has a typo', () => {
    expect(d.store.statusLookup(d.registrar, (r1.number as string).toLowerCase())).toEqual({
      by: 'number',
      entries: [
        {
          number: r1.number,
          service: 'social.unemployed-certificate',
          operation: null,
          state: 'registered',
          registeredAt: r1.registeredAt,
          deadline: r1.deadline.at,
          deadlineState: expect.any(String),
        },
      ],
    });
    const byIin = d.store.statusLookup(d.social, ainur);
    expect(byIin.by).toBe('iin');
    expect(byIin.entries.map((entry) => entry.number)).toEqual([r4.number]); // the draft has no number yet
    const typo = (r1.number as string).slice(0, -1) + ((r1.number as string).endsWith('0') ? '1' : '0');
    try {
      d.store.statusLookup(d.social, typo);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalid_input', issues: [{ path: 'query', code: 'request.number_check' }] });
    }
  });

  it('records the questionnaire once per registered request', async () => {
    const client = await signedIn(d.app, d.social);
    const record = await client.call('requests.questionnaire', { requestId: r1.id, quality: 'satisfied', information: 'partly' });
    expect(record).toMatchObject({ requestId: r1.id, quality: 'satisfied', information: 'partly', recordedBy: d.social.staffId });
    expect(await client.fail('requests.questionnaire', { requestId: r1.id, quality: 'not_satisfied', information: 'partly' })).toEqual({
      code: 'questionnaire_recorded',
    });
    expect(await client.fail('requests.questionnaire', { requestId: draft.id, quality: 'satisfied', information: 'satisfied' })).toMatchObject({
      code: 'request_state',
    });
    expect(await client.fail('requests.questionnaire', { requestId: r1.id, quality: 'happy', information: 'partly' })).toMatchObject({
      code: 'invalid_input',
      issues: [{ path: 'quality', code: 'not_allowed' }],
    });
    expect((await client.call('requests.get', { requestId: r1.id })).questionnaire).toMatchObject({ quality: 'satisfied' });
    expect(d.count(`SELECT count(*) FROM change_log WHERE entity = 'request_questionnaire'`)).toBe(1);
  });
});

describe('through the API', () => {
  const d = desk();
  const iin = d.person('Мұқанова', 'Гаухар');
  const draftInput = {
    service: 'social.unemployed-certificate' as const,
    channel: 'walk_in' as const,
    applicant: { kind: 'person' as const, iin },
    form: { periodFrom: '2026-01-05' },
    documents: { standard_documents: { presented: true } },
  };
  afterAll(() => d.app.close());

  it('refuses people whose roles do not handle the service or the step, saying which role it needs', async () => {
    const registrar = await signedIn(d.app, d.registrar);
    expect(await registrar.fail('requests.createDraft', draftInput)).toEqual({
      code: 'forbidden',
      params: { role: 'social_officer', service: 'social.unemployed-certificate' },
    });
    const social = await signedIn(d.app, d.social);
    const draft = await social.call('requests.createDraft', draftInput);
    expect(draft.allowedActions).toEqual(['register', 'discard']);
    expect(await registrar.fail('requests.get', { requestId: draft.id })).toMatchObject({ code: 'forbidden', params: { role: 'social_officer' } });
    const registered = await registerSigned(d, social, d.social, { requestId: draft.id });
    expect(await social.fail('requests.transition', {
      requestId: draft.id,
      action: 'refuse',
      refusalGround: 'documents_invalid',
      reason: 'Құжаттар толық емес',
    })).toEqual({ code: 'forbidden', params: { role: 'authorised_signer', action: 'refuse' } });
    expect(await social.fail('requests.verify')).toEqual({ code: 'forbidden', params: { role: 'administrator' } });
    const admin = await signedIn(d.app, d.addStaff('Әкімші', ['administrator']));
    expect(await admin.fail('requests.queue', {})).toEqual({ code: 'forbidden', params: { reason: 'no_case_role' } });
    expect(registered.state).toBe('registered');
  });

  it('refuses a refusal or a result without a signature the signing module made over it', async () => {
    const social = await signedIn(d.app, d.social);
    const signer = await signedIn(d.app, d.signer);
    const request = await registerSigned(d, social, d.social, { requestId: (await social.call('requests.createDraft', draftInput)).id });
    await social.call('requests.take', { requestId: request.id });
    const refusal = { requestId: request.id, action: 'refuse' as const, refusalGround: 'documents_invalid', reason: 'Құжаттар жарамсыз' };
    expect(await signer.fail('requests.transition', refusal)).toEqual({ code: 'signature_required', params: { action: 'refuse' } });
    // Signing is available now: a reference it did not make is simply not a signature.
    expect(await signer.fail('requests.transition', { ...refusal, signatureRef: 'made-up-signature' })).toEqual({
      code: 'signature_required',
      params: { action: 'refuse' },
    });
    expect(await signer.fail('requests.transition', { requestId: request.id, action: 'mark_result_ready' })).toEqual({
      code: 'signature_required',
      params: { action: 'mark_result_ready' },
    });
    expect(await signer.fail('requests.transition', { requestId: request.id, action: 'mark_result_ready', signatureRef: 'x' })).toEqual({
      code: 'signature_required',
      params: { action: 'mark_result_ready' },
    });
    // A ground that is not the service's, or none: field problems first.
    expect(await signer.fail('requests.transition', { ...refusal, refusalGround: 'not_attached' })).toEqual({
      code: 'invalid_input',
      issues: [{ path: 'refusalGround', code: 'not_allowed' }],
    });
    expect(await signer.fail('requests.transition', { ...refusal, reason: undefined })).toEqual({
      code: 'invalid_input',
      issues: [{ path: 'reason', code: 'required' }],
    });
    expect((await signer.call('requests.get', { requestId: request.id })).state).toBe('in_review');
    // Only the registration's signature is recorded.
    expect((await signer.call('signing.signatures', { requestId: request.id })).map((signature) => signature.action)).toEqual(['register']);
  });

  it("registers at the counter only with the employee's signature over exactly that registration", async () => {
    const social = await signedIn(d.app, d.social);
    const { key, pin } = await d.keyFor(d.social);
    const signatureRequired = { code: 'signature_required', params: { action: 'register' } };
    const draft = await social.call('requests.createDraft', { ...draftInput, documents: {} });
    const registration = { requestId: draft.id, missingDocumentsReason: 'Анықтаманы ертең әкеледі' };

    expect(await social.fail('requests.register', registration)).toEqual(signatureRequired);
    expect(await social.fail('requests.register', { ...registration, signatureRef: 'made-up-signature' })).toEqual(signatureRequired);
    // A real signature, but over another request's registration …
    const other = await social.call('requests.createDraft', draftInput);
    const forOther = (await social.call('signing.sign', { requestId: other.id, action: 'register', key, pin })).signatureRef;
    expect(await social.fail('requests.register', { ...registration, signatureRef: forOther })).toEqual(signatureRequired);
    // … or over this one with a different reason for the missing document.
    const otherReason = await social.call('signing.sign', { ...registration, missingDocumentsReason: 'Басқа себеп жазылған', action: 'register', key, pin });
    expect(await social.fail('requests.register', { ...registration, signatureRef: otherReason.signatureRef })).toEqual(signatureRequired);
    expect(await social.call('requests.get', { requestId: draft.id })).toMatchObject({ state: 'draft', number: null, history: [] });
    expect(d.services.signing.signatures(draft.id)).toEqual([]);

    const { signatureRef, verdict } = await social.call('signing.sign', { ...registration, action: 'register', key, pin });
    expect(verdict.checks.filter((check) => check.status === 'fail')).toEqual([]);
    const registered = await social.call('requests.register', { ...registration, signatureRef });
    expect(registered).toMatchObject({ state: 'registered', number: expect.stringMatching(NUMBER_PATTERN) });
    expect(registered.history[0]).toMatchObject({ action: 'register', actorId: d.social.staffId, reason: 'Анықтаманы ертең әкеледі' });
    expect(d.services.signing.signatures(draft.id)).toEqual([
      expect.objectContaining({ id: signatureRef, action: 'register', signerIin: d.social.iin, signerName: 'САПАРОВА АЙГҮЛ', keySource: 'file' }),
    ]);
    // The other request's signature was made for it, and still registers it.
    expect((await social.call('requests.register', { requestId: other.id, signatureRef: forOther })).state).toBe('registered');
    expect(d.services.signing.signatures(other.id)).toEqual([expect.objectContaining({ id: forOther, action: 'register', signerIin: d.social.iin })]);
  });

  it('refuses bad form input with the paths of the fields', async () => {
    const social = await signedIn(d.app, d.social);
    const error = await social.fail('requests.createDraft', {
      ...draftInput,
      form: { periodFrom: '2026-02-30', periodTo: '2099-01-01', shoeSize: 42 },
    });
    expect(error.code).toBe('invalid_input');
    expect(error.issues).toEqual(
      expect.arrayContaining([
        { path: 'form', code: 'unknown_field', params: { fields: 'shoeSize' } },
        { path: 'form.periodFrom', code: 'bad_format' },
        { path: 'form.periodTo', code: 'not_allowed' },
      ]),
    );
    expect(await social.fail('requests.createDraft', { ...draftInput, form: {} })).toEqual({
      code: 'invalid_input',
      issues: [{ path: 'form.periodFrom', code: 'required' }],
    });
    expect(await social.fail('requests.createDraft', { ...draftInput, channel: 'phone' })).toEqual({
      code: 'invalid_input',
      issues: [{ path: 'channel', code: 'not_allowed' }],
    });
    expect(await social.fail('requests.createDraft', { ...draftInput, service: 'social.nothing' })).toMatchObject({
      code: 'invalid_input',
      issues: [{ path: 'service', code: 'not_allowed' }],
    });
    expect(await social.fail('requests.createDraft', { ...draftInput, applicant: { kind: 'person', iin: makeIin('1990-01-01', 'male', 999) } })).toEqual({
      code: 'applicant_data_unavailable',
      params: { system: 'individuals' },
    });
    const noDocuments = await social.call('requests.createDraft', { ...draftInput, documents: {} });
    expect(await social.fail('requests.register', { requestId: noDocuments.id })).toEqual({
      code: 'invalid_input',
      issues: [{ path: 'documents.standard_documents', code: 'request.document_required' }],
    });
  });
});

describe('registering without a mandatory document', () => {
  it('is refused without a reason, naming every missing document, and nothing is written', () => {
    const d = desk();
    const applicant = d.person('Жұмабаева', 'Салтанат');
    const draft = d.store.createDraft(d.archivist, {
      service: 'archive.apostille',
      channel: 'walk_in',
      applicant: { kind: 'person', iin: applicant },
      form: { documentKind: 'archival_reference', issuingArchive: 'Павлодар облыстық мұрағаты', destinationCountry: 'Германия', copies: 1 },
      documents: {},
    });
    const events = () => d.count(`SELECT count(*) FROM request_history WHERE request_id = ?`, draft.id);
    const register = (missingDocumentsReason?: string) => () =>
      d.store.register(d.archivist, { requestId: draft.id, paymentRef: 'ЭҮТШ-2026-000900', ...(missingDocumentsReason !== undefined ? { missingDocumentsReason } : {}) });
    for (const reason of [undefined, '', '    ']) {
      expect(register(reason)).toThrow(
        expect.objectContaining({
          code: 'invalid_input',
          issues: [
            { path: 'documents.document_to_apostille', code: 'request.document_required' },
            { path: 'documents.standard_documents', code: 'request.document_required' },
          ],
        }),
      );
    }
    // The store checks the reason's length itself too (the API's schema does it first).
    expect(register('abc')).toThrow(expect.objectContaining({ issues: [{ path: 'missingDocumentsReason', code: 'too_short', params: { min: 5 } }] }));
    expect(register('ы'.repeat(501))).toThrow(expect.objectContaining({ issues: [{ path: 'missingDocumentsReason', code: 'too_long', params: { max: 500 } }] }));
    expect(d.store.get(d.archivist, draft.id)).toMatchObject({ state: 'draft', number: null });
    expect(events()).toBe(0);
    d.app.close();
  });

  it('is registered with the reason, which the history keeps with the documents that were missing', async () => {
    const d = desk();
    const draft = d.unemployedDraft(d.person('Қалиева', 'Dana'));
    d.store.updateDraft(d.social, { requestId: draft.id, documents: {} });
    const registered = await d.registerAtCounter(d.social, {
      requestId: draft.id,
      missingDocumentsReason: '  Анықтаманы ертең әкеледі, өтініш беруші жазбаша міндеттеме берді  ',
    });
    expect(registered).toMatchObject({ state: 'registered', number: expect.stringMatching(NUMBER_PATTERN) });
    expect(registered.history).toHaveLength(1);
    expect(registered.history[0]).toMatchObject({
      action: 'register',
      reason: 'Анықтаманы ертең әкеледі, өтініш беруші жазбаша міндеттеме берді',
      data: { number: registered.number, missingDocuments: ['standard_documents'] },
    });
    // Sealed into the chain like every other fact of the event.
    expect(registered.historyIntact).toBe(true);
    expect(d.store.verify().ok).toBe(true);
    d.db.prepare(`DROP TRIGGER IF EXISTS request_history_no_update`).run();
    d.db.prepare(`UPDATE request_history SET data = ? WHERE request_id = ?`).run(JSON.stringify({ number: registered.number }), draft.id);
    expect(d.store.get(d.social, draft.id).historyIntact).toBe(false);
    d.app.close();
  });

  it('records no reason when nothing is missing', async () => {
    const d = desk();
    const requestId = d.unemployedDraft(d.person('Серікова', 'Айдана')).id;
    // The signature covers what the employee sent (the reason too); the history records no reason
    // because nothing is missing.
    const missingDocumentsReason = 'Барлығы бар, себеп керек емес';
    const signatureRef = await d.sign(d.social, { requestId, action: 'register', missingDocumentsReason });
    const registered = d.store.register(d.social, { requestId, missingDocumentsReason, signatureRef });
    expect(registered.history[0]).not.toHaveProperty('reason');
    expect(registered.history[0]?.data).toEqual({ number: registered.number });
    d.app.close();
  });

  it('takes the reason from 5 to 500 characters, trimmed, at the API boundary', async () => {
    const d = desk();
    const social = await signedIn(d.app, d.social);
    const draft = await social.call('requests.createDraft', {
      service: 'social.unemployed-certificate',
      channel: 'walk_in',
      applicant: { kind: 'person', iin: d.person('Әбенова', 'Жанна') },
      form: { periodFrom: '2026-01-05' },
      documents: {},
    });
    expect(await social.fail('requests.register', { requestId: draft.id })).toEqual({
      code: 'invalid_input',
      issues: [{ path: 'documents.standard_documents', code: 'request.document_required' }],
    });
    expect(await social.fail('requests.register', { requestId: draft.id, missingDocumentsReason: '  ab  ' })).toMatchObject({
      code: 'invalid_input',
      issues: [{ path: 'missingDocumentsReason', code: 'too_short', params: { min: 5 } }],
    });
    expect(await social.fail('requests.register', { requestId: draft.id, missingDocumentsReason: 'x'.repeat(501) })).toMatchObject({
      code: 'invalid_input',
      issues: [{ path: 'missingDocumentsReason', code: 'too_long', params: { max: 500 } }],
    });
    const registered = await registerSigned(d, social, d.social, { requestId: draft.id, missingDocumentsReason: ` ${'ә'.repeat(500)} ` });
    expect(registered.history[0]).toMatchObject({ reason: 'ә'.repeat(500), data: { missingDocuments: ['standard_documents'] } });
    d.app.close();
  });
});

describe('with a signing module', () => {
  it('records a reasoned refusal with the service ground, and the deadline as met', async () => {
    const d = desk();
    // A second store on the same database, with the desk's signing service as its verifier.
    const store = createRequestStore({
      db: d.db,
      changes: createChangeLog(d.db, d.services.settings.workstationId, () => d.clock.now()),
      calendar: d.services.calendar.calendar,
      workstationId: d.services.settings.workstationId,
      providerCode: () => 'PMSP-07',
      now: () => d.clock.now(),
      signatures: d.services.signing.verifier,
    });
    const draft = d.unemployedDraft(d.person('Әлиева', 'Camila'));
    const registered = store.register(d.social, { requestId: draft.id, signatureRef: await d.sign(d.social, { requestId: draft.id, action: 'register' }) });
    expect(registered.number).toMatch(/^PMSP07-26-/);
    store.take(d.social, draft.id);
    const refusal = { requestId: draft.id, action: 'refuse' as const, refusalGround: 'documents_invalid', reason: 'Анықтама жарамсыз' };
    expect(() => store.transition(d.signer, { ...refusal, signatureRef: 'sig-forged' })).toThrow('signature_required');
    const signatureRef = await d.sign(d.signer, refusal);
    const refused = store.transition(d.signer, { ...refusal, signatureRef });
    expect(refused).toMatchObject({ state: 'refused', refusalGround: 'documents_invalid', deadline: { state: 'met' }, allowedActions: [] });
    expect(refused.history.at(-1)).toMatchObject({ action: 'refuse', data: { refusalGround: 'documents_invalid', signatureRef } });
    expect(refused.steps.map((step) => step.step)).toEqual(['register_request', 'refusal']);
    const signatures = d.services.signing.signatures(draft.id);
    expect(signatures).toHaveLength(2);
    expect(signatures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'register', signerIin: d.social.iin }),
        expect.objectContaining({ id: signatureRef, action: 'refuse', signerIin: d.signer.iin }),
      ]),
    );
    expect(store.verify().ok).toBe(true);
    d.app.close();
  });
});
