// `qyzmet token list | sign | verify` against a real SoftHSM2 token, as an administrator's script runs them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIin } from '../helpers/iin';
import { createTestPki, type TestPki } from '../helpers/pki';
import { createSoftHsm, type SoftHsm } from '../helpers/softhsm';

const CLI = path.resolve(__dirname, '../../dist/main/cli.cjs');
const PIN = '4321';
const iin = makeIin('1979-11-03', 'male', 77);
let work: string;
let hsm: SoftHsm;
let pki: TestPki;
let serial: string;

function qyzmet(args: string[], env: Record<string, string> = {}) {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  return spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...hsm.env, QYZMET_DATA_DIR: path.join(work, 'data'), ...env },
    encoding: 'utf8',
  });
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-cli-signing-'));
  pki = await createTestPki();
  pki.writeTrustDir(path.join(work, 'trust'));
  const cert = await pki.issue({ surname: 'СЕРІКБАЕВ', givenName: 'НҰРЛАН', iin, organisation: { name: 'ОБЛЫСТЫҚ МҰРАҒАТ', bin: '990440000123' }, roles: ['legal_entity', 'first_head'] });
  serial = cert.serialHex;
  hsm = createSoftHsm(work);
  hsm.initToken('Archive token', { user: PIN });
  hsm.importKey('Archive token', PIN, { idHex: 'a1', label: 'SIGN', privateKeyPkcs8Der: cert.privateKeyPkcs8Der, certDer: cert.certDer });
  fs.writeFileSync(path.join(work, 'reference.txt'), 'Мұрағаттық анықтама № 17');
  fs.writeFileSync(path.join(work, 'fresh.crl'), await pki.crl({ revoked: [], thisUpdate: new Date(Date.now() - 60_000), nextUpdate: new Date(Date.now() + 86_400_000) }));
}, 60_000);

afterAll(() => {
  hsm?.cleanup();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('qyzmet token / sign / verify', () => {
  it('lists the token and its certificate with the IIN', () => {
    const result = qyzmet(['token', 'list', '--module', hsm.modulePath, '--json']);
    expect(result.status).toBe(0);
    const listed = JSON.parse(result.stdout) as { tokens: { label: string; certificates: { idHex: string; certificate: { subject: { iin: string } } }[] }[] };
    expect(listed.tokens[0]).toMatchObject({ label: 'Archive token', certificates: [{ idHex: 'a1', certificate: { subject: { iin } } }] });
    expect(qyzmet(['token', 'list', '--module', hsm.modulePath]).stdout).toContain(`IIN ${iin}`);
  });

  it('signs with the PIN from the environment, and verify passes every check (exit 0)', () => {
    const out = path.join(work, 'reference.p7s');
    const signed = qyzmet(['sign', '--module', hsm.modulePath, '--token', 'Archive token', '--pin-env', 'TOKEN_PIN', '--in', path.join(work, 'reference.txt'), '--out', out], { TOKEN_PIN: PIN });
    expect(signed.stderr).toBe('');
    expect(signed.status).toBe(0);
    const verified = qyzmet(['verify', '--in', out, '--content', path.join(work, 'reference.txt'), '--trust', path.join(work, 'trust'), '--crl', path.join(work, 'fresh.crl'), '--expect-iin', iin, '--json']);
    expect(verified.status).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, signer: { serialHex: serial } });
  });

  it('verify exits 1 for a changed file, a different IIN, or no CRL — and says which check', () => {
    const out = path.join(work, 'attached.p7s');
    expect(qyzmet(['sign', '--module', hsm.modulePath, '--token', 'Archive token', '--pin-env', 'TOKEN_PIN', '--in', path.join(work, 'reference.txt'), '--out', out, '--attached'], { TOKEN_PIN: PIN }).status).toBe(0);
    fs.writeFileSync(path.join(work, 'changed.txt'), 'Мұрағаттық анықтама № 18');
    const changed = qyzmet(['verify', '--in', out, '--content', path.join(work, 'changed.txt'), '--trust', path.join(work, 'trust'), '--crl', path.join(work, 'fresh.crl')]);
    expect(changed.status).toBe(1);
    expect(changed.stdout).toMatch(/FAIL\s+content_digest/);
    const otherIin = qyzmet(['verify', '--in', out, '--trust', path.join(work, 'trust'), '--crl', path.join(work, 'fresh.crl'), '--expect-iin', '000000000000']);
    expect(otherIin.status).toBe(1);
    expect(otherIin.stdout).toMatch(/FAIL\s+iin_match/);
    const offline = qyzmet(['verify', '--in', out, '--trust', path.join(work, 'trust')]);
    expect(offline.status).toBe(1);
    expect(offline.stdout).toMatch(/COULD NOT CHECK\s+revocation — crl_missing/);
  });

  it('a wrong PIN, a missing PIN variable and a missing token are explained and write nothing', () => {
    const out = path.join(work, 'never.p7s');
    const wrong = qyzmet(['sign', '--module', hsm.modulePath, '--token', 'Archive token', '--pin-env', 'TOKEN_PIN', '--in', path.join(work, 'reference.txt'), '--out', out], { TOKEN_PIN: '0000' });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('wrong PIN');
    expect(wrong.stderr).not.toContain('0000');
    const unset = qyzmet(['sign', '--module', hsm.modulePath, '--token', 'Archive token', '--pin-env', 'NOT_SET_ANYWHERE', '--in', path.join(work, 'reference.txt'), '--out', out]);
    expect(unset.status).toBe(2);
    const absent = qyzmet(['sign', '--module', hsm.modulePath, '--token', 'Nope', '--pin-env', 'TOKEN_PIN', '--in', path.join(work, 'reference.txt'), '--out', out], { TOKEN_PIN: PIN });
    expect(absent.stderr).toContain('no token labelled "Nope"');
    expect(fs.existsSync(out)).toBe(false);
    const notSignature = qyzmet(['verify', '--in', path.join(work, 'reference.txt')]);
    expect(notSignature.status).toBe(1);
    expect(notSignature.stderr).toContain('not a CMS signature');
  });
});
