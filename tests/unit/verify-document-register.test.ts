// Verification of an issued document against the central server's register: a document rendered
// and signed with the test PKI, its QR code pointing at a real central server (PGlite, listening on
// 127.0.0.1:0); registered → the `register` check passes, not registered or registered with another
// hash → it fails, the server down → it could not be checked. And `qyzmet verify-document`: asks the
// server the QR code names by default or the one --server names, and skips the check with --offline.
import { createPrivateKey, sign } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFString } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runDocumentCommand } from '../../src/main/cli-documents';
import { buildDocumentData, type DocumentInput } from '../../src/main/documents/data';
import { issueDocument, type IssuedDocument } from '../../src/main/documents/issue';
import { QR_PAYLOAD_KEY, renderDocument } from '../../src/main/documents/render';
import {
  checkDocumentOnServer,
  checkUrlFromVerifyUrl,
  documentRegistration,
  registerDocumentOnServer,
} from '../../src/main/documents/server-register';
import { verifyDocument, type RegisterQuestion, type VerifyDocumentOptions } from '../../src/main/documents/verify-document';
import { parseCertificate } from '../../src/main/signing/certificates';
import type { KeySigner } from '../../src/main/signing/cms';
import { parseCrl, type TrustMaterial } from '../../src/main/signing/verify';
import type { Sql } from '../../src/server/db/sql';
import { bindProviderBin } from '../../src/server/documents';
import type { DocumentVerdict, ProviderCard } from '../../src/shared/documents';
import { enrolledClient, openBackend, startCentral } from '../helpers/central';
import { makeIin } from '../helpers/iin';
import { createTestPki } from '../helpers/pki';
import { freePort } from '../helpers/postgres';

const BIN = '050140000013';
const STAFF = makeIin('1986-09-09', 'female', 14);
const signerIin = makeIin('1980-06-15', 'male', 41);

const provider: ProviderCard = {
  code: 'PMSP-01',
  bin: BIN,
  name: { kk: '«Жұмыспен қамту орталығы» КММ', ru: 'КГУ «Центр занятости населения»' },
  city: { kk: 'Көкшетау', ru: 'Кокшетау' },
  address: null,
  phone: null,
};

function input(number: string, caseNumber = 'Ж-1124'): DocumentInput {
  return {
    kind: 'unemployed_certificate',
    number,
    issuedAt: '2026-02-03T09:15:00.000Z',
    request: {
      number: 'PMSP-01-26-K7QM4-00042-7',
      service: 'social.unemployed-certificate',
      channel: 'walk_in',
      receivedAt: '2026-02-02T04:00:00.000Z',
      registeredAt: '2026-02-02T04:05:00.000Z',
      form: { periodFrom: '2026-01-01', periodTo: '2026-01-31', presentTo: 'Әлеуметтік сақтандыру қоры' },
    },
    applicant: {
      kind: 'person',
      iin: makeIin('1990-03-08', 'female', 12),
      surname: 'ӘБІЛҚАСЫМОВА',
      name: 'ҒАЛИЯ',
      patronymic: 'ҚАЙРАТҚЫЗЫ',
      birthDate: '1990-03-08',
      address: { region: 'Ақмола облысы', city: 'Көкшетау', street: 'Үкібай көшесі', house: '7', flat: '15' },
    },
    provider,
    signer: { iin: signerIin, name: 'СЕРІКБАЕВ НҰРЛАН ӨМІРҰЛЫ', position: { kk: 'Бөлім басшысы', ru: 'Руководитель отдела' } },
    details: { registeredOn: '2025-11-20', caseNumber },
  };
}

let work: string;
let sql: Sql;
let stopBackend: () => Promise<void>;
let central: Awaited<ReturnType<typeof startCentral>>;
let ws: Awaited<ReturnType<typeof enrolledClient>>;
let signer: KeySigner;
let trust: TrustMaterial;
let verifyUrl: string;
let registered: IssuedDocument;
let unregistered: IssuedDocument;
let forged: IssuedDocument;

/** What the workstation does: ask the server that the QR code's verification address names. */
const askQrServer: NonNullable<VerifyDocumentOptions['register']> = (question: RegisterQuestion) =>
  checkDocumentOnServer(checkUrlFromVerifyUrl(question.verifyUrl), question, { timeoutMs: 3_000 });

const check = (verdict: DocumentVerdict, name: string) => verdict.checks.find((item) => item.name === name);

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-verify-register-'));
  const pki = await createTestPki({ now: new Date() });
  pki.writeTrustDir(path.join(work, 'trust'));
  const rsa = await pki.issue({
    surname: 'СЕРІКБАЕВ',
    givenName: 'НҰРЛАН',
    patronymic: 'ӨМІРҰЛЫ',
    iin: signerIin,
    organisation: { name: 'ЖҰМЫСПЕН ҚАМТУ ОРТАЛЫҒЫ', bin: BIN },
    roles: ['legal_entity', 'right_of_signature'],
  });
  const key = createPrivateKey({ key: Buffer.from(rsa.privateKeyPkcs8Der), format: 'der', type: 'pkcs8' });
  signer = { certificate: rsa.certDer, keyType: 'rsa', sign: (data) => new Uint8Array(sign('sha256', data, key)) };
  const crl = await pki.crl({ revoked: [], thisUpdate: new Date(Date.now() - 3_600_000), nextUpdate: new Date(Date.now() + 86_400_000) });
  fs.writeFileSync(path.join(work, 'fresh.crl'), crl);
  trust = { roots: [parseCertificate(pki.root.certDer)], intermediates: [parseCertificate(pki.issuing.certDer)], crls: [parseCrl(crl)] };

  const opened = await openBackend('pglite');
  sql = opened.sql;
  stopBackend = opened.stop;
  central = await startCentral(sql);
  ws = await enrolledClient(central.url, central.auth);
  // The server's administrator has bound the provider's BIN to it: its documents are registered under the BIN.
  await bindProviderBin(sql, provider.code, BIN);
  verifyUrl = `${central.url}/verify`;

  registered = await issueDocument(input('PMSP-01-26-K7QM4-00001-1'), signer, { verifyUrl });
  unregistered = await issueDocument(input('PMSP-01-26-K7QM4-00002-9'), signer, { verifyUrl });
  // Another document under the number of a registered one (another case number: another hash).
  forged = await issueDocument(input('PMSP-01-26-K7QM4-00003-7', 'Ж-9999'), signer, { verifyUrl });
  expect(await registerDocumentOnServer(ws.client, STAFF, documentRegistration(registered.data))).toBe('registered');
  const original = buildDocumentData(input('PMSP-01-26-K7QM4-00003-7'));
  expect(await registerDocumentOnServer(ws.client, STAFF, documentRegistration(original))).toBe('registered');
}, 120_000);

afterAll(async () => {
  await central?.app.close();
  await stopBackend?.();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('verifyDocument with the register', () => {
  it('registers what the document prints: its number, hash, title and provider', () => {
    expect(documentRegistration(registered.data)).toEqual({
      number: 'PMSP-01-26-K7QM4-00001-1',
      issuedOn: registered.data.issuedOn,
      issuedAt: '2026-02-03T09:15:00.000Z',
      issuer: BIN,
      sha256: registered.sha256,
      kind: 'unemployed_certificate',
      title: { kk: expect.any(String), ru: expect.any(String) },
      providerName: provider.name,
      signerName: 'СЕРІКБАЕВ НҰРЛАН ӨМІРҰЛЫ',
      requestNumber: 'PMSP-01-26-K7QM4-00042-7',
    });
  });

  it('passes for a registered document, every other check passing too', async () => {
    const questions: RegisterQuestion[] = [];
    const verdict = await verifyDocument(registered.pdf, {
      trust,
      register: (question) => {
        questions.push(question);
        return askQrServer(question);
      },
    });
    expect(verdict.checks.filter((item) => item.status !== 'pass')).toEqual([]);
    expect(verdict.ok).toBe(true);
    expect(check(verdict, 'register')).toMatchObject({ status: 'pass', params: { number: registered.data.number, registeredAt: expect.any(String) } });
    expect(verdict.checks.at(-1)?.name).toBe('register');
    // Asked with the QR code's fields.
    expect(questions).toEqual([{ number: registered.data.number, sha256: registered.sha256, issuer: BIN, date: registered.data.issuedOn, verifyUrl }]);
  });

  it('fails for a document the register does not have', async () => {
    const verdict = await verifyDocument(unregistered.pdf, { trust, register: askQrServer });
    expect(verdict.ok).toBe(false);
    expect(check(verdict, 'register')).toMatchObject({ status: 'fail', reason: 'not_in_register' });
    expect(verdict.checks.filter((item) => item.status !== 'pass').map((item) => item.name)).toEqual(['register']);
  });

  it('fails with hash_mismatch for a document whose number is registered with another hash', async () => {
    const verdict = await verifyDocument(forged.pdf, { trust, register: askQrServer });
    expect(verdict.ok).toBe(false);
    expect(check(verdict, 'register')).toMatchObject({ status: 'fail', reason: 'hash_mismatch' });
  });

  it('could not check when the server is down (or the look-up throws)', async () => {
    const downUrl = `http://127.0.0.1:${await freePort()}/verify`;
    const offline = await issueDocument(input('PMSP-01-26-K7QM4-00004-5'), signer, { verifyUrl: downUrl });
    const verdict = await verifyDocument(offline.pdf, { trust, register: askQrServer });
    expect(verdict.ok).toBe(false);
    expect(check(verdict, 'register')).toMatchObject({ status: 'unknown', reason: 'server_unreachable' });
    // A look-up that throws is the same as a server that does not answer.
    const thrown = await verifyDocument(registered.pdf, {
      trust,
      register: async () => {
        throw new Error('boom');
      },
    });
    expect(check(thrown, 'register')).toMatchObject({ status: 'unknown', reason: 'server_unreachable' });
  });

  it('asks with the embedded data (and the address the QR object is marked with) when the QR drawing cannot be read', async () => {
    const rendered = await renderDocument(registered.data, { verifyUrl });
    const doc = await PDFDocument.load(rendered.pdf);
    let blanked = 0;
    for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
      const marked = object instanceof PDFRawStream ? object.dict.get(PDFName.of(QR_PAYLOAD_KEY)) : undefined;
      if (!(object instanceof PDFRawStream) || !(marked instanceof PDFHexString || marked instanceof PDFString)) continue;
      const dict = object.dict.clone(doc.context);
      dict.delete(PDFName.of('Filter'));
      dict.set(PDFName.of('Length'), PDFNumber.of(0));
      doc.context.assign(ref, PDFRawStream.of(dict, new Uint8Array()));
      blanked += 1;
    }
    expect(blanked).toBe(1);
    const questions: RegisterQuestion[] = [];
    const verdict = await verifyDocument(await doc.save({ useObjectStreams: false }), {
      trust,
      register: (question) => {
        questions.push(question);
        return askQrServer(question);
      },
    });
    expect(check(verdict, 'qr_code')).toMatchObject({ status: 'fail', reason: 'unreadable' });
    expect(questions).toEqual([{ number: registered.data.number, sha256: registered.sha256, issuer: BIN, date: registered.data.issuedOn, verifyUrl }]);
    expect(check(verdict, 'register')).toMatchObject({ status: 'pass' });
  });

  it('has no register check when no look-up is given', async () => {
    const verdict = await verifyDocument(unregistered.pdf, { trust });
    expect(verdict.ok).toBe(true);
    expect(check(verdict, 'register')).toBeUndefined();
  });
});

describe('qyzmet verify-document and the register', () => {
  async function qyzmet(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...items: unknown[]) => void out.push(items.join(' ')));
    const error = vi.spyOn(console, 'error').mockImplementation((...items: unknown[]) => void err.push(items.join(' ')));
    try {
      const status = await runDocumentCommand(args[0]!, args.slice(1), () => path.join(work, 'data'));
      return { status, stdout: out.join('\n'), stderr: err.join('\n') };
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  }
  const file = (name: string, document: IssuedDocument) => {
    const target = path.join(work, name);
    fs.writeFileSync(target, document.pdf);
    return target;
  };
  const trustArgs = () => ['--trust', path.join(work, 'trust'), '--crl', path.join(work, 'fresh.crl')];

  it('asks the server the QR code names by default: registered → exit 0, not registered → exit 1', async () => {
    const ok = await qyzmet('verify-document', file('registered.pdf', registered), ...trustArgs(), '--json');
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    const verdict = JSON.parse(ok.stdout) as DocumentVerdict;
    expect(check(verdict, 'register')).toMatchObject({ status: 'pass', params: { server: central.url } });

    const text = await qyzmet('verify-document', file('unregistered.pdf', unregistered), ...trustArgs());
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(/FAIL\s+register — not_in_register/);
    expect(text.stdout).toContain('the register has no such document');
  });

  it('--offline leaves the register check out', async () => {
    const offline = await qyzmet('verify-document', file('unregistered.pdf', unregistered), ...trustArgs(), '--offline', '--json');
    expect(offline.status).toBe(0);
    const verdict = JSON.parse(offline.stdout) as DocumentVerdict;
    expect(verdict.ok).toBe(true);
    expect(check(verdict, 'register')).toBeUndefined();
    const text = await qyzmet('verify-document', file('unregistered.pdf', unregistered), ...trustArgs(), '--offline');
    expect(text.status).toBe(0);
    expect(text.stdout).not.toMatch(/(PASS|FAIL|COULD NOT CHECK)\s+register/);
    expect(text.stdout).toContain('every check passed');
  });

  it('--server asks that server instead; a server that is down is "could not check" (exit 1)', async () => {
    const downUrl = `http://127.0.0.1:${await freePort()}/verify`;
    const elsewhere = await issueDocument(input('PMSP-01-26-K7QM4-00001-1'), signer, { verifyUrl: downUrl });
    const pdf = file('elsewhere.pdf', elsewhere);
    const down = await qyzmet('verify-document', pdf, ...trustArgs());
    expect(down.status).toBe(1);
    expect(down.stdout).toMatch(/COULD NOT CHECK\s+register — server_unreachable/);
    expect(down.stdout).toContain('--offline skips this check');
    // The same document (same content, same hash) asked of the right server: only its origin counts.
    const asked = await qyzmet('verify-document', pdf, ...trustArgs(), '--server', `${central.url}/anything?x=1`, '--json');
    expect(asked.status).toBe(0);
    expect(check(JSON.parse(asked.stdout) as DocumentVerdict, 'register')).toMatchObject({ status: 'pass', params: { server: central.url } });
  });

  it('refuses --offline with --server, and a --server that is not an http(s) address (exit 2)', async () => {
    const pdf = file('registered.pdf', registered);
    const both = await qyzmet('verify-document', pdf, '--offline', '--server', central.url);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('usage:');
    expect((await qyzmet('verify-document', pdf, '--server', 'ftp://example.kz')).status).toBe(2);
  });
});
