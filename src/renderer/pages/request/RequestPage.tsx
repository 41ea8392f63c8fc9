// One request: its header (number, service, operation, status, deadline), the actions the state
// machine and the person's roles allow, the result document (prepared, signed and handed over), the
// applicant, the form as the catalogue defines it, the documents checklist, the attachments (with a
// viewer), the deadline and step norms, the hash-chained timeline with its verification, and the
// satisfaction questionnaire.
// Escape (or the Back button) returns to the queue, where the keyboard goes back to the same row.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../shared/api/contract';
import { refusalGroundName, serviceByCode } from '../../../shared/catalogue';
import { formatDateTime } from '../../../shared/format';
import type { RequestDetail } from '../../../shared/requests/api';
import { ApiClientError, call } from '../../api/client';
import { FormError } from '../../components/Field';
import type { ShownError } from '../../i18n';
import { useAppDispatch, useAppSelector } from '../../store';
import { requestClosed } from '../../store/navSlice';
import { DeadlineBadge, useNow } from '../queue/DeadlineBadge';
import { localised, msLeftNow } from '../queue/format';
import { ActionsPanel } from './ActionsPanel';
import { AttachmentsSection } from './AttachmentsSection';
import { DocumentsSection } from './DocumentsSection';
import { SignaturesSection } from './SignaturesSection';
import { DocumentsChecklist, FormValues } from './FormValues';
import { Questionnaire } from './Questionnaire';
import { DeadlineCard, Timeline } from './Timeline';

export function RequestPage({ session, requestId }: { session: SessionInfo; requestId: string }) {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const locked = useAppSelector((state) => state.session.current?.locked ?? false);
  const [detail, setDetail] = useState<{ value: RequestDetail; at: number } | null>(null);
  const [loadError, setLoadError] = useState<ShownError | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  /** An open action form takes Escape for itself (to close); the page takes it otherwise. */
  const escapeHandler = useRef<(() => boolean) | null>(null);
  const now = useNow();

  const load = useCallback(() => {
    call('requests.get', { requestId }).then(
      (value) => {
        setDetail({ value, at: performance.now() });
        setLoadError(null);
      },
      (error: unknown) =>
        setLoadError(error instanceof ApiClientError ? { code: error.code, params: error.params } : { code: 'internal' }),
    );
  }, [requestId]);

  useEffect(load, [load]);

  const changed = useCallback((value: RequestDetail) => setDetail({ value, at: performance.now() }), []);

  const back = useCallback(() => dispatch(requestClosed()), [dispatch]);

  // The keyboard starts at the heading once the request is there.
  const loaded = detail !== null;
  useEffect(() => {
    if (loaded) headingRef.current?.focus();
  }, [loaded]);

  useEffect(() => {
    if (locked) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      if (document.querySelector('dialog[open]')) return;
      event.preventDefault();
      if (escapeHandler.current?.()) return;
      back();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [locked, back]);

  const value = detail?.value;
  const service = value ? serviceByCode(value.service) : undefined;
  const language = i18n.language;
  const title = value
    ? value.number
      ? t('request.title', { number: value.number })
      : t('request.titleDraft')
    : t('request.loading');

  useEffect(() => {
    document.title = `${title} — ${t('app.name')}`;
  }, [title, t]);

  const backButton = (
    <div className="request-back">
      <button type="button" className="button small" aria-keyshortcuts="Escape" onClick={back}>
        {t('request.back')} <kbd aria-hidden="true">Esc</kbd>
      </button>
    </div>
  );

  if (!value || !service) {
    return (
      <section className="page-section request-page" aria-labelledby="request-title">
        {backButton}
        <h1 id="request-title" ref={headingRef} tabIndex={-1}>
          {title}
        </h1>
        {loadError ? <FormError error={loadError} /> : <p role="status">{t('common.loading')}</p>}
      </section>
    );
  }

  const operation = value.operation ? service.operations?.find((op) => op.code === value.operation) : undefined;
  const msLeft = msLeftNow(value.deadline.msLeft, now - (detail?.at ?? now));
  const mine = value.assignee?.id === session.staffId;

  return (
    <section className="page-section request-page" aria-labelledby="request-title">
      {backButton}
      <header className="card request-header">
        <div className="request-heading">
          <h1 id="request-title" ref={headingRef} tabIndex={-1}>
            {title}
          </h1>
          <span className={`badge req-state req-state-${value.state}`}>{t(`request.states.${value.state}`)}</span>
          <DeadlineBadge
            view={{ state: value.deadline.state, msLeft, workingDaysLeft: value.deadline.workingDaysLeft }}
            className="badge-large"
          />
        </div>
        <p className="request-service">
          {localised(service.names, language)}
          {operation ? <span className="request-operation"> — {localised(operation.names, language)}</span> : null}
        </p>
        <dl className="meta-list request-meta">
          <div>
            <dt>{t('request.fields.status')}</dt>
            <dd>{t(`request.states.${value.state}`)}</dd>
          </div>
          <div>
            <dt>{t('request.fields.deadline')}</dt>
            <dd>
              {value.deadline.at ? formatDateTime(value.deadline.at) : t('queue.noDeadline')}
              {value.deadline.state !== 'none' ? ` (${t(`queue.deadlineState.${value.deadline.state}`)})` : ''}
            </dd>
          </div>
          <div>
            <dt>{t('request.fields.channel')}</dt>
            <dd>{t(`queue.channels.${value.channel}`)}</dd>
          </div>
          <div>
            <dt>{t('request.fields.received')}</dt>
            <dd>{formatDateTime(value.receivedAt)}</dd>
          </div>
          <div>
            <dt>{t('request.fields.assignee')}</dt>
            <dd>
              {value.assignee
                ? `${value.assignee.name ?? t('queue.unknownStaff')}${mine ? ` ${t('queue.you')}` : ''}`
                : t('queue.unassigned')}
            </dd>
          </div>
          {service.payment.required ? (
            <div>
              <dt>{t('request.fields.payment')}</dt>
              <dd>{value.paymentRef ?? t('request.paymentNone')}</dd>
            </div>
          ) : null}
        </dl>
        {value.state === 'refused' && value.refusalGround ? (
          <p className="request-refusal">
            <strong>{t('request.fields.refusalGround')}:</strong> {refusalGroundText(value, language)}
          </p>
        ) : null}
      </header>

      <div className="request-layout">
        <div className="request-main">
          <ActionsPanel
            detail={value}
            session={session}
            onChanged={changed}
            onReload={load}
            setEscapeHandler={(handler) => {
              escapeHandler.current = handler;
            }}
          />
          <DocumentsSection detail={value} onChanged={changed} onReload={load} />
          <FormValues detail={value} />
          <DocumentsChecklist detail={value} />
          <AttachmentsSection detail={value} />
          <SignaturesSection detail={value} />
          <Timeline detail={value} />
        </div>
        <div className="request-side">
          <section className="card" aria-labelledby="request-applicant">
            <h2 id="request-applicant">{t('request.applicant.heading')}</h2>
            <dl className="record compact-record">
              <div className="record-row">
                <dt>{t('request.applicant.kind')}</dt>
                <dd>{t(`request.applicant.kinds.${value.applicant.kind}`)}</dd>
              </div>
              <div className="record-row">
                <dt>{t(value.applicant.kind === 'person' ? 'request.applicant.name' : 'request.applicant.organisation')}</dt>
                <dd>{value.applicant.name}</dd>
              </div>
              <div className="record-row">
                <dt>{t(value.applicant.kind === 'person' ? 'queue.iin' : 'queue.bin')}</dt>
                <dd className="mono">{value.applicant.id}</dd>
              </div>
            </dl>
            <p className="field-hint">{t('request.applicant.snapshot')}</p>
          </section>
          <DeadlineCard detail={value} msLeft={msLeft} />
          <Questionnaire detail={value} onRecorded={(questionnaire) => changed({ ...value, questionnaire })} onReload={load} />
        </div>
      </div>
    </section>
  );
}

function refusalGroundText(detail: RequestDetail, language: string): string {
  const service = serviceByCode(detail.service);
  const ground = service?.refusalGrounds.find((candidate) => candidate.code === detail.refusalGround);
  return ground ? localised(refusalGroundName(ground), language) : (detail.refusalGround ?? '');
}
