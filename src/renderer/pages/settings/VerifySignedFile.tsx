// "Verify a signed file": a CMS signature (.p7s/.sig/.cms), optionally the content it signs and the IIN
// the signer must have. The verdict lists every check with pass / fail / could not check and why; the
// overall line says "all checks passed" only when the verdict is ok.
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../../../shared/api/errors';
import type { Verdict } from '../../../shared/signing';
import { ApiClientError, call } from '../../api/client';
import { TextField } from '../../components/Field';
import type { FieldErrors } from '../../forms/validation';
import type { ShownError } from '../../i18n';
import { FileField } from '../../signing/FileField';
import { checkLine, fileToBase64, FILE_LIMITS, issueFor, verdictOutcome, verdictSummary } from '../../signing/format';
import { shownError } from '../../signing/SigningError';
import { Tech } from '../../signing/Tech';
import { SignerFacts, VerdictResult, VerifyFormEnd } from '../../signing/VerdictView';

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
        <VerifyFormEnd error={error} busy={busy} submitLabel={t('signing.verify.submit')} busyLabel={t('signing.verify.verifying')} />
      </form>

      {verdict && outcome ? (
        <VerdictResult
          idPrefix="signing-verify"
          level={4}
          heading={t('signing.verify.resultHeading')}
          verdict={verdict}
          outcome={outcome}
          summary={verdictSummary(t, verdict)}
          checkLine={(check) => checkLine(t, check)}
        >
          <SignerFacts signer={verdict.signer} signingTime={verdict.signingTime} />
          <div>
            <dt>{t('signing.verify.attached')}</dt>
            <dd>{verdict.attached ? t('signing.verify.attachedYes') : t('signing.verify.attachedNo')}</dd>
          </div>
        </VerdictResult>
      ) : null}
    </section>
  );
}
