// The ЭЦҚ signatures recorded with this request's steps: who signed which step, when, with what key,
// and what the verification said at signing time (every check, "could not check" included).
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/format';
import type { RequestDetail } from '../../../shared/requests/api';
import type { SignatureRecord } from '../../../shared/signing';
import { call } from '../../api/client';
import { checkLine, verdictSummary } from '../../signing/format';

export function SignaturesSection({ detail }: { detail: RequestDetail }) {
  const { t } = useTranslation();
  const headingId = useId();
  const [records, setRecords] = useState<SignatureRecord[] | null>(null);
  // Read again whenever the request changes (a signed step adds one).
  const version = detail.history.length;
  useEffect(() => {
    let live = true;
    call('signing.signatures', { requestId: detail.id }).then(
      (list) => live && setRecords(list),
      () => live && setRecords([]),
    );
    return () => {
      live = false;
    };
  }, [detail.id, version]);

  return (
    <section className="card request-signatures" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('request.signatures.heading')}</h2>
      {records === null ? null : records.length === 0 ? (
        <p className="muted">{t('request.signatures.none')}</p>
      ) : (
        <ul className="plain-list">
          {records.map((record) => {
            const checks = { ok: record.checks.every((check) => check.status === 'pass'), checks: record.checks };
            return (
              <li key={record.id}>
                <p>
                  <strong>{t(`request.actions.${record.action}`)}</strong>
                  {' — '}
                  {t('request.signatures.by', { name: record.signerName, iin: record.signerIin, time: formatDateTime(record.signedAt) })}
                  {' · '}
                  {t(`request.signatures.source.${record.keySource}`)}
                </p>
                <details>
                  <summary>{verdictSummary(t, checks)}</summary>
                  <ul className="plain-list">
                    {record.checks.map((check) => (
                      <li key={check.name}>{checkLine(t, check)}</li>
                    ))}
                  </ul>
                </details>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
