// How the signing module's answers read in the UI (src/renderer/signing/format.ts): certificate owners
// and issuers, markers, every verification check as one line with its reason, the overall line that
// says "All checks passed" only for an ok verdict, the signing errors with their reasons, and a
// translation in all three languages for every check, reason, role and error reason the main process
// can send.
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KeyFileErrorCode } from '../../src/main/signing/pkcs12-keys';
import type { TokenErrorCode } from '../../src/main/signing/pkcs11-tokens';
import { resources } from '../../src/renderer/i18n/index';
import {
  bytesToBase64,
  certificateMarkers,
  checkLine,
  isPast,
  issuerName,
  keyUsageKind,
  ownerName,
  pinBadges,
  REASON_DETAIL_PARAMS,
  signingErrorMessage,
  verdictLines,
  verdictOutcome,
  verdictSummary,
} from '../../src/renderer/signing/format';
import { formatDateTime } from '../../src/shared/format';
import { EKU_ROLES, type CertificateInfo, type CertificateSubject, type CheckName, type Verdict, type VerificationCheck } from '../../src/shared/signing';
import { LOCALES } from '../../src/shared/validation';

const t = i18next.t.bind(i18next);

beforeAll(async () => {
  await i18next.init({ resources, lng: 'en', fallbackLng: false, interpolation: { escapeValue: false }, initAsync: false });
});

const subject = (over: Partial<CertificateSubject> = {}): CertificateSubject => ({
  commonName: 'СЕЙТҚАЛИ АЙГЕРІМ',
  surname: 'СЕЙТҚАЛИ',
  givenName: 'АЙГЕРІМ',
  patronymic: 'НҰРЛАНҚЫЗЫ',
  iin: '850412400111',
  organisation: null,
  bin: null,
  country: 'KZ',
  ...over,
});

const info = (over: Partial<CertificateInfo> = {}): CertificateInfo => ({
  fingerprint: 'ab'.repeat(32),
  serialHex: '0123',
  subject: subject(),
  issuer: 'CN=ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA), C=KZ',
  notBefore: '2026-01-01T00:00:00.000Z',
  notAfter: '2027-01-01T00:00:00.000Z',
  keyUsage: ['digitalSignature', 'nonRepudiation'],
  roles: ['individual'],
  otherUsages: [],
  keyAlgorithm: 'rsa',
  canSign: true,
  crlUrls: [],
  ocspUrls: [],
  ...over,
});

describe('certificates as people read them', () => {
  it('name the owner SURNAME GIVENNAME PATRONYMIC, or by the common name when the parts are missing', () => {
    expect(ownerName(subject())).toBe('СЕЙТҚАЛИ АЙГЕРІМ НҰРЛАНҚЫЗЫ');
    expect(ownerName(subject({ patronymic: null }))).toBe('СЕЙТҚАЛИ АЙГЕРІМ');
    expect(ownerName(subject({ surname: null, givenName: null, patronymic: null, commonName: 'ТОО РОМАШКА' }))).toBe('ТОО РОМАШКА');
    expect(ownerName(subject({ surname: null, givenName: null, commonName: 'ОМАРОВ ЕРЛАН', patronymic: 'ДӘУЛЕТҰЛЫ' }))).toBe('ОМАРОВ ЕРЛАН ДӘУЛЕТҰЛЫ');
    expect(ownerName(subject({ surname: null, givenName: null, patronymic: null, commonName: null }))).toBe('');
  });

  it('name the issuer by its CN', () => {
    expect(issuerName('CN=ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA), C=KZ')).toBe('ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA)');
    expect(issuerName('C=KZ, O=TEST, CN=ROOT CA')).toBe('ROOT CA');
    expect(issuerName('ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ')).toBe('ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ');
  });

  it('mark an expired, a not yet valid and a non-signing certificate', () => {
    const inside = new Date('2026-06-01T00:00:00Z');
    expect(certificateMarkers(info(), inside)).toEqual([]);
    expect(certificateMarkers(info(), new Date('2027-02-01T00:00:00Z'))).toEqual(['expired']);
    expect(certificateMarkers(info(), new Date('2025-12-01T00:00:00Z'))).toEqual(['not_yet_valid']);
    expect(certificateMarkers(info({ canSign: false, keyUsage: ['digitalSignature', 'keyEncipherment'] }), inside)).toEqual(['not_signing']);
    expect(isPast('2026-01-01T00:00:00Z', inside)).toBe(true);
    expect(isPast('2027-01-01T00:00:00Z', inside)).toBe(false);
  });

  it('tell a signing key from an authentication key', () => {
    expect(keyUsageKind(info())).toBe('sign');
    expect(keyUsageKind(info({ canSign: false, keyUsage: ['digitalSignature', 'keyEncipherment'] }))).toBe('auth');
    expect(keyUsageKind(info({ canSign: false, keyUsage: ['keyCertSign'] }))).toBe('other');
  });

  it('badge the PIN states, most serious first', () => {
    expect(pinBadges({ countLow: false, finalTry: false, locked: false, toBeChanged: false })).toEqual([]);
    expect(pinBadges({ countLow: true, finalTry: true, locked: false, toBeChanged: true })).toEqual(['finalTry', 'countLow', 'toBeChanged']);
    expect(pinBadges({ countLow: false, finalTry: false, locked: true, toBeChanged: false })).toEqual(['locked']);
  });
});

describe('verification verdicts', () => {
  const pass = (name: CheckName): VerificationCheck => ({ name, status: 'pass' });
  const verdict = (checks: VerificationCheck[], ok = checks.every((check) => check.status === 'pass')): Verdict => ({
    ok,
    checks,
    signer: info(),
    signingTime: '2026-03-02T04:15:00.000Z',
    attached: true,
  });

  it('say every check as one line with its translated reason', async () => {
    await i18next.changeLanguage('en');
    expect(checkLine(t, { name: 'revocation', status: 'unknown', reason: 'crl_missing', params: { issuer: 'CN=X' } })).toBe(
      'Revocation: could not check — no revocation list of the issuer is available',
    );
    expect(checkLine(t, { name: 'chain', status: 'fail', reason: 'issuer_unknown' })).toBe(
      'Chain: failed — the certificate was not issued by a trusted certification centre',
    );
    expect(checkLine(t, pass('signature'))).toBe('Signature: passed');
    expect(checkLine(t, { name: 'validity', status: 'pass', params: { at: '2026-03-02T04:15:00.000Z' } })).toBe('Validity: passed');
  });

  it('add the details a reason carries: dates in Almaty time, expected and actual IINs', async () => {
    await i18next.changeLanguage('en');
    expect(checkLine(t, { name: 'validity', status: 'fail', reason: 'expired', params: { subject: 'ОМАРОВ ЕРЛАН', until: '2026-03-02T04:15:00.000Z' } })).toBe(
      `Validity: failed — a certificate in the chain had expired (ОМАРОВ ЕРЛАН, valid until ${formatDateTime('2026-03-02T04:15:00.000Z')})`,
    );
    expect(formatDateTime('2026-03-02T04:15:00.000Z')).toBe('02.03.2026 09:15');
    expect(checkLine(t, { name: 'iin_match', status: 'fail', reason: 'mismatch', params: { expected: '850412400111', actual: '900101300017' } })).toBe(
      'IIN: failed — the certificate belongs to someone else (expected 850412400111, in the certificate 900101300017)',
    );
    expect(checkLine(t, { name: 'revocation', status: 'fail', reason: 'revoked', params: { subject: 'X', date: '2026-03-02T04:15:00.000Z' } })).toContain(
      'the certificate is revoked (X, revoked on 02.03.2026 09:15)',
    );
    // A detail whose parameters are missing is left out, never shown with empty placeholders.
    expect(checkLine(t, { name: 'validity', status: 'fail', reason: 'expired' })).toBe('Validity: failed — a certificate in the chain had expired');
    expect(checkLine(t, { name: 'chain', status: 'fail', reason: 'made_up' })).toBe('Chain: failed — reason code made_up');
  });

  it('read in Kazakh and Russian too', async () => {
    const line = { name: 'revocation', status: 'unknown', reason: 'crl_missing' } as const;
    await i18next.changeLanguage('kk');
    expect(checkLine(t, line)).toBe('Кері қайтарып алу: тексеру мүмкін болмады — берген орталықтың кері қайтарып алу тізімі жоқ');
    await i18next.changeLanguage('ru');
    expect(checkLine(t, line)).toBe('Отзыв: проверить не удалось — списка отзыва издателя нет');
    await i18next.changeLanguage('en');
  });

  it('say "All checks passed" only when the verdict is ok', async () => {
    await i18next.changeLanguage('en');
    const all = (['signature', 'content_digest', 'signing_certificate', 'chain', 'validity', 'revocation', 'key_usage'] as const).map(pass);
    expect(verdictOutcome(verdict(all))).toBe('ok');
    expect(verdictSummary(t, verdict(all))).toBe('All checks passed');

    const unknown = [...all.slice(0, 5), { name: 'revocation', status: 'unknown', reason: 'crl_stale' } as VerificationCheck];
    expect(verdictOutcome(verdict(unknown))).toBe('unconfirmed');
    expect(verdictSummary(t, verdict(unknown))).toBe('The signature is not confirmed: some checks could not be done.');

    const failed = [...all.slice(0, 3), { name: 'chain', status: 'fail', reason: 'untrusted_root' } as VerificationCheck];
    expect(verdictOutcome(verdict(failed))).toBe('failed');
    const lines = verdictLines(t, verdict(failed));
    expect(lines[0]).toBe('The signature is not valid: a check failed.');
    expect(lines).toHaveLength(failed.length + 1);
    expect(lines).toContain('Chain: failed — the chain ends at a root certificate that is not trusted');
    expect(lines.join('\n')).not.toContain('All checks passed');

    // Never "passed" on the strength of a flag alone: an ok verdict with a check not passed, or none.
    expect(verdictOutcome(verdict(unknown, true))).toBe('unconfirmed');
    expect(verdictOutcome(verdict([], true))).toBe('failed');
  });
});

describe('signing errors', () => {
  const failed = (reason: string, params: Record<string, string> = {}) => ({ code: 'signing_failed', params: { reason, ...params } });
  const refused = (reason: string, params: Record<string, string> = {}) => ({ code: 'signing_refused', params: { reason, ...params } });

  it('say what happened with the token and warn before the last PIN try', async () => {
    await i18next.changeLanguage('en');
    expect(signingErrorMessage(t, failed('pin_incorrect', { finalTry: 'false', countLow: 'false' }))).toBe('Wrong PIN.');
    expect(signingErrorMessage(t, failed('pin_incorrect', { finalTry: 'true', countLow: 'true' }))).toBe(
      'Wrong PIN. Careful: this is the final try — one more wrong PIN locks the token.',
    );
    expect(signingErrorMessage(t, failed('pin_incorrect', { finalTry: 'false', countLow: 'true' }))).toBe('Wrong PIN. Few tries are left before the token locks.');
    expect(signingErrorMessage(t, failed('pin_locked'))).toContain('PIN is locked');
    expect(signingErrorMessage(t, failed('token_removed'))).toBe('The token was pulled out while it was in use. Insert it again and repeat.');
    expect(signingErrorMessage(t, failed('token_not_found', { serial: '1' }))).toContain('Insert your token');
    expect(signingErrorMessage(t, failed('module_missing', { path: '/usr/lib/libkztoken.so' }))).toContain('/usr/lib/libkztoken.so');
    expect(signingErrorMessage(t, failed('device_error'))).toBe('Signing did not work.');
    expect(signingErrorMessage(t, failed('password_incorrect'))).toBe('Wrong key file password.');
    expect(signingErrorMessage(t, failed('something_new'))).toBe('Signing did not work.');
  });

  it('explain a refusal: whose certificate, which right is missing, which check failed', async () => {
    await i18next.changeLanguage('en');
    expect(signingErrorMessage(t, refused('signer_mismatch', { certificateIin: '900101300017' }), { iin: '850412400111' })).toBe(
      'This certificate is not yours: the IIN in it (900101300017) differs from yours (850412400111).',
    );
    expect(signingErrorMessage(t, refused('not_authorised_signer'))).toContain('authorised signer');
    expect(signingErrorMessage(t, refused('no_signing_right'))).toContain('right to sign');
    expect(signingErrorMessage(t, refused('not_signing_key'))).toContain('authentication certificate');
    expect(signingErrorMessage(t, refused('certificate_expired', { until: '2026-03-02T04:15:00.000Z' }))).toContain('02.03.2026 09:15');
    expect(signingErrorMessage(t, refused('check_revocation', { detail: 'revoked' }))).toBe(
      'The certificate did not pass the check “Revocation”: the certificate is revoked.',
    );
    expect(signingErrorMessage(t, refused('check_chain', { detail: '' }))).toBe('The certificate did not pass the check “Chain”: failed.');
    expect(signingErrorMessage(t, refused('made_up'))).toBe('The workstation refuses to sign with this certificate.');
  });

  it('leave every other error to the common messages', async () => {
    await i18next.changeLanguage('en');
    expect(signingErrorMessage(t, { code: 'not_found' })).toBe(resources.en.translation.errors.not_found);
    expect(signingErrorMessage(t, { code: 'forbidden', params: { role: 'administrator' } })).toBe('This needs the role: Administrator.');
  });
});

describe('every code the signing module sends has words in kk, ru and en', () => {
  const TOKEN_CODES = [
    'module_missing',
    'module_failed',
    'token_not_found',
    'token_removed',
    'pin_incorrect',
    'pin_locked',
    'pin_invalid',
    'certificate_not_found',
    'key_not_found',
    'mechanism_unsupported',
    'token_busy',
    'device_error',
  ] as const satisfies readonly TokenErrorCode[];
  const KEY_FILE_CODES = ['password_incorrect', 'key_file_malformed', 'key_not_found', 'unsupported_key'] as const satisfies readonly KeyFileErrorCode[];
  const allTokenCodes: [Exclude<TokenErrorCode, (typeof TOKEN_CODES)[number]>] extends [never] ? true : false = true;
  const allKeyFileCodes: [Exclude<KeyFileErrorCode, (typeof KEY_FILE_CODES)[number]>] extends [never] ? true : false = true;
  const REFUSALS = ['not_signing_key', 'signer_mismatch', 'certificate_expired', 'certificate_not_yet_valid', 'not_authorised_signer', 'no_signing_right'];
  const CHECKS: CheckName[] = ['signature', 'content_digest', 'signing_certificate', 'chain', 'validity', 'revocation', 'key_usage', 'iin_match', 'bin_match'];
  /** The reasons src/main/signing/verify.ts gives. */
  const REASONS = [
    'signer_certificate_missing',
    'content_missing',
    'unsupported_algorithm',
    'bad_signature',
    'content_differs',
    'digest_missing',
    'content_type',
    'content_modified',
    'certificate_mismatch',
    'malformed',
    'untrusted_root',
    'issuer_unknown',
    'chain_too_long',
    'not_yet_valid',
    'expired',
    'chain_incomplete',
    'revoked',
    'crl_missing',
    'crl_stale',
    'not_signing_key',
    'mismatch',
    'absent',
  ];

  it('has them all', () => {
    expect(allTokenCodes && allKeyFileCodes).toBe(true);
    const keys = [
      ...[...TOKEN_CODES, ...KEY_FILE_CODES].map((code) => `signing.failed.${code}`),
      ...REFUSALS.map((code) => `signing.refused.${code}`),
      ...CHECKS.map((name) => `signing.verify.checks.${name}`),
      ...REASONS.map((reason) => `signing.verify.reasons.${reason}`),
      ...Object.keys(REASON_DETAIL_PARAMS).map((reason) => `signing.verify.details.${reason}`),
      ...Object.values(EKU_ROLES).map((role) => `signing.roles.${role}`),
      ...(['pass', 'fail', 'unknown'] as const).map((status) => `signing.verify.status.${status}`),
      ...(['register', 'mark_result_ready', 'refuse'] as const).flatMap((action) => [`signing.dialog.title.${action}`, `signing.dialog.intro.${action}`]),
      ...['loaded', 'missing', 'failed', 'unsaved'].map((state) => `signing.modules.state.${state}`),
      ...['countLow', 'finalTry', 'locked', 'toBeChanged'].map((pin) => `signing.tokens.pin.${pin}`),
      ...['not_a_signature', 'not_a_certificate', 'not_a_crl', 'file_too_large', 'module_duplicate', 'modules_too_many', 'choose_key', 'choose_file'].map(
        (code) => `fieldErrors.signing.${code}`,
      ),
    ];
    const missing = LOCALES.flatMap((locale) => keys.filter((key) => !i18next.exists(key, { lng: locale })).map((key) => `${locale}:${key}`));
    expect(missing).toEqual([]);
  });

  it('gives each detail exactly the parameters the formatter checks for', () => {
    for (const locale of LOCALES) {
      const details = (resources[locale].translation.signing.verify.details ?? {}) as Record<string, string>;
      for (const [reason, params] of Object.entries(REASON_DETAIL_PARAMS)) {
        const used = [...(details[reason] ?? '').matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();
        expect({ locale, reason, used }).toEqual({ locale, reason, used: [...params].sort() });
      }
    }
  });

  it('has reasons without placeholders (the refusal of a check names only the reason code)', () => {
    for (const locale of LOCALES) {
      const reasons = resources[locale].translation.signing.verify.reasons as Record<string, string>;
      const withPlaceholders = Object.entries(reasons).filter(([key, text]) => key !== 'other' && /\{\{/.test(text));
      expect({ locale, withPlaceholders }).toEqual({ locale, withPlaceholders: [] });
    }
  });
});

describe('files to base64', () => {
  it('matches Node for any bytes, also longer than one chunk', () => {
    for (const length of [0, 1, 2, 3, 1000, 0x8000, 0x8000 * 3 + 7]) {
      const bytes = new Uint8Array(length).map((_, index) => (index * 131 + 7) & 0xff);
      expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
  });
});
