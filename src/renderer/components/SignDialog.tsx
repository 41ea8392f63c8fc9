// Signs one decision about a request with the person's ЭЦҚ: registration (the employee), the result or
// a refusal (the authorised signer). A modal dialog (focus stays inside, Esc cancels): pick a signing
// certificate from the inserted tokens or a key file, type the PIN (or the key file's password), Sign.
// The PIN lives in this dialog's state only until the call is made, is sent once and never logged.
//
//   <SignDialog requestId={id} action="refuse" decision={{ refusalGround, reason }}
//     onSigned={({ signatureRef }) => transition({ …, signatureRef })} onCancel={close} />
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../../shared/api/errors';
import { formatDate } from '../../shared/format';
import { pinSchema, type CertificateInfo, type KeyChoice } from '../../shared/signing';
import { call } from '../api/client';
import { checkValue } from '../forms/validation';
import type { ShownError } from '../i18n';
import { certificateMarkers, ownerName } from '../signing/format';
import { shownError, SigningError } from '../signing/SigningError';
import { useAppSelector } from '../store';
import { TextField } from './Field';

export type SignAction = 'register' | 'mark_result_ready' | 'refuse';

export interface SignDialogProps {
  requestId: string;
  action: SignAction;
  decision?: { reason?: string; refusalGround?: string; paymentRef?: string; missingDocumentsReason?: string };
  onSigned(result: { signatureRef: string }): void;
  onCancel(): void;
}

type KeyOption =
  | { id: string; kind: 'token'; tokenRef: string; idHex: string; tokenLabel: string; certificate: CertificateInfo }
  | { id: string; kind: 'file'; fileId: string; name: string };

/** Token errors after which the list of keys is read again (the token went or changed). */
const RELOAD_AFTER = new Set(['token_not_found', 'token_removed', 'certificate_not_found', 'key_not_found']);
const POLL_MS = 3000;

/** Own, valid certificates first; then the rest of the tokens' signing certificates; key files last. */
function sortOptions(options: KeyOption[], iin: string | undefined): KeyOption[] {
  const rank = (option: KeyOption) => {
    if (option.kind === 'file') return 3;
    const own = iin !== undefined && option.certificate.subject.iin === iin;
    const usable = certificateMarkers(option.certificate).length === 0;
    return own && usable ? 0 : usable ? 1 : 2;
  };
  return [...options].sort((a, b) => rank(a) - rank(b));
}

export function SignDialog({ requestId, action, decision, onSigned, onCancel }: SignDialogProps) {
  const { t } = useTranslation();
  const iin = useAppSelector((state) => state.session.current?.iin);
  const titleId = useId();
  const introId = useId();
  const groupName = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const pinRef = useRef<HTMLInputElement>(null);
  const refreshRef = useRef<HTMLButtonElement>(null);

  const [loaded, setLoaded] = useState(false);
  const [options, setOptions] = useState<KeyOption[]>([]);
  const [tokenCount, setTokenCount] = useState(0);
  const [loadError, setLoadError] = useState<ShownError | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [pin, setPin] = useState('');
  const [pinIssue, setPinIssue] = useState<FieldIssue | undefined>(undefined);
  const [keyIssue, setKeyIssue] = useState<FieldIssue | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const busyRef = useRef(false);
  const finished = useRef(false);
  const mounted = useRef(true);
  const loading = useRef(false);
  /** Where the keyboard goes once the keys are known: set when they are first (re)listed. */
  const wantFocus = useRef(true);

  useEffect(() => {
    mounted.current = true;
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    // Not closed here: a removed dialog leaves the top layer by itself, and under StrictMode's second
    // run of this effect it simply stays open.
    return () => {
      mounted.current = false;
    };
  }, []);

  const loadKeys = useCallback(async () => {
    if (loading.current) return;
    loading.current = true;
    try {
      const status = await call('signing.status', {});
      const perToken = await Promise.all(
        status.tokens.map(async (token) => {
          try {
            return { token, certificates: await call('signing.certificates', { tokenRef: token.ref }) };
          } catch {
            return { token, certificates: [] };
          }
        }),
      );
      const next: KeyOption[] = [];
      for (const { token, certificates } of perToken) {
        for (const item of certificates) {
          if (!item.certificate.canSign) continue;
          next.push({
            id: `token:${token.ref}:${item.idHex}`,
            kind: 'token',
            tokenRef: token.ref,
            idHex: item.idHex,
            tokenLabel: token.label || token.serial,
            certificate: item.certificate,
          });
        }
      }
      for (const file of status.keyFiles) next.push({ id: `file:${file.id}`, kind: 'file', fileId: file.id, name: file.name });
      if (!mounted.current) return;
      const sorted = sortOptions(next, iin);
      setOptions((current) => {
        if (current.length === 0 && sorted.length > 0) wantFocus.current = true;
        return JSON.stringify(current) === JSON.stringify(sorted) ? current : sorted;
      });
      setTokenCount(status.tokens.length);
      setSelected((current) => (current && sorted.some((option) => option.id === current) ? current : (sorted[0]?.id ?? null)));
      setLoadError(null);
    } catch (e) {
      if (mounted.current) setLoadError(shownError(e));
    } finally {
      loading.current = false;
      if (mounted.current) setLoaded(true);
    }
  }, [iin]);

  useEffect(() => {
    void loadKeys();
  }, [loadKeys]);

  // With nothing to sign with, look again every few seconds: inserting the token is enough.
  useEffect(() => {
    if (!loaded || options.length > 0 || busy) return;
    const timer = setInterval(() => void loadKeys(), POLL_MS);
    return () => clearInterval(timer);
  }, [loaded, options.length, busy, loadKeys]);

  // The keyboard starts at the first field: the key choice when there are several, else the PIN.
  useEffect(() => {
    if (!loaded || !wantFocus.current) return;
    wantFocus.current = false;
    if (options.length === 0) refreshRef.current?.focus();
    else if (options.length === 1) pinRef.current?.focus();
    else formRef.current?.querySelector<HTMLInputElement>('input[type="radio"]:checked')?.focus();
  }, [loaded, options]);

  const cancel = () => {
    if (busyRef.current || finished.current) return;
    finished.current = true;
    onCancel();
  };

  const choice = options.find((option) => option.id === selected) ?? null;
  const secretLabel = choice?.kind === 'file' ? t('signing.dialog.passwordLabel') : t('signing.dialog.pinLabel');

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    // The dialog is opened from inside other forms (an intake step, the actions panel): its submit is its own.
    event.stopPropagation();
    if (busyRef.current || finished.current) return;
    setError(null);
    if (!choice) {
      setKeyIssue({ path: 'key', code: 'signing.choose_key' });
      formRef.current?.querySelector<HTMLInputElement>('input[type="radio"]')?.focus();
      return;
    }
    const problem = checkValue(pinSchema, pin);
    if (problem) {
      setPinIssue({ ...problem, path: 'pin' });
      pinRef.current?.focus();
      return;
    }
    const key: KeyChoice =
      choice.kind === 'token' ? { kind: 'token', tokenRef: choice.tokenRef, idHex: choice.idHex } : { kind: 'file', fileId: choice.fileId };
    const input = {
      requestId,
      action,
      ...(decision?.reason !== undefined ? { reason: decision.reason } : {}),
      ...(decision?.refusalGround !== undefined ? { refusalGround: decision.refusalGround } : {}),
      ...(decision?.paymentRef !== undefined ? { paymentRef: decision.paymentRef } : {}),
      ...(decision?.missingDocumentsReason !== undefined ? { missingDocumentsReason: decision.missingDocumentsReason } : {}),
      key,
      pin,
    };
    // The PIN leaves this dialog's state as the call is made: success or not, it is not kept.
    setPin('');
    busyRef.current = true;
    setBusy(true);
    let signed: { signatureRef: string } | null = null;
    try {
      const result = await call('signing.sign', input);
      signed = { signatureRef: result.signatureRef };
    } catch (e) {
      const shown = shownError(e);
      if (mounted.current) {
        setError(shown);
        if (shown.code === 'signing_failed' && RELOAD_AFTER.has(String(shown.params?.reason ?? ''))) void loadKeys();
      }
    } finally {
      input.pin = '';
      busyRef.current = false;
      if (mounted.current) setBusy(false);
    }
    if (signed) {
      finished.current = true;
      onSigned(signed);
    } else if (mounted.current) {
      requestAnimationFrame(() => pinRef.current?.focus());
    }
  };

  const noKeysText = tokenCount > 0 ? t('signing.dialog.noSigningCertificates') : t('signing.dialog.noKeys');

  // Rendered at the document's end: a form must not sit inside the form that opened it.
  return createPortal(
    <dialog
      ref={dialogRef}
      className="dialog sign-dialog"
      aria-labelledby={titleId}
      aria-describedby={introId}
      onCancel={(event) => {
        event.preventDefault();
        cancel();
      }}
      onClose={(event) => {
        // Closed by the browser itself (e.g. Esc pressed twice): a cancel, unless a signature is being
        // made — then the dialog stays until the token answers.
        const dialog = event.currentTarget;
        if (dialog.open || !mounted.current || finished.current) return;
        if (busyRef.current) {
          dialog.showModal();
          return;
        }
        finished.current = true;
        onCancel();
      }}
    >
      <div className="dialog-header">
        <h2 id={titleId}>{t(`signing.dialog.title.${action}`)}</h2>
      </div>
      <p id={introId} className="field-hint">
        {t(`signing.dialog.intro.${action}`)}
      </p>
      {decision?.reason || decision?.missingDocumentsReason || decision?.paymentRef ? (
        <dl className="facts compact">
          {decision.reason || decision.missingDocumentsReason ? (
            <div>
              <dt>{t('signing.dialog.reason')}</dt>
              <dd className="pre-wrap">{decision.reason ?? decision.missingDocumentsReason}</dd>
            </div>
          ) : null}
          {decision.paymentRef ? (
            <div>
              <dt>{t('signing.dialog.paymentRef')}</dt>
              <dd className="mono">{decision.paymentRef}</dd>
            </div>
          ) : null}
        </dl>
      ) : null}

      <form ref={formRef} className="form" onSubmit={onSubmit} noValidate aria-labelledby={titleId}>
        {!loaded ? (
          <p role="status" className="busy-note">
            <span className="spinner" aria-hidden="true" /> {t('signing.dialog.loading')}
          </p>
        ) : options.length === 0 ? (
          loadError ? null : (
            <div className="notice notice-info" role="status">
              <p>{noKeysText}</p>
            </div>
          )
        ) : (
          <fieldset
            className="field key-choice"
            aria-invalid={keyIssue ? true : undefined}
            aria-describedby={keyIssue ? `${groupName}-error` : undefined}
            disabled={busy}
          >
            <legend>{t('signing.dialog.keyLegend')}</legend>
            <div className="radio-options radio-column">
              {options.map((option) => (
                <label key={option.id} className="radio key-option">
                  <input
                    type="radio"
                    name={groupName}
                    value={option.id}
                    checked={selected === option.id}
                    onChange={() => {
                      setSelected(option.id);
                      setKeyIssue(undefined);
                      setError(null);
                    }}
                  />
                  <KeyOptionText option={option} />
                </label>
              ))}
            </div>
            {keyIssue ? (
              <p className="field-error" id={`${groupName}-error`} role="alert">
                {t('fieldErrors.signing.choose_key')}
              </p>
            ) : null}
          </fieldset>
        )}
        <SigningError error={loadError} />

        {loaded && options.length > 0 ? (
          <TextField
            label={secretLabel}
            type="password"
            value={pin}
            onValueChange={(value) => {
              setPin(value);
              setPinIssue(undefined);
            }}
            issue={pinIssue}
            hint={t('signing.dialog.pinHint')}
            autoComplete="off"
            spellCheck={false}
            maxLength={64}
            inputRef={pinRef}
            disabled={busy}
            className="pin-field"
          />
        ) : null}

        <SigningError error={error} iin={iin} />

        <div className="form-actions">
          {loaded && options.length > 0 ? (
            <button type="submit" className="button primary" disabled={busy}>
              {busy ? (
                <>
                  <span className="spinner small-spinner" aria-hidden="true" /> {t('signing.dialog.signing')}
                </>
              ) : (
                t('signing.dialog.sign')
              )}
            </button>
          ) : null}
          <button ref={refreshRef} type="button" className="button" onClick={() => void loadKeys()} disabled={busy}>
            {t('signing.dialog.refresh')}
          </button>
          <button type="button" className="button" onClick={cancel} disabled={busy}>
            {t('signing.dialog.cancel')}
          </button>
        </div>
        <div role="status" className="visually-hidden">
          {busy ? t('signing.dialog.signing') : null}
        </div>
      </form>
    </dialog>,
    document.body,
  );
}

function KeyOptionText({ option }: { option: KeyOption }) {
  const { t } = useTranslation();
  if (option.kind === 'file') return <span>{t('signing.dialog.fileOption', { name: option.name })}</span>;
  const info = option.certificate;
  const markers = certificateMarkers(info);
  return (
    <span className="key-option-text">
      <span>{t('signing.dialog.tokenOption', { name: ownerName(info.subject) || t('signing.certificate.noName'), iin: info.subject.iin ?? '—' })}</span>
      <span className="muted">
        {' — '}
        {t('signing.dialog.tokenSource', { token: option.tokenLabel })}, {t('signing.dialog.validUntil', { date: formatDate(info.notAfter) })}
        {info.roles.length > 0 ? `, ${info.roles.map((role) => t(`signing.roles.${role}`)).join(', ')}` : ''}
      </span>
      {markers.includes('expired') ? <span className="badge badge-danger">{t('signing.certificate.expired')}</span> : null}
      {markers.includes('not_yet_valid') ? <span className="badge badge-danger">{t('signing.certificate.notYetValid')}</span> : null}
    </span>
  );
}
