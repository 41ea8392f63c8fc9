// Settings → Electronic signature: the token inserted in the workstation (SoftHSM2, see the
// `signingToken` fixture option) with the administrator's own certificate, the module list edited, the
// token pulled out; what staff who are not administrators see; checking a signed file — one made in
// the test by a software key of another (untrusted) test PKI, and a text file that is no signature at
// all. Then the administrator trusts that PKI (its root, its CA and a fresh CRL, from files) and the
// same signature passes every check. A PKCS#12 key file is added and shows its certificates only with
// its password.
import { execFileSync } from 'node:child_process';
import { createPrivateKey, sign } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { signCms } from '../../src/main/signing/cms';
import { makeIin } from '../helpers/iin';
import { createTestPki, type TestPki } from '../helpers/pki';
import { connectApi } from '../helpers/queue';
import { ADMIN, createAdministrator, LANGUAGE_LABEL, open, openSettings, REGISTRAR, signIn, signOut, SLOW } from '../helpers/ui';
import { expect, test } from './fixtures';

const HOLDER = {
  surname: 'СЕЙТҚАЛИ',
  givenName: 'АЙГЕРІМ',
  patronymic: 'НҰРЛАНҚЫЗЫ',
  iin: ADMIN.iin,
  organisation: { name: 'ӘЛЕУМЕТТІК ҚОРҒАУ БӨЛІМІ', bin: '020240000017' },
  roles: ['legal_entity', 'right_of_signature', 'employee'] as const,
};

test.use({ signingToken: { holders: [{ ...HOLDER, roles: [...HOLDER.roles] }] } });

function signingSection(page: Page): Locator {
  return page.getByRole('region', { name: 'Electronic signature' });
}

async function openSigning(page: Page, url: string): Promise<Locator> {
  await open(page, url);
  await createAdministrator(page);
  await openSettings(page);
  const section = signingSection(page);
  await expect(section).toBeVisible();
  return section;
}

/** A CMS signature (content attached) made with a software key of `pki`, as another signer would send it. */
async function foreignSignature(pki: TestPki): Promise<Uint8Array> {
  const person = await pki.issue({ surname: 'ОМАРОВ', givenName: 'ЕРЛАН', iin: makeIin('1979-06-20', 'male', 33), roles: ['individual'] });
  const key = createPrivateKey({ key: Buffer.from(person.privateKeyPkcs8Der), format: 'der', type: 'pkcs8' });
  const content = Buffer.from('Анықтама №42: ОМАРОВ ЕРЛАН\n', 'utf8');
  return signCms(
    content,
    { certificate: person.certDer, keyType: 'rsa', sign: (data) => new Uint8Array(sign('sha256', data, key)) },
    { signingTime: new Date(), attached: true },
  );
}

async function verify(section: Locator, signature: { name: string; buffer: Buffer }): Promise<Locator> {
  const form = section.getByRole('region', { name: 'Verify a signed file' });
  await form.getByLabel('Signature file (.p7s, .sig, .cms)').setInputFiles({ ...signature, mimeType: 'application/octet-stream' });
  await form.getByRole('button', { name: 'Verify', exact: true }).click();
  return form;
}

test('the administrator sees the token and their certificate; a pulled-out token disappears', async ({ page, workstation }) => {
  const section = await openSigning(page, workstation.url);

  const modules = section.getByRole('region', { name: 'Token modules (PKCS#11)' });
  await expect(modules.getByRole('listitem').filter({ hasText: 'softhsm2' })).toContainText('loaded');
  // An administrator edits the list: a module that is not installed is said to be so once saved.
  await modules.getByLabel('Module path').fill('/opt/nowhere/libkztoken.so');
  await modules.getByRole('button', { name: 'Add', exact: true }).click();
  const added = modules.getByRole('listitem').filter({ hasText: '/opt/nowhere/libkztoken.so' });
  await expect(added).toContainText('not saved yet');
  await modules.getByRole('button', { name: 'Save the list' }).click();
  await expect(modules.getByRole('status')).toHaveText('The list of modules is saved.');
  await expect(added).toContainText('not installed');
  await modules.getByRole('button', { name: 'Remove: /opt/nowhere/libkztoken.so' }).click();
  await modules.getByRole('button', { name: 'Save the list' }).click();
  await expect(added).toHaveCount(0);
  await expect(modules.getByRole('listitem').filter({ hasText: 'softhsm2' })).toContainText('loaded');

  const tokens = section.getByRole('region', { name: 'Tokens', exact: true });
  const token = tokens.getByRole('article', { name: 'Qyzmet e2e' });
  await expect(token).toBeVisible(SLOW);
  await expect(token).toContainText('SoftHSM');
  await expect(token).toContainText('PIN in order');
  await tokens.getByRole('button', { name: 'Refresh' }).click();
  await expect(token).toBeVisible();

  const certificate = token.getByRole('article', { name: 'СЕЙТҚАЛИ АЙГЕРІМ НҰРЛАНҚЫЗЫ' });
  await expect(certificate).toBeVisible();
  await expect(certificate).toContainText(ADMIN.iin);
  await expect(certificate).toContainText('ӘЛЕУМЕТТІК ҚОРҒАУ БӨЛІМІ, BIN 020240000017');
  await expect(certificate).toContainText('Legal entity, Right of signature, Employee');
  await expect(certificate).toContainText('Signing');
  await expect(certificate).toContainText('ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA) TEST');
  await expect(certificate).not.toContainText('Expired');
  await expect(certificate).not.toContainText('Not a signing key');

  // The test root and the fresh CRL the fixture installed are listed.
  const trust = section.getByRole('region', { name: 'Trusted certificates and revocation lists' });
  await expect(trust.getByRole('table', { name: 'Root and certification centre certificates' })).toContainText('НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA) TEST');
  await expect(trust.getByRole('table', { name: 'Certificate revocation lists (CRL)' })).toContainText('ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA) TEST');

  workstation.token!.pull();
  await expect(token).toHaveCount(0, { timeout: 10_000 });
  await expect(tokens).toContainText('No token is inserted.');

  // The same in Kazakh.
  await page.getByRole('region', { name: 'Language' }).getByLabel(LANGUAGE_LABEL).selectOption('kk');
  const kazakh = page.getByRole('region', { name: 'Электрондық цифрлық қолтаңба' });
  await expect(kazakh.getByRole('region', { name: 'Токендер' })).toContainText('Бірде-бір токен салынбаған.');
});

test('staff who are not administrators see the token and the trust store, but change neither', async ({ page, workstation }) => {
  await open(page, workstation.url);
  await createAdministrator(page);
  const api = await connectApi(workstation.url);
  try {
    await api.call('auth.signIn', { iin: ADMIN.iin, password: ADMIN.password });
    await api.call('staff.create', { iin: REGISTRAR.iin, fullName: REGISTRAR.fullName, roles: ['registrar'], password: REGISTRAR.password });
  } finally {
    api.close();
  }
  await signOut(page);
  await signIn(page, REGISTRAR);
  await openSettings(page);
  const section = signingSection(page);
  await expect(section).toContainText('Only an administrator can change the token modules and the trusted certificates.');
  await expect(section.getByRole('article', { name: 'Qyzmet e2e' })).toBeVisible(SLOW);
  await expect(section.getByRole('article', { name: 'СЕЙТҚАЛИ АЙГЕРІМ НҰРЛАНҚЫЗЫ' })).toContainText(ADMIN.iin);
  const modules = section.getByRole('region', { name: 'Token modules (PKCS#11)' });
  await expect(modules.getByRole('listitem').filter({ hasText: 'softhsm2' })).toContainText('loaded');
  await expect(modules.getByLabel('Module path')).toHaveCount(0);
  await expect(modules.getByRole('button')).toHaveCount(0);
  const trust = section.getByRole('region', { name: 'Trusted certificates and revocation lists' });
  await expect(trust.getByRole('table', { name: 'Root and certification centre certificates' })).toBeVisible();
  await expect(trust.getByRole('form')).toHaveCount(0);
  // Verifying a file and key files are for everyone.
  await expect(section.getByRole('region', { name: 'Verify a signed file' }).getByRole('button', { name: 'Verify', exact: true })).toBeVisible();
  await expect(section.getByRole('region', { name: 'Key files (PKCS#12)' }).getByRole('button', { name: 'Add the key file' })).toBeVisible();
});

test('verifying a file signed under an untrusted root fails the chain check; a text file is no signature', async ({ page, workstation }) => {
  const p7s = await foreignSignature(await createTestPki());
  const section = await openSigning(page, workstation.url);

  const form = await verify(section, { name: 'reference.p7s', buffer: Buffer.from(p7s) });
  const result = form.getByRole('region', { name: 'Verification result' });
  await expect(result).toBeVisible(SLOW);
  const checks = result.getByRole('list', { name: 'Checks' });
  await expect(checks.getByRole('listitem')).toHaveCount(7);
  await expect(checks.getByRole('listitem').filter({ hasText: /^\W*Chain: failed — / })).toContainText(
    'the certificate was not issued by a trusted certification centre',
  );
  await expect(checks).toContainText('Signature: passed');
  await expect(checks).toContainText('Content: passed');
  await expect(checks).toContainText('Revocation: could not check — the chain up to a trusted root could not be built');
  await expect(result).toContainText('The signature is not valid: a check failed.');
  await expect(result).not.toContainText('All checks passed');
  await expect(result).toContainText('ОМАРОВ ЕРЛАН');
  await expect(result).toContainText('inside the signature');

  await verify(section, { name: 'notes.txt', buffer: Buffer.from('This is just a text file.\n') });
  await expect(form.getByText('This file is not a signature, or it is damaged.')).toBeVisible();
  await expect(form.getByLabel('Signature file (.p7s, .sig, .cms)')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByRole('region', { name: 'Verification result' })).toHaveCount(0);
});

test('the administrator trusts another certification centre from files; its signature then passes every check', async ({ page, workstation }) => {
  const pki = await createTestPki();
  const p7s = await foreignSignature(pki);
  const day = 86_400_000;
  const crl = await pki.crl({ revoked: [], thisUpdate: new Date(Date.now() - day), nextUpdate: new Date(Date.now() + 7 * day) });
  const section = await openSigning(page, workstation.url);
  const trust = section.getByRole('region', { name: 'Trusted certificates and revocation lists' });

  const rootForm = trust.getByRole('form', { name: 'Add the certificate' });
  // Not a certificate: the field says so.
  await rootForm.getByLabel('Root certificate file (.cer, .crt, .pem)').setInputFiles({ name: 'readme.cer', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await rootForm.getByRole('button', { name: 'Add the certificate' }).click();
  await expect(rootForm.getByText('This file is not a certificate, or it is damaged.')).toBeVisible();

  for (const [name, pem] of [
    ['root.pem', pki.root.certPem],
    ['issuing.pem', pki.issuing.certPem],
  ] as const) {
    await rootForm.getByLabel('Root certificate file (.cer, .crt, .pem)').setInputFiles({ name, mimeType: 'application/x-pem-file', buffer: Buffer.from(pem) });
    await rootForm.getByRole('button', { name: 'Add the certificate' }).click();
    await expect(rootForm.getByRole('status')).toContainText('is now trusted');
  }
  const crlForm = trust.getByRole('form', { name: 'Add the revocation list' });
  await crlForm.getByLabel('Revocation list file (.crl)').setInputFiles({ name: 'issuing.crl', mimeType: 'application/pkix-crl', buffer: Buffer.from(crl) });
  await crlForm.getByRole('button', { name: 'Add the revocation list' }).click();
  await expect(crlForm.getByRole('status')).toContainText('The revocation list of ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA) TEST is added.');

  const form = await verify(section, { name: 'reference.p7s', buffer: Buffer.from(p7s) });
  const result = form.getByRole('region', { name: 'Verification result' });
  await expect(result).toContainText('All checks passed', SLOW);
  await expect(result.getByRole('list', { name: 'Checks' })).toContainText('Chain: passed');
  await expect(result.getByRole('list', { name: 'Checks' })).toContainText('Revocation: passed');
});

test('a key file is added and shows its certificates only with its password', async ({ page, workstation }) => {
  const person = await (await createTestPki()).issue({ surname: 'ОМАРОВА', givenName: 'ӘСЕЛ', iin: makeIin('1991-03-08', 'female', 35), roles: ['individual'] });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-p12-'));
  let p12: Buffer;
  try {
    fs.writeFileSync(path.join(dir, 'key.pem'), person.privateKeyPem);
    fs.writeFileSync(path.join(dir, 'cert.pem'), person.certPem);
    const out = path.join(dir, 'key.p12');
    execFileSync('openssl', ['pkcs12', '-export', '-inkey', path.join(dir, 'key.pem'), '-in', path.join(dir, 'cert.pem'), '-out', out, '-passout', 'pass:Құпия-2026']);
    p12 = fs.readFileSync(out);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const section = await openSigning(page, workstation.url);
  const keyFiles = section.getByRole('region', { name: 'Key files (PKCS#12)' });
  await expect(keyFiles).toContainText('No key file has been added.');

  await keyFiles.getByLabel('Key file (.p12, .pfx)').setInputFiles({ name: 'notes.p12', mimeType: 'application/x-pkcs12', buffer: Buffer.from('not a key file') });
  await keyFiles.getByRole('button', { name: 'Add the key file' }).click();
  await expect(keyFiles.getByRole('alert')).toHaveText('This file is not a key file, or it is damaged.');

  await keyFiles.getByLabel('Key file (.p12, .pfx)').setInputFiles({ name: 'omarova.p12', mimeType: 'application/x-pkcs12', buffer: p12 });
  await keyFiles.getByRole('button', { name: 'Add the key file' }).click();
  await expect(keyFiles.getByRole('status')).toHaveText('The key file omarova.p12 is added.');
  const item = keyFiles.getByRole('article', { name: 'omarova.p12' });
  await expect(item).toBeVisible(SLOW);

  await item.getByRole('button', { name: 'Show certificates: omarova.p12' }).click();
  const password = item.getByLabel('Key file password');
  await expect(password).toBeFocused();
  await password.fill('wrong-password');
  await item.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(item.getByRole('alert')).toHaveText('Wrong key file password.');
  await expect(password).toHaveValue('');

  await password.fill('Құпия-2026');
  await item.getByRole('button', { name: 'Show', exact: true }).click();
  const certificate = item.getByRole('article', { name: 'ОМАРОВА ӘСЕЛ' });
  await expect(certificate).toContainText(makeIin('1991-03-08', 'female', 35), SLOW);
  await expect(certificate).toContainText('Individual');
  await expect(password).toHaveValue('');
});
