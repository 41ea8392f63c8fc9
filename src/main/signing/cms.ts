// CMS SignedData (RFC 5652) as the regulations' ЭЦҚ needs it: SHA-256, signed attributes
// content-type, message-digest, signing-time and signing-certificate-v2 (RFC 5035), detached or
// attached; RSA PKCS#1 v1.5 or ECDSA P-256. The signature value comes from a KeySigner — on a token
// that is C_Sign, so the private key never leaves it.
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { parseCertificate, type ParsedCertificate } from './certificates';

export const CMS_OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
} as const;

/** Something that signs with the private key of `certificate`, wherever that key lives. */
export interface KeySigner {
  certificate: Uint8Array;
  keyType: 'rsa' | 'ec';
  /**
   * Signs `data` (the DER of the signed attributes) with SHA-256: for RSA the PKCS#1 v1.5 signature,
   * for ECDSA the DER-encoded (r, s) — as CMS carries them.
   */
  sign(data: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

export interface SignOptions {
  attached?: boolean;
  signingTime: Date;
}

export async function signCms(content: Uint8Array, signer: KeySigner, options: SignOptions): Promise<Uint8Array> {
  const cert = parseCertificate(signer.certificate);
  const digest = createHash('sha256').update(content).digest();
  const attributes = [
    new pkijs.Attribute({ type: CMS_OID.contentType, values: [new asn1js.ObjectIdentifier({ value: CMS_OID.data })] }),
    new pkijs.Attribute({ type: CMS_OID.signingTime, values: [signingTimeValue(options.signingTime)] }),
    new pkijs.Attribute({ type: CMS_OID.messageDigest, values: [new asn1js.OctetString({ valueHex: digest })] }),
    new pkijs.Attribute({ type: CMS_OID.signingCertificateV2, values: [signingCertificateV2(cert)] }),
  ];
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes });
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.pki.issuer, serialNumber: cert.pki.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: CMS_OID.sha256 }),
    signedAttrs,
    signatureAlgorithm:
      signer.keyType === 'rsa'
        ? new pkijs.AlgorithmIdentifier({ algorithmId: CMS_OID.rsaEncryption, algorithmParams: new asn1js.Null() })
        : new pkijs.AlgorithmIdentifier({ algorithmId: CMS_OID.ecdsaWithSha256 }),
  });
  const signature = await signer.sign(signedAttributesBytes(signedAttrs));
  signerInfo.signature = new asn1js.OctetString({ valueHex: signature });

  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: CMS_OID.sha256 })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: CMS_OID.data,
      ...(options.attached ? { eContent: new asn1js.OctetString({ valueHex: content }) } : {}),
    }),
    certificates: [cert.pki],
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: CMS_OID.signedData, content: signedData.toSchema(true) });
  return new Uint8Array(contentInfo.toSchema().toBER(false));
}

/** The bytes a CMS signature covers: the signed attributes re-tagged as a SET (RFC 5652 §5.4). */
export function signedAttributesBytes(attrs: pkijs.SignedAndUnsignedAttributes): Uint8Array {
  const encoded = attrs.encodedValue.byteLength > 0 ? new Uint8Array(attrs.encodedValue) : new Uint8Array(attrs.toSchema().toBER(false));
  const bytes = new Uint8Array(encoded);
  bytes[0] = 0x31;
  return bytes;
}

// UTCTime until 2050, GeneralizedTime after (RFC 5652 §11.3).
function signingTimeValue(at: Date): asn1js.BaseBlock {
  return at.getUTCFullYear() < 2050 ? new asn1js.UTCTime({ valueDate: at }) : new asn1js.GeneralizedTime({ valueDate: at });
}

// ESSCertIDv2 with the default hash (SHA-256, so omitted) and the issuer + serial of the certificate.
function signingCertificateV2(cert: ParsedCertificate): asn1js.Sequence {
  const certHash = createHash('sha256').update(cert.der).digest();
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [cert.pki.issuer.toSchema()] })],
      }),
      new asn1js.Integer({ valueHex: cert.pki.serialNumber.valueBlock.valueHexView }),
    ],
  });
  const essCertId = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: certHash }), issuerSerial] });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertId] })] });
}

/** ECDSA signatures from PKCS#11 are r‖s; CMS wants SEQUENCE { r INTEGER, s INTEGER }. */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  const integer = (bytes: Uint8Array) => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
    const trimmed = bytes.subarray(start);
    const positive = (trimmed[0] ?? 0) & 0x80 ? Uint8Array.from([0, ...trimmed]) : trimmed;
    return new asn1js.Integer({ valueHex: positive });
  };
  const sequence = new asn1js.Sequence({ value: [integer(raw.subarray(0, half)), integer(raw.subarray(half))] });
  return new Uint8Array(sequence.toBER(false));
}

/** The DigestInfo prefix for SHA-256, for tokens that only offer raw CKM_RSA_PKCS. */
export const SHA256_DIGEST_INFO_PREFIX = Uint8Array.from([0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20]);

export interface ParsedSignedData {
  signedData: pkijs.SignedData;
  signerInfo: pkijs.SignerInfo;
  certificates: ParsedCertificate[];
  attachedContent: Uint8Array | null;
}

export class CmsFormatError extends Error {
  constructor(readonly reason: string) {
    super(`not a CMS signature: ${reason}`);
    this.name = 'CmsFormatError';
  }
}

/** DER or PEM (`-----BEGIN PKCS7-----` / `CMS`) bytes → the SignedData with its first signer. */
export function parseSignedData(bytes: Uint8Array): ParsedSignedData {
  const der = pemBody(bytes) ?? bytes;
  let contentInfo: pkijs.ContentInfo;
  try {
    contentInfo = pkijs.ContentInfo.fromBER(new Uint8Array(der));
  } catch {
    throw new CmsFormatError('malformed');
  }
  if (contentInfo.contentType !== CMS_OID.signedData) throw new CmsFormatError('not_signed_data');
  let signedData: pkijs.SignedData;
  try {
    signedData = new pkijs.SignedData({ schema: contentInfo.content });
  } catch {
    throw new CmsFormatError('malformed');
  }
  const signerInfo = signedData.signerInfos[0];
  if (!signerInfo) throw new CmsFormatError('no_signer');
  const certificates = (signedData.certificates ?? [])
    .filter((item): item is pkijs.Certificate => item instanceof pkijs.Certificate)
    .map((item) => parseCertificate(new Uint8Array(item.toSchema().toBER(false))));
  const eContent = signedData.encapContentInfo.eContent;
  return { signedData, signerInfo, certificates, attachedContent: eContent ? octets(eContent) : null };
}

function pemBody(bytes: Uint8Array): Uint8Array | null {
  const text = Buffer.from(bytes.subarray(0, 64)).toString('latin1');
  if (!text.startsWith('-----BEGIN')) return null;
  const match = /-----BEGIN [A-Z0-9 ]+-----([\s\S]+?)-----END/.exec(Buffer.from(bytes).toString('latin1'));
  return match ? new Uint8Array(Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64')) : null;
}

// An OCTET STRING may arrive constructed (BER, in pieces): join them.
function octets(value: asn1js.OctetString): Uint8Array {
  if (!value.idBlock.isConstructed) return new Uint8Array(value.valueBlock.valueHexView);
  const parts = (value.valueBlock.value as asn1js.OctetString[]).map(octets);
  return new Uint8Array(Buffer.concat(parts));
}

export function attributeValue(signerInfo: pkijs.SignerInfo, oid: string): asn1js.AsnType | null {
  const found = signerInfo.signedAttrs?.attributes.find((attribute) => attribute.type === oid);
  return (found?.values[0] as asn1js.AsnType | undefined) ?? null;
}
