// The actions on a request: exactly those the main process says this person may take now (the
// lifecycle's allowedActions for the state and the person's roles on this service), each with the
// inputs the state machine requires of it — a reason, a new deadline, an assignee, the payment fact.
// "Take into work" assigns the request to oneself and starts the review in one step.
//
// The result and the reasoned refusal are signed documents, and issuing is their delivery: those
// three steps live in the documents section (DocumentsSection), not here. A counter registration is
// valid only with the employee's electronic signature: once the inputs pass their checks, the
// signing dialog signs exactly that decision, and the registration is sent with the signature's
// reference — the main process records both together, or neither.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo, StaffMember } from '../../../shared/api/contract';
import type { FieldIssue } from '../../../shared/api/errors';
import { serviceByCode } from '../../../shared/catalogue';
import { hasRole } from '../../../shared/domain/roles';
import type { RequestDetail } from '../../../shared/requests/api';
import { actionDefinition, ACTION_NAMES, REASON_MAX, type ActionName } from '../../../shared/requests/lifecycle';
import { call } from '../../api/client';
import { SignDialog } from '../../components/SignDialog';
import { FormError, TextField } from '../../components/Field';
import { useForm } from '../../forms/useForm';
import type { FieldErrors } from '../../forms/validation';
import { issueMessage } from '../../i18n';
import { parseDisplayDate } from '../registry/format';

const OPEN_STATES = ['registered', 'in_review', 'returned_for_correction'];
/** Actions taken with one press: they need nothing but the decision. */
const DIRECT: readonly ActionName[] = ['take_into_review', 'resubmit'];
/** Actions that end the request or undo work: shown as such. */
const DANGER: readonly ActionName[] = ['discard', 'withdraw'];
/** Taken in the documents section: the result and the refusal are signed documents, and a delivery issues the result. */
const DOCUMENT_ACTIONS: readonly ActionName[] = ['mark_result_ready', 'refuse', 'issue'];

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

interface Values extends Record<string, unknown> {
  reason: string;
  newDeadline: string;
  newDeadlineTime: string;
  assigneeId: string;
  paymentRef: string;
}

const EMPTY: Values = { reason: '', newDeadline: '', newDeadlineTime: '18:00', assigneeId: '', paymentRef: '' };

function needs(action: ActionName) {
  const requires = actionDefinition(action)?.requires ?? [];
  return {
    reason: requires.includes('reason'),
    signature: requires.includes('signature'),
    newDeadline: requires.includes('new_deadline'),
    assignee: requires.includes('assignee'),
    payment: requires.includes('payment'),
  };
}

export function ActionsPanel({
  detail,
  session,
  onChanged,
  onReload,
  setEscapeHandler,
}: {
  detail: RequestDetail;
  session: SessionInfo;
  onChanged(detail: RequestDetail): void;
  onReload(): void;
  setEscapeHandler(handler: (() => boolean) | null): void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const openerRefs = useRef(new Map<ActionName, HTMLButtonElement>());
  const [active, setActive] = useState<ActionName | null>(null);
  const [done, setDone] = useState<{ key: string; params?: Record<string, string> } | null>(null);
  const [staff, setStaff] = useState<StaffMember[] | null>(null);
  /** A registration waiting for its signature: what is signed, and how it is then sent. */
  const [signing, setSigning] = useState<{
    action: 'register';
    decision: { paymentRef?: string };
    send: (signatureRef: string) => Promise<RequestDetail>;
  } | null>(null);
  const form = useForm<Values>(EMPTY);
  const service = serviceByCode(detail.service);
  const isAdmin = hasRole(session.roles, 'administrator');

  const allowed = ACTION_NAMES.filter((action) => detail.allowedActions.includes(action) && !DOCUMENT_ACTIONS.includes(action));
  const open = OPEN_STATES.includes(detail.state);
  const canTake =
    open &&
    (detail.state === 'registered' || detail.assignee?.id !== session.staffId) &&
    (allowed.includes('assign') || allowed.includes('take_into_review'));
  const choices = allowed.filter((action) => action !== 'take_into_review' || !canTake);

  // Only administrators see the staff list: others assign to themselves.
  useEffect(() => {
    if (active !== 'assign' || !isAdmin || staff) return;
    call('staff.list', {}).then(setStaff, () => undefined);
  }, [active, isAdmin, staff]);

  const close = (focusOpener = true) => {
    const was = active;
    setActive(null);
    form.setValues(EMPTY);
    form.setErrors({});
    form.setFormError(null);
    if (focusOpener && was) requestAnimationFrame(() => openerRefs.current.get(was)?.focus());
  };

  useEffect(() => {
    setEscapeHandler(
      active
        ? () => {
            close();
            return true;
          }
        : null,
    );
    return () => setEscapeHandler(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- close reads the current state
  }, [active]);

  const succeeded = (next: RequestDetail, action: ActionName | 'take') => {
    onChanged(next);
    setActive(null);
    form.setValues(EMPTY);
    setDone({ key: action === 'take' ? 'request.done.take' : 'request.done.action', params: { action: t(`request.actions.${action === 'take' ? 'take' : action}`) } });
    requestAnimationFrame(() => headingRef.current?.focus());
  };

  const take = async () => {
    setDone(null);
    const result = await form.submit({}, () => call('requests.take', { requestId: detail.id }));
    if (result.ok) succeeded(result.value, 'take');
    else if (result.error?.code === 'request_state') onReload();
  };

  const direct = async (action: ActionName) => {
    setDone(null);
    setActive(null);
    const result = await form.submit({}, () =>
      call('requests.transition', { requestId: detail.id, action: action as Exclude<ActionName, 'register'> }),
    );
    if (result.ok) succeeded(result.value, action);
    else if (result.error?.code === 'request_state') onReload();
  };

  const choose = (action: ActionName) => {
    setDone(null);
    if (DIRECT.includes(action)) {
      void direct(action);
      return;
    }
    form.setValues({ ...EMPTY, assigneeId: action === 'assign' ? session.staffId : '' });
    form.setErrors({});
    form.setFormError(null);
    setActive(action);
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('input, select, textarea, button[type="submit"]')?.focus());
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!active) return;
    const need = needs(active);
    const values = form.values;
    const errors: FieldErrors = {};
    const reason = values.reason.trim();
    if (need.reason && !reason) errors.reason = { path: 'reason', code: 'required' };
    if (reason.length > REASON_MAX) errors.reason = { path: 'reason', code: 'too_long', params: { max: REASON_MAX } };
    let newDeadline: string | undefined;
    if (need.newDeadline) {
      const date = values.newDeadline.trim() ? parseDisplayDate(values.newDeadline) : null;
      const time = TIME.exec(values.newDeadlineTime.trim());
      if (!values.newDeadline.trim()) errors.newDeadline = { path: 'newDeadline', code: 'required' };
      else if (!date) errors.newDeadline = { path: 'newDeadline', code: 'date.format' };
      else if (!time) errors.newDeadlineTime = { path: 'newDeadlineTime', code: 'bad_format' };
      // Almaty time: UTC+5 throughout the country.
      else newDeadline = `${date}T${time[1]}:${time[2]}:00+05:00`;
    }
    if (need.assignee && !values.assigneeId) errors.assigneeId = { path: 'assigneeId', code: 'required' };
    const paid = active === 'register' && service?.payment.required;
    if (paid && !values.paymentRef.trim()) errors.paymentRef = { path: 'paymentRef', code: 'required' };

    const action = active;
    const send = (signatureRef?: string) =>
      action === 'register'
        ? call('requests.register', {
            requestId: detail.id,
            ...(paid ? { paymentRef: values.paymentRef.trim() } : {}),
            ...(signatureRef ? { signatureRef } : {}),
          })
        : call('requests.transition', {
            requestId: detail.id,
            action,
            ...(reason ? { reason } : {}),
            ...(newDeadline ? { newDeadline } : {}),
            ...(need.assignee ? { assigneeId: values.assigneeId } : {}),
            ...(signatureRef ? { signatureRef } : {}),
          });
    // A counter registration is signed by the employee.
    if (action === 'register' && detail.channel === 'walk_in' && Object.keys(errors).length === 0) {
      setSigning({
        action,
        decision: paid ? { paymentRef: values.paymentRef.trim() } : {},
        send: (signatureRef) => send(signatureRef),
      });
      return;
    }
    const result = await form.submit(errors, () => send(), formRef.current);
    if (result.ok) succeeded(result.value, action);
    else if (result.error?.code === 'request_state') onReload();
  };

  const onSigned = async (signatureRef: string) => {
    const pending = signing;
    setSigning(null);
    if (!pending) return;
    const result = await form.submit({}, () => pending.send(signatureRef), formRef.current);
    if (result.ok) succeeded(result.value, pending.action);
    else if (result.error?.code === 'request_state') onReload();
  };

  const eligibleStaff = (staff ?? []).filter(
    (member) =>
      member.active &&
      member.id !== session.staffId &&
      member.roles.some((role) => role === 'authorised_signer' || (service?.roles ?? []).includes(role)),
  );
  const need = active ? needs(active) : null;
  const signatureNoteId = `${headingId}-signature`;

  return (
    <section className="card request-actions" aria-labelledby={headingId}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        {t('request.actionsHeading')}
      </h2>
      <div className={done ? 'form-success' : 'visually-hidden'} role="status">
        {done ? t(done.key, done.params ?? {}) : null}
      </div>
      {allowed.length === 0 && !canTake ? <p className="muted">{t('request.noActions')}</p> : null}
      <div className="action-buttons">
        {canTake ? (
          <button
            type="button"
            className="button primary"
            aria-disabled={form.busy || undefined}
            onClick={() => void take()}
          >
            {t('request.actions.take')}
          </button>
        ) : null}
        {choices.map((action) => {
          const signature = needs(action).signature;
          return (
            <button
              key={action}
              ref={(element) => {
                if (element) openerRefs.current.set(action, element);
                else openerRefs.current.delete(action);
              }}
              type="button"
              className={`button${DANGER.includes(action) ? ' danger' : ''}`}
              aria-expanded={DIRECT.includes(action) ? undefined : active === action}
              aria-disabled={form.busy || undefined}
              onClick={() => (active === action ? close() : choose(action))}
            >
              {t(`request.actions.${action}`)}
              {signature ? ' ' : null}
              {signature ? <span className="badge badge-warn">{t('request.signature.tag')}</span> : null}
            </button>
          );
        })}
      </div>
      {!active ? <FormError error={form.formError} /> : null}

      {active && need ? (
        <form
          ref={formRef}
          className="form action-form"
          onSubmit={submit}
          noValidate
          aria-label={t(`request.actions.${active}`)}
        >
          <h3>{t(`request.actions.${active}`)}</h3>
          <p className="field-hint">{t(`request.actionHelp.${active}`)}</p>
          {need.signature ? (
            <div className="notice notice-info" id={signatureNoteId}>
              <p className="notice-title">{t('request.signature.title')}</p>
              <p>{t('request.signature.body')}</p>
            </div>
          ) : null}
          {active === 'register' && service?.payment.required ? (
            <TextField
              label={t('request.inputs.paymentRef')}
              value={form.values.paymentRef}
              onValueChange={(value) => form.set('paymentRef', value)}
              issue={form.errors.paymentRef}
              hint={t('request.inputs.paymentRefHint')}
              maxLength={200}
              autoComplete="off"
            />
          ) : null}
          {need.newDeadline ? (
            <div className="form-row">
              <TextField
                label={t('request.inputs.newDeadline')}
                value={form.values.newDeadline}
                onValueChange={(value) => form.set('newDeadline', value)}
                issue={form.errors.newDeadline}
                hint={t('request.inputs.newDeadlineHint')}
                inputMode="numeric"
                maxLength={10}
                autoComplete="off"
                className="field-date"
              />
              <TextField
                label={t('request.inputs.newDeadlineTime')}
                value={form.values.newDeadlineTime}
                onValueChange={(value) => form.set('newDeadlineTime', value)}
                issue={form.errors.newDeadlineTime}
                hint={t('request.inputs.timeHint')}
                inputMode="numeric"
                maxLength={5}
                autoComplete="off"
                className="field-time"
              />
            </div>
          ) : null}
          {need.assignee ? (
            <>
              <SelectField
                label={t('request.inputs.assignee')}
                value={form.values.assigneeId}
                onChange={(value) => form.set('assigneeId', value)}
                issue={form.errors.assigneeId}
                options={[
                  { value: session.staffId, label: t('request.inputs.assignMe', { name: session.fullName }) },
                  ...eligibleStaff.map((member) => ({ value: member.id, label: member.fullName })),
                ]}
              />
              {!isAdmin ? <p className="field-hint">{t('request.inputs.assigneeOthers')}</p> : null}
            </>
          ) : null}
          {need.reason ? (
            <TextAreaField
              label={t('request.inputs.reason')}
              value={form.values.reason}
              onChange={(value) => form.set('reason', value)}
              issue={form.errors.reason}
              maxLength={REASON_MAX}
            />
          ) : null}
          <FormError error={form.formError} />
          <div className="form-actions">
            <button
              type="submit"
              className={`button ${DANGER.includes(active) ? 'danger' : 'primary'}`}
              aria-disabled={form.busy || undefined}
              aria-describedby={need.signature ? signatureNoteId : undefined}
            >
              {t('request.confirm', { action: t(`request.actions.${active}`) })}
            </button>
            <button type="button" className="button" onClick={() => close()}>
              {t('request.cancel')} <kbd aria-hidden="true">Esc</kbd>
            </button>
          </div>
        </form>
      ) : null}
      {signing ? (
        <SignDialog
          requestId={detail.id}
          action={signing.action}
          decision={signing.decision}
          onSigned={({ signatureRef }) => void onSigned(signatureRef)}
          onCancel={() => setSigning(null)}
        />
      ) : null}
    </section>
  );
}

function SelectField({
  label,
  value,
  onChange,
  options,
  issue,
  placeholder,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  options: Array<{ value: string; label: string }>;
  issue?: FieldIssue | undefined;
  placeholder?: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={issue ? true : undefined}
        aria-describedby={issue ? `${id}-error` : undefined}
      >
        {placeholder ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {issue ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {issueMessage(t, issue)}
        </p>
      ) : null}
    </div>
  );
}

function TextAreaField({
  label,
  value,
  onChange,
  issue,
  maxLength,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  issue?: FieldIssue | undefined;
  maxLength: number;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        value={value}
        rows={3}
        maxLength={maxLength}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={issue ? true : undefined}
        aria-describedby={issue ? `${id}-error` : undefined}
      />
      {issue ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {issueMessage(t, issue)}
        </p>
      ) : null}
    </div>
  );
}
