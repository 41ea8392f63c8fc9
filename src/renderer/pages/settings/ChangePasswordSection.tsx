// Changing one's own password: the current one, then the new one twice.
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { methods } from '../../../shared/api/contract';
import { call } from '../../api/client';
import { FormError, FormSuccess, TextField } from '../../components/Field';
import { NewPasswordFields } from '../../components/PasswordFields';
import { useForm } from '../../forms/useForm';
import { checkForm, confirmIssue } from '../../forms/validation';

export function ChangePasswordSection() {
  const { t } = useTranslation();
  const form = useForm({ current: '', next: '', confirm: '' });
  const { values, errors } = form;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const formEl = event.currentTarget as HTMLFormElement;
    const input = { current: values.current, next: values.next };
    const clientErrors = checkForm(methods['auth.changePassword'].input, input);
    const mismatch = confirmIssue(values.next, values.confirm);
    if (mismatch) clientErrors.confirm = mismatch;
    const result = await form.submit(clientErrors, () => call('auth.changePassword', input), formEl);
    if (result.ok) {
      form.setValues({ current: '', next: '', confirm: '' });
      form.setSuccess({ key: 'settings.passwordChanged' });
    }
  };

  return (
    <section className="card" aria-labelledby="settings-password">
      <h2 id="settings-password">{t('settings.passwordHeading')}</h2>
      <form className="form" onSubmit={onSubmit} noValidate aria-labelledby="settings-password">
        <TextField
          label={t('fields.currentPassword')}
          type="password"
          autoComplete="current-password"
          value={values.current}
          onValueChange={(v) => form.set('current', v)}
          issue={errors.current}
        />
        <NewPasswordFields
          password={values.next}
          confirm={values.confirm}
          onPassword={(v) => form.set('next', v)}
          onConfirm={(v) => form.set('confirm', v)}
          passwordIssue={errors.next}
          confirmIssue={errors.confirm}
        />
        <FormError error={form.formError} />
        <FormSuccess note={form.success} />
        <div className="form-actions">
          <button type="submit" className="button primary" aria-disabled={form.busy || undefined}>
            {t('settings.changePassword')}
          </button>
        </div>
      </form>
    </section>
  );
}
