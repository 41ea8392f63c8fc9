// X.509 certificates as the National Certification Centre (НУЦ РК) writes them: the person's IIN in
// SERIALNUMBER ("IIN…"), the organisation's BIN in OU ("BIN…"), the patronymic in GIVENNAME, and the
// staff roles as extended-key-usage OIDs. Parsing is pkijs; the cryptography is node:crypto.
import { createHash, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { EKU_ROLES, type CertificateInfo, type CertificateSubject, type EkuRole, type KeyUsage } from '../../shared/signing';

const OID = {
  commonName: '2.5.4.3',
  surname: '2.5.4.4',
  serialNumber: '2.5.4.5',
  country: '2.5.4.6',
  organisation: '2.5.4.10',
  organisationalUnit: '2.5.4.11',
  givenName: '2.5.4.42',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  crlDistributionPoints: '2.5.29.31',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  accessOcsp: '1.3.6.1.5.5.7.48.1',
  rsa: '1.2.840.113549.1.1.1',
  ec: '1.2.840.10045.2.1',
} as const;

const KEY_USAGE_BITS: KeyUsage[] = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign'];

/** A certificate parsed once: pkijs for the fields, node:crypto for signatures and issuers. */
export interface ParsedCertificate {
  der: Uint8Array;
  pki: pkijs.Certificate;
  x509: X509Certificate;
  info: CertificateInfo;
}

export class CertificateFormatError extends Error {
  constructor(message = 'not an X.509 certificate') {
    super(message);
    this.name = 'CertificateFormatError';
  }
}

/** DER or PEM bytes → the certificate; throws CertificateFormatError for anything else. */
export function parseCertificate(bytes: Uint8Array): ParsedCertificate {
  const der = pemToDer(bytes, 'CERTIFICATE') ?? bytes;
  let pki: pkijs.Certificate;
  let x509: X509Certificate;
  try {
    pki = pkijs.Certificate.fromBER(new Uint8Array(der));
    x509 = new X509Certificate(der);
  } catch {
    throw new CertificateFormatError();
  }
  return { der: new Uint8Array(der), pki, x509, info: describe(pki, der) };
}

/** Every certificate in a PEM bundle (or the one DER certificate). */
export function parseCertificates(bytes: Uint8Array): ParsedCertificate[] {
  const text = Buffer.from(bytes).toString('latin1');
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  if (!blocks) return [parseCertificate(bytes)];
  return blocks.map((block) => parseCertificate(Buffer.from(block, 'latin1')));
}

export function pemToDer(bytes: Uint8Array, label: string): Uint8Array | null {
  const text = Buffer.from(bytes).toString('latin1');
  const match = new RegExp(`-----BEGIN ${label}-----([\\s\\S]+?)-----END ${label}-----`).exec(text);
  return match ? new Uint8Array(Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64')) : null;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function hex(bytes: ArrayBuffer | Uint8Array): string {
  return Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('hex');
}

function describe(cert: pkijs.Certificate, der: Uint8Array): CertificateInfo {
  const keyUsage = readKeyUsage(cert);
  const ekus = readExtendedKeyUsage(cert);
  const roles = ekus.filter((oid): oid is keyof typeof EKU_ROLES => oid in EKU_ROLES).map((oid) => EKU_ROLES[oid] as EkuRole);
  const algorithm = cert.subjectPublicKeyInfo.algorithm.algorithmId;
  return {
    fingerprint: sha256Hex(der),
    serialHex: hex(cert.serialNumber.valueBlock.valueHexView).replace(/^(00)+(?=.)/, ''),
    subject: readSubject(cert.subject),
    issuer: readableName(cert.issuer),
    notBefore: cert.notBefore.value.toISOString(),
    notAfter: cert.notAfter.value.toISOString(),
    keyUsage,
    roles,
    otherUsages: ekus.filter((oid) => !(oid in EKU_ROLES)),
    keyAlgorithm: algorithm === OID.rsa ? 'rsa' : algorithm === OID.ec ? 'ec' : 'other',
    canSign: keyUsage.includes('nonRepudiation'),
    crlUrls: readCrlUrls(cert),
    ocspUrls: readOcspUrls(cert),
  };
}

function attribute(name: pkijs.RelativeDistinguishedNames, oid: string): string | null {
  const found = name.typesAndValues.find((entry) => entry.type === oid);
  if (!found) return null;
  const value = (found.value as { valueBlock?: { value?: unknown } }).valueBlock?.value;
  return typeof value === 'string' ? value : null;
}

function readSubject(name: pkijs.RelativeDistinguishedNames): CertificateSubject {
  const commonName = attribute(name, OID.commonName);
  const serial = attribute(name, OID.serialNumber);
  const unit = name.typesAndValues
    .filter((entry) => entry.type === OID.organisationalUnit)
    .map((entry) => (entry.value as { valueBlock?: { value?: unknown } }).valueBlock?.value)
    .find((value): value is string => typeof value === 'string' && /^BIN\d{12}$/.test(value));
  const surname = attribute(name, OID.surname);
  // CN is "SURNAME NAME": the first name is what follows the surname.
  const firstName = commonName && surname && commonName.startsWith(`${surname} `) ? commonName.slice(surname.length + 1).trim() : null;
  return {
    commonName,
    surname,
    givenName: firstName,
    patronymic: attribute(name, OID.givenName),
    iin: serial && /^IIN\d{12}$/.test(serial) ? serial.slice(3) : null,
    organisation: attribute(name, OID.organisation),
    bin: unit ? unit.slice(3) : null,
    country: attribute(name, OID.country),
  };
}

const SHORT_NAMES: Record<string, string> = {
  [OID.commonName]: 'CN',
  [OID.surname]: 'SN',
  [OID.serialNumber]: 'SERIALNUMBER',
  [OID.country]: 'C',
  [OID.organisation]: 'O',
  [OID.organisationalUnit]: 'OU',
  [OID.givenName]: 'G',
};

export function readableName(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues
    .map((entry) => {
      const value = (entry.value as { valueBlock?: { value?: unknown } }).valueBlock?.value;
      return `${SHORT_NAMES[entry.type] ?? entry.type}=${typeof value === 'string' ? value : '…'}`;
    })
    .join(', ');
}

function extension(cert: pkijs.Certificate, oid: string): pkijs.Extension | undefined {
  return cert.extensions?.find((ext) => ext.extnID === oid);
}

function readKeyUsage(cert: pkijs.Certificate): KeyUsage[] {
  const ext = extension(cert, OID.keyUsage);
  const bits = ext?.parsedValue as asn1js.BitString | undefined;
  if (!bits) return [];
  const bytes = bits.valueBlock.valueHexView;
  return KEY_USAGE_BITS.filter((_, index) => ((bytes[index >> 3] ?? 0) & (0x80 >> (index & 7))) !== 0);
}

function readExtendedKeyUsage(cert: pkijs.Certificate): string[] {
  const parsed = extension(cert, OID.extKeyUsage)?.parsedValue as pkijs.ExtKeyUsage | undefined;
  return parsed?.keyPurposes ?? [];
}

function readCrlUrls(cert: pkijs.Certificate): string[] {
  const parsed = extension(cert, OID.crlDistributionPoints)?.parsedValue as pkijs.CRLDistributionPoints | undefined;
  const urls: string[] = [];
  for (const point of parsed?.distributionPoints ?? []) {
    const names = point.distributionPoint;
    if (!Array.isArray(names)) continue;
    // GeneralName type 6 is a URI.
    for (const name of names) if (name.type === 6 && typeof name.value === 'string') urls.push(name.value);
  }
  return urls;
}

// Authority Information Access, id-ad-ocsp: where the certificate's issuer answers OCSP requests.
function readOcspUrls(cert: pkijs.Certificate): string[] {
  const parsed = extension(cert, OID.authorityInfoAccess)?.parsedValue as pkijs.InfoAccess | undefined;
  return (parsed?.accessDescriptions ?? [])
    .filter((item) => item.accessMethod === OID.accessOcsp && item.accessLocation.type === 6 && typeof item.accessLocation.value === 'string')
    .map((item) => item.accessLocation.value as string);
}
