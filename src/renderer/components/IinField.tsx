// An IIN input that checks the number with the national check-digit algorithm as it is typed and
// says why a number is wrong (wrong length, not a date, wrong check digit …).
import { useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../../shared/api/errors';
import { checkIin } from '../../shared/domain/iin';
import { iinSchema } from '../../shared/validation';
import { checkValue } from '../forms/validation';
import { TextField } from './Field';

export interface IinFieldProps {
  label?: string;
  value: string;
  onValueChange(value: string): void;
  /** An issue decided outside (on submit, or by the service); shown in preference. */
  issue?: FieldIssue | undefined;
  /** Whether to say "valid IIN, born …" under a correct number. */
  showValidNote?: boolean;
  autoFocus?: boolean;
  inputRef?: Ref<HTMLInputElement>;
  /** "username" on the sign-in forms (the default); "off" where the IIN is someone else's. */
  autoComplete?: string;
}

/** The live problem with a partly typed IIN: length is only judged once 12 characters are in or the field was left. */
export function liveIinIssue(value: string, left: boolean): FieldIssue | undefined {
  const trimmed = value.trim();
  if (trimmed.length === 0) return undefined;
  const issue = checkValue(iinSchema, value);
  if (!issue) return undefined;
  if (!left && issue.code === 'id.wrong_length' && trimmed.length < 12) return earlyProblem(trimmed) ?? undefined;
  return issue;
}

/**
 * A problem that is certain before all 12 digits are in: the first six are no date in any century,
 * or the 7th digit is no century. Judged with the shared check on the number completed with zeros.
 */
function earlyProblem(digits: string): FieldIssue | null {
  if (!/^\d+$/.test(digits) || digits.length < 6) return null;
  if (digits.length >= 7) {
    const check = checkIin(digits.padEnd(12, '0'));
    if (!check.valid && (check.problem === 'bad_century' || check.problem === 'bad_date')) {
      return { path: '', code: `id.${check.problem}` };
    }
    return null;
  }
  const dateInSomeCentury = ['1', '3', '5'].some((century) => {
    const check = checkIin(`${digits}${century}`.padEnd(12, '0'));
    return check.valid || check.problem !== 'bad_date';
  });
  return dateInSomeCentury ? null : { path: '', code: 'id.bad_date' };
}

export function IinField({
  label,
  value,
  onValueChange,
  issue,
  showValidNote = true,
  autoFocus,
  inputRef,
  autoComplete = 'username',
}: IinFieldProps) {
  const { t } = useTranslation();
  const [left, setLeft] = useState(false);
  // A submitted or service issue is cleared by the form when the value changes; then the live check shows.
  const shown = issue ?? liveIinIssue(value, left);
  const check = checkIin(value);
  const okNote =
    showValidNote && check.valid
      ? t('iin.valid', { date: check.birthDate.split('-').reverse().join('.') })
      : undefined;
  return (
    <TextField
      label={label ?? t('fields.iin')}
      value={value}
      onValueChange={(next) => onValueChange(next.replace(/\s+/g, ''))}
      onBlur={() => setLeft(value.trim().length > 0)}
      issue={shown}
      hint={t('iin.hint')}
      okNote={okNote}
      inputMode="numeric"
      autoComplete={autoComplete}
      maxLength={20}
      spellCheck={false}
      autoFocus={autoFocus}
      inputRef={inputRef}
    />
  );
}
