// The trust store: the root (and certification centre) certificates signatures are trusted up to, and
// the revocation lists they are checked against. Administrators add a certificate or a CRL from a file.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../../../shared/api/errors';
import { formatDateTime } from '../../../shared/format';
import type { CrlEntry, TrustEntry, TrustOverview } from '../../../shared/signing';
import { ApiClientError, call } from '../../api/client';
import { FormSuccess, TextField } from '../../components/Field';
import type { Note } from '../../forms/useForm';
import type { ShownError } from '../../i18n';
import { FileField } from '../../signing/FileField';
import { fileToBase64, FILE_LIMITS, isPast, issueFor, issuerName } from '../../signing/format';
import { shownError, SigningError } from '../../signing/SigningError';
import { Tech } from '../../signing/Tech';

const OCSP_EXAMPLE = 'http://ocsp.pki.gov.kz';

export function SigningTrust({ isAdmin }: { isAdmin: boolean }) {
  const { t } = useTranslation();
  const [trust, setTrust] = useState<TrustOverview | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((n) => n + 1), []);

  useEffect(() => {
    let current = true;
    call('signing.trust', {}).then(
      (next) => {
        if (!current) return;
        setTrust(next);
        setError(null);
      },
      (e: unknown) => {
        if (current) setError(shownError(e));
      },
    );
    return () => {
      current = false;
    };
  }, [round]);

  return (
    <section className="subsection" aria-labelledby="signing-trust-heading">
      <h3 id="signing-trust-heading">{t('signing.trust.heading')}</h3>
      <p className="muted">{t('signing.trust.help')}</p>
      <SigningError error={error} />
      {trust === null ? (
        error ? null : <p role="status">{t('common.loading')}</p>
      ) : (
        <>
          <h4 id="signing-roots-heading">{t('signing.trust.roots')}</h4>
          {trust.roots.length === 0 ? (
            <p className="notice">{t('signing.trust.noRoots')}</p>
          ) : (
            <div className="table-wrap">
              <table className="table trust-table" aria-labelledby="signing-roots-heading">
                <thead>
                  <tr>
                    <th scope="col">{t('signing.trust.subject')}</th>
                    <th scope="col">{t('signing.trust.validUntil')}</th>
                    <th scope="col">{t('signing.trust.source')}</th>
                    <th scope="col">
                      {t('signing.trust.fingerprint')} <Tech>(SHA-256)</Tech>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {trust.roots.map((root: TrustEntry) => (
                    <tr key={`${root.fingerprint}-${root.file}`}>
                      <th scope="row" translate="no">
                        {root.subject}
                      </th>
                      <td>
                        {formatDateTime(root.notAfter)}{' '}
                        {isPast(root.notAfter) ? <span className="badge badge-danger">{t('signing.certificate.expired')}</span> : null}
                      </td>
                      <td>{root.source === 'shipped' ? t('signing.trust.sourceShipped') : t('signing.trust.sourceAdded')}</td>
                      <td className="mono fingerprint" title={root.fingerprint} translate="no">
                        {root.fingerprint.slice(0, 16)}…
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h4 id="signing-crls-heading">
            {t('signing.trust.crls')} <Tech>(CRL)</Tech>
          </h4>
          {trust.crls.length === 0 ? (
            <p className="notice">{t('signing.trust.noCrls')}</p>
          ) : (
            <div className="table-wrap">
              <table className="table trust-table" aria-labelledby="signing-crls-heading">
                <thead>
                  <tr>
                    <th scope="col">{t('signing.trust.issuer')}</th>
                    <th scope="col">{t('signing.trust.thisUpdate')}</th>
                    <th scope="col">{t('signing.trust.nextUpdate')}</th>
                  </tr>
                </thead>
                <tbody>
                  {trust.crls.map((crl: CrlEntry) => (
                    <tr key={crl.file}>
                      <th scope="row" translate="no">
                        {issuerName(crl.issuer) || '—'}
                      </th>
                      <td>{formatDateTime(crl.thisUpdate)}</td>
                      <td>
                        {crl.nextUpdate ? formatDateTime(crl.nextUpdate) : t('signing.trust.noNextUpdate')}{' '}
                        {crl.nextUpdate && isPast(crl.nextUpdate) ? (
                          <span className="badge badge-warn">{t('signing.trust.stale')}</span>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      {isAdmin ? (
        <div className="trust-forms">
          <TrustFileForm kind="root" onAdded={reload} />
          <TrustFileForm kind="crl" onAdded={reload} />
          <OcspForm />
        </div>
      ) : null}
    </section>
  );
}

const KINDS = {
  root: { label: 'signing.trust.rootFile', types: '(.cer, .crt, .pem)', submit: 'signing.trust.addRoot', accept: '.cer,.crt,.pem,.der' },
  crl: { label: 'signing.trust.crlFile', types: '(.crl)', submit: 'signing.trust.addCrl', accept: '.crl' },
} as const;

function TrustFileForm({ kind, onAdded }: { kind: 'root' | 'crl'; onAdded(): void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [issue, setIssue] = useState<FieldIssue | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [note, setNote] = useState<Note | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const texts = KINDS[kind];

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setNote(null);
    setError(null);
    if (!file || file.size > FILE_LIMITS.trustFile) {
      setIssue(
        file
          ? { path: 'content', code: 'signing.file_too_large', params: { max: FILE_LIMITS.trustFile / 1024 } }
          : { path: 'content', code: 'signing.choose_file' },
      );
      input.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const content = await fileToBase64(file);
      if (kind === 'root') {
        const entry = await call('signing.addRoot', { content });
        setNote({ key: 'signing.trust.rootAdded', params: { subject: entry.subject } });
      } else {
        const entry = await call('signing.addCrl', { content });
        setNote({ key: 'signing.trust.crlAdded', params: { issuer: issuerName(entry.issuer) || '—' } });
      }
      setFile(null);
      if (input.current) input.current.value = '';
      onAdded();
    } catch (e) {
      const fieldIssue = e instanceof ApiClientError ? issueFor(e.issues, 'content') : undefined;
      if (fieldIssue) {
        setIssue(fieldIssue);
        input.current?.focus();
      } else setError(shownError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label={t(texts.submit)}>
      <FileField
        label={
          <>
            {t(texts.label)} <Tech>{texts.types}</Tech>
          </>
        }
        accept={texts.accept}
        issue={issue}
        inputRef={input}
        onFile={(next) => {
          setFile(next);
          setIssue(undefined);
          setError(null);
        }}
      />
      <SigningError error={error} />
      <FormSuccess note={note} />
      <div className="form-actions">
        <button type="submit" className="button" aria-disabled={busy || undefined}>
          {busy ? t('signing.trust.adding') : t(texts.submit)}
        </button>
      </div>
    </form>
  );
}

/** The OCSP responder an administrator configures (e.g. НУЦ РК's); empty: only those the certificates name. */
function OcspForm() {
  const { t } = useTranslation();
  const [url, setUrl] = useState('');
  const [issue, setIssue] = useState<FieldIssue | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [note, setNote] = useState<Note | null>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let current = true;
    call('signing.ocspSettings', {}).then(
      (settings) => {
        if (current) setUrl(settings.url);
      },
      (e: unknown) => {
        if (current) setError(shownError(e));
      },
    );
    return () => {
      current = false;
    };
  }, []);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setNote(null);
    setError(null);
    setBusy(true);
    try {
      const saved = await call('signing.setOcspSettings', { url: url.trim() });
      setUrl(saved.url);
      setIssue(undefined);
      setNote({ key: saved.url ? 'signing.trust.ocspSaved' : 'signing.trust.ocspCleared' });
    } catch (e) {
      const fieldIssue = e instanceof ApiClientError ? issueFor(e.issues, 'url') : undefined;
      if (fieldIssue) {
        setIssue(fieldIssue);
        input.current?.focus();
      } else setError(shownError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label={t('signing.trust.ocspHeading')}>
      <h4>
        {t('signing.trust.ocspHeading')} <Tech>(OCSP)</Tech>
      </h4>
      <TextField
        label={t('signing.trust.ocspUrl')}
        hint={
          // The address is data, the same in every language (marked so, like the module paths).
          <>
            {t('signing.trust.ocspHint', { example: '\u0000' })
              .split('\u0000')
              .map((part, index) => (index === 0 ? part : [<code key="example" translate="no">{OCSP_EXAMPLE}</code>, part]))}
          </>
        }
        type="url"
        inputMode="url"
        autoComplete="off"
        spellCheck={false}
        value={url}
        issue={issue}
        inputRef={input}
        onValueChange={(next) => {
          setUrl(next);
          setIssue(undefined);
        }}
      />
      <SigningError error={error} />
      <FormSuccess note={note} />
      <div className="form-actions">
        <button type="submit" className="button" aria-disabled={busy || undefined}>
          {busy ? t('signing.trust.ocspSaving') : t('signing.trust.ocspSave')}
        </button>
      </div>
    </form>
  );
}
