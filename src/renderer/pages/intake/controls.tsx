// Labelled controls of the intake forms: a text input, a text area, a drop-down, a checkbox and a
// group of checkboxes, each with its hint, its problem next to it (announced) and a required mark.
import { useId, type InputHTMLAttributes, type ReactNode, type Ref } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A control's label with the visual required mark beside it, outside the <label> (the control itself
 * carries aria-required, and the label's text stays exactly the field's name).
 */
function LabelRow({ htmlFor, label, required }: { htmlFor: string; label: string; required: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="label-row">
      <label htmlFor={htmlFor}>{label}</label>
      {required ? (
        <span className="required-mark" aria-hidden="true" title={t('intake.form.requiredMark')}>
          *
        </span>
      ) : null}
    </div>
  );
}

/** A legend's (or a checkbox's) text with the visual required mark, hidden from assistive technology. */
export function LabelText({ label, required }: { label: string; required: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {label}
      {required ? (
        <span className="required-mark" aria-hidden="true" title={t('intake.form.requiredMark')}>
          {' *'}
        </span>
      ) : null}
    </>
  );
}

interface Described {
  hint?: ReactNode;
  /** The translated problem, if any. */
  error?: string | undefined;
  okNote?: ReactNode;
}

function describedBy(id: string, { hint, error, okNote }: Described): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null, !error && okNote ? `${id}-ok` : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Notes({ id, hint, error, okNote }: Described & { id: string }) {
  return (
    <>
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : okNote ? (
        <p className="field-ok" id={`${id}-ok`}>
          {okNote}
        </p>
      ) : null}
    </>
  );
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'id' | 'required'>;

export function InputField({
  label,
  required = false,
  value,
  onValueChange,
  hint,
  error,
  okNote,
  inputRef,
  className,
  ...rest
}: InputProps &
  Described & {
    label: string;
    required?: boolean;
    value: string;
    onValueChange(value: string): void;
    inputRef?: Ref<HTMLInputElement>;
  }) {
  const id = useId();
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <LabelRow htmlFor={id} label={label} required={required} />
      <input
        {...rest}
        id={id}
        ref={inputRef}
        value={value}
        onChange={(event) => onValueChange(event.target.value)}
        aria-required={required || undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, { hint, error, okNote })}
      />
      <Notes id={id} hint={hint} error={error} okNote={okNote} />
    </div>
  );
}

export function TextAreaField({
  label,
  required = false,
  value,
  onValueChange,
  hint,
  error,
  maxLength,
}: Described & { label: string; required?: boolean; value: string; onValueChange(value: string): void; maxLength?: number }) {
  const id = useId();
  return (
    <div className="field">
      <LabelRow htmlFor={id} label={label} required={required} />
      <textarea
        id={id}
        value={value}
        rows={3}
        maxLength={maxLength}
        onChange={(event) => onValueChange(event.target.value)}
        aria-required={required || undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, { hint, error })}
      />
      <Notes id={id} hint={hint} error={error} />
    </div>
  );
}

export function SelectField({
  label,
  required = false,
  value,
  options,
  onValueChange,
  hint,
  error,
  placeholder,
}: Described & {
  label: string;
  required?: boolean;
  value: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  onValueChange(value: string): void;
  placeholder: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <LabelRow htmlFor={id} label={label} required={required} />
      <select
        id={id}
        value={value}
        onChange={(event) => onValueChange(event.target.value)}
        aria-required={required || undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, { hint, error })}
      >
        <option value="">{placeholder}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <Notes id={id} hint={hint} error={error} />
    </div>
  );
}

export function CheckboxField({
  label,
  checked,
  onCheckedChange,
  hint,
  error,
  required = false,
}: Described & { label: string; checked: boolean; onCheckedChange(checked: boolean): void; required?: boolean }) {
  const id = useId();
  return (
    <div className="field field-checkbox">
      <label className="checkbox" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={checked}
          onChange={(event) => onCheckedChange(event.target.checked)}
          aria-required={required || undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, { hint, error })}
        />
        <span>
          <LabelText label={label} required={required} />
        </span>
      </label>
      <Notes id={id} hint={hint} error={error} />
    </div>
  );
}

export function CheckboxesField({
  legend,
  required = false,
  options,
  selected,
  onChange,
  hint,
  error,
}: Described & {
  legend: string;
  required?: boolean;
  options: ReadonlyArray<{ value: string; label: string }>;
  selected: readonly string[];
  onChange(selected: string[]): void;
}) {
  const id = useId();
  const toggle = (value: string, checked: boolean) => {
    const next = checked ? [...selected, value] : selected.filter((v) => v !== value);
    onChange(options.map((o) => o.value).filter((v) => next.includes(v)));
  };
  return (
    <fieldset
      className="field checkbox-group"
      aria-invalid={error ? true : undefined}
      aria-describedby={describedBy(id, { hint, error })}
    >
      <legend>
        <LabelText label={legend} required={required} />
      </legend>
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
      <Notes id={id} hint={hint} error={error} />
    </fieldset>
  );
}
