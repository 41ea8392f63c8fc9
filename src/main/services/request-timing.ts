// Time on a request: its legal deadline on the working-day calendar, from when it is at risk, its
// state at a moment, and the Annex 1 step norms (a step that runs over its norm is flagged).
//
// At risk: a working-day deadline is at risk once at most one working day is left up to its day —
// exactly when the calendar's deadlineStatus (atRiskWorkingDays = 1) says "at_risk";
// a deadline in hours or minutes is at risk for the last quarter of its term. The moment it starts
// is computed once (registration, extension) and stored, so the queue filters on it with an index.
import { stepName, stepNormsFor, type CatalogueService, type Channel, type Norm } from '../../shared/catalogue';
import { dayNumber, fromDayNumber, type Calendar } from '../../shared/calendar/working-days';
import type { DeadlineInfo, DeadlineState, StepTiming, Term } from '../../shared/requests/api';
import type { HistoryEvent, RequestState } from '../../shared/requests/lifecycle';

export const ALMATY_OFFSET_MINUTES = 300;
const OFFSET_MS = ALMATY_OFFSET_MINUTES * 60_000;
const MS_PER_DAY = 86_400_000;
/** Share of a term in hours or minutes at whose end the request is at risk. */
export const SHORT_TERM_RISK_SHARE = 0.25;

export const OPEN_STATES: readonly RequestState[] = ['registered', 'in_review', 'returned_for_correction'];
/** States in which the provider has answered: the deadline was met or missed. */
const ANSWERED_STATES: readonly RequestState[] = ['result_ready', 'issued', 'refused'];

/** The Almaty calendar date of an instant. */
export function localDate(ms: number): string {
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 10);
}

export function localYear(ms: number): number {
  return new Date(ms + OFFSET_MS).getUTCFullYear();
}

/** Midnight (Almaty) at the start of a day number, as an ISO instant. */
function localMidnight(day: number): string {
  return new Date(day * MS_PER_DAY - OFFSET_MS).toISOString();
}

/** From when a request with this deadline is at risk. */
export function atRiskFrom(calendar: Calendar, term: Term, registeredAt: string, deadline: string): string {
  const deadlineMs = Date.parse(deadline);
  if (term.kind !== 'working_days') {
    const length = Math.max(0, deadlineMs - Date.parse(registeredAt));
    return new Date(deadlineMs - length * SHORT_TERM_RISK_SHARE).toISOString();
  }
  // At risk while at most one working day is left counting today when it is a working day (the
  // calendar's deadlineStatus): from the day after the second-last working day up to the deadline's day.
  const deadlineDay = dayNumber(localDate(deadlineMs)) as number;
  let seen = 0;
  for (let day = deadlineDay; day > deadlineDay - 60; day -= 1) {
    const working = calendar.isWorkingDay(fromDayNumber(day));
    if (!working.ok) break;
    if (working.value && (seen += 1) === 2) return localMidnight(day + 1);
  }
  return localMidnight(deadlineDay);
}

export interface TimedRequest {
  state: RequestState;
  deadline: string | null;
  at_risk_from: string | null;
  completed_at: string | null;
}

export function deadlineState(row: TimedRequest, nowMs: number): DeadlineState {
  if (!row.deadline) return 'none';
  const deadlineMs = Date.parse(row.deadline);
  if (OPEN_STATES.includes(row.state)) {
    if (nowMs > deadlineMs) return 'overdue';
    if (row.at_risk_from && nowMs >= Date.parse(row.at_risk_from)) return 'at_risk';
    return 'on_time';
  }
  if (ANSWERED_STATES.includes(row.state) && row.completed_at) return Date.parse(row.completed_at) <= deadlineMs ? 'met' : 'late';
  return 'none';
}

/**
 * The working days left to a deadline as staff read them (the queue's badge and the request page
 * alike): the working days after today (Almaty; today itself is not counted) up to and including the
 * deadline's day. 0 on the deadline's day ("due today"); negative once that day is past — overdue by
 * the working days since it, today included (deadline Friday, today Monday: −1). 0 is also what an
 * overdue request gives on its deadline's day or on the days off right after it: the time past the
 * deadline says more then.
 *
 * null when the calendar lacks a year in between (never guessed), and for a deadline moved to a later
 * day off with no working day before it (an extension to a Saturday, read on the Friday): "due today"
 * would be wrong, the time left is shown instead.
 *
 * `memo` (per deadline day) lets a queue page count each day once.
 */
export function workingDaysLeft(calendar: Calendar, deadline: string, nowMs: number, memo?: Map<string, number | null>): number | null {
  const today = localDate(nowMs);
  const deadlineDay = localDate(Date.parse(deadline));
  const key = `${today}>${deadlineDay}`;
  const known = memo?.get(key);
  if (known !== undefined) return known;
  const between = calendar.workingDaysBetween(today, deadlineDay);
  // (`|| 0`: the calendar gives −0 for no working day counted backwards.)
  const value = !between.ok || (between.value === 0 && deadlineDay > today) ? null : between.value || 0;
  memo?.set(key, value);
  return value;
}

/** Whether a request in this deadline state has a running deadline (the clock still matters). */
export function isRunning(state: DeadlineState): boolean {
  return state === 'on_time' || state === 'at_risk' || state === 'overdue';
}

/**
 * Time and working days left of a running deadline; nulls otherwise. Working days for every deadline
 * but one in hours or minutes (a deadline set by extension, with no term of its own, runs in working
 * days, as its at-risk rule does).
 */
export function timeLeft(
  calendar: Calendar,
  row: Pick<TimedRequest, 'deadline'> & { deadline_kind: Term['kind'] | null },
  state: DeadlineState,
  nowMs: number,
  memo?: Map<string, number | null>,
): { msLeft: number | null; workingDaysLeft: number | null } {
  if (!isRunning(state) || !row.deadline) return { msLeft: null, workingDaysLeft: null };
  return {
    msLeft: Date.parse(row.deadline) - nowMs,
    workingDaysLeft: row.deadline_kind === 'hours' || row.deadline_kind === 'minutes' ? null : workingDaysLeft(calendar, row.deadline, nowMs, memo),
  };
}

export function deadlineInfo(calendar: Calendar, row: TimedRequest, term: Term | null, nowMs: number): DeadlineInfo {
  const state = deadlineState(row, nowMs);
  return {
    at: row.deadline,
    term,
    state,
    atRiskFrom: row.at_risk_from,
    ...timeLeft(calendar, { deadline: row.deadline, deadline_kind: term?.kind ?? null }, state, nowMs),
  };
}

const UNIT_MS: Record<Exclude<Norm['unit'], 'working_days'>, number> = { seconds: 1_000, minutes: 60_000, hours: 3_600_000 };

function normLimit(calendar: Calendar, norm: Norm, startedAt: string): string | null {
  if (norm.unit === 'working_days') {
    const limit = calendar.deadlineFor(startedAt, { kind: 'working_days', value: norm.value });
    return limit.ok ? limit.value : null;
  }
  return new Date(Date.parse(startedAt) + norm.value * UNIT_MS[norm.unit]).toISOString();
}

export interface StepSource {
  state: RequestState;
  channel: Channel;
  operation: string | null;
  created_at: string;
  registered_at: string | null;
}

/**
 * The steps of the Annex 1 tables the workstation can time from its own records: registration with a
 * number (from the draft to its registration), then the result or the reasoned refusal (from the
 * registration). A running step is timed to now.
 */
export function stepTimings(
  calendar: Calendar,
  service: CatalogueService,
  row: StepSource,
  history: readonly HistoryEvent[],
  nowMs: number,
): StepTiming[] {
  const norms = stepNormsFor(service, row.channel, row.operation ?? undefined);
  const normOf = (step: string) => norms.find((norm) => norm.step === step);
  const at = (action: string) => history.find((event) => event.action === action)?.at ?? null;
  const steps: StepTiming[] = [];
  const add = (step: 'register_request' | 'result' | 'refusal', startedAt: string, endedAt: string | null) => {
    const norm = normOf(step);
    if (!norm) return;
    const limitAt = normLimit(calendar, norm.norm, startedAt);
    const endMs = endedAt ? Date.parse(endedAt) : nowMs;
    steps.push({
      step,
      names: stepName(norm),
      norm: norm.norm,
      startedAt,
      endedAt,
      elapsedMs: Math.max(0, endMs - Date.parse(startedAt)),
      limitAt,
      exceeded: limitAt !== null && endMs > Date.parse(limitAt),
    });
  };
  if (row.state === 'discarded') return steps;
  add('register_request', row.created_at, row.registered_at);
  if (!row.registered_at) return steps;
  const refused = at('refuse');
  if (refused) add('refusal', row.registered_at, refused);
  else if (row.state !== 'withdrawn') add('result', row.registered_at, at('mark_result_ready'));
  return steps;
}
