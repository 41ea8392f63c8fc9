// The registry panel's own logic, without a browser: the BIN's live check as it is typed, dates as
// staff type and read them, addresses, countries, the age of a cached answer, and the purpose kept
// for the signed-in person only.
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { withCheckDigit } from '../../src/shared/domain/iin';
import { liveBinIssue } from '../../src/renderer/components/BinField';
import { resources } from '../../src/renderer/i18n/index';
import { addressText, ageText, countryText, displayDate, parseDisplayDate } from '../../src/renderer/pages/registry/format';
import { sessionChanged } from '../../src/renderer/store/sessionSlice';
import registryReducer, { purposeChanged } from '../../src/renderer/store/registrySlice';
import type { SessionInfo } from '../../src/shared/api/contract';

function validBin(): string {
  for (let serial = 1; serial < 100; serial += 1) {
    const bin = withCheckDigit(`210540${String(serial).padStart(5, '0')}`);
    if (bin) return bin;
  }
  throw new Error('no BIN');
}

describe('the BIN as it is typed', () => {
  it('says nothing while the start is plausible, and nothing for a valid number', () => {
    expect(liveBinIssue('', false)).toBeUndefined();
    expect(liveBinIssue('21', false)).toBeUndefined();
    expect(liveBinIssue('210540', false)).toBeUndefined();
    expect(liveBinIssue(validBin(), false)).toBeUndefined();
  });

  it('reports a month that cannot be, and a type of organisation that does not exist, before all 12 digits', () => {
    expect(liveBinIssue('2113', false)?.code).toBe('id.bad_date_bin');
    expect(liveBinIssue('21007', false)?.code).toBe('id.bad_date_bin');
    expect(liveBinIssue('21057', false)?.code).toBe('id.bad_type');
    expect(liveBinIssue('210549', false)?.code).toBe('id.bad_type');
  });

  it('judges the length once the field is left, and the check digit at 12 digits', () => {
    expect(liveBinIssue('2105', false)).toBeUndefined();
    expect(liveBinIssue('2105', true)?.code).toBe('id.wrong_length');
    const bin = validBin();
    const wrong = `${bin.slice(0, 11)}${(Number(bin[11]) + 1) % 10}`;
    expect(liveBinIssue(wrong, false)?.code).toBe('id.bad_check_digit');
    expect(liveBinIssue('21a', false)?.code).toBe('id.not_digits');
  });
});

describe('dates', () => {
  it('read dd.MM.yyyy from the record, whatever the time zone', () => {
    expect(displayDate('1973-05-11')).toBe('11.05.1973');
  });

  it('accept dd.mm.yyyy as typed (also d.m.yyyy, "/" and "-"), and only real dates', () => {
    expect(parseDisplayDate('05.03.1987')).toBe('1987-03-05');
    expect(parseDisplayDate(' 5.3.1987 ')).toBe('1987-03-05');
    expect(parseDisplayDate('29/02/2000')).toBe('2000-02-29');
    expect(parseDisplayDate('29.02.2001')).toBeNull();
    expect(parseDisplayDate('31.04.1990')).toBeNull();
    expect(parseDisplayDate('1987-03-05')).toBeNull();
    expect(parseDisplayDate('05.13.1987')).toBeNull();
  });
});

describe('texts', () => {
  beforeAll(async () => {
    await i18next.init({ resources, lng: 'kk', fallbackLng: false, interpolation: { escapeValue: false }, initAsync: false });
  });

  it('give the age of a cached answer in minutes, hours or days', async () => {
    await i18next.changeLanguage('en');
    expect(ageText(i18next.t, 20)).toBe('less than a minute');
    expect(ageText(i18next.t, 25 * 60 + 10)).toBe('25 min');
    expect(ageText(i18next.t, 2 * 3600 + 59)).toBe('2 h');
    expect(ageText(i18next.t, 3 * 86_400)).toBe('3 d');
    expect(i18next.t('registry.source.cached', { age: ageText(i18next.t, 7200) })).toBe('Cached answer, 2 h old');
    await i18next.changeLanguage('ru');
    expect(i18next.t('registry.source.cached', { age: ageText(i18next.t, 7200) })).toBe('Ответ из кэша, сохранён 2 ч назад');
    await i18next.changeLanguage('kk');
    expect(i18next.t('registry.source.cached', { age: ageText(i18next.t, 7200) })).toBe('Кэштегі жауап, 2 сағ бұрын сақталған');
  });

  it('write an address on one line, with the flat in the UI language', async () => {
    const address = { region: 'Абай облысы', city: 'Семей', street: 'Желтоқсан көшесі', house: '17', flat: '4' };
    await i18next.changeLanguage('ru');
    expect(addressText(i18next.t, address)).toBe('Абай облысы, Семей, Желтоқсан көшесі, 17, кв. 4');
    await i18next.changeLanguage('kk');
    expect(addressText(i18next.t, { ...address, flat: null })).toBe('Абай облысы, Семей, Желтоқсан көшесі, 17');
  });

  it('name the usual citizenships in the UI language, with the code', async () => {
    await i18next.changeLanguage('kk');
    expect(countryText(i18next.t, 'KZ', 'kk')).toBe('Қазақстан (KZ)');
    await i18next.changeLanguage('ru');
    expect(countryText(i18next.t, 'UZ', 'ru')).toBe('Узбекистан (UZ)');
    // others by the engine, when it has the language
    expect(countryText(i18next.t, 'FR', 'ru')).toBe('Франция (FR)');
    expect(countryText(i18next.t, 'not a code', 'ru')).toBe('not a code');
  });
});

describe('the purpose of lookups', () => {
  const session = (staffId: string): SessionInfo => ({
    staffId,
    iin: '850412400111',
    fullName: 'Айгерим Сейткали',
    roles: ['registrar'],
    locked: false,
    signedInAt: '2026-03-02T04:15:00Z',
  });

  it('is kept while the same person is signed in (also across a screen lock) and forgotten at sign-out', () => {
    let state = registryReducer(undefined, sessionChanged(session('a')));
    state = registryReducer(state, purposeChanged('консультация'));
    state = registryReducer(state, sessionChanged({ ...session('a'), locked: true }));
    state = registryReducer(state, sessionChanged(session('a')));
    expect(state.purpose).toBe('консультация');
    state = registryReducer(state, sessionChanged(null));
    expect(state.purpose).toBe('');
    state = registryReducer(state, purposeChanged('x'));
    state = registryReducer(state, sessionChanged(session('b')));
    expect(state.purpose).toBe('');
  });
});
