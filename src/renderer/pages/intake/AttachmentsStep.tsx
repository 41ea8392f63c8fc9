// Step 5: scanning and attaching the paper documents the applicant presented. For each checklist item
// marked presented: scan (the scanner, resolution, colour mode and source chosen above; progress;
// cancel) or import files (the file picker, or drag and drop onto the item), arrange the pages in the
// thumbnail strip (move left/right — also Alt+←/→ on a page —, rotate, rescan, delete; a click opens
// the page large), then "Attach": the pages become one PDF, stored by its hash and linked to the
// item. The pages wait in the workstation service, so nothing scanned is lost when the intake moves
// between steps; a jam, an empty feeder or a vanished scanner keeps the pages scanned before it, and
// a refused file says why.
import { useCallback, useEffect, useId, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PageView, RequestAttachment, WorkingSet } from '../../../shared/attachments';
import type { DocumentRequirement } from '../../../shared/catalogue';
import { call, onEvent } from '../../api/client';
import { attachmentErrorMessage, dataUrl, formatSize, importIntoItem, shownError } from '../../attachments/model';
import { PageViewer, type ViewerSource } from '../../attachments/PageViewer';
import { scanRequest, ScannerSettings, useScanner } from '../../attachments/ScannerSettings';
import '../../attachments/attachments.css';
import type { ShownError } from '../../i18n';
import type { StepProps } from './context';
import { StepFrame } from './frame';
import { applicantBirthDate, checklist, checkServiceForm, emptyValues, localised } from './model';

type Note =
  | { kind: 'error'; error: ShownError; file?: string; detail?: string; kept?: number }
  | { kind: 'done'; key: string; params: Record<string, string | number> };

type Busy = { kind: 'importing'; file: string } | { kind: 'attaching' } | { kind: 'working' };

const FILE_TYPES = '.pdf,.jpg,.jpeg,.png,.tif,.tiff,application/pdf,image/jpeg,image/png,image/tiff';

function emptySet(requestId: string, documentCode: string): WorkingSet {
  return { requestId, documentCode, pages: [], scan: null };
}

function hasFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files');
}

export function AttachmentsStep({ intake, update, service, headingRef, go, today }: StepProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const requestId = intake.draft?.id ?? null;
  const scanner = useScanner();
  const [sets, setSets] = useState<Record<string, WorkingSet>>({});
  const [attached, setAttached] = useState<RequestAttachment[]>([]);
  const [progress, setProgress] = useState<Record<string, { percent: number; pageIndex: number } | null>>({});
  const [notes, setNotes] = useState<Record<string, Note | null>>({});
  const [busy, setBusy] = useState<Record<string, Busy | null>>({});
  const [loadError, setLoadError] = useState<ShownError | null>(null);
  const [viewer, setViewer] = useState<ViewerSource | null>(null);
  const [warned, setWarned] = useState(false);
  /** Scans that ended before their start call answered (a device gone at once). */
  const ended = useRef(new Set<string>());

  const setNote = useCallback((code: string, note: Note | null) => setNotes((current) => ({ ...current, [code]: note })), []);
  const setItemBusy = useCallback((code: string, value: Busy | null) => setBusy((current) => ({ ...current, [code]: value })), []);
  const putSet = useCallback((set: WorkingSet) => setSets((current) => ({ ...current, [set.documentCode]: set })), []);

  const refresh = useCallback(() => {
    if (!requestId) return;
    Promise.all([call('attachments.workingSets', { requestId }), call('attachments.list', { requestId })]).then(
      ([working, list]) => {
        setSets(Object.fromEntries(working.map((set) => [set.documentCode, set])));
        setAttached(list);
        setLoadError(null);
      },
      (failure: unknown) => setLoadError(shownError(failure)),
    );
  }, [requestId]);

  useEffect(refresh, [refresh]);

  // A scan's progress, pages and end, pushed by the workstation service.
  useEffect(() => {
    if (!requestId) return;
    return onEvent('attachments.scan', (event) => {
      if (event.requestId !== requestId) return;
      const code = event.documentCode;
      if (event.kind === 'progress') {
        setProgress((current) => ({ ...current, [code]: { percent: event.percent, pageIndex: event.pageIndex } }));
      } else if (event.kind === 'page') {
        setSets((current) => {
          const set = current[code] ?? emptySet(requestId, code);
          const pages = [...set.pages];
          if (event.replaced) pages[event.index] = event.page;
          else pages.splice(Math.min(event.index, pages.length), 0, event.page);
          return { ...current, [code]: { ...set, pages } };
        });
      } else {
        ended.current.add(event.scanId);
        setProgress((current) => ({ ...current, [code]: null }));
        setNotes((current) => ({
          ...current,
          [code]:
            event.outcome === 'done'
              ? { kind: 'done', key: 'attachments.scanDone', params: { n: event.pages } }
              : {
                  kind: 'error',
                  error: { code: 'scanner_error', params: { reason: event.error?.reason ?? 'driver_failed' } },
                  ...(event.error?.detail && event.outcome !== 'cancelled' ? { detail: event.error.detail } : {}),
                  kept: event.pages,
                },
        }));
        refresh();
      }
    });
  }, [requestId, refresh]);

  // A file dropped next to an item must not make the window open it (and leave the workstation).
  useEffect(() => {
    const stop = (event: globalThis.DragEvent) => {
      if (Array.from(event.dataTransfer?.types ?? []).includes('Files')) event.preventDefault();
    };
    window.addEventListener('dragover', stop);
    window.addEventListener('drop', stop);
    return () => {
      window.removeEventListener('dragover', stop);
      window.removeEventListener('drop', stop);
    };
  }, []);

  if (!service) return null;
  const values = checkServiceForm(service, intake.operation, intake.values[service.code] ?? emptyValues(service), today).values;
  const birthDate = applicantBirthDate(intake.lookup && intake.lookup.kind === 'person' ? { kind: 'person', id: intake.lookup.id } : null);
  const items = checklist(service, intake.channel, { values, operation: intake.operation, birthDate, today });
  const presented = items.filter((item) => intake.documents[item.document.code]?.presented);
  const notPresented = items.filter((item) => !intake.documents[item.document.code]?.presented);
  const unattached = presented.filter((item) => (sets[item.document.code]?.pages.length ?? 0) > 0);

  const next = () => {
    if (unattached.length && !warned) {
      setWarned(true);
      requestAnimationFrame(() => document.getElementById('attachments-unattached')?.focus());
      return;
    }
    go('signature');
  };

  if (!requestId) {
    return (
      <StepFrame step="attachments" headingRef={headingRef} onNext={() => go('signature')} onBack={() => go('documents')}>
        <p className="notice notice-info">{t('attachments.noDraft')}</p>
      </StepFrame>
    );
  }

  const context: ItemContext = {
    requestId,
    sets,
    attached,
    progress,
    notes,
    busy,
    scanReady: scanRequest(scanner) !== null,
    setNote,
    setItemBusy,
    putSet,
    setAttached,
    openViewer: setViewer,
    startScan: async (code, replacePageId) => {
      const request = scanRequest(scanner);
      if (!request) {
        setNote(code, { kind: 'error', error: { code: 'scanner_error', params: { reason: 'device_not_found' } } });
        return;
      }
      setNote(code, null);
      try {
        const { scanId } = await call('attachments.scan', { requestId, documentCode: code, ...request, ...(replacePageId ? { replacePageId } : {}) });
        if (!ended.current.has(scanId)) {
          setSets((current) => ({ ...current, [code]: { ...(current[code] ?? emptySet(requestId, code)), scan: { scanId, replacePageId: replacePageId ?? null } } }));
          setProgress((current) => ({ ...current, [code]: current[code] ?? { percent: 0, pageIndex: 0 } }));
        }
      } catch (failure) {
        setNote(code, { kind: 'error', error: shownError(failure) });
      }
    },
    markPresented: (code) =>
      update((current) => {
        const mark = current.documents[code];
        if (mark?.presented) return current;
        return { ...current, documents: { ...current.documents, [code]: { ...mark, presented: true } } };
      }),
  };

  return (
    <StepFrame step="attachments" headingRef={headingRef} onNext={next} onBack={() => go('documents')}>
      <p className="muted">{t('attachments.intro')}</p>
      {loadError ? (
        <p className="form-error" role="alert">
          {attachmentErrorMessage(t, loadError)}
        </p>
      ) : null}
      {presented.length ? (
        <>
          <ScannerSettings />
          {presented.map((item) => (
            <AttachmentItem key={item.document.code} document={item.document} name={localised(item.document.names, language)} context={context} />
          ))}
        </>
      ) : (
        <p className="muted">{t('intake.attachments.nothingPresented')}</p>
      )}
      {notPresented.length ? (
        <div className="attach-not-presented">
          <p id="attachments-not-presented">{t('attachments.notPresented')}</p>
          <ul className="plain-list" aria-labelledby="attachments-not-presented">
            {notPresented.map((item) => (
              <li key={item.document.code}>{localised(item.document.names, language)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {warned && unattached.length ? (
        <div className="notice notice-info" role="alert" id="attachments-unattached" tabIndex={-1}>
          <p className="notice-title">{t('attachments.unattachedTitle')}</p>
          <ul className="plain-list">
            {unattached.map((item) => (
              <li key={item.document.code}>{localised(item.document.names, language)}</li>
            ))}
          </ul>
          <p>{t('attachments.unattached')}</p>
        </div>
      ) : null}
      {viewer ? <PageViewer source={viewer} onClose={() => setViewer(null)} /> : null}
    </StepFrame>
  );
}

interface ItemContext {
  requestId: string;
  sets: Record<string, WorkingSet>;
  attached: RequestAttachment[];
  progress: Record<string, { percent: number; pageIndex: number } | null>;
  notes: Record<string, Note | null>;
  busy: Record<string, Busy | null>;
  scanReady: boolean;
  setNote(code: string, note: Note | null): void;
  setItemBusy(code: string, busy: Busy | null): void;
  putSet(set: WorkingSet): void;
  setAttached(list: RequestAttachment[]): void;
  openViewer(source: ViewerSource): void;
  startScan(code: string, replacePageId?: string): Promise<void>;
  markPresented(code: string): void;
}

function AttachmentItem({ document, name, context }: { document: DocumentRequirement; name: string; context: ItemContext }) {
  const { t } = useTranslation();
  const id = useId();
  const headingId = `${id}-heading`;
  const stripHintId = `${id}-strip-hint`;
  const fileRef = useRef<HTMLInputElement>(null);
  const scanButtonRef = useRef<HTMLButtonElement>(null);
  const stripRef = useRef<HTMLOListElement>(null);
  const [dropping, setDropping] = useState(false);
  const code = document.code;
  const { requestId } = context;
  const set = context.sets[code] ?? emptySet(requestId, code);
  const pages = set.pages;
  const scanning = set.scan !== null;
  const progress = context.progress[code] ?? null;
  const note = context.notes[code] ?? null;
  const busy = context.busy[code] ?? null;
  const attachments = context.attached.filter((attachment) => attachment.documentCode === code);
  const total = pages.length;

  const focusPage = (pageId: string | undefined, action?: string) =>
    requestAnimationFrame(() => {
      const strip = stripRef.current;
      const target =
        (pageId && action ? strip?.querySelector<HTMLButtonElement>(`[data-page-id="${pageId}"][data-action="${action}"]:not([disabled])`) : null) ??
        (pageId ? strip?.querySelector<HTMLButtonElement>(`[data-page-id="${pageId}"][data-action="open"]`) : null) ??
        scanButtonRef.current;
      target?.focus();
    });

  /** A page operation: the working set as main has it afterwards. */
  const pageOp = async (operation: () => Promise<WorkingSet>, focus?: { pageId?: string; action?: string }) => {
    if (busy) return;
    context.setItemBusy(code, { kind: 'working' });
    try {
      context.putSet(await operation());
      context.setNote(code, null);
      if (focus) focusPage(focus.pageId, focus.action);
    } catch (failure) {
      context.setNote(code, { kind: 'error', error: shownError(failure) });
    } finally {
      context.setItemBusy(code, null);
    }
  };

  const move = (page: PageView, index: number, delta: -1 | 1) => {
    const to = index + delta;
    if (to < 0 || to >= total) return;
    void pageOp(() => call('attachments.movePage', { requestId, documentCode: code, pageId: page.id, to }), {
      pageId: page.id,
      action: delta < 0 ? 'left' : 'right',
    });
  };

  const importFiles = async (files: File[]) => {
    if (busy || !files.length) return;
    context.setNote(code, null);
    for (const file of files) {
      context.setItemBusy(code, { kind: 'importing', file: file.name });
      try {
        const before = context.sets[code]?.pages.length ?? 0;
        const next = await importIntoItem(requestId, code, file);
        context.putSet(next);
        context.setNote(code, { kind: 'done', key: 'attachments.imported', params: { name: file.name, n: Math.max(next.pages.length - before, 0) } });
      } catch (failure) {
        context.setNote(code, { kind: 'error', error: shownError(failure), file: file.name });
        break;
      } finally {
        context.setItemBusy(code, null);
      }
    }
  };

  const attach = async () => {
    if (busy || scanning || total === 0) return;
    context.setItemBusy(code, { kind: 'attaching' });
    context.setNote(code, null);
    try {
      const fileName = `${name.slice(0, 190)}.pdf`;
      const result = await call('attachments.attach', { requestId, documentCode: code, name: fileName });
      context.putSet(emptySet(requestId, code));
      context.setAttached(await call('attachments.list', { requestId }));
      context.markPresented(code);
      context.setNote(code, {
        kind: 'done',
        key: result.duplicate ? 'attachments.alreadyAttached' : 'attachments.attachedNote',
        params: { name: result.attachment.name, n: result.attachment.pages },
      });
      requestAnimationFrame(() => scanButtonRef.current?.focus());
    } catch (failure) {
      context.setNote(code, { kind: 'error', error: shownError(failure) });
    } finally {
      context.setItemBusy(code, null);
    }
  };

  const remove = async (attachment: RequestAttachment) => {
    try {
      context.setAttached(await call('attachments.remove', { requestId, attachmentId: attachment.id }));
      context.setNote(code, { kind: 'done', key: 'attachments.removed', params: { name: attachment.name } });
      requestAnimationFrame(() => scanButtonRef.current?.focus());
    } catch (failure) {
      context.setNote(code, { kind: 'error', error: shownError(failure) });
    }
  };

  const viewPages = (start: number) =>
    context.openViewer({
      title: name,
      count: total,
      start,
      load: (index) => {
        const page = pages[index];
        return page ? call('attachments.pageImage', { requestId, documentCode: code, pageId: page.id }) : Promise.resolve(null);
      },
    });

  const viewAttachment = (attachment: RequestAttachment) =>
    context.openViewer({
      title: attachment.name,
      count: attachment.pages,
      start: 0,
      load: (page) => call('attachments.attachmentPage', { requestId, attachmentId: attachment.id, page }),
    });

  const onThumbKey = (event: KeyboardEvent<HTMLButtonElement>, page: PageView, index: number) => {
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      event.preventDefault();
      const delta = event.key === 'ArrowLeft' ? -1 : 1;
      const to = index + delta;
      if (to < 0 || to >= total) return;
      void pageOp(() => call('attachments.movePage', { requestId, documentCode: code, pageId: page.id, to }), { pageId: page.id, action: 'open' });
    }
  };

  return (
    <section
      className={`card attach-item${dropping ? ' attach-drop' : ''}`}
      aria-labelledby={headingId}
      onDragOver={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
        setDropping(true);
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropping(false);
      }}
      onDrop={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        setDropping(false);
        void importFiles(Array.from(event.dataTransfer.files));
      }}
    >
      <h3 id={headingId}>{name}</h3>

      {attachments.length ? (
        <ul className="attached-list" aria-label={t('attachments.attachedListLabel', { name })}>
          {attachments.map((attachment) => (
            <li key={attachment.id}>
              <span className="badge badge-ok">{t('attachments.attachedBadge')}</span>{' '}
              <span className="attached-name">{attachment.name}</span>{' '}
              <span className="muted">{t('attachments.attachedMeta', { n: attachment.pages, size: formatSize(attachment.size, t) })}</span>{' '}
              <button type="button" className="button small" onClick={() => viewAttachment(attachment)} aria-label={t('attachments.openAttachment', { name: attachment.name })}>
                {t('attachments.open')}
              </button>{' '}
              <button type="button" className="button small danger" onClick={() => void remove(attachment)} aria-label={t('attachments.removeAttachment', { name: attachment.name })}>
                {t('attachments.remove')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}

      <div className="form-actions attach-actions">
        <button
          ref={scanButtonRef}
          type="button"
          className="button"
          onClick={() => {
            if (!scanning && !busy) void context.startScan(code);
          }}
          aria-disabled={scanning || busy !== null || !context.scanReady || undefined}
          aria-label={t('attachments.scanFor', { name })}
        >
          {t('attachments.scan')}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            if (!busy) fileRef.current?.click();
          }}
          aria-disabled={busy !== null || undefined}
          aria-label={t('attachments.importFor', { name })}
        >
          {t('attachments.import')}
        </button>
        <input
          ref={fileRef}
          type="file"
          multiple
          accept={FILE_TYPES}
          className="visually-hidden"
          tabIndex={-1}
          aria-label={t('attachments.fileInput', { name })}
          onChange={(event) => {
            const files = Array.from(event.target.files ?? []);
            event.target.value = '';
            void importFiles(files);
          }}
        />
        <span className="field-hint attach-drop-hint">{t('attachments.dropHint')}</span>
      </div>

      {scanning ? (
        <div className="scan-progress" role="status">
          <label>
            <span>
              {set.scan?.replacePageId
                ? t('attachments.rescanning')
                : t('attachments.scanning', { n: (progress?.pageIndex ?? 0) + 1, percent: progress?.percent ?? 0 })}
            </span>
            <progress max={100} value={progress?.percent ?? 0} />
          </label>
          <button
            type="button"
            className="button small danger"
            onClick={() => set.scan && void call('attachments.cancelScan', { scanId: set.scan.scanId }).catch(() => undefined)}
            aria-label={t('attachments.cancelScanFor', { name })}
          >
            {t('attachments.cancelScan')}
          </button>
        </div>
      ) : null}
      {busy && busy.kind !== 'working' ? (
        <p className="busy-note" role="status">
          <span className="spinner" aria-hidden="true" /> {busy.kind === 'importing' ? t('attachments.importing', { name: busy.file }) : t('attachments.attaching')}
        </p>
      ) : null}

      {note?.kind === 'error' ? (
        <div className="form-error attach-error" role="alert">
          <p>
            {note.file ? `${t('attachments.fileRefused', { name: note.file })} ` : ''}
            {attachmentErrorMessage(t, note.error)}
          </p>
          {note.kept !== undefined && note.kept > 0 ? <p>{t('attachments.pagesKept', { n: note.kept })}</p> : null}
          {note.detail ? <p className="field-hint">{t('attachments.details', { detail: note.detail })}</p> : null}
        </div>
      ) : note?.kind === 'done' ? (
        <p className="form-success" role="status">
          {t(note.key, note.params)}
        </p>
      ) : null}

      {total ? (
        <>
          <p className="field-hint" id={stripHintId}>
            {t('attachments.stripHint')}
          </p>
          <ol ref={stripRef} className="thumb-strip" aria-label={t('attachments.pagesOf', { name })}>
            {pages.map((page, index) => {
              const n = index + 1;
              return (
                <li key={page.id} className="thumb">
                  <button
                    type="button"
                    className="thumb-open"
                    data-page-id={page.id}
                    data-action="open"
                    onClick={() => viewPages(index)}
                    onKeyDown={(event) => onThumbKey(event, page, index)}
                    aria-label={t('attachments.page.open', { n, total })}
                    aria-describedby={stripHintId}
                    aria-keyshortcuts="Alt+ArrowLeft Alt+ArrowRight"
                  >
                    <span className="thumb-frame">
                      {page.thumbnail ? (
                        <img src={dataUrl('image/jpeg', page.thumbnail)} alt="" style={{ transform: `rotate(${page.rotation}deg)` }} />
                      ) : (
                        <span className="thumb-placeholder">{t('attachments.page.noThumbnail')}</span>
                      )}
                    </span>
                    <span className="thumb-number" aria-hidden="true">
                      {n}
                      {page.rotation ? ` ↻${page.rotation}°` : ''}
                    </span>
                  </button>
                  <div className="thumb-actions">
                    <button
                      type="button"
                      className="button small"
                      data-page-id={page.id}
                      data-action="left"
                      disabled={index === 0}
                      onClick={() => move(page, index, -1)}
                      aria-label={t('attachments.page.moveLeft', { n })}
                      title={t('attachments.page.moveLeft', { n })}
                    >
                      ←
                    </button>
                    <button
                      type="button"
                      className="button small"
                      data-page-id={page.id}
                      data-action="right"
                      disabled={index === total - 1}
                      onClick={() => move(page, index, 1)}
                      aria-label={t('attachments.page.moveRight', { n })}
                      title={t('attachments.page.moveRight', { n })}
                    >
                      →
                    </button>
                    <button
                      type="button"
                      className="button small"
                      data-page-id={page.id}
                      data-action="rotate"
                      onClick={() =>
                        void pageOp(() => call('attachments.rotatePage', { requestId, documentCode: code, pageId: page.id, quarterTurns: 1 }), {
                          pageId: page.id,
                          action: 'rotate',
                        })
                      }
                      aria-label={t('attachments.page.rotate', { n })}
                      title={t('attachments.page.rotate', { n })}
                    >
                      ↻
                    </button>
                    <button
                      type="button"
                      className="button small"
                      data-page-id={page.id}
                      data-action="rescan"
                      aria-disabled={scanning || busy !== null || undefined}
                      onClick={() => {
                        if (!scanning && !busy) void context.startScan(code, page.id);
                      }}
                      aria-label={t('attachments.page.rescan', { n })}
                      title={t('attachments.page.rescan', { n })}
                    >
                      ⟲
                    </button>
                    <button
                      type="button"
                      className="button small danger"
                      data-page-id={page.id}
                      data-action="delete"
                      onClick={() =>
                        void pageOp(() => call('attachments.deletePage', { requestId, documentCode: code, pageId: page.id }), {
                          pageId: (pages[index + 1] ?? pages[index - 1])?.id,
                          action: 'open',
                        })
                      }
                      aria-label={t('attachments.page.delete', { n })}
                      title={t('attachments.page.delete', { n })}
                    >
                      ✕
                    </button>
                  </div>
                </li>
              );
            })}
          </ol>
          <div className="form-actions">
            <button
              type="button"
              className="button primary"
              onClick={() => void attach()}
              aria-disabled={scanning || busy !== null || undefined}
              aria-label={t('attachments.attachFor', { name, n: total })}
            >
              {t('attachments.attach', { n: total })}
            </button>
            <button
              type="button"
              className="button small"
              onClick={() => void pageOp(() => call('attachments.clearPages', { requestId, documentCode: code }), {})}
              aria-disabled={scanning || busy !== null || undefined}
              aria-label={t('attachments.clearFor', { name })}
            >
              {t('attachments.clear')}
            </button>
          </div>
        </>
      ) : !scanning ? (
        <p className="muted">{t('attachments.noPages')}</p>
      ) : null}
    </section>
  );
}
