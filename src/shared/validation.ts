// Field schemas shared by the forms in the UI and the API boundary in main:
// one definition, so a value the form accepts is a value the boundary accepts.
import { z } from 'zod';
import { checkBin, checkIin } from './domain/iin';
import { ROLES } from './domain/roles';
import type { FieldIssue } from './api/errors';

export const iinSchema = z.string().superRefine((value, ctx) => {
  const result = checkIin(value);
  if (!result.valid) ctx.addIssue({ code: 'custom', message: `id.${result.problem}` });
});

export const binSchema = z.string().superRefine((value, ctx) => {
  const result = checkBin(value);
  if (!result.valid) ctx.addIssue({ code: 'custom', message: `id.${result.problem}` });
});

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/** A new password: long enough, and not a single class of characters. */
export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN)
  .max(PASSWORD_MAX)
  .superRefine((value, ctx) => {
    if (!/\p{L}/u.test(value) || !/\p{N}/u.test(value)) {
      ctx.addIssue({ code: 'custom', message: 'password.letters_and_digits' });
    }
  });

/** A password being checked: never judged for strength, only bounded. */
export const passwordSchema = z.string().min(1).max(PASSWORD_MAX);

export const fullNameSchema = z
  .string()
  .trim()
  .min(2)
  .max(200)
  .regex(/^[\p{L}\p{M}' .-]+$/u, { message: 'name.letters_only' });

export const rolesSchema = z.array(z.enum(ROLES)).min(1).max(ROLES.length)
  .refine((roles) => new Set(roles).size === roles.length, { message: 'roles.duplicate' });

export const LOCALES = ['kk', 'ru', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const localeSchema = z.enum(LOCALES);

/** The value at a path of the checked input, to tell a missing field from a wrongly typed one. */
function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** Zod's issues as the API's field issues: translation keys plus the numbers the message needs. */
export function toFieldIssues(error: z.ZodError, input: unknown): FieldIssue[] {
  return error.issues.map((issue): FieldIssue => {
    const path = issue.path.map(String).join('.');
    switch (issue.code) {
      case 'custom':
        return { path, code: issue.message };
      case 'too_small':
        return { path, code: issue.origin === 'array' ? 'too_few' : 'too_short', params: { min: Number(issue.minimum) } };
      case 'too_big':
        return { path, code: issue.origin === 'array' ? 'too_many' : 'too_long', params: { max: Number(issue.maximum) } };
      case 'invalid_format':
        return { path, code: issue.message.includes('.') ? issue.message : 'bad_format' };
      case 'unrecognized_keys':
        return { path, code: 'unknown_field', params: { fields: issue.keys.join(', ') } };
      case 'invalid_value':
        return { path, code: 'not_allowed' };
      case 'invalid_type':
        return { path, code: valueAt(input, issue.path) === undefined ? 'required' : 'wrong_type' };
      default:
        return { path, code: 'invalid' };
    }
  });
}
