// The screen is locked (by the Lock button, Alt+L or idle time): only the signed-in person's
// password unlocks it; anyone may sign the session out.
import { useRef, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { methods, type SessionInfo } from '../../shared/api/contract';
import { call, getClient } from '../api/client';
import { FormError, TextField } from '../components/Field';
import { useForm } from '../forms/useForm';
import { checkForm } from '../forms/validation';
import { useAppDispatch } from '../store';
import { applySession, signOut } from '../store/actions';
import { AuthLayout } from './AuthLayout';

export function LockScreen({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const form = useForm({ password: '' });
  const passwordRef = useRef<HTMLInputElement>(null);


  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const formEl = event.currentTarget as HTMLFormElement;
    const input = { password: form.values.password };
    const result = await form.submit(checkForm(methods['auth.unlock'].input, input), () => call('auth.unlock', input), formEl);
    if (result.ok) {
      applySession(getClient(), dispatch, result.value);
    } else {
      passwordRef.current?.focus();
      passwordRef.current?.select();
    }
  };

  return (
    <AuthLayout title={t('lock.title')}>
      <div className="lock-icon" aria-hidden="true" />
      <h1>{t('lock.title')}</h1>
      <p>{t('lock.intro', { name: session.fullName, iin: session.iin })}</p>
      <form className="form" onSubmit={onSubmit} noValidate aria-label={t('lock.title')}>
        <TextField
          label={t('fields.password')}
          type="password"
          autoComplete="current-password"
          value={form.values.password}
          onValueChange={(v) => form.set('password', v)}
          issue={form.errors.password}
          inputRef={passwordRef}
          autoFocus
        />
        <FormError error={form.formError} />
        <div className="form-actions">
          <button type="submit" className="button primary" aria-disabled={form.busy || undefined}>
            {t('lock.unlock')}
          </button>
          <button type="button" className="button" onClick={() => void signOut(getClient(), dispatch)}>
            {t('lock.signOut')}
          </button>
        </div>
      </form>
    </AuthLayout>
  );
}
