// Steps 6–7. The employee's ЭЦҚ signature over the request and its registration: at the counter the
// request is signed and registered in one go ("Sign and register": the signing dialog, then the
// registration with that signature — the number comes only after a signature that was made and
// checked); requests from a public service centre or by telephone are registered without the
// employee's signature. Registration gives a number — for a paid service only with
// the payment reference, as the regulations check the payment before registering; with a mandatory
// document not presented only with the employee's reason for registering without it, which the
// request store records in the history together with the documents that were missing.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { channelName } from '../../../shared/catalogue';
import type { FieldIssue } from '../../../shared/api/errors';
import {
  MISSING_DOCUMENTS_REASON_MAX,
  MISSING_DOCUMENTS_REASON_MIN,
  missingDocumentsReasonSchema,
} from '../../../shared/requests/api';
import { toFieldIssues } from '../../../shared/validation';
import { call, isApiClientError } from '../../api/client';
import { SignDialog } from '../../components/SignDialog';
import { issueMessage, type ShownError } from '../../i18n';
import type { StepProps } from './context';
import { InputField, TextAreaField } from './controls';
import { StepFrame } from './frame';
import { applicantBirthDate, checklist, checkServiceForm, emptyValues, localised, missingDocuments } from './model';
import { applicantLine, TermText } from './summary';

export function SignatureStep({ intake, headingRef, go }: StepProps) {
  const { t } = useTranslation();
  const atCounter = intake.channel === 'walk_in';
  return (
    <StepFrame step="signature" headingRef={headingRef} onNext={() => go('register')} onBack={() => go('attachments')}>
      {atCounter ? (
        <>
          <div className="unsigned-state" role="note" aria-label={t('intake.signature.stateLabel')}>
            <span className="badge badge-unsigned unsigned-big">{t('intake.signature.badge')}</span>
            <p className="unsigned-title">{t('intake.signature.counterTitle')}</p>
          </div>
          <p>{t('intake.signature.counterExplain')}</p>
        </>
      ) : (
        <div className="notice notice-info" role="note" aria-label={t('intake.signature.stateLabel')}>
          <p className="notice-title">{t('intake.signature.notNeededTitle')}</p>
          <p>{t('intake.signature.notNeeded')}</p>
        </div>
      )}
    </StepFrame>
  );
}

/** The reason for registering without the missing documents, checked as the service checks it. */
function reasonIssue(reason: string): FieldIssue | null {
  if (!reason.trim()) return { path: 'missingDocumentsReason', code: 'required' };
  const parsed = missingDocumentsReasonSchema.safeParse(reason);
  const issue = parsed.success ? undefined : toFieldIssues(parsed.error, reason)[0];
  return issue ? { ...issue, path: 'missingDocumentsReason' } : null;
}

export function RegisterStep({ intake, update, service, entry, headingRef, go, saveDraft, today }: StepProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const missingHeadingId = useId();
  const [error, setError] = useState<ShownError | null>(null);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [busy, setBusy] = useState(false);
  // What the registration sends — and, at the counter, what the employee signs: the same values.
  const [signing, setSigning] = useState<{ requestId: string; paymentRef?: string; missingDocumentsReason?: string } | null>(null);
  if (!service || !entry) return null;
  const paid = service.payment.required;
  const paymentIssue = issues.find((issue) => issue.path === 'paymentRef');
  const reasonProblem = issues.find((issue) => issue.path === 'missingDocumentsReason');
  const documentIssues = issues.filter((issue) => issue.path.startsWith('documents'));
  const formIssues = issues.filter((issue) => issue.path.startsWith('form'));
  const operation = service.operations?.find((op) => op.code === intake.operation);
  const presentedCount = Object.values(intake.documents).filter((mark) => mark.presented).length;

  // The mandatory documents not presented: as the checklist judges them here, and any the request
  // store named when it refused (its judgement is the one that counts).
  const values = checkServiceForm(service, intake.operation, intake.values[service.code] ?? emptyValues(service), today).values;
  const birthDate = applicantBirthDate(intake.lookup && intake.lookup.kind === 'person' ? { kind: 'person', id: intake.lookup.id } : null);
  const items = checklist(service, intake.channel, { values, operation: intake.operation, birthDate, today });
  const missingCodes = [
    ...new Set([
      ...missingDocuments(items, intake.documents).map((item) => item.document.code),
      ...documentIssues.filter((issue) => issue.code === 'request.document_required').map((issue) => issue.path.slice('documents.'.length)),
    ]),
  ];
  const missingNames = missingCodes.map((code) => {
    const document = service.documents.find((candidate) => candidate.code === code);
    return document ? localised(document.names, language) : code;
  });

  const atCounter = intake.channel === 'walk_in';

  const register = async () => {
    const paymentRef = intake.paymentRef.trim();
    const local: FieldIssue[] = [];
    if (paid && !paymentRef) local.push({ path: 'paymentRef', code: 'required' });
    const reason = missingCodes.length ? reasonIssue(intake.missingReason) : null;
    if (reason) local.push(reason);
    if (local.length) {
      setIssues([...local, ...documentIssues]);
      setError({ code: paid && !paymentRef ? 'payment_required' : 'invalid_input' });
      requestAnimationFrame(() =>
        document.querySelector<HTMLElement>('.intake-step-register input[aria-invalid="true"], .intake-step-register textarea[aria-invalid="true"]')?.focus(),
      );
      return;
    }
    setBusy(true);
    setError(null);
    setIssues([]);
    try {
      const draft = await saveDraft();
      const decision = {
        requestId: draft.id,
        ...(paid ? { paymentRef } : {}),
        ...(missingCodes.length ? { missingDocumentsReason: intake.missingReason.trim() } : {}),
      };
      if (atCounter) setSigning(decision);
      else await finish(decision);
    } catch (failure) {
      showFailure(failure);
    } finally {
      setBusy(false);
    }
  };

  const finish = async (decision: { requestId: string; paymentRef?: string; missingDocumentsReason?: string }, signatureRef?: string) => {
    const request = await call('requests.register', { ...decision, ...(signatureRef ? { signatureRef } : {}) });
    update((current) => ({ ...current, draft: null, outcome: { kind: 'registered', request } }));
  };

  const showFailure = (failure: unknown) => {
    const apiError = isApiClientError(failure) ? failure : null;
    setIssues(apiError?.issues ?? []);
    setError({ code: apiError?.code ?? 'internal', params: apiError?.params ?? {} });
  };

  const onSigned = async ({ signatureRef }: { signatureRef: string }) => {
    const decision = signing;
    setSigning(null);
    if (!decision) return;
    setBusy(true);
    try {
      await finish(decision, signatureRef);
    } catch (failure) {
      showFailure(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <StepFrame
      step="register"
      headingRef={headingRef}
      onNext={register}
      onBack={() => go('signature')}
      nextLabel={t(atCounter ? 'intake.register.signAndSubmit' : 'intake.register.submit')}
      busy={busy}
      busyNote={t('intake.register.busy')}
      error={error}
    >
      <p>{t('intake.register.intro')}</p>
      <dl className="summary-list">
        <div>
          <dt>{t('intake.summary.service')}</dt>
          <dd>
            {localised(service.names, language)}
            {operation ? ` — ${localised(operation.names, language)}` : ''}
          </dd>
        </div>
        <div>
          <dt>{t('intake.summary.channel')}</dt>
          <dd>{localised(channelName(intake.channel), language)}</dd>
        </div>
        <div>
          <dt>{t('intake.summary.applicant')}</dt>
          <dd>{applicantLine(t as never, intake.lookup, language)}</dd>
        </div>
        <div>
          <dt>{t('intake.summary.documents')}</dt>
          <dd>{t('intake.summary.documentsCount', { n: presentedCount })}</dd>
        </div>
        <div>
          <dt>{t('intake.summary.term')}</dt>
          <dd>
            <TermText entry={entry} channel={intake.channel} operation={intake.operation} />
          </dd>
        </div>
        <div>
          <dt>{t('intake.summary.signature')}</dt>
          <dd>
            {atCounter ? (
              <>
                <span className="badge badge-unsigned">{t('intake.signature.badge')}</span> {t('intake.register.signedAtRegistration')}
              </>
            ) : (
              t('intake.register.notNeededNote')
            )}
          </dd>
        </div>
      </dl>

      {paid ? (
        <div className="payment-box">
          <p className="notice-title">{t('intake.register.paymentTitle')}</p>
          <p>{t('intake.register.paymentExplain')}</p>
          <InputField
            label={t('intake.register.paymentLabel')}
            required
            value={intake.paymentRef}
            onValueChange={(value) => {
              update((current) => ({ ...current, paymentRef: value }));
              setIssues((current) => current.filter((issue) => issue.path !== 'paymentRef'));
            }}
            hint={t('intake.register.paymentHint')}
            error={paymentIssue ? issueMessage(t, paymentIssue) : undefined}
            maxLength={200}
            autoComplete="off"
            spellCheck={false}
          />
        </div>
      ) : null}

      {missingCodes.length ? (
        <section className="missing-box" aria-labelledby={missingHeadingId}>
          <h3 id={missingHeadingId} className="notice-title">
            {t('intake.register.missingTitle')}
          </h3>
          {documentIssues.length ? <p role="alert">{t('intake.register.documentsRefused')}</p> : null}
          <ul className="plain-list">
            {missingNames.map((name) => (
              <li key={name}>{name}</li>
            ))}
          </ul>
          <p>{t('intake.register.missingExplain')}</p>
          <TextAreaField
            label={t('intake.register.missingReasonLabel')}
            required
            value={intake.missingReason}
            onValueChange={(value) => {
              update((current) => ({ ...current, missingReason: value }));
              setIssues((current) => current.filter((issue) => issue.path !== 'missingDocumentsReason'));
            }}
            hint={t('intake.register.missingReasonHint', { min: MISSING_DOCUMENTS_REASON_MIN, max: MISSING_DOCUMENTS_REASON_MAX })}
            error={reasonProblem ? issueMessage(t, reasonProblem) : undefined}
            maxLength={MISSING_DOCUMENTS_REASON_MAX}
          />
          <div className="form-actions">
            <button type="button" className="button small" onClick={() => go('documents')}>
              {t('intake.register.toDocuments')}
            </button>
          </div>
        </section>
      ) : null}
      {formIssues.length ? (
        <div className="notice notice-info" role="alert">
          <p>{t('intake.register.formRefused')}</p>
          <button type="button" className="button small" onClick={() => go('form')}>
            {t('intake.register.toForm')}
          </button>
        </div>
      ) : null}
      {signing ? (
        <SignDialog
          requestId={signing.requestId}
          action="register"
          decision={{
            ...(signing.paymentRef ? { paymentRef: signing.paymentRef } : {}),
            ...(signing.missingDocumentsReason ? { missingDocumentsReason: signing.missingDocumentsReason } : {}),
          }}
          onSigned={(result) => void onSigned(result)}
          onCancel={() => setSigning(null)}
        />
      ) : null}
    </StepFrame>
  );
}
