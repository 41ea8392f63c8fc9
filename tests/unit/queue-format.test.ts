// The queue's countdown badge and its helpers, in the three languages: for a deadline in working
// days the working days left after today (plural forms per language), "due today" with the time on
// the deadline's day, the working days past it once overdue; for terms in hours or minutes the time
// left and past (in words, not only in colour); and whether an answered request met its deadline.
import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { resources } from '../../src/renderer/i18n/index';
import { countdown, currentState, durationText, localised, msLeftNow, splitDuration } from '../../src/renderer/pages/queue/format';
import { toQuery, type QueueFilters } from '../../src/renderer/pages/queue/QueuePage';
import navReducer, { pageOpened, requestClosed, requestOpened } from '../../src/renderer/store/navSlice';
import { sessionChanged } from '../../src/renderer/store/sessionSlice';
import type { SessionInfo } from '../../src/shared/api/contract';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

let t: TFunction;
beforeAll(async () => {
  await i18next.init({ resources, lng: 'en', fallbackLng: false, interpolation: { escapeValue: false }, initAsync: false });
  t = i18next.t;
});

async function inLanguage(locale: 'kk' | 'ru' | 'en'): Promise<TFunction> {
  await i18next.changeLanguage(locale);
  return i18next.t;
}

describe('durations', () => {
  it('split into whole days, hours and minutes, never negative', () => {
    expect(splitDuration(2 * DAY + 5 * HOUR + 59 * MIN + 59_999)).toEqual({ days: 2, hours: 5, minutes: 59 });
    expect(splitDuration(-5 * MIN)).toEqual({ days: 0, hours: 0, minutes: 0 });
  });

  it('read in the two largest units', async () => {
    t = await inLanguage('en');
    expect(durationText(t, 2 * DAY + 5 * HOUR + 10 * MIN)).toBe('2 d 5 h');
    expect(durationText(t, 3 * HOUR + 10 * MIN)).toBe('3 h 10 min');
    expect(durationText(t, 3 * HOUR + 30_000)).toBe('3 h');
    expect(durationText(t, 2 * DAY + 20 * MIN)).toBe('2 d');
    expect(durationText(t, 45 * MIN + 30_000)).toBe('45 min');
    expect(durationText(t, 30_000)).toBe('less than a minute');
  });
});

describe('the countdown badge', () => {
  it('says the working days left after today, and "due today" with the time on the deadline\'s day', async () => {
    t = await inLanguage('en');
    expect(countdown(t, { state: 'on_time', msLeft: 4 * DAY, workingDaysLeft: 3 })).toEqual({ text: '3 working days left', tone: 'neutral' });
    expect(countdown(t, { state: 'on_time', msLeft: 30 * HOUR, workingDaysLeft: 1 })).toEqual({ text: '1 working day left', tone: 'neutral' });
    // At risk over the weekend before a Monday deadline: one working day is left, and it says so.
    expect(countdown(t, { state: 'at_risk', msLeft: 2 * DAY, workingDaysLeft: 1 })).toEqual({ text: 'At risk: 1 working day left', tone: 'warn' });
    expect(countdown(t, { state: 'at_risk', msLeft: 5 * HOUR + 20 * MIN, workingDaysLeft: 0 })).toEqual({
      text: 'Due today, 5 h 20 min left',
      tone: 'warn',
    });
    // Terms in hours or minutes (no working days): the time itself.
    expect(countdown(t, { state: 'on_time', msLeft: 2 * DAY + 3 * HOUR, workingDaysLeft: null })).toEqual({ text: '2 d 3 h left', tone: 'neutral' });
    expect(countdown(t, { state: 'on_time', msLeft: 9 * MIN + 10_000 })).toEqual({ text: '9 min left', tone: 'neutral' });
    expect(countdown(t, { state: 'at_risk', msLeft: 40 * MIN, workingDaysLeft: null })).toEqual({ text: 'At risk: 40 min left', tone: 'warn' });
  });

  it('says how long ago an overdue deadline passed, in working days or in time, in red and in words', async () => {
    t = await inLanguage('en');
    expect(countdown(t, { state: 'overdue', msLeft: -(3 * DAY), workingDaysLeft: -2 })).toEqual({ text: 'Overdue by 2 working days', tone: 'danger' });
    expect(countdown(t, { state: 'overdue', msLeft: -DAY, workingDaysLeft: -1 })).toEqual({ text: 'Overdue by 1 working day', tone: 'danger' });
    // On the deadline's own day (or the days off after it) no working day has passed yet: the time.
    expect(countdown(t, { state: 'overdue', msLeft: -(2 * HOUR + 5 * MIN), workingDaysLeft: 0 })).toEqual({ text: 'Overdue by 2 h 5 min', tone: 'danger' });
    expect(countdown(t, { state: 'overdue', msLeft: -(26 * HOUR + 5 * MIN) })).toEqual({ text: 'Overdue by 1 d 2 h', tone: 'danger' });
    // A deadline that ran out since the row was read is overdue now.
    expect(currentState({ state: 'at_risk', msLeft: -1 })).toBe('overdue');
    expect(countdown(t, { state: 'at_risk', msLeft: -3 * MIN })).toEqual({ text: 'Overdue by 3 min', tone: 'danger' });
    expect(countdown(t, { state: 'at_risk', msLeft: -3 * MIN, workingDaysLeft: 0 })).toEqual({ text: 'Overdue by 3 min', tone: 'danger' });
  });

  it('says whether an answered request met its deadline, and nothing without one', async () => {
    t = await inLanguage('en');
    expect(countdown(t, { state: 'met', msLeft: null })).toEqual({ text: 'Done on time', tone: 'ok' });
    expect(countdown(t, { state: 'late', msLeft: null })).toEqual({ text: 'Done late', tone: 'muted' });
    expect(countdown(t, { state: 'none', msLeft: null })).toBeNull();
  });

  it('reads well in Kazakh and Russian, with the plural forms of each', async () => {
    t = await inLanguage('kk');
    expect(countdown(t, { state: 'on_time', msLeft: 4 * DAY, workingDaysLeft: 3 })?.text).toBe('3 жұмыс күні қалды');
    expect(countdown(t, { state: 'on_time', msLeft: 2 * DAY, workingDaysLeft: 1 })?.text).toBe('1 жұмыс күні қалды');
    expect(countdown(t, { state: 'at_risk', msLeft: 2 * HOUR + 5 * MIN, workingDaysLeft: 0 })?.text).toBe('Мерзімі бүгін аяқталады, 2 сағ 5 мин қалды');
    expect(countdown(t, { state: 'at_risk', msLeft: 2 * HOUR + 5 * MIN })?.text).toBe('Мерзімі таяу: 2 сағ 5 мин қалды');
    expect(countdown(t, { state: 'overdue', msLeft: -(2 * DAY + HOUR) })?.text).toBe('Мерзімі 2 күн 1 сағ бұрын өтті');
    expect(countdown(t, { state: 'overdue', msLeft: -(4 * DAY), workingDaysLeft: -2 })?.text).toBe('Мерзімі 2 жұмыс күні бұрын өтті');
    t = await inLanguage('ru');
    const left = (n: number) => countdown(t, { state: 'on_time', msLeft: (n + 1) * DAY, workingDaysLeft: n })?.text;
    expect([1, 2, 3, 4, 5, 11, 21, 22, 25].map(left)).toEqual([
      'ещё 1 рабочий день',
      'ещё 2 рабочих дня',
      'ещё 3 рабочих дня',
      'ещё 4 рабочих дня',
      'ещё 5 рабочих дней',
      'ещё 11 рабочих дней',
      'ещё 21 рабочий день',
      'ещё 22 рабочих дня',
      'ещё 25 рабочих дней',
    ]);
    const overdue = (n: number) => countdown(t, { state: 'overdue', msLeft: -n * DAY, workingDaysLeft: -n })?.text;
    expect([1, 3, 5].map(overdue)).toEqual(['Просрочено на 1 рабочий день', 'Просрочено на 3 рабочих дня', 'Просрочено на 5 рабочих дней']);
    expect(countdown(t, { state: 'at_risk', msLeft: 2 * DAY, workingDaysLeft: 1 })?.text).toBe('Срок на исходе: ещё 1 рабочий день');
    expect(countdown(t, { state: 'at_risk', msLeft: 3 * HOUR, workingDaysLeft: 0 })?.text).toBe('Срок сегодня, ещё 3 ч');
    expect(countdown(t, { state: 'at_risk', msLeft: 40 * MIN })?.text).toBe('Срок на исходе: ещё 40 мин');
    expect(countdown(t, { state: 'overdue', msLeft: -(3 * HOUR) })?.text).toBe('Просрочено на 3 ч');
  });

  it('ticks: the time left as it is now', () => {
    expect(msLeftNow(10 * MIN, 90_000)).toBe(10 * MIN - 90_000);
    expect(msLeftNow(null, 90_000)).toBeNull();
  });
});

describe('catalogue texts', () => {
  it('are shown in the UI language, Kazakh otherwise', () => {
    const text = { kk: 'Кезек', ru: 'Очередь', en: 'Queue' };
    expect(localised(text, 'ru')).toBe('Очередь');
    expect(localised(text, 'en')).toBe('Queue');
    expect(localised(text, 'kk')).toBe('Кезек');
    expect(localised(text, 'de')).toBe('Кезек');
  });
});

describe('the queue query', () => {
  const base: QueueFilters = { service: '', state: '', channel: '', deadline: '', assignee: '', search: '', sort: 'received', direction: 'desc' };

  it('sends only the filters in force', () => {
    expect(toQuery(base)).toEqual({ sort: 'received', direction: 'desc' });
    expect(
      toQuery({ ...base, service: 'phc.attachment', state: 'in_review', channel: 'walk_in', deadline: 'overdue', assignee: 'mine', search: '  асел  ' }),
    ).toEqual({
      sort: 'received',
      direction: 'desc',
      services: ['phc.attachment'],
      states: ['in_review'],
      channels: ['walk_in'],
      deadline: 'overdue',
      assignee: 'mine',
      search: 'асел',
    });
  });

  it('"open" means registered, in review and returned for correction', () => {
    expect(toQuery({ ...base, state: 'open' }).states).toEqual(['registered', 'in_review', 'returned_for_correction']);
  });
});

describe('the open request in the navigation', () => {
  const session = { staffId: 's1', iin: '1', fullName: 'X', roles: ['registrar'], locked: false, signedInAt: '' } as SessionInfo;

  it('opens over the queue, closes back to it, and is forgotten when the person signs out', () => {
    let state = navReducer(undefined, pageOpened('registry'));
    state = navReducer(state, requestOpened('r1'));
    expect(state).toEqual({ page: 'queue', openRequestId: 'r1' });
    expect(navReducer(state, requestClosed())).toEqual({ page: 'queue', openRequestId: null });
    expect(navReducer(state, pageOpened('queue')).openRequestId).toBeNull();
    expect(navReducer(state, sessionChanged({ ...session, locked: true })).openRequestId).toBe('r1');
    expect(navReducer(state, sessionChanged(null)).openRequestId).toBeNull();
  });
});
