// PKCS#12 key files (.p12 / .pfx) as the National Certification Centre issues them: the second key
// source besides tokens, with the same rules. The password is handled like a PIN: used to open the
// file and dropped. Only RSA keys (node-forge reads RSA only; НУЦ's GOST keys need a national provider).
import { createPrivateKey, sign as cryptoSign, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { parseCertificate, type ParsedCertificate } from './certificates';
import type { KeySigner } from './cms';

export type KeyFileErrorCode = 'password_incorrect' | 'key_file_malformed' | 'key_not_found' | 'unsupported_key';

export class KeyFileError extends Error {
  constructor(readonly code: KeyFileErrorCode) {
    super(`key file: ${code}`);
    this.name = 'KeyFileError';
  }
}

export interface KeyFileEntry {
  certificate: ParsedCertificate;
  signer: KeySigner;
}

/** Opens the file with its password; returns every certificate that has its private key in the file. */
export function openKeyFile(bytes: Uint8Array, password: string): KeyFileEntry[] {
  let p12: forge.pkcs12.Pkcs12Pfx;
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(bytes).toString('binary')));
  } catch {
    throw new KeyFileError('key_file_malformed');
  }
  try {
    p12 = openPfx(asn1, password);
  } catch (error) {
    const message = (error as Error).message ?? '';
    if (/mac could not be verified|invalid password|decrypt/i.test(message)) throw new KeyFileError('password_incorrect');
    if (/oid is not rsa|unsupported/i.test(message)) throw new KeyFileError('unsupported_key');
    throw new KeyFileError('key_file_malformed');
  }
  const keys = [
    ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!] ?? []),
    ...(p12.getBags({ bagType: forge.pki.oids.keyBag! })[forge.pki.oids.keyBag!] ?? []),
  ]
    .map((bag) => bag.key)
    .filter((key): key is forge.pki.rsa.PrivateKey => key !== undefined && key !== null)
    .map((key) => createPrivateKey(forge.pki.privateKeyToPem(key)));
  const certificates = (p12.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? [])
    .map((bag) => bag.cert)
    .filter((cert): cert is forge.pki.Certificate => cert !== undefined && cert !== null)
    .map((cert) => parseCertificate(new Uint8Array(Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary'))));

  const entries: KeyFileEntry[] = [];
  for (const certificate of certificates) {
    const key = keys.find((candidate) => samePublicKey(candidate, certificate));
    if (!key) continue;
    entries.push({
      certificate,
      signer: { certificate: certificate.der, keyType: 'rsa', sign: (data) => new Uint8Array(cryptoSign('sha256', data, key)) },
    });
  }
  if (entries.length === 0) throw new KeyFileError('key_not_found');
  return entries;
}

// The MAC key comes from the password as BMPString (which forge does right for any letters); PBES2
// (OpenSSL 3's default: PBKDF2 + AES) takes the password's UTF-8 bytes, which forge expects as a
// binary string. So a Kazakh password passes the MAC and then fails decryption: decrypt again with
// the UTF-8 bytes, the MAC having been checked already.
function openPfx(asn1: forge.asn1.Asn1, password: string): forge.pkcs12.Pkcs12Pfx {
  try {
    return forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  } catch (error) {
    const utf8 = forge.util.encodeUtf8(password);
    // A failed MAC is a wrong password; any other failure may be the wrong bytes decrypting (which
    // sometimes "succeeds" into garbage that fails later), so the UTF-8 form is tried then.
    if (utf8 === password || /mac could not be verified/i.test((error as Error).message ?? '')) throw error;
    const withoutMac = { ...asn1, value: (asn1.value as forge.asn1.Asn1[]).slice(0, 2) } as forge.asn1.Asn1;
    return forge.pkcs12.pkcs12FromAsn1(withoutMac, false, utf8);
  }
}

function samePublicKey(privateKey: KeyObject, certificate: ParsedCertificate): boolean {
  const fromKey = privateKey.export({ format: 'jwk' });
  const fromCert = certificate.x509.publicKey.export({ format: 'jwk' });
  return fromKey.n === fromCert.n && fromKey.e === fromCert.e;
}
