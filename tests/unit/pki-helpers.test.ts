// The test PKI and SoftHSM helpers, checked by tools that share no code with them: openssl,
// softhsm2-util, node:crypto, and a PKCS#11 session in a child process.
import { spawnSync } from 'node:child_process';
import { createPrivateKey, verify, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCheckDigit } from '../../src/shared/domain/iin';
import { makeIin } from '../helpers/iin';
import { createTestPki, EKU_OIDS, type IssuedCertificate, type TestPki } from '../helpers/pki';
import { createSoftHsm, pkcs11Child, type SoftHsm, type TokenObject } from '../helpers/softhsm';

const NOW = new Date('2026-03-02T09:00:00Z');
const CRL_URL = 'http://test.pki.gov.kz/crl/nca_rsa_test.crl';
const IIN = makeIin('1986-07-14', 'female', 7);
const BIN = withCheckDigit('05044000123') ?? (withCheckDigit('05044000124') as string);

let dir: string;
let pki: TestPki;
let staff: IssuedCertificate; // RSA signing certificate of an organisation's first head
let individual: IssuedCertificate; // EC authentication certificate of a private person

function tool(command: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  const result = spawnSync(command, args, { env: { ...process.env, ...env }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr}${result.stdout}`);
  return result.stdout;
}

function save(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pki-helpers-'));
  pki = await createTestPki({ now: NOW, crlUrl: CRL_URL });
  pki.writeTrustDir(dir);
  staff = await pki.issue({
    surname: 'ӘБІЛҚАСЫМОВА',
    givenName: 'ҒАЛИЯ',
    patronymic: 'ҮСЕНҚЫЗЫ',
    iin: IIN,
    organisation: { name: 'ТОО «Өңірлік һәм Ұлттық қызмет»', bin: BIN },
    roles: ['legal_entity', 'first_head'],
  });
  individual = await pki.issue({ surname: 'IVANOV', givenName: 'IVAN', iin: IIN, keyType: 'ec', usage: 'auth', roles: ['individual'] });
  save('staff.pem', staff.certPem);
  save('individual.pem', individual.certPem);
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('test PKI', () => {
  it('writes the subject the way НУЦ РК does, in UTF8String', () => {
    const text = tool('openssl', [
      'x509', '-in', join(dir, 'staff.pem'), '-noout', '-nameopt', 'oneline,-esc_msb', '-subject',
      '-ext', 'keyUsage,extendedKeyUsage,crlDistributionPoints',
    ]);
    expect(text).toContain(
      `subject=CN = ӘБІЛҚАСЫМОВА ҒАЛИЯ, SN = ӘБІЛҚАСЫМОВА, serialNumber = IIN${IIN}, C = KZ, ` +
        `O = ТОО «Өңірлік һәм Ұлттық қызмет», OU = BIN${BIN}, GN = ҮСЕНҚЫЗЫ`,
    );
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature, Non Repudiation\n/);
    expect(text).toContain(`${EKU_OIDS.legal_entity}, ${EKU_OIDS.first_head}, E-mail Protection`);
    expect(text).toContain(`URI:${CRL_URL}`);

    const asn1 = tool('openssl', ['asn1parse', '-in', join(dir, 'staff.pem')]);
    expect(asn1).toMatch(/UTF8STRING\s+:ӘБІЛҚАСЫМОВА ҒАЛИЯ\n/);
    expect(asn1).toMatch(/UTF8STRING\s+:ТОО «Өңірлік һәм Ұлттық қызмет»\n/);
  });

  it('issues EC P-256 authentication certificates, signed by the RSA issuing CA', () => {
    const text = tool('openssl', ['x509', '-in', join(dir, 'individual.pem'), '-noout', '-text']);
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature, Key Encipherment\n/);
    expect(text).toContain(`${EKU_OIDS.individual}, TLS Web Client Authentication`);
    expect(text).toContain('ASN1 OID: prime256v1');
    expect(text).toContain('Signature Algorithm: sha256WithRSAEncryption');
    expect(text).not.toContain('OU = BIN');
    expect(createPrivateKey(individual.privateKeyPem).asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(createPrivateKey(staff.privateKeyPem).asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it('gives random positive 16-byte serials and a year of validity around now', () => {
    for (const issued of [staff, individual]) {
      const cert = new X509Certificate(issued.certDer);
      expect(issued.serialHex).toMatch(/^[0-7][0-9a-f]{31}$/);
      expect(cert.serialNumber.toLowerCase()).toBe(issued.serialHex);
      expect(new Date(cert.validFrom).getTime()).toBeLessThanOrEqual(NOW.getTime());
      expect(new Date(cert.validTo).getTime()).toBeGreaterThan(NOW.getTime() + 300 * 86_400_000);
    }
    expect(staff.serialHex).not.toBe(individual.serialHex);
  });

  it('builds chains that openssl verifies up to the root', () => {
    // -attime: the certificates are valid around NOW, not necessarily around the real clock.
    const attime = String(Math.floor(NOW.getTime() / 1000));
    for (const name of ['staff.pem', 'individual.pem']) {
      const out = tool('openssl', [
        'verify', '-x509_strict', '-attime', attime,
        '-CAfile', join(dir, 'root.pem'), '-untrusted', join(dir, 'issuing.pem'), join(dir, name),
      ]);
      expect(out.trim()).toBe(`${join(dir, name)}: OK`);
    }
    const root = tool('openssl', ['x509', '-in', join(dir, 'root.pem'), '-noout', '-subject', '-issuer', '-ext', 'basicConstraints']);
    expect(root).toMatch(/CA:TRUE/);
    const issuing = tool('openssl', ['x509', '-in', join(dir, 'issuing.pem'), '-noout', '-ext', 'basicConstraints']);
    expect(issuing).toMatch(/CA:TRUE, pathlen:0/);
  });

  it('signs CRLs with the issuing CA listing the revoked serials', async () => {
    const revokedAt = new Date(NOW.getTime() - 3_600_000);
    const crl = await pki.crl({
      revoked: [{ serialHex: staff.serialHex, date: revokedAt }],
      thisUpdate: NOW,
      nextUpdate: new Date(NOW.getTime() + 86_400_000),
    });
    const path = save('issuing.crl', crl);
    const text = tool('openssl', ['crl', '-inform', 'DER', '-in', path, '-noout', '-text']);
    expect(text).toContain(`Serial Number: ${staff.serialHex.toUpperCase()}`);
    expect(text).not.toContain(individual.serialHex.toUpperCase());
    const check = spawnSync('openssl', ['crl', '-inform', 'DER', '-in', path, '-noout', '-CAfile', join(dir, 'issuing.pem')], {
      encoding: 'utf8',
    });
    expect(`${check.stdout}${check.stderr}`).toContain('verify OK');
  });
});

describe('SoftHSM tokens', () => {
  let hsm: SoftHsm;
  const TOKEN = 'Қазтокен 1';

  beforeAll(() => {
    hsm = createSoftHsm(dir);
    hsm.initToken(TOKEN);
    hsm.importKey(TOKEN, '1234', { idHex: '01a1', label: 'ӘБІЛҚАСЫМОВА RSA', privateKeyPkcs8Der: staff.privateKeyPkcs8Der, certDer: staff.certDer });
    hsm.importKey(TOKEN, '1234', { idHex: '02b2', label: 'IVANOV EC', privateKeyPkcs8Der: individual.privateKeyPkcs8Der, certDer: individual.certDer });
  }, 30_000);

  afterAll(() => hsm?.cleanup());

  const showSlots = () => tool('softhsm2-util', ['--show-slots'], hsm.env);

  it('initialises a token that softhsm2-util lists', () => {
    expect(showSlots()).toMatch(new RegExp(`Label:\\s+${TOKEN}\\s*\\n`));
  });

  it('stores key, public key and certificate under one CKA_ID, the key sensitive and unextractable', () => {
    const { objects } = pkcs11Child<{ objects: TokenObject[] }>(hsm, { op: 'list', token: TOKEN, pin: '1234' });
    for (const [idHex, label, serialHex] of [
      ['01a1', 'ӘБІЛҚАСЫМОВА RSA', staff.serialHex],
      ['02b2', 'IVANOV EC', individual.serialHex],
    ] as const) {
      const mine = objects.filter((object) => object.idHex === idHex);
      expect(mine.map((object) => object.class).sort()).toEqual(['certificate', 'privateKey', 'publicKey']);
      expect(mine.every((object) => object.label === label)).toBe(true);
      // CKA_SERIAL_NUMBER is the DER INTEGER: tag 02, length 16, the serial.
      expect(mine.find((object) => object.class === 'certificate')?.serialNumberHex).toBe(`0210${serialHex}`);
      expect(mine.find((object) => object.class === 'privateKey')?.flags).toEqual({
        sign: true,
        private: true,
        sensitive: true,
        extractable: false,
      });
    }
  });

  it('signs with the stored keys so that the certificate verifies the signature', () => {
    const data = Buffer.from('Анықтама № 42 — қол қойылды');
    for (const [idHex, issued] of [
      ['01a1', staff],
      ['02b2', individual],
    ] as const) {
      const { signature } = pkcs11Child<{ signature: string }>(hsm, { op: 'sign', token: TOKEN, pin: '1234', idHex, data: data.toString('base64') });
      const publicKey = new X509Certificate(issued.certDer).publicKey;
      // CKM_ECDSA returns r||s, not a DER SEQUENCE.
      const key = issued.keyType === 'ec' ? { key: publicKey, dsaEncoding: 'ieee-p1363' as const } : publicKey;
      expect(verify('sha256', data, key, Buffer.from(signature, 'base64'))).toBe(true);
    }
  });

  it('reports tool errors with their message', () => {
    expect(() => pkcs11Child(hsm, { op: 'list', token: TOKEN, pin: '0000' })).toThrow(/CKR_PIN_INCORRECT/);
    expect(() => hsm.deleteToken('no such token')).toThrow(/Could not find a token/);
  });

  it('makes a deleted token disappear', () => {
    hsm.deleteToken(TOKEN);
    expect(showSlots()).not.toContain(TOKEN);
    expect(() => pkcs11Child(hsm, { op: 'list', token: TOKEN, pin: '1234' })).toThrow(/no token labelled/);
  });
});
