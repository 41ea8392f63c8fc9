// The workstation's ЭЦҚ: which tokens and key files there are, signing a request's registration
// (the employee) and its result or refusal (the authorised signer), and verifying any signed file.
//
// Rules enforced here, before anything is signed: the certificate is a signing certificate
// (nonRepudiation), it is the signed-in employee's own (IIN in the certificate = the employee's IIN),
// results and refusals are signed only by an authorised signer whose certificate carries the right
// of signature (first head or right of signature), and the certificate verifies against the trust
// store with no failed check. A signature is made over canonical JSON of exactly what the person
// decides; it is held as "pending" until the request store records it in the same transaction as the
// transition it belongs to — a signature for a transition that then fails is dropped, never stored.
// `openSession` opens a key once for several decisions (batch signing, ./signing-batch.ts); each is
// signed by the same per-item code as `signForRequest`.
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { ApiFailure } from '../../shared/api/errors';
import type {
  CertificateInfo,
  CrlEntry,
  KeyChoice,
  KeyFileSummary,
  OcspSettings,
  SignatureRecord,
  SigningStatus,
  TokenCertificate,
  TokenSummary,
  TrustEntry,
  Verdict,
} from '../../shared/signing';
import type { ChangeLog } from '../db/change-log';
import { newId } from '../ids';
import { CertificateFormatError, sha256Hex } from '../signing/certificates';
import { CmsFormatError, signCms, type KeySigner } from '../signing/cms';
import { knownModulePaths } from '../signing/known-modules';
import { KeyFileError, openKeyFile } from '../signing/pkcs12-keys';
import { TokenError, type TokenManager } from '../signing/pkcs11-tokens';
import { checkOcsp, type OcspResult } from '../signing/ocsp';
import { createTrustStore, type TrustStore } from '../signing/trust-store';
import { signerAndIssuer, verifyCms } from '../signing/verify';
import type { AuditLog } from './audit';
import type { RequestActor, SignatureVerifier, SignedSubject } from './requests';

export interface SigningService {
  status(): SigningStatus;
  setModules(paths: readonly string[]): SigningStatus;
  certificates(tokenRef: string): TokenCertificate[];
  keyFileCertificates(fileId: string, password: string): CertificateInfo[];
  addKeyFile(name: string, bytes: Uint8Array): KeyFileSummary;
  /** Signs what the actor decides about a request; returns the reference the transition takes. */
  signForRequest(actor: RequestActor, subject: SignedSubject, key: KeyChoice, pin: string): Promise<{ signatureRef: string; verdict: Verdict }>;
  /**
   * Opens the key once (one C_Login, or one decryption of the key file) to sign several decisions
   * with it, each exactly as `signForRequest` signs one; the PIN is used here and not kept.
   */
  openSession(key: KeyChoice, pin: string): SigningSession;
  /** Drops a signature made for a transition that then failed: it is never recorded. */
  discard(signatureRef: string): void;
  signatures(requestId: string): SignatureRecord[];
  /**
   * Verifies a signed file: asks OCSP about the signer's certificate where a responder is configured
   * or named in the certificate; when revocation still cannot be checked, fetches the CRLs it names.
   */
  verifyFile(p7s: Uint8Array, options: { content?: Uint8Array; expectIin?: string; expectBin?: string }): Promise<Verdict>;
  trust: TrustStore;
  addRoot(bytes: Uint8Array): TrustEntry;
  addCrl(bytes: Uint8Array): CrlEntry;
  /** The administrator's OCSP responder (setting `signing_ocsp_url`; empty: none). */
  ocspSettings(): OcspSettings;
  setOcspSettings(settings: OcspSettings): OcspSettings;
  verifier: SignatureVerifier;
  tokenPresence(): 'present' | 'absent' | 'not_configured';
}

/** An opened key: signs decisions one by one; close() logs out (or drops the key) whatever happened. */
export interface SigningSession {
  readonly certificate: CertificateInfo;
  readonly source: 'token' | 'file';
  /** The certificate checks that do not depend on the request: refuses up front what every item would be refused. */
  checkSigner(actor: RequestActor, action: SignedSubject['action']): void;
  sign(actor: RequestActor, subject: SignedSubject): Promise<{ signatureRef: string; verdict: Verdict }>;
  /**
   * Signs a decision whose signed content is a document (a PDF signed inside): `produce` makes the
   * CMS with the opened key; the CMS is verified over the bytes it covers and held as pending for
   * the decision's transition, like `sign`. `content` describes what was signed (kept with it).
   */
  signDocument<T extends ProducedSignature>(actor: RequestActor, subject: SignedSubject, produce: (signer: KeySigner) => Promise<T>): Promise<{ signatureRef: string; verdict: Verdict; produced: T }>;
  close(): void;
}

/** What a document's signer hands back: the detached CMS, the bytes it covers, and a description. */
export interface ProducedSignature {
  p7s: Uint8Array;
  signedBytes: Uint8Array;
  content: string;
}

interface OpenedKey {
  signer: KeySigner;
  info: CertificateInfo;
  close(): void;
  source: 'token' | 'file';
}

interface Pending {
  subject: SignedSubject;
  content: string;
  cms: Uint8Array;
  signer: CertificateInfo;
  keySource: 'token' | 'file';
  verdict: Verdict;
  createdAt: number;
}

const PENDING_TTL_MS = 10 * 60_000;
const SIGNING_RIGHTS = new Set(['first_head', 'right_of_signature']);
/** An OCSP responder that did not answer is not asked again this soon (offline, every check would wait). */
const OCSP_RETRY_AFTER_MS = 5 * 60_000;

export function createSigningService(deps: {
  db: Database;
  dataDir: string;
  tokens: TokenManager;
  changes: ChangeLog;
  audit: AuditLog;
  workstationId: string;
  now: () => Date;
  /** For tests: how OCSP requests are sent. */
  fetchImpl?: typeof fetch;
}): SigningService {
  const { db, tokens, changes, audit, workstationId, now } = deps;
  const trust = createTrustStore({ dataDir: deps.dataDir });
  const keysDir = path.join(deps.dataDir, 'keys');
  const pending = new Map<string, Pending>();
  const readSetting = db.prepare(`SELECT value FROM settings WHERE key = 'signing_modules'`).pluck();
  const writeSetting = db.prepare(
    `INSERT INTO settings (key, value) VALUES ('signing_modules', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  );
  const insertSignature = db.prepare(
    `INSERT INTO signatures (id, request_id, action, content, cms, signer_iin, signer_name, certificate_fingerprint, key_source, checks, signed_at, workstation_id)
     VALUES (@id, @request_id, @action, @content, @cms, @signer_iin, @signer_name, @certificate_fingerprint, @key_source, @checks, @signed_at, @workstation_id)`,
  );
  const selectSignatures = db.prepare(`SELECT * FROM signatures WHERE request_id = ? ORDER BY signed_at, id`);
  const readOcspUrl = db.prepare(`SELECT value FROM settings WHERE key = 'signing_ocsp_url'`).pluck();
  const writeOcspUrl = db.prepare(
    `INSERT INTO settings (key, value) VALUES ('signing_ocsp_url', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  );
  const ocspFailures = new Map<string, number>();

  // An explicit list from Settings; until there is one, the known modules present on this machine.
  const configured = readSetting.get() as string | undefined;
  tokens.setModules(configured ? (JSON.parse(configured) as string[]) : defaultModulePaths());

  // One path per known module: its paths are often the same library under two names (a symlink), and a
  // library loaded a second time fails its C_Initialize (already initialised).
  function defaultModulePaths(): string[] {
    const chosen = new Map<string, string>();
    for (const item of knownModulePaths()) if (!chosen.has(item.name) && fs.existsSync(item.path)) chosen.set(item.name, item.path);
    return [...chosen.values()];
  }

  function status(): SigningStatus {
    return {
      modules: tokens.modules(),
      knownModules: knownModulePaths().map((item) => ({ ...item, present: fs.existsSync(item.path) })),
      tokens: safeList(),
      keyFiles: keyFiles(),
    };
  }

  function safeList(): TokenSummary[] {
    try {
      // A slot whose token has no serial number is not initialised (SoftHSM2 always offers one free
      // slot like that): there is nothing on it to sign with, and it cannot be referred to by serial.
      return tokens.list().filter((token) => token.serial !== '');
    } catch {
      return [];
    }
  }

  function keyFiles(): KeyFileSummary[] {
    if (!fs.existsSync(keysDir)) return [];
    return fs
      .readdirSync(keysDir)
      .filter((name) => name.endsWith('.json'))
      .map((name) => JSON.parse(fs.readFileSync(path.join(keysDir, name), 'utf8')) as KeyFileSummary);
  }

  function keyFileBytes(fileId: string): Uint8Array {
    if (!/^[0-9a-f]{32}$/.test(fileId)) throw new ApiFailure('not_found', { what: 'key_file' });
    const file = path.join(keysDir, `${fileId}.p12`);
    if (!fs.existsSync(file)) throw new ApiFailure('not_found', { what: 'key_file' });
    return fs.readFileSync(file);
  }

  function openKey(key: KeyChoice, pin: string): OpenedKey {
    try {
      if (key.kind === 'token') {
        const signer = tokens.openSigner(key.tokenRef, key.idHex, pin);
        return { signer, info: signer.certificateInfo.info, close: () => signer.close(), source: 'token' };
      }
      const entries = openKeyFile(keyFileBytes(key.fileId), pin);
      const entry = entries.find((item) => (key.fingerprint ? item.certificate.info.fingerprint === key.fingerprint : item.certificate.info.canSign)) ?? entries[0]!;
      return { signer: entry.signer, info: entry.certificate.info, close: () => undefined, source: 'file' };
    } catch (error) {
      throw signingFailure(error);
    }
  }

  function refuse(reason: string, params: Record<string, string> = {}): never {
    throw new ApiFailure('signing_refused', { reason, ...params });
  }

  function checkSigner(actor: RequestActor, action: SignedSubject['action'], info: CertificateInfo) {
    if (!info.canSign) refuse('not_signing_key');
    if (info.subject.iin !== actor.iin) refuse('signer_mismatch', { certificateIin: info.subject.iin ?? '' });
    const at = now();
    if (at > new Date(info.notAfter)) refuse('certificate_expired', { until: info.notAfter });
    if (at < new Date(info.notBefore)) refuse('certificate_not_yet_valid', { from: info.notBefore });
    if (action !== 'register') {
      if (!actor.roles.includes('authorised_signer')) refuse('not_authorised_signer');
      if (!info.roles.some((role) => SIGNING_RIGHTS.has(role))) refuse('no_signing_right');
    }
  }

  // OCSP where configured: the administrator's responder first, then those the certificate names;
  // the first answer that is not an error is used. Unreachable responders are skipped for a while.
  async function askOcsp(p7s: Uint8Array): Promise<Map<string, OcspResult> | undefined> {
    const pair = signerAndIssuer(p7s, trust.material());
    if (!pair) return undefined;
    const configured = (readOcspUrl.get() as string | undefined) ?? '';
    const urls = [...new Set([configured, ...pair.signer.info.ocspUrls].filter((url) => url !== ''))];
    let answer: OcspResult | undefined;
    for (const url of urls) {
      const lastFailure = ocspFailures.get(url);
      if (lastFailure !== undefined && Date.now() - lastFailure < OCSP_RETRY_AFTER_MS) continue;
      answer = await checkOcsp(pair.signer, pair.issuer, { url, now: now(), ...(deps.fetchImpl ? { fetchImpl: deps.fetchImpl } : {}) });
      if (answer.status === 'error' && answer.reason === 'unreachable') ocspFailures.set(url, Date.now());
      else ocspFailures.delete(url);
      if (answer.status !== 'error') break;
    }
    return answer ? new Map([[answer.serialHex, answer]]) : undefined;
  }

  // Offline work is normal: OCSP is asked only where configured, the cached CRLs are used otherwise;
  // only when neither can answer (no CRL, or out of date) are the certificate's distribution points
  // asked, and then the check is made again.
  async function verifyRefreshingCrls(p7s: Uint8Array, options: { content?: Uint8Array; expectIin?: string; expectBin?: string }): Promise<Verdict> {
    const ocsp = await askOcsp(p7s);
    const withOcsp = ocsp ? { ...options, ocsp } : options;
    const first = verifyCms(p7s, { ...withOcsp, trust: trust.material(), now: now() });
    const revocation = first.checks.find((check) => check.name === 'revocation');
    if (revocation?.status !== 'unknown' || !first.signer?.crlUrls.length) return first;
    const fetched = await trust.refreshCrls(first.signer.crlUrls);
    return fetched.fetched > 0 ? verifyCms(p7s, { ...withOcsp, trust: trust.material(), now: now() }) : first;
  }

  // One decision signed with an opened key: the checks, the CMS over canonical JSON of exactly the
  // decision, its verification (no failed check), then held as pending until its transition records it.
  function signWith(opened: OpenedKey, actor: RequestActor, subject: SignedSubject): Promise<{ signatureRef: string; verdict: Verdict }> {
    const content = canonicalJson({ kind: 'qyzmet.request-signature/1', ...subject, signerIin: actor.iin, workstationId });
    const bytes = Buffer.from(content, 'utf8');
    return signProduced(opened, actor, subject, async (signer) => ({ p7s: await signCms(bytes, signer, { signingTime: now() }), signedBytes: bytes, content }));
  }

  async function signProduced<T extends ProducedSignature>(
    opened: OpenedKey,
    actor: RequestActor,
    subject: SignedSubject,
    produce: (signer: KeySigner) => Promise<T>,
  ): Promise<{ signatureRef: string; verdict: Verdict; produced: T }> {
    checkSigner(actor, subject.action, opened.info);
    const signingTime = now();
    let produced: T;
    try {
      produced = await produce(opened.signer);
    } catch (error) {
      throw signingFailure(error);
    }
    const verdict = await verifyRefreshingCrls(produced.p7s, { content: produced.signedBytes, expectIin: actor.iin });
    const failed = verdict.checks.find((check) => check.status === 'fail');
    if (failed) refuse(`check_${failed.name}`, { detail: failed.reason ?? '' });
    const signatureRef = newId();
    for (const [id, entry] of pending) if (signingTime.getTime() - entry.createdAt > PENDING_TTL_MS) pending.delete(id);
    pending.set(signatureRef, { subject, content: produced.content, cms: produced.p7s, signer: opened.info, keySource: opened.source, verdict, createdAt: signingTime.getTime() });
    audit.append({ actorIin: actor.iin, action: 'signature.created', subject: subject.requestId, detail: { action: subject.action, certificate: opened.info.fingerprint, source: opened.source } });
    return { signatureRef, verdict, produced };
  }

  function openSession(key: KeyChoice, pin: string): SigningSession {
    const opened = openKey(key, pin);
    return {
      certificate: opened.info,
      source: opened.source,
      checkSigner: (actor, action) => checkSigner(actor, action, opened.info),
      sign: (actor, subject) => signWith(opened, actor, subject),
      signDocument: (actor, subject, produce) => signProduced(opened, actor, subject, produce),
      close: () => opened.close(),
    };
  }

  const verifier: SignatureVerifier = {
    verify(reference, subject) {
      const entry = pending.get(reference);
      if (!entry || now().getTime() - entry.createdAt > PENDING_TTL_MS) return false;
      if (canonicalJson(entry.subject) !== canonicalJson(subject)) return false;
      if (!db.inTransaction) throw new Error('a signature must be recorded inside the transition it belongs to');
      const row = {
        id: reference,
        request_id: subject.requestId,
        action: subject.action,
        content: entry.content,
        cms: Buffer.from(entry.cms),
        signer_iin: entry.signer.subject.iin ?? '',
        signer_name: entry.signer.subject.commonName ?? '',
        certificate_fingerprint: entry.signer.fingerprint,
        key_source: entry.keySource,
        checks: JSON.stringify(entry.verdict.checks),
        signed_at: entry.verdict.signingTime ?? now().toISOString(),
        workstation_id: workstationId,
      };
      insertSignature.run(row);
      changes.record('signature', reference, 'insert', { ...row, cms: Buffer.from(entry.cms).toString('base64') }, null);
      pending.delete(reference);
      return true;
    },
  };

  return {
    status,
    setModules(paths) {
      writeSetting.run(JSON.stringify(paths));
      tokens.setModules(paths);
      return status();
    },
    certificates(tokenRef) {
      try {
        return tokens.certificates(tokenRef);
      } catch (error) {
        throw signingFailure(error);
      }
    },
    keyFileCertificates(fileId, password) {
      try {
        return openKeyFile(keyFileBytes(fileId), password).map((entry) => entry.certificate.info);
      } catch (error) {
        throw signingFailure(error);
      }
    },
    addKeyFile(name, bytes) {
      // Checked to be PKCS#12 by its structure (a wrong password is a different error from garbage).
      try {
        openKeyFile(bytes, '\u0000probe');
      } catch (error) {
        if (error instanceof KeyFileError && error.code === 'key_file_malformed') throw new ApiFailure('signing_failed', { reason: 'key_file_malformed' });
      }
      const id = sha256Hex(bytes).slice(0, 32);
      fs.mkdirSync(keysDir, { recursive: true, mode: 0o700 });
      fs.writeFileSync(path.join(keysDir, `${id}.p12`), bytes, { mode: 0o600 });
      const summary = { id, name: name.slice(0, 200) };
      fs.writeFileSync(path.join(keysDir, `${id}.json`), JSON.stringify(summary), { mode: 0o600 });
      return summary;
    },

    async signForRequest(actor, subject, key, pin) {
      const session = openSession(key, pin);
      try {
        return await session.sign(actor, subject);
      } finally {
        session.close();
      }
    },
    openSession,
    discard(signatureRef) {
      pending.delete(signatureRef);
    },

    signatures(requestId) {
      return (selectSignatures.all(requestId) as Record<string, unknown>[]).map((row) => ({
        id: row.id as string,
        action: row.action as string,
        signerIin: row.signer_iin as string,
        signerName: row.signer_name as string,
        certificateFingerprint: row.certificate_fingerprint as string,
        keySource: row.key_source as 'token' | 'file',
        signedAt: row.signed_at as string,
        checks: JSON.parse(row.checks as string) as Verdict['checks'],
      }));
    },

    async verifyFile(p7s, options) {
      try {
        return await verifyRefreshingCrls(p7s, options);
      } catch (error) {
        if (error instanceof CmsFormatError || error instanceof CertificateFormatError) {
          throw new ApiFailure('invalid_input', undefined, [{ path: 'signature', code: 'signing.not_a_signature' }]);
        }
        throw error;
      }
    },
    trust,
    addRoot(bytes) {
      try {
        return trust.addRoot(bytes);
      } catch {
        throw new ApiFailure('invalid_input', undefined, [{ path: 'content', code: 'signing.not_a_certificate' }]);
      }
    },
    addCrl(bytes) {
      try {
        return trust.addCrl(bytes);
      } catch {
        throw new ApiFailure('invalid_input', undefined, [{ path: 'content', code: 'signing.not_a_crl' }]);
      }
    },
    ocspSettings: () => ({ url: (readOcspUrl.get() as string | undefined) ?? '' }),
    setOcspSettings({ url }) {
      writeOcspUrl.run(url.trim());
      ocspFailures.clear();
      return { url: url.trim() };
    },
    verifier,
    tokenPresence() {
      if (tokens.modules().every((module) => module.state !== 'loaded')) return 'not_configured';
      return safeList().length > 0 ? 'present' : 'absent';
    },
  };
}

/** JSON with sorted keys: the same decision always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

function signingFailure(error: unknown): Error {
  if (error instanceof ApiFailure) return error;
  if (error instanceof TokenError) return new ApiFailure('signing_failed', { reason: error.code, ...error.params });
  if (error instanceof KeyFileError) return new ApiFailure('signing_failed', { reason: error.code });
  return error instanceof Error ? error : new Error(String(error));
}
