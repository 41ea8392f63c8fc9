// The UI's languages: Kazakh (the default), Russian and English. Every visible string comes from
// these files; the service never sends prose, only codes that are translated here.
import i18next, { type TFunction } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { FieldIssue } from '../../shared/api/errors';
import type { Role } from '../../shared/domain/roles';
import { formatDateTime } from '../../shared/format';
import { LOCALES, type Locale } from '../../shared/validation';
import type { AnyErrorCode } from '../api/client';
import en from './en.json';
import kk from './kk.json';
import ru from './ru.json';

export const resources = { kk: { translation: kk }, ru: { translation: ru }, en: { translation: en } } as const;

export const LOCALE_STORAGE_KEY = 'qyzmet.locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The language to show before the service has answered: the last one used on this machine. */
export function rememberedLocale(): Locale {
  try {
    const value = window.localStorage.getItem(LOCALE_STORAGE_KEY);
    if (isLocale(value)) return value;
  } catch {
    // storage disabled
  }
  return 'kk';
}

export function rememberLocale(locale: Locale): void {
  try {
    window.localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // storage disabled: the service keeps the choice anyway
  }
}

export function initI18n(locale: Locale) {
  void i18next.use(initReactI18next).init({
    resources,
    lng: locale,
    fallbackLng: false,
    supportedLngs: [...LOCALES],
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
    returnEmptyString: false,
  });
  applyDocumentLanguage(locale);
  return i18next;
}

export function applyDocumentLanguage(locale: Locale): void {
  document.documentElement.lang = locale;
}

export async function switchLanguage(locale: Locale): Promise<void> {
  await i18next.changeLanguage(locale);
  applyDocumentLanguage(locale);
  rememberLocale(locale);
}

/** Any error shape the UI may show: an ApiError from the service or one from the client. */
export interface ShownError {
  code: AnyErrorCode | string;
  params?: Record<string, string | number>;
}

/** The translated sentence for an error code, with its parameters made readable. */
export function errorMessage(t: TFunction, error: ShownError): string {
  const params = error.params ?? {};
  switch (error.code) {
    case 'wrong_credentials': {
      const base = t('errors.wrong_credentials');
      return typeof params.attemptsLeft === 'number'
        ? `${base} ${t('errors.attemptsLeft', { attemptsLeft: params.attemptsLeft })}`
        : base;
    }
    case 'account_locked':
      return typeof params.until === 'string'
        ? t('errors.account_locked', { until: formatDateTime(params.until) })
        : t('errors.account_locked_no_time');
    case 'forbidden':
      return typeof params.role === 'string'
        ? t('errors.forbidden', { role: t(`roles.${params.role}`) })
        : t('errors.forbidden_no_role');
    case 'database_unavailable':
      return t('errors.database_unavailable');
    case 'enrolment_failed': {
      const reasonKey = typeof params.reason === 'string' ? `errors.enrolmentReasons.${params.reason}` : null;
      return reasonKey && i18next.exists(reasonKey) ? t(reasonKey) : t('errors.enrolment_failed');
    }
    default: {
      const key = `errors.${error.code}`;
      return i18next.exists(key) ? t(key, params) : t('errors.internal');
    }
  }
}

/** The translated reason for one field's problem. */
export function issueMessage(t: TFunction, issue: Pick<FieldIssue, 'code' | 'params'>): string {
  // "at least 1 character" is just "required"; "at least 1 item" is "choose one"
  if (issue.code === 'too_short' && issue.params?.min === 1) return t('fieldErrors.required');
  if (issue.code === 'too_few' && issue.params?.min === 1) return t('fieldErrors.choose_one');
  const key = `fieldErrors.${issue.code}`;
  return i18next.exists(key) ? t(key, issue.params ?? {}) : t('fieldErrors.invalid');
}

export function roleName(t: TFunction, role: Role): string {
  return t(`roles.${role}`);
}

export default i18next;
