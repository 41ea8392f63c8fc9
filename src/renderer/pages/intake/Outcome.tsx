// How an intake ends: registered with a number (the regulation's "request formed successfully"
// notice, the number large and readable, the deadline), not accepted (the draft discarded with the
// employee's reason), or refused at the registry step (data cannot be obtained). And the panel that
// discards a draft with a reason.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { refusalGroundName, refusalGroundsFor, REFUSAL_GROUND_NAMES, serviceByCode, type Channel } from '../../../shared/catalogue';
import { formatDateTime } from '../../../shared/format';
import { REASON_MAX } from '../../../shared/requests/lifecycle';
import { call, isApiClientError } from '../../api/client';
import { FormError } from '../../components/Field';
import { issueMessage, type ShownError } from '../../i18n';
import { useAppDispatch } from '../../store';
import { requestOpened } from '../../store/navSlice';
import type { StepProps } from './context';
import { TextAreaField } from './controls';
import { localised } from './model';
import { resetIntake, type Outcome } from './store';
import { applicantLine, DeadlineText } from './summary';
import type { SignatureRecord } from '../../../shared/signing';
import { documentNames } from '../queue/format';

/** Refuse to accept: the draft is discarded with the employee's reason (recorded in its history). */
export function DiscardPanel({ intake, update, suggested }: StepProps & { suggested?: string }) {
  const { t } = useTranslation();
  const headingId = useId();
  const [reason, setReason] = useState(suggested ?? '');
  const [issue, setIssue] = useState<string | undefined>(undefined);
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  const draft = intake.draft;
  if (!draft) return null;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const text = reason.trim();
    if (!text) {
      setIssue(issueMessage(t, { code: 'required' }));
      setError({ code: 'invalid_input' });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const request = await call('requests.transition', { requestId: draft.id, action: 'discard', reason: text });
      update((current) => ({ ...current, draft: null, outcome: { kind: 'discarded', request, reason: text } }));
    } catch (failure) {
      const apiError = isApiClientError(failure) ? failure : null;
      const reasonIssue = apiError?.issues.find((candidate) => candidate.path === 'reason');
      if (reasonIssue) setIssue(issueMessage(t, reasonIssue));
      setError({ code: apiError?.code ?? 'internal', params: apiError?.params ?? {} });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card discard-panel" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('intake.discard.heading')}</h3>
      <p>{t('intake.discard.intro')}</p>
      <form className="form form-grid" onSubmit={onSubmit} noValidate aria-labelledby={headingId}>
        <TextAreaField
          label={t('intake.discard.reason')}
          required
          value={reason}
          onValueChange={(value) => {
            setReason(value);
            setIssue(undefined);
          }}
          error={issue}
          maxLength={REASON_MAX}
          hint={t('intake.discard.reasonHint')}
        />
        <FormError error={error} />
        <div className="form-actions">
          <button type="submit" className="button danger" aria-disabled={busy || undefined}>
            {t('intake.discard.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

export function OutcomeView({ outcome, session, entry, intake }: StepProps & { outcome: Outcome }) {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const language = i18n.language;
  const headingRef = useRef<HTMLHeadingElement>(null);
  // The employee's signature over the registration, as the request store recorded it.
  const [registrationSignature, setRegistrationSignature] = useState<SignatureRecord | null>(null);
  const registeredId = outcome.kind === 'registered' ? outcome.request.id : null;
  useEffect(() => {
    if (!registeredId) return;
    let live = true;
    call('signing.signatures', { requestId: registeredId }).then(
      (records) => {
        if (live) setRegistrationSignature(records.find((record) => record.action === 'register') ?? null);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [registeredId]);
  useEffect(() => {
    headingRef.current?.focus();
  }, [outcome.kind]);

  const startNew = () => {
    resetIntake(session.staffId);
    requestAnimationFrame(() => document.querySelector<HTMLElement>('#intake-step-service')?.focus());
  };
  const actions = (
    <div className="form-actions outcome-actions">
      {outcome.kind === 'registered' ? (
        <button type="button" className="button" onClick={() => dispatch(requestOpened(outcome.request.id))}>
          {t('intake.done.openRequest')}
        </button>
      ) : null}
      <button type="button" className="button primary" onClick={startNew}>
        {t('intake.done.newIntake')}
      </button>
    </div>
  );

  if (outcome.kind === 'registered') {
    const request = outcome.request;
    const service = serviceByCode(request.service);
    const operation = service?.operations?.find((op) => op.code === request.operation);
    const registration = request.history.find((event) => event.action === 'register');
    const missing = registration?.data?.missingDocuments ?? [];
    return (
      <section className="card intake-outcome outcome-registered" aria-labelledby="intake-outcome-title">
        <div className="notice notice-safe outcome-notice" role="status">
          <h2 id="intake-outcome-title" ref={headingRef} tabIndex={-1}>
            {t('intake.done.formed')}
          </h2>
          <p>{t('intake.done.formedDetail')}</p>
        </div>
        <p className="request-number-label">{t('intake.done.number')}</p>
        <p className="request-number mono">{request.number}</p>
        <dl className="summary-list">
          <div>
            <dt>{t('intake.summary.service')}</dt>
            <dd>
              {service ? localised(service.names, language) : request.service}
              {operation ? ` — ${localised(operation.names, language)}` : ''}
            </dd>
          </div>
          <div>
            <dt>{t('intake.summary.applicant')}</dt>
            <dd>
              {intake.lookup && intake.lookup.kind !== 'noData' && intake.lookup.id === request.applicant.id
                ? applicantLine(t as never, intake.lookup, language)
                : `${request.applicant.name}, ${t(request.applicant.kind === 'person' ? 'intake.summary.iin' : 'intake.summary.bin', { id: request.applicant.id })}`}
            </dd>
          </div>
          <div>
            <dt>{t('intake.summary.registeredAt')}</dt>
            <dd>{request.registeredAt ? t('intake.term.almaty', { time: formatDateTime(request.registeredAt) }) : '—'}</dd>
          </div>
          <div>
            <dt>{t('intake.summary.deadline')}</dt>
            <dd className="outcome-deadline">
              <DeadlineText deadline={request.deadline} />
            </dd>
          </div>
          <div>
            <dt>{t('intake.summary.signature')}</dt>
            <dd>
              {registrationSignature
                ? t('intake.done.signed', { name: registrationSignature.signerName, time: formatDateTime(registrationSignature.signedAt) })
                : request.channel === 'walk_in'
                  ? '…'
                  : t('intake.done.notNeeded')}
            </dd>
          </div>
          {request.paymentRef ? (
            <div>
              <dt>{t('intake.summary.payment')}</dt>
              <dd className="mono">{request.paymentRef}</dd>
            </div>
          ) : null}
          {missing.length ? (
            <>
              <div>
                <dt>{t('intake.summary.missingDocuments')}</dt>
                <dd className="outcome-missing">{documentNames(request.service, missing, language).join('; ')}</dd>
              </div>
              <div>
                <dt>{t('intake.register.missingReasonLabel')}</dt>
                <dd className="outcome-missing-reason">{registration?.reason ?? ''}</dd>
              </div>
            </>
          ) : null}
        </dl>
        {entry && !request.deadline.at ? <p className="muted">{t('intake.done.noDeadline')}</p> : null}
        <p className="muted">{t('intake.done.queueNote')}</p>
        {actions}
      </section>
    );
  }

  if (outcome.kind === 'discarded') {
    return (
      <section className="card intake-outcome" aria-labelledby="intake-outcome-title">
        <h2 id="intake-outcome-title" ref={headingRef} tabIndex={-1}>
          {t('intake.done.discarded')}
        </h2>
        <p>{t('intake.done.discardedDetail')}</p>
        <dl className="summary-list">
          <div>
            <dt>{t('intake.summary.applicant')}</dt>
            <dd>
              {outcome.request.applicant.name}, {outcome.request.applicant.id}
            </dd>
          </div>
          <div>
            <dt>{t('intake.discard.reason')}</dt>
            <dd>{outcome.reason}</dd>
          </div>
        </dl>
        {actions}
      </section>
    );
  }

  // Refused at the registry step: nothing is recorded as a request.
  return <RefusedView outcome={outcome} actions={actions} headingRef={headingRef} />;
}

function RefusedView({
  outcome,
  actions,
  headingRef,
}: {
  outcome: Extract<Outcome, { kind: 'refused' }>;
  actions: ReactNode;
  headingRef: RefObject<HTMLHeadingElement | null>;
}) {
  const { t, i18n } = useTranslation();
  return (
    <section className="card intake-outcome outcome-refused" aria-labelledby="intake-outcome-title">
      <h2 id="intake-outcome-title" ref={headingRef} tabIndex={-1}>
        {t('intake.done.refused')}
      </h2>
      <p>{t('intake.done.refusedDetail', { id: outcome.id, time: formatDateTime(outcome.at) })}</p>
      <p>{t('intake.done.refusedGround', { ground: noDataGround(outcome.service, outcome.channel, i18n.language) })}</p>
      <p className="muted">{t('intake.done.refusedNothingRecorded')}</p>
      {actions}
    </section>
  );
}

/** The refusal ground's name for "data cannot be obtained" on this service and channel. */
export function noDataGround(serviceCode: string, channel: string, language: string): string {
  const service = serviceByCode(serviceCode);
  const ground = service
    ? refusalGroundsFor(service, channel as Channel).find((candidate) => candidate.code === 'applicant_data_unavailable')
    : undefined;
  return localised(ground ? refusalGroundName(ground) : REFUSAL_GROUND_NAMES.applicant_data_unavailable, language);
}
