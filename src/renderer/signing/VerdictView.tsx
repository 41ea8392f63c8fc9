// How a verification reads on screen, the same for a signed file (settings) and an issued document
// (journals): the end of the form that asks for it (the error, the button, the live "verifying" line),
// then the verdict — its heading takes the keyboard when it comes, the overall line, the facts with the
// signer and the signing time, and every check with its mark and its line.
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../shared/format';
import type { CertificateInfo, CheckStatus } from '../../shared/signing';
import type { ShownError } from '../i18n';
import { issuerName, ownerName, type VerdictOutcome } from './format';
import { SigningError } from './SigningError';

const OUTCOME_CLASS: Record<VerdictOutcome, string> = { ok: 'notice notice-safe', failed: 'form-error', unconfirmed: 'notice notice-info' };
const STATUS_MARK: Record<CheckStatus, string> = { pass: '✓', fail: '✗', unknown: '?' };

/** The end of a verify form: the call's error, the submit button and the live "verifying…" line. */
export function VerifyFormEnd({ error, busy, submitLabel, busyLabel }: { error: ShownError | null; busy: boolean; submitLabel: string; busyLabel: string }) {
  return (
    <>
      <SigningError error={error} />
      <div className="form-actions">
        <button type="submit" className="button primary" aria-disabled={busy || undefined}>
          {submitLabel}
        </button>
      </div>
      <div role="status" className={busy ? 'busy-note' : 'visually-hidden'}>
        {busy ? busyLabel : null}
      </div>
    </>
  );
}

/** The signer (name, IIN, organisation), the certificate's issuer and the signing time, as facts. */
export function SignerFacts({ signer, signingTime }: { signer: CertificateInfo | null; signingTime: string | null }) {
  const { t } = useTranslation();
  return (
    <>
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
        <dd>{signingTime ? formatDateTime(signingTime) : t('signing.verify.noSigningTime')}</dd>
      </div>
    </>
  );
}

interface ShownCheck {
  name: string;
  status: CheckStatus;
}

/**
 * A verdict: its heading (at `level`, focused whenever a verdict comes), the overall line, the facts
 * (`children`, inside the facts list) and every check. Ids are `${idPrefix}-result` and `-checks`.
 */
export function VerdictResult<C extends ShownCheck>({
  idPrefix,
  level,
  heading,
  verdict,
  outcome,
  summary,
  checkLine,
  children,
}: {
  idPrefix: string;
  level: 3 | 4;
  heading: string;
  verdict: { checks: readonly C[] };
  outcome: VerdictOutcome;
  summary: string;
  checkLine(check: C): string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headingRef.current?.focus();
  }, [verdict]);

  const Heading = level === 3 ? 'h3' : 'h4';
  const ChecksHeading = level === 3 ? 'h4' : 'h5';
  const resultId = `${idPrefix}-result`;
  const checksId = `${idPrefix}-checks`;
  return (
    <section className="verify-result" aria-labelledby={resultId}>
      <Heading id={resultId} ref={headingRef} tabIndex={-1}>
        {heading}
      </Heading>
      <p className={`verdict-summary ${OUTCOME_CLASS[outcome]}`}>{summary}</p>
      <dl className="facts compact">{children}</dl>
      <ChecksHeading id={checksId}>{t('signing.verify.checksHeading')}</ChecksHeading>
      <ul className="plain-list check-list" aria-labelledby={checksId}>
        {verdict.checks.map((check) => (
          <li key={check.name} className={`check check-${check.status}`}>
            <span className="check-mark" aria-hidden="true">
              {STATUS_MARK[check.status]}
            </span>{' '}
            {checkLine(check)}
          </li>
        ))}
      </ul>
    </section>
  );
}
