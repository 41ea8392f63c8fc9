// How a request's time reads on screen: the countdown badge of the queue and the request page
// ("4 working days left", "Due today, 3 h 10 min left", "Overdue by 2 working days", "At risk:
// 40 min left" for a term in minutes), with the status in words as well as in colour, and the
// localised names the catalogue carries. Counts of working days take i18next's plural forms.
import type { TFunction } from 'i18next';
import { serviceByCode, type Localised } from '../../../shared/catalogue';
import type { DeadlineState } from '../../../shared/requests/api';

export type Language = keyof Localised;

/** The catalogue's text in the UI language (Kazakh when the language is not one of the three). */
export function localised(text: Localised, language: string): string {
  return language === 'ru' || language === 'en' ? text[language] : text.kk;
}

/** The names of a service's checklist documents by their codes (a code the catalogue does not know, as it is). */
export function documentNames(serviceCode: string, codes: readonly string[], language: string): string[] {
  const documents = serviceByCode(serviceCode)?.documents ?? [];
  return codes.map((code) => {
    const document = documents.find((candidate) => candidate.code === code);
    return document ? localised(document.names, language) : code;
  });
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Whole days, hours and minutes of a duration (rounded down to the minute). */
export function splitDuration(ms: number): { days: number; hours: number; minutes: number } {
  const total = Math.floor(Math.max(0, ms) / MINUTE);
  return { days: Math.floor(total / (24 * 60)), hours: Math.floor((total % (24 * 60)) / 60), minutes: total % 60 };
}

/** A duration in the two largest units that matter: "2 d 5 h", "3 h", "3 h 10 min", "45 min", "less than a minute". */
export function durationText(t: TFunction, ms: number): string {
  const { days, hours, minutes } = splitDuration(ms);
  if (ms >= DAY) return hours ? t('queue.duration.daysHours', { d: days, h: hours }) : t('queue.duration.days', { d: days });
  if (ms >= HOUR) return minutes ? t('queue.duration.hoursMinutes', { h: hours, m: minutes }) : t('queue.duration.hours', { h: hours });
  if (minutes >= 1) return t('queue.duration.minutes', { m: minutes });
  return t('queue.duration.lessThanMinute');
}

/** The colour family of a badge; the text always says the same in words. */
export type Tone = 'ok' | 'neutral' | 'warn' | 'danger' | 'muted';

export interface DeadlineView {
  state: DeadlineState;
  /** Time left when it was read (negative when overdue); null without a running deadline. */
  msLeft: number | null;
  /**
   * For a deadline in working days (main counts them on the calendar): the working days after today
   * (today not counted) up to and including the deadline's day — 0 on that day, negative when overdue
   * by that many. null or absent for terms in hours or minutes, whose time is shown instead.
   */
  workingDaysLeft?: number | null | undefined;
}

/** The deadline's state now: a running one that has run out meanwhile is overdue. */
export function currentState(view: DeadlineView): DeadlineState {
  const running = view.state === 'on_time' || view.state === 'at_risk' || view.state === 'overdue';
  if (running && view.msLeft !== null && view.msLeft < 0) return 'overdue';
  return view.state;
}

/**
 * The countdown's words and tone. Open requests with a deadline in working days: the working days
 * left after today, "due today" with the hours and minutes on the deadline's day, and once it has
 * passed the working days since (or, on its own day and the days off after it, the time since).
 * Terms in hours or minutes: the time left, then the time since. At risk says so in words too.
 * Answered requests: whether the deadline was met. Nothing for a request without a running deadline.
 */
export function countdown(t: TFunction, view: DeadlineView): { text: string; tone: Tone } | null {
  const state = currentState(view);
  switch (state) {
    case 'none':
      return null;
    case 'met':
      return { text: t('queue.deadlineState.met'), tone: 'ok' };
    case 'late':
      return { text: t('queue.deadlineState.late'), tone: 'muted' };
    case 'overdue': {
      const days = view.workingDaysLeft;
      const text =
        typeof days === 'number' && days < 0
          ? t('queue.countdown.overdueWorkingDays', { count: -days })
          : t('queue.countdown.overdue', { time: durationText(t, -(view.msLeft ?? 0)) });
      return { text, tone: 'danger' };
    }
    case 'on_time':
    case 'at_risk': {
      const ms = view.msLeft ?? 0;
      const days = view.workingDaysLeft;
      // The deadline's day: "due today" says how pressing it is; the time left how much remains.
      if (days === 0) {
        return { text: t('queue.countdown.dueToday', { time: durationText(t, ms) }), tone: state === 'at_risk' ? 'warn' : 'neutral' };
      }
      const left =
        typeof days === 'number' && days > 0
          ? t('queue.countdown.workingDays', { count: days })
          : t('queue.countdown.left', { time: durationText(t, ms) });
      return state === 'at_risk'
        ? { text: t('queue.countdown.atRisk', { left }), tone: 'warn' }
        : { text: left, tone: 'neutral' };
    }
  }
}

/** msLeft as it is now, for a value read `elapsedMs` ago. */
export function msLeftNow(msLeft: number | null, elapsedMs: number): number | null {
  return msLeft === null ? null : msLeft - elapsedMs;
}
