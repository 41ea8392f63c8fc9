// How the signing module's answers read to a person: certificate owners and issuers, markers on a
// certificate, every check of a verification verdict as one line, and the signing errors with their
// reasons. Pure functions of their inputs and a translation function, so they are unit-tested.
import type { TFunction } from 'i18next';
import i18next from 'i18next';
import { formatDateTime } from '../../shared/format';
import type { CertificateInfo, CertificateSubject, CheckName, TokenPinState, Verdict, VerificationCheck } from '../../shared/signing';
import { errorMessage, type ShownError } from '../i18n';

/** "SURNAME GIVENNAME PATRONYMIC" as НУЦ РК writes it; else the common name; else ''. */
export function ownerName(subject: CertificateSubject): string {
  const parts = [subject.surname, subject.givenName, subject.patronymic].map((part) => part?.trim()).filter((part): part is string => !!part);
  if (subject.surname && parts.length > 1) return parts.join(' ');
  const common = subject.commonName?.trim() ?? '';
  if (common && subject.patronymic && !common.includes(subject.patronymic)) return `${common} ${subject.patronymic.trim()}`;
  return common || parts.join(' ');
}

/** The CN of a readable distinguished name ("CN=…, C=KZ"), or the whole name when it has none. */
export function issuerName(dn: string): string {
  const match = /(?:^|,\s*)CN=([^,]*)/.exec(dn);
  return match?.[1]?.trim() || dn;
}

export type CertificateMarker = 'expired' | 'not_yet_valid' | 'not_signing';

/** What a person must notice about a certificate before using it, at `now`. */
export function certificateMarkers(info: Pick<CertificateInfo, 'notBefore' | 'notAfter' | 'canSign'>, now: Date = new Date()): CertificateMarker[] {
  const markers: CertificateMarker[] = [];
  if (now.getTime() > new Date(info.notAfter).getTime()) markers.push('expired');
  if (now.getTime() < new Date(info.notBefore).getTime()) markers.push('not_yet_valid');
  if (!info.canSign) markers.push('not_signing');
  return markers;
}

/** Whether an ISO time is before `now`. */
export function isPast(iso: string, now: Date = new Date()): boolean {
  return new Date(iso).getTime() < now.getTime();
}

/** Signing (nonRepudiation), authentication (digitalSignature or key encipherment without it), or other. */
export function keyUsageKind(info: Pick<CertificateInfo, 'keyUsage' | 'canSign'>): 'sign' | 'auth' | 'other' {
  if (info.canSign) return 'sign';
  if (info.keyUsage.includes('digitalSignature') || info.keyUsage.includes('keyEncipherment') || info.keyUsage.includes('keyAgreement')) return 'auth';
  return 'other';
}

export type PinBadge = keyof TokenPinState;

/** The PIN states worth a badge, most serious first. */
export function pinBadges(pin: TokenPinState): PinBadge[] {
  return (['locked', 'finalTry', 'countLow', 'toBeChanged'] as const).filter((key) => pin[key]);
}

/** "from – to" in Almaty time. */
export function validityRange(info: Pick<CertificateInfo, 'notBefore' | 'notAfter'>): string {
  return `${formatDateTime(info.notBefore)} – ${formatDateTime(info.notAfter)}`;
}

// ---- verification verdicts ----

/** The parameters each reason's detail needs; without all of them the detail is left out. */
export const REASON_DETAIL_PARAMS: Record<string, readonly string[]> = {
  not_yet_valid: ['subject', 'from'],
  expired: ['subject', 'until'],
  revoked: ['subject', 'date'],
  crl_stale: ['nextUpdate'],
  mismatch: ['expected', 'actual'],
  absent: ['expected'],
};

const DATE_PARAMS = new Set(['from', 'until', 'date', 'nextUpdate', 'at']);

function readableParams(params: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params ?? {})) {
    if (DATE_PARAMS.has(key) && value && !Number.isNaN(Date.parse(value))) out[key] = formatDateTime(value);
    else if (key === 'issuer') out[key] = issuerName(value);
    else out[key] = value;
  }
  return out;
}

/** The translated reason of a failed or unchecked check (with its detail when the params give it). */
export function reasonText(t: TFunction, reason: string, params?: Record<string, string>): string {
  const key = `signing.verify.reasons.${reason}`;
  if (!i18next.exists(key)) return t('signing.verify.reasons.other', { code: reason });
  const text = t(key);
  const needed = REASON_DETAIL_PARAMS[reason];
  const readable = readableParams(params);
  if (!needed || !needed.every((name) => readable[name])) return text;
  return `${text} (${t(`signing.verify.details.${reason}`, readable)})`;
}

export function checkName(t: TFunction, name: CheckName | string): string {
  const key = `signing.verify.checks.${name}`;
  return i18next.exists(key) ? t(key) : name;
}

/** One check as a line: "Revocation: could not check — no revocation list of the issuer is available". */
export function checkLine(t: TFunction, check: VerificationCheck): string {
  const head = `${checkName(t, check.name)}: ${t(`signing.verify.status.${check.status}`)}`;
  if (check.status === 'pass' || !check.reason) return head;
  return `${head} — ${reasonText(t, check.reason, check.params)}`;
}

export type VerdictOutcome = 'ok' | 'failed' | 'unconfirmed';

/** "ok" only when the verdict says so; "failed" when a check failed; else some could not be done. */
export function verdictOutcome(verdict: Pick<Verdict, 'ok' | 'checks'>): VerdictOutcome {
  if (verdict.ok && verdict.checks.length > 0 && verdict.checks.every((check) => check.status === 'pass')) return 'ok';
  return verdict.checks.some((check) => check.status === 'fail') || verdict.checks.length === 0 ? 'failed' : 'unconfirmed';
}

export function verdictSummary(t: TFunction, verdict: Pick<Verdict, 'ok' | 'checks'>): string {
  const outcome = verdictOutcome(verdict);
  return t(outcome === 'ok' ? 'signing.verify.allPassed' : outcome === 'failed' ? 'signing.verify.failed' : 'signing.verify.notConfirmed');
}

/** The overall line, then every check. */
export function verdictLines(t: TFunction, verdict: Pick<Verdict, 'ok' | 'checks'>): string[] {
  return [verdictSummary(t, verdict), ...verdict.checks.map((check) => checkLine(t, check))];
}

// ---- signing errors ----

export interface SigningErrorContext {
  /** The signed-in person's IIN (for "the IIN in it differs from yours"). */
  iin?: string;
}

/** The sentence for any error of a signing call; token and refusal reasons get their own words. */
export function signingErrorMessage(t: TFunction, error: ShownError, context: SigningErrorContext = {}): string {
  const params = error.params ?? {};
  const reason = typeof params.reason === 'string' ? params.reason : '';
  if (error.code === 'signing_failed') {
    if (reason === 'pin_incorrect') {
      const parts = [t('signing.failed.pin_incorrect')];
      if (params.finalTry === 'true') parts.push(t('signing.failed.pinFinalTry'));
      else if (params.countLow === 'true') parts.push(t('signing.failed.pinCountLow'));
      return parts.join(' ');
    }
    const key = `signing.failed.${reason}`;
    if (reason && i18next.exists(key)) {
      const needs: Record<string, string> = { module_missing: 'path', module_failed: 'path', device_error: 'detail' };
      const needed = needs[reason];
      if (needed && typeof params[needed] !== 'string') return t('signing.failed.generic');
      return t(key, params);
    }
    return t('signing.failed.generic');
  }
  if (error.code === 'signing_refused') {
    if (reason.startsWith('check_')) {
      const detail = typeof params.detail === 'string' && params.detail ? params.detail : null;
      const check = reason.slice('check_'.length);
      return t('signing.refused.check', {
        check: checkName(t, check),
        reason: detail ? reasonText(t, detail) : t('signing.verify.status.fail'),
      });
    }
    switch (reason) {
      case 'signer_mismatch':
        return t('signing.refused.signer_mismatch', { certificateIin: String(params.certificateIin || '—'), iin: context.iin || '—' });
      case 'certificate_expired':
        return t('signing.refused.certificate_expired', { until: typeof params.until === 'string' ? formatDateTime(params.until) : '—' });
      case 'certificate_not_yet_valid':
        return t('signing.refused.certificate_not_yet_valid', { from: typeof params.from === 'string' ? formatDateTime(params.from) : '—' });
      case 'not_signing_key':
      case 'not_authorised_signer':
      case 'no_signing_right':
      case 'batch_running':
        return t(`signing.refused.${reason}`);
      default:
        return t('signing.refused.generic');
    }
  }
  return errorMessage(t, error);
}

/** The field issue a service error carries for one field, if any (e.g. "not a signature"). */
export function issueFor(issues: readonly { path: string; code: string; params?: Record<string, string | number> }[], field: string) {
  return issues.find((issue) => issue.path === field || issue.path.startsWith(`${field}.`));
}

// ---- files ----

/** Base64 of bytes, in chunks (a large file would overflow the argument list of fromCharCode). */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let index = 0; index < bytes.length; index += chunk) {
    binary += String.fromCharCode(...bytes.subarray(index, index + chunk));
  }
  return btoa(binary);
}

export async function fileToBase64(file: Blob): Promise<string> {
  return bytesToBase64(new Uint8Array(await file.arrayBuffer()));
}

/** The size limits of the signing inputs (bytes before base64), as the contract's schemas set them. */
export const FILE_LIMITS = {
  keyFile: 64 * 1024,
  signature: 2 * 1024 * 1024,
  content: 20 * 1024 * 1024,
  trustFile: 2 * 1024 * 1024,
} as const;
