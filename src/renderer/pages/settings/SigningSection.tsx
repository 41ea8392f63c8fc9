// Electronic signature (ЭЦҚ/ЭЦП): the PKCS#11 modules and the tokens they see (re-read every 3 s
// while the section is shown, which is how an inserted or pulled-out token is noticed), each token's
// certificates, the PKCS#12 key files, the trusted roots and revocation lists, and checking any signed
// file. Everyone sees it; changing the modules and the trust store is for administrators.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../../../shared/api/errors';
import { pinSchema, type CertificateInfo, type KeyFileSummary, type SigningStatus, type TokenCertificate, type TokenSummary } from '../../../shared/signing';
import { ApiClientError, call } from '../../api/client';
import { FormSuccess, TextField } from '../../components/Field';
import type { Note } from '../../forms/useForm';
import { checkValue } from '../../forms/validation';
import type { ShownError } from '../../i18n';
import { CertificateDetails } from '../../signing/CertificateDetails';
import { FileField } from '../../signing/FileField';
import { fileToBase64, FILE_LIMITS, issueFor, pinBadges } from '../../signing/format';
import { shownError, SigningError } from '../../signing/SigningError';
import { Tech } from '../../signing/Tech';
import { useAppSelector } from '../../store';
import { SigningTrust } from './SigningTrust';
import { VerifySignedFile } from './VerifySignedFile';

/** How often the token list is read again while the section is shown. */
export const TOKEN_POLL_MS = 3000;

const PIN_BADGE_CLASS = { locked: 'badge-danger', finalTry: 'badge-danger', countLow: 'badge-warn', toBeChanged: 'badge-warn' } as const;
const MODULE_STATE_CLASS = { loaded: 'badge-ok', missing: 'badge-warn', failed: 'badge-danger' } as const;
const MAX_MODULES = 10;

export function SigningSection({ isAdmin }: { isAdmin: boolean }) {
  const { t } = useTranslation();
  const iin = useAppSelector((state) => state.session.current?.iin);
  const [status, setStatus] = useState<SigningStatus | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  /** Bumped by Refresh: every token's certificates are read again. */
  const [round, setRound] = useState(0);

  // Read now (and again on Refresh), then every TOKEN_POLL_MS while the section is shown.
  useEffect(() => {
    let current = true;
    let inFlight = false;
    const poll = () => {
      if (inFlight) return;
      inFlight = true;
      call('signing.status', {})
        .then(
          (next) => {
            if (!current) return;
            // The same answer keeps the same object: nothing re-renders on a quiet poll.
            setStatus((shown) => (shown && JSON.stringify(shown) === JSON.stringify(next) ? shown : next));
            setError(null);
          },
          (e: unknown) => {
            if (current) setError(shownError(e));
          },
        )
        .finally(() => {
          inFlight = false;
        });
    };
    poll();
    const timer = setInterval(poll, TOKEN_POLL_MS);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [round]);

  const refresh = () => setRound((n) => n + 1);

  return (
    <section className="card signing-section" aria-labelledby="settings-signing">
      <h2 id="settings-signing">{t('signing.heading')}</h2>
      <p className="muted">{t('signing.help')}</p>
      {!isAdmin ? <p className="muted">{t('signing.adminOnly')}</p> : null}
      <SigningError error={error} iin={iin} />
      {status ? (
        <>
          <ModulesPanel status={status} isAdmin={isAdmin} onSaved={setStatus} />
          <TokensPanel status={status} round={round} onRefresh={refresh} />
          <KeyFilesPanel keyFiles={status.keyFiles} onAdded={refresh} />
        </>
      ) : error ? null : (
        <p role="status">{t('common.loading')}</p>
      )}
      <SigningTrust isAdmin={isAdmin} />
      <VerifySignedFile />
    </section>
  );
}

// ---- tokens ----

function TokensPanel({ status, round, onRefresh }: { status: SigningStatus; round: number; onRefresh(): void }) {
  const { t } = useTranslation();
  const anyLoaded = status.modules.some((module) => module.state === 'loaded');
  return (
    <section className="subsection" aria-labelledby="signing-tokens-heading">
      <h3 id="signing-tokens-heading">{t('signing.tokens.heading')}</h3>
      <p className="muted">{t('signing.tokens.help')}</p>
      <div className="form-actions">
        <button type="button" className="button" onClick={onRefresh}>
          {t('signing.refresh')}
        </button>
      </div>
      {status.tokens.length === 0 ? (
        <p className="notice">{anyLoaded ? t('signing.tokens.none') : t('signing.tokens.noModules')}</p>
      ) : (
        <ul className="plain-list token-list" aria-labelledby="signing-tokens-heading">
          {status.tokens.map((token) => (
            <li key={token.ref}>
              <TokenCard token={token} round={round} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function TokenCard({ token, round }: { token: TokenSummary; round: number }) {
  const { t } = useTranslation();
  const headingId = useId();
  const [certificates, setCertificates] = useState<TokenCertificate[] | null>(null);
  const [error, setError] = useState<ShownError | null>(null);

  useEffect(() => {
    let current = true;
    call('signing.certificates', { tokenRef: token.ref }).then(
      (list) => {
        if (!current) return;
        setCertificates(list);
        setError(null);
      },
      (e: unknown) => {
        if (current) setError(shownError(e));
      },
    );
    return () => {
      current = false;
    };
  }, [token.ref, round]);

  const badges = pinBadges(token.pin);
  const label = token.label || t('signing.tokens.unlabelled');
  return (
    <article className="token-card" aria-labelledby={headingId}>
      <h4 id={headingId} translate={token.label ? 'no' : undefined}>
        {label}
      </h4>
      <dl className="facts compact">
        <div>
          <dt>{t('signing.tokens.manufacturer')}</dt>
          <dd translate="no">{token.manufacturer || '—'}</dd>
        </div>
        <div>
          <dt>{t('signing.tokens.model')}</dt>
          <dd translate="no">{token.model || '—'}</dd>
        </div>
        <div>
          <dt>{t('signing.tokens.serial')}</dt>
          <dd className="mono" translate="no">
            {token.serial || '—'}
          </dd>
        </div>
        <div>
          <dt>{t('signing.tokens.pinState')}</dt>
          <dd className="badge-row">
            {badges.length === 0 ? (
              <span className="badge badge-ok">{t('signing.tokens.pin.ok')}</span>
            ) : (
              badges.map((badge) => (
                <span key={badge} className={`badge ${PIN_BADGE_CLASS[badge]}`}>
                  {t(`signing.tokens.pin.${badge}`)}
                </span>
              ))
            )}
          </dd>
        </div>
      </dl>
      <h5 className="token-certificates-heading">{t('signing.tokens.certificates')}</h5>
      <SigningError error={error} />
      {certificates === null ? (
        error ? null : (
          <p role="status" className="muted">
            {t('signing.tokens.loadingCertificates')}
          </p>
        )
      ) : certificates.length === 0 ? (
        <p className="muted">{t('signing.tokens.noCertificates')}</p>
      ) : (
        <ul className="plain-list certificate-list">
          {certificates.map((item) => (
            <li key={`${item.idHex}-${item.certificate.fingerprint}`}>
              <CertificateDetails info={item.certificate} hasPrivateKey={item.hasPrivateKey} headingLevel={5} />
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}

// ---- PKCS#11 modules ----

function ModulesPanel({ status, isAdmin, onSaved }: { status: SigningStatus; isAdmin: boolean; onSaved(status: SigningStatus): void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<string[] | null>(null);
  const [path, setPath] = useState('');
  const [pathIssue, setPathIssue] = useState<FieldIssue | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<ShownError | null>(null);
  const [note, setNote] = useState<Note | null>(null);
  const pathInput = useRef<HTMLInputElement>(null);

  const saved = status.modules.map((module) => module.path);
  const list = draft ?? saved;
  const changed = draft !== null && JSON.stringify(draft) !== JSON.stringify(saved);

  const edit = (next: string[]) => {
    setDraft(next);
    setNote(null);
    setSaveError(null);
  };

  const add = (value: string): boolean => {
    const trimmed = value.trim();
    let issue: FieldIssue | undefined;
    if (!trimmed) issue = { path: 'path', code: 'required' };
    else if (trimmed.length > 400) issue = { path: 'path', code: 'too_long', params: { max: 400 } };
    else if (list.includes(trimmed)) issue = { path: 'path', code: 'signing.module_duplicate' };
    else if (list.length >= MAX_MODULES) issue = { path: 'path', code: 'signing.modules_too_many', params: { max: MAX_MODULES } };
    setPathIssue(issue);
    if (issue) return false;
    edit([...list, trimmed]);
    return true;
  };

  const onAdd = (event: FormEvent) => {
    event.preventDefault();
    if (add(path)) setPath('');
    else pathInput.current?.focus();
  };

  const save = async () => {
    if (draft === null || saving) return;
    setSaving(true);
    setSaveError(null);
    try {
      const next = await call('signing.setModules', { paths: draft });
      onSaved(next);
      setDraft(null);
      setNote({ key: 'signing.modules.saved' });
    } catch (e) {
      setSaveError(shownError(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="subsection" aria-labelledby="signing-modules-heading">
      <h3 id="signing-modules-heading">
        {t('signing.modules.heading')} <Tech>(PKCS#11)</Tech>
      </h3>
      <p className="muted">{t('signing.modules.help')}</p>
      <h4 id="signing-modules-configured">{t('signing.modules.configured')}</h4>
      {list.length === 0 ? (
        <p className="notice">{t('signing.modules.none')}</p>
      ) : (
        <ul className="plain-list module-list" aria-labelledby="signing-modules-configured">
          {list.map((item) => {
            const module = draft === null || saved.includes(item) ? status.modules.find((entry) => entry.path === item) : undefined;
            return (
              <li key={item} className="module-row">
                <Tech className="mono path">{item}</Tech>
                {module ? (
                  <span className={`badge ${MODULE_STATE_CLASS[module.state]}`}>{t(`signing.modules.state.${module.state}`)}</span>
                ) : (
                  <span className="badge badge-off">{t('signing.modules.state.unsaved')}</span>
                )}
                {module?.detail ? <Tech className="muted module-detail">{module.detail}</Tech> : null}
                {isAdmin ? (
                  <button
                    type="button"
                    className="button small"
                    aria-label={t('signing.modules.removeLabel', { path: item })}
                    onClick={() => edit(list.filter((entry) => entry !== item))}
                  >
                    {t('signing.modules.remove')}
                  </button>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}

      {isAdmin ? (
        <>
          <form className="form form-inline" onSubmit={onAdd} noValidate>
            <TextField
              label={t('signing.modules.pathLabel')}
              value={path}
              onValueChange={(value) => {
                setPath(value);
                setPathIssue(undefined);
              }}
              issue={pathIssue}
              hint={
                <>
                  {t('signing.modules.pathHint')} <Tech className="mono">/usr/lib/libkztoken.so</Tech>,{' '}
                  <Tech className="mono">C:\Windows\System32\kztoken.dll</Tech>
                </>
              }
              autoComplete="off"
              spellCheck={false}
              maxLength={400}
              inputRef={pathInput}
              className="module-path-field"
            />
            <div className="form-actions">
              <button type="submit" className="button">
                {t('signing.modules.add')}
              </button>
            </div>
          </form>
          {draft !== null ? (
            <div className="form-actions">
              <button type="button" className="button primary" onClick={() => void save()} disabled={!changed || saving}>
                {saving ? t('signing.modules.saving') : t('signing.modules.save')}
              </button>
              <button
                type="button"
                className="button"
                onClick={() => {
                  setDraft(null);
                  setPathIssue(undefined);
                  setSaveError(null);
                }}
                disabled={saving}
              >
                {t('signing.modules.discard')}
              </button>
            </div>
          ) : null}
          <SigningError error={saveError} />
          <FormSuccess note={note} />
        </>
      ) : null}

      <h4 id="signing-modules-known">{t('signing.modules.known')}</h4>
      <p className="muted">{t('signing.modules.knownHelp')}</p>
      <div className="table-wrap">
        <table className="table known-modules">
          <caption className="visually-hidden">{t('signing.modules.known')}</caption>
          <tbody>
            {status.knownModules.map((known) => (
              <tr key={known.path}>
                <th scope="row" translate="no">
                  {known.name}
                </th>
                <td className="mono path-cell" translate="no">
                  {known.path}
                </td>
                <td>
                  <span className={`badge ${known.present ? 'badge-ok' : 'badge-off'}`}>
                    {known.present ? t('signing.modules.present') : t('signing.modules.absent')}
                  </span>
                </td>
                {isAdmin ? (
                  <td>
                    {known.present && !list.includes(known.path) ? (
                      <button
                        type="button"
                        className="button small"
                        aria-label={t('signing.modules.addKnownLabel', { path: known.path })}
                        onClick={() => add(known.path)}
                      >
                        {t('signing.modules.addKnown')}
                      </button>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

// ---- PKCS#12 key files ----

function KeyFilesPanel({ keyFiles, onAdded }: { keyFiles: KeyFileSummary[]; onAdded(): void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [issue, setIssue] = useState<FieldIssue | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [note, setNote] = useState<Note | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setNote(null);
    setError(null);
    if (!file) {
      setIssue({ path: 'content', code: 'signing.choose_file' });
      input.current?.focus();
      return;
    }
    if (file.size > FILE_LIMITS.keyFile) {
      setIssue({ path: 'content', code: 'signing.file_too_large', params: { max: FILE_LIMITS.keyFile / 1024 } });
      input.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const name = file.name.slice(0, 200) || 'key.p12';
      const added = await call('signing.addKeyFile', { name, content: await fileToBase64(file) });
      setNote({ key: 'signing.keyFiles.added', params: { name: added.name } });
      setFile(null);
      if (input.current) input.current.value = '';
      onAdded();
    } catch (e) {
      const shown = shownError(e);
      const fieldIssue = e instanceof ApiClientError ? issueFor(e.issues, 'content') : undefined;
      if (fieldIssue) setIssue(fieldIssue);
      setError(shown);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="subsection" aria-labelledby="signing-keyfiles-heading">
      <h3 id="signing-keyfiles-heading">
        {t('signing.keyFiles.heading')} <Tech>(PKCS#12)</Tech>
      </h3>
      <p className="muted">{t('signing.keyFiles.help')}</p>
      {keyFiles.length === 0 ? (
        <p className="muted">{t('signing.keyFiles.none')}</p>
      ) : (
        <ul className="plain-list key-file-list" aria-labelledby="signing-keyfiles-heading">
          {keyFiles.map((keyFile) => (
            <li key={keyFile.id}>
              <KeyFileItem keyFile={keyFile} />
            </li>
          ))}
        </ul>
      )}
      <form className="form" onSubmit={onSubmit} noValidate aria-label={t('signing.keyFiles.add')}>
        <FileField
          label={
            <>
              {t('signing.keyFiles.fileLabel')} <Tech>(.p12, .pfx)</Tech>
            </>
          }
          accept=".p12,.pfx"
          issue={issue}
          inputRef={input}
          onFile={(next) => {
            setFile(next);
            setIssue(undefined);
            setError(null);
          }}
        />
        <SigningError error={error && !issue ? error : null} />
        <FormSuccess note={note} />
        <div className="form-actions">
          <button type="submit" className="button" aria-disabled={busy || undefined}>
            {busy ? t('signing.keyFiles.adding') : t('signing.keyFiles.add')}
          </button>
        </div>
      </form>
    </section>
  );
}

function KeyFileItem({ keyFile }: { keyFile: KeyFileSummary }) {
  const { t } = useTranslation();
  const iin = useAppSelector((state) => state.session.current?.iin);
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [issue, setIssue] = useState<FieldIssue | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [certificates, setCertificates] = useState<CertificateInfo[] | null>(null);
  const passwordInput = useRef<HTMLInputElement>(null);
  const formId = `keyfile-${keyFile.id}`; // the id is 32 hex digits

  useEffect(() => {
    if (open) passwordInput.current?.focus();
  }, [open]);

  const toggle = () => {
    setOpen((value) => !value);
    setPassword('');
    setIssue(undefined);
    setError(null);
    setCertificates(null);
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const problem = checkValue(pinSchema, password);
    if (problem) {
      setIssue({ ...problem, path: 'password' });
      passwordInput.current?.focus();
      return;
    }
    const secret = password;
    setPassword('');
    setBusy(true);
    setError(null);
    try {
      setCertificates(await call('signing.keyFileCertificates', { fileId: keyFile.id, password: secret }));
    } catch (e) {
      setCertificates(null);
      setError(shownError(e));
      passwordInput.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <article className="key-file" aria-labelledby={`${formId}-name`}>
      <div className="label-row">
        <h4 id={`${formId}-name`} className="mono" translate="no">
          {keyFile.name}
        </h4>
        <button
          type="button"
          className="button small"
          aria-expanded={open}
          aria-controls={open ? formId : undefined}
          aria-label={t(open ? 'signing.keyFiles.hideLabel' : 'signing.keyFiles.showLabel', { name: keyFile.name })}
          onClick={toggle}
        >
          {open ? t('signing.keyFiles.hide') : t('signing.keyFiles.show')}
        </button>
      </div>
      {open ? (
        <div id={formId}>
          <form className="form form-inline" onSubmit={onSubmit} noValidate aria-label={t('signing.keyFiles.showLabel', { name: keyFile.name })}>
            <TextField
              label={t('signing.keyFiles.passwordLabel')}
              type="password"
              value={password}
              onValueChange={(value) => {
                setPassword(value);
                setIssue(undefined);
              }}
              issue={issue}
              autoComplete="off"
              maxLength={64}
              inputRef={passwordInput}
            />
            <div className="form-actions">
              <button type="submit" className="button" aria-disabled={busy || undefined}>
                {t('signing.keyFiles.open')}
              </button>
            </div>
          </form>
          <SigningError error={error} iin={iin} />
          {certificates ? (
            <section aria-label={t('signing.keyFiles.certificatesOf', { name: keyFile.name })}>
              <ul className="plain-list certificate-list">
                {certificates.map((info) => (
                  <li key={info.fingerprint}>
                    <CertificateDetails info={info} headingLevel={5} />
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </div>
      ) : null}
    </article>
  );
}
