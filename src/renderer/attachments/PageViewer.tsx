// The page viewer: one page large, in a modal dialog, with zoom and paging — all from the keyboard
// (← →, + −, 0, Esc) and from labelled buttons. Pages are loaded one at a time from main (a scanned
// page as it was scanned; an attachment's page taken out of its stored PDF or rendered) and turned
// upright by their rotation. The keyboard goes back to what opened the viewer when it closes.
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { PageImageData } from '../../shared/attachments';
import type { ShownError } from '../i18n';
import { attachmentErrorMessage, dataUrl, rotatedImage, shownError } from './model';
import './attachments.css';

export interface ViewerSource {
  /** What is shown: the checklist item's or the attachment's name. */
  title: string;
  count: number;
  start: number;
  load(index: number): Promise<PageImageData | null>;
}

const ZOOMS = [0.5, 0.75, 1, 1.5, 2, 3];

type Shown = { kind: 'loading' } | { kind: 'image'; url: string } | { kind: 'none' } | { kind: 'error'; error: ShownError };
type Loaded = Shown & { index: number };

export function PageViewer({ source, onClose }: { source: ViewerSource; onClose(): void }) {
  const { t } = useTranslation();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const canvasRef = useRef<HTMLDivElement>(null);
  const opener = useRef<Element | null>(null);
  const titleId = useId();
  const [index, setIndex] = useState(Math.min(Math.max(source.start, 0), Math.max(source.count - 1, 0)));
  const [zoomIndex, setZoomIndex] = useState(ZOOMS.indexOf(1));
  /** Zoom 100% is the whole page in the window, or the page as wide as the window. */
  const [fit, setFit] = useState<'page' | 'width'>('page');
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const zoom = ZOOMS[zoomIndex] ?? 1;

  useEffect(() => {
    opener.current = document.activeElement;
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    canvasRef.current?.focus();
    return () => {
      if (dialog?.open) dialog.close();
      if (opener.current instanceof HTMLElement && opener.current.isConnected) opener.current.focus();
    };
  }, []);

  useEffect(() => {
    let current = true;
    source
      .load(index)
      .then(async (data): Promise<Loaded> => {
        if (!data) return { kind: 'none', index };
        const upright = await rotatedImage(dataUrl(data.mime, data.data), data.rotation);
        return { kind: 'image', url: upright.url, index };
      })
      .then(
        (next) => current && setLoaded(next),
        (failure: unknown) => current && setLoaded({ kind: 'error', error: shownError(failure), index }),
      );
    return () => {
      current = false;
    };
  }, [index, source]);
  const shown: Shown = loaded && loaded.index === index ? loaded : { kind: 'loading' };

  const go = useCallback((delta: number) => setIndex((value) => Math.min(Math.max(value + delta, 0), source.count - 1)), [source.count]);
  const zoomBy = useCallback((delta: number) => setZoomIndex((value) => Math.min(Math.max(value + delta, 0), ZOOMS.length - 1)), []);

  const fitTo = (mode: 'page' | 'width') => {
    setFit(mode);
    setZoomIndex(ZOOMS.indexOf(1));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target as HTMLElement;
    if (target.tagName === 'BUTTON' && (event.key === 'Enter' || event.key === ' ')) return;
    // By the physical key where the layout matters: on the Kazakh layout the digit row types letters.
    const byKey: Record<string, () => void> = {
      ArrowLeft: () => go(-1),
      PageUp: () => go(-1),
      ArrowRight: () => go(1),
      PageDown: () => go(1),
      Home: () => setIndex(0),
      End: () => setIndex(source.count - 1),
      '+': () => zoomBy(1),
      '-': () => zoomBy(-1),
    };
    const byCode: Record<string, () => void> = {
      Equal: () => zoomBy(1),
      NumpadAdd: () => zoomBy(1),
      Minus: () => zoomBy(-1),
      NumpadSubtract: () => zoomBy(-1),
      Digit0: () => fitTo('page'),
      Numpad0: () => fitTo('page'),
      KeyW: () => fitTo('width'),
    };
    const action = byKey[event.key] ?? byCode[event.code];
    if (!action) return;
    event.preventDefault();
    event.stopPropagation();
    action();
  };

  const n = index + 1;
  const total = source.count;
  return createPortal(
    <dialog
      ref={dialogRef}
      className="page-viewer"
      aria-labelledby={titleId}
      onKeyDown={onKeyDown}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <div className="page-viewer-bar">
        <h2 id={titleId} className="page-viewer-title">
          {t('attachments.viewer.title', { name: source.title, n, total })}
        </h2>
        <div className="page-viewer-tools" role="toolbar" aria-label={t('attachments.viewer.tools')}>
          <button type="button" className="button small" onClick={() => go(-1)} disabled={index === 0} aria-keyshortcuts="ArrowLeft">
            ← {t('attachments.viewer.previous')}
          </button>
          <button type="button" className="button small" onClick={() => go(1)} disabled={index >= total - 1} aria-keyshortcuts="ArrowRight">
            {t('attachments.viewer.next')} →
          </button>
          <button type="button" className="button small" onClick={() => zoomBy(-1)} disabled={zoomIndex === 0} aria-keyshortcuts="-">
            {t('attachments.viewer.zoomOut')}
          </button>
          <span className="page-viewer-zoom" aria-live="polite">
            {t('attachments.viewer.zoom', { percent: Math.round(zoom * 100) })}
          </span>
          <button type="button" className="button small" onClick={() => zoomBy(1)} disabled={zoomIndex === ZOOMS.length - 1} aria-keyshortcuts="+">
            {t('attachments.viewer.zoomIn')}
          </button>
          <button type="button" className="button small" onClick={() => fitTo('page')} aria-pressed={fit === 'page' && zoom === 1} aria-keyshortcuts="0">
            {t('attachments.viewer.wholePage')}
          </button>
          <button type="button" className="button small" onClick={() => fitTo('width')} aria-pressed={fit === 'width' && zoom === 1} aria-keyshortcuts="W">
            {t('attachments.viewer.fit')}
          </button>
          <button type="button" className="button small" onClick={onClose} aria-keyshortcuts="Escape">
            {t('attachments.viewer.close')} <kbd aria-hidden="true">Esc</kbd>
          </button>
        </div>
      </div>
      <div ref={canvasRef} className="page-viewer-canvas" tabIndex={0} aria-label={t('attachments.viewer.canvas', { n, total })}>
        {shown.kind === 'image' ? (
          <img src={shown.url} alt={t('attachments.viewer.pageAlt', { name: source.title, n, total })} className={`fit-${fit}`}
            style={fit === 'page' ? { height: `${zoom * 100}%` } : { width: `${zoom * 100}%` }}
          />
        ) : shown.kind === 'loading' ? (
          <p className="page-viewer-note" role="status">
            <span className="spinner" aria-hidden="true" /> {t('attachments.viewer.loading')}
          </p>
        ) : shown.kind === 'none' ? (
          <p className="page-viewer-note">{t('attachments.viewer.noImage')}</p>
        ) : (
          <p className="form-error" role="alert">
            {attachmentErrorMessage(t, shown.error)}
          </p>
        )}
      </div>
      <p className="field-hint page-viewer-keys">{t('attachments.viewer.keys')}</p>
    </dialog>,
    document.body,
  );
}
