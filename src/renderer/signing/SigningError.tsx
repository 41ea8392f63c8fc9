// A signing call's failure, in words: token and key-file reasons, refusals and every other API error.
import { useTranslation } from 'react-i18next';
import { ApiClientError } from '../api/client';
import type { ShownError } from '../i18n';
import { signingErrorMessage } from './format';

/** The shown form of anything a call threw. */
export function shownError(error: unknown): ShownError {
  return error instanceof ApiClientError ? { code: error.code, params: error.params } : { code: 'internal' };
}

export function SigningError({ error, iin }: { error: ShownError | null; iin?: string | undefined }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <div className="form-error" role="alert">
      {signingErrorMessage(t, error, iin ? { iin } : {})}
    </div>
  );
}
