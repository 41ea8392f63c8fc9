// Synchronisation with the central server (issue 8): where it stands (state, last synchronised in
// Almaty time, changes waiting, the last problem in plain words), a run's progress, "Sync now", and
// the conflicts — changes of this workstation the server did not take, each kept and shown with what
// happened, who has the request now and when, openable, and marked as seen (seen ones stay listed).
// A step the server did not take may have been re-applied after the other workstation's steps (sync
// does so where it is still possible): then the conflict says so, and as which step.
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { SessionInfo } from '../../../shared/api/contract';
import { formatDateTime } from '../../../shared/format';
import type { RequestDetail, SupersededEntry } from '../../../shared/requests/api';
import type { SyncConflict, SyncStatus } from '../../../shared/sync';
import { call } from '../../api/client';
import { FormError } from '../../components/Field';
import { errorMessage, type ShownError } from '../../i18n';
import { shownError } from '../../signing/SigningError';
import { useAppDispatch } from '../../store';
import { requestOpened } from '../../store/navSlice';
import { lastErrorText, progressText, shortTime, shownState } from './format';
import { syncStatusChanged, useSyncStatus } from './syncStatus';
import './sync.css';

/** What the person is told when "Sync now" has finished. */
function resultText(t: TFunction, after: SyncStatus, conflictsBefore: number): string {
  const state = shownState(after);
  let text: string;
  if (state === 'not_configured') text = t('sync.result.notConfigured');
  else if (state === 'offline') text = t('sync.result.offline', { count: after.pending });
  else if (state === 'error') text = t('sync.result.error');
  else if (after.pending > 0) text = t('sync.result.doneWaiting', { time: after.lastSyncedAt ? shortTime(after.lastSyncedAt) : '', count: after.pending });
  else text = t('sync.result.done', { time: after.lastSyncedAt ? shortTime(after.lastSyncedAt) : '' });
  if (after.conflicts > conflictsBefore) text += ` ${t('sync.result.newConflicts', { count: after.conflicts })}`;
  return text;
}

function RunProgress({ status }: { status: SyncStatus }) {
  const { t } = useTranslation();
  const labelId = useId();
  const progress = status.progress;
  const text = progress ? progressText(t, progress) : t('sync.progress.starting');
  const counted = progress !== null && progress.total !== null && progress.total > 0;
  return (
    <div className="sync-progress">
      <p className="progress-label" id={labelId}>
        {text}
      </p>
      <div
        className={`progress-bar${counted ? '' : ' sync-progress-unknown'}`}
        role="progressbar"
        aria-labelledby={labelId}
        aria-valuetext={text}
        {...(counted ? { 'aria-valuemin': 0, 'aria-valuemax': progress.total!, 'aria-valuenow': progress.done } : {})}
      >
        <span style={counted ? { width: `${Math.min(100, Math.round((progress.done / progress.total!) * 100))}%` } : undefined} />
      </div>
    </div>
  );
}

/** The request a conflict is about: its id on this workstation, and its detail when it may be read. */
interface RequestInfo {
  id: string | null;
  detail: RequestDetail | null;
}

/** A key per request: its id when the conflict is about the request row itself, else its number. */
function requestKey(conflict: SyncConflict): string | null {
  if (conflict.entity === 'request') return `id:${conflict.entityId}`;
  return conflict.requestNumber ? `number:${conflict.requestNumber}` : null;
}

async function findRequest(key: string): Promise<RequestInfo> {
  let id: string | null = null;
  if (key.startsWith('id:')) id = key.slice(3);
  else {
    const number = key.slice(7);
    try {
      const page = await call('requests.queue', { search: number, limit: 5 });
      id = page.rows.find((row) => row.number === number)?.id ?? null;
    } catch {
      id = null;
    }
  }
  if (!id) return { id: null, detail: null };
  try {
    return { id, detail: await call('requests.get', { requestId: id }) };
  } catch {
    return { id, detail: null };
  }
}

/** Who has the request now, as far as this workstation knows the person. */
function holderName(t: TFunction, conflict: SyncConflict, detail: RequestDetail | null): string {
  const actorId = conflict.detail?.actorId;
  if (actorId && detail) {
    if (detail.assignee?.id === actorId && detail.assignee.name) return detail.assignee.name;
    const named = detail.history.find((entry) => entry.actorId === actorId && entry.actorName);
    if (named?.actorName) return named.actorName;
  }
  return t('sync.conflicts.anotherWorkstation');
}

/** The step of this workstation a conflict is about, as the request keeps it aside (with what became of it). */
function keptStep(conflict: SyncConflict, detail: RequestDetail | null): SupersededEntry | null {
  if (!detail || conflict.entity !== 'request_event') return null;
  return detail.superseded.find((entry) => entry.eventId === conflict.entityId) ?? null;
}

/** What happened, in words: re-applied after the other workstation's steps, or the server's reason (and why not re-applied). */
function ConflictOutcome({ conflict, detail }: { conflict: SyncConflict; detail: RequestDetail | null }) {
  const { t } = useTranslation();
  const step = keptStep(conflict, detail);
  if (step?.outcome === 'reapplied') {
    return <p>{step.reappliedAsSeq !== null ? t('sync.conflicts.reapplied', { seq: step.reappliedAsSeq }) : t('sync.superseded.reappliedNoStep')}</p>;
  }
  // The request's snapshot the server did not take: its steps kept aside after it were re-applied.
  if (conflict.entity === 'request' && detail?.superseded.some((entry) => entry.outcome === 'reapplied' && entry.supersededAt >= conflict.at)) {
    return <p>{t('sync.conflicts.requestReapplied')}</p>;
  }
  return (
    <>
      <p>{t(`sync.reasons.${conflict.reason}`)}</p>
      {step && (step.outcome === 'illegal' || step.outcome === 'pending') ? <p>{t(`sync.superseded.${step.outcome}`)}</p> : null}
    </>
  );
}

function isReapplied(conflict: SyncConflict, detail: RequestDetail | null): boolean {
  if (keptStep(conflict, detail)?.outcome === 'reapplied') return true;
  return conflict.entity === 'request' && !!detail?.superseded.some((entry) => entry.outcome === 'reapplied' && entry.supersededAt >= conflict.at);
}

function ConflictItem({
  conflict,
  info,
  onOpen,
  onSeen,
  busy,
  titleRef,
}: {
  conflict: SyncConflict;
  info: RequestInfo | undefined;
  onOpen: (conflict: SyncConflict) => void;
  onSeen: (conflict: SyncConflict) => void;
  busy: boolean;
  titleRef: (element: HTMLHeadingElement | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const serverState = conflict.detail?.state;
  const stateKey = serverState ? `request.states.${serverState}` : null;
  const hasRequest = requestKey(conflict) !== null;
  // Re-applied: who had it and its state on the server when it was refused no longer tell what stands.
  const reapplied = isReapplied(conflict, info?.detail ?? null);
  return (
    <li className={`sync-conflict${conflict.seen ? ' sync-conflict-seen' : ''}`} aria-labelledby={titleId}>
      <h3 className="sync-conflict-head" id={titleId} ref={titleRef} tabIndex={-1}>
        {hasRequest ? (
          <>
            <span>{t('sync.conflicts.request')}</span>
            <button type="button" className="link-button mono" translate="no" onClick={() => onOpen(conflict)}>
              {conflict.requestNumber ?? info?.detail?.number ?? conflict.entityId}
            </button>
          </>
        ) : (
          <>
            <span>{t('sync.conflicts.record')}</span>
            <code translate="no">{conflict.entity}</code>
          </>
        )}
        <span className={`badge ${conflict.seen ? 'badge-off' : 'badge-warn'}`}>
          {conflict.seen ? t('sync.conflicts.seen') : t('sync.conflicts.unseen')}
        </span>
      </h3>
      <ConflictOutcome conflict={conflict} detail={info?.detail ?? null} />
      <dl className="sync-conflict-facts">
        {conflict.reason === 'taken_by_another' && !reapplied ? (
          <div>
            <dt>{t('sync.conflicts.holder')}</dt>
            <dd>{holderName(t, conflict, info?.detail ?? null)}</dd>
          </div>
        ) : null}
        {stateKey && i18n.exists(stateKey) && !reapplied ? (
          <div>
            <dt>{t('sync.conflicts.serverState')}</dt>
            <dd>{t(stateKey)}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('sync.conflicts.at')}</dt>
          <dd>
            <time dateTime={conflict.at}>{formatDateTime(conflict.at)}</time>
          </dd>
        </div>
      </dl>
      {conflict.seen ? null : (
        <div className="form-actions">
          <button
            type="button"
            className="button small"
            aria-describedby={titleId}
            aria-disabled={busy || undefined}
            onClick={() => {
              if (!busy) onSeen(conflict);
            }}
          >
            {t('sync.conflicts.markSeen')}
          </button>
        </div>
      )}
    </li>
  );
}

export function SyncPage({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const status = useSyncStatus(!session.locked);
  const stateHeadingId = useId();
  const conflictsHeadingId = useId();
  const [starting, setStarting] = useState(false);
  const [result, setResult] = useState('');
  const [runError, setRunError] = useState<ShownError | null>(null);
  const [conflicts, setConflicts] = useState<SyncConflict[] | null>(null);
  const [conflictsError, setConflictsError] = useState<ShownError | null>(null);
  const [note, setNote] = useState('');
  const [marking, setMarking] = useState<string | null>(null);
  const [requests, setRequests] = useState<Record<string, RequestInfo>>({});
  const lookups = useRef(new Map<string, Promise<RequestInfo>>());
  const titles = useRef(new Map<string, HTMLHeadingElement>());
  const focusAfterSeen = useRef<string | null>(null);

  const running = starting || status?.state === 'syncing';
  const state = status ? shownState(status) : null;

  const loadConflicts = useCallback(() => {
    call('sync.conflicts', {}).then(
      (list) => {
        setConflicts(list);
        setConflictsError(null);
      },
      (error: unknown) => setConflictsError(shownError(error)),
    );
  }, []);

  // Again whenever the number not yet seen changes, or a run has finished.
  const unseen = status?.conflicts;
  const lastSyncedAt = status?.lastSyncedAt;
  useEffect(() => {
    if (session.locked) return;
    // The requests are looked up again with the list: a run may have re-applied steps of theirs.
    lookups.current.clear();
    loadConflicts();
  }, [loadConflicts, unseen, lastSyncedAt, session.locked]);

  // The requests the conflicts are about: found once each (for "open" and for who has it now).
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  useEffect(() => {
    if (!conflicts) return;
    for (const conflict of conflicts) {
      const key = requestKey(conflict);
      if (!key || lookups.current.has(key)) continue;
      const lookup = findRequest(key);
      lookups.current.set(key, lookup);
      void lookup.then((info) => {
        if (mounted.current) setRequests((before) => ({ ...before, [key]: info }));
      });
    }
  }, [conflicts]);

  // After "Mark as seen" the button is gone: the keyboard stays on the conflict's heading.
  useEffect(() => {
    const id = focusAfterSeen.current;
    if (!id) return;
    focusAfterSeen.current = null;
    titles.current.get(id)?.focus();
  }, [conflicts]);

  const syncNow = async () => {
    if (running) return;
    setStarting(true);
    setResult('');
    setRunError(null);
    const before = status?.conflicts ?? 0;
    try {
      const after = await call('sync.now', {});
      syncStatusChanged(after);
      setResult(resultText(t, after, before));
    } catch (error) {
      setRunError(shownError(error));
    } finally {
      setStarting(false);
    }
  };

  const open = async (conflict: SyncConflict) => {
    const key = requestKey(conflict);
    if (!key) return;
    let lookup = lookups.current.get(key);
    if (!lookup) {
      lookup = findRequest(key);
      lookups.current.set(key, lookup);
    }
    const info = await lookup;
    if (info.id) dispatch(requestOpened(info.id));
    else setNote(t('sync.conflicts.notHere', { number: conflict.requestNumber ?? '' }));
  };

  const markSeen = async (conflict: SyncConflict) => {
    setMarking(conflict.id);
    setNote('');
    try {
      const list = await call('sync.markConflictSeen', { id: conflict.id });
      focusAfterSeen.current = conflict.id;
      setConflicts(list);
      setNote(t('sync.conflicts.marked'));
    } catch (error) {
      setNote(errorMessage(t, shownError(error)));
    } finally {
      setMarking(null);
    }
  };

  const unseenCount = conflicts?.filter((conflict) => !conflict.seen).length ?? 0;

  return (
    <section className="page-section sync-page" aria-labelledby="page-sync-title">
      <h1 id="page-sync-title" tabIndex={-1}>
        {t('nav.sync')}
      </h1>
      <p className="lead">{t('pages.sync.intro')}</p>

      <section className="card" aria-labelledby={stateHeadingId}>
        <h2 id={stateHeadingId}>{t('sync.page.stateHeading')}</h2>
        {!status ? (
          <p role="status">{t('common.loading')}</p>
        ) : (
          <dl className="record compact-record">
            <div className="record-row">
              <dt>{t('sync.page.state')}</dt>
              <dd className="sync-state-text">{t(`sync.states.${state}`)}</dd>
            </div>
            <div className="record-row">
              <dt>{t('sync.page.lastSynced')}</dt>
              <dd className="sync-last">
                {status.lastSyncedAt ? <time dateTime={status.lastSyncedAt}>{formatDateTime(status.lastSyncedAt)}</time> : t('sync.page.never')}
              </dd>
            </div>
            <div className="record-row">
              <dt>{t('sync.page.pending')}</dt>
              <dd className="sync-pending">{status.pending}</dd>
            </div>
            {status.pendingBlobs > 0 ? (
              <div className="record-row">
                <dt>{t('sync.page.pendingBlobs')}</dt>
                <dd>{status.pendingBlobs}</dd>
              </div>
            ) : null}
            {status.lastError ? (
              <div className="record-row">
                <dt>{t('sync.page.lastError')}</dt>
                <dd className="sync-last-error">
                  {lastErrorText(t, status.lastError)}
                  {status.lastError !== 'offline' ? (
                    <code className="sync-error-detail" translate="no">
                      {status.lastError}
                    </code>
                  ) : null}
                </dd>
              </div>
            ) : null}
          </dl>
        )}
        {status && running ? <RunProgress status={status} /> : null}
        <div className="sync-actions">
          <button
            type="button"
            className="button primary"
            aria-disabled={running || !status || undefined}
            onClick={() => void syncNow()}
          >
            {running ? t('sync.page.running') : t('sync.page.syncNow')}
          </button>
          {state === 'not_configured' ? <span className="muted">{t('sync.page.notConfiguredHelp')}</span> : null}
        </div>
        <p className="sync-result" role="status">
          {result}
        </p>
        <FormError error={runError} />
      </section>

      <section className="card" aria-labelledby={conflictsHeadingId}>
        <h2 id={conflictsHeadingId}>{t('sync.conflicts.heading')}</h2>
        <p>{t('sync.conflicts.intro')}</p>
        <FormError error={conflictsError} />
        {conflicts === null ? (
          conflictsError ? null : <p role="status">{t('common.loading')}</p>
        ) : conflicts.length === 0 ? (
          <p className="muted">{t('sync.conflicts.none')}</p>
        ) : (
          <>
            <p>{t('sync.conflicts.count', { total: conflicts.length, unseen: unseenCount })}</p>
            <ul className="sync-conflicts" aria-labelledby={conflictsHeadingId}>
              {conflicts.map((conflict) => {
                const key = requestKey(conflict);
                return (
                  <ConflictItem
                    key={conflict.id}
                    conflict={conflict}
                    info={key ? requests[key] : undefined}
                    onOpen={(item) => void open(item)}
                    onSeen={(item) => void markSeen(item)}
                    busy={marking !== null}
                    titleRef={(element) => {
                      if (element) titles.current.set(conflict.id, element);
                      else titles.current.delete(conflict.id);
                    }}
                  />
                );
              })}
            </ul>
          </>
        )}
        <p className="visually-hidden" role="status">
          {note}
        </p>
      </section>
    </section>
  );
}
