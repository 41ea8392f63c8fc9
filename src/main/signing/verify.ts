// Verification of a CMS signature, as the regulations require it for incoming requests and as anyone
// holding a signed file needs it: the signature, the content digest, the chain up to a trusted root,
// validity at signing time, revocation by CRL or OCSP, the key's usage, and the IIN/BIN of the request against
// the certificate. Every check is reported as pass / fail / unknown — never a bare "valid".
import { createHash, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { VerificationCheck, Verdict } from '../../shared/signing';
import { hex, pemToDer, type ParsedCertificate } from './certificates';
import { attributeValue, CMS_OID, parseSignedData, signedAttributesBytes } from './cms';
import type { OcspResult } from './ocsp';

export interface ParsedCrl {
  der: Uint8Array;
  pki: pkijs.CertificateRevocationList;
  thisUpdate: Date;
  nextUpdate: Date | null;
  /** Serial (hex, no leading zeros) → revocation date. */
  revoked: Map<string, Date>;
}

export interface TrustMaterial {
  roots: ParsedCertificate[];
  /** Intermediate CA certificates known locally (a signature may also carry them). */
  intermediates: ParsedCertificate[];
  crls: ParsedCrl[];
}

export interface VerifyOptions {
  /** The signed content, for a detached signature (or to compare with an attached one). */
  content?: Uint8Array;
  trust: TrustMaterial;
  now: Date;
  expectIin?: string;
  expectBin?: string;
  /**
   * OCSP answers already fetched (verification itself stays offline and synchronous): signer's
   * serial (hex, no leading zeros) → the checked answer. Used only when its issuer is the chain's.
   */
  ocsp?: ReadonlyMap<string, OcspResult>;
}

export function parseCrl(bytes: Uint8Array): ParsedCrl {
  const der = pemToDer(bytes, 'X509 CRL') ?? bytes;
  const pki = pkijs.CertificateRevocationList.fromBER(new Uint8Array(der));
  const revoked = new Map<string, Date>();
  for (const entry of pki.revokedCertificates ?? []) {
    revoked.set(serialHex(entry.userCertificate), entry.revocationDate.value);
  }
  return { der: new Uint8Array(der), pki, thisUpdate: pki.thisUpdate.value, nextUpdate: pki.nextUpdate?.value ?? null, revoked };
}

function serialHex(value: asn1js.Integer): string {
  return hex(value.valueBlock.valueHexView).replace(/^(00)+(?=.)/, '');
}

export function verifyCms(p7s: Uint8Array, options: VerifyOptions): Verdict {
  const parsed = parseSignedData(p7s);
  const { signerInfo } = parsed;
  const checks: VerificationCheck[] = [];
  const signer = findSigner(signerInfo, parsed.certificates);
  const signingTimeValue = attributeValue(signerInfo, CMS_OID.signingTime) as asn1js.UTCTime | asn1js.GeneralizedTime | null;
  const signingTime = signingTimeValue ? signingTimeValue.toDate() : null;
  const content = options.content ?? parsed.attachedContent;

  if (!signer) {
    checks.push({ name: 'signature', status: 'fail', reason: 'signer_certificate_missing' });
    return { ok: false, checks, signer: null, signingTime: signingTime?.toISOString() ?? null, attached: parsed.attachedContent !== null };
  }

  checks.push(signatureCheck(signerInfo, signer, content));
  checks.push(digestCheck(signerInfo, content, parsed.attachedContent, options.content));
  const certCheck = signingCertificateCheck(signerInfo, signer);
  if (certCheck) checks.push(certCheck);

  const at = signingTime ?? options.now;
  const chain = buildChain(signer, [...parsed.certificates, ...options.trust.intermediates], options.trust.roots);
  checks.push(chain.ok ? { name: 'chain', status: 'pass' } : { name: 'chain', status: 'fail', reason: chain.reason });
  checks.push(validityCheck(chain.certificates, at));
  checks.push(revocationCheck(chain.certificates, options.trust.crls, options.now, options.ocsp));
  checks.push(signer.info.canSign ? { name: 'key_usage', status: 'pass' } : { name: 'key_usage', status: 'fail', reason: 'not_signing_key' });
  if (options.expectIin !== undefined) checks.push(identityCheck('iin_match', options.expectIin, signer.info.subject.iin));
  if (options.expectBin !== undefined) checks.push(identityCheck('bin_match', options.expectBin, signer.info.subject.bin));

  return {
    ok: checks.every((check) => check.status === 'pass'),
    checks,
    signer: signer.info,
    signingTime: signingTime?.toISOString() ?? null,
    attached: parsed.attachedContent !== null,
  };
}

/** The signer's certificate and its issuer (from the signature or the trust material), to ask OCSP about. */
export function signerAndIssuer(p7s: Uint8Array, trust: TrustMaterial): { signer: ParsedCertificate; issuer: ParsedCertificate } | null {
  const parsed = parseSignedData(p7s);
  const signer = findSigner(parsed.signerInfo, parsed.certificates);
  if (!signer) return null;
  const chain = buildChain(signer, [...parsed.certificates, ...trust.intermediates], trust.roots);
  const issuer = chain.certificates[1];
  return chain.ok && issuer ? { signer, issuer } : null;
}

function findSigner(signerInfo: pkijs.SignerInfo, certificates: ParsedCertificate[]): ParsedCertificate | null {
  const sid = signerInfo.sid as pkijs.IssuerAndSerialNumber | asn1js.Primitive;
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    const serial = serialHex(sid.serialNumber);
    return certificates.find((cert) => cert.info.serialHex === serial && cert.pki.issuer.isEqual(sid.issuer)) ?? null;
  }
  // SubjectKeyIdentifier: compare with the SHA-1 of the public key, as most CAs compute it.
  const keyId = hex((sid as asn1js.Primitive).valueBlock.valueHexView);
  return (
    certificates.find((cert) => {
      const ext = cert.pki.extensions?.find((item) => item.extnID === '2.5.29.14');
      return ext && hex((ext.parsedValue as asn1js.OctetString).valueBlock.valueHexView) === keyId;
    }) ?? null
  );
}

function signatureCheck(signerInfo: pkijs.SignerInfo, signer: ParsedCertificate, content: Uint8Array | null): VerificationCheck {
  const signedBytes = signerInfo.signedAttrs ? signedAttributesBytes(signerInfo.signedAttrs) : content;
  if (!signedBytes) return { name: 'signature', status: 'unknown', reason: 'content_missing' };
  if (signerInfo.digestAlgorithm.algorithmId !== CMS_OID.sha256) {
    return { name: 'signature', status: 'fail', reason: 'unsupported_algorithm', params: { algorithm: signerInfo.digestAlgorithm.algorithmId } };
  }
  const signature = new Uint8Array(signerInfo.signature.valueBlock.valueHexView);
  return verifyWithKey(signer.x509.publicKey, signedBytes, signature)
    ? { name: 'signature', status: 'pass' }
    : { name: 'signature', status: 'fail', reason: 'bad_signature' };
}

function verifyWithKey(key: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    return cryptoVerify('sha256', data, key.asymmetricKeyType === 'ec' ? { key, dsaEncoding: 'der' } : key, signature);
  } catch {
    return false;
  }
}

function digestCheck(
  signerInfo: pkijs.SignerInfo,
  content: Uint8Array | null,
  attached: Uint8Array | null,
  given: Uint8Array | undefined,
): VerificationCheck {
  if (!content) return { name: 'content_digest', status: 'unknown', reason: 'content_missing' };
  if (attached && given && Buffer.compare(Buffer.from(attached), Buffer.from(given)) !== 0) {
    return { name: 'content_digest', status: 'fail', reason: 'content_differs' };
  }
  const digest = createHash('sha256').update(content).digest();
  const expected = attributeValue(signerInfo, CMS_OID.messageDigest) as asn1js.OctetString | null;
  if (!signerInfo.signedAttrs) return { name: 'content_digest', status: 'pass' };
  if (!expected) return { name: 'content_digest', status: 'fail', reason: 'digest_missing' };
  const contentType = attributeValue(signerInfo, CMS_OID.contentType) as asn1js.ObjectIdentifier | null;
  if (!contentType || contentType.valueBlock.toString() !== CMS_OID.data) return { name: 'content_digest', status: 'fail', reason: 'content_type' };
  return Buffer.compare(digest, Buffer.from(expected.valueBlock.valueHexView)) === 0
    ? { name: 'content_digest', status: 'pass' }
    : { name: 'content_digest', status: 'fail', reason: 'content_modified' };
}

// signing-certificate-v2 binds the signature to the certificate (not just to its key).
function signingCertificateCheck(signerInfo: pkijs.SignerInfo, signer: ParsedCertificate): VerificationCheck | null {
  const value = attributeValue(signerInfo, CMS_OID.signingCertificateV2) as asn1js.Sequence | null;
  if (!value) return null;
  try {
    const certs = value.valueBlock.value[0] as asn1js.Sequence;
    const first = certs.valueBlock.value[0] as asn1js.Sequence;
    let index = 0;
    let algorithm: string = CMS_OID.sha256;
    if (first.valueBlock.value[0] instanceof asn1js.Sequence) {
      algorithm = (first.valueBlock.value[0].valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString();
      index = 1;
    }
    if (algorithm !== CMS_OID.sha256) return { name: 'signing_certificate', status: 'unknown', reason: 'unsupported_algorithm' };
    const hash = (first.valueBlock.value[index] as asn1js.OctetString).valueBlock.valueHexView;
    const actual = createHash('sha256').update(signer.der).digest();
    return Buffer.compare(actual, Buffer.from(hash)) === 0
      ? { name: 'signing_certificate', status: 'pass' }
      : { name: 'signing_certificate', status: 'fail', reason: 'certificate_mismatch' };
  } catch {
    return { name: 'signing_certificate', status: 'fail', reason: 'malformed' };
  }
}

interface Chain {
  ok: boolean;
  reason?: string;
  /** From the signer up to (and including) the trusted root when found. */
  certificates: ParsedCertificate[];
}

function issuedBy(child: ParsedCertificate, parent: ParsedCertificate): boolean {
  try {
    return child.x509.checkIssued(parent.x509) && child.x509.verify(parent.x509.publicKey);
  } catch {
    return false;
  }
}

function buildChain(signer: ParsedCertificate, pool: ParsedCertificate[], roots: ParsedCertificate[]): Chain {
  const chain = [signer];
  let current = signer;
  for (let depth = 0; depth < 8; depth += 1) {
    const root = roots.find((candidate) => issuedBy(current, candidate));
    if (root) {
      if (root.info.fingerprint !== current.info.fingerprint) chain.push(root);
      return { ok: true, certificates: chain };
    }
    if (issuedBy(current, current)) return { ok: false, reason: 'untrusted_root', certificates: chain };
    const parent = pool.find((candidate) => candidate.info.fingerprint !== current.info.fingerprint && issuedBy(current, candidate));
    if (!parent) return { ok: false, reason: 'issuer_unknown', certificates: chain };
    chain.push(parent);
    current = parent;
  }
  return { ok: false, reason: 'chain_too_long', certificates: chain };
}

function validityCheck(chain: ParsedCertificate[], at: Date): VerificationCheck {
  for (const cert of chain) {
    if (at < new Date(cert.info.notBefore)) {
      return { name: 'validity', status: 'fail', reason: 'not_yet_valid', params: { subject: cert.info.subject.commonName ?? '', from: cert.info.notBefore } };
    }
    if (at > new Date(cert.info.notAfter)) {
      return { name: 'validity', status: 'fail', reason: 'expired', params: { subject: cert.info.subject.commonName ?? '', until: cert.info.notAfter } };
    }
  }
  return { name: 'validity', status: 'pass', params: { at: at.toISOString() } };
}

function crlSignedBy(crl: ParsedCrl, issuer: ParsedCertificate): boolean {
  if (!crl.pki.issuer.isEqual(issuer.pki.subject)) return false;
  const signature = new Uint8Array(crl.pki.signatureValue.valueBlock.valueHexView);
  return verifyWithKey(issuer.x509.publicKey, new Uint8Array(crl.pki.tbsView), signature);
}

// The signer's certificate must be covered by a fresh CRL of its issuer or a fresh OCSP answer:
// revoked (by either) fails; no CRL or only an out-of-date one, and no good OCSP answer, is "could not
// check", never a pass. An OCSP answer that could not be had or trusted falls back to the CRLs.
// Intermediate CA certificates are checked against their issuer's revocation list when one is at hand
// (a revoked CA fails). The params say which source decided (`source`: crl or ocsp).
function revocationCheck(chain: ParsedCertificate[], crls: ParsedCrl[], now: Date, ocspAnswers?: ReadonlyMap<string, OcspResult>): VerificationCheck {
  if (chain.length < 2) return { name: 'revocation', status: 'unknown', reason: 'chain_incomplete' };
  let signerStatus: VerificationCheck = { name: 'revocation', status: 'pass', params: { source: 'crl' } };
  for (let index = 0; index < chain.length - 1; index += 1) {
    const cert = chain[index]!;
    const issuer = chain[index + 1]!;
    const subject = cert.info.subject.commonName ?? '';
    const found = index === 0 ? ocspAnswers?.get(cert.info.serialHex) : undefined;
    const ocsp = found && found.issuerFingerprint === issuer.info.fingerprint ? found : undefined;
    if (ocsp?.status === 'revoked') {
      return { name: 'revocation', status: 'fail', reason: 'revoked', params: { subject, date: ocsp.revocationTime.toISOString(), source: 'ocsp' } };
    }
    const candidates = crls.filter((crl) => crlSignedBy(crl, issuer)).sort((a, b) => b.thisUpdate.getTime() - a.thisUpdate.getTime());
    const revokedOn = candidates.map((crl) => crl.revoked.get(cert.info.serialHex)).find((date) => date !== undefined);
    if (revokedOn) {
      return { name: 'revocation', status: 'fail', reason: 'revoked', params: { subject, date: revokedOn.toISOString(), source: 'crl' } };
    }
    if (index > 0) continue;
    if (ocsp?.status === 'good' && (!ocsp.nextUpdate || ocsp.nextUpdate >= now)) {
      signerStatus = { name: 'revocation', status: 'pass', params: { source: 'ocsp' } };
      continue;
    }
    // What OCSP said when it did not decide: the responder's "unknown", or why its answer was not used.
    const ocspNote: Record<string, string> = ocsp ? { ocsp: ocsp.status === 'error' ? ocsp.reason : ocsp.status } : {};
    const latest = candidates[0];
    if (!latest) signerStatus = { name: 'revocation', status: 'unknown', reason: 'crl_missing', params: { issuer: cert.info.issuer, ...ocspNote } };
    else if (latest.nextUpdate && latest.nextUpdate < now) {
      signerStatus = { name: 'revocation', status: 'unknown', reason: 'crl_stale', params: { issuer: cert.info.issuer, nextUpdate: latest.nextUpdate.toISOString(), ...ocspNote } };
    } else signerStatus = { name: 'revocation', status: 'pass', params: { source: 'crl', ...ocspNote } };
  }
  return signerStatus;
}

function identityCheck(name: 'iin_match' | 'bin_match', expected: string, actual: string | null): VerificationCheck {
  if (actual === expected) return { name, status: 'pass' };
  return { name, status: 'fail', reason: actual ? 'mismatch' : 'absent', params: { expected, actual: actual ?? '' } };
}
