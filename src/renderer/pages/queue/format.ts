// How a request's time reads on screen: the countdown badge of the queue and the request page
// ("4 working days left", "At risk: 3 h 10 min left", "Overdue by 1 d 2 h"), with the status in
// words as well as in colour, and the localised names the catalogue carries.
import type { TFunction } from 'i18next';
import type { Localised } from '../../../shared/catalogue';
import type { DeadlineState } from '../../../shared/requests/api';

export type Language = keyof Localised;

/** The catalogue's text in the UI language (Kazakh when the language is not one of the three). */
export function localised(text: Localised, language: string): string {
  return language === 'ru' || language === 'en' ? text[language] : text.kk;
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
  /** Working days left, the deadline's day included, when known (the request page has it). */
  workingDaysLeft?: number | null | undefined;
}

/** The deadline's state now: a running one that has run out meanwhile is overdue. */
export function currentState(view: DeadlineView): DeadlineState {
  const running = view.state === 'on_time' || view.state === 'at_risk' || view.state === 'overdue';
  if (running && view.msLeft !== null && view.msLeft < 0) return 'overdue';
  return view.state;
}

/**
 * The countdown's words and tone. Open requests: time left in working days while more than one
 * remains, in hours and minutes on the last one (or when working days are not known and less than
 * two days are left), the time since the deadline once it has passed. Answered requests: whether
 * the deadline was met. Nothing for a request without a running deadline.
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
    case 'overdue':
      return {
        text: t('queue.countdown.overdue', { time: durationText(t, -(view.msLeft ?? 0)) }),
        tone: 'danger',
      };
    case 'on_time':
    case 'at_risk': {
      const ms = view.msLeft ?? 0;
      const days = view.workingDaysLeft;
      const left =
        typeof days === 'number' && days >= 2
          ? t('queue.countdown.workingDays', { n: days })
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
