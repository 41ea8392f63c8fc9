// Time on a request: the deadline and the Annex 1 step norms; and the timeline of its history —
// who did what, when, at which workstation and why — with the result of checking the history's
// hash chain against the head kept on the request; below it, this workstation's events the central
// server did not accept because another workstation's reached it first (kept, never dropped), each
// with what became of it: re-applied on top of the other workstation's steps (as step N), or not.
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Norm } from '../../../shared/catalogue';
import { formatDateTime } from '../../../shared/format';
import type { HistoryEntry, RequestDetail, SupersededEntry } from '../../../shared/requests/api';
import { DeadlineBadge } from '../queue/DeadlineBadge';
import { documentNames, durationText, localised } from '../queue/format';
import '../sync/sync.css';

function normText(t: TFunction, norm: Norm): string {
  const value = norm.min !== undefined ? `${norm.min}–${norm.value}` : String(norm.value);
  return t(`request.norm.${norm.unit}`, { value });
}

export function DeadlineCard({ detail, msLeft }: { detail: RequestDetail; msLeft: number | null }) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const deadline = detail.deadline;
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('request.deadline.heading')}</h2>
      <dl className="record compact-record">
        <div className="record-row">
          <dt>{t('request.deadline.term')}</dt>
          <dd>
            {deadline.term
              ? t(`request.deadline.terms.${deadline.term.kind}`, { n: deadline.term.value })
              : t('request.deadline.noTerm')}
          </dd>
        </div>
        <div className="record-row">
          <dt>{t('request.deadline.at')}</dt>
          <dd>{deadline.at ? formatDateTime(deadline.at) : t('queue.noDeadline')}</dd>
        </div>
        <div className="record-row">
          <dt>{t('request.deadline.state')}</dt>
          <dd>
            {deadline.state === 'none' ? (
              t('queue.deadlineState.none')
            ) : (
              <DeadlineBadge view={{ state: deadline.state, msLeft, workingDaysLeft: deadline.workingDaysLeft }} />
            )}
          </dd>
        </div>
        {deadline.atRiskFrom && ['on_time', 'at_risk', 'overdue'].includes(deadline.state) ? (
          <div className="record-row">
            <dt>{t('request.deadline.atRiskFrom')}</dt>
            <dd>{formatDateTime(deadline.atRiskFrom)}</dd>
          </div>
        ) : null}
      </dl>
      {detail.steps.length > 0 ? (
        <>
          <h3>{t('request.steps.heading')}</h3>
          <ul className="steps-list">
            {detail.steps.map((step) => (
              <li key={step.step} className={step.exceeded ? 'step-exceeded' : undefined}>
                <span className="step-name">{localised(step.names, i18n.language)}</span>
                <span className="step-facts">
                  {t('request.steps.norm', { norm: normText(t, step.norm) })} ·{' '}
                  {step.endedAt
                    ? t('request.steps.took', { time: durationText(t, step.elapsedMs) })
                    : t('request.steps.running', { time: durationText(t, step.elapsedMs) })}{' '}
                  <span className={`badge ${step.exceeded ? 'badge-danger' : 'badge-ok'}`}>
                    {step.exceeded ? t('request.steps.exceeded') : t('request.steps.within')}
                  </span>
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function EventFacts({ entry, detail }: { entry: HistoryEntry; detail: RequestDetail }) {
  const { t, i18n } = useTranslation();
  const data = entry.data;
  if (!data) return null;
  const facts: Array<[string, string]> = [];
  if (data.number) facts.push([t('request.timeline.number'), data.number]);
  if (data.missingDocuments?.length) {
    facts.push([t('request.timeline.missingDocuments'), documentNames(detail.service, data.missingDocuments, i18n.language).join('; ')]);
  }
  if (data.paymentRef) facts.push([t('request.timeline.paymentRef'), data.paymentRef]);
  if (data.refusalGround) facts.push([t('request.timeline.refusalGround'), t(`request.lifecycleGrounds.${data.refusalGround}`)]);
  if (data.newDeadline) {
    facts.push([
      t('request.timeline.newDeadline'),
      data.previousDeadline
        ? `${formatDateTime(data.previousDeadline)} → ${formatDateTime(data.newDeadline)}`
        : formatDateTime(data.newDeadline),
    ]);
  }
  if (data.assigneeId) {
    const name =
      data.assigneeId === entry.actorId
        ? (entry.actorName ?? entry.actorIin)
        : data.assigneeId === detail.assignee?.id
          ? (detail.assignee.name ?? data.assigneeId)
          : t('request.timeline.otherStaff');
    facts.push([t('request.timeline.assignee'), name]);
  }
  if (data.signatureRef) facts.push([t('request.timeline.signature'), data.signatureRef]);
  // A step of this workstation that another workstation's displaced, made again on top of theirs (sync).
  if (data.rebasedFrom) facts.push([t('request.timeline.rebased'), t('request.timeline.rebasedFrom', { time: data.originalAt ? formatDateTime(data.originalAt) : '—' })]);
  if (facts.length === 0) return null;
  return (
    <dl className="event-facts">
      {facts.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One event as an item of a timeline: what, when, the states it moved between, who and at which workstation; then `children`. */
function EventItem({ entry, children }: { entry: HistoryEntry; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <li className={`timeline-event event-${entry.action}`}>
      <p className="event-head">
        <span className="event-action">{t(`request.events.${entry.action}`)}</span>
        <time className="event-time" dateTime={entry.at}>
          {formatDateTime(entry.at)}
        </time>
      </p>
      {entry.from !== entry.to ? (
        <p className="event-states">
          {t(`request.states.${entry.from}`)} → {t(`request.states.${entry.to}`)}
        </p>
      ) : null}
      <p className="event-meta">
        {t('request.timeline.by', { name: entry.actorName ?? t('queue.unknownStaff'), iin: entry.actorIin })} ·{' '}
        {t('request.timeline.workstation')} <span className="mono event-workstation" translate="no">{entry.workstationId}</span>
      </p>
      {children}
    </li>
  );
}

function EventReason({ label, reason }: { label: string; reason: string }) {
  return (
    <p className="event-reason">
      <span className="event-label">{label}:</span> {reason}
    </p>
  );
}

/** What became of a step kept aside: re-applied on top of the server's version (as which step), or not and why. */
function SupersededOutcomeNote({ entry }: { entry: SupersededEntry }) {
  const { t } = useTranslation();
  switch (entry.outcome) {
    case 'reapplied':
      return (
        <p className="event-reason superseded-outcome superseded-reapplied">
          {entry.reappliedAsSeq !== null ? t('sync.superseded.reapplied', { seq: entry.reappliedAsSeq }) : t('sync.superseded.reappliedNoStep')}
        </p>
      );
    case 'illegal':
    case 'taken':
    case 'pending':
      return <p className="event-reason superseded-outcome">{t(`sync.superseded.${entry.outcome}`)}</p>;
    default:
      return null;
  }
}

/** This workstation's events that another workstation's events replaced on the central server. */
function SupersededEvents({ entries, detail }: { entries: SupersededEntry[]; detail: RequestDetail }) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <div className="superseded">
      <h3 id={headingId}>{t('sync.superseded.heading')}</h3>
      <p className="muted">{t('sync.superseded.intro')}</p>
      <ol className="timeline timeline-superseded" aria-labelledby={headingId}>
        {entries.map((entry) => (
          <EventItem key={`${entry.seq}-${entry.hash}`} entry={entry}>
            {entry.reason ? <EventReason label={t('request.timeline.reason')} reason={entry.reason} /> : null}
            <EventFacts entry={entry} detail={detail} />
            <p className="event-reason superseded-note">{t('sync.superseded.when', { time: formatDateTime(entry.supersededAt) })}</p>
            <SupersededOutcomeNote entry={entry} />
            {entry.byWorkstation ? (
              <p className="event-meta">
                {t('sync.superseded.by')} <span className="mono event-workstation" translate="no">{entry.byWorkstation}</span>
              </p>
            ) : null}
          </EventItem>
        ))}
      </ol>
    </div>
  );
}

export function Timeline({ detail }: { detail: RequestDetail }) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('request.timeline.heading')}</h2>
      {detail.historyIntact ? (
        <p className="chain chain-ok">
          <span className="badge badge-ok">{t('request.timeline.intactTag')}</span>{' '}
          {t('request.timeline.intact', { n: detail.history.length })}
        </p>
      ) : (
        <div className="notice notice-nodata" role="alert">
          <p className="notice-title">{t('request.timeline.brokenTitle')}</p>
          <p>{t('request.timeline.broken')}</p>
        </div>
      )}
      <ol className="timeline">
        <li className="timeline-event">
          <p className="event-head">
            <span className="event-action">{t('request.timeline.created')}</span>
            <time className="event-time" dateTime={detail.createdAt}>
              {formatDateTime(detail.createdAt)}
            </time>
          </p>
          <p className="event-meta">{t(`queue.channels.${detail.channel}`)}</p>
        </li>
        {detail.history.map((entry) => (
          <EventItem key={entry.seq} entry={entry}>
            {entry.reason && !entry.data?.missingDocuments?.length ? <EventReason label={t('request.timeline.reason')} reason={entry.reason} /> : null}
            <EventFacts entry={entry} detail={detail} />
            {entry.reason && entry.data?.missingDocuments?.length ? (
              // Registered without documents: which ones (above, with the number), then why.
              <EventReason label={t('request.timeline.missingDocumentsReason')} reason={entry.reason} />
            ) : null}
          </EventItem>
        ))}
      </ol>
      {detail.superseded?.length ? <SupersededEvents entries={detail.superseded} detail={detail} /> : null}
    </section>
  );
}
