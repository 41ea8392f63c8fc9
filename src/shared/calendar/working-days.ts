// The Kazakhstan working-day calendar: legal deadlines of state services run in working days.
//
// The calendar is data, one file a year (resources/calendar/YYYY.json), because it is not a formula:
// public holidays that fall on a weekend move to the next working day (Law «On holidays in the
// Republic of Kazakhstan», art. 5), the first day of Kurban Ait and Orthodox Christmas are days off
// that do not move (Labour Code, art. 84 p. 5), the date of Kurban Ait is set each year, and the
// authorised body on labour transfers days off by order (Labour Code, art. 85 p. 3). The moved days
// are computed by that rule but stored in the file, so the file is the single truth; a fact that
// could not be checked against a source is stored with `verified: false` and a note, and
// `warnings(year)` reports it so the UI can say so. A year that is not in the data is reported
// (`calendar_year_missing`), never guessed.
//
// This module is pure: main reads and validates the files (`calendarYearSchema`) and passes the
// parsed years to `createCalendar`. Dates are 'YYYY-MM-DD' strings of the Almaty calendar; the
// arithmetic runs on UTC day numbers, so no local time zone is ever involved. The week is the
// five-day week (Saturday and Sunday off) that state service providers work.
//
// Counting a deadline of n working days (`addWorkingDays`, `deadlineFor`):
//   • the registration day itself is not counted;
//   • a request registered on a working day: the deadline is the end of the n-th working day after
//     the registration day (registered Monday, 1 working day → end of Tuesday);
//   • a request registered on a day off (the portal takes requests at any time): it is taken as
//     registered on the next working day, and counting starts after that day (registered Saturday,
//     1 working day → end of Tuesday);
//   • "the end of the day" is the end of the working day, 18:00 Asia/Almaty (UTC+5 — the whole
//     country since 1 March 2024), both parameters.
// Deadlines in hours or minutes (appointments, home calls) run in elapsed time from registration.
import { z } from 'zod';

// ---- dates as day numbers ----

export type IsoDate = string;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a valid 'YYYY-MM-DD', or null. */
export function dayNumber(date: unknown): number | null {
  if (typeof date !== 'string') return null;
  const match = DATE_PATTERN.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return ms / MS_PER_DAY;
}

export function fromDayNumber(day: number): IsoDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
function weekdayOf(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCDay();
}

function isWeekend(day: number): boolean {
  const weekday = weekdayOf(day);
  return weekday === 0 || weekday === 6;
}

function yearOf(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds of an ISO date-time with Z or an explicit offset, or null. */
function instantMs(value: unknown): number | null {
  if (typeof value !== 'string' || !ISO_INSTANT.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

// ---- the year file ----

const isoDateSchema = z.string().refine((value) => dayNumber(value) !== null, { message: 'calendar.bad_date' });

export const localizedNameSchema = z.strictObject({
  kk: z.string().min(1),
  ru: z.string().min(1),
  en: z.string().min(1),
});

/** Every fact says whether it was checked against a source; an unchecked one says why in `note`. */
const factFields = {
  verified: z.boolean(),
  note: z.string().min(1).optional(),
  sources: z.array(z.string().min(1)).optional(),
};

const holidaySchema = z.strictObject({
  date: isoDateSchema,
  name: localizedNameSchema,
  /** public: a national or state holiday (moves off a weekend); religious: a day off that does not move. */
  kind: z.enum(['public', 'religious']),
  ...factFields,
});

export const calendarYearSchema = z
  .strictObject({
    year: z.number().int().min(2000).max(2100),
    holidays: z.array(holidaySchema),
    /** Holidays of the usual list that are not days off this year, kept so the file explains itself. */
    droppedHolidays: z
      .array(z.strictObject({ date: isoDateSchema, name: localizedNameSchema, basis: z.string().min(1), ...factFields }))
      .optional(),
    /** A public holiday on a weekend and the working day it moves to (Law «On holidays», art. 5). */
    movedHolidays: z.array(z.strictObject({ from: isoDateSchema, to: isoDateSchema, basis: z.string().min(1), ...factFields })),
    /** Orders transferring a day off: `dayOff` becomes a day off, `workingDay` (a weekend day) a working day. */
    transfers: z.array(
      z.strictObject({ dayOff: isoDateSchema, workingDay: isoDateSchema.optional(), basis: z.string().min(1), ...factFields }),
    ),
    /** Whether `transfers` is known to be the complete list for the year. */
    transfersComplete: z.strictObject(factFields),
    /** The first day of Kurban Ait: a day off, never moved. */
    kurbanAit: z.strictObject({ date: isoDateSchema, ...factFields }),
    sources: z.array(
      z.strictObject({
        id: z.string().min(1),
        title: z.string().min(1),
        url: z.url(),
        publisher: z.string().min(1),
        published: isoDateSchema.optional(),
        supports: z.string().min(1),
      }),
    ),
  })
  .superRefine((data, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const inYear = (date: string, path: (string | number)[]) => {
      const day = dayNumber(date);
      if (day !== null && yearOf(day) !== data.year) issue(path, 'calendar.date_outside_year');
    };
    const sourceIds = new Set<string>();
    data.sources.forEach((source, index) => {
      if (sourceIds.has(source.id)) issue(['sources', index, 'id'], 'calendar.duplicate_source');
      sourceIds.add(source.id);
    });
    const checkFact = (fact: { verified: boolean; note?: string; sources?: string[] }, path: (string | number)[]) => {
      if (!fact.verified && !fact.note) issue([...path, 'note'], 'calendar.unverified_needs_note');
      fact.sources?.forEach((id, index) => {
        if (!sourceIds.has(id)) issue([...path, 'sources', index], 'calendar.unknown_source');
      });
    };

    const publicDays = new Set<string>();
    const offDays = new Set<string>();
    data.holidays.forEach((holiday, index) => {
      inYear(holiday.date, ['holidays', index, 'date']);
      checkFact(holiday, ['holidays', index]);
      if (offDays.has(holiday.date)) issue(['holidays', index, 'date'], 'calendar.duplicate_date');
      offDays.add(holiday.date);
      if (holiday.kind === 'public') publicDays.add(holiday.date);
    });
    inYear(data.kurbanAit.date, ['kurbanAit', 'date']);
    checkFact(data.kurbanAit, ['kurbanAit']);
    offDays.add(data.kurbanAit.date);
    checkFact(data.transfersComplete, ['transfersComplete']);
    data.droppedHolidays?.forEach((dropped, index) => {
      inYear(dropped.date, ['droppedHolidays', index, 'date']);
      checkFact(dropped, ['droppedHolidays', index]);
      if (offDays.has(dropped.date)) issue(['droppedHolidays', index, 'date'], 'calendar.dropped_still_listed');
    });

    const movedTo = new Set<string>();
    data.movedHolidays.forEach((moved, index) => {
      inYear(moved.from, ['movedHolidays', index, 'from']);
      inYear(moved.to, ['movedHolidays', index, 'to']);
      checkFact(moved, ['movedHolidays', index]);
      const from = dayNumber(moved.from);
      const to = dayNumber(moved.to);
      if (!publicDays.has(moved.from) || (from !== null && !isWeekend(from))) {
        issue(['movedHolidays', index, 'from'], 'calendar.moved_from_not_weekend_holiday');
      }
      if ((to !== null && isWeekend(to)) || offDays.has(moved.to) || movedTo.has(moved.to) || (from !== null && to !== null && to <= from)) {
        issue(['movedHolidays', index, 'to'], 'calendar.moved_to_not_working_day');
      }
      movedTo.add(moved.to);
    });

    data.transfers.forEach((transfer, index) => {
      inYear(transfer.dayOff, ['transfers', index, 'dayOff']);
      checkFact(transfer, ['transfers', index]);
      const dayOff = dayNumber(transfer.dayOff);
      if ((dayOff !== null && isWeekend(dayOff)) || offDays.has(transfer.dayOff) || movedTo.has(transfer.dayOff)) {
        issue(['transfers', index, 'dayOff'], 'calendar.transfer_day_off_not_working_day');
      }
      if (transfer.workingDay !== undefined) {
        inYear(transfer.workingDay, ['transfers', index, 'workingDay']);
        const working = dayNumber(transfer.workingDay);
        if ((working !== null && !isWeekend(working)) || offDays.has(transfer.workingDay)) {
          issue(['transfers', index, 'workingDay'], 'calendar.transfer_working_day_not_weekend');
        }
      }
    });
  });

export type CalendarYear = z.infer<typeof calendarYearSchema>;
export type LocalizedName = z.infer<typeof localizedNameSchema>;

/** Validates one parsed year file; the issues carry translation keys as messages. */
export function parseCalendarYear(json: unknown): { ok: true; value: CalendarYear } | { ok: false; issues: z.core.$ZodIssue[] } {
  const result = calendarYearSchema.safeParse(json);
  return result.success ? { ok: true, value: result.data } : { ok: false, issues: result.error.issues };
}

/**
 * The days the weekend rule moves the public holidays to: each public holiday on a Saturday or
 * Sunday gives the first later day that is not a weekend, a holiday, Kurban Ait, a transferred day
 * off or a day already taken by an earlier move (so Nauryz on Saturday and Sunday gives Monday and
 * Tuesday). The files store the result; a difference is reported by `calendarWarnings`.
 */
export function computeMovedHolidays(data: CalendarYear): { from: IsoDate; to: IsoDate }[] {
  const taken = new Set<number>();
  for (const holiday of data.holidays) taken.add(dayNumber(holiday.date) as number);
  taken.add(dayNumber(data.kurbanAit.date) as number);
  for (const transfer of data.transfers) taken.add(dayNumber(transfer.dayOff) as number);
  const result: { from: IsoDate; to: IsoDate }[] = [];
  const publicDays = data.holidays
    .filter((holiday) => holiday.kind === 'public')
    .map((holiday) => dayNumber(holiday.date) as number)
    .sort((a, b) => a - b);
  for (const day of publicDays) {
    if (!isWeekend(day)) continue;
    let candidate = day + 1;
    while (isWeekend(candidate) || taken.has(candidate)) candidate += 1;
    taken.add(candidate);
    result.push({ from: fromDayNumber(day), to: fromDayNumber(candidate) });
  }
  return result;
}

// ---- warnings ----

export type CalendarWarning =
  | { year: number; code: 'calendar_year_missing' }
  | {
      year: number;
      code: 'unverified';
      subject: 'holiday' | 'dropped_holiday' | 'moved_holiday' | 'transfer' | 'transfers_complete' | 'kurban_ait';
      date?: IsoDate;
      note: string;
    }
  | { year: number; code: 'moved_holiday_rule_mismatch'; date: IsoDate };

/** What the UI should tell about a year's data: unverified facts and moves that differ from the rule. */
export function calendarWarnings(data: CalendarYear): CalendarWarning[] {
  const warnings: CalendarWarning[] = [];
  const year = data.year;
  const unverified = (
    subject: Extract<CalendarWarning, { code: 'unverified' }>['subject'],
    fact: { verified: boolean; note?: string },
    date?: IsoDate,
  ) => {
    if (!fact.verified) warnings.push({ year, code: 'unverified', subject, ...(date ? { date } : {}), note: fact.note ?? '' });
  };
  for (const holiday of data.holidays) unverified('holiday', holiday, holiday.date);
  for (const dropped of data.droppedHolidays ?? []) unverified('dropped_holiday', dropped, dropped.date);
  for (const moved of data.movedHolidays) unverified('moved_holiday', moved, moved.to);
  for (const transfer of data.transfers) unverified('transfer', transfer, transfer.dayOff);
  unverified('transfers_complete', data.transfersComplete);
  unverified('kurban_ait', data.kurbanAit, data.kurbanAit.date);

  const stored = new Set(data.movedHolidays.map((moved) => `${moved.from}>${moved.to}`));
  const computed = computeMovedHolidays(data);
  const expected = new Set(computed.map((moved) => `${moved.from}>${moved.to}`));
  for (const moved of computed) {
    if (!stored.has(`${moved.from}>${moved.to}`)) warnings.push({ year, code: 'moved_holiday_rule_mismatch', date: moved.from });
  }
  for (const moved of data.movedHolidays) {
    if (!expected.has(`${moved.from}>${moved.to}`)) warnings.push({ year, code: 'moved_holiday_rule_mismatch', date: moved.from });
  }
  return warnings;
}

// ---- the calendar ----

/** The year is not in the data: the caller reports it, nothing is guessed. */
export interface CalendarYearMissing {
  code: 'calendar_year_missing';
  params: { year: number };
}

export type CalendarError =
  | CalendarYearMissing
  | { code: 'invalid_date'; params: { value: string } }
  | { code: 'invalid_count'; params: { value: number } }
  | { code: 'invalid_deadline'; params: { kind: string; value: number } };

export type CalendarResult<T> = { ok: true; value: T } | { ok: false; error: CalendarError };

export type DayKind =
  | 'workday'
  | 'weekend'
  | 'holiday' // a public holiday
  | 'religious' // Orthodox Christmas
  | 'kurban_ait'
  | 'moved_holiday' // the working day a weekend holiday moved to
  | 'transfer_day_off' // a working day made a day off by order
  | 'transfer_working_day'; // a weekend day made a working day by order

export interface DayInfo {
  date: IsoDate;
  working: boolean;
  kind: DayKind;
  /** The holiday's name; for a moved day, the holiday it was moved from. */
  name?: LocalizedName;
  /** For moved days and transfers: the legal basis as written in the data. */
  basis?: string;
  verified: boolean;
}

export type DeadlineSpec = { kind: 'working_days' | 'hours' | 'minutes'; value: number };

export interface DeadlineOptions {
  /** Local time the working day ends, 'HH:MM'. Default '18:00'. */
  endOfWorkingDay?: string;
  /** Offset of Almaty time from UTC in minutes. Default 300 (UTC+5). */
  utcOffsetMinutes?: number;
}

export interface StatusOptions {
  /** At risk when no more than this many working days remain, the deadline's day included. Default 1 (the last working day); 0 turns it off. */
  atRiskWorkingDays?: number;
  /** At risk when no more than this many minutes remain (for hour and minute deadlines). Default 0 (off). */
  atRiskMinutes?: number;
  utcOffsetMinutes?: number;
}

export type DeadlineState = 'on_time' | 'at_risk' | 'overdue';

export interface DeadlineStatus {
  status: DeadlineState;
  /** Milliseconds to the deadline; negative when overdue. */
  msLeft: number;
  /**
   * Working days from today to the deadline's day, both counted when working; 0 when overdue. The
   * at-risk rule's count: what staff are shown (today not counted) is request-timing's workingDaysLeft.
   */
  workingDaysLeft: number;
}

export interface Calendar {
  /** The years the data covers, ascending. */
  readonly years: readonly number[];
  dayInfo(date: IsoDate): CalendarResult<DayInfo>;
  isWorkingDay(date: IsoDate): CalendarResult<boolean>;
  /** The date itself when it is a working day, else the next working day. */
  nextWorkingDayFrom(date: IsoDate): CalendarResult<IsoDate>;
  /** The n-th working day after `start` (a day off counts as the next working day); n = 0 gives that day. */
  addWorkingDays(start: IsoDate, n: number): CalendarResult<IsoDate>;
  /** Working days d with a < d ≤ b; negative when b is before a. */
  workingDaysBetween(a: IsoDate, b: IsoDate): CalendarResult<number>;
  /** The deadline instant (ISO, UTC) of a request registered at `registeredAt`. */
  deadlineFor(registeredAt: string, deadline: DeadlineSpec, options?: DeadlineOptions): CalendarResult<string>;
  deadlineStatus(deadline: string, now: string, options?: StatusOptions): CalendarResult<DeadlineStatus>;
  /** The year's warnings, or `calendar_year_missing`. */
  warnings(year: number): CalendarWarning[];
}

const DEFAULT_OFFSET_MINUTES = 300;
const DEFAULT_END_OF_DAY = '18:00';
const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

interface YearIndex {
  data: CalendarYear;
  days: Map<number, Omit<DayInfo, 'date'>>;
}

function indexYear(data: CalendarYear): YearIndex {
  const days = new Map<number, Omit<DayInfo, 'date'>>();
  const names = new Map<string, LocalizedName>();
  // Lowest precedence first: later entries overwrite (a holiday can never be made a working day).
  for (const transfer of data.transfers) {
    days.set(dayNumber(transfer.dayOff) as number, { working: false, kind: 'transfer_day_off', basis: transfer.basis, verified: transfer.verified });
    if (transfer.workingDay !== undefined) {
      days.set(dayNumber(transfer.workingDay) as number, { working: true, kind: 'transfer_working_day', basis: transfer.basis, verified: transfer.verified });
    }
  }
  for (const holiday of data.holidays) names.set(holiday.date, holiday.name);
  for (const moved of data.movedHolidays) {
    const name = names.get(moved.from);
    days.set(dayNumber(moved.to) as number, {
      working: false,
      kind: 'moved_holiday',
      ...(name ? { name } : {}),
      basis: moved.basis,
      verified: moved.verified,
    });
  }
  days.set(dayNumber(data.kurbanAit.date) as number, {
    working: false,
    kind: 'kurban_ait',
    name: { kk: 'Құрбан айт', ru: 'Курбан айт', en: 'Kurban Ait' },
    verified: data.kurbanAit.verified,
  });
  for (const holiday of data.holidays) {
    days.set(dayNumber(holiday.date) as number, {
      working: false,
      kind: holiday.kind === 'public' ? 'holiday' : 'religious',
      name: holiday.name,
      verified: holiday.verified,
    });
  }
  return { data, days };
}

function yearMissing(year: number): { ok: false; error: CalendarYearMissing } {
  return { ok: false, error: { code: 'calendar_year_missing', params: { year } } };
}

function invalidDate(value: unknown): { ok: false; error: CalendarError } {
  return { ok: false, error: { code: 'invalid_date', params: { value: String(value) } } };
}

export function createCalendar(years: readonly CalendarYear[]): Calendar {
  const index = new Map<number, YearIndex>();
  for (const data of years) {
    if (index.has(data.year)) throw new Error(`createCalendar: year ${data.year} given twice`);
    index.set(data.year, indexYear(data));
  }
  const sortedYears = [...index.keys()].sort((a, b) => a - b);

  function infoOf(day: number): CalendarResult<Omit<DayInfo, 'date'>> {
    const year = yearOf(day);
    const entry = index.get(year);
    if (!entry) return yearMissing(year);
    const special = entry.days.get(day);
    if (special) return { ok: true, value: special };
    return { ok: true, value: isWeekend(day) ? { working: false, kind: 'weekend', verified: true } : { working: true, kind: 'workday', verified: true } };
  }

  function working(day: number): CalendarResult<boolean> {
    const info = infoOf(day);
    return info.ok ? { ok: true, value: info.value.working } : info;
  }

  /** The day itself if working, else the next working day. */
  function firstWorkingFrom(day: number): CalendarResult<number> {
    let current = day;
    for (;;) {
      const isWorking = working(current);
      if (!isWorking.ok) return isWorking;
      if (isWorking.value) return { ok: true, value: current };
      current += 1;
    }
  }

  function addDays(start: number, n: number): CalendarResult<number> {
    const first = firstWorkingFrom(start);
    if (!first.ok) return first;
    let current = first.value;
    let remaining = n;
    while (remaining > 0) {
      current += 1;
      const isWorking = working(current);
      if (!isWorking.ok) return isWorking;
      if (isWorking.value) remaining -= 1;
    }
    return { ok: true, value: current };
  }

  /** Working days d with a < d ≤ b, for a ≤ b. */
  function countBetween(a: number, b: number): CalendarResult<number> {
    let count = 0;
    for (let day = a + 1; day <= b; day += 1) {
      const isWorking = working(day);
      if (!isWorking.ok) return isWorking;
      if (isWorking.value) count += 1;
    }
    return { ok: true, value: count };
  }

  return {
    years: sortedYears,

    dayInfo(date) {
      const day = dayNumber(date);
      if (day === null) return invalidDate(date);
      const info = infoOf(day);
      return info.ok ? { ok: true, value: { date, ...info.value } } : info;
    },

    isWorkingDay(date) {
      const day = dayNumber(date);
      if (day === null) return invalidDate(date);
      return working(day);
    },

    nextWorkingDayFrom(date) {
      const day = dayNumber(date);
      if (day === null) return invalidDate(date);
      const first = firstWorkingFrom(day);
      return first.ok ? { ok: true, value: fromDayNumber(first.value) } : first;
    },

    addWorkingDays(start, n) {
      const day = dayNumber(start);
      if (day === null) return invalidDate(start);
      if (!Number.isInteger(n) || n < 0) return { ok: false, error: { code: 'invalid_count', params: { value: n } } };
      const result = addDays(day, n);
      return result.ok ? { ok: true, value: fromDayNumber(result.value) } : result;
    },

    workingDaysBetween(a, b) {
      const dayA = dayNumber(a);
      if (dayA === null) return invalidDate(a);
      const dayB = dayNumber(b);
      if (dayB === null) return invalidDate(b);
      if (dayB >= dayA) return countBetween(dayA, dayB);
      const reverse = countBetween(dayB, dayA);
      return reverse.ok ? { ok: true, value: -reverse.value } : reverse;
    },

    deadlineFor(registeredAt, deadline, options = {}) {
      const registeredMs = instantMs(registeredAt);
      if (registeredMs === null) return invalidDate(registeredAt);
      const offsetMs = (options.utcOffsetMinutes ?? DEFAULT_OFFSET_MINUTES) * 60_000;
      const value = deadline.value;
      const badDeadline = { ok: false as const, error: { code: 'invalid_deadline' as const, params: { kind: String(deadline.kind), value } } };
      switch (deadline.kind) {
        case 'minutes':
        case 'hours': {
          if (!Number.isFinite(value) || value <= 0) return badDeadline;
          const unit = deadline.kind === 'hours' ? 3_600_000 : 60_000;
          return { ok: true, value: new Date(registeredMs + value * unit).toISOString() };
        }
        case 'working_days': {
          if (!Number.isInteger(value) || value < 0) return badDeadline;
          const endOfDay = TIME_OF_DAY.exec(options.endOfWorkingDay ?? DEFAULT_END_OF_DAY);
          if (!endOfDay) return badDeadline;
          const localDay = Math.floor((registeredMs + offsetMs) / MS_PER_DAY);
          const last = addDays(localDay, value);
          if (!last.ok) return last;
          const localEndMs = last.value * MS_PER_DAY + (Number(endOfDay[1]) * 60 + Number(endOfDay[2])) * 60_000;
          return { ok: true, value: new Date(localEndMs - offsetMs).toISOString() };
        }
        default:
          return badDeadline;
      }
    },

    deadlineStatus(deadline, now, options = {}) {
      const deadlineMs = instantMs(deadline);
      if (deadlineMs === null) return invalidDate(deadline);
      const nowMs = instantMs(now);
      if (nowMs === null) return invalidDate(now);
      const msLeft = deadlineMs - nowMs;
      if (msLeft < 0) return { ok: true, value: { status: 'overdue', msLeft, workingDaysLeft: 0 } };
      const offsetMs = (options.utcOffsetMinutes ?? DEFAULT_OFFSET_MINUTES) * 60_000;
      const today = Math.floor((nowMs + offsetMs) / MS_PER_DAY);
      const deadlineDay = Math.floor((deadlineMs + offsetMs) / MS_PER_DAY);
      const todayWorking = working(today);
      if (!todayWorking.ok) return todayWorking;
      const after = countBetween(today, deadlineDay);
      if (!after.ok) return after;
      const workingDaysLeft = after.value + (todayWorking.value ? 1 : 0);
      const atRiskDays = options.atRiskWorkingDays ?? 1;
      const atRiskMs = (options.atRiskMinutes ?? 0) * 60_000;
      const atRisk = (atRiskDays > 0 && workingDaysLeft <= atRiskDays) || (atRiskMs > 0 && msLeft <= atRiskMs);
      return { ok: true, value: { status: atRisk ? 'at_risk' : 'on_time', msLeft, workingDaysLeft } };
    },

    warnings(year) {
      const entry = index.get(year);
      return entry ? calendarWarnings(entry.data) : [{ year, code: 'calendar_year_missing' }];
    },
  };
}
