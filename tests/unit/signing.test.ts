// Signing through a real PKCS#11 token (SoftHSM2), checked by OpenSSL and by our own verification.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificate } from '../../src/main/signing/certificates';
import { signCms } from '../../src/main/signing/cms';
import { openKeyFile, KeyFileError } from '../../src/main/signing/pkcs12-keys';
import { createTokenManager, TokenError, type TokenManager } from '../../src/main/signing/pkcs11-tokens';
import { parseCrl, verifyCms, type TrustMaterial } from '../../src/main/signing/verify';
import { makeIin } from '../helpers/iin';
import { createTestPki, type IssuedCertificate, type TestPki } from '../helpers/pki';
import { createSoftHsm, type SoftHsm } from '../helpers/softhsm';

const PIN = '1234';
const TOKEN = 'Қазтокен test';
const BIN = '050140000013';

let pki: TestPki;
let hsm: SoftHsm;
let tokens: TokenManager;
let work: string;
let rsa: IssuedCertificate;
let ec: IssuedCertificate;
let auth: IssuedCertificate;
const iin = makeIin('1985-04-12', 'female', 123);
const NOW = new Date();

function trust(extra: Partial<TrustMaterial> = {}): TrustMaterial {
  return { roots: [parseCertificate(pki.root.certDer)], intermediates: [parseCertificate(pki.issuing.certDer)], crls: [], ...extra };
}

function tokenRef(): string {
  const token = tokens.list().find((item) => item.label === TOKEN);
  if (!token) throw new Error('test token not listed');
  return token.ref;
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-signing-'));
  pki = await createTestPki({ now: NOW });
  pki.writeTrustDir(path.join(work, 'trust'));
  const person = { surname: 'ӘБІЛҚАСЫМОВА', givenName: 'ҒАЛИЯ', patronymic: 'ҚАЙРАТҚЫЗЫ', iin, organisation: { name: 'ҚАЛАЛЫҚ ЕМХАНА №1', bin: BIN } };
  rsa = await pki.issue({ ...person, roles: ['legal_entity', 'right_of_signature'] });
  ec = await pki.issue({ ...person, keyType: 'ec', roles: ['legal_entity', 'employee'] });
  auth = await pki.issue({ ...person, usage: 'auth', roles: ['legal_entity', 'employee'] });
  hsm = createSoftHsm(work);
  hsm.initToken(TOKEN, { user: PIN });
  hsm.importKey(TOKEN, PIN, { idHex: '01', label: 'SIGN RSA', privateKeyPkcs8Der: rsa.privateKeyPkcs8Der, certDer: rsa.certDer });
  hsm.importKey(TOKEN, PIN, { idHex: '02', label: 'SIGN EC', privateKeyPkcs8Der: ec.privateKeyPkcs8Der, certDer: ec.certDer });
  hsm.importKey(TOKEN, PIN, { idHex: '03', label: 'AUTH RSA', privateKeyPkcs8Der: auth.privateKeyPkcs8Der, certDer: auth.certDer });
  // SoftHSM reads its configuration when the module is initialised, in this process.
  process.env.SOFTHSM2_CONF = hsm.confPath;
  tokens = createTokenManager([hsm.modulePath, path.join(work, 'no-such-module.so')]);
}, 60_000);

afterAll(() => {
  tokens?.close();
  hsm?.cleanup();
  fs.rmSync(work, { recursive: true, force: true });
});

async function signWithToken(idHex: string, content: Uint8Array, attached = false): Promise<Uint8Array> {
  const signer = tokens.openSigner(tokenRef(), idHex, PIN);
  try {
    return await signCms(content, signer, { signingTime: new Date(), attached });
  } finally {
    signer.close();
  }
}

function opensslVerify(p7s: Uint8Array, content: Uint8Array | null): { ok: boolean; output: string } {
  const dir = fs.mkdtempSync(path.join(work, 'openssl-'));
  fs.writeFileSync(path.join(dir, 'sig.p7s'), p7s);
  fs.writeFileSync(path.join(dir, 'ca.pem'), `${pki.root.certPem.trim()}\n${pki.issuing.certPem.trim()}\n`);
  const args = ['cms', '-verify', '-binary', '-inform', 'DER', '-in', path.join(dir, 'sig.p7s'), '-CAfile', path.join(dir, 'ca.pem'), '-purpose', 'any', '-out', path.join(dir, 'out')];
  if (content) {
    fs.writeFileSync(path.join(dir, 'content'), content);
    args.push('-content', path.join(dir, 'content'));
  }
  const result = spawnSync('openssl', args, { encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

describe('token manager (SoftHSM2 through pkcs11js)', () => {
  it('lists the token with its maker and PIN state, and reports a module that is not installed', () => {
    const token = tokens.list().find((item) => item.label === TOKEN);
    expect(token).toMatchObject({ manufacturer: 'SoftHSM project', pin: { locked: false, finalTry: false } });
    expect(token?.serial).toMatch(/^[0-9a-f]+$/);
    expect(tokens.modules()).toEqual([
      { path: hsm.modulePath, state: 'loaded' },
      { path: path.join(work, 'no-such-module.so'), state: 'missing' },
    ]);
  });

  it('reads the certificates as НУЦ РК writes them: IIN, BIN, roles, and which keys may sign', () => {
    const certificates = tokens.certificates(tokenRef());
    expect(certificates.map((item) => item.idHex).sort()).toEqual(['01', '02', '03']);
    const signing = certificates.find((item) => item.idHex === '01')!.certificate;
    expect(signing.subject).toMatchObject({ surname: 'ӘБІЛҚАСЫМОВА', givenName: 'ҒАЛИЯ', patronymic: 'ҚАЙРАТҚЫЗЫ', iin, bin: BIN, organisation: 'ҚАЛАЛЫҚ ЕМХАНА №1' });
    expect(signing.roles).toEqual(['legal_entity', 'right_of_signature']);
    expect(signing.canSign).toBe(true);
    expect(certificates.find((item) => item.idHex === '03')!.certificate.canSign).toBe(false);
    expect(certificates.find((item) => item.idHex === '02')!.certificate.keyAlgorithm).toBe('ec');
  });

  it('a wrong PIN is explained and nothing is signed', () => {
    expect(() => tokens.openSigner(tokenRef(), '01', '0000')).toThrow(expect.objectContaining({ code: 'pin_incorrect' }));
    expect(() => tokens.openSigner(tokenRef(), '7f', PIN)).toThrow(expect.objectContaining({ code: 'certificate_not_found' }));
  });

  it('signs with an RSA key on the token (detached CMS) that OpenSSL verifies', async () => {
    const content = new TextEncoder().encode('Өтініш №1: қабылданды');
    const p7s = await signWithToken('01', content);
    const checked = opensslVerify(p7s, content);
    expect(checked.output).toContain("Verification successful");
    const changed = new TextEncoder().encode('Өтініш №1: қабылданбады');
    expect(opensslVerify(p7s, changed).ok).toBe(false);
    const printed = execFileSync('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER'], { input: p7s, encoding: 'utf8' });
    // The four signed attributes the regulations' ЭЦҚ carries.
    for (const attribute of ['contentType', 'signingTime', 'messageDigest', 'id-smime-aa-signingCertificateV2']) expect(printed).toContain(attribute);
  });

  it('signs with an ECDSA P-256 key on the token, attached, and OpenSSL verifies it', async () => {
    const content = new TextEncoder().encode('Анықтама');
    const p7s = await signWithToken('02', content, true);
    expect(opensslVerify(p7s, null)).toMatchObject({ ok: true });
    const verdict = verifyCms(p7s, { trust: trust(), now: new Date() });
    expect(verdict.attached).toBe(true);
    expect(verdict.checks.find((check) => check.name === 'signature')?.status).toBe('pass');
  });
});

describe('verification verdict', () => {
  let p7s: Uint8Array;
  const content = new TextEncoder().encode('{"request":"ЕМХ-26-A1-000001"}');

  beforeAll(async () => {
    p7s = await signWithToken('01', content);
  });

  it('passes every check with the chain, a fresh CRL and the matching IIN and BIN', async () => {
    const crl = parseCrl(await pki.crl({ revoked: [], thisUpdate: new Date(Date.now() - 3600_000), nextUpdate: new Date(Date.now() + 86400_000) }));
    const verdict = verifyCms(p7s, { content, trust: trust({ crls: [crl] }), now: new Date(), expectIin: iin, expectBin: BIN });
    expect(verdict.checks.map((check) => [check.name, check.status])).toEqual([
      ['signature', 'pass'],
      ['content_digest', 'pass'],
      ['signing_certificate', 'pass'],
      ['chain', 'pass'],
      ['validity', 'pass'],
      ['revocation', 'pass'],
      ['key_usage', 'pass'],
      ['iin_match', 'pass'],
      ['bin_match', 'pass'],
    ]);
    expect(verdict.ok).toBe(true);
    expect(verdict.signer?.subject.iin).toBe(iin);
  });

  it('says "could not check" for revocation with no CRL or only an out-of-date one — never a pass', async () => {
    const none = verifyCms(p7s, { content, trust: trust(), now: new Date() });
    expect(none.checks.find((check) => check.name === 'revocation')).toMatchObject({ status: 'unknown', reason: 'crl_missing' });
    expect(none.ok).toBe(false);
    const stale = parseCrl(await pki.crl({ revoked: [], thisUpdate: new Date(Date.now() - 3 * 86400_000), nextUpdate: new Date(Date.now() - 86400_000) }));
    const old = verifyCms(p7s, { content, trust: trust({ crls: [stale] }), now: new Date() });
    expect(old.checks.find((check) => check.name === 'revocation')).toMatchObject({ status: 'unknown', reason: 'crl_stale' });
  });

  it('fails a revoked certificate, a changed content, an unknown root and a different IIN', async () => {
    const crl = parseCrl(await pki.crl({ revoked: [{ serialHex: rsa.serialHex, date: new Date(Date.now() - 60_000) }], thisUpdate: new Date(Date.now() - 30_000), nextUpdate: new Date(Date.now() + 86400_000) }));
    const revoked = verifyCms(p7s, { content, trust: trust({ crls: [crl] }), now: new Date() });
    expect(revoked.checks.find((check) => check.name === 'revocation')).toMatchObject({ status: 'fail', reason: 'revoked' });

    const changed = verifyCms(p7s, { content: new TextEncoder().encode('{"request":"ЕМХ-26-A1-000002"}'), trust: trust(), now: new Date() });
    expect(changed.checks.find((check) => check.name === 'content_digest')).toMatchObject({ status: 'fail', reason: 'content_modified' });

    const stranger = verifyCms(p7s, { content, trust: { roots: [], intermediates: [], crls: [] }, now: new Date() });
    expect(stranger.checks.find((check) => check.name === 'chain')?.status).toBe('fail');

    const other = verifyCms(p7s, { content, trust: trust(), now: new Date(), expectIin: '000000000000' });
    expect(other.checks.find((check) => check.name === 'iin_match')).toMatchObject({ status: 'fail', reason: 'mismatch', params: { actual: iin } });
  });

  it('detects a flipped byte in the signature value and refuses what is not a signature', () => {
    const broken = new Uint8Array(p7s);
    const at = broken.length - 5;
    broken[at] = broken[at]! ^ 0x01;
    expect(verifyCms(broken, { content, trust: trust(), now: new Date() }).checks.find((check) => check.name === 'signature')?.status).toBe('fail');
    expect(() => verifyCms(new TextEncoder().encode('not a signature'), { content, trust: trust(), now: new Date() })).toThrow(/not a CMS signature/);
  });

  it('checks validity at signing time: a signature made with an expired certificate fails', async () => {
    const expired = await pki.issue({ surname: 'ЕСКІ', givenName: 'КУӘЛІК', iin, notBefore: new Date(Date.now() - 400 * 86400_000), notAfter: new Date(Date.now() - 30 * 86400_000) });
    const { createPrivateKey, sign } = await import('node:crypto');
    const key = createPrivateKey({ key: Buffer.from(expired.privateKeyPkcs8Der), format: 'der', type: 'pkcs8' });
    const signed = await signCms(content, { certificate: expired.certDer, keyType: 'rsa', sign: (data) => new Uint8Array(sign('sha256', data, key)) }, { signingTime: new Date() });
    const verdict = verifyCms(signed, { content, trust: trust(), now: new Date() });
    expect(verdict.checks.find((check) => check.name === 'validity')).toMatchObject({ status: 'fail', reason: 'expired' });
  });
});

describe('PKCS#12 key files', () => {
  function p12(legacy: boolean, password: string): Uint8Array {
    const dir = fs.mkdtempSync(path.join(work, 'p12-'));
    fs.writeFileSync(path.join(dir, 'key.pem'), rsa.privateKeyPem);
    fs.writeFileSync(path.join(dir, 'cert.pem'), rsa.certPem);
    execFileSync('openssl', ['pkcs12', '-export', ...(legacy ? ['-legacy'] : []), '-inkey', path.join(dir, 'key.pem'), '-in', path.join(dir, 'cert.pem'), '-out', path.join(dir, 'key.p12'), '-passout', `pass:${password}`]);
    return fs.readFileSync(path.join(dir, 'key.p12'));
  }

  it.each([
    ['OpenSSL 3 default (AES, PBKDF2)', false],
    ['legacy (3DES / RC2), as older НУЦ files', true],
  ])('opens a %s file with its password and signs; OpenSSL verifies', async (_label, legacy) => {
    const file = p12(legacy, 'Құпия-123');
    const [entry] = openKeyFile(file, 'Құпия-123');
    expect(entry?.certificate.info.subject.iin).toBe(iin);
    const content = new TextEncoder().encode('p12');
    const signed = await signCms(content, entry!.signer, { signingTime: new Date() });
    expect(opensslVerify(signed, content).ok).toBe(true);
  });

  it('a wrong password and a file that is not PKCS#12 are told apart', () => {
    const file = p12(false, 'right');
    expect(() => openKeyFile(file, 'wrong')).toThrow(expect.objectContaining({ code: 'password_incorrect' }));
    expect(() => openKeyFile(new TextEncoder().encode('garbage'), 'x')).toThrow(KeyFileError);
  });
});

describe('a token pulled out', () => {
  it('mid-operation gives a clear error; the token disappears from the list', async () => {
    const label = 'Pulled';
    hsm.initToken(label, { user: PIN });
    hsm.importKey(label, PIN, { idHex: '0a', label: 'SIGN', privateKeyPkcs8Der: rsa.privateKeyPkcs8Der, certDer: rsa.certDer });
    await new Promise((resolve) => setTimeout(resolve, 1600)); // let the manager re-read the module
    const token = tokens.list().find((item) => item.label === label);
    expect(token).toBeDefined();
    const signer = tokens.openSigner(token!.ref, '0a', PIN);
    hsm.deleteToken(label);
    let failure: unknown = null;
    try {
      await signCms(new TextEncoder().encode('x'), signer, { signingTime: new Date() });
    } catch (error) {
      failure = error;
    } finally {
      signer.close();
    }
    // SoftHSM keeps a session's key in memory: it may still sign once. The token is gone for any new work.
    if (failure) expect(failure).toBeInstanceOf(TokenError);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect(tokens.list().find((item) => item.label === label)).toBeUndefined();
    expect(() => tokens.openSigner(token!.ref, '0a', PIN)).toThrow(expect.objectContaining({ code: 'token_not_found' }));
  }, 20_000);
});

describe('revocation lists from the distribution point', () => {
  it('fetches the CRL the certificate names over HTTP, keeps it for offline work, and a revoked certificate fails', async () => {
    const http = await import('node:http');
    const { createTrustStore } = await import('../../src/main/signing/trust-store');
    let crlBytes = await pki.crl({ revoked: [], thisUpdate: new Date(Date.now() - 60_000), nextUpdate: new Date(Date.now() + 86400_000) });
    let requests = 0;
    const server = http.createServer((_req, res) => {
      requests += 1;
      res.writeHead(200, { 'content-type': 'application/pkix-crl' }).end(Buffer.from(crlBytes));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/nca_rsa.crl`;
    try {
      const withUrl = await createTestPki({ now: NOW, crlUrl: url });
      const holder = await withUrl.issue({ surname: 'ТЕСТ', givenName: 'CRL', iin });
      expect(parseCertificate(holder.certDer).info.crlUrls).toEqual([url]);
      const dataDir = fs.mkdtempSync(path.join(work, 'crl-cache-'));
      withUrl.writeTrustDir(path.join(dataDir, 'trust'));
      const store = createTrustStore({ dataDir, shippedDir: null });
      const { createPrivateKey, sign } = await import('node:crypto');
      const keyObject = createPrivateKey({ key: Buffer.from(holder.privateKeyPkcs8Der), format: 'der', type: 'pkcs8' });
      const content = new TextEncoder().encode('crl');
      const signed = await signCms(content, { certificate: holder.certDer, keyType: 'rsa', sign: (data) => new Uint8Array(sign('sha256', data, keyObject)) }, { signingTime: new Date() });

      expect(verifyCms(signed, { content, trust: store.material(), now: new Date() }).checks.find((c) => c.name === 'revocation')?.status).toBe('unknown');
      crlBytes = await withUrl.crl({ revoked: [], thisUpdate: new Date(Date.now() - 60_000), nextUpdate: new Date(Date.now() + 86400_000) });
      expect(await store.refreshCrls([url])).toEqual({ fetched: 1, failed: [] });
      expect(store.crls()).toHaveLength(1);
      expect(verifyCms(signed, { content, trust: store.material(), now: new Date() }).ok).toBe(true);

      crlBytes = await withUrl.crl({ revoked: [{ serialHex: holder.serialHex, date: new Date(Date.now() - 1000) }], thisUpdate: new Date(Date.now() - 500), nextUpdate: new Date(Date.now() + 86400_000) });
      await store.refreshCrls([url]);
      expect(verifyCms(signed, { content, trust: store.material(), now: new Date() }).checks.find((c) => c.name === 'revocation')).toMatchObject({ status: 'fail', reason: 'revoked' });

      // Unreachable: reported, and not asked again at once (offline signing must not wait each time).
      server.close();
      const before = requests;
      expect((await store.refreshCrls(['http://127.0.0.1:9/nowhere.crl'])).failed).toHaveLength(1);
      expect((await store.refreshCrls(['http://127.0.0.1:9/nowhere.crl'])).failed[0]?.reason).toBe('recently_unreachable');
      expect(requests).toBe(before);
    } finally {
      server.close();
    }
  });
});
