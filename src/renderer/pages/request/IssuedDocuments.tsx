// The request's signed documents: number, title, when and by whom signed, the file, whether the
// central server's register knows it, its journal entries and how it reached the applicant — and the
// ways to hand it over: print (the stored signed file's pages, never a new rendering), save the PDF,
// save the detached signature, send it to the portal (portal requests only; queued until
// synchronisation with the central server exists). The first print, save or send of a result issues it.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import i18next from 'i18next';
import type { FieldIssue } from '../../../shared/api/errors';
import type { DeliveryVia, DocumentFile, DocumentPreview, DocumentServerRefusal, IssuedDocumentSummary } from '../../../shared/documents';
import { formatDateTime } from '../../../shared/format';
import type { RequestDetail } from '../../../shared/requests/api';
import { ApiClientError, call } from '../../api/client';
import { errorMessage } from '../../i18n';
import { saveFile } from '../journals/format';
import { localised } from '../queue/format';
import { documentIssueText } from './DocumentInputs';
import { PrintView } from './PrintView';

/** A failure as the documents' screens show it. */
export interface DocumentErrorView {
  code: string;
  params?: Record<string, string | number>;
  issues?: FieldIssue[];
}

export function documentError(error: unknown): DocumentErrorView {
  return error instanceof ApiClientError ? { code: error.code, params: error.params, issues: error.issues } : { code: 'internal' };
}

/** The sentence for a documents call's failure: the documents' own reasons first. */
export function documentErrorText(t: TFunction, error: DocumentErrorView): string {
  const reason = String(error.params?.reason ?? '');
  if (error.code === 'document_file_unavailable' && i18next.exists(`documents.fileUnavailable.${reason}`)) {
    return t(`documents.fileUnavailable.${reason}`, { number: error.params?.number ?? '' });
  }
  if (error.code === 'document_blocked') {
    return i18next.exists(`documents.blocked.${reason}`) && reason !== 'title' ? t(`documents.blocked.${reason}`) : t('documents.blocked.other');
  }
  const issue = error.issues?.find((item) => !item.path.startsWith('details.'));
  if (error.code === 'invalid_input' && issue) return documentIssueText(t, issue);
  return errorMessage(t, { code: error.code, ...(error.params ? { params: error.params } : {}) });
}

export function DocumentError({ error }: { error: DocumentErrorView | null }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <div className="form-error" role="alert">
      {documentErrorText(t, error)}
    </div>
  );
}

/** The file's size in KB or MB, in the interface's words. */
/**
 * The central server's refusal to register a pending document: for an issuer (BIN) not bound to the
 * provider, what the server's administrator does; for any other code, the code. It is sent again.
 */
export function registerRefusalText(t: TFunction, refusal: DocumentServerRefusal): string {
  const time = formatDateTime(refusal.at);
  return refusal.code === 'foreign_issuer'
    ? t('documents.register.refusedForeignIssuer', { issuer: refusal.issuer, time })
    : t('documents.register.refused', { code: refusal.code, time });
}

function sizeText(t: TFunction, bytes: number): string {
  if (bytes < 1024 * 1024) return t('documents.size.kb', { n: Math.max(1, Math.round(bytes / 1024)) });
  return t('documents.size.mb', { n: (bytes / (1024 * 1024)).toFixed(1) });
}

type Action = 'print' | 'pdf' | 'p7s' | 'portal';

export function IssuedDocuments({
  detail,
  documents,
  focusId,
  onDelivered,
}: {
  detail: RequestDetail;
  documents: IssuedDocumentSummary[];
  /** A document just signed: its heading takes the keyboard. */
  focusId: string | null;
  onDelivered(result: { document: IssuedDocumentSummary; request: RequestDetail }): void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const [busy, setBusy] = useState<{ id: string; action: Action } | null>(null);
  const [notes, setNotes] = useState<Record<string, ReactNode>>({});
  const [errors, setErrors] = useState<Record<string, DocumentErrorView | null>>({});
  const [printJob, setPrintJob] = useState<{ doc: IssuedDocumentSummary; images: DocumentPreview['images'] } | null>(null);
  const headings = useRef(new Map<string, HTMLHeadingElement>());
  const focused = useRef<string | null>(null);

  // Once, when it is on screen (not again when the list is read again).
  useEffect(() => {
    if (!focusId || focused.current === focusId) return;
    const heading = headings.current.get(focusId);
    if (!heading) return;
    focused.current = focusId;
    heading.focus();
  }, [focusId, documents]);

  const begin = (doc: IssuedDocumentSummary, action: Action) => {
    setBusy({ id: doc.id, action });
    setNotes((current) => ({ ...current, [doc.id]: null }));
    setErrors((current) => ({ ...current, [doc.id]: null }));
  };
  const fail = (doc: IssuedDocumentSummary, error: unknown) => {
    setBusy(null);
    setErrors((current) => ({ ...current, [doc.id]: documentError(error) }));
  };
  const finish = (doc: IssuedDocumentSummary, note: ReactNode) => {
    setBusy(null);
    setNotes((current) => ({ ...current, [doc.id]: note }));
  };

  const deliver = async (doc: IssuedDocumentSummary, via: DeliveryVia, note: ReactNode) => {
    try {
      onDelivered(await call('documents.deliver', { documentId: doc.id, via }));
      finish(doc, note);
    } catch (error) {
      fail(doc, error);
    }
  };

  const print = async (doc: IssuedDocumentSummary) => {
    begin(doc, 'print');
    try {
      setPrintJob({ doc, images: await call('documents.pages', { documentId: doc.id }) });
    } catch (error) {
      fail(doc, error);
    }
  };

  const printReady = () => {
    const job = printJob;
    if (!job) return;
    window.print();
    setPrintJob(null);
    void deliver(job.doc, 'print', <Trans i18nKey="documents.done.printed" values={{ number: job.doc.number }} components={[<span key="number" translate="no" />]} />);
  };

  const save = async (doc: IssuedDocumentSummary, format: 'pdf' | 'p7s') => {
    begin(doc, format);
    let file: DocumentFile;
    try {
      file = await call('documents.file', { documentId: doc.id, format });
    } catch (error) {
      fail(doc, error);
      return;
    }
    saveFile(file);
    if (format === 'p7s') {
      finish(doc, <Trans i18nKey="documents.done.signatureSaved" values={{ name: file.name }} components={[<span key="name" translate="no" />]} />);
      return;
    }
    await deliver(doc, 'save', <Trans i18nKey="documents.done.saved" values={{ name: file.name }} components={[<span key="name" translate="no" />]} />);
  };

  const toPortal = async (doc: IssuedDocumentSummary) => {
    begin(doc, 'portal');
    await deliver(doc, 'portal', t('documents.done.portalQueued'));
  };

  return (
    <section className="issued-documents" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('documents.issued.heading')}</h3>
      {documents.length === 0 ? (
        <p className="muted">{t('documents.issued.none')}</p>
      ) : (
        <ul className="plain-list issued-list">
          {documents.map((doc) => (
            <IssuedDocument
              key={doc.id}
              doc={doc}
              detail={detail}
              busy={busy?.id === doc.id ? busy.action : busy ? 'other' : null}
              note={notes[doc.id] ?? null}
              error={errors[doc.id] ?? null}
              headingRef={(element) => {
                if (element) headings.current.set(doc.id, element);
                else headings.current.delete(doc.id);
              }}
              onPrint={() => void print(doc)}
              onSave={(format) => void save(doc, format)}
              onPortal={() => void toPortal(doc)}
            />
          ))}
        </ul>
      )}
      {printJob ? (
        <PrintView
          images={printJob.images}
          label={t('documents.print.label', { title: localised(printJob.doc.names, i18next.language), number: printJob.doc.number })}
          alt={(n) => t('documents.preview.alt', { title: localised(printJob.doc.names, i18next.language), n, total: printJob.images.length })}
          onReady={printReady}
        />
      ) : null}
    </section>
  );
}

function IssuedDocument({
  doc,
  detail,
  busy,
  note,
  error,
  headingRef,
  onPrint,
  onSave,
  onPortal,
}: {
  doc: IssuedDocumentSummary;
  detail: RequestDetail;
  busy: Action | 'other' | null;
  note: ReactNode;
  error: DocumentErrorView | null;
  headingRef(element: HTMLHeadingElement | null): void;
  onPrint(): void;
  onSave(format: 'pdf' | 'p7s'): void;
  onPortal(): void;
}) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const title = localised(doc.names, i18n.language);
  const number = <span key="number" translate="no" />;
  const working = (action: Action, label: ReactNode) =>
    busy === action ? (
      <>
        <span className="spinner small-spinner" aria-hidden="true" /> {label}
      </>
    ) : (
      label
    );
  const portalSent = doc.deliveries.some((delivery) => delivery.via === 'portal');
  return (
    <li className="issued-document">
      <article aria-labelledby={`${id}-title`}>
        <h4 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
          <Trans i18nKey="documents.issued.title" values={{ title, number: doc.number }} components={[number]} />
        </h4>
        <dl className="meta-list issued-facts">
          <div>
            <dt>{t('documents.issued.issuedAt')}</dt>
            <dd>{t('documents.issued.issuedAtValue', { time: formatDateTime(doc.issuedAt) })}</dd>
          </div>
          <div>
            <dt>{t('documents.issued.signer')}</dt>
            <dd>{doc.signerName}</dd>
          </div>
          <div>
            <dt>{t('documents.issued.file')}</dt>
            <dd>{t('documents.issued.fileValue', { size: sizeText(t, doc.pdfSize), pages: doc.pages })}</dd>
          </div>
          <div>
            <dt>{t('documents.issued.register')}</dt>
            <dd className={`register-state register-${doc.serverRefusal ? 'refused' : doc.serverState}`}>
              {doc.serverRefusal ? registerRefusalText(t, doc.serverRefusal) : t(`documents.register.${doc.serverState}`)}
            </dd>
          </div>
          <div>
            <dt>{t('documents.issued.journals')}</dt>
            <dd>
              <ul className="plain-list">
                {doc.journalEntries.map((entry) => (
                  <li key={`${entry.journal}:${entry.number}`}>
                    <Trans
                      i18nKey="documents.issued.journalEntry"
                      values={{ journal: i18next.exists(`documents.journals.${entry.journal}`) ? t(`documents.journals.${entry.journal}`) : entry.journal, number: entry.number }}
                      components={[<span key="number" translate="no" />]}
                    />
                  </li>
                ))}
              </ul>
            </dd>
          </div>
          <div>
            <dt>{t('documents.issued.deliveries')}</dt>
            <dd>
              {doc.deliveries.length === 0 ? (
                t(doc.action === 'refuse' ? 'documents.issued.noDeliveriesRefusal' : 'documents.issued.noDeliveries')
              ) : (
                <ul className="plain-list deliveries">
                  {doc.deliveries.map((delivery, index) => (
                    <li key={index}>
                      {t('documents.delivery.line', {
                        how: t(`documents.delivery.${delivery.via}`),
                        name: delivery.byName ?? t('documents.delivery.unknownName'),
                        time: formatDateTime(delivery.at),
                      })}
                      {delivery.via === 'portal' ? ` — ${t(delivery.state === 'queued' ? 'documents.delivery.queued' : 'documents.delivery.sent')}` : null}
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </div>
        </dl>
        <div className="action-buttons" role="group" aria-label={t('documents.issued.actionsLabel', { number: doc.number })}>
          <button type="button" className="button" aria-disabled={busy ? true : undefined} onClick={() => !busy && onPrint()}>
            {working('print', t('documents.actions.print'))}
          </button>
          <button type="button" className="button" aria-disabled={busy ? true : undefined} onClick={() => !busy && onSave('pdf')}>
            {working('pdf', <Trans i18nKey="documents.actions.savePdf" values={{ format: 'PDF' }} components={[<span key="format" translate="no" />]} />)}
          </button>
          <button type="button" className="button" aria-disabled={busy ? true : undefined} onClick={() => !busy && onSave('p7s')}>
            {working('p7s', <Trans i18nKey="documents.actions.saveP7s" values={{ format: '.p7s' }} components={[<span key="format" translate="no" />]} />)}
          </button>
          {detail.channel === 'portal' ? (
            <button type="button" className="button" aria-disabled={busy || portalSent ? true : undefined} onClick={() => !busy && !portalSent && onPortal()}>
              {working('portal', t('documents.actions.portal'))}
            </button>
          ) : null}
        </div>
        <div className={note ? 'form-success' : 'visually-hidden'} role="status">
          {busy === 'print' ? t('documents.print.preparing') : note}
        </div>
        <DocumentError error={error} />
      </article>
    </li>
  );
}
