// Step 4: the paper documents the applicant presented, from the service's checklist for this
// channel with its conditions judged (the applicant's age, the form's answers, the operation). A
// mandatory document not presented stops the step and says which: the employee marks it, refuses to
// accept the request (the draft is discarded with the employee's reason, the lifecycle's `discard`),
// or goes on without it — then registration asks for the reason, which the request store requires
// and records in the history with the documents that were missing (step 7).
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentMark } from '../../../shared/requests/api';
import type { Presentation } from '../../../shared/catalogue';
import { isApiClientError } from '../../api/client';
import { issueMessage, type ShownError } from '../../i18n';
import type { StepProps } from './context';
import { StepFrame } from './frame';
import { applicantBirthDate, checklist, checkServiceForm, emptyValues, localised, missingDocuments } from './model';

export function DocumentsStep(props: StepProps) {
  const { intake, update, service, headingRef, go, today, saveDraft } = props;
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const code = service?.code ?? '';
  const values = service ? (intake.values[code] ?? emptyValues(service)) : {};
  const formValues = service ? checkServiceForm(service, intake.operation, values, today).values : {};
  const birthDate = applicantBirthDate(intake.lookup && intake.lookup.kind === 'person' ? { kind: 'person', id: intake.lookup.id } : null);
  const items = service ? checklist(service, intake.channel, { values: formValues, operation: intake.operation, birthDate, today }) : [];
  if (!service) return null;

  const missing = missingDocuments(items, intake.documents);
  const showMissing = intake.documentsTried && missing.length > 0;

  const setMark = (documentCode: string, mark: DocumentMark) => {
    update((current) => ({ ...current, documents: { ...current.documents, [documentCode]: mark } }));
    setError(null);
  };

  const missingNames = missing.map((item) => localised(item.document.names, language));

  /** On to the attachments, the draft saved first (also without the missing documents: step 7 asks why). */
  const proceed = async () => {
    if (busy) return;
    setBusy(true);
    try {
      await saveDraft();
      setError(null);
      go('attachments');
    } catch (failure) {
      const apiError = isApiClientError(failure) ? failure : null;
      setError({ code: apiError?.code ?? 'internal', params: apiError?.params ?? {} });
    } finally {
      setBusy(false);
    }
  };

  const next = async () => {
    update((current) => ({ ...current, documentsTried: true }));
    if (missing.length > 0) {
      setError(null);
      props.offerDiscard(t('intake.documents.discardSuggestion', { documents: missingNames.join(', ') }));
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    await proceed();
  };

  return (
    <StepFrame
      step="documents"
      headingRef={headingRef}
      formRef={formRef}
      onNext={next}
      onBack={() => go('form')}
      busy={busy}
      busyNote={t('intake.draft.saving')}
      error={error}
    >
      <p className="muted">{t('intake.documents.intro')}</p>
      {items.length === 0 ? <p>{t('intake.documents.none')}</p> : null}
      <ul className="checklist">
        {items.map(({ document, mandatory, presentations }) => {
          const mark = intake.documents[document.code];
          const presented = mark?.presented === true;
          const name = localised(document.names, language);
          const isMissing = showMissing && missing.some((item) => item.document.code === document.code);
          const errorId = `intake-doc-${document.code}-error`;
          const noteId = `intake-doc-${document.code}-note`;
          const chosen: Presentation | undefined = mark?.presentation && presentations.includes(mark.presentation) ? mark.presentation : presentations[0];
          return (
            <li key={document.code} className={`checklist-item${isMissing ? ' checklist-missing' : ''}`}>
              <div className="checklist-main">
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={presented}
                    onChange={(event) =>
                      setMark(document.code, { presented: event.target.checked, ...(event.target.checked && chosen ? { presentation: chosen } : {}) })
                    }
                    aria-invalid={isMissing || undefined}
                    aria-describedby={[isMissing ? errorId : null, noteId].filter(Boolean).join(' ')}
                  />
                  <span className="checklist-name">{name}</span>
                </label>
                <span className={`badge ${mandatory === true ? 'badge-danger' : mandatory === false ? 'badge-off' : 'badge-warn'}`}>
                  {t(mandatory === true ? 'intake.documents.mandatory' : mandatory === false ? 'intake.documents.optional' : 'intake.documents.undetermined')}
                </span>
              </div>
              <p className="field-hint" id={noteId}>
                {presentations.length === 1
                  ? t('intake.documents.presentationOnly', { form: t(`intake.documents.presentations.${presentations[0]}`) })
                  : t('intake.documents.presentationChoice')}
                {document.perStandard
                  ? ` ${t(document.perStandard.paragraph ? 'intake.documents.perStandardParagraph' : 'intake.documents.perStandard', { paragraph: document.perStandard.paragraph ?? '' })}`
                  : ''}
              </p>
              {presentations.length > 1 && presented ? (
                <fieldset className="presentation-choice">
                  <legend className="visually-hidden">{t('intake.documents.presentationLegend', { document: name })}</legend>
                  {presentations.map((form) => (
                    <label key={form} className="radio">
                      <input
                        type="radio"
                        name={`intake-presentation-${document.code}`}
                        checked={chosen === form}
                        onChange={() => setMark(document.code, { presented: true, presentation: form })}
                      />
                      <span>{t(`intake.documents.presentations.${form}`)}</span>
                    </label>
                  ))}
                </fieldset>
              ) : null}
              {isMissing ? (
                <p className="field-error" id={errorId} role="alert">
                  {issueMessage(t, { code: 'request.document_required' })}
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
      {showMissing ? (
        <div className="notice notice-info" role="alert">
          <p className="notice-title">{t('intake.documents.blockedTitle')}</p>
          <p>{t('intake.documents.blocked')}</p>
          <p id="intake-documents-missing">{t('intake.documents.missingList')}</p>
          <ul className="plain-list" aria-labelledby="intake-documents-missing">
            {missingNames.map((name) => (
              <li key={name}>{name}</li>
            ))}
          </ul>
          <div className="form-actions">
            <button type="button" className="button small" onClick={() => void proceed()} aria-disabled={busy || undefined}>
              {t('intake.documents.continueWithout')}
            </button>
          </div>
        </div>
      ) : null}
    </StepFrame>
  );
}
