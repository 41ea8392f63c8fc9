// "New request": walk-in intake following the regulations' steps at the counter — choose the service,
// the applicant's IIN/BIN and the state registry's answer (or the "data cannot be obtained" notice and
// the refusal), the service's form prefilled from the registry, the paper documents presented, the
// attachments and the employee's signature (later issues: said plainly, the request stays unsigned),
// and registration with a number and the "request formed successfully" notice.
//
// A stepper on top (aria-current="step"), one step at a time, each checked before the next; the
// keyboard goes to each step's heading, Enter moves on, Back keeps everything typed. The intake lives
// outside the page (./store) so another section or the screen lock loses nothing; once the form is
// complete it is also a draft in the request store, kept up to date as the employee works.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../shared/api/contract';
import { formatDateTime } from '../../../shared/format';
import type { CatalogueEntry, RequestDetail } from '../../../shared/requests/api';
import { ApiClientError, call, isApiClientError } from '../../api/client';
import { errorMessage, type ShownError } from '../../i18n';
import { ApplicantStep } from './ApplicantStep';
import type { StepProps } from './context';
import { DocumentsStep } from './DocumentsStep';
import { AttachmentsStep } from './AttachmentsStep';
import { RegisterStep, SignatureStep } from './FinalSteps';
import { Stepper } from './frame';
import { FormStep } from './FormStep';
import {
  almatyToday,
  applicantBirthDate,
  checklist,
  checkServiceForm,
  documentMarks,
  emptyValues,
  serviceOf,
  stepIndex,
  type StepId,
} from './model';
import { DiscardPanel, OutcomeView } from './Outcome';
import { ServiceStep } from './ServiceStep';
import { getIntake, resetIntake, useIntake, type IntakeState } from './store';

/** How long typing rests before the draft is brought up to date. */
const AUTOSAVE_MS = 1_200;

type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'error'; error: ShownError };

/** The draft's content as the request store takes it, from the intake as it stands. */
function draftPayload(intake: IntakeState, today: string) {
  const service = serviceOf(intake.service);
  if (!service) throw new ApiClientError({ code: 'invalid_input', issues: [{ path: 'service', code: 'required' }] });
  const check = checkServiceForm(service, intake.operation, intake.values[service.code] ?? emptyValues(service), today);
  const lookup = intake.lookup;
  const birthDate = applicantBirthDate(lookup && lookup.kind === 'person' ? { kind: 'person', id: lookup.id } : null);
  const items = checklist(service, intake.channel, { values: check.values, operation: intake.operation, birthDate, today });
  return { service, check, documents: documentMarks(items, intake.documents), lookup };
}

export function IntakePage({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const [intake, update] = useIntake(session.staffId);
  const [catalogue, setCatalogue] = useState<CatalogueEntry[] | null>(null);
  const [catalogueError, setCatalogueError] = useState<ShownError | null>(null);
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'idle' });
  const [cancelOpen, setCancelOpen] = useState(false);
  /** The reason the "refuse to accept" panel starts from (e.g. the missing documents). */
  const [suggested, setSuggested] = useState('');
  const headingRef = useRef<HTMLHeadingElement | null>(null);
  const focusStep = useRef(false);
  const lastSaved = useRef<string | null>(null);
  const today = almatyToday();

  const service = serviceOf(intake.service);
  const entry = useMemo(() => catalogue?.find((candidate) => candidate.code === intake.service) ?? null, [catalogue, intake.service]);

  // The catalogue as this person sees it (which services their roles handle), again when the roles change.
  const rolesKey = session.roles.join(',');
  useEffect(() => {
    let current = true;
    call('catalogue.list', {}).then(
      (entries) => {
        if (current) {
          setCatalogue(entries);
          setCatalogueError(null);
        }
      },
      (failure: unknown) => {
        if (current) setCatalogueError({ code: isApiClientError(failure) ? failure.code : 'internal' });
      },
    );
    return () => {
      current = false;
    };
  }, [rolesKey]);

  const go = useCallback(
    (step: StepId) => {
      focusStep.current = true;
      setCancelOpen(false);
      update((current) => ({ ...current, step, reached: Math.max(current.reached, stepIndex(step)) }));
    },
    [update],
  );

  // The keyboard goes to the heading of each step as it opens (not when the page itself opens:
  // the shell focuses the page's title then).
  useEffect(() => {
    if (!focusStep.current) return;
    focusStep.current = false;
    headingRef.current?.focus();
  }, [intake.step]);

  const saveDraft = useCallback(async (): Promise<RequestDetail> => {
    const state = getIntake();
    const { service: definition, check, documents, lookup } = draftPayload(state, almatyToday());
    if (!check.ok) {
      throw new ApiClientError({
        code: 'invalid_input',
        issues: Object.values(check.issues).map((issue) => ({ ...issue, path: `form.${issue.path}` })),
      });
    }
    setSaveState({ kind: 'saving' });
    try {
      let detail: RequestDetail;
      if (state.draft) {
        detail = await call('requests.updateDraft', { requestId: state.draft.id, form: check.values, documents });
      } else {
        if (!lookup || lookup.kind === 'noData') {
          throw new ApiClientError({ code: 'applicant_data_unavailable' });
        }
        detail = await call('requests.createDraft', {
          service: definition.code,
          ...(state.operation ? { operation: state.operation } : {}),
          channel: state.channel,
          applicant: lookup.kind === 'person' ? { kind: 'person', iin: lookup.id } : { kind: 'organisation', bin: lookup.id },
          form: check.values,
          documents,
        });
      }
      lastSaved.current = JSON.stringify({ form: check.values, documents });
      update((current) => (current.outcome ? current : { ...current, draft: detail }));
      setSaveState({ kind: 'idle' });
      return detail;
    } catch (failure) {
      const apiError = isApiClientError(failure) ? failure : new ApiClientError({ code: 'internal' });
      setSaveState({ kind: 'error', error: { code: apiError.code, params: apiError.params } });
      throw apiError;
    }
  }, [update]);

  // Keeps the draft up to date while the employee types and ticks (only what the service would take).
  const values = intake.service ? intake.values[intake.service] : undefined;
  const draftId = intake.draft?.id ?? null;
  useEffect(() => {
    if (!draftId || intake.outcome) return;
    const timer = setTimeout(() => {
      const state = getIntake();
      if (!state.draft || state.outcome) return;
      const { check, documents } = draftPayload(state, almatyToday());
      if (!check.ok) return;
      const payload = JSON.stringify({ form: check.values, documents });
      if (payload === lastSaved.current) return;
      saveDraft().catch(() => undefined);
    }, AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [values, intake.documents, draftId, intake.outcome, saveDraft]);

  const offerDiscard = useCallback((reason: string) => {
    setSuggested(reason);
    setCancelOpen(true);
  }, []);

  const props: StepProps = { session, intake, update, catalogue, service, entry, headingRef, go, today, saveDraft, offerDiscard };

  let content;
  if (intake.outcome) content = <OutcomeView {...props} outcome={intake.outcome} />;
  else if (catalogueError) {
    content = (
      <div className="form-error" role="alert">
        {errorMessage(t, catalogueError)}
      </div>
    );
  } else {
    switch (intake.step) {
      case 'service':
        content = <ServiceStep {...props} />;
        break;
      case 'applicant':
        content = <ApplicantStep {...props} />;
        break;
      case 'form':
        content = <FormStep {...props} />;
        break;
      case 'documents':
        content = <DocumentsStep {...props} />;
        break;
      case 'attachments':
        content = <AttachmentsStep {...props} />;
        break;
      case 'signature':
        content = <SignatureStep {...props} />;
        break;
      case 'register':
        content = <RegisterStep {...props} />;
        break;
    }
  }

  const draft = intake.draft;
  const started = intake.service !== null || intake.iin !== '' || intake.bin !== '';

  return (
    <section className="page-section intake-page" aria-labelledby="page-newRequest-title">
      <h1 id="page-newRequest-title" tabIndex={-1}>
        {t('nav.newRequest')}
      </h1>
      <p className="lead">{t('intake.intro')}</p>
      <Stepper current={intake.step} finished={intake.outcome !== null} onOpen={go} />
      {!intake.outcome ? (
        <p className="draft-status" role="status">
          {saveState.kind === 'saving'
            ? t('intake.draft.saving')
            : saveState.kind === 'error'
              ? t('intake.draft.error', { error: errorMessage(t, saveState.error) })
              : draft
                ? t('intake.draft.saved', { time: formatDateTime(draft.updatedAt) })
                : t('intake.draft.none')}
        </p>
      ) : null}
      {content}
      {!intake.outcome && started ? (
        <div className="intake-cancel">
          {!cancelOpen ? (
            <button
              type="button"
              className="button small"
              onClick={() => {
                setSuggested('');
                setCancelOpen(true);
              }}
              aria-expanded={false}
            >
              {draft ? t('intake.discard.open') : t('intake.startOver.open')}
            </button>
          ) : draft ? (
            <>
              <button type="button" className="button small" onClick={() => setCancelOpen(false)} aria-expanded>
                {t('intake.discard.close')}
              </button>
              <DiscardPanel key={suggested} {...props} suggested={suggested} />
            </>
          ) : (
            <div className="notice notice-info start-over">
              <p>{t('intake.startOver.confirm')}</p>
              <div className="form-actions">
                <button
                  type="button"
                  className="button danger"
                  onClick={() => {
                    setCancelOpen(false);
                    resetIntake(session.staffId);
                    requestAnimationFrame(() => headingRef.current?.focus());
                  }}
                >
                  {t('intake.startOver.yes')}
                </button>
                <button type="button" className="button" onClick={() => setCancelOpen(false)}>
                  {t('intake.startOver.no')}
                </button>
              </div>
            </div>
          )}
        </div>
      ) : null}
    </section>
  );
}
