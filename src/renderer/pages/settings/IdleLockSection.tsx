// How many idle minutes lock the screen (administrators).
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { methods } from '../../../shared/api/contract';
import type { FieldIssue } from '../../../shared/api/errors';
import { call } from '../../api/client';
import { FormError, FormSuccess, TextField } from '../../components/Field';
import { useForm } from '../../forms/useForm';
import { checkForm } from '../../forms/validation';
import { useAppDispatch, useAppSelector } from '../../store';
import { idleLockChanged } from '../../store/appSlice';

const MIN = 1;
const MAX = 120;

/** Numbers out of range are reported by zod as "too short/long": say it as a range instead. */
function asRange(issue: FieldIssue | undefined): FieldIssue | undefined {
  if (!issue) return undefined;
  if (['too_short', 'too_long', 'wrong_type', 'required', 'invalid'].includes(issue.code)) {
    return { path: issue.path, code: 'out_of_range', params: { min: MIN, max: MAX } };
  }
  return issue;
}

export function IdleLockSection() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const current = useAppSelector((state) => state.app.idleLockMinutes);
  const form = useForm({ minutes: String(current) });

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const formEl = event.currentTarget as HTMLFormElement;
    const text = form.values.minutes.trim();
    const minutes = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    const input = { minutes };
    const clientErrors = checkForm(methods['settings.setIdleLock'].input, input);
    const result = await form.submit(clientErrors, () => call('settings.setIdleLock', input), formEl);
    if (result.ok) {
      dispatch(idleLockChanged(result.value.minutes));
      form.setSuccess({ key: 'settings.idleLockSaved', params: { minutes: result.value.minutes } });
    }
  };

  return (
    <section className="card" aria-labelledby="settings-idle">
      <h2 id="settings-idle">{t('settings.idleHeading')}</h2>
      <form className="form form-inline" onSubmit={onSubmit} noValidate aria-labelledby="settings-idle">
        <TextField
          label={t('fields.idleLockMinutes')}
          type="number"
          inputMode="numeric"
          min={MIN}
          max={MAX}
          value={form.values.minutes}
          onValueChange={(v) => form.set('minutes', v)}
          issue={asRange(form.errors.minutes)}
          hint={t('settings.idleHint', { min: MIN, max: MAX })}
          className="field-narrow"
        />
        <div className="form-actions">
          <button type="submit" className="button primary" aria-disabled={form.busy || undefined}>
            {t('common.save')}
          </button>
        </div>
      </form>
      <FormError error={form.formError} />
      <FormSuccess note={form.success} />
    </section>
  );
}
