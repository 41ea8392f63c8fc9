// "Verify a signed file": a CMS signature (.p7s/.sig/.cms), optionally the content it signs and the IIN
// the signer must have. The verdict lists every check with pass / fail / could not check and why; the
// overall line says "all checks passed" only when the verdict is ok.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../../../shared/api/errors';
import { formatDateTime } from '../../../shared/format';
import type { Verdict } from '../../../shared/signing';
import { ApiClientError, call } from '../../api/client';
import { TextField } from '../../components/Field';
import type { FieldErrors } from '../../forms/validation';
import type { ShownError } from '../../i18n';
import { FileField } from '../../signing/FileField';
import { checkLine, fileToBase64, FILE_LIMITS, issueFor, issuerName, ownerName, verdictOutcome, verdictSummary } from '../../signing/format';
import { shownError, SigningError } from '../../signing/SigningError';
import { Tech } from '../../signing/Tech';

const OUTCOME_CLASS = { ok: 'notice notice-safe', failed: 'form-error', unconfirmed: 'notice notice-info' } as const;
const STATUS_MARK = { pass: '✓', fail: '✗', unknown: '?' } as const;

export function VerifySignedFile() {
  const { t } = useTranslation();
  const [signature, setSignature] = useState<File | null>(null);
  const [content, setContent] = useState<File | null>(null);
  const [expectIin, setExpectIin] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const resultRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (verdict) resultRef.current?.focus();
  }, [verdict]);

  const focusInvalid = () =>
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const iin = expectIin.trim();
    const found: FieldErrors = {};
    if (!signature) found.signature = { path: 'signature', code: 'signing.choose_file' };
    else if (signature.size > FILE_LIMITS.signature) found.signature = { path: 'signature', code: 'signing.file_too_large', params: { max: FILE_LIMITS.signature / 1024 } };
    if (content && content.size > FILE_LIMITS.content) found.content = { path: 'content', code: 'signing.file_too_large', params: { max: FILE_LIMITS.content / 1024 } };
    if (iin && !/^\d+$/.test(iin)) found.expectIin = { path: 'expectIin', code: 'id.not_digits' };
    else if (iin && iin.length !== 12) found.expectIin = { path: 'expectIin', code: 'id.wrong_length' };
    setVerdict(null);
    if (Object.values(found).some(Boolean) || !signature) {
      setErrors(found);
      setError({ code: 'invalid_input' });
      focusInvalid();
      return;
    }
    setErrors({});
    setError(null);
    setBusy(true);
    try {
      const input = {
        signature: await fileToBase64(signature),
        ...(content ? { content: await fileToBase64(content) } : {}),
        ...(iin ? { expectIin: iin } : {}),
      };
      setVerdict(await call('signing.verifyFile', input));
    } catch (e) {
      if (e instanceof ApiClientError && e.issues.length > 0) {
        const next: FieldErrors = {};
        for (const field of ['signature', 'content', 'expectIin']) {
          const issue: FieldIssue | undefined = issueFor(e.issues, field);
          if (issue) next[field] = issue;
        }
        setErrors(next);
        focusInvalid();
      }
      setError(shownError(e));
    } finally {
      setBusy(false);
    }
  };

  const outcome = verdict ? verdictOutcome(verdict) : null;
  const signer = verdict?.signer ?? null;
  return (
    <section className="subsection" aria-labelledby="signing-verify-heading">
      <h3 id="signing-verify-heading">{t('signing.verify.heading')}</h3>
      <p className="muted">{t('signing.verify.help')}</p>
      <form ref={formRef} className="form" onSubmit={onSubmit} noValidate aria-labelledby="signing-verify-heading">
        <FileField
          label={
            <>
              {t('signing.verify.signatureFile')} <Tech>(.p7s, .sig, .cms)</Tech>
            </>
          }
          accept=".p7s,.sig,.cms,.p7m,.p7b"
          issue={errors.signature}
          onFile={(file) => {
            setSignature(file);
            setErrors((current) => ({ ...current, signature: undefined }));
          }}
        />
        <FileField
          label={t('signing.verify.contentFile')}
          hint={t('signing.verify.contentHint')}
          issue={errors.content}
          onFile={(file) => {
            setContent(file);
            setErrors((current) => ({ ...current, content: undefined }));
          }}
        />
        <TextField
          label={t('signing.verify.expectIin')}
          hint={t('signing.verify.expectIinHint')}
          value={expectIin}
          onValueChange={(value) => {
            setExpectIin(value);
            setErrors((current) => ({ ...current, expectIin: undefined }));
          }}
          issue={errors.expectIin}
          inputMode="numeric"
          autoComplete="off"
          maxLength={12}
          className="field-narrow-iin"
        />
        <SigningError error={error} />
        <div className="form-actions">
          <button type="submit" className="button primary" aria-disabled={busy || undefined}>
            {t('signing.verify.submit')}
          </button>
        </div>
        <div role="status" className={busy ? 'busy-note' : 'visually-hidden'}>
          {busy ? t('signing.verify.verifying') : null}
        </div>
      </form>

      {verdict && outcome ? (
        <section className="verify-result" aria-labelledby="signing-verify-result">
          <h4 id="signing-verify-result" ref={resultRef} tabIndex={-1}>
            {t('signing.verify.resultHeading')}
          </h4>
          <p className={`verdict-summary ${OUTCOME_CLASS[outcome]}`}>{verdictSummary(t, verdict)}</p>
          <dl className="facts compact">
            <div>
              <dt>{t('signing.verify.signer')}</dt>
              <dd translate="no">
                {signer ? (
                  <>
                    {ownerName(signer.subject) || t('signing.certificate.noName')}
                    {signer.subject.iin ? `, ${t('signing.certificate.iin')} ${signer.subject.iin}` : ''}
                    {signer.subject.bin ? `, ${t('signing.certificate.orgWithBin', { name: signer.subject.organisation ?? '—', bin: signer.subject.bin })}` : ''}
                  </>
                ) : (
                  '—'
                )}
              </dd>
            </div>
            {signer ? (
              <div>
                <dt>{t('signing.certificate.issuer')}</dt>
                <dd translate="no">{issuerName(signer.issuer)}</dd>
              </div>
            ) : null}
            <div>
              <dt>{t('signing.verify.signingTime')}</dt>
              <dd>{verdict.signingTime ? formatDateTime(verdict.signingTime) : t('signing.verify.noSigningTime')}</dd>
            </div>
            <div>
              <dt>{t('signing.verify.attached')}</dt>
              <dd>{verdict.attached ? t('signing.verify.attachedYes') : t('signing.verify.attachedNo')}</dd>
            </div>
          </dl>
          <h5 id="signing-verify-checks">{t('signing.verify.checksHeading')}</h5>
          <ul className="plain-list check-list" aria-labelledby="signing-verify-checks">
            {verdict.checks.map((check) => (
              <li key={check.name} className={`check check-${check.status}`}>
                <span className="check-mark" aria-hidden="true">
                  {STATUS_MARK[check.status]}
                </span>{' '}
                {checkLine(t, check)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}
