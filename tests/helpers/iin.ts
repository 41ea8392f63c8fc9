// Valid IINs for tests: a birth date, a sex and a serial give exactly one number (or none).
import { withCheckDigit } from '../../src/shared/domain/iin';

export function makeIin(birth: string, sex: 'male' | 'female' = 'male', serial = 1): string {
  const [year, month, day] = birth.split('-').map(Number) as [number, number, number];
  const centuryDigit = { 1800: 1, 1900: 3, 2000: 5 }[Math.floor(year / 100) * 100] ?? 3;
  const digit7 = sex === 'male' ? centuryDigit : centuryDigit + 1;
  for (let s = serial; s < serial + 100; s += 1) {
    const prefix = `${String(year % 100).padStart(2, '0')}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${digit7}${String(s).padStart(4, '0')}`;
    const iin = withCheckDigit(prefix);
    if (iin) return iin;
  }
  throw new Error('no valid IIN near that serial');
}

/** Turns a valid number into one whose check digit is wrong. */
export function breakCheckDigit(iin: string): string {
  const last = Number(iin[11]);
  return `${iin.slice(0, 11)}${(last + 1) % 10}`;
}
