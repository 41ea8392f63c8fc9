// The signing commands of `qyzmet`, for administrators and scripts:
//   qyzmet token list [--module PATH]... [--json]
//   qyzmet sign --module PATH --token LABEL [--cert-id HEX] --pin-env NAME --in FILE --out FILE.p7s [--attached]
//   qyzmet verify --in FILE.p7s [--content FILE] [--trust DIR] [--crl FILE]... [--ocsp URL] [--expect-iin IIN] [--expect-bin BIN] [--json]
// The PIN is read from the environment variable named by --pin-env, never from the command line
// (which other users of the machine can see). `verify` exits 0 only when every check passes; with
// --ocsp it asks that responder (online) about the signer's certificate, as the workstation does.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Verdict } from '../shared/signing';
import { signCms } from './signing/cms';
import { knownModulePaths } from './signing/known-modules';
import { createTokenManager, TokenError } from './signing/pkcs11-tokens';
import { createTrustStore } from './signing/trust-store';
import { checkOcsp, type OcspResult } from './signing/ocsp';
import { parseCrl, signerAndIssuer, verifyCms } from './signing/verify';
import { CmsFormatError } from './signing/cms';

export const SIGNING_USAGE = `  qyzmet token list [--module PATH]... [--json]
  qyzmet sign --module PATH --token LABEL [--cert-id HEX] --pin-env NAME --in FILE --out FILE.p7s [--attached]
  qyzmet verify --in FILE.p7s [--content FILE] [--trust DIR] [--crl FILE]... [--ocsp URL] [--expect-iin IIN] [--expect-bin BIN] [--json]`;

type Exit = number;

export async function runSigningCommand(command: string, argv: string[], dataDir: () => string): Promise<Exit | null> {
  if (command === 'token list') return tokenList(argv);
  if (command === 'sign') return sign(argv);
  if (command === 'verify') return verify(argv, dataDir);
  return null;
}

function fail(message: string, code = 2): Exit {
  console.error(message);
  return code;
}

function tokenList(argv: string[]): Exit {
  const { values } = parseArgs({ args: argv, options: { module: { type: 'string', multiple: true }, json: { type: 'boolean', default: false } }, allowPositionals: true });
  const modules = values.module?.length ? values.module : knownModulePaths().filter((item) => fs.existsSync(item.path)).map((item) => item.path);
  const tokens = createTokenManager(modules);
  try {
    const list = tokens.list().map((token) => {
      let certificates: ReturnType<typeof tokens.certificates> = [];
      try {
        certificates = tokens.certificates(token.ref);
      } catch {
        certificates = [];
      }
      return { ...token, certificates };
    });
    if (values.json) {
      console.log(JSON.stringify({ modules: tokens.modules(), tokens: list }));
      return 0;
    }
    for (const module of tokens.modules()) console.log(`module ${module.path}: ${module.state}${module.detail ? ` (${module.detail})` : ''}`);
    if (list.length === 0) console.log('no tokens present');
    for (const token of list) {
      const flags = Object.entries(token.pin).filter(([, on]) => on).map(([flag]) => flag);
      console.log(`token "${token.label}" — ${token.manufacturer} ${token.model}, serial ${token.serial}${flags.length ? `, PIN: ${flags.join(', ')}` : ''}`);
      for (const item of token.certificates) {
        const cert = item.certificate;
        console.log(
          `  [${item.idHex}] ${cert.subject.commonName ?? '?'} IIN ${cert.subject.iin ?? '—'}${cert.subject.bin ? ` BIN ${cert.subject.bin}` : ''} ` +
            `${cert.canSign ? 'SIGN' : 'AUTH'} ${cert.keyAlgorithm.toUpperCase()} valid ${cert.notBefore.slice(0, 10)}..${cert.notAfter.slice(0, 10)}` +
            `${cert.roles.length ? ` roles ${cert.roles.join(',')}` : ''}`,
        );
      }
    }
    return 0;
  } finally {
    tokens.close();
  }
}

async function sign(argv: string[]): Promise<Exit> {
  const { values } = parseArgs({
    args: argv,
    options: {
      module: { type: 'string' },
      token: { type: 'string' },
      'cert-id': { type: 'string' },
      'pin-env': { type: 'string' },
      in: { type: 'string' },
      out: { type: 'string' },
      attached: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  for (const required of ['module', 'token', 'pin-env', 'in', 'out'] as const) {
    if (!values[required]) return fail(`qyzmet sign: --${required} is required\nusage:\n${SIGNING_USAGE}`);
  }
  const pin = process.env[values['pin-env']!];
  if (!pin) return fail(`qyzmet sign: the environment variable ${values['pin-env']} (named by --pin-env) is not set`);
  if (!fs.existsSync(values.in!)) return fail(`qyzmet sign: ${values.in} does not exist`);
  const tokens = createTokenManager([values.module!]);
  try {
    const token = tokens.list().find((item) => item.label === values.token);
    if (!token) {
      const module = tokens.modules()[0];
      if (module && module.state !== 'loaded') return fail(`qyzmet sign: the PKCS#11 module ${module.path} is ${module.state}${module.detail ? `: ${module.detail}` : ''}`, 1);
      return fail(`qyzmet sign: no token labelled "${values.token}" is present`, 1);
    }
    const signingCerts = tokens.certificates(token.ref).filter((item) => item.certificate.canSign);
    const chosen = values['cert-id'] ? signingCerts.find((item) => item.idHex === values['cert-id']!.toLowerCase()) : signingCerts[0];
    if (!chosen) return fail(values['cert-id'] ? `qyzmet sign: no signing certificate with id ${values['cert-id']} on the token` : 'qyzmet sign: the token holds no signing (nonRepudiation) certificate', 1);
    const signer = tokens.openSigner(token.ref, chosen.idHex, pin);
    try {
      const p7s = await signCms(fs.readFileSync(values.in!), signer, { signingTime: new Date(), attached: values.attached });
      const temp = `${values.out}.tmp-${process.pid}`;
      fs.writeFileSync(temp, p7s);
      fs.renameSync(temp, values.out!);
      console.log(`signed ${values.in} → ${values.out} by ${chosen.certificate.subject.commonName} (IIN ${chosen.certificate.subject.iin ?? '—'})`);
      return 0;
    } finally {
      signer.close();
    }
  } catch (error) {
    if (error instanceof TokenError) return fail(`qyzmet sign: ${TOKEN_MESSAGES[error.code] ?? error.code}`, 1);
    throw error;
  } finally {
    tokens.close();
  }
}

const TOKEN_MESSAGES: Partial<Record<TokenError['code'], string>> = {
  pin_incorrect: 'wrong PIN (the token counts failed attempts; it locks after too many)',
  pin_locked: 'the PIN is locked on this token: it must be unblocked with the SO PIN',
  pin_invalid: 'the PIN has the wrong length or characters for this token',
  token_removed: 'the token was removed during the operation; nothing was written',
  token_busy: 'the token is signing something else right now; try again when that has finished',
  key_not_found: 'the private key for this certificate is not on the token',
  mechanism_unsupported: 'the token does not offer the signature mechanism needed (SHA-256 with RSA or ECDSA)',
};

async function verify(argv: string[], dataDir: () => string): Promise<Exit> {
  const { values } = parseArgs({
    args: argv,
    options: {
      in: { type: 'string' },
      content: { type: 'string' },
      trust: { type: 'string' },
      crl: { type: 'string', multiple: true },
      ocsp: { type: 'string' },
      'expect-iin': { type: 'string' },
      'expect-bin': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  if (!values.in) return fail(`qyzmet verify: --in is required\nusage:\n${SIGNING_USAGE}`);
  for (const file of [values.in, values.content, ...(values.crl ?? [])]) {
    if (file && !fs.existsSync(file)) return fail(`qyzmet verify: ${file} does not exist`);
  }
  // --trust: only that folder's roots; otherwise the workstation's own trust store and CRL cache.
  const store = values.trust
    ? createTrustStore({ dataDir: path.resolve(values.trust, '.no-data'), shippedDir: values.trust })
    : createTrustStore({ dataDir: dataDir() });
  const material = store.material();
  for (const file of values.crl ?? []) {
    try {
      material.crls.push(parseCrl(fs.readFileSync(file)));
    } catch {
      return fail(`qyzmet verify: ${file} is not a certificate revocation list`);
    }
  }
  if (values.ocsp !== undefined && !/^https?:\/\/\S+$/i.test(values.ocsp)) return fail(`qyzmet verify: --ocsp needs an http(s) URL, got "${values.ocsp}"`);
  let verdict: Verdict;
  try {
    const p7s = fs.readFileSync(values.in);
    let ocsp: Map<string, OcspResult> | undefined;
    const pair = values.ocsp ? signerAndIssuer(p7s, material) : null;
    if (pair && values.ocsp) {
      const answer = await checkOcsp(pair.signer, pair.issuer, { url: values.ocsp, now: new Date() });
      ocsp = new Map([[answer.serialHex, answer]]);
      if (answer.status === 'error' && !values.json) console.error(`qyzmet verify: OCSP ${values.ocsp}: ${answer.reason}${answer.detail ? ` (${answer.detail})` : ''}`);
    }
    verdict = verifyCms(p7s, {
      trust: material,
      ...(ocsp ? { ocsp } : {}),
      now: new Date(),
      ...(values.content ? { content: fs.readFileSync(values.content) } : {}),
      ...(values['expect-iin'] ? { expectIin: values['expect-iin'] } : {}),
      ...(values['expect-bin'] ? { expectBin: values['expect-bin'] } : {}),
    });
  } catch (error) {
    if (error instanceof CmsFormatError) return fail(`qyzmet verify: ${values.in} is not a CMS signature (${error.reason})`, 1);
    throw error;
  }
  if (values.json) console.log(JSON.stringify(verdict));
  else {
    const signer = verdict.signer;
    console.log(`signer: ${signer?.subject.commonName ?? 'unknown'}${signer?.subject.iin ? ` (IIN ${signer.subject.iin})` : ''}${signer?.subject.bin ? `, BIN ${signer.subject.bin}` : ''}`);
    if (verdict.signingTime) console.log(`signed at: ${verdict.signingTime}`);
    for (const check of verdict.checks) {
      const mark = check.status === 'pass' ? 'PASS' : check.status === 'fail' ? 'FAIL' : 'COULD NOT CHECK';
      const params = check.params ? ` ${Object.entries(check.params).map(([key, value]) => `${key}=${value}`).join(' ')}` : '';
      console.log(`  ${mark.padEnd(15)} ${check.name}${check.reason ? ` — ${check.reason}` : ''}${params}`);
    }
    console.log(verdict.ok ? 'every check passed' : 'NOT every check passed');
  }
  return verdict.ok ? 0 : 1;
}
