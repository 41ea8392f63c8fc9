// The central server: whether it answers, where it is, the provider code and the last contact; for
// administrators also enrolment with a (new) central server by its address and a one-time code.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { methods, type ServerStatus } from '../../../shared/api/contract';
import { formatDateTime } from '../../../shared/format';
import { ApiClientError, call } from '../../api/client';
import { FormError, FormSuccess, TextField } from '../../components/Field';
import { useForm } from '../../forms/useForm';
import { checkForm } from '../../forms/validation';
import type { ShownError } from '../../i18n';
import { useAppSelector } from '../../store';

export function CentralServerSection({ isAdmin }: { isAdmin: boolean }) {
  const { t } = useTranslation();
  const connectivity = useAppSelector((state) => state.station.status?.connectivity);
  const [status, setStatus] = useState<ServerStatus | null>(null);
  const [error, setError] = useState<ShownError | null>(null);

  const load = useCallback(async () => {
    try {
      setStatus(await call('server.status', {}));
      setError(null);
    } catch (e) {
      setError({ code: e instanceof ApiClientError ? e.code : 'internal' });
    }
  }, []);

  // Again whenever the status bar's state changes, so that the section never says otherwise.
  useEffect(() => {
    let current = true;
    call('server.status', {}).then(
      (next) => {
        if (!current) return;
        setStatus(next);
        setError(null);
      },
      (e: unknown) => {
        if (current) setError({ code: e instanceof ApiClientError ? e.code : 'internal' });
      },
    );
    return () => {
      current = false;
    };
  }, [connectivity]);

  return (
    <section className="card" aria-labelledby="settings-server">
      <h2 id="settings-server">{t('server.heading')}</h2>
      <p className="muted">{t('server.help')}</p>
      <FormError error={error} />
      {status ? (
        <dl className="facts server-facts">
          <div>
            <dt>{t('server.connectivity')}</dt>
            <dd>
              <span className={`state-badge state-${status.connectivity}`}>
                <span className="dot" aria-hidden="true" /> {t(`status.connectivity.${status.connectivity}`)}
              </span>
            </dd>
          </div>
          <div>
            <dt>{t('server.url')}</dt>
            <dd className="mono">{status.serverUrl ?? t('server.none')}</dd>
          </div>
          <div>
            <dt>{t('server.provider')}</dt>
            <dd className="mono">{status.providerCode ?? t('server.none')}</dd>
          </div>
          <div>
            <dt>{t('server.lastContact')}</dt>
            <dd>{status.lastContactAt ? formatDateTime(status.lastContactAt) : t('server.noContact')}</dd>
          </div>
        </dl>
      ) : error ? null : (
        <p role="status">{t('common.loading')}</p>
      )}
      <div className="form-actions">
        <button type="button" className="button" onClick={() => void load()}>
          {t('server.refresh')}
        </button>
      </div>
      {isAdmin ? <EnrolForm onEnrolled={setStatus} /> : <p className="muted">{t('server.adminOnly')}</p>}
    </section>
  );
}

function EnrolForm({ onEnrolled }: { onEnrolled(status: ServerStatus): void }) {
  const { t } = useTranslation();
  const form = useForm({ serverUrl: '', code: '', name: '' });
  const { values, errors } = form;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const formEl = event.currentTarget as HTMLFormElement;
    const input = { serverUrl: values.serverUrl.trim(), code: values.code.trim(), name: values.name.trim() };
    const clientErrors = checkForm(methods['server.enrol'].input, input);
    const result = await form.submit(clientErrors, () => call('server.enrol', input), formEl);
    if (result.ok) {
      onEnrolled(result.value);
      form.setValues({ serverUrl: '', code: '', name: '' });
      form.setSuccess({ key: 'server.enrolled', params: { provider: result.value.providerCode ?? '—' } });
    }
  };

  return (
    <section className="subsection" aria-labelledby="server-enrol-heading">
      <h3 id="server-enrol-heading">{t('server.enrolHeading')}</h3>
      <p className="muted">{t('server.enrolHelp')}</p>
      <form className="form" onSubmit={onSubmit} noValidate aria-labelledby="server-enrol-heading">
        <TextField
          label={t('server.fields.serverUrl')}
          value={values.serverUrl}
          onValueChange={(v) => form.set('serverUrl', v)}
          issue={errors.serverUrl}
          hint={t('server.serverUrlHint')}
          type="url"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          maxLength={300}
        />
        <TextField
          label={t('server.fields.code')}
          value={values.code}
          onValueChange={(v) => form.set('code', v)}
          issue={errors.code}
          hint={t('server.codeHint')}
          autoComplete="off"
          spellCheck={false}
          maxLength={40}
        />
        <TextField
          label={t('server.fields.name')}
          value={values.name}
          onValueChange={(v) => form.set('name', v)}
          issue={errors.name}
          hint={t('server.nameHint')}
          autoComplete="off"
          maxLength={100}
        />
        <FormError error={form.formError} />
        <FormSuccess note={form.success} />
        <div className="form-actions">
          <button type="submit" className="button primary" aria-disabled={form.busy || undefined}>
            {t('server.enrol')}
          </button>
        </div>
        <div role="status" className={form.busy ? 'busy-note' : 'visually-hidden'}>
          {form.busy ? t('server.enrolling') : null}
        </div>
      </form>
    </section>
  );
}
