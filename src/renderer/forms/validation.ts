// Form validation with the same zod schemas the service applies at its boundary, so a value the
// form accepts is one the service accepts; issues are the API's field issues, translated by code.
import type { z } from 'zod';
import type { FieldIssue } from '../../shared/api/errors';
import { toFieldIssues } from '../../shared/validation';

export type FieldErrors = Partial<Record<string, FieldIssue>>;

/** The first issue of each top-level field ("roles.0" belongs to "roles"). */
export function byField(issues: readonly FieldIssue[]): FieldErrors {
  const result: FieldErrors = {};
  for (const issue of issues) {
    const field = issue.path.split('.')[0] || '_';
    if (!result[field]) result[field] = issue;
  }
  return result;
}

/** The first problem with one value, or undefined when the schema accepts it. */
export function checkValue(schema: z.ZodType, value: unknown): FieldIssue | undefined {
  const parsed = schema.safeParse(value);
  if (parsed.success) return undefined;
  const issue = toFieldIssues(parsed.error, value)[0];
  return issue ? emptyIsRequired(issue, value) : undefined;
}

/** An empty text is "required", not "too short". */
function emptyIsRequired(issue: FieldIssue, value: unknown): FieldIssue {
  return issue.code === 'too_short' && typeof value === 'string' && value.trim() === ''
    ? { path: issue.path, code: 'required' }
    : issue;
}

/** All problems of a whole form's value, by field. */
export function checkForm(schema: z.ZodType, value: unknown): FieldErrors {
  const parsed = schema.safeParse(value);
  if (parsed.success) return {};
  const fields = (value ?? {}) as Record<string, unknown>;
  return byField(
    toFieldIssues(parsed.error, value).map((issue) => emptyIsRequired(issue, fields[issue.path.split('.')[0] ?? ''])),
  );
}

/** Moves the keyboard to the first field that needs correcting. */
export function focusFirstInvalid(form: HTMLFormElement | null | undefined): void {
  if (!form) return;
  requestAnimationFrame(() => {
    const invalid = form.querySelector<HTMLElement>('[aria-invalid="true"]');
    const target = invalid instanceof HTMLFieldSetElement ? invalid.querySelector<HTMLElement>('input') : invalid;
    target?.focus();
  });
}

export function hasErrors(errors: FieldErrors): boolean {
  return Object.values(errors).some(Boolean);
}

/** The client-only check that a password was typed the same twice. */
export function confirmIssue(password: string, confirm: string): FieldIssue | undefined {
  if (confirm.length === 0) return { path: 'confirm', code: 'required' };
  return password === confirm ? undefined : { path: 'confirm', code: 'password.mismatch' };
}

/** Keeps only digits-and-whatever the user typed, trimmed of surrounding spaces (IIN fields). */
export function normaliseIin(value: string): string {
  return value.trim();
}
