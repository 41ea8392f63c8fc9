// Signs one decision about a request with the person's ЭЦҚ: registration (the employee), the result or
// a refusal (the authorised signer). A modal dialog (focus stays inside, Esc cancels): pick a signing
// certificate from the inserted tokens or a key file, type the PIN (or the key file's password), Sign.
// The PIN lives in this dialog's state only until the call is made, is sent once and never logged.
//
//   <SignDialog requestId={id} action="refuse" decision={{ refusalGround, reason }}
//     onSigned={({ signatureRef }) => transition({ …, signatureRef })} onCancel={close} />
//
// By default the decision (a registration) is signed with `signing.sign`. `sign` replaces that call:
// a result or a refusal is a document signed inside its PDF (`documents.sign`); `subject` says what is signed, and `takeError`
// lets the opener show a failure itself (a field to correct), which closes the dialog.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../../shared/api/errors';
import { pinSchema, type KeyChoice } from '../../shared/signing';
import { ApiClientError, call } from '../api/client';
import { checkValue } from '../forms/validation';
import type { ShownError } from '../i18n';
import { KeyPicker, SecretField, keyChoiceOf, keysChangedBy, useSigningKeys } from '../signing/SigningKeys';
import { shownError, SigningError } from '../signing/SigningError';
import { useAppSelector } from '../store';

export type SignAction = 'register' | 'mark_result_ready' | 'refuse';

export interface SignDialogProps<R = { signatureRef: string }> {
  requestId: string;
  action: SignAction;
  decision?: { reason?: string; refusalGround?: string; paymentRef?: string; missingDocumentsReason?: string };
  /** Signs with the chosen key and PIN instead of `signing.sign` (e.g. `documents.sign`); its result goes to onSigned. */
  sign?: (key: KeyChoice, pin: string) => Promise<R>;
  /** What is being signed, shown under the introduction (e.g. the document's title and number). */
  subject?: ReactNode;
  /** A failure the opener shows itself (returns true): the dialog is then closed by the opener. */
  takeError?: (error: ApiClientError) => boolean;
  onSigned(result: R): void;
  onCancel(): void;
}

export function SignDialog<R = { signatureRef: string }>({ requestId, action, decision, sign, subject, takeError, onSigned, onCancel }: SignDialogProps<R>) {
  const { t } = useTranslation();
  const iin = useAppSelector((state) => state.session.current?.iin);
  const titleId = useId();
  const introId = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const pinRef = useRef<HTMLInputElement>(null);
  const refreshRef = useRef<HTMLButtonElement>(null);

  const [pin, setPin] = useState('');
  const [pinIssue, setPinIssue] = useState<FieldIssue | undefined>(undefined);
  const [keyIssue, setKeyIssue] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const busyRef = useRef(false);
  const finished = useRef(false);
  const mounted = useRef(true);
  const keys = useSigningKeys({ paused: busy });
  const { loaded, options, takeFocusTurn } = keys;

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

  // The keyboard starts at the first field: the key choice when there are several, else the PIN.
  useEffect(() => {
    if (!loaded || !takeFocusTurn()) return;
    if (options.length === 0) refreshRef.current?.focus();
    else if (options.length === 1) pinRef.current?.focus();
    else formRef.current?.querySelector<HTMLInputElement>('input[type="radio"]:checked')?.focus();
  }, [loaded, options, takeFocusTurn]);

  const cancel = () => {
    if (busyRef.current || finished.current) return;
    finished.current = true;
    onCancel();
  };

  const choice = keys.choice;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    // The dialog is opened from inside other forms (an intake step, the actions panel): its submit is its own.
    event.stopPropagation();
    if (busyRef.current || finished.current) return;
    setError(null);
    if (!choice) {
      setKeyIssue(true);
      formRef.current?.querySelector<HTMLInputElement>('input[type="radio"]')?.focus();
      return;
    }
    const problem = checkValue(pinSchema, pin);
    if (problem) {
      setPinIssue({ ...problem, path: 'pin' });
      pinRef.current?.focus();
      return;
    }
    const key = keyChoiceOf(choice);
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
    let signed: { result: R } | null = null;
    try {
      if (sign) signed = { result: await sign(key, pin) };
      else if (input.action === 'register') {
        // Through `signing.sign` only a registration: a result or a refusal is signed inside its document (`sign`).
        const result = await call('signing.sign', { ...input, action: 'register' });
        signed = { result: { signatureRef: result.signatureRef } as R };
      } else throw new ApiClientError({ code: 'invalid_input' });
    } catch (e) {
      if (e instanceof ApiClientError && takeError?.(e)) {
        finished.current = true;
        return;
      }
      const shown = shownError(e);
      if (mounted.current) {
        setError(shown);
        if (keysChangedBy(shown)) void keys.reload();
      }
    } finally {
      input.pin = '';
      busyRef.current = false;
      if (mounted.current) setBusy(false);
    }
    if (signed) {
      finished.current = true;
      onSigned(signed.result);
    } else if (mounted.current) {
      requestAnimationFrame(() => pinRef.current?.focus());
    }
  };

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
      {subject}
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
        <KeyPicker
          keys={keys}
          issue={keyIssue}
          disabled={busy}
          onPicked={() => {
            setKeyIssue(false);
            setError(null);
          }}
        />

        <SecretField
          keys={keys}
          value={pin}
          onChange={(value) => {
            setPin(value);
            setPinIssue(undefined);
          }}
          issue={pinIssue}
          hint={t('signing.dialog.pinHint')}
          inputRef={pinRef}
          disabled={busy}
        />

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
          <button ref={refreshRef} type="button" className="button" onClick={() => void keys.reload()} disabled={busy}>
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
