// The satisfaction questionnaire of the regulations' Annex 3: two questions (the process and the
// quality of the result; the information about the procedure), each answered "not satisfied",
// "partly satisfied" or "satisfied", recorded once per request.
import { useId, useRef, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/format';
import { SATISFACTION, type QuestionnaireRecord, type RequestDetail, type Satisfaction } from '../../../shared/requests/api';
import { call } from '../../api/client';
import { FormError } from '../../components/Field';
import { useForm } from '../../forms/useForm';
import type { FieldErrors } from '../../forms/validation';
import { issueMessage } from '../../i18n';

const QUESTIONS = ['quality', 'information'] as const;

export function Questionnaire({
  detail,
  onRecorded,
  onReload,
}: {
  detail: RequestDetail;
  onRecorded(record: QuestionnaireRecord): void;
  onReload(): void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const form = useForm<{ quality: Satisfaction | ''; information: Satisfaction | '' }>({ quality: '', information: '' });
  const record = detail.questionnaire;
  const askable = detail.number !== null && detail.state !== 'discarded';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { quality, information } = form.values;
    const errors: FieldErrors = {};
    if (!quality) errors.quality = { path: 'quality', code: 'required' };
    if (!information) errors.information = { path: 'information', code: 'required' };
    const result = await form.submit(
      errors,
      () =>
        call('requests.questionnaire', {
          requestId: detail.id,
          quality: quality as Satisfaction,
          information: information as Satisfaction,
        }),
      formRef.current,
    );
    if (result.ok) onRecorded(result.value);
    else if (result.error?.code === 'questionnaire_recorded') onReload();
  };

  return (
    <section className="card questionnaire" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('request.questionnaire.heading')}</h2>
      {record ? (
        <>
          <p className="form-success" role="status">
            {t('request.questionnaire.recorded', { at: formatDateTime(record.recordedAt) })}
          </p>
          <dl className="record compact-record">
            {QUESTIONS.map((question) => (
              <div key={question} className="record-row">
                <dt>{t(`request.questionnaire.questions.${question}`)}</dt>
                <dd>{t(`request.questionnaire.answers.${record[question]}`)}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : !askable ? (
        <p className="muted">{t('request.questionnaire.notYet')}</p>
      ) : (
        <form ref={formRef} className="form" onSubmit={submit} noValidate aria-label={t('request.questionnaire.heading')}>
          <p className="field-hint">{t('request.questionnaire.intro')}</p>
          {QUESTIONS.map((question) => {
            const issue = form.errors[question];
            const errorId = `${headingId}-${question}-error`;
            return (
              <fieldset
                key={question}
                className="field"
                aria-invalid={issue ? true : undefined}
                aria-describedby={issue ? errorId : undefined}
              >
                <legend>{t(`request.questionnaire.questions.${question}`)}</legend>
                <div className="radio-options radio-column">
                  {SATISFACTION.map((answer) => (
                    <label key={answer} className="radio">
                      <input
                        type="radio"
                        name={`${headingId}-${question}`}
                        value={answer}
                        checked={form.values[question] === answer}
                        onChange={() => form.set(question, answer)}
                      />
                      <span>{t(`request.questionnaire.answers.${answer}`)}</span>
                    </label>
                  ))}
                </div>
                {issue ? (
                  <p className="field-error" id={errorId} role="alert">
                    {issueMessage(t, issue)}
                  </p>
                ) : null}
              </fieldset>
            );
          })}
          <FormError error={form.formError} />
          <div className="form-actions">
            <button type="submit" className="button primary" aria-disabled={form.busy || undefined}>
              {t('request.questionnaire.submit')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
