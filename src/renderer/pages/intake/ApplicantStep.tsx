// Step 2: the applicant's IIN (or an organisation's BIN, as the service allows), checked as typed,
// then the state registry's answer through the central server (purpose "intake: <service>"): the
// applicant's card, or the regulation's notice «Деректерді алу мүмкін емес» with the refusal.
// Enter looks the number up; once the card is there, Enter confirms the applicant and moves on.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../../../shared/api/errors';
import { formatDateTime } from '../../../shared/format';
import type { RegistrySystem } from '../../../shared/registry';
import { binSchema, iinSchema } from '../../../shared/validation';
import { call, isApiClientError } from '../../api/client';
import { BinField } from '../../components/BinField';
import { IinField } from '../../components/IinField';
import { checkValue } from '../../forms/validation';
import type { ShownError } from '../../i18n';
import { EntityCard, PersonCard, entityName, fullName, type AnswerInfo } from '../registry/RecordCards';
import type { StepProps } from './context';
import { StepFrame } from './frame';
import { noDataGround } from './Outcome';
import {
  applicantKinds,
  applyPrefill,
  checkServiceForm,
  emptyValues,
  localised,
  lookupPurpose,
  prefillValues,
  type ApplicantRecord,
} from './model';
import { getIntake, type Lookup } from './store';

function infoOf(answer: AnswerInfo): AnswerInfo {
  return { system: answer.system, answeredAt: answer.answeredAt, source: answer.source, ageSeconds: answer.ageSeconds };
}

async function lookUp(kind: 'person' | 'organisation', id: string, purpose: string): Promise<Lookup> {
  const system: RegistrySystem = kind === 'person' ? 'individuals' : 'legal_entities';
  try {
    if (kind === 'person') {
      const answer = await call('registry.person', { iin: id, purpose });
      if (answer.found) return { kind: 'person', id, person: answer.record, info: infoOf(answer) };
      return { kind: 'noData', id, applicantKind: kind, system: answer.system, answeredAt: answer.answeredAt, cause: { kind: 'not_found', subject: 'iin', value: id } };
    }
    const answer = await call('registry.legalEntity', { bin: id, purpose });
    if (answer.found) return { kind: 'organisation', id, entity: answer.record, info: infoOf(answer), head: null };
    return { kind: 'noData', id, applicantKind: kind, system: answer.system, answeredAt: answer.answeredAt, cause: { kind: 'not_found', subject: 'bin', value: id } };
  } catch (error) {
    if (isApiClientError(error) && error.code === 'registry_unavailable') {
      const params = error.params;
      return {
        kind: 'noData',
        id,
        applicantKind: kind,
        system: typeof params.system === 'string' ? (params.system as RegistrySystem) : system,
        answeredAt: null,
        cause: { kind: 'unavailable', reason: typeof params.reason === 'string' ? params.reason : 'other' },
      };
    }
    throw error;
  }
}

export function ApplicantStep(props: StepProps) {
  const { intake, update, service, headingRef, go, today, saveDraft } = props;
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const [issue, setIssue] = useState<FieldIssue | undefined>(undefined);
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  const [headBusy, setHeadBusy] = useState(false);
  const numberRef = useRef<HTMLInputElement>(null);
  const noDataRef = useRef<HTMLHeadingElement>(null);
  const focusNoData = useRef(false);
  const locked = intake.draft !== null;

  useEffect(() => {
    if (focusNoData.current && intake.lookup?.kind === 'noData') noDataRef.current?.focus();
    focusNoData.current = false;
  }, [intake.lookup]);

  if (!service) return null;
  const kinds = applicantKinds(service);
  const kind = kinds.includes(intake.applicantKind) ? intake.applicantKind : (kinds[0] as 'person' | 'organisation');
  const typed = (kind === 'person' ? intake.iin : intake.bin).trim();
  const lookup = intake.lookup && intake.lookup.id === typed && (intake.lookup.kind === 'noData' ? intake.lookup.applicantKind === kind : intake.lookup.kind === kind) ? intake.lookup : null;
  const found = lookup && lookup.kind !== 'noData' ? lookup : null;
  const purpose = lookupPurpose(t('intake.applicant.purposePrefix'), localised(service.names, language));

  const setNumber = (value: string) => {
    update((current) => (kind === 'person' ? { ...current, iin: value } : { ...current, bin: value }));
    setIssue(undefined);
    setError(null);
  };

  const runLookup = async () => {
    const problem = checkValue(kind === 'person' ? iinSchema : binSchema, typed);
    if (problem) {
      setIssue({ ...problem, path: kind === 'person' ? 'iin' : 'bin' });
      setError({ code: 'invalid_input' });
      numberRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const answer = await lookUp(kind, typed, purpose);
      focusNoData.current = answer.kind === 'noData';
      update((current) => ({ ...current, lookup: answer }));
    } catch (failure) {
      const apiError = isApiClientError(failure) ? failure : null;
      if (apiError?.issues[0]) setIssue(apiError.issues[0]);
      setError({ code: apiError?.code ?? 'internal', params: apiError?.params ?? {} });
    } finally {
      setBusy(false);
    }
  };

  const confirm = async () => {
    if (!found) return;
    const record: ApplicantRecord = found.kind === 'person' ? { kind: 'person', person: found.person } : { kind: 'organisation', entity: found.entity };
    const code = service.code;
    const nextPrefill = prefillValues(service, record);
    update((current) => ({
      ...current,
      applicantKind: kind,
      values: {
        ...current.values,
        [code]: applyPrefill(service, current.values[code] ?? emptyValues(service), current.prefilled[code] ?? {}, nextPrefill),
      },
      prefilled: { ...current.prefilled, [code]: nextPrefill },
    }));
    // The draft is made as soon as the service will take it: the request store checks the whole form
    // at creation, so usually that is when the form is filled in (next step).
    const check = checkServiceForm(service, intake.operation, getIntake().values[code] ?? emptyValues(service), today);
    if (check.ok && !intake.draft) {
      setBusy(true);
      try {
        await saveDraft();
      } catch (failure) {
        const apiError = isApiClientError(failure) ? failure : null;
        setBusy(false);
        setError({ code: apiError?.code ?? 'internal', params: apiError?.params ?? {} });
        return;
      }
      setBusy(false);
    }
    go('form');
  };

  const next = async () => {
    if (locked) {
      go('form');
      return;
    }
    if (found) await confirm();
    else await runLookup();
  };

  const openHead = async (iin: string) => {
    if (!found || found.kind !== 'organisation' || headBusy) return;
    setHeadBusy(true);
    try {
      const answer = await call('registry.person', { iin, purpose });
      if (answer.found) {
        update((current) =>
          current.lookup?.kind === 'organisation' ? { ...current, lookup: { ...current.lookup, head: { person: answer.record, info: infoOf(answer) } } } : current,
        );
      }
    } catch (failure) {
      setError({ code: isApiClientError(failure) ? failure.code : 'internal' });
    } finally {
      setHeadBusy(false);
    }
  };

  const refuse = () => {
    if (!lookup || lookup.kind !== 'noData') return;
    update((current) => ({
      ...current,
      outcome: {
        kind: 'refused',
        service: service.code,
        channel: current.channel,
        applicantKind: lookup.applicantKind,
        id: lookup.id,
        at: new Date().toISOString(),
      },
    }));
  };

  const nextLabel = locked ? undefined : found ? t('intake.applicant.confirm') : t('intake.applicant.lookUp');

  return (
    <StepFrame
      step="applicant"
      headingRef={headingRef}
      onNext={next}
      onBack={() => go('service')}
      nextLabel={nextLabel}
      busy={busy}
      busyNote={t('intake.applicant.busy')}
      error={error}
    >
      {locked ? <p className="notice intake-locked">{t('intake.lockedAfterDraft')}</p> : null}
      <p className="muted">{t('intake.applicant.purposeNote', { purpose })}</p>
      {kinds.length > 1 ? (
        <fieldset className="field" disabled={locked}>
          <legend>{t('intake.applicant.kindLegend')}</legend>
          <div className="radio-options">
            {kinds.map((candidate) => (
              <label key={candidate} className="radio">
                <input
                  type="radio"
                  name="intake-applicant-kind"
                  value={candidate}
                  checked={kind === candidate}
                  onChange={() => {
                    update((current) => ({ ...current, applicantKind: candidate }));
                    setIssue(undefined);
                  }}
                />
                <span>{t(`intake.applicant.kinds.${candidate}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      <fieldset className="applicant-number" disabled={locked}>
        {kind === 'person' ? (
          <IinField
            label={t('intake.applicant.iinLabel')}
            value={intake.iin}
            onValueChange={setNumber}
            issue={issue}
            inputRef={numberRef}
            autoComplete="off"
          />
        ) : (
          <BinField label={t('intake.applicant.binLabel')} value={intake.bin} onValueChange={setNumber} issue={issue} inputRef={numberRef} />
        )}
      </fieldset>

      <div className="visually-hidden" role="status">
        {found ? t('intake.applicant.foundAnnouncement', { name: found.kind === 'person' ? fullName(found.person) : entityName(found.entity, language) }) : ''}
      </div>

      {found?.kind === 'person' ? (
        <>
          {found.person.deathDate ? (
            <p className="notice notice-info" role="note">
              {t('intake.applicant.deceased')}
            </p>
          ) : null}
          <PersonCard person={found.person} info={found.info} />
        </>
      ) : null}
      {found?.kind === 'organisation' ? (
        <>
          {found.entity.status !== 'active' ? (
            <p className="notice notice-info" role="note">
              {t('intake.applicant.liquidated')}
            </p>
          ) : null}
          <EntityCard entity={found.entity} info={found.info} onOpenHead={(iin) => void openHead(iin)} busy={headBusy} />
          {found.head ? (
            <div className="intake-head">
              <h3>{t('intake.applicant.headHeading')}</h3>
              <PersonCard person={found.head.person} info={found.head.info} />
            </div>
          ) : null}
        </>
      ) : null}
      {lookup?.kind === 'noData' ? (
        <section className="notice notice-nodata" role="alert" aria-labelledby="intake-nodata-title">
          <h3 id="intake-nodata-title" ref={noDataRef} tabIndex={-1}>
            {t('registry.noData.title')}
          </h3>
          <p>
            {lookup.cause.kind === 'not_found'
              ? t(`registry.noData.notFound.${lookup.cause.subject}`, { value: lookup.cause.value, system: t(`registry.systems.${lookup.system}`) })
              : t(
                  ['not_configured', 'offline', 'timeout', 'server', 'rejected', 'bad_answer'].includes(lookup.cause.reason)
                    ? `registry.noData.reasons.${lookup.cause.reason}`
                    : 'registry.noData.reasons.other',
                  { system: t(`registry.systems.${lookup.system}`) },
                )}
          </p>
          {lookup.answeredAt ? (
            <p className="muted">
              {t('registry.noData.answeredBy', { system: t(`registry.systems.${lookup.system}`), time: formatDateTime(lookup.answeredAt) })}
            </p>
          ) : null}
          <div className="refusal">
            <p>
              {t('intake.noData.refusalIntro', { ground: noDataGround(service.code, intake.channel, language) })}
            </p>
            <div className="form-actions">
              <button type="button" className="button danger" onClick={refuse}>
                {t('intake.noData.refuse')}
              </button>
              {lookup.cause.kind === 'unavailable' ? (
                <button type="button" className="button" onClick={() => void runLookup()} aria-disabled={busy || undefined}>
                  {t('registry.noData.retry')}
                </button>
              ) : null}
              <button type="button" className="button" onClick={() => numberRef.current?.focus()}>
                {t('intake.noData.correct')}
              </button>
            </div>
            <p className="refusal-note">{t('intake.noData.refusalNote')}</p>
          </div>
        </section>
      ) : null}
    </StepFrame>
  );
}
