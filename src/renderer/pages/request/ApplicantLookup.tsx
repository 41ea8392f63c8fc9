// The result document is made from the applicant's data in the state registry, as this workstation
// received them. A request that came from the portal or from another workstation has none here until
// someone looks the applicant up: this notice says so and does that lookup — the one the counter does
// (a person by IIN in the individuals registry, an organisation by BIN in the legal entities registry),
// through the same registry service, with a purpose naming the request (kept in the audit log with
// the lookup). When the registry has no such record, or cannot be asked (the central server is
// unreachable), it says so; nothing typed in the document form is touched, so the lookup can simply
// be made again once the connection is back.
import { forwardRef, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/format';
import type { RequestDetail } from '../../../shared/requests/api';
import { call, isApiClientError } from '../../api/client';
import { entityName, fullName } from '../registry/RecordCards';
import { documentError, documentErrorText, type DocumentErrorView } from './IssuedDocuments';

export type ApplicantSystem = 'individuals' | 'legal_entities';

type Outcome =
  | { kind: 'not_found'; answeredAt: string }
  | { kind: 'unavailable'; reason: string }
  | { kind: 'error'; error: DocumentErrorView };

/** Reasons the registry service gives for "registry_unavailable" that the registry page explains too. */
const KNOWN_REASONS = ['not_configured', 'offline', 'timeout', 'server', 'rejected', 'bad_answer'];
/** The reasons that mean the central server (or the way to it) is away: try again once it is back. */
const CONNECTION_REASONS = ['offline', 'not_configured'];

export const ApplicantLookup = forwardRef<
  HTMLHeadingElement,
  {
    detail: RequestDetail;
    system: ApplicantSystem;
    /** After the registry answered with the record: reads the documents' options again; false if still missing. */
    onFound(name: string): Promise<boolean>;
  }
>(function ApplicantLookup({ detail, system, onFound }, headingRef) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const person = detail.applicant.kind === 'person';
  // As the audit log keeps it (at most 200 characters).
  const purpose = t('documents.applicant.purpose', { number: detail.number ?? detail.id }).slice(0, 200);
  const systemName = t(`registry.systems.${system}`);

  const lookUp = async () => {
    if (busy) return;
    setBusy(true);
    setOutcome(null);
    try {
      const id = detail.applicant.id;
      let name: string | null = null;
      let answeredAt = '';
      if (person) {
        const answer = await call('registry.person', { iin: id, purpose });
        if (answer.found) name = fullName(answer.record);
        else answeredAt = answer.answeredAt;
      } else {
        const answer = await call('registry.legalEntity', { bin: id, purpose });
        if (answer.found) name = entityName(answer.record, i18n.language);
        else answeredAt = answer.answeredAt;
      }
      if (name === null) {
        setOutcome({ kind: 'not_found', answeredAt });
      } else if (!(await onFound(name))) {
        // Answered, yet the document still finds no data (the answer could not be kept): say so.
        setOutcome({ kind: 'unavailable', reason: 'bad_answer' });
      }
    } catch (error) {
      if (isApiClientError(error) && error.code === 'registry_unavailable') {
        setOutcome({ kind: 'unavailable', reason: typeof error.params.reason === 'string' ? error.params.reason : 'other' });
      } else {
        setOutcome({ kind: 'error', error: documentError(error) });
      }
    } finally {
      setBusy(false);
    }
  };

  let problem: string[] = [];
  if (outcome?.kind === 'not_found') {
    problem = [
      t(`registry.noData.notFound.${person ? 'iin' : 'bin'}`, { value: detail.applicant.id, system: systemName }),
      t('registry.noData.answeredBy', { system: systemName, time: formatDateTime(outcome.answeredAt) }),
      t('documents.applicant.notFoundHint'),
    ];
  } else if (outcome?.kind === 'unavailable') {
    const reason = KNOWN_REASONS.includes(outcome.reason) ? outcome.reason : 'other';
    problem = [
      t(`registry.noData.reasons.${reason}`, { system: systemName }),
      t(CONNECTION_REASONS.includes(reason) ? 'documents.applicant.whenConnected' : 'documents.applicant.retryLater'),
    ];
  } else if (outcome?.kind === 'error') {
    problem = [documentErrorText(t, outcome.error), t('documents.applicant.retryLater')];
  }

  return (
    <section className="notice notice-info applicant-lookup" aria-labelledby={headingId}>
      <h3 id={headingId} ref={headingRef} tabIndex={-1} className="notice-title">
        {t('documents.applicant.title')}
      </h3>
      <p>{t(`documents.applicant.text.${system}`)}</p>
      <p className="field-hint">{t('intake.applicant.purposeNote', { purpose })}</p>
      {problem.length > 0 ? (
        <div className="form-error applicant-lookup-problem" role="alert">
          {problem.map((line, index) => (
            <p key={index}>{line}</p>
          ))}
        </div>
      ) : null}
      <p role="status" className={busy ? 'muted' : 'visually-hidden'}>
        {busy ? (
          <>
            <span className="spinner small-spinner" aria-hidden="true" /> {t('registry.busy')}
          </>
        ) : null}
      </p>
      <div className="form-actions">
        <button type="button" className="button primary" aria-disabled={busy || undefined} onClick={() => void lookUp()}>
          {t('documents.applicant.lookUp')}
        </button>
      </div>
    </section>
  );
});
