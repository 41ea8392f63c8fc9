// Throwaway SoftHSM2 tokens holding staff keys, for the signing (PKCS#11) tests.
//
// The code under test loads the same PKCS#11 module into the test process through pkcs11js, and a
// module is initialised once per process (a second C_Initialize fails with
// CKR_CRYPTOKI_ALREADY_INITIALIZED; SoftHSM reads its config only then). So nothing here loads the module: token set-up runs in child processes (softhsm2-util, and
// softhsm-pkcs11.mjs for the objects softhsm2-util cannot create), each with this token store's
// SOFTHSM2_CONF. The test process points the code under test at the same store via `env`.
//
// What a process that already has SoftHSM 2.6 initialised sees of these changes (tried out):
// - a token initialised later does not appear until it calls C_Finalize and C_Initialize again
//   (SoftHSM builds its slot list in C_Initialize, which is also when it reads SOFTHSM2_CONF);
// - objects imported later into a token it already knows do appear, even in an open session;
// - a deleted token stays in the slot list as present, C_GetTokenInfo fails with
//   CKR_GENERAL_ERROR and searches find nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MODULE_PATHS = ['/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so'];
/** The SoftHSM2 PKCS#11 module (the first that exists; else the first path, so errors name it). */
export const SOFTHSM_MODULE: string = MODULE_PATHS.find((path) => existsSync(path)) ?? MODULE_PATHS[0]!;

// Next to this file — or, from a bundle elsewhere (the demo-token script), in the repository's tests/helpers.
const CHILD_SCRIPT = [fileURLToPath(new URL('./softhsm-pkcs11.mjs', import.meta.url)), join(process.cwd(), 'tests', 'helpers', 'softhsm-pkcs11.mjs')].find((file) =>
  existsSync(file),
) as string;

export interface SoftHsm {
  dir: string;
  confPath: string;
  env: { SOFTHSM2_CONF: string };
  modulePath: string;
  /** Initialises a free slot's token. Default PINs: SO '12345678', user '1234'. */
  initToken(label: string, pins?: { so?: string; user?: string }): void;
  /**
   * Stores a private key (CKA_SIGN, private, sensitive, not extractable), its public key and its
   * X.509 certificate, all three with the same CKA_ID and CKA_LABEL.
   */
  importKey(
    label: string,
    userPin: string,
    item: { idHex: string; label: string; privateKeyPkcs8Der: Uint8Array; certDer: Uint8Array },
  ): void;
  /** Deletes the token, as if it were pulled out. */
  deleteToken(label: string): void;
  cleanup(): void;
}

/** One object as the `list` request of pkcs11Child reports it. */
export interface TokenObject {
  class: 'certificate' | 'privateKey' | 'publicKey' | 'other';
  idHex: string;
  label: string;
  /** Certificates: CKA_SERIAL_NUMBER (the DER INTEGER), hex. */
  serialNumberHex?: string;
  /** Private keys: CKA_SIGN, CKA_PRIVATE, CKA_SENSITIVE, CKA_EXTRACTABLE. */
  flags?: { sign: boolean; private: boolean; sensitive: boolean; extractable: boolean };
}

function run(what: string, command: string, args: string[], env: NodeJS.ProcessEnv, input?: string): string {
  const result = spawnSync(command, args, { env: { ...process.env, ...env }, input, encoding: 'utf8' });
  if (result.error) throw new Error(`${what}: ${result.error.message}`);
  if (result.status !== 0) {
    // softhsm2-util prints some of its errors on stdout.
    const output = result.stderr.trim() || result.stdout.trim();
    throw new Error(`${what} failed (exit ${result.status ?? result.signal}): ${output}`);
  }
  return result.stdout;
}

/**
 * Runs one request of softhsm-pkcs11.mjs (see there) against a token of `hsm`, in a child process.
 * Exported so tests can also list a token's objects or sign with a key without loading the module.
 */
export function pkcs11Child<T>(hsm: SoftHsm, request: { op: 'import' | 'list' | 'sign'; token: string; pin: string } & Record<string, unknown>): T {
  const stdout = run(`softhsm-pkcs11 ${request.op}`, process.execPath, [CHILD_SCRIPT], hsm.env, JSON.stringify({ module: hsm.modulePath, ...request }));
  return JSON.parse(stdout) as T;
}

export function createSoftHsm(parentDir: string = tmpdir()): SoftHsm {
  const dir = mkdtempSync(join(parentDir, 'softhsm-'));
  const tokens = join(dir, 'tokens');
  mkdirSync(tokens);
  const confPath = join(dir, 'softhsm2.conf');
  writeFileSync(confPath, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  const env = { SOFTHSM2_CONF: confPath };
  const util = (what: string, args: string[]) => run(`softhsm2-util ${what}`, 'softhsm2-util', args, env);

  const hsm: SoftHsm = {
    dir,
    confPath,
    env,
    modulePath: SOFTHSM_MODULE,
    initToken(label, pins = {}) {
      util('--init-token', ['--init-token', '--free', '--label', label, '--so-pin', pins.so ?? '12345678', '--pin', pins.user ?? '1234']);
    },
    importKey(label, userPin, item) {
      pkcs11Child(hsm, {
        op: 'import',
        token: label,
        pin: userPin,
        idHex: item.idHex,
        label: item.label,
        privateKeyPkcs8: Buffer.from(item.privateKeyPkcs8Der).toString('base64'),
        cert: Buffer.from(item.certDer).toString('base64'),
      });
    },
    deleteToken(label) {
      util('--delete-token', ['--delete-token', '--token', label]);
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return hsm;
}
