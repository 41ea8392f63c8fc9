// Staff sign-in with IIN and password. The IIN is checked before anything is sent; wrong
// passwords say how many attempts are left; a locked account says until when.
import { useRef, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { methods } from '../../shared/api/contract';
import { formatDateTime } from '../../shared/format';
import { call, getClient } from '../api/client';
import { FormError, TextField } from '../components/Field';
import { IinField } from '../components/IinField';
import { useForm } from '../forms/useForm';
import { checkForm } from '../forms/validation';
import { useAppDispatch, useAppSelector } from '../store';
import { applySession } from '../store/actions';
import { phaseChanged } from '../store/appSlice';
import { noticeShown, type SessionNotice } from '../store/sessionSlice';
import { AuthLayout } from './AuthLayout';

export function NoticeText({ notice }: { notice: SessionNotice }) {
  const { t } = useTranslation();
  const params = { ...(notice.params ?? {}) };
  if (typeof params.until === 'string') params.until = formatDateTime(params.until);
  return <>{t(`notices.${notice.code}`, params)}</>;
}

export function SignInScreen() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const notice = useAppSelector((state) => state.session.notice);
  const form = useForm({ iin: '', password: '' });
  const { values, errors } = form;
  const passwordRef = useRef<HTMLInputElement>(null);


  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const formEl = event.currentTarget as HTMLFormElement;
    dispatch(noticeShown(null));
    const input = { iin: values.iin.trim(), password: values.password };
    const result = await form.submit(checkForm(methods['auth.signIn'].input, input), () => call('auth.signIn', input), formEl);
    if (result.ok) {
      applySession(getClient(), dispatch, result.value);
      return;
    }
    if (result.error?.code === 'not_initialized') dispatch(phaseChanged('first_run'));
    if (result.error?.code === 'wrong_credentials') {
      // keep what was typed; select the password so typing replaces it
      passwordRef.current?.focus();
      passwordRef.current?.select();
    }
  };

  return (
    <AuthLayout title={t('signIn.title')}>
      <h1>{t('signIn.title')}</h1>
      <p>{t('signIn.intro')}</p>
      {notice ? (
        <p className="notice" role="status">
          <NoticeText notice={notice} />
        </p>
      ) : null}
      <form className="form" onSubmit={onSubmit} noValidate aria-label={t('signIn.title')}>
        <IinField value={values.iin} onValueChange={(v) => form.set('iin', v)} issue={errors.iin} showValidNote={false} autoFocus />
        <TextField
          label={t('fields.password')}
          type="password"
          autoComplete="current-password"
          value={values.password}
          onValueChange={(v) => form.set('password', v)}
          issue={errors.password}
          inputRef={passwordRef}
        />
        <FormError error={form.formError} />
        <div className="form-actions">
          <button type="submit" className="button primary" aria-disabled={form.busy || undefined}>
            {t('signIn.submit')}
          </button>
        </div>
      </form>
    </AuthLayout>
  );
}
