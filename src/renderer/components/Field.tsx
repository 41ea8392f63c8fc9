// Labelled form controls that show their problem next to them, translated, and announce it.
import { useId, type InputHTMLAttributes, type ReactNode, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../../shared/api/errors';
import type { Note } from '../forms/useForm';
import { errorMessage, issueMessage, type ShownError } from '../i18n';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'id'>;

export interface TextFieldProps extends InputProps {
  label: string;
  value: string;
  onValueChange(value: string): void;
  issue?: FieldIssue | undefined;
  hint?: ReactNode;
  /** A positive note shown when there is no issue (e.g. "valid IIN, born …"). */
  okNote?: ReactNode;
  inputRef?: Ref<HTMLInputElement>;
}

export function TextField({ label, value, onValueChange, issue, hint, okNote, inputRef, className, ...rest }: TextFieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const okId = `${id}-ok`;
  const describedBy = [hint ? hintId : null, issue ? errorId : null, !issue && okNote ? okId : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        {...rest}
        id={id}
        ref={inputRef}
        value={value}
        onChange={(event) => onValueChange(event.target.value)}
        aria-invalid={issue ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
      {hint ? (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {issue ? (
        <p className="field-error" id={errorId} role="alert">
          {issueMessage(t, issue)}
        </p>
      ) : okNote ? (
        <p className="field-ok" id={okId}>
          {okNote}
        </p>
      ) : null}
    </div>
  );
}

export interface CheckboxOption<V extends string> {
  value: V;
  label: string;
}

export interface CheckboxGroupProps<V extends string> {
  legend: string;
  options: readonly CheckboxOption<V>[];
  selected: readonly V[];
  onChange(selected: V[]): void;
  issue?: FieldIssue | undefined;
  disabled?: boolean;
}

export function CheckboxGroup<V extends string>({ legend, options, selected, onChange, issue, disabled }: CheckboxGroupProps<V>) {
  const { t } = useTranslation();
  const id = useId();
  const errorId = `${id}-error`;
  const toggle = (value: V, checked: boolean) => {
    const next = checked ? [...selected, value] : selected.filter((v) => v !== value);
    // keep the options' order
    onChange(options.map((o) => o.value).filter((v) => next.includes(v)));
  };
  return (
    <fieldset
      className="field checkbox-group"
      aria-invalid={issue ? true : undefined}
      aria-describedby={issue ? errorId : undefined}
      disabled={disabled}
    >
      <legend>{legend}</legend>
      <div className="checkbox-options">
        {options.map((option) => (
          <label key={option.value} className="checkbox">
            <input
              type="checkbox"
              checked={selected.includes(option.value)}
              onChange={(event) => toggle(option.value, event.target.checked)}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
      {issue ? (
        <p className="field-error" id={errorId} role="alert">
          {issueMessage(t, issue)}
        </p>
      ) : null}
    </fieldset>
  );
}

/** A form-level problem (e.g. wrong password, service unreachable), translated when shown. */
export function FormError({ error }: { error: ShownError | null }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <div className="form-error" role="alert">
      {errorMessage(t, error)}
    </div>
  );
}

/** A form-level success note, announced politely. */
export function FormSuccess({ note }: { note: Note | null }) {
  const { t } = useTranslation();
  return (
    <div className={note ? 'form-success' : 'visually-hidden'} role="status">
      {note ? t(note.key, note.params ?? {}) : null}
    </div>
  );
}
