// A service's form drawn from its catalogue definition: every field type, `when` conditions and the
// operation's own fields, with the problem of each field (the same schema main checks) next to it.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { FieldIssue } from '../../../shared/api/errors';
import type { CatalogueService, FieldDefinition } from '../../../shared/catalogue';
import { checkBin, checkIin } from '../../../shared/domain/iin';
import { liveBinIssue } from '../../components/BinField';
import { liveIinIssue } from '../../components/IinField';
import { issueMessage } from '../../i18n';
import { CheckboxField, CheckboxesField, InputField, LabelText, ListFieldset, SelectField, TextAreaField } from './controls';
import { parseDisplayDate } from '../registry/format';
import { ADDRESS_PARTS, emptyAddress, emptyEntry, issuesUnder, localised, type AddressValue, type UiValues } from './model';

/** The reason for a field's problem, in words that fit the field. */
export function fieldIssueText(
  t: TFunction,
  field: FieldDefinition,
  issue: FieldIssue,
  fields: readonly FieldDefinition[],
  language: string,
  context: { value?: unknown; today?: string } = {},
): string {
  if (issue.code === 'not_allowed' && issue.path === field.id) {
    const iso = field.type === 'date' && typeof context.value === 'string' ? parseDisplayDate(context.value) : null;
    const today = context.today;
    if (iso && today && field.notBeforeToday && iso < today) return t('intake.form.issues.notBeforeToday');
    if (iso && today && field.notAfterToday && iso > today) return t('intake.form.issues.notAfterToday');
    if (field.notBeforeField) {
      const other = fields.find((candidate) => candidate.id === field.notBeforeField);
      return t('intake.form.issues.notBeforeField', { field: other ? localised(other.label, language) : field.notBeforeField });
    }
  }
  if (issue.code === 'required' && field.type === 'multiselect' && issue.path === field.id) return issueMessage(t, { code: 'choose_one' });
  if ((issue.code === 'too_few' || issue.code === 'required') && field.type === 'list' && issue.path === field.id) {
    return t('intake.form.issues.listTooFew', { min: issue.params?.min ?? Math.max(field.minItems ?? 1, 1) });
  }
  return issueMessage(t, issue);
}

interface FieldProps {
  field: FieldDefinition;
  /** The field's path in the form ("goods.0.quantity"). */
  path: string;
  value: unknown;
  onChange(value: unknown): void;
  issues: Record<string, FieldIssue>;
  fields: readonly FieldDefinition[];
  /** Where the value came from, when the registry prefilled it. */
  prefillNote?: string | undefined;
  /** Today in Almaty (YYYY-MM-DD), to say why a date is not allowed. */
  today: string;
}

function FieldControl({ field, path, value, onChange, issues, fields, prefillNote, today }: FieldProps) {
  const { t, i18n } = useTranslation();
  const [left, setLeft] = useState(false);
  const language = i18n.language;
  const label = localised(field.label, language);
  const own = issues[path];
  const error = own ? fieldIssueText(t, field, own, fields, language, { value, today }) : undefined;
  const help = field.help ? localised(field.help, language) : null;
  const hintParts = [help, prefillNote].filter(Boolean);
  const hintFor = (format: string | null) => {
    const parts = [...hintParts, format].filter(Boolean) as string[];
    return parts.length ? parts.join(' ') : undefined;
  };
  const textValue = typeof value === 'string' ? value : '';
  const required = field.required;

  switch (field.type) {
    case 'textarea':
      return (
        <TextAreaField
          label={label}
          required={required}
          value={textValue}
          onValueChange={onChange}
          hint={hintFor(null)}
          error={error}
          maxLength={field.maxLength ?? 2000}
        />
      );
    case 'select':
      return (
        <SelectField
          label={label}
          required={required}
          value={textValue}
          onValueChange={onChange}
          options={(field.options ?? []).map((option) => ({ value: option.value, label: localised(option.label, language) }))}
          placeholder={t('intake.form.choose')}
          hint={hintFor(null)}
          error={error}
        />
      );
    case 'multiselect': {
      const selected = Array.isArray(value) ? (value as string[]) : [];
      const listError = issuesUnder(issues, path)[0];
      return (
        <CheckboxesField
          legend={label}
          required={required}
          options={(field.options ?? []).map((option) => ({ value: option.value, label: localised(option.label, language) }))}
          selected={selected}
          onChange={onChange}
          hint={hintFor(null)}
          error={listError ? fieldIssueText(t, field, listError, fields, language) : undefined}
        />
      );
    }
    case 'checkbox':
      return (
        <CheckboxField
          label={label}
          required={required}
          checked={value === true}
          onCheckedChange={onChange}
          hint={hintFor(null)}
          error={error}
        />
      );
    case 'address':
      return (
        <AddressControl
          field={field}
          path={path}
          value={(value as AddressValue | undefined) ?? emptyAddress()}
          onChange={onChange}
          issues={issues}
          hint={hintFor(null)}
        />
      );
    case 'list':
      return (
        <ListControl field={field} path={path} value={value} onChange={onChange} issues={issues} fields={fields} hint={hintFor(null)} today={today} />
      );
    case 'iin':
    case 'bin': {
      const live = field.type === 'iin' ? liveIinIssue(textValue, left) : liveBinIssue(textValue, left);
      const shown = own ?? live;
      const check = field.type === 'iin' ? checkIin(textValue) : checkBin(textValue);
      return (
        <InputField
          label={label}
          required={required}
          value={textValue}
          onValueChange={(next) => onChange(next.replace(/\s+/g, ''))}
          onBlur={() => setLeft(textValue.trim().length > 0)}
          hint={hintFor(t(field.type === 'iin' ? 'intake.form.formats.iin' : 'intake.form.formats.bin'))}
          error={shown ? fieldIssueText(t, field, shown, fields, language) : undefined}
          okNote={check.valid ? t('intake.form.idValid') : undefined}
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          maxLength={20}
          className="field-id"
        />
      );
    }
    default: {
      const format =
        field.type === 'number'
          ? field.min !== undefined && field.max !== undefined
            ? t('intake.form.formats.number', { min: field.min, max: field.max })
            : null
          : field.type === 'date' || field.type === 'time' || field.type === 'datetime' || field.type === 'phone'
            ? t(`intake.form.formats.${field.type}`)
            : null;
      const narrow = ['date', 'time', 'datetime', 'number', 'phone'].includes(field.type);
      return (
        <InputField
          label={label}
          required={required}
          value={textValue}
          onValueChange={onChange}
          hint={hintFor(format)}
          error={error}
          inputMode={field.type === 'number' || field.type === 'phone' ? (field.type === 'phone' ? 'tel' : 'numeric') : undefined}
          type={field.type === 'phone' ? 'tel' : 'text'}
          autoComplete="off"
          maxLength={field.type === 'text' ? (field.maxLength ?? 200) : narrow ? 20 : undefined}
          className={narrow ? `field-short field-${field.type}` : undefined}
        />
      );
    }
  }
}

function AddressControl({
  field,
  path,
  value,
  onChange,
  issues,
  hint,
}: {
  field: FieldDefinition;
  path: string;
  value: AddressValue;
  onChange(value: AddressValue): void;
  issues: Record<string, FieldIssue>;
  hint: string | undefined;
}) {
  const { t, i18n } = useTranslation();
  const legend = localised(field.label, i18n.language);
  const whole = issues[path];
  return (
    <fieldset className="field address-group" aria-invalid={issuesUnder(issues, path).length ? true : undefined}>
      <legend>
        <LabelText label={legend} required={field.required} />
      </legend>
      {hint ? <p className="field-hint">{hint}</p> : null}
      {whole ? (
        <p className="field-error" role="alert">
          {issueMessage(t, whole)}
        </p>
      ) : null}
      <div className="address-parts">
        {ADDRESS_PARTS.map((part) => {
          const issue = issues[`${path}.${part}`];
          return (
            <InputField
              key={part}
              label={t(`intake.form.address.${part}`)}
              required={field.required && part !== 'flat'}
              value={value[part]}
              onValueChange={(next) => onChange({ ...value, [part]: next })}
              error={issue ? issueMessage(t, issue) : undefined}
              autoComplete="off"
              maxLength={part === 'house' || part === 'flat' ? 20 : part === 'street' ? 200 : 100}
              className={`address-${part}`}
            />
          );
        })}
      </div>
    </fieldset>
  );
}

function ListControl({
  field,
  path,
  value,
  onChange,
  issues,
  fields,
  hint,
  today,
}: {
  field: FieldDefinition;
  path: string;
  value: unknown;
  onChange(value: UiValues[]): void;
  issues: Record<string, FieldIssue>;
  fields: readonly FieldDefinition[];
  hint: string | undefined;
  today: string;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const whole = issues[path];
  return (
    <ListFieldset<UiValues>
      legend={localised(field.label, language)}
      required={field.required}
      hint={hint}
      error={whole ? fieldIssueText(t, field, whole, fields, language) : undefined}
      entries={Array.isArray(value) ? (value as UiValues[]) : []}
      onChange={onChange}
      newEntry={() => emptyEntry(field)}
      max={field.maxItems ?? 100}
      texts="intake.form.list"
      renderFields={(entry, index, setEntry) =>
        (field.itemFields ?? []).map((item) => (
          <FieldControl
            key={item.id}
            field={item}
            path={`${path}.${index}.${item.id}`}
            value={entry[item.id]}
            onChange={(next) => setEntry({ ...entry, [item.id]: next })}
            issues={issues}
            fields={field.itemFields ?? []}
            today={today}
          />
        ))
      }
    />
  );
}

export function ServiceForm({
  service,
  fields,
  values,
  onChange,
  issues,
  prefilled,
  today,
}: {
  service: CatalogueService;
  /** The fields shown now (operation and `when` applied), in form order. */
  fields: readonly FieldDefinition[];
  values: UiValues;
  onChange(id: string, value: unknown): void;
  issues: Record<string, FieldIssue>;
  /** Fields whose value is still the registry's, with the registry's name. */
  prefilled: Record<string, string>;
  today: string;
}) {
  return (
    <div className="service-form" data-service={service.code}>
      {fields.map((field) => (
        <FieldControl
          key={field.id}
          field={field}
          path={field.id}
          value={values[field.id]}
          onChange={(next) => onChange(field.id, next)}
          issues={issues}
          fields={service.fields}
          prefillNote={prefilled[field.id]}
          today={today}
        />
      ))}
    </div>
  );
}
