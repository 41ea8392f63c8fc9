// The UI's three languages: the same keys everywhere, nothing empty, the same placeholders, and a
// translation for every code the service or the shared schemas can produce.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, methods } from '../../src/shared/api/contract';
import { ERROR_CODES, type FieldIssue } from '../../src/shared/api/errors';
import type { IdNumberProblem } from '../../src/shared/domain/iin';
import { ROLES } from '../../src/shared/domain/roles';
import { formatDateTime } from '../../src/shared/format';
import {
  binSchema,
  fullNameSchema,
  iinSchema,
  LOCALES,
  localeSchema,
  newPasswordSchema,
  passwordSchema,
  rolesSchema,
  toFieldIssues,
} from '../../src/shared/validation';
import en from '../../src/renderer/i18n/en.json';
import kk from '../../src/renderer/i18n/kk.json';
import ru from '../../src/renderer/i18n/ru.json';
import { errorMessage, issueMessage, resources } from '../../src/renderer/i18n/index';
import { PAGES } from '../../src/renderer/store/navSlice';
import type { ListTexts } from '../../src/renderer/pages/intake/controls';
import { makeIin, breakCheckDigit } from '../helpers/iin';
import type { z } from 'zod';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const FILES: Record<string, Json> = { kk, ru, en };

/** Every leaf as "a.b.c" (array items as "a.0"). */
function flatten(value: Json, prefix = '', out: Record<string, Json> = {}): Record<string, Json> {
  if (Array.isArray(value)) value.forEach((item, i) => flatten(item, `${prefix}${i}.`, out));
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) flatten(child, `${prefix}${key}.`, out);
  } else out[prefix.slice(0, -1)] = value;
  return out;
}

const flat = Object.fromEntries(Object.entries(FILES).map(([locale, json]) => [locale, flatten(json)])) as Record<
  string,
  Record<string, Json>
>;

function hasKey(locale: string, key: string): boolean {
  const value = flat[locale]?.[key];
  return typeof value === 'string' && value.trim().length > 0;
}

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** A key the renderer uses with `count`: present when its plural forms are (i18next picks key_one, key_other…). */
function hasKeyOrPlural(locale: string, key: string): boolean {
  return hasKey(locale, key) || hasKey(locale, `${key}_other`);
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1] as string).sort();
}

// ---- the field-issue codes the shared schemas can produce ----

/** Every IIN/BIN problem; the type check below fails to compile if one is added and not listed. */
const ID_PROBLEMS = [
  'empty',
  'not_digits',
  'wrong_length',
  'bad_century',
  'bad_date',
  'bad_type',
  'bad_check_digit',
] as const satisfies readonly IdNumberProblem[];
type Unlisted = Exclude<IdNumberProblem, (typeof ID_PROBLEMS)[number]>;
const allIdProblemsListed: [Unlisted] extends [never] ? true : false = true;

/** The codes toFieldIssues can return for zod's own issues (see src/shared/validation.ts). */
const GENERIC_CODES = [
  'too_short',
  'too_long',
  'too_few',
  'too_many',
  'required',
  'wrong_type',
  'not_allowed',
  'unknown_field',
  'invalid',
  'bad_format',
];

/** Codes main sends in issues itself, and the UI's own. */
const OTHER_CODES = ['iin_taken', 'password.mismatch', 'out_of_range', 'choose_one'];

function issuesOf(schema: z.ZodType, value: unknown): FieldIssue[] {
  const parsed = schema.safeParse(value);
  return parsed.success ? [] : toFieldIssues(parsed.error, value);
}

/** Codes actually produced by running the shared schemas and the contract's inputs on bad values. */
function producedCodes(): Set<string> {
  const valid = makeIin('1990-01-01');
  const samples: Array<[z.ZodType, unknown]> = [
    [iinSchema, ''],
    [iinSchema, '12ab'],
    [iinSchema, '123'],
    [iinSchema, '901301300001'],
    [iinSchema, '900101700001'],
    [iinSchema, breakCheckDigit(valid)],
    [iinSchema, 12],
    [binSchema, '991370000001'],
    [binSchema, '990170000001'],
    [newPasswordSchema, 'short1'],
    [newPasswordSchema, 'a1'.repeat(100)],
    [newPasswordSchema, 'onlyletters'],
    [passwordSchema, ''],
    [fullNameSchema, 'X'],
    [fullNameSchema, 'Agent 007'],
    [fullNameSchema, 'A'.repeat(300)],
    [rolesSchema, []],
    [rolesSchema, ['registrar', 'registrar']],
    [rolesSchema, ['chief']],
    [rolesSchema, [...ROLES, 'registrar']],
    [localeSchema, 'fr'],
  ];
  const codes = new Set<string>();
  for (const [schema, value] of samples) for (const issue of issuesOf(schema, value)) codes.add(issue.code);
  for (const method of Object.values(methods)) {
    for (const value of [{ unexpected: 1 }, { iin: 5, staffId: 'x', minutes: 0, roles: 'x', password: 7 }, null]) {
      for (const issue of issuesOf(method.input as z.ZodType, value)) codes.add(issue.code);
    }
  }
  return codes;
}

describe('locale files', () => {
  it('have exactly the same keys in kk, ru and en', () => {
    const en = Object.keys(flat.en ?? {}).sort();
    expect(en.length).toBeGreaterThan(100);
    for (const locale of LOCALES) {
      const keys = Object.keys(flat[locale] ?? {}).sort();
      expect({ locale, missing: en.filter((k) => !keys.includes(k)), extra: keys.filter((k) => !en.includes(k)) }).toEqual({
        locale,
        missing: [],
        extra: [],
      });
    }
  });

  it('have no empty values and only strings', () => {
    for (const locale of LOCALES) {
      const bad = Object.entries(flat[locale] ?? {}).filter(([, v]) => typeof v !== 'string' || v.trim() === '');
      expect({ locale, bad }).toEqual({ locale, bad: [] });
    }
  });

  it('give every plural key (one with an "_other" form) all the forms its language needs', () => {
    const problems: string[] = [];
    for (const locale of LOCALES) {
      const needed = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
      const bases = new Set(Object.keys(flat[locale] ?? {}).filter((key) => key.endsWith('_other')).map((key) => key.replace(PLURAL_SUFFIX, '')));
      expect(bases.size).toBeGreaterThan(0);
      for (const base of bases) {
        for (const category of needed) if (!hasKey(locale, `${base}_${category}`)) problems.push(`${locale}:${base}_${category}`);
        if (hasKey(locale, base)) problems.push(`${locale}:${base} (both plain and plural)`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('use the same placeholders in every language', () => {
    const mismatched: string[] = [];
    for (const [key, value] of Object.entries(flat.en ?? {})) {
      const expected = placeholders(String(value));
      for (const locale of LOCALES) {
        if (JSON.stringify(placeholders(String(flat[locale]?.[key]))) !== JSON.stringify(expected)) {
          mismatched.push(`${locale}:${key}`);
        }
      }
    }
    expect(mismatched).toEqual([]);
  });

  it('are really Kazakh and Russian', () => {
    const kazakhLetters = /[әғқңөұүһі]/i;
    const kkValues = Object.entries(flat.kk ?? {}).filter(([k]) => !k.startsWith('language.'));
    const ruValues = Object.entries(flat.ru ?? {}).filter(([k]) => !k.startsWith('language.'));
    // Kazakh text uses its own letters throughout; Russian text never does.
    expect(kkValues.filter(([, v]) => kazakhLetters.test(String(v))).length).toBeGreaterThan(kkValues.length / 2);
    expect(ruValues.filter(([, v]) => kazakhLetters.test(String(v))).map(([k]) => k)).toEqual([]);
    // Neither is left in English by mistake (same text as en, apart from names and codes).
    const same = (locale: string) =>
      Object.entries(flat[locale] ?? {})
        .filter(([k, v]) => !k.startsWith('language.') && v === flat.en?.[k] && /[a-z]{3}/i.test(String(v)))
        .map(([k]) => k);
    expect(same('kk')).toEqual(['app.name']);
    expect(same('ru')).toEqual(['app.name']);
  });
});

describe('every code has a translation', () => {
  const need = (keys: string[]) => {
    const missing = LOCALES.flatMap((locale) => keys.filter((key) => !hasKey(locale, key)).map((key) => `${locale}:${key}`));
    expect(missing).toEqual([]);
  };

  it('every API error code', () => need(ERROR_CODES.map((code) => `errors.${code}`)));
  it('the client-side error codes', () => need(['connection_lost', 'no_connection', 'locale_not_saved'].map((c) => `errors.${c}`)));
  it('every role', () => need(ROLES.map((role) => `roles.${role}`)));
  it('every audit action', () => need(AUDIT_ACTIONS.map((action) => `auditActions.${action}`)));
  it('every language name', () => need(LOCALES.map((locale) => `language.${locale}`)));
  it('every IIN/BIN problem', () => {
    expect(allIdProblemsListed).toBe(true);
    need(ID_PROBLEMS.map((problem) => `fieldErrors.id.${problem}`));
  });
  it('every field-issue code the shared schemas can produce', () => {
    const produced = producedCodes();
    // the samples really exercise the schemas
    for (const code of ['id.bad_check_digit', 'id.wrong_length', 'password.letters_and_digits', 'name.letters_only', 'roles.duplicate']) {
      expect(produced).toContain(code);
    }
    need([...new Set([...produced, ...GENERIC_CODES, ...OTHER_CODES])].map((code) => `fieldErrors.${code}`));
  });
  it('every page, station state and database problem the UI names', () => {
    need(PAGES.map((page) => `nav.${page}`));
    need(PAGES.filter((p) => p !== 'settings').flatMap((page) => [`pages.${page}.intro`, `pages.${page}.planned.0`]));
    need(['online', 'offline', 'not_configured', 'unknown'].map((s) => `status.connectivity.${s}`));
    need(['present', 'absent', 'not_configured', 'unknown'].map((s) => `status.tokenState.${s}`));
    need(['corrupt', 'too_new', 'unreadable'].flatMap((k) => [`databaseError.kind.${k}`, `databaseError.steps.${k}.0`]));
    need(['signed_out', 'connection_interrupted', 'locked_out'].map((n) => `notices.${n}`));
  });
  it('the words of a list field (ListFieldset), in both places it is used', () => {
    const texts: ListTexts[] = ['intake.form.list', 'documents.list'];
    need(texts.flatMap((prefix) => ['empty', 'entry', 'remove', 'removeLabel', 'add'].map((word) => `${prefix}.${word}`)));
  });
});

describe('keys used by the renderer exist', () => {
  const root = fileURLToPath(new URL('../../src/renderer', import.meta.url));
  const sources = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return sources(full);
      return /\.tsx?$/.test(entry.name) ? [full] : [];
    });

  it('every literal t("…") and note key is in every locale', () => {
    const keys = new Set<string>();
    for (const file of sources(root)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([A-Za-z_][\w.]*)'/g)) keys.add(m[1] as string);
      for (const m of text.matchAll(/\bkey:\s*'([A-Za-z_][\w.]*)'/g)) keys.add(m[1] as string);
    }
    expect(keys.size).toBeGreaterThan(50);
    const missing = LOCALES.flatMap((locale) => [...keys].filter((key) => !hasKeyOrPlural(locale, key)).map((k) => `${locale}:${k}`));
    expect(missing).toEqual([]);
  });
});

describe('messages with parameters', () => {
  beforeAll(async () => {
    await i18next.init({ resources, lng: 'en', fallbackLng: false, interpolation: { escapeValue: false }, initAsync: false });
  });

  it('say how many attempts are left', async () => {
    await i18next.changeLanguage('en');
    expect(errorMessage(i18next.t, { code: 'wrong_credentials', params: { attemptsLeft: 3 } })).toBe(
      'Wrong IIN or password. Attempts left before the account is locked: 3.',
    );
    expect(errorMessage(i18next.t, { code: 'wrong_credentials', params: {} })).toBe('Wrong IIN or password.');
  });

  it('show the lock-out time as dd.MM.yyyy HH:mm in Almaty time', async () => {
    for (const locale of LOCALES) {
      await i18next.changeLanguage(locale);
      const text = errorMessage(i18next.t, { code: 'account_locked', params: { until: '2026-03-02T04:15:00Z' } });
      expect(text).toContain(formatDateTime('2026-03-02T04:15:00Z'));
      expect(text).toContain('02.03.2026 09:15');
    }
  });

  it('translate field issues with their numbers, and unknown codes as "invalid"', async () => {
    await i18next.changeLanguage('ru');
    expect(issueMessage(i18next.t, { code: 'too_short', params: { min: 8 } })).toContain('8');
    expect(issueMessage(i18next.t, { code: 'too_short', params: { min: 1 } })).toBe(ru.fieldErrors.required);
    expect(issueMessage(i18next.t, { code: 'id.bad_check_digit' })).toBe(ru.fieldErrors.id.bad_check_digit);
    expect(issueMessage(i18next.t, { code: 'no.such.code' })).toBe(ru.fieldErrors.invalid);
    await i18next.changeLanguage('kk');
    expect(errorMessage(i18next.t, { code: 'forbidden', params: { role: 'administrator' } })).toContain(kk.roles.administrator);
    expect(errorMessage(i18next.t, { code: 'made_up' })).toBe(kk.errors.internal);
    expect(en.errors.internal).not.toBe(kk.errors.internal);
  });
});
