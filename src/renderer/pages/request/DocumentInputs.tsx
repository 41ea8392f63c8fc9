// What the issuer fills in for a result document (its template's inputs): every input type — text,
// text area, date, time, date and time, number, a choice, several choices, and a list of entries with
// add and remove — each a labelled control with its problem next to it.
import type { TFunction } from 'i18next';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../../../shared/api/errors';
import type { DocumentInputView } from '../../../shared/documents';
import { issueMessage } from '../../i18n';
import { CheckboxesField, InputField, ListFieldset, SelectField, TextAreaField } from '../intake/controls';
import { emptyEntry, labelText, type InputIssues, type UiEntry, type UiValue, type UiValues } from './document-values';

/** A problem with a document's input, in words: the documents' own reasons, else the general ones. */
export function documentIssueText(t: TFunction, issue: Pick<FieldIssue, 'code' | 'params'>): string {
  if (issue.code.startsWith('document.')) {
    const key = `documents.issues.${issue.code.slice('document.'.length)}`;
    if (i18next.exists(key)) return t(key, issue.params ?? {});
  }
  return issueMessage(t, issue);
}

export function DocumentInputs({
  inputs,
  values,
  onChange,
  issues,
  disabled,
}: {
  inputs: readonly DocumentInputView[];
  values: UiValues;
  onChange(id: string, value: UiValue): void;
  issues: InputIssues;
  disabled: boolean;
}) {
  return (
    <div className="document-inputs">
      {inputs.map((input) => (
        <InputControl key={input.id} input={input} path={input.id} value={values[input.id]} onChange={(next) => onChange(input.id, next)} issues={issues} disabled={disabled} />
      ))}
    </div>
  );
}

/** One input's control: its value at `path` (an input's id, or a list entry's field), its issues by path. */
interface ControlProps {
  input: DocumentInputView;
  path: string;
  value: UiValue | undefined;
  onChange(value: UiValue): void;
  issues: InputIssues;
  disabled: boolean;
}

function InputControl({ input, path, value, onChange, issues, disabled }: ControlProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const label = labelText(input.label, language);
  const issue = issues[path];
  const error = issue ? documentIssueText(t, issue) : undefined;
  const textValue = typeof value === 'string' ? value : '';

  switch (input.type) {
    case 'textarea':
      return (
        <TextAreaField label={label} required={input.required} value={textValue} onValueChange={onChange} error={error} maxLength={input.maxLength ?? 4000} />
      );
    case 'select':
      return (
        <SelectField
          label={label}
          required={input.required}
          value={textValue}
          onValueChange={onChange}
          options={(input.options ?? []).map((option) => ({ value: option.value, label: labelText(option.label, language) }))}
          placeholder={t('documents.choosePlaceholder')}
          error={error}
        />
      );
    case 'multiselect':
      return (
        <CheckboxesField
          legend={label}
          required={input.required}
          options={(input.options ?? []).map((option) => ({ value: option.value, label: labelText(option.label, language) }))}
          selected={Array.isArray(value) ? (value as string[]) : []}
          onChange={onChange}
          error={error}
        />
      );
    case 'list':
      return <ListControl input={input} path={path} value={value} onChange={onChange} issues={issues} disabled={disabled} />;
    default: {
      const format = input.type === 'date' || input.type === 'time' || input.type === 'datetime' || input.type === 'number' ? input.type : null;
      return (
        <InputField
          label={label}
          required={input.required}
          value={textValue}
          onValueChange={onChange}
          hint={format ? t(`documents.formats.${format}`) : undefined}
          error={error}
          inputMode={input.type === 'number' ? 'decimal' : undefined}
          autoComplete="off"
          maxLength={format ? 20 : (input.maxLength ?? 300)}
          className={format ? `field-short field-${format}` : undefined}
        />
      );
    }
  }
}

function ListControl({ input, path, value, onChange, issues, disabled }: ControlProps) {
  const { t, i18n } = useTranslation();
  const whole = issues[path];
  return (
    <ListFieldset<UiEntry>
      legend={labelText(input.label, i18n.language)}
      required={input.required}
      error={whole ? documentIssueText(t, whole) : undefined}
      entries={Array.isArray(value) ? (value as UiEntry[]) : []}
      onChange={onChange}
      newEntry={() => emptyEntry(input)}
      disabled={disabled}
      texts="documents.list"
      renderFields={(entry, index, setEntry) =>
        (input.itemFields ?? []).map((item) => (
          <InputControl
            key={item.id}
            input={item}
            path={`${path}[${index}].${item.id}`}
            value={entry[item.id]}
            onChange={(next) => setEntry({ ...entry, [item.id]: next })}
            issues={issues}
            disabled={disabled}
          />
        ))
      }
    />
  );
}
