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
import type { KeyChoice } from '../../shared/signing';
import { ApiClientError, call } from '../api/client';
import { shownError } from '../signing/SigningError';
import { KeyAndPinActions, KeyAndPinFields, useKeyAndPin } from '../signing/useKeyAndPin';

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
  const titleId = useId();
  const introId = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);

  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const finished = useRef(false);
  const mounted = useRef(true);
  const { formRef, pinRef, refreshRef, ...entry } = useKeyAndPin({ paused: busy });

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

  const cancel = () => {
    if (busyRef.current || finished.current) return;
    finished.current = true;
    onCancel();
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    // The dialog is opened from inside other forms (an intake step, the actions panel): its submit is its own.
    event.stopPropagation();
    if (busyRef.current || finished.current) return;
    entry.setError(null);
    // The PIN leaves the dialog's state here, as the call is made: success or not, it is not kept.
    const taken = entry.take();
    if (!taken) return;
    const { key, pin } = taken;
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
      if (mounted.current) entry.showError(shown);
    } finally {
      input.pin = '';
      busyRef.current = false;
      if (mounted.current) setBusy(false);
    }
    if (signed) {
      finished.current = true;
      onSigned(signed.result);
    } else if (mounted.current) {
      entry.focusPinSoon();
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
        <KeyAndPinFields entry={entry} pinRef={pinRef} hint={t('signing.dialog.pinHint')} disabled={busy} />
        <KeyAndPinActions entry={entry} refreshRef={refreshRef} busy={busy} submitLabel={t('signing.dialog.sign')} onCancel={cancel} />
        <div role="status" className="visually-hidden">
          {busy ? t('signing.dialog.signing') : null}
        </div>
      </form>
    </dialog>,
    document.body,
  );
}
