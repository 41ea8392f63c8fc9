// The attachments' size limits (issue 6): per file and per request in megabytes (MiB, as the sizes
// shown everywhere else) and pages per document. Administrators change them; everyone else sees them.
// The service reads them at every file, so a change applies to the next file without a restart.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { methods } from '../../../shared/api/contract';
import type { FieldIssue } from '../../../shared/api/errors';
import { ATTACHMENT_LIMIT_RANGES, type AttachmentLimitSettings } from '../../../shared/attachments';
import { call } from '../../api/client';
import { FormError, FormSuccess, TextField } from '../../components/Field';
import { useForm } from '../../forms/useForm';
import { checkForm } from '../../forms/validation';
import type { ShownError } from '../../i18n';
import { shownError } from '../../attachments/model';

type Field = keyof AttachmentLimitSettings;
const FIELDS: readonly Field[] = ['maxFileMiB', 'maxRequestMiB', 'maxPages'];

const LABELS: Record<Field, string> = {
  maxFileMiB: 'fields.attachmentMaxFileMiB',
  maxRequestMiB: 'fields.attachmentMaxRequestMiB',
  maxPages: 'fields.attachmentMaxPages',
};

/** Numbers out of range (or not whole numbers) are reported by zod as "too short/long": say it as a range. */
function asRange(field: Field, issue: FieldIssue | undefined): FieldIssue | undefined {
  if (!issue) return undefined;
  if (['too_short', 'too_long', 'wrong_type', 'required', 'invalid'].includes(issue.code)) {
    const { min, max } = ATTACHMENT_LIMIT_RANGES[field];
    return { path: issue.path, code: 'out_of_range', params: { min, max } };
  }
  return issue;
}

const asNumber = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN);

export function AttachmentLimitsSection({ isAdmin }: { isAdmin: boolean }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState<AttachmentLimitSettings | null>(null);
  const [loadError, setLoadError] = useState<ShownError | null>(null);
  const form = useForm({ maxFileMiB: '', maxRequestMiB: '', maxPages: '' });
  const { setValues } = form;

  useEffect(() => {
    let active = true;
    call('settings.attachmentLimits', {}).then(
      (limits) => {
        if (!active) return;
        setCurrent(limits);
        setValues({ maxFileMiB: String(limits.maxFileMiB), maxRequestMiB: String(limits.maxRequestMiB), maxPages: String(limits.maxPages) });
      },
      (error: unknown) => {
        if (active) setLoadError(shownError(error));
      },
    );
    return () => {
      active = false;
    };
  }, [setValues]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const formEl = event.currentTarget as HTMLFormElement;
    const input = {
      maxFileMiB: asNumber(form.values.maxFileMiB),
      maxRequestMiB: asNumber(form.values.maxRequestMiB),
      maxPages: asNumber(form.values.maxPages),
    };
    const clientErrors = checkForm(methods['settings.setAttachmentLimits'].input, input);
    const result = await form.submit(clientErrors, () => call('settings.setAttachmentLimits', input), formEl);
    if (result.ok) {
      const saved = result.value;
      setCurrent(saved);
      form.setSuccess({ key: 'settings.attachmentLimitsSaved', params: { file: saved.maxFileMiB, request: saved.maxRequestMiB, pages: saved.maxPages } });
    }
  };

  const hint = (field: Field) => {
    const { min, max } = ATTACHMENT_LIMIT_RANGES[field];
    return field === 'maxPages' ? t('settings.attachmentsRangePages', { min, max }) : t('settings.attachmentsRangeMiB', { min, max });
  };
  const valueText = (field: Field, limits: AttachmentLimitSettings) =>
    field === 'maxPages' ? String(limits.maxPages) : t('settings.attachmentsValueMiB', { n: limits[field] });

  return (
    <section className="card" aria-labelledby="settings-attachments">
      <h2 id="settings-attachments">{t('settings.attachmentsHeading')}</h2>
      <p className="muted">{t('settings.attachmentsHelp')}</p>
      <FormError error={loadError} />
      {!current ? (
        loadError ? null : <p role="status">{t('common.loading')}</p>
      ) : isAdmin ? (
        <>
          <form className="form form-inline" onSubmit={onSubmit} noValidate aria-labelledby="settings-attachments">
            {FIELDS.map((field) => (
              <TextField
                key={field}
                label={t(LABELS[field])}
                type="number"
                inputMode="numeric"
                min={ATTACHMENT_LIMIT_RANGES[field].min}
                max={ATTACHMENT_LIMIT_RANGES[field].max}
                value={form.values[field]}
                onValueChange={(v) => form.set(field, v)}
                issue={asRange(field, form.errors[field])}
                hint={hint(field)}
                className="field-narrow"
              />
            ))}
            <div className="form-actions">
              <button type="submit" className="button primary" aria-disabled={form.busy || undefined}>
                {t('common.save')}
              </button>
            </div>
          </form>
          <FormError error={form.formError} />
          <FormSuccess note={form.success} />
        </>
      ) : (
        <>
          <dl className="facts">
            {FIELDS.map((field) => (
              <div key={field}>
                <dt>{t(LABELS[field])}</dt>
                <dd data-field={field}>{valueText(field, current)}</dd>
              </div>
            ))}
          </dl>
          <p className="muted">{t('settings.attachmentsReadOnly')}</p>
        </>
      )}
    </section>
  );
}
