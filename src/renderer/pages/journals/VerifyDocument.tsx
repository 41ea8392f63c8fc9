// "Verify an issued document": a result document (PDF) an applicant or another office brings. The
// service checks the signature inside the PDF, that nothing was changed or appended after signing, the
// document's own data, its QR code and the hash printed in it, and asks the central server's register;
// the verdict shows the document (number, date, issuer), the signer, the signing time and every check
// with passed / failed / could not check and why. "All checks passed" only when every check passed.
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../../../shared/api/errors';
import type { DocumentVerdict } from '../../../shared/documents';
import { call } from '../../api/client';
import type { ShownError } from '../../i18n';
import { FileField } from '../../signing/FileField';
import { fileToBase64 } from '../../signing/format';
import { shownError } from '../../signing/SigningError';
import { Tech } from '../../signing/Tech';
import { SignerFacts, VerdictResult, VerifyFormEnd } from '../../signing/VerdictView';
import { documentCheckLine, documentKindName, documentOutcome, isoDateText } from './format';

/** As the contract's documentVerifyInput allows (20 MB before base64). */
const MAX_BYTES = 20 * 1024 * 1024;

export function VerifyDocument() {
  const { t, i18n } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [issue, setIssue] = useState<FieldIssue | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [verdict, setVerdict] = useState<{ name: string; value: DocumentVerdict } | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setVerdict(null);
    setError(null);
    const problem: FieldIssue | undefined = !file
      ? { path: 'file', code: 'signing.choose_file' }
      : file.size > MAX_BYTES
        ? { path: 'file', code: 'signing.file_too_large', params: { max: MAX_BYTES / 1024 } }
        : undefined;
    if (problem || !file) {
      setIssue(problem);
      setError({ code: 'invalid_input' });
      requestAnimationFrame(() => inputRef.current?.focus());
      return;
    }
    setIssue(undefined);
    setBusy(true);
    try {
      const value = await call('documents.verify', { content: await fileToBase64(file) });
      setVerdict({ name: file.name, value });
    } catch (e) {
      setError(shownError(e));
    } finally {
      setBusy(false);
    }
  };

  const outcome = verdict ? documentOutcome(verdict.value) : null;
  const issued = verdict?.value.document ?? null;
  return (
    <section className="card verify-document" aria-labelledby="verify-document-heading">
      <h2 id="verify-document-heading">{t('verifyDocument.heading')}</h2>
      <p className="muted">{t('verifyDocument.help')}</p>
      <form className="form" onSubmit={onSubmit} noValidate aria-labelledby="verify-document-heading">
        <FileField
          label={
            <>
              {t('verifyDocument.file')} <Tech>(.pdf)</Tech>
            </>
          }
          accept=".pdf,application/pdf"
          issue={issue}
          inputRef={inputRef}
          onFile={(chosen) => {
            setFile(chosen);
            setIssue(undefined);
            setVerdict(null);
          }}
        />
        <VerifyFormEnd error={error} busy={busy} submitLabel={t('verifyDocument.submit')} busyLabel={t('verifyDocument.verifying')} />
      </form>

      {verdict && outcome ? (
        <VerdictResult
          idPrefix="verify-document"
          level={3}
          heading={t('verifyDocument.resultHeading')}
          verdict={verdict.value}
          outcome={outcome}
          summary={t(`verifyDocument.outcome.${outcome}`)}
          checkLine={(check) => documentCheckLine(t, check)}
        >
          <div>
            <dt>{t('verifyDocument.fileName')}</dt>
            <dd>
              <Tech>{verdict.name}</Tech>
            </dd>
          </div>
          {issued ? (
            <>
              <div>
                <dt>{t('verifyDocument.kind')}</dt>
                <dd>{documentKindName(t, issued.kind, i18n.language)}</dd>
              </div>
              <div>
                <dt>{t('verifyDocument.number')}</dt>
                <dd className="mono" translate="no">
                  {issued.number}
                </dd>
              </div>
              <div>
                <dt>{t('verifyDocument.issuedOn')}</dt>
                <dd>{isoDateText(issued.issuedOn)}</dd>
              </div>
              <div>
                <dt>{t('verifyDocument.issuer')}</dt>
                <dd className="mono" translate="no">
                  {issued.issuer}
                </dd>
              </div>
            </>
          ) : (
            <div>
              <dt>{t('verifyDocument.document')}</dt>
              <dd>{t('verifyDocument.noData')}</dd>
            </div>
          )}
          <SignerFacts signer={verdict.value.signer} signingTime={verdict.value.signingTime} />
          {issued ? (
            <div>
              <dt>{t('verifyDocument.sha256')}</dt>
              <dd className="mono hash-value" translate="no">
                {issued.sha256}
              </dd>
            </div>
          ) : null}
        </VerdictResult>
      ) : null}
    </section>
  );
}
