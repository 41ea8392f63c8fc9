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
  // Working days left = working days from today to the deadline's day, both included; at risk while
  // that is at most one: from the day after the second-last working day up to the deadline's day.
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

export function deadlineInfo(calendar: Calendar, row: TimedRequest, term: Term | null, nowMs: number): DeadlineInfo {
  const state = deadlineState(row, nowMs);
  const running = state === 'on_time' || state === 'at_risk' || state === 'overdue';
  let workingDaysLeft: number | null = null;
  if (running && row.deadline) {
    const status = calendar.deadlineStatus(row.deadline, new Date(nowMs).toISOString());
    workingDaysLeft = status.ok ? status.value.workingDaysLeft : null;
  }
  return {
    at: row.deadline,
    term,
    state,
    atRiskFrom: row.at_risk_from,
    msLeft: running && row.deadline ? Date.parse(row.deadline) - nowMs : null,
    workingDaysLeft,
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
