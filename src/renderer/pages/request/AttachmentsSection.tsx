// The request's attachments: each file with its name, the checklist item it belongs to, its pages,
// size and SHA-256 (the first digits; the whole hash in the title and for screen readers), where it
// came from (scanned or imported at a workstation, or the applicant's own file sent through the
// portal), who added it and when; "Open" shows its pages in the viewer. A list, not a table: it fits
// the page's column.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestAttachment } from '../../../shared/attachments';
import { serviceByCode } from '../../../shared/catalogue';
import { formatDateTime } from '../../../shared/format';
import type { RequestDetail } from '../../../shared/requests/api';
import { call } from '../../api/client';
import { attachmentErrorMessage, formatSize, shortHash, shownError } from '../../attachments/model';
import { PageViewer, type ViewerSource } from '../../attachments/PageViewer';
import '../../attachments/attachments.css';
import type { ShownError } from '../../i18n';
import { localised } from '../queue/format';

export function AttachmentsSection({ detail }: { detail: RequestDetail }) {
  const { t, i18n } = useTranslation();
  const [list, setList] = useState<RequestAttachment[] | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [viewer, setViewer] = useState<ViewerSource | null>(null);
  const requestId = detail.id;
  const updatedAt = detail.updatedAt;

  useEffect(() => {
    let current = true;
    call('attachments.list', { requestId }).then(
      (value) => {
        if (!current) return;
        setList(value);
        setError(null);
      },
      (failure: unknown) => current && setError(shownError(failure)),
    );
    return () => {
      current = false;
    };
  }, [requestId, updatedAt]);

  const service = serviceByCode(detail.service);
  const itemName = (code: string) => {
    const document = service?.documents.find((candidate) => candidate.code === code);
    return document ? localised(document.names, i18n.language) : code;
  };

  const open = (attachment: RequestAttachment) =>
    setViewer({
      title: attachment.name,
      count: attachment.pages,
      start: 0,
      load: (page) => call('attachments.attachmentPage', { requestId, attachmentId: attachment.id, page }),
    });

  return (
    <section className="card" aria-labelledby="request-attachments">
      <h2 id="request-attachments">{t('request.attachments.heading')}</h2>
      {error ? (
        <p className="form-error" role="alert">
          {attachmentErrorMessage(t, error)}
        </p>
      ) : list === null ? (
        <p role="status">{t('common.loading')}</p>
      ) : list.length === 0 ? (
        <p className="muted">{t('attachments.none')}</p>
      ) : (
        <ul className="attachment-list">
          {list.map((attachment) => (
            <li key={attachment.id} className="attachment-entry" aria-label={attachment.name}>
              <div className="attachment-head">
                <span className="attachment-name">{attachment.name}</span>
                <button type="button" className="button small" onClick={() => open(attachment)} aria-label={t('attachments.openAttachment', { name: attachment.name })}>
                  {t('attachments.open')}
                </button>
              </div>
              <dl className="meta-list attachment-meta">
                <div>
                  <dt>{t('attachments.columns.item')}</dt>
                  <dd data-field="item">{itemName(attachment.documentCode)}</dd>
                </div>
                <div>
                  <dt>{t('attachments.columns.pages')}</dt>
                  <dd data-field="pages">{attachment.pages}</dd>
                </div>
                <div>
                  <dt>{t('attachments.columns.size')}</dt>
                  <dd data-field="size">{formatSize(attachment.size, t)}</dd>
                </div>
                <div>
                  <dt>{t('attachments.columns.sha256')}</dt>
                  <dd data-field="sha256" className="mono" title={attachment.sha256}>
                    <span aria-hidden="true">{shortHash(attachment.sha256)}…</span>
                    <span className="visually-hidden">{attachment.sha256}</span>
                  </dd>
                </div>
                <div>
                  <dt>{t('attachments.columns.source')}</dt>
                  <dd data-field="source">{t(`attachments.source.${attachment.source}`)}</dd>
                </div>
                <div>
                  <dt>{t('attachments.columns.added')}</dt>
                  <dd data-field="added">
                    {formatDateTime(attachment.addedAt)}
                    {attachment.addedBy.name ? ` — ${attachment.addedBy.name}` : ''}
                  </dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      )}
      {viewer ? <PageViewer source={viewer} onClose={() => setViewer(null)} /> : null}
    </section>
  );
}
