// An in-memory test PKI in the layout of the National Certification Centre (НУЦ РК): a root, an
// issuing CA under it, and staff certificates with the IIN/BIN in the subject and the НУЦ role OIDs
// in the extended key usage. Everything is generated with WebCrypto on each run; nothing is stored.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Integer } from 'asn1js';
import type * as X509 from '@peculiar/x509';

export type EkuRole = 'individual' | 'legal_entity' | 'first_head' | 'right_of_signature' | 'financial' | 'hr' | 'employee';

/** The НУЦ РК extended key usage OIDs that say whom the certificate belongs to and in what role. */
export const EKU_OIDS: Record<EkuRole, string> = {
  individual: '1.2.398.3.3.4.1.1',
  legal_entity: '1.2.398.3.3.4.1.2',
  first_head: '1.2.398.3.3.4.1.2.1',
  right_of_signature: '1.2.398.3.3.4.1.2.2',
  financial: '1.2.398.3.3.4.1.2.3',
  hr: '1.2.398.3.3.4.1.2.4',
  employee: '1.2.398.3.3.4.1.2.5',
};

export interface IssuedCertificate {
  certDer: Uint8Array;
  certPem: string;
  /** Lower-case hex, exactly as encoded in the certificate. */
  serialHex: string;
  privateKeyPkcs8Der: Uint8Array;
  privateKeyPem: string;
  keyType: 'rsa' | 'ec';
}

export interface PersonSpec {
  /** Written into the subject as given; НУЦ РК writes names in upper case. */
  surname: string;
  givenName: string;
  patronymic?: string;
  /** 12 digits. */
  iin: string;
  /** For staff of an organisation (legal entity certificates). */
  organisation?: { name: string; bin: string };
  /** Default rsa (2048-bit). */
  keyType?: 'rsa' | 'ec';
  /** Default sign. */
  usage?: 'sign' | 'auth';
  roles?: EkuRole[];
  /** Further extended key usages, as OIDs (e.g. id-kp-OCSPSigning for a delegated OCSP responder). */
  extraEkus?: string[];
  notBefore?: Date;
  notAfter?: Date;
}

export interface TestPki {
  root: IssuedCertificate;
  issuing: IssuedCertificate;
  issue(spec: PersonSpec): Promise<IssuedCertificate>;
  /** A CRL signed by the issuing CA, DER. */
  crl(options: { revoked: { serialHex: string; date: Date }[]; thisUpdate: Date; nextUpdate: Date }): Promise<Uint8Array>;
  /** Writes root.pem and issuing.pem into dir (created if missing). */
  writeTrustDir(dir: string): void;
}

const DAY = 24 * 60 * 60 * 1000;
const EMAIL_PROTECTION = '1.3.6.1.5.5.7.3.4';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const RSA_KEY: RsaHashedKeyGenParams = {
  name: 'RSASSA-PKCS1-v1_5',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
};
const EC_KEY: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
// Both CAs are RSA, so every certificate and CRL is signed sha256WithRSAEncryption.
const CA_SIGNING = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };

let x509Loaded: Promise<typeof X509> | undefined;

/**
 * @peculiar/x509 v2 registers its algorithms with tsyringe, which throws on import unless a Reflect
 * metadata polyfill is present, and this project does not depend on reflect-metadata. tsyringe only
 * calls getMetadata/getOwnMetadata/defineMetadata (and x509 emits no design-type metadata), so a small
 * WeakMap stand-in is enough. It must exist before x509 is evaluated, hence the dynamic import.
 */
function loadX509(): Promise<typeof X509> {
  x509Loaded ??= (async () => {
    const reflect = Reflect as unknown as Record<string, unknown>;
    if (typeof reflect.getMetadata !== 'function') {
      const store = new WeakMap<object, Map<unknown, unknown>>();
      reflect.defineMetadata = (key: unknown, value: unknown, target: object) => {
        const own = store.get(target) ?? new Map<unknown, unknown>();
        store.set(target, own.set(key, value));
      };
      reflect.getOwnMetadata = (key: unknown, target: object) => store.get(target)?.get(key);
      reflect.getMetadata = (key: unknown, target: object) => {
        for (let t: object | null = target; t; t = Object.getPrototypeOf(t) as object | null) {
          if (store.get(t)?.has(key)) return store.get(t)?.get(key);
        }
        return undefined;
      };
    }
    const x509 = await import('@peculiar/x509');
    x509.cryptoProvider.set(globalThis.crypto); // Node's WebCrypto
    return x509;
  })();
  return x509Loaded;
}

/** 16 random bytes with the first in 0x01..0x7f: positive and already minimal DER, so the hex round-trips. */
function randomSerialHex(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return Buffer.from(bytes).toString('hex');
}

function digits12(value: string, what: string): string {
  if (!/^\d{12}$/.test(value)) throw new Error(`${what} must be 12 digits, got "${value}"`);
  return value;
}

// Names are built from JSON with explicit string types: left to itself x509 would pick
// PrintableString for ASCII values. C and SERIALNUMBER are PrintableString by X.520/RFC 5280.
const utf8 = (value: string) => [{ utf8String: value }];
const printable = (value: string) => [{ printableString: value }];

function caName(cn: string): X509.JsonNameParams {
  return [{ '2.5.4.3': utf8(cn) }, { '2.5.4.6': printable('KZ') }];
}

/** The subject in НУЦ РК order: CN, SURNAME, SERIALNUMBER, C, O, OU, GIVENNAME (the patronymic). */
function personName(spec: PersonSpec): X509.JsonNameParams {
  const name: X509.JsonNameParams = [
    { '2.5.4.3': utf8(`${spec.surname} ${spec.givenName}`) },
    { '2.5.4.4': utf8(spec.surname) },
    { '2.5.4.5': printable(`IIN${digits12(spec.iin, 'IIN')}`) },
    { '2.5.4.6': printable('KZ') },
  ];
  if (spec.organisation) {
    name.push({ '2.5.4.10': utf8(spec.organisation.name) });
    name.push({ '2.5.4.11': utf8(`BIN${digits12(spec.organisation.bin, 'BIN')}`) });
  }
  if (spec.patronymic) name.push({ '2.5.4.42': utf8(spec.patronymic) });
  return name;
}

async function toIssued(
  x509: typeof X509,
  cert: X509.X509Certificate,
  privateKey: CryptoKey,
  keyType: 'rsa' | 'ec',
): Promise<IssuedCertificate> {
  const pkcs8 = new Uint8Array(await globalThis.crypto.subtle.exportKey('pkcs8', privateKey));
  return {
    certDer: new Uint8Array(cert.rawData),
    certPem: cert.toString('pem'),
    serialHex: cert.serialNumber.toLowerCase(),
    privateKeyPkcs8Der: pkcs8,
    privateKeyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'),
    keyType,
  };
}

export async function createTestPki(options: { now?: Date; crlUrl?: string; ocspUrl?: string } = {}): Promise<TestPki> {
  const x509 = await loadX509();
  const now = options.now ?? new Date();
  const at = (days: number) => new Date(now.getTime() + days * DAY);
  const caUsage = new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true);

  // The CA windows enclose any default person certificate, so chains verify at any time in that year.
  const rootKeys = await globalThis.crypto.subtle.generateKey(RSA_KEY, true, ['sign', 'verify']);
  const rootCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerialHex(),
    name: new x509.Name(caName('НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA) TEST')),
    notBefore: at(-2 * 365),
    notAfter: at(10 * 365),
    keys: rootKeys,
    signingAlgorithm: CA_SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      caUsage,
      await x509.SubjectKeyIdentifierExtension.create(rootKeys.publicKey),
    ],
  });

  const issuingKeys = await globalThis.crypto.subtle.generateKey(RSA_KEY, true, ['sign', 'verify']);
  const issuingCert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerialHex(),
    subject: new x509.Name(caName('ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA) TEST')),
    issuer: rootCert.subjectName,
    notBefore: at(-365),
    notAfter: at(5 * 365),
    publicKey: issuingKeys.publicKey,
    signingKey: rootKeys.privateKey,
    signingAlgorithm: CA_SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      caUsage,
      await x509.SubjectKeyIdentifierExtension.create(issuingKeys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(rootKeys.publicKey),
    ],
  });
  const issuingAki = await x509.AuthorityKeyIdentifierExtension.create(issuingKeys.publicKey);

  const root = await toIssued(x509, rootCert, rootKeys.privateKey, 'rsa');
  const issuing = await toIssued(x509, issuingCert, issuingKeys.privateKey, 'rsa');
  let crlNumber = 0;

  return {
    root,
    issuing,

    async issue(spec) {
      const keyType = spec.keyType ?? 'rsa';
      const usage = spec.usage ?? 'sign';
      const keys = await globalThis.crypto.subtle.generateKey(keyType === 'ec' ? EC_KEY : RSA_KEY, true, ['sign', 'verify']);
      const flags =
        usage === 'sign'
          ? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation
          : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment;
      const ekus = [...(spec.roles ?? []).map((role) => EKU_OIDS[role]), usage === 'sign' ? EMAIL_PROTECTION : CLIENT_AUTH, ...(spec.extraEkus ?? [])];
      const extensions: X509.Extension[] = [
        new x509.KeyUsagesExtension(flags, true),
        new x509.ExtendedKeyUsageExtension(ekus),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
        issuingAki,
      ];
      if (options.crlUrl) extensions.push(new x509.CRLDistributionPointsExtension([options.crlUrl]));
      if (options.ocspUrl) extensions.push(new x509.AuthorityInfoAccessExtension({ ocsp: [new x509.GeneralName('url', options.ocspUrl)] }));
      const notBefore = spec.notBefore ?? at(-1);
      const cert = await x509.X509CertificateGenerator.create({
        serialNumber: randomSerialHex(),
        subject: new x509.Name(personName(spec)),
        issuer: issuingCert.subjectName,
        notBefore,
        notAfter: spec.notAfter ?? new Date(notBefore.getTime() + 365 * DAY),
        publicKey: keys.publicKey,
        signingKey: issuingKeys.privateKey,
        signingAlgorithm: CA_SIGNING,
        extensions,
      });
      return toIssued(x509, cert, keys.privateKey, keyType);
    },

    async crl({ revoked, thisUpdate, nextUpdate }) {
      crlNumber += 1;
      const crl = await x509.X509CrlGenerator.create({
        issuer: issuingCert.subjectName,
        thisUpdate,
        nextUpdate,
        signingKey: issuingKeys.privateKey,
        signingAlgorithm: CA_SIGNING,
        // With a reason code, as CAs write it (an entry with an empty extensions list is not valid DER for RFC 5280).
        entries: revoked.map((entry) => ({ serialNumber: entry.serialHex, revocationDate: entry.date, reason: x509.X509CrlReason.keyCompromise })),
        extensions: [issuingAki, new x509.Extension('2.5.29.20', false, new Integer({ value: crlNumber }).toBER())],
      });
      return new Uint8Array(crl.rawData);
    },

    writeTrustDir(dir) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'root.pem'), root.certPem);
      writeFileSync(join(dir, 'issuing.pem'), issuing.certPem);
    },
  };
}
