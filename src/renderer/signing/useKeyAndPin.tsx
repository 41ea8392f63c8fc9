// The key choice and its PIN (or key file password) of the signing dialogs (one decision, or a batch
// of results): the keys, the secret typed, their problems and the signing error, the keyboard put on
// the first field once the keys are listed, the check before a call (the secret leaves the state as
// the call is made), and the fields and buttons of the dialogs' form.
//
//   const { formRef, pinRef, refreshRef, ...entry } = useKeyAndPin({ paused: busy });
//   const taken = entry.take();             // null: a problem is shown, the keyboard is on its field
//   if (taken) try { await call(…, { key: taken.key, pin: taken.pin }) } catch (e) { entry.showError(shownError(e)) }
//   <form ref={formRef} …>
//     <KeyAndPinFields entry={entry} pinRef={pinRef} hint={…} disabled={busy} />
//     <KeyAndPinActions entry={entry} refreshRef={refreshRef} busy={busy} submitLabel={…} onCancel={cancel} />
//   </form>
//
// (The refs come apart from the rest: what is handed to the fields carries none.)
import { useCallback, useEffect, useRef, useState, type Dispatch, type RefObject, type SetStateAction } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../../shared/api/errors';
import { pinSchema, type KeyChoice } from '../../shared/signing';
import { checkValue } from '../forms/validation';
import type { ShownError } from '../i18n';
import { useAppSelector } from '../store';
import { KeyPicker, SecretField, keyChoiceOf, keysChangedBy, useSigningKeys, type SigningKeys } from './SigningKeys';
import { SigningError } from './SigningError';

export interface KeyAndPinRefs {
  formRef: RefObject<HTMLFormElement | null>;
  pinRef: RefObject<HTMLInputElement | null>;
  refreshRef: RefObject<HTMLButtonElement | null>;
}

export interface KeyAndPin {
  keys: SigningKeys;
  /** The PIN (or key file password) typed; it is changed by typing, which drops its problem too. */
  pin: string;
  setPin(value: string): void;
  pinIssue: FieldIssue | undefined;
  /** No key was chosen when Sign was pressed (dropped when one is picked). */
  keyIssue: boolean;
  setKeyIssue(value: boolean): void;
  /** The signing call's failure, shown under the fields. */
  error: ShownError | null;
  setError: Dispatch<SetStateAction<ShownError | null>>;
  /**
   * The chosen key and the PIN for a call, the PIN cleared from the state; or null, with the problem
   * shown (no key chosen, a PIN that does not pass) and the keyboard on its field.
   */
  take(): { key: KeyChoice; pin: string } | null;
  /** A signing call failed: says why, and lists the keys again when the token went or changed. */
  showError(shown: ShownError): void;
  /** The keyboard back on the PIN (after a failure), once the dialog has drawn itself again. */
  focusPinSoon(): void;
}

/**
 * `paused`: the keys are not looked for again meanwhile (a call is being made). `formShown`: the form is
 * on screen (false once a batch runs), the keyboard is put on its first field only then.
 */
export function useKeyAndPin({ paused, formShown = true }: { paused: boolean; formShown?: boolean }): KeyAndPin & KeyAndPinRefs {
  const formRef = useRef<HTMLFormElement>(null);
  const pinRef = useRef<HTMLInputElement>(null);
  const refreshRef = useRef<HTMLButtonElement>(null);
  const [pin, setPin] = useState('');
  const [pinIssue, setPinIssue] = useState<FieldIssue | undefined>(undefined);
  const [keyIssue, setKeyIssue] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const keys = useSigningKeys({ paused });
  const { loaded, options, takeFocusTurn, reload } = keys;

  // The keyboard starts at the first field: the key choice when there are several, else the PIN.
  useEffect(() => {
    if (!loaded || !formShown || !takeFocusTurn()) return;
    if (options.length === 0) refreshRef.current?.focus();
    else if (options.length === 1) pinRef.current?.focus();
    else formRef.current?.querySelector<HTMLInputElement>('input[type="radio"]:checked')?.focus();
  }, [loaded, options, formShown, takeFocusTurn]);

  const changePin = useCallback((value: string) => {
    setPin(value);
    setPinIssue(undefined);
  }, []);

  const take = (): { key: KeyChoice; pin: string } | null => {
    const choice = keys.choice;
    if (!choice) {
      setKeyIssue(true);
      formRef.current?.querySelector<HTMLInputElement>('input[type="radio"]')?.focus();
      return null;
    }
    const problem = checkValue(pinSchema, pin);
    if (problem) {
      setPinIssue({ ...problem, path: 'pin' });
      pinRef.current?.focus();
      return null;
    }
    // The PIN leaves this state as the call is made: success or not, it is not kept.
    setPin('');
    return { key: keyChoiceOf(choice), pin };
  };

  const showError = (shown: ShownError) => {
    setError(shown);
    if (keysChangedBy(shown)) void reload();
  };

  const focusPinSoon = () => {
    requestAnimationFrame(() => pinRef.current?.focus());
  };

  return {
    keys,
    pin,
    setPin: changePin,
    pinIssue,
    keyIssue,
    setKeyIssue,
    error,
    setError,
    formRef,
    pinRef,
    refreshRef,
    take,
    showError,
    focusPinSoon,
  };
}

/** The key choice, the PIN (or password) field and the signing error. */
export function KeyAndPinFields({
  entry,
  pinRef,
  hint,
  disabled,
}: {
  entry: KeyAndPin;
  pinRef: KeyAndPinRefs['pinRef'];
  hint: string;
  disabled: boolean;
}) {
  const iin = useAppSelector((state) => state.session.current?.iin);
  return (
    <>
      <KeyPicker
        keys={entry.keys}
        issue={entry.keyIssue}
        disabled={disabled}
        onPicked={() => {
          entry.setKeyIssue(false);
          entry.setError(null);
        }}
      />
      <SecretField
        keys={entry.keys}
        value={entry.pin}
        onChange={entry.setPin}
        issue={entry.pinIssue}
        hint={hint}
        inputRef={pinRef}
        disabled={disabled}
      />
      <SigningError error={entry.error} iin={iin} />
    </>
  );
}

/** Sign (once there is a key to sign with; a spinner while `busy`), look for the keys again, Cancel. */
export function KeyAndPinActions({
  entry,
  refreshRef,
  busy,
  submitLabel,
  onCancel,
}: {
  entry: KeyAndPin;
  refreshRef: KeyAndPinRefs['refreshRef'];
  busy: boolean;
  submitLabel: string;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const { loaded, options } = entry.keys;
  return (
    <div className="form-actions">
      {loaded && options.length > 0 ? (
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? (
            <>
              <span className="spinner small-spinner" aria-hidden="true" /> {t('signing.dialog.signing')}
            </>
          ) : (
            submitLabel
          )}
        </button>
      ) : null}
      <button ref={refreshRef} type="button" className="button" onClick={() => void entry.keys.reload()} disabled={busy}>
        {t('signing.dialog.refresh')}
      </button>
      <button type="button" className="button" onClick={onCancel} disabled={busy}>
        {t('signing.dialog.cancel')}
      </button>
    </div>
  );
}
