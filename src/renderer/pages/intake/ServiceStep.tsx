// Step 1: the service (only those the signed-in person's roles handle, grouped by area), its
// operation where it has several (licence issue / re-issue / duplicate), and the channel the
// applicant came by (counter, telephone, public service centre — as the service offers them).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { channelName, serviceByCode } from '../../../shared/catalogue';
import type { CatalogueEntry } from '../../../shared/requests/api';
import type { ShownError } from '../../i18n';
import type { StepProps } from './context';
import { StepFrame } from './frame';
import { applicantKinds, groupServices, intakeChannels, localised, type IntakeChannel } from './model';
import { TermText } from './summary';

type Problems = Partial<Record<'service' | 'operation' | 'channel', string>>;

export function ServiceStep({ session, intake, update, catalogue, service, entry, headingRef, go }: StepProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const [problems, setProblems] = useState<Problems>({});
  const [error, setError] = useState<ShownError | null>(null);
  const locked = intake.draft !== null;
  const groups = catalogue ? groupServices(catalogue) : [];
  const channels = entry ? intakeChannels(entry.channels) : [];

  const chooseService = (code: string) => {
    const chosen = serviceByCode(code);
    if (!chosen || locked) return;
    const kinds = applicantKinds(chosen);
    update((current) => {
      if (current.service === code) return current;
      const offered = intakeChannels(chosen.channels);
      return {
        ...current,
        service: code,
        operation: null,
        channel: offered.includes(current.channel) ? current.channel : (offered[0] ?? 'walk_in'),
        applicantKind: kinds.includes(current.applicantKind) ? current.applicantKind : (kinds[0] ?? 'person'),
        documents: {},
        documentsTried: false,
        missingReason: '',
        formTried: false,
        paymentRef: '',
      };
    });
    setProblems((current) => ({ ...current, service: undefined }));
  };

  const next = () => {
    if (locked) {
      go('applicant');
      return;
    }
    const found: Problems = {};
    if (!service || !entry?.handled) found.service = t('intake.service.chooseService');
    else {
      if (entry.operations.length > 0 && !entry.operations.some((op) => op.code === intake.operation)) {
        found.operation = t('intake.service.chooseOperation');
      }
      if (!channels.includes(intake.channel)) found.channel = t('intake.service.chooseChannel');
    }
    setProblems(found);
    if (Object.keys(found).length) {
      setError({ code: 'invalid_input' });
      requestAnimationFrame(() => document.querySelector<HTMLElement>('.intake-step [aria-invalid="true"] input')?.focus());
      return;
    }
    setError(null);
    go('applicant');
  };

  if (catalogue === null) {
    return (
      <StepFrame step="service" headingRef={headingRef} onNext={() => undefined} busy busyNote={t('common.loading')}>
        <p className="muted">{t('common.loading')}</p>
      </StepFrame>
    );
  }

  if (groups.length === 0) {
    return (
      <StepFrame step="service" headingRef={headingRef} onNext={() => undefined}>
        <div className="notice notice-info">
          <p className="notice-title">{t('intake.service.noRolesTitle')}</p>
          <p>
            {t('intake.service.noRoles', {
              roles: session.roles.map((role) => t(`roles.${role}`)).join(', ') || '—',
            })}
          </p>
        </div>
      </StepFrame>
    );
  }

  return (
    <StepFrame step="service" headingRef={headingRef} onNext={next} error={error}>
      {locked ? <p className="notice intake-locked">{t('intake.lockedAfterDraft')}</p> : null}
      <fieldset className="field service-choice" aria-invalid={problems.service ? true : undefined} disabled={locked}>
        <legend>{t('intake.service.legend')}</legend>
        {groups.map((group) => (
          <div key={group.area} className="service-group" role="group" aria-labelledby={`intake-area-${group.area}`}>
            <h3 id={`intake-area-${group.area}`} className="service-group-title">
              {t(`intake.areas.${group.area}`)}
            </h3>
            {group.entries.map((candidate: CatalogueEntry) => {
              const definition = serviceByCode(candidate.code);
              return (
                <label key={candidate.code} className="radio service-option">
                  <input
                    type="radio"
                    name="intake-service"
                    value={candidate.code}
                    checked={intake.service === candidate.code}
                    onChange={() => chooseService(candidate.code)}
                  />
                  <span className="service-option-text">
                    <span className="service-option-name">{localised(candidate.names, language)}</span>
                    {definition?.payment.required ? <span className="badge badge-warn">{t('intake.service.paid')}</span> : null}
                  </span>
                </label>
              );
            })}
          </div>
        ))}
        {problems.service ? (
          <p className="field-error" role="alert">
            {problems.service}
          </p>
        ) : null}
      </fieldset>

      {service && entry && entry.operations.length > 0 ? (
        <fieldset className="field" aria-invalid={problems.operation ? true : undefined} disabled={locked}>
          <legend>{t('intake.service.operationLegend')}</legend>
          <div className="radio-options">
            {entry.operations.map((operation) => (
              <label key={operation.code} className="radio">
                <input
                  type="radio"
                  name="intake-operation"
                  value={operation.code}
                  checked={intake.operation === operation.code}
                  onChange={() => {
                    update((current) => ({ ...current, operation: operation.code, documents: {}, documentsTried: false, formTried: false }));
                    setProblems((current) => ({ ...current, operation: undefined }));
                  }}
                />
                <span>{localised(operation.names, language)}</span>
              </label>
            ))}
          </div>
          {problems.operation ? (
            <p className="field-error" role="alert">
              {problems.operation}
            </p>
          ) : null}
        </fieldset>
      ) : null}

      {service && entry ? (
        <fieldset className="field" aria-invalid={problems.channel ? true : undefined} disabled={locked}>
          <legend>{t('intake.service.channelLegend')}</legend>
          <div className="radio-options">
            {channels.map((channel: IntakeChannel) => (
              <label key={channel} className="radio">
                <input
                  type="radio"
                  name="intake-channel"
                  value={channel}
                  checked={intake.channel === channel}
                  onChange={() => {
                    update((current) => ({ ...current, channel }));
                    setProblems((current) => ({ ...current, channel: undefined }));
                  }}
                />
                <span>{localised(channelName(channel), language)}</span>
              </label>
            ))}
          </div>
          {problems.channel ? (
            <p className="field-error" role="alert">
              {problems.channel}
            </p>
          ) : null}
        </fieldset>
      ) : null}

      {service && entry ? (
        <dl className="summary-list">
          <div>
            <dt>{t('intake.service.applicant')}</dt>
            <dd>{t(`intake.service.applicantKinds.${service.applicant}`)}</dd>
          </div>
          <div>
            <dt>{t('intake.service.term')}</dt>
            <dd>
              <TermText entry={entry} channel={intake.channel} operation={intake.operation} />
            </dd>
          </div>
          <div>
            <dt>{t('intake.service.payment')}</dt>
            <dd>{service.payment.required ? t('intake.service.paymentRequired') : t('intake.service.paymentNone')}</dd>
          </div>
          <div>
            <dt>{t('intake.service.provider')}</dt>
            <dd>{localised(service.provider, language)}</dd>
          </div>
        </dl>
      ) : null}
    </StepFrame>
  );
}
