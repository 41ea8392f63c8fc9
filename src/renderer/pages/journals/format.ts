// How the journals and document verdicts read on screen: the Almaty year, short hashes, a file the
// service sent (base64) saved through the browser, and every check of an issued document's verdict as
// one translated line. Pure functions of their inputs and a translation function.
import type { TFunction } from 'i18next';
import i18next from 'i18next';
import { CATALOGUE } from '../../../shared/catalogue';
import type { DocumentCheck, DocumentFile } from '../../../shared/documents';
import { TIME_ZONE } from '../../../shared/format';
import { checkName, reasonText } from '../../signing/format';
import { localised } from '../queue/format';

/** The year in Almaty now (journals are numbered per Almaty year). */
export function almatyYear(now: Date = new Date()): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, year: 'numeric' }).format(now));
}

/** The first characters of a hex hash, for a table cell (the whole one goes in a tooltip). */
export function shortHash(hex: string, length = 12): string {
  return hex.length > length ? `${hex.slice(0, length)}…` : hex;
}

/** "2026-03-02" → "02.03.2026" (a date without a time: no time zone to apply). */
export function isoDateText(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return match ? `${match[3]}.${match[2]}.${match[1]}` : value;
}

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** Hands a file the service made to the browser as a download under its own name. */
export function saveFile(file: DocumentFile): void {
  const url = URL.createObjectURL(new Blob([base64ToBytes(file.data)], { type: file.mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken the bytes by the time the next tasks run; give it a generous margin.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The name of a document kind: the catalogue's result name, or the reasoned refusal; else the code. */
export function documentKindName(t: TFunction, kind: string, language: string): string {
  if (kind === 'reasoned_refusal') return t('verifyDocument.refusalKind');
  for (const service of CATALOGUE) {
    const result = service.results.find((candidate) => candidate.kind === kind);
    if (result) return localised(result.names, language);
  }
  return kind;
}

/** A document check's reason: its own wording for this check, else the signing checks' wording. */
export function documentReasonText(t: TFunction, check: Pick<DocumentCheck, 'name' | 'reason' | 'params'>): string {
  const reason = check.reason ?? '';
  const key = `verifyDocument.reasons.${check.name}.${reason}`;
  if (i18next.exists(key)) return t(key, check.params ?? {});
  return reasonText(t, reason, check.params);
}

/** One check as a line: "QR code's hash: failed — the hash in the code differs from the document's data". */
export function documentCheckLine(t: TFunction, check: DocumentCheck): string {
  const head = `${checkName(t, check.name)}: ${t(`signing.verify.status.${check.status}`)}`;
  if (check.status === 'pass' || !check.reason) return head;
  return `${head} — ${documentReasonText(t, check)}`;
}

export type DocumentOutcome = 'ok' | 'failed' | 'unconfirmed';

/** "ok" only when the verdict says so and every check passed; "failed" when one failed; else unconfirmed. */
export function documentOutcome(verdict: { ok: boolean; checks: readonly Pick<DocumentCheck, 'status'>[] }): DocumentOutcome {
  if (verdict.ok && verdict.checks.length > 0 && verdict.checks.every((check) => check.status === 'pass')) return 'ok';
  return verdict.checks.length === 0 || verdict.checks.some((check) => check.status === 'fail') ? 'failed' : 'unconfirmed';
}
