import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  calendarWarnings,
  calendarYearSchema,
  computeMovedHolidays,
  createCalendar,
  parseCalendarYear,
  type CalendarResult,
  type CalendarYear,
} from '../../src/shared/calendar/working-days';

const CALENDAR_DIR = fileURLToPath(new URL('../../resources/calendar/', import.meta.url));

function loadYear(year: number): CalendarYear {
  const json: unknown = JSON.parse(readFileSync(`${CALENDAR_DIR}${year}.json`, 'utf8'));
  const parsed = parseCalendarYear(json);
  if (!parsed.ok) throw new Error(`${year}.json: ${JSON.stringify(parsed.issues)}`);
  return parsed.value;
}

const years = [2025, 2026, 2027].map(loadYear);
const calendar = createCalendar(years);

function value<T>(result: CalendarResult<T>): T {
  if (!result.ok) throw new Error(`calendar error: ${JSON.stringify(result.error)}`);
  return result.value;
}

const name = { kk: 'Тест', ru: 'Тест', en: 'Test' };

/** A test fixture, not a real calendar: the May 2024 transfer (Saturday 4 May made working, for Wednesday 8 May). */
const fixture2024: CalendarYear = {
  year: 2024,
  holidays: [
    { date: '2024-05-01', name, kind: 'public', verified: true },
    { date: '2024-05-07', name, kind: 'public', verified: true },
    { date: '2024-05-09', name, kind: 'public', verified: true },
  ],
  movedHolidays: [],
  transfers: [{ dayOff: '2024-05-08', workingDay: '2024-05-04', basis: 'decree (test fixture)', verified: true }],
  transfersComplete: { verified: true },
  kurbanAit: { date: '2024-06-16', verified: true },
  sources: [],
};

describe('calendar data files', () => {
  it('holds exactly 2025, 2026 and 2027, each valid against the schema', () => {
    const files = readdirSync(CALENDAR_DIR).filter((file) => file.endsWith('.json')).sort();
    expect(files).toEqual(['2025.json', '2026.json', '2027.json']);
    for (const file of files) {
      const json: unknown = JSON.parse(readFileSync(`${CALENDAR_DIR}${file}`, 'utf8'));
      const result = calendarYearSchema.safeParse(json);
      expect(result.success ? [] : result.error.issues).toEqual([]);
      expect(result.success && result.data.year).toBe(Number(file.slice(0, 4)));
    }
    expect(calendar.years).toEqual([2025, 2026, 2027]);
  });

  it('stores the weekend moves the rule gives', () => {
    for (const data of years) {
      expect(computeMovedHolidays(data)).toEqual(data.movedHolidays.map(({ from, to }) => ({ from, to })));
      expect(calendarWarnings(data).filter((warning) => warning.code === 'moved_holiday_rule_mismatch')).toEqual([]);
    }
  });

  it('lists the fixed holidays of the law in every year', () => {
    for (const data of years) {
      const days = data.holidays.map((holiday) => holiday.date.slice(5));
      for (const day of ['01-01', '01-02', '01-07', '03-08', '03-21', '03-22', '03-23', '05-01', '05-07', '05-09', '07-06', '10-25', '12-16']) {
        expect(days, `${data.year}-${day}`).toContain(day);
      }
      expect(days).not.toContain('12-17');
      expect(days).not.toContain('12-01');
    }
  });

  it('follows the 2026 Constitution: 30 August dropped from 2026, 15 March a holiday from 2027', () => {
    const [y2025, y2026, y2027] = years as [CalendarYear, CalendarYear, CalendarYear];
    expect(y2025.holidays.some((holiday) => holiday.date === '2025-08-30')).toBe(true);
    expect(y2026.holidays.some((holiday) => holiday.date.endsWith('-08-30'))).toBe(false);
    expect(y2026.droppedHolidays?.map((dropped) => dropped.date)).toEqual(['2026-08-30']);
    expect(value(calendar.dayInfo('2026-08-31'))).toMatchObject({ working: true, kind: 'workday' });
    expect(y2027.holidays.some((holiday) => holiday.date === '2027-03-15')).toBe(true);
    expect(value(calendar.isWorkingDay('2027-03-15'))).toBe(false);
    expect(value(calendar.isWorkingDay('2027-08-30'))).toBe(true);
  });

  it('says which facts are not verified', () => {
    expect(calendar.warnings(2025)).toEqual([]);
    expect(calendar.warnings(2026)).toEqual([
      expect.objectContaining({ year: 2026, code: 'unverified', subject: 'transfers_complete' }),
      expect.objectContaining({ year: 2026, code: 'unverified', subject: 'kurban_ait', date: '2026-05-27' }),
    ]);
    expect(calendar.warnings(2027)).toEqual([
      expect.objectContaining({ year: 2027, code: 'unverified', subject: 'transfers_complete' }),
      expect.objectContaining({ year: 2027, code: 'unverified', subject: 'kurban_ait', date: '2027-05-16' }),
    ]);
    for (const warning of [...calendar.warnings(2026), ...calendar.warnings(2027)]) {
      expect(warning.code === 'unverified' && warning.note.length > 20).toBe(true);
    }
    expect(calendar.warnings(2028)).toEqual([{ year: 2028, code: 'calendar_year_missing' }]);
  });

  it('matches the published counts of working days in a month (five-day week)', () => {
    // March 2025: 14 days off; June 2025: 20 working days; August 2025: 21; January 2026: 19.
    expect(value(calendar.workingDaysBetween('2025-02-28', '2025-03-31'))).toBe(17);
    expect(value(calendar.workingDaysBetween('2025-05-31', '2025-06-30'))).toBe(20);
    expect(value(calendar.workingDaysBetween('2025-07-31', '2025-08-31'))).toBe(21);
    expect(value(calendar.workingDaysBetween('2025-12-31', '2026-01-31'))).toBe(19);
  });
});

describe('the schema refuses a wrong year file', () => {
  const good = (): Record<string, unknown> => JSON.parse(JSON.stringify(fixture2024)) as Record<string, unknown>;
  const messages = (input: unknown) => {
    const result = calendarYearSchema.safeParse(input);
    return result.success ? [] : result.error.issues.map((issue) => issue.message);
  };

  it('accepts the fixture', () => {
    expect(messages(good())).toEqual([]);
  });

  it('refuses bad dates, dates of another year, and unknown keys', () => {
    expect(messages({ ...good(), kurbanAit: { date: '2024-02-30', verified: true } })).toContain('calendar.bad_date');
    expect(messages({ ...good(), kurbanAit: { date: '2025-06-06', verified: true } })).toContain('calendar.date_outside_year');
    expect(messages({ ...good(), extra: 1 }).length).toBeGreaterThan(0);
  });

  it('refuses an unverified fact without a note, and an unknown source', () => {
    expect(messages({ ...good(), kurbanAit: { date: '2024-06-16', verified: false } })).toContain('calendar.unverified_needs_note');
    expect(messages({ ...good(), kurbanAit: { date: '2024-06-16', verified: true, sources: ['nowhere'] } })).toContain(
      'calendar.unknown_source',
    );
  });

  it('refuses moves and transfers that make no sense', () => {
    const moveFromWeekday = { ...good(), movedHolidays: [{ from: '2024-05-01', to: '2024-05-02', basis: 'x', verified: true }] };
    expect(messages(moveFromWeekday)).toContain('calendar.moved_from_not_weekend_holiday');
    const withSaturdayHoliday = good();
    (withSaturdayHoliday.holidays as unknown[]).push({ date: '2024-07-06', name, kind: 'public', verified: true });
    const moveToSunday = { ...withSaturdayHoliday, movedHolidays: [{ from: '2024-07-06', to: '2024-07-07', basis: 'x', verified: true }] };
    expect(messages(moveToSunday)).toContain('calendar.moved_to_not_working_day');
    const transferToWeekday = { ...good(), transfers: [{ dayOff: '2024-05-08', workingDay: '2024-05-10', basis: 'x', verified: true }] };
    expect(messages(transferToWeekday)).toContain('calendar.transfer_working_day_not_weekend');
    const transferOfHoliday = { ...good(), transfers: [{ dayOff: '2024-05-09', basis: 'x', verified: true }] };
    expect(messages(transferOfHoliday)).toContain('calendar.transfer_day_off_not_working_day');
  });

  it('reports a stored move that differs from the rule', () => {
    const data = loadYear(2025);
    const wrong: CalendarYear = {
      ...data,
      movedHolidays: data.movedHolidays.map((moved) => (moved.from === '2025-07-06' ? { ...moved, to: '2025-07-08' } : moved)),
    };
    expect(calendarWarnings(wrong)).toEqual([
      { year: 2025, code: 'moved_holiday_rule_mismatch', date: '2025-07-06' },
      { year: 2025, code: 'moved_holiday_rule_mismatch', date: '2025-07-06' },
    ]);
  });
});

describe('working days', () => {
  it('knows weekends, holidays, moved holidays and Kurban Ait', () => {
    expect(value(calendar.dayInfo('2025-03-04'))).toMatchObject({ working: true, kind: 'workday' });
    expect(value(calendar.dayInfo('2025-03-01'))).toMatchObject({ working: false, kind: 'weekend' });
    expect(value(calendar.dayInfo('2025-03-21'))).toMatchObject({ working: false, kind: 'holiday', name: { en: 'Nauryz Meiramy' } });
    expect(value(calendar.dayInfo('2025-03-10'))).toMatchObject({
      working: false,
      kind: 'moved_holiday',
      name: { en: "International Women's Day" },
    });
    expect(value(calendar.dayInfo('2025-01-07'))).toMatchObject({ working: false, kind: 'religious' });
    expect(value(calendar.dayInfo('2025-06-06'))).toMatchObject({ working: false, kind: 'kurban_ait', verified: true });
    expect(value(calendar.dayInfo('2026-05-27'))).toMatchObject({ working: false, kind: 'kurban_ait', verified: false });
    // Republic Day 2025 fell on a Saturday and moved to Monday 27 October.
    expect(value(calendar.isWorkingDay('2025-10-27'))).toBe(false);
    expect(value(calendar.isWorkingDay('2025-10-28'))).toBe(true);
  });

  it('applies the 2025 transfer order: Friday 3 January off, Sunday 5 January working', () => {
    expect(value(calendar.dayInfo('2025-01-03'))).toMatchObject({ working: false, kind: 'transfer_day_off' });
    expect(value(calendar.dayInfo('2025-01-05'))).toMatchObject({ working: true, kind: 'transfer_working_day' });
    // Registered on the holiday of 2 January: taken as registered on Sunday 5 January, the next working day.
    expect(value(calendar.addWorkingDays('2025-01-02', 0))).toBe('2025-01-05');
    expect(value(calendar.addWorkingDays('2025-01-02', 1))).toBe('2025-01-06');
    expect(value(calendar.addWorkingDays('2025-01-05', 2))).toBe('2025-01-08'); // 7 January is Christmas
  });

  it('counts a Saturday made working by a transfer (fixture)', () => {
    const fixtureCalendar = createCalendar([fixture2024]);
    expect(value(fixtureCalendar.isWorkingDay('2024-05-04'))).toBe(true);
    expect(value(fixtureCalendar.isWorkingDay('2024-05-08'))).toBe(false);
    expect(value(fixtureCalendar.addWorkingDays('2024-05-03', 1))).toBe('2024-05-04');
    expect(value(fixtureCalendar.addWorkingDays('2024-05-03', 2))).toBe('2024-05-06');
    expect(value(fixtureCalendar.addWorkingDays('2024-05-03', 3))).toBe('2024-05-10');
    expect(value(fixtureCalendar.deadlineFor('2024-05-03T09:30:00+05:00', { kind: 'working_days', value: 1 }))).toBe(
      '2024-05-04T13:00:00.000Z',
    );
  });

  it('runs across Nauryz', () => {
    // Thursday 20 March 2025; 21–25 March are off (Friday holiday, weekend, moved Monday and Tuesday).
    expect(value(calendar.addWorkingDays('2025-03-20', 1))).toBe('2025-03-26');
    expect(value(calendar.addWorkingDays('2025-03-20', 3))).toBe('2025-03-28');
    // Friday 20 March 2026; 21–25 March are off (23 on Monday, 21–22 moved to Tuesday and Wednesday).
    expect(value(calendar.addWorkingDays('2026-03-20', 3))).toBe('2026-03-30');
  });

  it('runs across a holiday on a weekend moved to Monday', () => {
    // 8 March 2025 was a Saturday: Monday 10 March is off.
    expect(value(calendar.addWorkingDays('2025-03-07', 1))).toBe('2025-03-11');
    // 6 July 2025 was a Sunday: Monday 7 July is off.
    expect(value(calendar.addWorkingDays('2025-07-04', 1))).toBe('2025-07-08');
    // 9 May 2026 is a Saturday: Monday 11 May is off.
    expect(value(calendar.addWorkingDays('2026-05-08', 1))).toBe('2026-05-12');
  });

  it('runs across the New Year, from one year file into the next', () => {
    expect(value(calendar.addWorkingDays('2025-12-30', 3))).toBe('2026-01-06');
    expect(value(calendar.addWorkingDays('2025-12-31', 1))).toBe('2026-01-05');
    // 2 January 2027 is a Saturday: Monday 4 January is off; 7 January (Thursday) is Christmas.
    expect(value(calendar.addWorkingDays('2026-12-31', 2))).toBe('2027-01-06');
    expect(value(calendar.addWorkingDays('2026-12-31', 3))).toBe('2027-01-08');
    expect(value(calendar.workingDaysBetween('2025-12-30', '2026-01-06'))).toBe(3);
  });

  it('counts working days between two dates, a < d ≤ b', () => {
    expect(value(calendar.workingDaysBetween('2025-03-20', '2025-03-26'))).toBe(1);
    expect(value(calendar.workingDaysBetween('2025-03-26', '2025-03-20'))).toBe(-1);
    expect(value(calendar.workingDaysBetween('2025-03-20', '2025-03-20'))).toBe(0);
    for (const [start, n] of [['2025-03-20', 5], ['2025-12-24', 7], ['2026-03-16', 10]] as const) {
      expect(value(calendar.workingDaysBetween(start, value(calendar.addWorkingDays(start, n))))).toBe(n);
    }
  });

  it('reports a missing year instead of guessing', () => {
    const missing = { ok: false, error: { code: 'calendar_year_missing', params: { year: 2028 } } };
    expect(calendar.isWorkingDay('2028-01-03')).toEqual(missing);
    expect(calendar.dayInfo('2028-06-01')).toEqual(missing);
    expect(value(calendar.addWorkingDays('2027-12-28', 3))).toBe('2027-12-31');
    expect(calendar.addWorkingDays('2027-12-28', 4)).toEqual(missing);
    expect(calendar.workingDaysBetween('2027-12-01', '2028-01-10')).toEqual(missing);
    expect(calendar.deadlineFor('2027-12-29T10:00:00+05:00', { kind: 'working_days', value: 10 })).toEqual(missing);
    expect(calendar.deadlineStatus('2028-01-10T13:00:00Z', '2027-12-30T05:00:00Z')).toEqual(missing);
    expect(calendar.workingDaysBetween('2024-12-30', '2025-01-06')).toEqual({
      ok: false,
      error: { code: 'calendar_year_missing', params: { year: 2024 } },
    });
  });

  it('refuses bad input', () => {
    expect(calendar.isWorkingDay('2025-02-30')).toEqual({ ok: false, error: { code: 'invalid_date', params: { value: '2025-02-30' } } });
    expect(calendar.isWorkingDay('25-03-01')).toMatchObject({ ok: false, error: { code: 'invalid_date' } });
    expect(calendar.addWorkingDays('2025-03-03', -1)).toMatchObject({ ok: false, error: { code: 'invalid_count' } });
    expect(calendar.addWorkingDays('2025-03-03', 1.5)).toMatchObject({ ok: false, error: { code: 'invalid_count' } });
    expect(calendar.deadlineFor('2025-03-03 10:00', { kind: 'working_days', value: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_date' } });
    expect(calendar.deadlineFor('2025-03-03T10:00:00Z', { kind: 'hours', value: 0 })).toMatchObject({ ok: false, error: { code: 'invalid_deadline' } });
    expect(calendar.deadlineFor('2025-03-03T10:00:00Z', { kind: 'days' as 'hours', value: 1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_deadline' },
    });
    expect(() => createCalendar([fixture2024, fixture2024])).toThrow();
  });
});

describe('deadlines', () => {
  it('ends n working days after registration at 18:00 Almaty time', () => {
    // Registered Monday 3 March 2025, 10:00 in Almaty; 1 working day → end of Tuesday 4 March.
    expect(value(calendar.deadlineFor('2025-03-03T10:00:00+05:00', { kind: 'working_days', value: 1 }))).toBe('2025-03-04T13:00:00.000Z');
    // 10 working days (disabled children's support) from Thursday 20 March 2025: 26, 27, 28, 31 March,
    // 1, 2, 3, 4, 7, 8 April → Tuesday 8 April.
    expect(value(calendar.deadlineFor('2025-03-20T09:00:00+05:00', { kind: 'working_days', value: 10 }))).toBe('2025-04-08T13:00:00.000Z');
    // Late in the evening still counts as the day of registration.
    expect(value(calendar.deadlineFor('2025-03-03T18:30:00Z', { kind: 'working_days', value: 1 }))).toBe('2025-03-04T13:00:00.000Z');
  });

  it('takes the registration day in Almaty, not in UTC', () => {
    // 20:00 UTC on Thursday 6 March is 01:00 on Friday 7 March in Almaty; 8–10 March are off.
    expect(value(calendar.deadlineFor('2025-03-06T20:00:00Z', { kind: 'working_days', value: 1 }))).toBe('2025-03-11T13:00:00.000Z');
    expect(value(calendar.deadlineFor('2025-03-06T18:59:00Z', { kind: 'working_days', value: 1 }))).toBe('2025-03-07T13:00:00.000Z');
  });

  it('starts counting after the next working day when registered on a day off', () => {
    // Saturday 1 March 2025 (portal): taken as registered on Monday 3 March.
    expect(value(calendar.deadlineFor('2025-03-01T12:00:00+05:00', { kind: 'working_days', value: 1 }))).toBe('2025-03-04T13:00:00.000Z');
    expect(value(calendar.deadlineFor('2025-03-01T12:00:00+05:00', { kind: 'working_days', value: 0 }))).toBe('2025-03-03T13:00:00.000Z');
  });

  it('takes the end of the working day and the offset as parameters', () => {
    const registered = '2025-03-20T09:00:00+05:00';
    expect(value(calendar.deadlineFor(registered, { kind: 'working_days', value: 1 }, { endOfWorkingDay: '23:59' }))).toBe(
      '2025-03-26T18:59:00.000Z',
    );
    expect(value(calendar.deadlineFor(registered, { kind: 'working_days', value: 1 }, { utcOffsetMinutes: 360 }))).toBe(
      '2025-03-26T12:00:00.000Z',
    );
    expect(calendar.deadlineFor(registered, { kind: 'working_days', value: 1 }, { endOfWorkingDay: '6pm' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_deadline' },
    });
  });

  it('counts hours and minutes in elapsed time, holidays or not', () => {
    expect(value(calendar.deadlineFor('2025-03-21T10:00:00+05:00', { kind: 'minutes', value: 10 }))).toBe('2025-03-21T05:10:00.000Z');
    expect(value(calendar.deadlineFor('2025-03-21T10:00:00+05:00', { kind: 'hours', value: 24 }))).toBe('2025-03-22T05:00:00.000Z');
    // No year data is needed for them.
    expect(value(calendar.deadlineFor('2030-01-01T10:00:00+05:00', { kind: 'minutes', value: 15 }))).toBe('2030-01-01T05:15:00.000Z');
  });
});

describe('deadline status', () => {
  const deadline = '2025-03-26T13:00:00.000Z'; // Wednesday 26 March 2025, 18:00 in Almaty

  it('is on time while more working days remain than the at-risk margin', () => {
    expect(value(calendar.deadlineStatus(deadline, '2025-03-20T10:00:00+05:00'))).toEqual({
      status: 'on_time',
      msLeft: Date.parse(deadline) - Date.parse('2025-03-20T10:00:00+05:00'),
      workingDaysLeft: 2,
    });
  });

  it('is at risk on the last working day, and over the days off before it', () => {
    expect(value(calendar.deadlineStatus(deadline, '2025-03-26T09:00:00+05:00'))).toMatchObject({ status: 'at_risk', workingDaysLeft: 1 });
    expect(value(calendar.deadlineStatus(deadline, '2025-03-25T12:00:00+05:00'))).toMatchObject({ status: 'at_risk', workingDaysLeft: 1 });
    expect(value(calendar.deadlineStatus(deadline, '2025-03-26T17:59:00+05:00'))).toEqual({
      status: 'at_risk',
      msLeft: 60_000,
      workingDaysLeft: 1,
    });
  });

  it('takes a configurable at-risk margin', () => {
    expect(value(calendar.deadlineStatus(deadline, '2025-03-20T10:00:00+05:00', { atRiskWorkingDays: 2 }))).toMatchObject({ status: 'at_risk' });
    expect(value(calendar.deadlineStatus(deadline, '2025-03-26T09:00:00+05:00', { atRiskWorkingDays: 0 }))).toMatchObject({ status: 'on_time' });
  });

  it('is overdue after the deadline', () => {
    expect(value(calendar.deadlineStatus(deadline, '2025-03-26T18:01:00+05:00'))).toEqual({
      status: 'overdue',
      msLeft: -60_000,
      workingDaysLeft: 0,
    });
    expect(value(calendar.deadlineStatus(deadline, '2025-04-15T10:00:00+05:00'))).toMatchObject({ status: 'overdue' });
  });

  it('handles minute deadlines with a margin in minutes', () => {
    const registered = '2025-03-04T10:00:00+05:00';
    const due = value(calendar.deadlineFor(registered, { kind: 'minutes', value: 10 }));
    const options = { atRiskWorkingDays: 0, atRiskMinutes: 5 };
    expect(value(calendar.deadlineStatus(due, '2025-03-04T10:03:00+05:00', options))).toMatchObject({ status: 'on_time', msLeft: 420_000 });
    expect(value(calendar.deadlineStatus(due, '2025-03-04T10:06:00+05:00', options))).toMatchObject({ status: 'at_risk', msLeft: 240_000 });
    expect(value(calendar.deadlineStatus(due, '2025-03-04T10:11:00+05:00', options))).toMatchObject({ status: 'overdue' });
  });

  it('refuses bad instants', () => {
    expect(calendar.deadlineStatus('tomorrow', '2025-03-04T10:00:00Z')).toMatchObject({ ok: false, error: { code: 'invalid_date' } });
    expect(calendar.deadlineStatus(deadline, '2025-03-04')).toMatchObject({ ok: false, error: { code: 'invalid_date' } });
  });
});
