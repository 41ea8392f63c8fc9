// Status lookup for an applicant who comes in: by the request number (typed any way the numbers
// module accepts: lower case, Cyrillic look-alikes) or by IIN/BIN. Answers what the regulations
// show the applicant: number, service, status, registration date and the term.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { methods } from '../../../shared/api/contract';
import { serviceByCode } from '../../../shared/catalogue';
import { formatDateTime } from '../../../shared/format';
import type { StatusLookupResult } from '../../../shared/requests/api';
import { call } from '../../api/client';
import { FormError, TextField } from '../../components/Field';
import { useForm } from '../../forms/useForm';
import { checkForm } from '../../forms/validation';
import { localised } from './format';

export function StatusLookupDialog({
  open,
  onClose,
  onShowInQueue,
}: {
  open: boolean;
  onClose(): void;
  /** Puts the number into the queue's search. */
  onShowInQueue(number: string): void;
}) {
  const { t, i18n } = useTranslation();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const resultRef = useRef<HTMLHeadingElement>(null);
  const titleId = useId();
  const form = useForm({ query: '' });
  const [result, setResult] = useState<{ query: string; answer: StatusLookupResult } | null>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  useEffect(() => {
    if (result) resultRef.current?.focus();
  }, [result]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const query = form.values.query.trim();
    const submitted = await form.submit(
      checkForm(methods['requests.statusLookup'].input, { query }),
      () => call('requests.statusLookup', { query }),
      formRef.current,
    );
    if (submitted.ok) setResult({ query, answer: submitted.value });
    else setResult(null);
  };

  const language = i18n.language;

  return (
    <dialog
      ref={dialogRef}
      className="dialog status-lookup"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <div className="dialog-header">
        <h2 id={titleId}>{t('queue.lookup.title')}</h2>
        <button type="button" className="button small" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
      <p className="field-hint">{t('queue.lookup.intro')}</p>
      <form ref={formRef} className="form form-inline" onSubmit={onSubmit} noValidate aria-label={t('queue.lookup.title')}>
        <TextField
          label={t('queue.lookup.query')}
          value={form.values.query}
          onValueChange={(value) => form.set('query', value)}
          issue={form.errors.query}
          hint={t('queue.lookup.queryHint')}
          autoComplete="off"
          spellCheck={false}
          maxLength={60}
          className="lookup-field"
        />
        <div className="form-actions">
          <button type="submit" className="button primary" aria-disabled={form.busy || undefined}>
            {t('queue.lookup.submit')}
          </button>
        </div>
      </form>
      {form.formError && form.formError.code !== 'invalid_input' ? <FormError error={form.formError} /> : null}
      {result ? (
        <section className="lookup-result" aria-labelledby={`${titleId}-result`}>
          <h3 id={`${titleId}-result`} ref={resultRef} tabIndex={-1}>
            {result.answer.entries.length === 0
              ? t(result.answer.by === 'number' ? 'queue.lookup.noneByNumber' : 'queue.lookup.noneById', { query: result.query })
              : t('queue.lookup.found', { n: result.answer.entries.length, query: result.query })}
          </h3>
          {result.answer.entries.length > 0 ? (
            <ul className="lookup-list">
              {result.answer.entries.map((entry) => {
                const service = serviceByCode(entry.service);
                return (
                  <li key={entry.number} className="lookup-entry">
                    <dl className="facts compact">
                      <div>
                        <dt>{t('queue.columns.number')}</dt>
                        <dd className="mono">{entry.number}</dd>
                      </div>
                      <div>
                        <dt>{t('queue.columns.service')}</dt>
                        <dd>{service ? localised(service.names, language) : entry.service}</dd>
                      </div>
                      <div>
                        <dt>{t('queue.columns.state')}</dt>
                        <dd>
                          <span className={`badge req-state req-state-${entry.state}`}>{t(`request.states.${entry.state}`)}</span>
                        </dd>
                      </div>
                      <div>
                        <dt>{t('queue.lookup.registeredAt')}</dt>
                        <dd>{formatDateTime(entry.registeredAt)}</dd>
                      </div>
                      <div>
                        <dt>{t('queue.columns.deadline')}</dt>
                        <dd>
                          {entry.deadline ? formatDateTime(entry.deadline) : t('queue.noDeadline')}
                          {entry.deadlineState !== 'none' ? ` — ${t(`queue.deadlineState.${entry.deadlineState}`)}` : ''}
                        </dd>
                      </div>
                    </dl>
                    <button type="button" className="button small" onClick={() => onShowInQueue(entry.number)}>
                      {t('queue.lookup.showInQueue')}
                    </button>
                  </li>
                );
              })}
            </ul>
          ) : null}
        </section>
      ) : null}
    </dialog>
  );
}
