// The document commands of `qyzmet`:
//   qyzmet verify-document FILE.pdf [--trust DIR] [--crl FILE]... [--expect-iin IIN] [--expect-bin BIN]
//                          [--offline | --server URL] [--json]
// Checks an issued document: the signature inside the PDF (nothing changed or appended after
// signing), the chain, validity and revocation, the embedded data and the QR code's hash, and that
// the central server's register has the document's number with its hash: the server the QR code's
// address names, or the one --server names (only its origin counts); --offline skips this check.
// Exit 0 only when every check passes, 1 when one does not, 2 for a usage error.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { DocumentVerdict } from '../shared/documents';
import { checkDocumentOnServer, checkUrlFromVerifyUrl } from './documents/server-register';
import { verifyDocument, type RegisterAnswer, type RegisterQuestion } from './documents/verify-document';
import { createTrustStore } from './signing/trust-store';
import { parseCrl } from './signing/verify';

export const DOCUMENTS_USAGE = `  qyzmet verify-document FILE.pdf [--trust DIR] [--crl FILE]... [--expect-iin IIN] [--expect-bin BIN] [--offline | --server URL] [--json]`;

type Exit = number;

export async function runDocumentCommand(command: string, argv: string[], dataDir: () => string): Promise<Exit | null> {
  if (command === 'verify-document') return verifyDocumentCommand(argv, dataDir);
  return null;
}

function fail(message: string, code = 2): Exit {
  console.error(message);
  return code;
}

async function verifyDocumentCommand(argv: string[], dataDir: () => string): Promise<Exit> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        trust: { type: 'string' },
        crl: { type: 'string', multiple: true },
        'expect-iin': { type: 'string' },
        'expect-bin': { type: 'string' },
        offline: { type: 'boolean', default: false },
        server: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      allowPositionals: true,
    });
  } catch (error) {
    return fail(`qyzmet verify-document: ${(error as Error).message}\nusage:\n${DOCUMENTS_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) return fail(`qyzmet verify-document: give one PDF file\nusage:\n${DOCUMENTS_USAGE}`);
  const file = positionals[0]!;
  if (values.offline && values.server !== undefined) return fail(`qyzmet verify-document: --offline and --server exclude each other\nusage:\n${DOCUMENTS_USAGE}`);
  let server: string | null = null;
  if (values.server !== undefined) {
    try {
      server = checkUrlFromVerifyUrl(values.server);
    } catch {
      return fail(`qyzmet verify-document: --server ${values.server} is not an http(s) address`);
    }
  }
  for (const item of [file, values.trust, ...(values.crl ?? [])]) {
    if (item && !fs.existsSync(item)) return fail(`qyzmet verify-document: ${item} does not exist`);
  }
  // --trust: only that folder's roots; otherwise the workstation's own trust store and CRL cache.
  const store = values.trust
    ? createTrustStore({ dataDir: path.resolve(values.trust, '.no-data'), shippedDir: values.trust })
    : createTrustStore({ dataDir: dataDir() });
  const material = store.material();
  for (const crl of values.crl ?? []) {
    try {
      material.crls.push(parseCrl(fs.readFileSync(crl)));
    } catch {
      return fail(`qyzmet verify-document: ${crl} is not a certificate revocation list`);
    }
  }
  const verdict = await verifyDocument(new Uint8Array(fs.readFileSync(file)), {
    trust: material,
    now: new Date(),
    ...(values['expect-iin'] ? { expectIin: values['expect-iin'] } : {}),
    ...(values['expect-bin'] ? { expectBin: values['expect-bin'] } : {}),
    ...(values.offline ? {} : { register: (question: RegisterQuestion) => askRegister(server, question) }),
  });
  if (values.json) console.log(JSON.stringify(verdict));
  else printVerdict(file, verdict);
  return verdict.ok ? 0 : 1;
}

/** The register of the server --server names, else of the one the QR code's address names. */
async function askRegister(server: string | null, question: RegisterQuestion): Promise<RegisterAnswer> {
  let checkUrl: string;
  try {
    checkUrl = server ?? checkUrlFromVerifyUrl(question.verifyUrl);
  } catch {
    return { status: 'unreachable' };
  }
  const answer = await checkDocumentOnServer(checkUrl, question);
  return { ...answer, server: new URL(checkUrl).origin };
}

function printVerdict(file: string, verdict: DocumentVerdict): void {
  const document = verdict.document;
  console.log(`document: ${file}`);
  if (document) console.log(`  ${document.kind} № ${document.number} of ${document.issuedOn}, issuer ${document.issuer}, SHA-256 ${document.sha256}`);
  const signer = verdict.signer;
  console.log(`signer: ${signer?.subject.commonName ?? 'unknown'}${signer?.subject.iin ? ` (IIN ${signer.subject.iin})` : ''}${signer?.subject.bin ? `, BIN ${signer.subject.bin}` : ''}`);
  if (verdict.signingTime) console.log(`signed at: ${verdict.signingTime}`);
  for (const check of verdict.checks) {
    const mark = check.status === 'pass' ? 'PASS' : check.status === 'fail' ? 'FAIL' : 'COULD NOT CHECK';
    const params = check.params ? ` ${Object.entries(check.params).map(([key, value]) => `${key}=${value}`).join(' ')}` : '';
    console.log(`  ${mark.padEnd(15)} ${check.name}${check.reason ? ` — ${check.reason}` : ''}${params}`);
  }
  const modified = verdict.checks.find((check) => check.name === 'byte_range' && check.status === 'fail');
  if (modified) console.log(modified.reason === 'incremental_update' ? 'the document was changed after signing (an incremental update was appended)' : 'the document was modified after signing');
  const register = verdict.checks.find((check) => check.name === 'register');
  if (register?.reason === 'server_unreachable') console.log(`the register${register.params?.server ? ` at ${register.params.server}` : ''} could not be asked (--offline skips this check)`);
  else if (register?.reason === 'hash_mismatch') console.log('the register has another document under this number: this one was changed or forged');
  else if (register?.reason === 'not_in_register') console.log('the register has no such document');
  console.log(verdict.ok ? 'every check passed' : 'NOT every check passed');
}
