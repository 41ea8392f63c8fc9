// Revocation by OCSP (RFC 6960), where an administrator configured a responder (НУЦ РК's
// http://ocsp.pki.gov.kz) or the certificate names one in its Authority Information Access. The
// request is built with pkijs; the answer is trusted only when it is signed by the issuer itself or by
// a responder certificate the issuer issued with id-kp-OCSPSigning, answers for exactly this
// certificate, carries our nonce back (when one was sent) and is fresh. Signatures are checked with
// node:crypto, as verify.ts does. Anything else is an error reason, never a "good".
import { createHash, randomBytes, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { hex, parseCertificate, type ParsedCertificate } from './certificates';

export type OcspErrorReason =
  | 'unreachable'
  | 'malformed'
  | 'responder_error'
  | 'bad_signature'
  | 'unauthorized'
  | 'nonce_mismatch'
  | 'no_answer'
  | 'stale';

interface OcspBase {
  url: string;
  /** The certificate asked about (hex, no leading zeros) and its issuer, as verify.ts names them. */
  serialHex: string;
  issuerFingerprint: string;
}

export type OcspAnswer =
  | { status: 'good' | 'unknown'; thisUpdate: Date; nextUpdate: Date | null }
  | { status: 'revoked'; revocationTime: Date; thisUpdate: Date; nextUpdate: Date | null }
  | { status: 'error'; reason: OcspErrorReason; detail?: string };

export type OcspResult = OcspBase & OcspAnswer;

export interface OcspOptions {
  url: string;
  now: Date;
  /** Default sha1 (what every responder understands); sha256 where the responder supports it. */
  hash?: 'sha1' | 'sha256';
  /** Default true. */
  nonce?: boolean;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

const OID = {
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  nonce: '1.3.6.1.5.5.7.48.1.2',
  basic: '1.3.6.1.5.5.7.48.1.1',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
  extKeyUsage: '2.5.29.37',
} as const;

/** Signature algorithms of responses → the digest node:crypto verifies with. */
const SIGNATURE_DIGESTS: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};

const DEFAULT_TIMEOUT_MS = 4_000;
/** Clock difference tolerated between the workstation and the responder. */
const SKEW_MS = 5 * 60_000;
/** A response without nextUpdate is fresh only this long after its thisUpdate. */
const MAX_AGE_WITHOUT_NEXT_UPDATE_MS = 60 * 60_000;

const serialOf = (value: asn1js.Integer) => hex(value.valueBlock.valueHexView).replace(/^(00)+(?=.)/, '');

/** The CertID of (certificate, issuer): hashes of the issuer's name and key, and the serial. */
export function certId(cert: ParsedCertificate, issuer: ParsedCertificate, hash: 'sha1' | 'sha256' = 'sha1'): pkijs.CertID {
  const digest = (bytes: Uint8Array) => new Uint8Array(createHash(hash).update(bytes).digest());
  // The issuer's name exactly as the certificate encodes it.
  const raw = cert.pki.issuer.valueBeforeDecode;
  const issuerName = raw.byteLength ? new Uint8Array(raw) : new Uint8Array(cert.pki.issuer.toSchema().toBER());
  return new pkijs.CertID({
    hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID[hash], algorithmParams: new asn1js.Null() }),
    issuerNameHash: new asn1js.OctetString({ valueHex: digest(issuerName) }),
    issuerKeyHash: new asn1js.OctetString({ valueHex: digest(issuer.pki.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView) }),
    serialNumber: new asn1js.Integer({ valueHex: cert.pki.serialNumber.valueBlock.valueHexView }),
  });
}

/** An OCSPRequest for one certificate, DER; `nonce` is the extension value to expect back. */
export function buildOcspRequest(cert: ParsedCertificate, issuer: ParsedCertificate, options: { hash?: 'sha1' | 'sha256'; nonce?: boolean } = {}) {
  const request = new pkijs.OCSPRequest();
  request.tbsRequest.requestList = [new pkijs.Request({ reqCert: certId(cert, issuer, options.hash) })];
  let nonce: Uint8Array | null = null;
  if (options.nonce !== false) {
    nonce = new Uint8Array(new asn1js.OctetString({ valueHex: randomBytes(16) }).toBER());
    request.tbsRequest.requestExtensions = [new pkijs.Extension({ extnID: OID.nonce, extnValue: nonce.buffer as ArrayBuffer })];
  }
  return { der: new Uint8Array(request.toSchema(true).toBER()), nonce };
}

/** Asks the responder about the certificate; never throws. */
export async function checkOcsp(cert: ParsedCertificate, issuer: ParsedCertificate, options: OcspOptions): Promise<OcspResult> {
  const base: OcspBase = { url: options.url, serialHex: cert.info.serialHex, issuerFingerprint: issuer.info.fingerprint };
  const error = (reason: OcspErrorReason, detail?: string): OcspResult => ({ ...base, status: 'error', reason, ...(detail ? { detail } : {}) });
  if (!/^https?:\/\//i.test(options.url)) return error('unreachable', 'unsupported_scheme');
  const hash = options.hash ?? 'sha1';
  const request = buildOcspRequest(cert, issuer, { hash, nonce: options.nonce ?? true });
  let body: Uint8Array<ArrayBuffer>;
  try {
    const response = await (options.fetchImpl ?? fetch)(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' },
      body: request.der,
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
    if (!response.ok) return error('unreachable', `HTTP ${response.status}`);
    body = new Uint8Array(await response.arrayBuffer());
  } catch (failure) {
    return error('unreachable', (failure as Error).message);
  }
  try {
    return { ...base, ...readResponse(body, cert, issuer, certId(cert, issuer, hash), request.nonce, options.now) };
  } catch {
    return error('malformed');
  }
}

function readResponse(
  body: Uint8Array<ArrayBuffer>,
  cert: ParsedCertificate,
  issuer: ParsedCertificate,
  expected: pkijs.CertID,
  nonce: Uint8Array | null,
  now: Date,
): OcspAnswer {
  const response = pkijs.OCSPResponse.fromBER(body);
  const status = response.responseStatus.valueBlock.valueDec;
  // 6 is "unauthorized": the responder does not answer for this CA.
  if (status === 6) return { status: 'error', reason: 'unauthorized', detail: 'responder_status_6' };
  if (status !== 0) return { status: 'error', reason: 'responder_error', detail: `responder_status_${status}` };
  if (!response.responseBytes || response.responseBytes.responseType !== OID.basic) return { status: 'error', reason: 'malformed' };
  const basic = pkijs.BasicOCSPResponse.fromBER(new Uint8Array(response.responseBytes.response.valueBlock.valueHexView));

  const signer = responseSigner(basic, issuer, now);
  if (signer !== 'issuer' && signer !== 'delegated') return { status: 'error', reason: signer };

  const data = basic.tbsResponseData;
  if (nonce) {
    const returned = data.responseExtensions?.find((ext) => ext.extnID === OID.nonce);
    if (!returned || Buffer.compare(Buffer.from(returned.extnValue.valueBlock.valueHexView), Buffer.from(nonce)) !== 0) {
      return { status: 'error', reason: 'nonce_mismatch' };
    }
  }
  const single = data.responses.find((item) => sameCertId(item.certID, expected));
  if (!single) return { status: 'error', reason: 'no_answer', detail: `serial ${cert.info.serialHex}` };

  const thisUpdate = single.thisUpdate;
  const nextUpdate = single.nextUpdate ?? null;
  if (thisUpdate.getTime() > now.getTime() + SKEW_MS) return { status: 'error', reason: 'stale', detail: 'thisUpdate in the future' };
  if (nextUpdate ? nextUpdate.getTime() < now.getTime() - SKEW_MS : now.getTime() - thisUpdate.getTime() > MAX_AGE_WITHOUT_NEXT_UPDATE_MS) {
    return { status: 'error', reason: 'stale', detail: (nextUpdate ?? thisUpdate).toISOString() };
  }
  const certStatus = single.certStatus as asn1js.BaseBlock;
  const tag = certStatus.idBlock.tagNumber;
  if (certStatus.idBlock.tagClass !== 3) return { status: 'error', reason: 'malformed' };
  if (tag === 0) return { status: 'good', thisUpdate, nextUpdate };
  if (tag === 2) return { status: 'unknown', thisUpdate, nextUpdate };
  if (tag === 1) {
    const time = (certStatus as asn1js.Constructed).valueBlock.value[0];
    if (!(time instanceof asn1js.GeneralizedTime)) return { status: 'error', reason: 'malformed' };
    return { status: 'revoked', revocationTime: time.toDate(), thisUpdate, nextUpdate };
  }
  return { status: 'error', reason: 'malformed' };
}

function sameCertId(a: pkijs.CertID, b: pkijs.CertID): boolean {
  const same = (x: asn1js.OctetString, y: asn1js.OctetString) => Buffer.compare(Buffer.from(x.valueBlock.valueHexView), Buffer.from(y.valueBlock.valueHexView)) === 0;
  return (
    a.hashAlgorithm.algorithmId === b.hashAlgorithm.algorithmId &&
    same(a.issuerNameHash, b.issuerNameHash) &&
    same(a.issuerKeyHash, b.issuerKeyHash) &&
    serialOf(a.serialNumber) === serialOf(b.serialNumber)
  );
}

function verifyWithKey(key: KeyObject, digest: string, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    return cryptoVerify(digest, data, key.asymmetricKeyType === 'ec' ? { key, dsaEncoding: 'der' } : key, signature);
  } catch {
    return false;
  }
}

/**
 * Who signed the response: the issuer itself, or a delegated responder — a certificate in the
 * response that the issuer issued, with id-kp-OCSPSigning, valid now. A signature by any other key
 * is `unauthorized`; one no key verifies is `bad_signature`.
 */
function responseSigner(basic: pkijs.BasicOCSPResponse, issuer: ParsedCertificate, now: Date): 'issuer' | 'delegated' | 'bad_signature' | 'unauthorized' {
  const digest = SIGNATURE_DIGESTS[basic.signatureAlgorithm.algorithmId];
  if (!digest) return 'bad_signature';
  const tbs = basic.tbsResponseData.tbsView;
  const signature = new Uint8Array(basic.signature.valueBlock.valueHexView);
  if (verifyWithKey(issuer.x509.publicKey, digest, tbs, signature)) return 'issuer';
  let signedByOther = false;
  for (const raw of basic.certs ?? []) {
    let candidate: ParsedCertificate;
    try {
      candidate = parseCertificate(new Uint8Array(raw.toSchema().toBER()));
    } catch {
      continue;
    }
    if (!verifyWithKey(candidate.x509.publicKey, digest, tbs, signature)) continue;
    signedByOther = true;
    const issuedByIssuer = (() => {
      try {
        return candidate.x509.checkIssued(issuer.x509) && candidate.x509.verify(issuer.x509.publicKey);
      } catch {
        return false;
      }
    })();
    const valid = now >= new Date(candidate.info.notBefore) && now <= new Date(candidate.info.notAfter);
    const ekus = (candidate.pki.extensions?.find((ext) => ext.extnID === OID.extKeyUsage)?.parsedValue as pkijs.ExtKeyUsage | undefined)?.keyPurposes ?? [];
    if (issuedByIssuer && valid && ekus.includes(OID.ocspSigning)) return 'delegated';
  }
  return signedByOther ? 'unauthorized' : 'bad_signature';
}
