// Labelled controls of the intake forms (and of a result document's inputs): a text input, a text
// area, a drop-down, a checkbox, a group of checkboxes and a list of entries (add and remove), each
// with its hint, its problem next to it (announced) and a required mark.
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

/** Where a list's words are: the intake form's, or a result document's (`<prefix>.entry`, `.add`…). */
export type ListTexts = 'intake.form.list' | 'documents.list';

/**
 * A list field: a group named by its legend, its problem as a whole, and an entry per item (a group
 * "<legend>: entry n" with the entry's fields and Remove), then Add while there are fewer than `max`.
 */
export function ListFieldset<Entry>({
  legend,
  required,
  hint,
  error,
  entries,
  onChange,
  newEntry,
  max = Infinity,
  disabled,
  texts,
  renderFields,
}: {
  legend: string;
  required: boolean;
  hint?: string | undefined;
  /** The translated problem of the list as a whole, if any. */
  error?: string | undefined;
  entries: readonly Entry[];
  onChange(entries: Entry[]): void;
  newEntry(): Entry;
  max?: number;
  disabled?: boolean;
  texts: ListTexts;
  /** An entry's fields; `setEntry` puts a changed entry in its place. */
  renderFields(entry: Entry, index: number, setEntry: (entry: Entry) => void): ReactNode;
}) {
  const { t } = useTranslation();
  const setEntry = (index: number, entry: Entry) => onChange(entries.map((current, i) => (i === index ? entry : current)));
  return (
    <fieldset className="field list-group" aria-invalid={error ? true : undefined}>
      <legend>
        <LabelText label={legend} required={required} />
      </legend>
      {hint ? <p className="field-hint">{hint}</p> : null}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {entries.length === 0 ? <p className="muted">{t(`${texts}.empty`)}</p> : null}
      {entries.map((entry, index) => {
        const entryLabel = t(`${texts}.entry`, { field: legend, n: index + 1 });
        return (
          <fieldset key={index} className="list-entry">
            <legend>{entryLabel}</legend>
            <div className="list-entry-fields">{renderFields(entry, index, (next) => setEntry(index, next))}</div>
            <div className="form-actions">
              <button
                type="button"
                className="button small danger"
                onClick={() => onChange(entries.filter((_, i) => i !== index))}
                aria-label={t(`${texts}.removeLabel`, { entry: entryLabel })}
                disabled={disabled}
              >
                {t(`${texts}.remove`)}
              </button>
            </div>
          </fieldset>
        );
      })}
      {entries.length < max ? (
        <div className="form-actions">
          <button type="button" className="button small" onClick={() => onChange([...entries, newEntry()])} disabled={disabled}>
            {t(`${texts}.add`, { field: legend })}
          </button>
        </div>
      ) : null}
    </fieldset>
  );
}
