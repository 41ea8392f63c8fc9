// Step 3: the service's form, prefilled from the registry answer, checked with the schema main
// applies. Leaving the step saves the draft (created here the first time: the request store takes a
// draft only with a complete form) so that nothing is lost if the screen locks.
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../../../shared/api/errors';
import { isApiClientError } from '../../api/client';
import { focusFirstInvalid } from '../../forms/validation';
import type { ShownError } from '../../i18n';
import type { StepProps } from './context';
import { StepFrame } from './frame';
import { activeFields, checkServiceForm, emptyValues, formIssuesFromApi, localised } from './model';
import { ServiceForm } from './ServiceForm';

/** Which registry a prefill path reads. */
const PREFILL_SYSTEMS = { person: 'individuals', legalEntity: 'legal_entities', attachment: 'attachment' } as const;

export function FormStep({ intake, update, service, headingRef, go, today, saveDraft }: StepProps) {
  const { t, i18n } = useTranslation();
  const [serverIssues, setServerIssues] = useState<Record<string, FieldIssue>>({});
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const code = service?.code ?? '';
  const values = useMemo(() => (service ? (intake.values[code] ?? emptyValues(service)) : {}), [intake.values, code, service]);
  const check = useMemo(() => (service ? checkServiceForm(service, intake.operation, values, today) : null), [service, intake.operation, values, today]);
  if (!service || !check) return null;

  const fields = activeFields(service, intake.operation, values);
  const issues = intake.formTried ? { ...check.issues, ...serverIssues } : serverIssues;
  const prefilled = intake.prefilled[code] ?? {};

  const notes: Record<string, string> = {};
  for (const field of service.fields) {
    if (!field.prefill) continue;
    const record = field.prefill.split('.')[0] as keyof typeof PREFILL_SYSTEMS;
    const system = t(`registry.systems.${PREFILL_SYSTEMS[record]}`);
    if (field.id in prefilled && JSON.stringify(prefilled[field.id]) === JSON.stringify(values[field.id])) {
      notes[field.id] = t('intake.form.fromRegistry', { system });
    } else if (record === 'attachment') {
      notes[field.id] = t('intake.form.notPrefilled', { system });
    }
  }

  const onChange = (id: string, value: unknown) => {
    update((current) => ({
      ...current,
      values: { ...current.values, [code]: { ...(current.values[code] ?? emptyValues(service)), [id]: value } },
    }));
    setServerIssues((current) => {
      const kept = Object.fromEntries(Object.entries(current).filter(([path]) => path !== id && !path.startsWith(`${id}.`)));
      return Object.keys(kept).length === Object.keys(current).length ? current : kept;
    });
    setError(null);
  };

  const next = async () => {
    update((current) => ({ ...current, formTried: true }));
    if (!check.ok) {
      setError({ code: 'invalid_input' });
      focusFirstInvalid(formRef.current);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await saveDraft();
      setServerIssues({});
      go('documents');
    } catch (failure) {
      const apiError = isApiClientError(failure) ? failure : null;
      const fromApi = formIssuesFromApi(apiError?.issues ?? []);
      setServerIssues(fromApi);
      setError({ code: apiError?.code ?? 'internal', params: apiError?.params ?? {} });
      if (Object.keys(fromApi).length) focusFirstInvalid(formRef.current);
    } finally {
      setBusy(false);
    }
  };

  const operationName = intake.operation ? service.operations?.find((op) => op.code === intake.operation) : undefined;

  return (
    <StepFrame
      step="form"
      headingRef={headingRef}
      formRef={formRef}
      onNext={next}
      onBack={() => go('applicant')}
      busy={busy}
      busyNote={t('intake.draft.saving')}
      error={error}
    >
      <p className="muted">
        {localised(service.names, i18n.language)}
        {operationName ? ` — ${localised(operationName.names, i18n.language)}` : ''}
      </p>
      <p className="field-hint">{t('intake.form.requiredNote')}</p>
      {fields.length === 0 ? <p>{t('intake.form.noFields')}</p> : null}
      <ServiceForm service={service} fields={fields} values={values} onChange={onChange} issues={issues} prefilled={notes} today={today} />
    </StepFrame>
  );
}
