// The language switch: on every screen before sign-in and in Settings. The choice is kept by the
// workstation service (settings.setLocale, allowed before sign-in) and on this machine for first paint.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LOCALES, type Locale } from '../../shared/validation';
import { call } from '../api/client';
import { isLocale, switchLanguage, type ShownError } from '../i18n';
import { useAppDispatch, useAppSelector } from '../store';
import { localeChanged } from '../store/appSlice';
import { FormError } from './Field';

export function useChangeLocale() {
  const dispatch = useAppDispatch();
  const phase = useAppSelector((state) => state.app.phase);
  const connection = useAppSelector((state) => state.connection.state);
  return async (locale: Locale): Promise<ShownError | null> => {
    dispatch(localeChanged(locale));
    await switchLanguage(locale);
    // With a broken database, or no service at all, nothing keeps it but this machine.
    if (phase === 'database_error' || connection === 'unavailable') return null;
    try {
      await call('settings.setLocale', { locale });
      return null;
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'internal';
      return { code };
    }
  };
}

export function LanguageSelect({ className }: { className?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const locale = useAppSelector((state) => state.app.locale);
  const changeLocale = useChangeLocale();
  const [error, setError] = useState<ShownError | null>(null);
  return (
    <div className={`language-select${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{t('language.label')}</label>
      <select
        id={id}
        value={locale}
        onChange={async (event) => {
          const next = event.target.value;
          if (isLocale(next)) setError(await changeLocale(next));
        }}
      >
        {LOCALES.map((code) => (
          <option key={code} value={code} lang={code}>
            {t(`language.${code}`)}
          </option>
        ))}
      </select>
      <FormError error={error ? { code: 'locale_not_saved' } : null} />
    </div>
  );
}
