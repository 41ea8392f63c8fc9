// Signs the results of several requests in review after one PIN entry (the authorised signer's batch):
// pick the key, type the PIN once, Sign; then the progress (a progressbar with its value), each
// request's outcome as it comes, Cancel while it runs (the requests already signed stay signed, the
// rest are not touched), Close at the end. A modal dialog; Esc cancels before the start, stops the
// batch while it runs, closes it at the end. The PIN is sent once with the start and never kept here.
//
//   <BatchSignDialog items={[{ id, number, applicant }]} onClose={({ signed }) => refresh()} />
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { BatchError, SignBatchEvent } from '../../../shared/signing';
import { call, onEvent } from '../../api/client';
import type { ShownError } from '../../i18n';
import { signingErrorMessage } from '../../signing/format';
import { shownError, SigningError } from '../../signing/SigningError';
import { KeyAndPinActions, KeyAndPinFields, useKeyAndPin } from '../../signing/useKeyAndPin';
import { useAppSelector } from '../../store';

export interface BatchItemView {
  id: string;
  number: string | null;
  applicant: string;
}

type Finished = Extract<SignBatchEvent, { kind: 'finished' }>;
type ItemOutcome = { outcome: 'signed' } | { outcome: 'failed'; error: BatchError | undefined };

export function BatchSignDialog({ items, onClose }: { items: readonly BatchItemView[]; onClose(result: { signed: string[] }): void }) {
  const { t } = useTranslation();
  const iin = useAppSelector((state) => state.session.current?.iin);
  const titleId = useId();
  const introId = useId();
  const progressLabelId = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const stopRef = useRef<HTMLButtonElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);

  const [starting, setStarting] = useState(false);
  const [batchId, setBatchId] = useState<string | null>(null);
  const [total, setTotal] = useState(items.length);
  const [done, setDone] = useState(0);
  const [outcomes, setOutcomes] = useState<Record<string, ItemOutcome>>({});
  const [finished, setFinished] = useState<Finished | null>(null);
  const [stopping, setStopping] = useState(false);
  const { formRef, pinRef, refreshRef, ...entry } = useKeyAndPin({ paused: starting || batchId !== null, formShown: batchId === null });

  const mounted = useRef(true);
  const closed = useRef(false);
  /** The batch this dialog started, and the events that came before its id was known. */
  const batchRef = useRef<string | null>(null);
  const early = useRef<SignBatchEvent[]>([]);
  const running = batchId !== null && finished === null;

  useEffect(() => {
    mounted.current = true;
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      mounted.current = false;
    };
  }, []);

  const apply = useCallback((event: SignBatchEvent) => {
    setDone(event.done);
    setTotal(event.total);
    if (event.kind === 'item') {
      setOutcomes((current) => ({ ...current, [event.requestId]: event.outcome === 'signed' ? { outcome: 'signed' } : { outcome: 'failed', error: event.error } }));
    } else {
      setFinished(event);
    }
  }, []);

  // The batch's events: its items' outcomes, then its end (kept aside until the batch's id is known).
  useEffect(
    () =>
      onEvent('signing.batch', (event) => {
        if (batchRef.current === null) early.current.push(event);
        else if (event.batchId === batchRef.current) apply(event);
      }),
    [apply],
  );

  // Running: the keyboard on Cancel; at the end: on Close.
  useEffect(() => {
    if (finished) closeRef.current?.focus();
    else if (batchId) stopRef.current?.focus();
  }, [batchId, finished]);

  const close = () => {
    if (closed.current || running || starting) return;
    closed.current = true;
    onClose({ signed: Object.entries(outcomes).filter(([, item]) => item.outcome === 'signed').map(([id]) => id) });
  };

  const stop = async () => {
    const id = batchRef.current;
    if (!id || finished || stopping) return;
    setStopping(true);
    try {
      await call('signing.cancelBatch', { batchId: id });
    } catch {
      // Already over: its end is on its way.
    }
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    event.stopPropagation();
    if (starting || batchRef.current) return;
    entry.setError(null);
    // The PIN leaves the dialog's state here, as the call is made: success or not, it is not kept.
    const taken = entry.take();
    if (!taken) return;
    const input = { items: items.map((item) => ({ requestId: item.id, action: 'mark_result_ready' as const })), key: taken.key, pin: taken.pin };
    setStarting(true);
    early.current = [];
    try {
      const started = await call('signing.signBatch', input);
      batchRef.current = started.batchId;
      if (mounted.current) {
        setTotal(started.total);
        setBatchId(started.batchId);
      }
      for (const event of early.current.splice(0)) if (event.batchId === started.batchId && mounted.current) apply(event);
    } catch (e) {
      const shown = shownError(e);
      if (mounted.current) {
        entry.showError(shown);
        entry.focusPinSoon();
      }
    } finally {
      input.pin = '';
      if (mounted.current) setStarting(false);
    }
  };

  const signedCount = finished?.signed ?? Object.values(outcomes).filter((item) => item.outcome === 'signed').length;
  const progressText = t('signing.batch.progress', { done, total });

  const itemStatus = (item: BatchItemView): { text: string; tone: string } => {
    const outcome = outcomes[item.id];
    if (outcome?.outcome === 'signed') return { text: t('signing.batch.item.signed'), tone: 'signed' };
    if (outcome?.outcome === 'failed') {
      const reason = outcome.error ? signingErrorMessage(t, outcome.error, iin ? { iin } : {}) : t('errors.internal');
      return { text: t('signing.batch.item.failed', { reason }), tone: 'failed' };
    }
    if (finished) return { text: t('signing.batch.item.notSigned'), tone: 'skipped' };
    return { text: t('signing.batch.item.waiting'), tone: 'waiting' };
  };

  const endText = (end: Finished): string => {
    if (end.outcome === 'done') return t('signing.batch.end.done', { signed: end.signed, failed: end.failed });
    return t('signing.batch.end.stopped', { signed: end.signed, total: end.total });
  };
  const endError: ShownError | null = finished?.error ?? null;

  return createPortal(
    <dialog
      ref={dialogRef}
      className="dialog sign-dialog batch-sign-dialog"
      aria-labelledby={titleId}
      aria-describedby={introId}
      onCancel={(event) => {
        event.preventDefault();
        if (running) void stop();
        else close();
      }}
      onClose={(event) => {
        // Closed by the browser itself (Esc pressed twice): stays open while the batch runs.
        const dialog = event.currentTarget;
        if (dialog.open || !mounted.current || closed.current) return;
        if (running || starting) {
          dialog.showModal();
          return;
        }
        close();
      }}
    >
      <div className="dialog-header">
        <h2 id={titleId}>{t('signing.batch.title')}</h2>
      </div>
      <p id={introId} className="field-hint">
        {t('signing.batch.intro', { n: items.length })}
      </p>

      {batchId === null ? (
        <form ref={formRef} className="form" onSubmit={onSubmit} noValidate aria-labelledby={titleId}>
          <KeyAndPinFields entry={entry} pinRef={pinRef} hint={t('signing.batch.pinHint')} disabled={starting} />
          <KeyAndPinActions entry={entry} refreshRef={refreshRef} busy={starting} submitLabel={t('signing.batch.start', { n: items.length })} onCancel={close} />
        </form>
      ) : (
        <div className="batch-progress">
          <p className="progress-label">
            <span id={progressLabelId}>{t('signing.batch.progressLabel')}</span>: <span className="batch-progress-count">{progressText}</span>
          </p>
          <div
            className="progress-bar"
            role="progressbar"
            aria-labelledby={progressLabelId}
            aria-valuemin={0}
            aria-valuemax={total}
            aria-valuenow={done}
            aria-valuetext={progressText}
          >
            <span style={{ width: `${total > 0 ? Math.round((done / total) * 100) : 0}%` }} />
          </div>
          <div role="status" className="batch-end">
            {finished ? endText(finished) : stopping ? t('signing.batch.stopping') : null}
          </div>
          <SigningError error={endError} iin={iin} />
          <div className="form-actions">
            {finished ? (
              <button ref={closeRef} type="button" className="button primary" onClick={close}>
                {t('common.close')}
              </button>
            ) : (
              <button ref={stopRef} type="button" className="button" onClick={() => void stop()} disabled={stopping}>
                {t('signing.dialog.cancel')}
              </button>
            )}
          </div>
        </div>
      )}

      <h3 className="batch-items-title" id={`${titleId}-items`}>
        {t('signing.batch.itemsTitle', { n: items.length })}
        {finished || Object.keys(outcomes).length > 0 ? <span className="muted"> — {t('signing.batch.signedCount', { n: signedCount })}</span> : null}
      </h3>
      <ul className="batch-items" aria-labelledby={`${titleId}-items`}>
        {items.map((item) => {
          const status = itemStatus(item);
          return (
            <li key={item.id} className={`batch-item batch-item-${status.tone}`}>
              <span className="mono">{item.number ?? t('queue.noNumber')}</span> <span className="batch-item-applicant">{item.applicant}</span>
              <span className="batch-item-status">{status.text}</span>
            </li>
          );
        })}
      </ul>
    </dialog>,
    document.body,
  );
}
