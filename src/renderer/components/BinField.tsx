// A BIN input that checks the number with the national check-digit algorithm as it is typed and
// says why a number is wrong (wrong length, no month, no type of organisation, wrong check digit …).
import { useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../../shared/api/errors';
import { checkBin } from '../../shared/domain/iin';
import { binSchema } from '../../shared/validation';
import { checkValue } from '../forms/validation';
import { TextField } from './Field';

export interface BinFieldProps {
  label?: string;
  value: string;
  onValueChange(value: string): void;
  /** An issue decided outside (on submit, or by the service); shown in preference. */
  issue?: FieldIssue | undefined;
  inputRef?: Ref<HTMLInputElement>;
}

/** The IIN's wording does not fit a BIN: an empty BIN is "required", and its date is YYMM of registration. */
function forBin(issue: FieldIssue | undefined): FieldIssue | undefined {
  if (issue?.code === 'id.empty') return { path: issue.path, code: 'required' };
  if (issue?.code === 'id.bad_date') return { path: issue.path, code: 'id.bad_date_bin' };
  return issue;
}

/** The live problem with a partly typed BIN: length is only judged once 12 characters are in or the field was left. */
export function liveBinIssue(value: string, left: boolean): FieldIssue | undefined {
  const trimmed = value.trim();
  if (trimmed.length === 0) return undefined;
  const issue = checkValue(binSchema, value);
  if (!issue) return undefined;
  if (!left && issue.code === 'id.wrong_length' && trimmed.length < 12) return forBin(earlyProblem(trimmed));
  return forBin(issue);
}

/** Stands in for the digits not typed yet: a valid month, type and unit (the check digit does not matter here). */
const FILLER = '000140000000';

/** A problem certain before all 12 digits are in: digits 3–4 are no month, or digits 5–6 no type of organisation. */
function earlyProblem(digits: string): FieldIssue | undefined {
  if (!/^\d+$/.test(digits) || digits.length < 4) return undefined;
  const check = checkBin(`${digits}${FILLER.slice(digits.length)}`);
  if (!check.valid && (check.problem === 'bad_date' || check.problem === 'bad_type')) {
    return { path: '', code: `id.${check.problem}` };
  }
  return undefined;
}

export function BinField({ label, value, onValueChange, issue, inputRef }: BinFieldProps) {
  const { t } = useTranslation();
  const [left, setLeft] = useState(false);
  const shown = forBin(issue) ?? liveBinIssue(value, left);
  const check = checkBin(value);
  const okNote = check.valid
    ? t('registry.binValid', { type: t(`registry.binTypes.${check.entityType}`), unit: t(`registry.binUnits.${check.unit}`) })
    : undefined;
  return (
    <TextField
      label={label ?? t('registry.fields.bin')}
      value={value}
      onValueChange={(next) => onValueChange(next.replace(/\s+/g, ''))}
      onBlur={() => setLeft(value.trim().length > 0)}
      issue={shown}
      hint={t('registry.binHint')}
      okNote={okNote}
      inputMode="numeric"
      autoComplete="off"
      maxLength={20}
      spellCheck={false}
      inputRef={inputRef}
    />
  );
}
