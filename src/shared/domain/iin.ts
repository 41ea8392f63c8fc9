// Kazakhstan's individual (IIN/ЖСН) and business (BIN/БСН) identification numbers.
// Both are 12 digits with the same check digit; the IIN also encodes birth date and sex.

export type IdNumberProblem =
  | 'empty'
  | 'not_digits'
  | 'wrong_length'
  | 'bad_century'
  | 'bad_date'
  | 'bad_type'
  | 'bad_check_digit';

export type Sex = 'male' | 'female';

export type IinCheck =
  | { valid: true; birthDate: string; sex: Sex }
  | { valid: false; problem: IdNumberProblem };

export type BinCheck =
  | { valid: true; registered: { year2: number; month: number }; entityType: BinEntityType; unit: BinUnit }
  | { valid: false; problem: IdNumberProblem };

export type BinEntityType = 'resident_legal_entity' | 'non_resident_legal_entity' | 'joint_venture_entrepreneur';
export type BinUnit = 'head' | 'branch' | 'representative_office' | 'peasant_farm';

const FIRST_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const SECOND_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/** The check digit for the first 11 digits, or null when no digit fits (such a number is never issued). */
export function checkDigit(first11: string): number | null {
  const digits = [...first11].map(Number);
  const weighted = (weights: number[]) => digits.reduce((sum, d, i) => sum + d * (weights[i] ?? 0), 0) % 11;
  const first = weighted(FIRST_WEIGHTS);
  if (first !== 10) return first;
  const second = weighted(SECOND_WEIGHTS);
  return second === 10 ? null : second;
}

function shapeProblem(value: string): IdNumberProblem | null {
  if (value.length === 0) return 'empty';
  if (!/^\d*$/.test(value)) return 'not_digits';
  if (value.length !== 12) return 'wrong_length';
  return null;
}

function checkDigitMatches(value: string): boolean {
  const expected = checkDigit(value.slice(0, 11));
  return expected !== null && expected === Number(value[11]);
}

const CENTURY_BY_DIGIT: Record<string, { century: number; sex: Sex }> = {
  '1': { century: 1800, sex: 'male' },
  '2': { century: 1800, sex: 'female' },
  '3': { century: 1900, sex: 'male' },
  '4': { century: 1900, sex: 'female' },
  '5': { century: 2000, sex: 'male' },
  '6': { century: 2000, sex: 'female' },
};

export function checkIin(raw: string): IinCheck {
  const value = raw.trim();
  const shape = shapeProblem(value);
  if (shape) return { valid: false, problem: shape };
  const centuryAndSex = CENTURY_BY_DIGIT[value[6] as string];
  if (!centuryAndSex) return { valid: false, problem: 'bad_century' };
  const year = centuryAndSex.century + Number(value.slice(0, 2));
  const month = Number(value.slice(2, 4));
  const day = Number(value.slice(4, 6));
  if (!isRealDate(year, month, day)) return { valid: false, problem: 'bad_date' };
  if (!checkDigitMatches(value)) return { valid: false, problem: 'bad_check_digit' };
  const birthDate = `${year}-${pad2(month)}-${pad2(day)}`;
  return { valid: true, birthDate, sex: centuryAndSex.sex };
}

const BIN_TYPES: Record<string, BinEntityType> = {
  '4': 'resident_legal_entity',
  '5': 'non_resident_legal_entity',
  '6': 'joint_venture_entrepreneur',
};
const BIN_UNITS: Record<string, BinUnit> = {
  '0': 'head',
  '1': 'branch',
  '2': 'representative_office',
  '3': 'peasant_farm',
};

export function checkBin(raw: string): BinCheck {
  const value = raw.trim();
  const shape = shapeProblem(value);
  if (shape) return { valid: false, problem: shape };
  const month = Number(value.slice(2, 4));
  if (month < 1 || month > 12) return { valid: false, problem: 'bad_date' };
  const entityType = BIN_TYPES[value[4] as string];
  const unit = BIN_UNITS[value[5] as string];
  if (!entityType || !unit) return { valid: false, problem: 'bad_type' };
  if (!checkDigitMatches(value)) return { valid: false, problem: 'bad_check_digit' };
  return { valid: true, registered: { year2: Number(value.slice(0, 2)), month }, entityType, unit };
}

/** Appends the check digit to 11 digits; null when that prefix can never be a valid number. */
export function withCheckDigit(first11: string): string | null {
  const digit = checkDigit(first11);
  return digit === null ? null : `${first11}${digit}`;
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
