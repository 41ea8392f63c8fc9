// Staff management (administrators): the list, a form to register a staff member, and for one
// chosen person: roles, activate/deactivate, reset password, unlock.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { methods, type SessionInfo, type StaffMember } from '../../../shared/api/contract';
import { ROLES, type Role } from '../../../shared/domain/roles';
import { formatDateTime } from '../../../shared/format';
import { ApiClientError, call } from '../../api/client';
import { CheckboxGroup, FormError, FormSuccess, TextField } from '../../components/Field';
import { IinField } from '../../components/IinField';
import { NewPasswordFields } from '../../components/PasswordFields';
import { roleName, type ShownError } from '../../i18n';
import { useForm } from '../../forms/useForm';
import { checkForm, confirmIssue } from '../../forms/validation';

function lockedUntil(member: StaffMember): string | null {
  if (!member.lockedUntil) return null;
  return new Date(member.lockedUntil).getTime() > Date.now() ? member.lockedUntil : null;
}

export function StaffSection({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const [staff, setStaff] = useState<StaffMember[] | null>(null);
  const [loadError, setLoadError] = useState<ShownError | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const manageButtons = useRef(new Map<string, HTMLButtonElement>());

  useEffect(() => {
    let current = true;
    call('staff.list', {}).then(
      (list) => {
        if (!current) return;
        setStaff(list);
        setLoadError(null);
      },
      (error: unknown) => {
        if (current) setLoadError({ code: error instanceof ApiClientError ? error.code : 'internal' });
      },
    );
    return () => {
      current = false;
    };
  }, []);

  const replace = (member: StaffMember) =>
    setStaff((list) => (list ? list.map((m) => (m.id === member.id ? member : m)) : list));

  const selected = staff?.find((m) => m.id === selectedId) ?? null;

  const closePanel = () => {
    const id = selectedId;
    setSelectedId(null);
    if (id) requestAnimationFrame(() => manageButtons.current.get(id)?.focus());
  };

  return (
    <section className="card" aria-labelledby="staff-heading">
      <h2 id="staff-heading">{t('staff.heading')}</h2>
      <FormError error={loadError} />
      {staff === null && !loadError ? <p role="status">{t('common.loading')}</p> : null}
      {staff ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('staff.tableCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('staff.columns.iin')}</th>
                <th scope="col">{t('staff.columns.fullName')}</th>
                <th scope="col">{t('staff.columns.roles')}</th>
                <th scope="col">{t('staff.columns.active')}</th>
                <th scope="col">{t('staff.columns.lockedUntil')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('staff.columns.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {staff.map((member) => {
                const until = lockedUntil(member);
                return (
                  <tr key={member.id} className={member.id === selectedId ? "row-selected" : undefined}>
                    <td className="mono">{member.iin}</td>
                    <th scope="row">{member.fullName}</th>
                    <td>{member.roles.map((role) => roleName(t, role)).join(', ')}</td>
                    <td>
                      <span className={`badge ${member.active ? 'badge-ok' : 'badge-off'}`}>
                        {member.active ? t('staff.active') : t('staff.inactive')}
                      </span>
                    </td>
                    <td>{until ? formatDateTime(until) : <span aria-label={t('staff.notLocked')}>—</span>}</td>
                    <td>
                      <button
                        type="button"
                        className="button small"
                        ref={(el) => {
                          if (el) manageButtons.current.set(member.id, el);
                          else manageButtons.current.delete(member.id);
                        }}
                        aria-label={t('staff.manageFor', { name: member.fullName })}
                        aria-expanded={member.id === selectedId}
                        onClick={() => setSelectedId(member.id === selectedId ? null : member.id)}
                      >
                        {t('staff.manage')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {selected ? (
        <ManageStaffPanel
          key={selected.id}
          member={selected}
          isSelf={selected.id === session.staffId}
          onChanged={replace}
          onClose={closePanel}
        />
      ) : null}
      <CreateStaffForm
        onCreated={(member) => setStaff((list) => [...(list ?? []), member].sort((a, b) => a.fullName.localeCompare(b.fullName)))}
      />
    </section>
  );
}

function useRoleOptions() {
  const { t } = useTranslation();
  return ROLES.map((role) => ({ value: role, label: roleName(t, role) }));
}

function CreateStaffForm({ onCreated }: { onCreated(member: StaffMember): void }) {
  const { t } = useTranslation();
  const roleOptions = useRoleOptions();
  const form = useForm({ iin: '', fullName: '', roles: [] as Role[], password: '', confirm: '' });
  const { values, errors } = form;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const formEl = event.currentTarget as HTMLFormElement;
    const input = { iin: values.iin.trim(), fullName: values.fullName, roles: values.roles, password: values.password };
    const clientErrors = checkForm(methods['staff.create'].input, input);
    const mismatch = confirmIssue(values.password, values.confirm);
    if (mismatch) clientErrors.confirm = mismatch;
    const result = await form.submit(clientErrors, () => call('staff.create', input), formEl);
    if (result.ok) {
      onCreated(result.value);
      form.setValues({ iin: '', fullName: '', roles: [], password: '', confirm: '' });
      form.setSuccess({ key: 'staff.created', params: { name: result.value.fullName } });
    }
  };

  return (
    <section className="subsection" aria-labelledby="staff-create-heading">
      <h3 id="staff-create-heading">{t('staff.createHeading')}</h3>
      <form className="form form-grid" onSubmit={onSubmit} noValidate aria-labelledby="staff-create-heading">
        <IinField value={values.iin} onValueChange={(v) => form.set('iin', v)} issue={errors.iin} />
        <TextField
          label={t('fields.fullName')}
          value={values.fullName}
          onValueChange={(v) => form.set('fullName', v)}
          issue={errors.fullName}
          autoComplete="off"
          hint={t('fullName.hint')}
        />
        <CheckboxGroup
          legend={t('fields.roles')}
          options={roleOptions}
          selected={values.roles}
          onChange={(roles) => form.set('roles', roles)}
          issue={errors.roles}
        />
        <NewPasswordFields
          password={values.password}
          confirm={values.confirm}
          onPassword={(v) => form.set('password', v)}
          onConfirm={(v) => form.set('confirm', v)}
          passwordIssue={errors.password}
          confirmIssue={errors.confirm}
          passwordLabel={t('fields.initialPassword')}
        />
        <FormError error={form.formError} />
        <FormSuccess note={form.success} />
        <div className="form-actions">
          <button type="submit" className="button primary" aria-disabled={form.busy || undefined}>
            {t('staff.create')}
          </button>
        </div>
      </form>
    </section>
  );
}

function ManageStaffPanel({
  member,
  isSelf,
  onChanged,
  onClose,
}: {
  member: StaffMember;
  isSelf: boolean;
  onChanged(member: StaffMember): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const roleOptions = useRoleOptions();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const rolesForm = useForm({ roles: member.roles });
  const passwordForm = useForm({ password: '', confirm: '' });
  const actions = useForm({});
  const until = lockedUntil(member);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const saveRoles = async (event: FormEvent) => {
    event.preventDefault();
    const formEl = event.currentTarget as HTMLFormElement;
    const input = { staffId: member.id, roles: rolesForm.values.roles };
    const result = await rolesForm.submit(checkForm(methods['staff.setRoles'].input, input), () => call('staff.setRoles', input), formEl);
    if (result.ok) {
      onChanged(result.value);
      rolesForm.setSuccess({ key: 'staff.rolesSaved' });
    }
  };

  const resetPassword = async (event: FormEvent) => {
    event.preventDefault();
    const formEl = event.currentTarget as HTMLFormElement;
    const input = { staffId: member.id, password: passwordForm.values.password };
    const clientErrors = checkForm(methods['staff.resetPassword'].input, input);
    const mismatch = confirmIssue(passwordForm.values.password, passwordForm.values.confirm);
    if (mismatch) clientErrors.confirm = mismatch;
    const result = await passwordForm.submit(clientErrors, () => call('staff.resetPassword', input), formEl);
    if (result.ok) {
      onChanged(result.value);
      passwordForm.setValues({ password: '', confirm: '' });
      passwordForm.setSuccess({ key: 'staff.passwordReset' });
    }
  };

  const setActive = async (active: boolean) => {
    const result = await actions.submit({}, () => call('staff.setActive', { staffId: member.id, active }));
    if (result.ok) {
      onChanged(result.value);
      actions.setSuccess({ key: active ? 'staff.activated' : 'staff.deactivated' });
    }
  };

  const unlock = async () => {
    const result = await actions.submit({}, () => call('staff.unlock', { staffId: member.id }));
    if (result.ok) {
      onChanged(result.value);
      actions.setSuccess({ key: 'staff.unlocked' });
    }
  };

  return (
    <section className="subsection manage-panel" aria-labelledby="staff-manage-heading">
      <div className="panel-header">
        <h3 id="staff-manage-heading" ref={headingRef} tabIndex={-1}>
          {t('staff.manageHeading', { name: member.fullName, iin: member.iin })}
        </h3>
        <button type="button" className="button small" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>

      <form className="form" onSubmit={saveRoles} noValidate aria-label={t('staff.rolesFormLabel')}>
        <CheckboxGroup
          legend={t('fields.roles')}
          options={roleOptions}
          selected={rolesForm.values.roles}
          onChange={(roles) => rolesForm.set('roles', roles)}
          issue={rolesForm.errors.roles}
        />
        <FormError error={rolesForm.formError} />
        <FormSuccess note={rolesForm.success} />
        <div className="form-actions">
          <button type="submit" className="button primary" aria-disabled={rolesForm.busy || undefined}>
            {t('staff.saveRoles')}
          </button>
        </div>
      </form>

      <div className="account-actions">
        <h4>{t('staff.accountHeading')}</h4>
        <p>
          {member.active ? t('staff.isActive') : t('staff.isInactive')}{' '}
          {until ? t('staff.isLocked', { until: formatDateTime(until) }) : null}
        </p>
        <div className="form-actions">
          {member.active ? (
            isSelf ? (
              <p className="muted">{t('staff.cannotDeactivateSelf')}</p>
            ) : (
              <button type="button" className="button danger" onClick={() => void setActive(false)}>
                {t('staff.deactivate')}
              </button>
            )
          ) : (
            <button type="button" className="button" onClick={() => void setActive(true)}>
              {t('staff.activate')}
            </button>
          )}
          {until ? (
            <button type="button" className="button" onClick={() => void unlock()}>
              {t('staff.unlock')}
            </button>
          ) : null}
        </div>
        <FormError error={actions.formError} />
        <FormSuccess note={actions.success} />
      </div>

      <form className="form" onSubmit={resetPassword} noValidate aria-label={t('staff.resetHeading')}>
        <h4>{t('staff.resetHeading')}</h4>
        <NewPasswordFields
          password={passwordForm.values.password}
          confirm={passwordForm.values.confirm}
          onPassword={(v) => passwordForm.set('password', v)}
          onConfirm={(v) => passwordForm.set('confirm', v)}
          passwordIssue={passwordForm.errors.password}
          confirmIssue={passwordForm.errors.confirm}
        />
        <FormError error={passwordForm.formError} />
        <FormSuccess note={passwordForm.success} />
        <div className="form-actions">
          <button type="submit" className="button" aria-disabled={passwordForm.busy || undefined}>
            {t('staff.resetPassword')}
          </button>
        </div>
      </form>
    </section>
  );
}
