// The very first start: nobody is registered yet, so the person at the keyboard creates the
// administrator, who then registers the other staff.
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { methods } from '../../shared/api/contract';
import { call, getClient } from '../api/client';
import { IinField } from '../components/IinField';
import { NewPasswordFields } from '../components/PasswordFields';
import { FormError, TextField } from '../components/Field';
import { checkForm, confirmIssue } from '../forms/validation';
import { useForm } from '../forms/useForm';
import { useAppDispatch } from '../store';
import { applySession } from '../store/actions';
import { phaseChanged } from '../store/appSlice';
import { AuthLayout } from './AuthLayout';

export function FirstRunScreen() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const form = useForm({ iin: '', fullName: '', password: '', confirm: '' });
  const { values, errors } = form;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const formEl = event.currentTarget as HTMLFormElement;
    const input = { iin: values.iin.trim(), fullName: values.fullName, password: values.password };
    const clientErrors = checkForm(methods['auth.createAdministrator'].input, input);
    const mismatch = confirmIssue(values.password, values.confirm);
    if (mismatch) clientErrors.confirm = mismatch;
    const result = await form.submit(clientErrors, () => call('auth.createAdministrator', input), formEl);
    if (result.ok) {
      dispatch(phaseChanged('ready'));
      applySession(getClient(), dispatch, result.value);
    } else if (result.error?.code === 'already_initialized') {
      // someone finished the first run elsewhere: go to sign-in
      dispatch(phaseChanged('ready'));
    }
  };

  return (
    <AuthLayout title={t('firstRun.title')}>
      <h1 id="first-run-title">{t('firstRun.title')}</h1>
      <p>{t('firstRun.intro')}</p>
      <form className="form" onSubmit={onSubmit} noValidate aria-labelledby="first-run-title">
        <IinField
          value={values.iin}
          onValueChange={(v) => form.set('iin', v)}
          issue={errors.iin}
          autoFocus
        />
        <TextField
          label={t('fields.fullName')}
          value={values.fullName}
          onValueChange={(v) => form.set('fullName', v)}
          issue={errors.fullName}
          autoComplete="name"
          hint={t('fullName.hint')}
        />
        <NewPasswordFields
          password={values.password}
          confirm={values.confirm}
          onPassword={(v) => form.set('password', v)}
          onConfirm={(v) => form.set('confirm', v)}
          passwordIssue={errors.password}
          confirmIssue={errors.confirm}
          passwordLabel={t('fields.password')}
        />
        <FormError error={form.formError} />
        <div className="form-actions">
          <button type="submit" className="button primary" aria-disabled={form.busy || undefined}>
            {t('firstRun.submit')}
          </button>
        </div>
      </form>
    </AuthLayout>
  );
}
