// Settings → Service provider (administrators): what the issued documents say about the provider — its
// BIN, name, city and address in Kazakh and Russian, phone, and the authorised signer's position under
// the signature — next to the provider code the workstation got at enrolment and the verification
// address its QR codes carry. Until the name is filled in, no document can be issued.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../../../shared/api/errors';
import type { Bilingual, ProviderProfile } from '../../../shared/documents';
import { providerProfileSchema } from '../../../shared/documents-api';
import { binSchema, toFieldIssues } from '../../../shared/validation';
import { ApiClientError, call } from '../../api/client';
import { BinField } from '../../components/BinField';
import { FormError, FormSuccess, TextField } from '../../components/Field';
import type { Note } from '../../forms/useForm';
import { checkValue, focusFirstInvalid } from '../../forms/validation';
import type { ShownError } from '../../i18n';
import { useAppSelector } from '../../store';
import { Tech } from '../../signing/Tech';
import './provider-profile.css';

type PairField = 'name' | 'city' | 'address' | 'signerPosition';
const PAIRS: readonly PairField[] = ['name', 'city', 'address', 'signerPosition'];
const REQUIRED: ReadonlySet<PairField> = new Set(['name']);

interface Values {
  bin: string;
  phone: string;
  pairs: Record<PairField, Bilingual>;
}

const EMPTY: Values = {
  bin: '',
  phone: '',
  pairs: { name: { kk: '', ru: '' }, city: { kk: '', ru: '' }, address: { kk: '', ru: '' }, signerPosition: { kk: '', ru: '' } },
};

function fromProfile(profile: ProviderProfile | null): Values {
  if (!profile) return EMPTY;
  return {
    bin: profile.bin ?? '',
    phone: profile.phone ?? '',
    pairs: {
      name: profile.name,
      city: profile.city ?? { kk: '', ru: '' },
      address: profile.address ?? { kk: '', ru: '' },
      signerPosition: profile.signerPosition ?? { kk: '', ru: '' },
    },
  };
}

/** The profile the values stand for: an optional pair left empty in both languages is null. */
function toProfile(values: Values): ProviderProfile {
  const pair = (field: PairField): Bilingual | null => {
    const kk = values.pairs[field].kk.trim();
    const ru = values.pairs[field].ru.trim();
    return !REQUIRED.has(field) && !kk && !ru ? null : { kk, ru };
  };
  return {
    bin: values.bin.trim() || null,
    name: pair('name') ?? { kk: '', ru: '' },
    city: pair('city'),
    address: pair('address'),
    phone: values.phone.trim() || null,
    signerPosition: pair('signerPosition'),
  };
}

type Errors = Partial<Record<string, FieldIssue>>;

/** Issues by their full path ("name.kk", "bin"); the first one of each. */
function byPath(issues: readonly FieldIssue[]): Errors {
  const out: Errors = {};
  for (const issue of issues) {
    const normalised = issue.code === 'too_short' && issue.params?.min === 1 ? { ...issue, code: 'required' } : issue;
    if (!out[issue.path]) out[issue.path] = normalised;
  }
  return out;
}

function clientErrors(values: Values): Errors {
  const profile = toProfile(values);
  const parsed = providerProfileSchema.safeParse(profile);
  const errors = parsed.success ? {} : byPath(toFieldIssues(parsed.error, profile));
  if (profile.bin) {
    const issue = checkValue(binSchema, profile.bin);
    if (issue) errors.bin = { ...issue, path: 'bin' };
  }
  return errors;
}

export function ProviderProfileSection() {
  const { t } = useTranslation();
  const connectivity = useAppSelector((state) => state.station.status?.connectivity);
  const [loaded, setLoaded] = useState<{ providerCode: string | null; verifyUrl: string | null } | null>(null);
  const [saved, setSaved] = useState<ProviderProfile | null>(null);
  const [values, setValues] = useState<Values>(EMPTY);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<ShownError | null>(null);
  const [loadError, setLoadError] = useState<ShownError | null>(null);
  const [success, setSuccess] = useState<Note | null>(null);
  const [busy, setBusy] = useState(false);
  const touched = useRef(false);
  const formRef = useRef<HTMLFormElement>(null);

  // Read again when the link to the central server changes (enrolment gives the provider code).
  useEffect(() => {
    let active = true;
    call('documents.providerProfile', {}).then(
      (answer) => {
        if (!active) return;
        setLoaded({ providerCode: answer.providerCode, verifyUrl: answer.verifyUrl });
        setSaved(answer.profile);
        if (!touched.current) setValues(fromProfile(answer.profile));
        setLoadError(null);
      },
      (error: unknown) => {
        if (active) setLoadError(error instanceof ApiClientError ? { code: error.code, params: error.params } : { code: 'internal' });
      },
    );
    return () => {
      active = false;
    };
  }, [connectivity]);

  const clear = (path: string) => {
    touched.current = true;
    setSuccess(null);
    setErrors((current) => (current[path] ? { ...current, [path]: undefined } : current));
  };
  const setPair = (field: PairField, language: keyof Bilingual, value: string) => {
    setValues((current) => ({ ...current, pairs: { ...current.pairs, [field]: { ...current.pairs[field], [language]: value } } }));
    clear(`${field}.${language}`);
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setSuccess(null);
    const found = clientErrors(values);
    if (Object.values(found).some(Boolean)) {
      setErrors(found);
      setFormError({ code: 'invalid_input' });
      focusFirstInvalid(formRef.current);
      return;
    }
    setErrors({});
    setFormError(null);
    setBusy(true);
    try {
      const profile = await call('documents.setProviderProfile', toProfile(values));
      setSaved(profile);
      setValues(fromProfile(profile));
      touched.current = false;
      setSuccess({ key: 'providerProfile.saved' });
    } catch (error) {
      const apiError = error instanceof ApiClientError ? error : new ApiClientError({ code: 'internal' });
      if (apiError.issues.length > 0) {
        setErrors(byPath(apiError.issues));
        focusFirstInvalid(formRef.current);
      }
      setFormError({ code: apiError.code, params: apiError.params });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card provider-profile" aria-labelledby="settings-provider">
      <h2 id="settings-provider">{t('providerProfile.heading')}</h2>
      <p className="muted">{t('providerProfile.help')}</p>
      <FormError error={loadError} />
      {loaded ? (
        <>
          <dl className="facts">
            <div>
              <dt>{t('providerProfile.providerCode')}</dt>
              <dd>
                {loaded.providerCode ? (
                  <Tech className="mono">{loaded.providerCode}</Tech>
                ) : (
                  <span className="muted">{t('providerProfile.notEnrolled')}</span>
                )}
              </dd>
            </div>
            <div>
              <dt>{t('providerProfile.verifyUrl')}</dt>
              <dd>
                {loaded.verifyUrl ? (
                  <code translate="no">{loaded.verifyUrl}</code>
                ) : (
                  <span className="muted">{t('providerProfile.noVerifyUrl')}</span>
                )}
              </dd>
            </div>
          </dl>
          {!saved ? (
            <div className="notice notice-info">
              <p>{t('providerProfile.missing')}</p>
            </div>
          ) : null}
          <form ref={formRef} className="form" onSubmit={onSubmit} noValidate aria-labelledby="settings-provider">
            <BinField
              label={t('providerProfile.bin')}
              value={values.bin}
              onValueChange={(value) => {
                setValues((current) => ({ ...current, bin: value }));
                clear('bin');
              }}
              issue={errors.bin}
            />
            {PAIRS.map((field) => (
              <PairFields
                key={field}
                legend={t(`providerProfile.fields.${field}`)}
                hint={REQUIRED.has(field) ? t('providerProfile.requiredHint') : t('providerProfile.optionalHint')}
                value={values.pairs[field]}
                issues={{ kk: errors[`${field}.kk`], ru: errors[`${field}.ru`] }}
                onChange={(language, value) => setPair(field, language, value)}
              />
            ))}
            <TextField
              label={t('providerProfile.phone')}
              value={values.phone}
              onValueChange={(value) => {
                setValues((current) => ({ ...current, phone: value }));
                clear('phone');
              }}
              issue={errors.phone}
              hint={t('providerProfile.phoneHint')}
              type="tel"
              autoComplete="off"
              maxLength={40}
            />
            <FormError error={formError} />
            <div className="form-actions">
              <button type="submit" className="button primary" aria-disabled={busy || undefined}>
                {t('common.save')}
              </button>
            </div>
            <FormSuccess note={success} />
          </form>
        </>
      ) : loadError ? null : (
        <p role="status">{t('common.loading')}</p>
      )}
    </section>
  );
}

function PairFields({
  legend,
  hint,
  value,
  issues,
  onChange,
}: {
  legend: string;
  hint: ReactNode;
  value: Bilingual;
  issues: { kk: FieldIssue | undefined; ru: FieldIssue | undefined };
  onChange(language: keyof Bilingual, value: string): void;
}) {
  const { t } = useTranslation();
  const hintId = useId();
  return (
    <fieldset className="field bilingual" aria-describedby={hintId}>
      <legend>{legend}</legend>
      <TextField
        label={t('providerProfile.inKazakh')}
        lang="kk"
        value={value.kk}
        onValueChange={(next) => onChange('kk', next)}
        issue={issues.kk}
        maxLength={300}
        autoComplete="off"
      />
      <TextField
        label={t('providerProfile.inRussian')}
        lang="ru"
        value={value.ru}
        onValueChange={(next) => onChange('ru', next)}
        issue={issues.ru}
        maxLength={300}
        autoComplete="off"
      />
      <p className="field-hint bilingual-hint" id={hintId}>
        {hint}
      </p>
    </fieldset>
  );
}
