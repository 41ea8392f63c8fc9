// The keys a person can sign with, for the signing dialogs (one decision, or a batch of results):
// the signing certificates on the inserted tokens (own valid ones first) and the key files, read
// again every few seconds while there is none (inserting the token is enough), and the radio group
// to pick one of them.
//
//   const keys = useSigningKeys({ paused: busy });
//   <KeyPicker keys={keys} issue={keyIssue} disabled={busy} onPicked={() => setKeyIssue(false)} />
//   call('signing.sign', { …, key: keyChoiceOf(keys.choice), pin });
import { useCallback, useEffect, useId, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../../shared/api/errors';
import { formatDate } from '../../shared/format';
import type { CertificateInfo, KeyChoice } from '../../shared/signing';
import { call } from '../api/client';
import type { ShownError } from '../i18n';
import { TextField } from '../components/Field';
import { useAppSelector } from '../store';
import { certificateMarkers, ownerName } from './format';
import { shownError, SigningError } from './SigningError';

export type KeyOption =
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

/** What the signing methods take for the chosen key. */
export function keyChoiceOf(option: KeyOption): KeyChoice {
  return option.kind === 'token' ? { kind: 'token', tokenRef: option.tokenRef, idHex: option.idHex } : { kind: 'file', fileId: option.fileId };
}

/** Whether a signing call's failure means the keys should be listed again. */
export function keysChangedBy(error: ShownError): boolean {
  return error.code === 'signing_failed' && RELOAD_AFTER.has(String(error.params?.reason ?? ''));
}

export interface SigningKeys {
  loaded: boolean;
  options: KeyOption[];
  /** Tokens inserted (with or without a signing certificate). */
  tokenCount: number;
  loadError: ShownError | null;
  selected: string | null;
  choice: KeyOption | null;
  select(id: string): void;
  reload(): Promise<void>;
  /** True once after the keys were first listed (or appeared): the dialog puts the keyboard on its first field. */
  takeFocusTurn(): boolean;
}

/** Lists the keys; while there are none (and `paused` is false), looks again every few seconds. */
export function useSigningKeys({ paused }: { paused: boolean }): SigningKeys {
  const iin = useAppSelector((state) => state.session.current?.iin);
  const [loaded, setLoaded] = useState(false);
  const [options, setOptions] = useState<KeyOption[]>([]);
  const [tokenCount, setTokenCount] = useState(0);
  const [loadError, setLoadError] = useState<ShownError | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const mounted = useRef(true);
  const loading = useRef(false);
  const wantFocus = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const reload = useCallback(async () => {
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
    void reload();
  }, [reload]);

  // With nothing to sign with, look again every few seconds: inserting the token is enough.
  useEffect(() => {
    if (!loaded || options.length > 0 || paused) return;
    const timer = setInterval(() => void reload(), POLL_MS);
    return () => clearInterval(timer);
  }, [loaded, options.length, paused, reload]);

  const takeFocusTurn = useCallback(() => {
    if (!wantFocus.current) return false;
    wantFocus.current = false;
    return true;
  }, []);

  return {
    loaded,
    options,
    tokenCount,
    loadError,
    selected,
    choice: options.find((option) => option.id === selected) ?? null,
    select: setSelected,
    reload,
    takeFocusTurn,
  };
}

/** The key choice: a radio per key (or what to do when there is none), and why the list could not be read. */
export function KeyPicker({ keys, issue, disabled, onPicked }: { keys: SigningKeys; issue: boolean; disabled: boolean; onPicked(): void }) {
  const { t } = useTranslation();
  const groupName = useId();
  const { loaded, options, tokenCount, loadError, selected } = keys;
  return (
    <>
      {!loaded ? (
        <p role="status" className="busy-note">
          <span className="spinner" aria-hidden="true" /> {t('signing.dialog.loading')}
        </p>
      ) : options.length === 0 ? (
        loadError ? null : (
          <div className="notice notice-info" role="status">
            <p>{tokenCount > 0 ? t('signing.dialog.noSigningCertificates') : t('signing.dialog.noKeys')}</p>
          </div>
        )
      ) : (
        <fieldset
          className="field key-choice"
          aria-invalid={issue ? true : undefined}
          aria-describedby={issue ? `${groupName}-error` : undefined}
          disabled={disabled}
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
                    keys.select(option.id);
                    onPicked();
                  }}
                />
                <KeyOptionText option={option} />
              </label>
            ))}
          </div>
          {issue ? (
            <p className="field-error" id={`${groupName}-error`} role="alert">
              {t('fieldErrors.signing.choose_key')}
            </p>
          ) : null}
        </fieldset>
      )}
      <SigningError error={loadError} />
    </>
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

/** The PIN of a token, or the password of a key file, as the chosen key needs — one field for both dialogs. */
export function SecretField({
  keys,
  value,
  issue,
  hint,
  disabled,
  inputRef,
  onChange,
}: {
  keys: SigningKeys;
  value: string;
  issue: FieldIssue | undefined;
  hint: string;
  disabled: boolean;
  inputRef: RefObject<HTMLInputElement | null>;
  onChange(value: string): void;
}) {
  const { t } = useTranslation();
  if (!keys.loaded || keys.options.length === 0) return null;
  return (
    <TextField
      label={keys.choice?.kind === 'file' ? t('signing.dialog.passwordLabel') : t('signing.dialog.pinLabel')}
      type="password"
      value={value}
      onValueChange={onChange}
      issue={issue}
      hint={hint}
      autoComplete="off"
      spellCheck={false}
      maxLength={64}
      inputRef={inputRef}
      disabled={disabled}
      className="pin-field"
    />
  );
}
