// The countdown in working days, as main computes it for the queue's rows and the request page: the
// working days after today (Almaty; today not counted) up to and including the deadline's day, 0 on
// that day, negative when overdue by that many working days; terms in hours or minutes keep only the
// time. Across a weekend, a public holiday (Nauryz, with the days moved off the weekend) and the year
// end (New Year moved off the Saturday, Orthodox Christmas), with the queue and the request page
// giving the same figure hour by hour.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/main/ids';
import type { RequestActor } from '../../src/main/services/requests';
import { workingDaysLeft } from '../../src/main/services/request-timing';
import { createCalendar, parseCalendarYear, type CalendarYear } from '../../src/shared/calendar/working-days';
import type { Role } from '../../src/shared/domain/roles';
import type { RequestDetail } from '../../src/shared/requests/api';
import { createDeskSigning } from '../helpers/desk-signing';
import { makeIin } from '../helpers/iin';
import { ManualClock, startApp } from '../helpers/workstation';

const HOUR = 3_600_000;

function loadYear(year: number): CalendarYear {
  const json: unknown = JSON.parse(fs.readFileSync(fileURLToPath(new URL(`../../resources/calendar/${year}.json`, import.meta.url)), 'utf8'));
  const parsed = parseCalendarYear(json);
  if (!parsed.ok) throw new Error(`${year}.json does not load`);
  return parsed.value;
}

const calendar = createCalendar([2025, 2026, 2027].map(loadYear));

/** An instant at hh:mm Almaty time (UTC+5) on a date. */
function almaty(date: string, time = '10:00'): number {
  return Date.parse(`${date}T${time}:00+05:00`);
}

/** The working days left to a deadline at 18:00 Almaty on `deadlineDay`, read at `now` (Almaty). */
function left(deadlineDay: string, nowDate: string, nowTime = '10:00'): number | null {
  return workingDaysLeft(calendar, new Date(almaty(deadlineDay, '18:00')).toISOString(), almaty(nowDate, nowTime));
}

describe('working days left', () => {
  it('do not count today, count the deadline\'s day, and skip the weekend', () => {
    // Deadline Tuesday 17 March 2026.
    expect(left('2026-03-17', '2026-03-12')).toBe(3); // Thursday: Friday, Monday, Tuesday
    expect(left('2026-03-17', '2026-03-13')).toBe(2); // Friday
    expect(left('2026-03-17', '2026-03-14')).toBe(2); // Saturday
    expect(left('2026-03-17', '2026-03-15', '23:59')).toBe(2); // Sunday, late
    expect(left('2026-03-17', '2026-03-16', '00:00')).toBe(1); // Monday, just after midnight in Almaty
    expect(left('2026-03-17', '2026-03-17', '08:00')).toBe(0); // the deadline's day: due today
    expect(left('2026-03-17', '2026-03-17', '19:00')).toBe(0); // past 18:00: overdue, but no working day has passed
    expect(left('2026-03-17', '2026-03-18')).toBe(-1); // Wednesday: overdue by one working day
    expect(left('2026-03-17', '2026-03-21')).toBe(-3); // Saturday (Nauryz): Wednesday, Thursday and Friday have passed
  });

  it('skip a public holiday and the days moved off the weekend', () => {
    // Nauryz 2026: 21–23 March, the 21st and 22nd (a weekend) moved to 24 and 25: Friday 20 → Thursday 26.
    expect(left('2026-03-26', '2026-03-20')).toBe(1);
    for (const day of ['2026-03-21', '2026-03-22', '2026-03-23', '2026-03-24', '2026-03-25']) expect(left('2026-03-26', day)).toBe(1);
    expect(left('2026-03-26', '2026-03-26')).toBe(0);
    expect(left('2026-03-26', '2026-03-27')).toBe(-1);
    expect(left('2026-03-26', '2026-03-28')).toBe(-1);
    expect(left('2026-03-26', '2026-03-30')).toBe(-2);
    // 8 March 2026 (a Sunday) moved to Monday 9: Friday 6 → Tuesday 10 is one working day away.
    expect(left('2026-03-10', '2026-03-06')).toBe(1);
    expect(left('2026-03-10', '2026-03-09')).toBe(1);
  });

  it('run over the year end: New Year 1–2 January (the 2nd moved to Monday 4), Orthodox Christmas on 7 January', () => {
    // Three working days from Wednesday 30 December 2026: Thursday 31, Tuesday 5, Wednesday 6 January 2027.
    const deadline = calendar.deadlineFor(new Date(almaty('2026-12-30')).toISOString(), { kind: 'working_days', value: 3 });
    expect(deadline).toEqual({ ok: true, value: '2027-01-06T13:00:00.000Z' });
    const at = (date: string, time = '10:00') => workingDaysLeft(calendar, '2027-01-06T13:00:00.000Z', almaty(date, time));
    expect(at('2026-12-30')).toBe(3);
    expect(at('2026-12-31', '23:30')).toBe(2);
    expect(at('2027-01-01')).toBe(2);
    expect(at('2027-01-04')).toBe(2);
    expect(at('2027-01-05')).toBe(1);
    expect(at('2027-01-06')).toBe(0);
    expect(at('2027-01-07')).toBe(0); // Christmas: overdue, still no working day past the deadline
    expect(at('2027-01-08')).toBe(-1);
    expect(at('2027-01-11')).toBe(-2);
    // Overdue from December into January: 31 December, then 5, 6 and 8 January.
    expect(left('2026-12-30', '2027-01-08')).toBe(-4);
  });

  it('are not guessed for a year the calendar does not have, nor "due today" for a deadline moved to a later day off', () => {
    expect(left('2028-01-05', '2027-12-30')).toBeNull();
    expect(workingDaysLeft(createCalendar([loadYear(2026)]), '2027-01-06T13:00:00.000Z', almaty('2026-12-30'))).toBeNull();
    // Extended to Saturday noon, read on the Friday: no working day left, yet not due today.
    expect(workingDaysLeft(calendar, new Date(almaty('2026-03-14', '12:00')).toISOString(), almaty('2026-03-13'))).toBeNull();
    // … read on the Thursday: Friday is left.
    expect(workingDaysLeft(calendar, new Date(almaty('2026-03-14', '12:00')).toISOString(), almaty('2026-03-12'))).toBe(1);
  });
});

// ---- the same figure in the queue and on the request page ----

let serial = 500;

/** The social officer of every desk, who signs registrations at the counter with a real key file. */
const SOCIAL = { fullName: 'Айгүл Сапарова', roles: ['social_officer'], iin: makeIin('1986-02-03', 'female', 10) } satisfies {
  fullName: string;
  roles: Role[];
  iin: string;
};
// Certificates valid over the desks' clocks (March 2026 to January 2027), not today's date.
const signing = createDeskSigning({ notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2027-12-31T00:00:00Z') });
beforeAll(() => signing.prepare([SOCIAL]), 60_000);

function desk(start: string) {
  const clock = new ManualClock(new Date(start));
  const started = startApp(undefined, clock);
  const services = started.app.services!;
  const { db } = services;
  const store = services.requests;
  const staff = (fullName: string, roles: Role[], iin = makeIin('1986-02-03', 'female', (serial += 1))): RequestActor => {
    const id = newId();
    db.prepare(
      `INSERT INTO staff (id, iin, full_name, roles, password_hash, active, created_at, updated_at) VALUES (?, ?, ?, ?, 'x', 1, ?, ?)`,
    ).run(id, iin, fullName, JSON.stringify(roles), start, start);
    return { staffId: id, iin, roles };
  };
  const person = (surname: string): string => {
    const iin = makeIin('1991-04-05', 'male', (serial += 1));
    const record = {
      iin,
      surname,
      name: 'Ерлан',
      patronymic: null,
      birthDate: '1991-04-05',
      sex: 'male',
      citizenship: 'KZ',
      address: { region: 'Ақмола облысы', city: 'Көкшетау', street: 'Абай', house: '3', flat: null },
      document: { type: 'id_card', number: '041234568', issuedOn: '2016-01-01', issuer: 'ІІМ' },
      deathDate: null,
    };
    db.prepare(`INSERT INTO registry_cache (system, subject, answer, answered_at, stored_at) VALUES ('individuals', ?, ?, ?, ?)`).run(
      iin,
      JSON.stringify(record),
      start,
      start,
    );
    return iin;
  };
  const social = staff(SOCIAL.fullName, SOCIAL.roles, SOCIAL.iin);
  /** At the counter the officer signs the registration; through a public service centre it arrives signed. */
  const certificate = async (channel: 'walk_in' | 'service_centre'): Promise<RequestDetail> => {
    const requestId = store.createDraft(social, {
      service: 'social.unemployed-certificate',
      channel,
      applicant: { kind: 'person', iin: person('Сейтқали') },
      form: { periodFrom: new Date(Date.parse(start) - 30 * 24 * HOUR).toISOString().slice(0, 10) },
      documents: { standard_documents: { presented: true, presentation: 'original' } },
    }).id;
    return channel === 'walk_in' ? signing.registerAtCounter(started, social, { requestId }) : store.register(social, { requestId });
  };
  const row = (id: string) => {
    const found = store.queue(social, { sort: 'received', direction: 'desc', offset: 0, limit: 100 }).rows.find((candidate) => candidate.id === id);
    if (!found) throw new Error('not in the queue');
    return found;
  };
  return { ...started, clock, store, social, certificate, row };
}

describe('the queue and the request page', () => {
  it('give the same working days left, hour by hour over the year end; minutes only for a term in minutes', async () => {
    // Wednesday 30 December 2026, 10:00 in Almaty.
    const d = desk('2026-12-30T05:00:00Z');
    const centre = await d.certificate('service_centre'); // 3 working days → Wednesday 6 January 2027
    const counter = await d.certificate('walk_in'); // 10 minutes
    expect(centre.deadline).toMatchObject({ at: '2027-01-06T13:00:00.000Z', state: 'on_time', workingDaysLeft: 3 });
    expect(d.row(centre.id)).toMatchObject({ deadlineState: 'on_time', workingDaysLeft: 3, msLeft: Date.parse('2027-01-06T13:00:00Z') - almaty('2026-12-30') });
    expect(counter.deadline).toMatchObject({ state: 'on_time', msLeft: 600_000, workingDaysLeft: null });
    expect(d.row(counter.id)).toMatchObject({ msLeft: 600_000, workingDaysLeft: null });

    const seen = new Map<string, number | null>();
    for (let hour = 0; hour < 14 * 24; hour += 1) {
      const detail = d.store.get(d.social, centre.id).deadline;
      const row = d.row(centre.id);
      expect({ state: row.deadlineState, msLeft: row.msLeft, workingDaysLeft: row.workingDaysLeft }).toEqual({
        state: detail.state,
        msLeft: detail.msLeft,
        workingDaysLeft: detail.workingDaysLeft,
      });
      seen.set(new Date(d.clock.now().getTime() + 5 * HOUR).toISOString().slice(0, 10), row.workingDaysLeft);
      d.clock.advanceMinutes(60);
    }
    expect(Object.fromEntries([...seen].filter(([day]) => day <= '2027-01-11'))).toEqual({
      '2026-12-30': 3,
      '2026-12-31': 2,
      '2027-01-01': 2,
      '2027-01-02': 2,
      '2027-01-03': 2,
      '2027-01-04': 2,
      '2027-01-05': 1,
      '2027-01-06': 0,
      '2027-01-07': 0,
      '2027-01-08': -1,
      '2027-01-09': -1,
      '2027-01-10': -1,
      '2027-01-11': -2,
    });
    // The minutes term: overdue long since, and still counted in time, not in working days.
    expect(d.row(counter.id)).toMatchObject({ deadlineState: 'overdue', workingDaysLeft: null });
    d.app.close();
  });

  it('give nothing once the request is answered', async () => {
    const d = desk('2026-03-12T05:00:00Z');
    const request = await d.certificate('service_centre');
    d.store.transition(d.social, { requestId: request.id, action: 'withdraw', reason: 'Өтініш беруші бас тартты' });
    expect(d.row(request.id)).toMatchObject({ msLeft: null, workingDaysLeft: null });
    expect(d.store.get(d.social, request.id).deadline).toMatchObject({ msLeft: null, workingDaysLeft: null });
    d.app.close();
  });
});
