// The audit log (administrators): newest first, a page at a time, and a check of the hash chain.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { AuditEntry } from '../../../shared/api/contract';
import { ROLES, type Role } from '../../../shared/domain/roles';
import { formatDateTime } from '../../../shared/format';
import { ApiClientError, call } from '../../api/client';
import { FormError } from '../../components/Field';
import i18n, { roleName, type ShownError } from '../../i18n';

const PAGE_SIZE = 50;

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

function detailValue(t: TFunction, key: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => (isRole(v) ? roleName(t, v) : String(v))).join(', ');
  if (key === 'until' && typeof value === 'string') return formatDateTime(value);
  // Free text typed by staff (a lookup's purpose) is shown as typed, never "translated".
  if (key === 'purpose') return String(value);
  if (typeof value === 'string') {
    const valueKey = `audit.values.${value}`;
    return i18n.exists(valueKey) ? t(valueKey) : value;
  }
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

/** The details of an entry as "name: value" pairs, names and known values translated. */
export function describeDetail(t: TFunction, detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .map(([key, value]) => {
      const nameKey = `audit.detailNames.${key}`;
      const name = i18n.exists(nameKey) ? t(nameKey) : key;
      return `${name}: ${detailValue(t, key, value)}`;
    })
    .join('; ');
}

type Verification = { ok: boolean; checked: number; firstBadSeq: number | null };

export function AuditLogSection() {
  const { t } = useTranslation();
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [verification, setVerification] = useState<Verification | null>(null);
  const [verifying, setVerifying] = useState(false);

  const load = useCallback(async (beforeSeq?: number) => {
    try {
      const page = await call('audit.list', beforeSeq ? { beforeSeq, limit: PAGE_SIZE } : { limit: PAGE_SIZE });
      setEntries((current) => (beforeSeq ? [...current, ...page] : page));
      setHasMore(page.length === PAGE_SIZE);
      setLoaded(true);
      setError(null);
    } catch (e) {
      setError({ code: e instanceof ApiClientError ? e.code : 'internal' });
    }
  }, []);

  useEffect(() => {
    let current = true;
    call('audit.list', { limit: PAGE_SIZE }).then(
      (page) => {
        if (!current) return;
        setEntries(page);
        setHasMore(page.length === PAGE_SIZE);
        setLoaded(true);
      },
      (e: unknown) => {
        if (current) setError({ code: e instanceof ApiClientError ? e.code : 'internal' });
      },
    );
    return () => {
      current = false;
    };
  }, []);

  const verify = async () => {
    setVerifying(true);
    try {
      setVerification(await call('audit.verify', {}));
      setError(null);
    } catch (e) {
      setError({ code: e instanceof ApiClientError ? e.code : 'internal' });
    } finally {
      setVerifying(false);
    }
  };

  const last = entries[entries.length - 1];

  return (
    <section className="card" aria-labelledby="audit-heading">
      <h2 id="audit-heading">{t('audit.heading')}</h2>
      <p className="muted">{t('audit.help')}</p>
      <div className="form-actions">
        <button type="button" className="button" onClick={() => void verify()} aria-disabled={verifying || undefined}>
          {t('audit.verify')}
        </button>
        <button type="button" className="button" onClick={() => void load()}>
          {t('audit.refresh')}
        </button>
      </div>
      <div role="status" className={verification ? (verification.ok ? 'form-success' : 'form-error') : 'visually-hidden'}>
        {verification
          ? verification.ok
            ? t('audit.verifyOk', { checked: verification.checked })
            : t('audit.verifyBroken', { seq: verification.firstBadSeq ?? '?', checked: verification.checked })
          : null}
      </div>
      <FormError error={error} />
      {loaded ? (
        <div className="table-wrap">
          <table className="table audit-table">
            <caption className="visually-hidden">{t('audit.tableCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.columns.seq')}</th>
                <th scope="col">{t('audit.columns.at')}</th>
                <th scope="col">{t('audit.columns.actor')}</th>
                <th scope="col">{t('audit.columns.action')}</th>
                <th scope="col">{t('audit.columns.subject')}</th>
                <th scope="col">{t('audit.columns.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.seq}>
                  <td className="mono">{entry.seq}</td>
                  <td className="nowrap">{formatDateTime(entry.at)}</td>
                  <td className="mono">{entry.actorIin ?? '—'}</td>
                  <td>{i18n.exists(`auditActions.${entry.action}`) ? t(`auditActions.${entry.action}`) : entry.action}</td>
                  <td className="mono">{entry.subject ?? '—'}</td>
                  <td>{describeDetail(t, entry.detail)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {entries.length === 0 ? <p>{t('audit.empty')}</p> : null}
        </div>
      ) : error ? null : (
        <p role="status">{t('common.loading')}</p>
      )}
      {hasMore && last ? (
        <div className="form-actions">
          <button type="button" className="button" onClick={() => void load(last.seq)}>
            {t('audit.loadMore')}
          </button>
        </div>
      ) : null}
    </section>
  );
}
