import { describe, expect, it } from 'vitest';
import { checkBin, checkDigit, checkIin, withCheckDigit } from '../../src/shared/domain/iin';
import { breakCheckDigit, makeIin } from '../helpers/iin';

describe('IIN', () => {
  it('accepts a valid IIN and reads birth date and sex from it', () => {
    const iin = makeIin('1987-03-21', 'female', 42);
    expect(checkIin(iin)).toEqual({ valid: true, birthDate: '1987-03-21', sex: 'female' });
    expect(checkIin(makeIin('2004-12-31', 'male'))).toMatchObject({ valid: true, birthDate: '2004-12-31', sex: 'male' });
    expect(checkIin(makeIin('1899-01-01', 'male'))).toMatchObject({ valid: true, birthDate: '1899-01-01' });
  });

  it('gives the reason for each kind of bad number', () => {
    const good = makeIin('1990-06-15');
    expect(checkIin('')).toEqual({ valid: false, problem: 'empty' });
    expect(checkIin('12345')).toEqual({ valid: false, problem: 'wrong_length' });
    expect(checkIin('9006151234567')).toEqual({ valid: false, problem: 'wrong_length' });
    expect(checkIin('90061A123456')).toEqual({ valid: false, problem: 'not_digits' });
    expect(checkIin(breakCheckDigit(good))).toEqual({ valid: false, problem: 'bad_check_digit' });
    expect(checkIin('900230300001')).toEqual({ valid: false, problem: 'bad_date' });
    expect(checkIin('900615000001')).toEqual({ valid: false, problem: 'bad_century' });
    expect(checkIin('900615700001')).toEqual({ valid: false, problem: 'bad_century' });
  });

  it('knows leap years', () => {
    expect(checkIin(makeIin('2000-02-29'))).toMatchObject({ valid: true });
    expect(checkIin('010229500010')).toEqual({ valid: false, problem: 'bad_date' });
    expect(checkIin('000230300010')).toEqual({ valid: false, problem: 'bad_date' });
  });

  it('uses the second weights when the first sum gives 10, and rejects a prefix no digit fits', () => {
    // Search the serials of one birth date for both cases; they are common enough to appear.
    let secondRound = 0;
    let impossible = 0;
    for (let serial = 0; serial < 2000; serial += 1) {
      const prefix = `8501013${String(serial).padStart(4, '0')}`;
      const digits = [...prefix].map(Number);
      const first = digits.reduce((sum, d, i) => sum + d * (i + 1), 0) % 11;
      if (first !== 10) {
        expect(checkDigit(prefix)).toBe(first);
        continue;
      }
      const weights = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];
      const second = digits.reduce((sum, d, i) => sum + d * (weights[i] as number), 0) % 11;
      if (second === 10) {
        impossible += 1;
        expect(checkDigit(prefix)).toBeNull();
        for (let d = 0; d <= 9; d += 1) expect(checkIin(`${prefix}${d}`).valid).toBe(false);
      } else {
        secondRound += 1;
        expect(checkIin(`${prefix}${second}`)).toMatchObject({ valid: true });
      }
    }
    expect(secondRound).toBeGreaterThan(0);
    expect(impossible).toBeGreaterThan(0);
  });
});

describe('BIN', () => {
  it('accepts a valid BIN and reads its type and unit', () => {
    const bin = withCheckDigit('05044000123') ?? withCheckDigit('05044000124');
    expect(bin).not.toBeNull();
    expect(checkBin(bin as string)).toMatchObject({
      valid: true,
      registered: { year2: 5, month: 4 },
      entityType: 'resident_legal_entity',
      unit: 'head',
    });
  });

  it('gives the reason for a bad BIN', () => {
    expect(checkBin('051340001234')).toEqual({ valid: false, problem: 'bad_date' });
    expect(checkBin(withCheckDigit('05047000123') ?? '050470001230')).toEqual({ valid: false, problem: 'bad_type' });
    const bin = (withCheckDigit('10105100007') ?? withCheckDigit('10105100008')) as string;
    expect(checkBin(breakCheckDigit(bin))).toEqual({ valid: false, problem: 'bad_check_digit' });
    expect(checkBin('1010510000')).toEqual({ valid: false, problem: 'wrong_length' });
  });
});
