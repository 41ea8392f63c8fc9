// Registry lookup: a person by IIN or by name, an organisation by BIN, through the central server.
// Every lookup needs a purpose (it goes to the audit log with the lookup); the purpose is kept for
// the next lookups until sign-out. Numbers are checked as they are typed; the answer is a card that
// says which registry answered and when, or whether it came from the local cache, and how old it is.
// When nothing can be had, the regulation's "data cannot be obtained" notice, with the reasoned
// refusal it calls for (issued from the request, which a later version brings).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { methods, type ServerStatus, type SessionInfo } from '../../shared/api/contract';
import { hasRole } from '../../shared/domain/roles';
import { lookupPurposeSchema, type LegalEntity, type Person, type RegistrySystem } from '../../shared/registry';
import type { SimulatorSamples } from '../../shared/server-api';
import { call } from '../api/client';
import { BinField } from '../components/BinField';
import { FormError, TextField } from '../components/Field';
import { IinField } from '../components/IinField';
import { useForm } from '../forms/useForm';
import { checkForm, type FieldErrors } from '../forms/validation';
import { useAppDispatch, useAppSelector } from '../store';
import { pageOpened } from '../store/navSlice';
import { purposeChanged } from '../store/registrySlice';
import {
  EntityCard,
  NoDataNotice,
  PersonCard,
  PersonMatches,
  entityName,
  fullName,
  type AnswerInfo,
  type Found,
  type NoDataCause,
} from './registry/RecordCards';
import { TrainingSamples } from './registry/TrainingSamples';
import { displayDate, parseDisplayDate } from './registry/format';

type Mode = 'iin' | 'bin' | 'name';
const MODES: readonly Mode[] = ['iin', 'bin', 'name'];

const PURPOSE_ONLY = z.object({ purpose: lookupPurposeSchema });

/** How many people a name search shows at most. */
const SEARCH_LIMIT = 50;

type Request =
  | { kind: 'person'; iin: string }
  | { kind: 'entity'; bin: string }
  | { kind: 'search'; surname: string; name: string; birthDate?: string };

type View = (
  | { kind: 'person'; person: Person; info: AnswerInfo }
  | { kind: 'entity'; entity: LegalEntity; info: AnswerInfo }
  | { kind: 'matches'; answer: Found<Person[]>; query: string; selected: number | null }
  | { kind: 'noData'; system: RegistrySystem; answeredAt: string | null; cause: NoDataCause; request: Request }
) & { back: View | null };

function infoOf(answer: AnswerInfo): AnswerInfo {
  return { system: answer.system, answeredAt: answer.answeredAt, source: answer.source, ageSeconds: answer.ageSeconds };
}

function systemOf(request: Request): RegistrySystem {
  return request.kind === 'entity' ? 'legal_entities' : 'individuals';
}

function queryText(request: Extract<Request, { kind: 'search' }>): string {
  const name = `${request.surname} ${request.name}`;
  return request.birthDate ? `${name}, ${displayDate(request.birthDate)}` : name;
}

async function perform(request: Request, purpose: string): Promise<View> {
  switch (request.kind) {
    case 'person': {
      const answer = await call('registry.person', { iin: request.iin, purpose });
      if (answer.found) return { kind: 'person', person: answer.record, info: infoOf(answer), back: null };
      return {
        kind: 'noData',
        system: answer.system,
        answeredAt: answer.answeredAt,
        cause: { kind: 'not_found', subject: 'iin', value: request.iin },
        request,
        back: null,
      };
    }
    case 'entity': {
      const answer = await call('registry.legalEntity', { bin: request.bin, purpose });
      if (answer.found) return { kind: 'entity', entity: answer.record, info: infoOf(answer), back: null };
      return {
        kind: 'noData',
        system: answer.system,
        answeredAt: answer.answeredAt,
        cause: { kind: 'not_found', subject: 'bin', value: request.bin },
        request,
        back: null,
      };
    }
    case 'search': {
      const { surname, name, birthDate } = request;
      const answer = await call('registry.searchPersons', {
        surname,
        name,
        ...(birthDate ? { birthDate } : {}),
        limit: SEARCH_LIMIT,
        purpose,
      });
      if (answer.found && answer.record.length > 0) {
        return {
          kind: 'matches',
          answer,
          query: queryText(request),
          selected: answer.record.length === 1 ? 0 : null,
          back: null,
        };
      }
      return {
        kind: 'noData',
        system: answer.system,
        answeredAt: answer.answeredAt,
        cause: { kind: 'not_found', subject: 'name', value: queryText(request) },
        request,
        back: null,
      };
    }
  }
}

export function RegistryPage({ session }: { session: SessionInfo }) {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const purpose = useAppSelector((state) => state.registry.purpose);
  const connectivity = useAppSelector((state) => state.station.status?.connectivity);
  const isAdmin = hasRole(session.roles, 'administrator');
  const form = useForm({ mode: 'iin' as Mode, iin: '', bin: '', surname: '', name: '', birthDate: '' });
  const { values, errors } = form;
  const [view, setView] = useState<View | null>(null);
  const [serverStatus, setServerStatus] = useState<ServerStatus | null>(null);
  const [samples, setSamples] = useState<SimulatorSamples | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const numberRef = useRef<HTMLInputElement>(null);
  const resultRef = useRef<HTMLHeadingElement>(null);
  const cardRef = useRef<HTMLHeadingElement>(null);
  /** Where the keyboard goes once the next view is shown. */
  const focusNext = useRef<'result' | 'card' | null>(null);

  // The central server's state and the training samples, again whenever the status bar's state changes.
  useEffect(() => {
    let current = true;
    call('server.status', {}).then(
      (status) => {
        if (current) setServerStatus(status);
      },
      () => undefined,
    );
    call('registry.samples', {}).then(
      (found) => {
        // Offline, the simulated registries are still the ones configured: keep what was shown.
        if (current) setSamples((shown) => found ?? (connectivity === 'offline' ? shown : null));
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [connectivity]);

  useEffect(() => {
    const target = focusNext.current;
    focusNext.current = null;
    if (target === 'result') resultRef.current?.focus();
    else if (target === 'card') cardRef.current?.focus();
  }, [view]);

  const show = (next: View) => {
    focusNext.current = 'result';
    setView(next);
  };

  const withPurpose = <T extends object>(input: T) => ({ ...input, purpose });

  const lookup = async (request: Request, clientErrors: FieldErrors, back: View | null) => {
    const result = await form.submit(clientErrors, () => perform(request, purpose.trim()), formRef.current);
    if (result.ok) {
      show({ ...result.value, back });
    } else if (result.error?.code === 'registry_unavailable') {
      form.setFormError(null);
      const params = result.error.params;
      show({
        kind: 'noData',
        system: typeof params.system === 'string' ? (params.system as RegistrySystem) : systemOf(request),
        answeredAt: null,
        cause: { kind: 'unavailable', reason: typeof params.reason === 'string' ? params.reason : 'other' },
        request,
        back,
      });
    }
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (values.mode === 'iin') {
      const iin = values.iin.trim();
      await lookup({ kind: 'person', iin }, checkForm(methods['registry.person'].input, withPurpose({ iin })), null);
    } else if (values.mode === 'bin') {
      const bin = values.bin.trim();
      await lookup({ kind: 'entity', bin }, checkForm(methods['registry.legalEntity'].input, withPurpose({ bin })), null);
    } else {
      const surname = values.surname.trim();
      const name = values.name.trim();
      const dateText = values.birthDate.trim();
      const birthDate = dateText ? parseDisplayDate(dateText) : null;
      const request = { kind: 'search' as const, surname, name, ...(birthDate ? { birthDate } : {}) };
      const clientErrors = checkForm(methods['registry.searchPersons'].input, withPurpose({ surname, name, ...(birthDate ? { birthDate } : {}) }));
      if (dateText && !birthDate) clientErrors.birthDate = { path: 'birthDate', code: 'date.format' };
      await lookup(request, clientErrors, null);
    }
  };

  /** Another lookup from a card (an organisation's head), with the same purpose; "back" returns to the card. */
  const openHead = (iin: string) => {
    if (!view) return;
    void lookup({ kind: 'person', iin }, checkForm(methods['registry.person'].input, withPurpose({ iin })), view);
  };

  const retry = (request: Request, back: View | null) => {
    const clientErrors = checkForm(PURPOSE_ONLY, { purpose });
    void lookup(request, clientErrors, back);
  };

  const setPurpose = (value: string) => {
    dispatch(purposeChanged(value));
    if (errors.purpose) form.setErrors({ ...errors, purpose: undefined });
  };

  const fill = (mode: Mode, value: string) => {
    form.setValues((current) => ({ ...current, mode, [mode]: value }));
    form.setErrors({});
    form.setFormError(null);
    requestAnimationFrame(() => numberRef.current?.focus());
  };

  const backLabel = (target: View): string => {
    switch (target.kind) {
      case 'person':
        return fullName(target.person);
      case 'entity':
        return entityName(target.entity, i18n.language);
      case 'matches':
        return target.query;
      default:
        return t('registry.back.previous');
    }
  };

  const goBack = () => {
    if (!view?.back) return;
    show(view.back);
  };

  const selectMatch = (index: number) => {
    if (view?.kind !== 'matches') return;
    focusNext.current = 'card';
    setView({ ...view, selected: index });
  };

  const notConfigured = serverStatus?.connectivity === 'not_configured' && connectivity !== 'online';

  return (
    <section className="page-section registry-page" aria-labelledby="page-registry-title">
      <h1 id="page-registry-title" tabIndex={-1}>
        {t('nav.registry')}
      </h1>
      <p className="lead">{t('registry.intro')}</p>

      {notConfigured ? (
        <div className="notice notice-info registry-status">
          <p className="notice-title">{t('registry.server.notConfigured')}</p>
          {isAdmin ? (
            <>
              <p>{t('registry.server.notConfiguredAdmin')}</p>
              <button type="button" className="button" onClick={() => dispatch(pageOpened('settings'))}>
                {t('registry.server.openSettings')}
              </button>
            </>
          ) : (
            <p>{t('registry.server.notConfiguredStaff')}</p>
          )}
        </div>
      ) : connectivity === 'offline' ? (
        <div className="notice notice-info registry-status">
          <p className="notice-title">{t('registry.server.offlineTitle')}</p>
          <p>{t('registry.server.offline')}</p>
        </div>
      ) : null}

      <div className={`registry-layout${samples ? ' with-samples' : ''}`}>
        <form
          ref={formRef}
          className="card form registry-form"
          onSubmit={onSubmit}
          noValidate
          aria-label={t('registry.formLabel')}
        >
          <TextField
            label={t('registry.purpose.label')}
            value={purpose}
            onValueChange={setPurpose}
            issue={errors.purpose}
            hint={t('registry.purpose.hint')}
            maxLength={200}
            autoComplete="off"
          />
          <div className="form-actions purpose-presets">
            <button
              type="button"
              className="button small"
              onClick={() => setPurpose(t('registry.purpose.consultationValue'))}
            >
              {t('registry.purpose.useConsultation')}
            </button>
          </div>

          <fieldset className="field mode-group">
            <legend>{t('registry.modeLegend')}</legend>
            <div className="radio-options">
              {MODES.map((mode) => (
                <label key={mode} className="radio">
                  <input
                    type="radio"
                    name="registry-mode"
                    value={mode}
                    checked={values.mode === mode}
                    onChange={() => form.set('mode', mode)}
                  />
                  <span>{t(`registry.modes.${mode}`)}</span>
                </label>
              ))}
            </div>
          </fieldset>

          {values.mode === 'iin' ? (
            <IinField
              value={values.iin}
              onValueChange={(v) => form.set('iin', v)}
              issue={errors.iin}
              inputRef={numberRef}
              autoComplete="off"
            />
          ) : values.mode === 'bin' ? (
            <BinField value={values.bin} onValueChange={(v) => form.set('bin', v)} issue={errors.bin} inputRef={numberRef} />
          ) : (
            <div className="name-fields">
              <p className="field-hint name-hint">{t('registry.nameHint')}</p>
              <div className="form-row">
                <TextField
                  label={t('registry.fields.surname')}
                  value={values.surname}
                  onValueChange={(v) => form.set('surname', v)}
                  issue={errors.surname}
                  autoComplete="off"
                  maxLength={100}
                  inputRef={numberRef}
                />
                <TextField
                  label={t('registry.fields.name')}
                  value={values.name}
                  onValueChange={(v) => form.set('name', v)}
                  issue={errors.name}
                  autoComplete="off"
                  maxLength={100}
                />
              </div>
              <TextField
                label={t('registry.fields.birthDate')}
                value={values.birthDate}
                onValueChange={(v) => form.set('birthDate', v)}
                issue={errors.birthDate}
                hint={t('registry.birthDateHint')}
                autoComplete="off"
                inputMode="numeric"
                maxLength={10}
                className="field-date"
              />
            </div>
          )}

          <FormError error={form.formError} />
          <div className="form-actions">
            <button type="submit" className="button primary" aria-disabled={form.busy || undefined}>
              {t('registry.submit')}
            </button>
          </div>
          <div role="status" className={form.busy ? 'busy-note' : 'visually-hidden'}>
            {form.busy ? (
              <>
                <span className="spinner" aria-hidden="true" /> {t('registry.busy')}
              </>
            ) : null}
          </div>
        </form>

        {samples ? (
          <TrainingSamples
            samples={samples}
            onPerson={(iin) => fill('iin', iin)}
            onEntity={(bin) => fill('bin', bin)}
          />
        ) : null}
      </div>

      {view ? (
        <div className="registry-result">
          {view.back ? (
            <div className="form-actions">
              <button type="button" className="button small" onClick={goBack}>
                {t('registry.back.to', { name: backLabel(view.back) })}
              </button>
            </div>
          ) : null}
          {view.kind === 'person' ? (
            <PersonCard person={view.person} info={view.info} headingRef={resultRef} />
          ) : view.kind === 'entity' ? (
            <EntityCard
              entity={view.entity}
              info={view.info}
              onOpenHead={openHead}
              busy={form.busy}
              headingRef={resultRef}
            />
          ) : view.kind === 'matches' ? (
            <>
              <PersonMatches
                answer={view.answer}
                query={view.query}
                selected={view.selected}
                onSelect={selectMatch}
                headingRef={resultRef}
              />
              {view.selected !== null && view.answer.record[view.selected] ? (
                <PersonCard
                  key={view.answer.record[view.selected]?.iin}
                  person={view.answer.record[view.selected] as Person}
                  info={infoOf(view.answer)}
                  headingRef={cardRef}
                />
              ) : null}
            </>
          ) : (
            <NoDataNotice
              system={view.system}
              answeredAt={view.answeredAt}
              cause={view.cause}
              busy={form.busy}
              onRetry={view.cause.kind === 'unavailable' ? () => retry(view.request, view.back) : undefined}
              headingRef={resultRef}
            />
          )}
        </div>
      ) : null}
    </section>
  );
}
