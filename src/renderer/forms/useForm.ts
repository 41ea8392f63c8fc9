// The state of a small form: values, per-field issues (from the client check or from the service),
// a form-level error and a busy flag. Values are never cleared on an error. Messages are kept as
// codes and translated when shown, so switching the language translates them too.
import { useCallback, useRef, useState } from 'react';
import { ApiClientError } from '../api/client';
import type { ShownError } from '../i18n';
import { byField, focusFirstInvalid, hasErrors, type FieldErrors } from './validation';

export type Submitted<T> = { ok: true; value: T } | { ok: false; error: ApiClientError | null };

/** A translation key and its parameters. */
export interface Note {
  key: string;
  params?: Record<string, string | number>;
}

export function useForm<V extends Record<string, unknown>>(initial: V) {
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<ShownError | null>(null);
  const [success, setSuccess] = useState<Note | null>(null);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);

  const set = useCallback(<K extends keyof V>(key: K, value: V[K]) => {
    setValues((current) => ({ ...current, [key]: value }));
    setErrors((current) => (current[key as string] ? { ...current, [key as string]: undefined } : current));
    setSuccess(null);
  }, []);

  /** Runs a submission: client issues stop it; service issues and errors are shown; values stay. */
  const submit = useCallback(async <T,>(
    clientErrors: FieldErrors,
    action: () => Promise<T>,
    form?: HTMLFormElement | null,
  ): Promise<Submitted<T>> => {
    if (busyRef.current) return { ok: false, error: null };
    setSuccess(null);
    if (hasErrors(clientErrors)) {
      setErrors(clientErrors);
      setFormError({ code: 'invalid_input' });
      focusFirstInvalid(form);
      return { ok: false, error: null };
    }
    setErrors({});
    setFormError(null);
    setBusy(true);
    busyRef.current = true;
    try {
      return { ok: true, value: await action() };
    } catch (error) {
      const apiError = error instanceof ApiClientError ? error : new ApiClientError({ code: 'internal' });
      if (apiError.issues.length > 0) {
        setErrors(byField(apiError.issues));
        focusFirstInvalid(form);
      }
      setFormError({ code: apiError.code, params: apiError.params });
      return { ok: false, error: apiError };
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  }, []);

  return { values, set, setValues, errors, setErrors, formError, setFormError, success, setSuccess, busy, submit };
}
