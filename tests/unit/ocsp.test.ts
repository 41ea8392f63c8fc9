// Revocation by OCSP against a real responder (`openssl ocsp` with an OpenSSL CA database): the
// request, the response's signature (the issuer, a delegated responder, or someone not entitled),
// nonce, freshness and the certificate it answers for; then the verdict of a signature, the signing
// service (configured responder or the certificate's AIA, falling back to the CRLs) and `qyzmet verify --ocsp`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { sign as cryptoSign, createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_ROLES } from '../../src/shared/api/contract';
import { ocspSettingsInput } from '../../src/shared/signing';
import { parseCertificate } from '../../src/main/signing/certificates';
import { signCms } from '../../src/main/signing/cms';
import { checkOcsp, type OcspResult } from '../../src/main/signing/ocsp';
import { parseCrl, verifyCms, type TrustMaterial } from '../../src/main/signing/verify';
import { makeIin } from '../helpers/iin';
import { createTestPki, type IssuedCertificate, type PersonSpec, type TestPki } from '../helpers/pki';
import { ManualClock, startApp } from '../helpers/workstation';

const CLI = path.resolve(__dirname, '../../dist/main/cli.cjs');
const OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';
const DAY = 86_400_000;
const NOW = new Date();
const REVOKED_AT = new Date(Math.floor((Date.now() - 3 * DAY) / 1000) * 1000);
const org = { name: 'АУДАНДЫҚ ӘКІМДІК', bin: '070340000019' };

let work: string;
let pki: TestPki;
let good: IssuedCertificate;
let revoked: IssuedCertificate;
let notListed: IssuedCertificate;
let goodP7s: Uint8Array;
let revokedP7s: Uint8Array;
let issuerUrl: string; // signed by the issuing CA itself
let delegatedUrl: string; // signed by a responder certificate with id-kp-OCSPSigning
let strangerUrl: string; // signed by a certificate of the CA without id-kp-OCSPSigning
let downUrl: string; // nothing listens there (also the certificates' AIA)
const responders: ChildProcess[] = [];

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** YYMMDDHHMMSSZ, as OpenSSL's CA database writes times. */
const dbTime = (date: Date) => `${date.toISOString().replace(/[-:T]/g, '').slice(2, 14)}Z`;

async function startResponder(name: string, port: number, signer: { certPem: string; privateKeyPem: string }): Promise<string> {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  const expiry = dbTime(new Date(Date.now() + 365 * DAY));
  const line = (cert: IssuedCertificate, status: 'V' | 'R') =>
    [status, expiry, status === 'R' ? dbTime(REVOKED_AT) : '', cert.serialHex.toUpperCase(), 'unknown', `/CN=${cert.serialHex}`].join('\t');
  fs.writeFileSync(path.join(dir, 'index.txt'), `${line(good, 'V')}\n${line(revoked, 'R')}\n`);
  fs.writeFileSync(path.join(dir, 'issuing.pem'), pki.issuing.certPem);
  fs.writeFileSync(path.join(dir, 'signer.pem'), signer.certPem);
  fs.writeFileSync(path.join(dir, 'signer.key'), signer.privateKeyPem);
  const child = spawn(
    'openssl',
    ['ocsp', '-index', 'index.txt', '-CA', 'issuing.pem', '-rsigner', 'signer.pem', '-rkey', 'signer.key', '-port', String(port), '-nrequest', '200', '-ndays', '1'],
    { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  responders.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // Ready once it says it waits for clients (ACCEPT comes before it has read its files). Not probed
  // by connecting: a connection closed without a request stalls it.
  for (let attempt = 0; attempt < 100 && child.exitCode === null; attempt += 1) {
    if (stderr.includes('waiting for OCSP client connections')) return `http://127.0.0.1:${port}`;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`openssl ocsp (${name}) did not start: ${stderr}`);
}

function signWith(cert: IssuedCertificate, content: Uint8Array): Promise<Uint8Array> {
  const key = createPrivateKey(cert.privateKeyPem);
  return signCms(content, { certificate: cert.certDer, keyType: 'rsa', sign: (data) => new Uint8Array(cryptoSign('sha256', data, key)) }, { signingTime: new Date(), attached: true });
}

function trust(extra: Partial<TrustMaterial> = {}): TrustMaterial {
  return { roots: [parseCertificate(pki.root.certDer)], intermediates: [parseCertificate(pki.issuing.certDer)], crls: [], ...extra };
}

const issuing = () => parseCertificate(pki.issuing.certDer);
const ask = (cert: IssuedCertificate, url: string, extra: Partial<Parameters<typeof checkOcsp>[2]> = {}) =>
  checkOcsp(parseCertificate(cert.certDer), issuing(), { url, now: new Date(), ...extra });
const revocation = (verdict: ReturnType<typeof verifyCms>) => verdict.checks.find((check) => check.name === 'revocation');
const answers = (result: OcspResult) => new Map([[result.serialHex, result]]);

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-ocsp-'));
  const [issuerPort, delegatedPort, strangerPort, downPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  downUrl = `http://127.0.0.1:${downPort}`;
  pki = await createTestPki({ now: NOW, ocspUrl: downUrl });
  const person = (n: number): PersonSpec => ({ surname: 'ТӨЛЕУОВ', givenName: 'ҚАНАТ', iin: makeIin('1980-05-05', 'male', 300 + n), organisation: org, roles: ['legal_entity', 'right_of_signature'] });
  good = await pki.issue(person(1));
  revoked = await pki.issue(person(2));
  notListed = await pki.issue(person(3));
  const responder = await pki.issue({ surname: 'OCSP', givenName: 'RESPONDER', iin: makeIin('1970-01-01', 'male', 9), usage: 'auth', extraEkus: [OCSP_SIGNING] });
  const stranger = await pki.issue({ surname: 'БӨТЕН', givenName: 'ЖАУАПШЫ', iin: makeIin('1970-01-01', 'male', 10), usage: 'auth' });
  issuerUrl = await startResponder('issuer', issuerPort, pki.issuing);
  delegatedUrl = await startResponder('delegated', delegatedPort, responder);
  strangerUrl = await startResponder('stranger', strangerPort, stranger);
  const content = new TextEncoder().encode('Анықтама № 5');
  goodP7s = await signWith(good, content);
  revokedP7s = await signWith(revoked, content);
  pki.writeTrustDir(path.join(work, 'trust'));
  fs.writeFileSync(path.join(work, 'good.p7s'), goodP7s);
  fs.writeFileSync(path.join(work, 'revoked.p7s'), revokedP7s);
}, 60_000);

afterAll(() => {
  for (const child of responders) child.kill();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('OCSP against openssl ocsp', () => {
  it('reads the responder the certificate names (AIA)', () => {
    expect(parseCertificate(good.certDer).info.ocspUrls).toEqual([downUrl]);
    expect(parseCertificate(pki.issuing.certDer).info.ocspUrls).toEqual([]);
  });

  it('good: signed by the issuer, with the nonce, SHA-1 or SHA-256 CertID', async () => {
    const sha1 = await ask(good, issuerUrl);
    expect(sha1).toMatchObject({ status: 'good', serialHex: good.serialHex, issuerFingerprint: issuing().info.fingerprint });
    if (sha1.status === 'good') expect(sha1.nextUpdate!.getTime()).toBeGreaterThan(Date.now());
    expect(await ask(good, issuerUrl, { hash: 'sha256' })).toMatchObject({ status: 'good' });
    expect(await ask(good, issuerUrl, { nonce: false })).toMatchObject({ status: 'good' });
  });

  it('revoked: with the revocation time; not listed: unknown', async () => {
    const result = await ask(revoked, issuerUrl);
    expect(result.status).toBe('revoked');
    if (result.status === 'revoked') expect(result.revocationTime.toISOString()).toBe(REVOKED_AT.toISOString());
    expect(await ask(notListed, issuerUrl)).toMatchObject({ status: 'unknown' });
  });

  it('trusts a delegated responder certificate with id-kp-OCSPSigning, not one without it', async () => {
    expect(await ask(good, delegatedUrl)).toMatchObject({ status: 'good' });
    expect(await ask(revoked, delegatedUrl)).toMatchObject({ status: 'revoked' });
    expect(await ask(good, strangerUrl)).toMatchObject({ status: 'error', reason: 'unauthorized' });
  });

  it('a responder that does not answer is unreachable; an answer past its nextUpdate is stale', async () => {
    expect(await ask(good, downUrl)).toMatchObject({ status: 'error', reason: 'unreachable' });
    expect(await ask(good, issuerUrl, { now: new Date(Date.now() + 3 * DAY) })).toMatchObject({ status: 'error', reason: 'stale' });
  });

  it('rejects an answer for another certificate, a replayed one and a tampered one', async () => {
    let captured: Uint8Array<ArrayBuffer> | null = null;
    const capture: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      captured = new Uint8Array(await response.arrayBuffer());
      return new Response(captured);
    };
    expect(await ask(good, issuerUrl, { nonce: false, fetchImpl: capture })).toMatchObject({ status: 'good' });
    const goodAnswer = captured! as Uint8Array<ArrayBuffer>;
    const replay = (bytes: Uint8Array<ArrayBuffer>): typeof fetch => () => Promise.resolve(new Response(bytes));
    // The good certificate's answer, offered for the revoked one: not an answer about it.
    expect(await ask(revoked, issuerUrl, { nonce: false, fetchImpl: replay(goodAnswer) })).toMatchObject({ status: 'error', reason: 'no_answer' });
    // Replayed to a request with a nonce.
    expect(await ask(good, issuerUrl, { fetchImpl: replay(goodAnswer) })).toMatchObject({ status: 'error', reason: 'nonce_mismatch' });
    // The serial inside the signed answer changed to the revoked certificate's: the signature breaks.
    const body = Buffer.from(goodAnswer);
    const at = body.indexOf(Buffer.from(good.serialHex, 'hex'));
    expect(at).toBeGreaterThan(0);
    Buffer.from(revoked.serialHex, 'hex').copy(body, at);
    const forged = await ask(revoked, issuerUrl, { nonce: false, fetchImpl: replay(new Uint8Array(body)) });
    expect(forged).toMatchObject({ status: 'error', reason: 'bad_signature' });
    expect(await ask(good, issuerUrl, { fetchImpl: replay(new Uint8Array([0x30, 0x03, 0x0a, 0x01, 0x00])) })).toMatchObject({ status: 'error', reason: 'malformed' });
    // Not a pass for the signature either: without a CRL, revocation could not be checked.
    const verdict = verifyCms(revokedP7s, { trust: trust(), now: new Date(), ocsp: answers(forged) });
    expect(revocation(verdict)).toMatchObject({ status: 'unknown', reason: 'crl_missing', params: { ocsp: 'bad_signature' } });
  });
});

describe('the verdict of a signature with OCSP', () => {
  it('good: revocation passes from OCSP without any CRL', async () => {
    const verdict = verifyCms(goodP7s, { trust: trust(), now: new Date(), ocsp: answers(await ask(good, issuerUrl)) });
    expect(revocation(verdict)).toEqual({ name: 'revocation', status: 'pass', params: { source: 'ocsp' } });
    expect(verdict.ok).toBe(true);
  });

  it('revoked: fails with the date, even with a fresh CRL that does not list it', async () => {
    const crl = parseCrl(await pki.crl({ revoked: [], thisUpdate: new Date(Date.now() - 60_000), nextUpdate: new Date(Date.now() + DAY) }));
    const verdict = verifyCms(revokedP7s, { trust: trust({ crls: [crl] }), now: new Date(), ocsp: answers(await ask(revoked, issuerUrl)) });
    expect(revocation(verdict)).toMatchObject({ status: 'fail', reason: 'revoked', params: { date: REVOKED_AT.toISOString(), source: 'ocsp' } });
    expect(verdict.ok).toBe(false);
  });

  it('responder down: the CRL decides, and without one revocation could not be checked', async () => {
    const down = answers(await ask(good, downUrl));
    expect(revocation(verifyCms(goodP7s, { trust: trust(), now: new Date(), ocsp: down }))).toMatchObject({
      status: 'unknown',
      reason: 'crl_missing',
      params: { ocsp: 'unreachable' },
    });
    const crl = parseCrl(await pki.crl({ revoked: [], thisUpdate: new Date(Date.now() - 60_000), nextUpdate: new Date(Date.now() + DAY) }));
    expect(revocation(verifyCms(goodP7s, { trust: trust({ crls: [crl] }), now: new Date(), ocsp: down }))).toMatchObject({ status: 'pass', params: { source: 'crl' } });
  });

  it('an answer about another certificate is not used for the signer', async () => {
    const other = answers(await ask(good, issuerUrl));
    expect(revocation(verifyCms(revokedP7s, { trust: trust(), now: new Date(), ocsp: other }))).toMatchObject({ status: 'unknown', reason: 'crl_missing' });
  });
});

describe('the signing service', () => {
  let started: ReturnType<typeof startApp>;
  beforeAll(() => {
    const dataDir = path.join(work, 'data');
    pki.writeTrustDir(path.join(dataDir, 'trust'));
    started = startApp(dataDir, new ManualClock(NOW));
  });
  afterAll(() => started?.app.close());

  it('asks the administrator’s responder, then the certificate’s (AIA), and falls back to the CRLs', async () => {
    const signing = started.app.services!.signing;
    expect(signing.ocspSettings()).toEqual({ url: '' });
    // Only the AIA responder, which is down: could not check (no CRL in the cache).
    const offline = await signing.verifyFile(goodP7s, {});
    expect(revocation(offline)).toMatchObject({ status: 'unknown', reason: 'crl_missing', params: { ocsp: 'unreachable' } });

    expect(signing.setOcspSettings({ url: issuerUrl })).toEqual({ url: issuerUrl });
    expect(signing.ocspSettings()).toEqual({ url: issuerUrl });
    const ok = await signing.verifyFile(goodP7s, {});
    expect(revocation(ok)).toEqual({ name: 'revocation', status: 'pass', params: { source: 'ocsp' } });
    expect(ok.ok).toBe(true);
    const no = await signing.verifyFile(revokedP7s, {});
    expect(revocation(no)).toMatchObject({ status: 'fail', reason: 'revoked', params: { date: REVOKED_AT.toISOString(), source: 'ocsp' } });

    signing.setOcspSettings({ url: '' });
    expect(revocation(await signing.verifyFile(goodP7s, {}))).toMatchObject({ status: 'unknown', reason: 'crl_missing' });
  });

  it('is set by administrators only, to an http(s) address or nothing', () => {
    expect(METHOD_ROLES['signing.ocspSettings']).toBe('administrator');
    expect(METHOD_ROLES['signing.setOcspSettings']).toBe('administrator');
    expect(ocspSettingsInput.safeParse({ url: 'http://ocsp.pki.gov.kz' }).success).toBe(true);
    expect(ocspSettingsInput.safeParse({ url: '' }).success).toBe(true);
    expect(ocspSettingsInput.safeParse({ url: 'ldap://ocsp.pki.gov.kz' }).success).toBe(false);
  });
});

describe('qyzmet verify --ocsp', () => {
  function qyzmet(args: string[]) {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
    return spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, QYZMET_DATA_DIR: path.join(work, 'cli-data') }, encoding: 'utf8' });
  }

  it('passes a good certificate without a CRL, fails a revoked one, and cannot check when the responder is down', () => {
    const trustDir = path.join(work, 'trust');
    const okRun = qyzmet(['verify', '--in', path.join(work, 'good.p7s'), '--trust', trustDir, '--ocsp', issuerUrl, '--json']);
    expect(okRun.status).toBe(0);
    expect((JSON.parse(okRun.stdout) as ReturnType<typeof verifyCms>).checks).toContainEqual({ name: 'revocation', status: 'pass', params: { source: 'ocsp' } });
    const revokedRun = qyzmet(['verify', '--in', path.join(work, 'revoked.p7s'), '--trust', trustDir, '--ocsp', issuerUrl]);
    expect(revokedRun.status).toBe(1);
    expect(revokedRun.stdout).toMatch(/FAIL\s+revocation — revoked .*source=ocsp/);
    const downRun = qyzmet(['verify', '--in', path.join(work, 'good.p7s'), '--trust', trustDir, '--ocsp', downUrl]);
    expect(downRun.status).toBe(1);
    expect(downRun.stdout).toMatch(/COULD NOT CHECK\s+revocation — crl_missing/);
    expect(qyzmet(['verify', '--in', path.join(work, 'good.p7s'), '--ocsp', 'ftp://x']).status).toBe(2);
  });
});
