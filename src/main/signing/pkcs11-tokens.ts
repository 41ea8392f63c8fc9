// Hardware tokens (Kaztoken, JaCarta, eToken; SoftHSM2 in tests) through PKCS#11 with pkcs11js.
//
// A module is loaded and initialised once per process and kept; slots are re-read on every listing,
// so a token plugged in or pulled out shows up at the next look. The PIN is used for C_Login and
// dropped: it is never stored, logged or returned. Signing is C_Sign on the token — the private key
// never leaves it.
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import * as pkcs11js from 'pkcs11js';
import type { ModuleStatus, TokenCertificate, TokenPinState, TokenSummary } from '../../shared/signing';
import { hex, parseCertificate, type ParsedCertificate } from './certificates';
import { ecdsaRawToDer, SHA256_DIGEST_INFO_PREFIX, type KeySigner } from './cms';

export type TokenErrorCode =
  | 'module_missing'
  | 'module_failed'
  | 'token_not_found'
  | 'token_removed'
  | 'pin_incorrect'
  | 'pin_locked'
  | 'pin_invalid'
  | 'certificate_not_found'
  | 'key_not_found'
  | 'mechanism_unsupported'
  | 'token_busy'
  | 'device_error';

export class TokenError extends Error {
  constructor(
    readonly code: TokenErrorCode,
    readonly params: Record<string, string> = {},
  ) {
    super(`token: ${code}${params.detail ? ` (${params.detail})` : ''}`);
    this.name = 'TokenError';
  }
}

/** A logged-in session that signs with one key; close() logs out whatever happened. */
export interface TokenSigner extends KeySigner {
  certificateInfo: ParsedCertificate;
  close(): void;
}

export interface TokenManager {
  modules(): ModuleStatus[];
  setModules(paths: readonly string[]): void;
  list(): TokenSummary[];
  certificates(tokenRef: string): TokenCertificate[];
  /** Logs in with the PIN and returns a signer for the key with this CKA_ID (hex). */
  openSigner(tokenRef: string, idHex: string, pin: string): TokenSigner;
  close(): void;
}

interface LoadedModule {
  path: string;
  pkcs11: pkcs11js.PKCS11 | null;
  status: ModuleStatus;
  /** Signers logged in through this module; it is re-initialised only when there are none. */
  openSigners: number;
  initialisedAt: number;
}

// Some modules (SoftHSM2 among them) see tokens initialised or inserted after C_Initialize only after
// C_Finalize + C_Initialize; re-initialise on a listing at most this often, never under an open session.
const REINITIALISE_AFTER_MS = 1500;

const CKF_TOKEN_INITIALIZED = 0x00000400;

function realPath(path: string): string {
  try {
    return fs.realpathSync(path);
  } catch {
    return path;
  }
}

const PIN_FLAGS = {
  countLow: 0x00010000,
  finalTry: 0x00020000,
  locked: 0x00040000,
  toBeChanged: 0x00080000,
};

export function tokenRef(modulePath: string, serial: string): string {
  return `${modulePath}#${serial}`;
}

// A PKCS#11 module is initialised once per process, so the loaded modules are shared by every token
// manager in it (the workstation, the CLI, tests with several workstations) and finalised when the
// last manager using them closes.
const loaded = new Map<string, LoadedModule>();
let managers = 0;
// A PKCS#11 login belongs to the whole token, not one session: a second signer on a token that is
// logged in would skip its PIN, and its logout would end the first one's. One signer per token.
const signingTokens = new Set<string>();

export function createTokenManager(initialPaths: readonly string[] = []): TokenManager {
  let paths: string[] = [];
  let open = true;
  managers += 1;

  function load(path: string): LoadedModule {
    // The same library under two names (a symlink) is one module: initialising it twice fails.
    const real = realPath(path);
    const existing = loaded.get(path) ?? [...loaded.values()].find((module) => module.pkcs11 && realPath(module.path) === real);
    if (existing) return existing;
    let entry: LoadedModule;
    if (!fs.existsSync(path)) {
      entry = { path, pkcs11: null, status: { path, state: 'missing' }, openSigners: 0, initialisedAt: 0 };
    } else {
      const pkcs11 = new pkcs11js.PKCS11();
      try {
        pkcs11.load(path);
        pkcs11.C_Initialize();
        entry = { path, pkcs11, status: { path, state: 'loaded' }, openSigners: 0, initialisedAt: Date.now() };
      } catch (error) {
        entry = { path, pkcs11: null, status: { path, state: 'failed', detail: (error as Error).message }, openSigners: 0, initialisedAt: 0 };
      }
    }
    // A missing module is looked for again next time (the driver may be installed meanwhile).
    if (entry.status.state !== 'missing') loaded.set(path, entry);
    return entry;
  }

  function refresh(module: LoadedModule) {
    if (!module.pkcs11 || module.openSigners > 0 || Date.now() - module.initialisedAt < REINITIALISE_AFTER_MS) return;
    try {
      module.pkcs11.C_Finalize();
      module.pkcs11.C_Initialize();
      module.initialisedAt = Date.now();
    } catch (error) {
      module.status = { path: module.path, state: 'failed', detail: (error as Error).message };
      module.pkcs11 = null;
    }
  }

  function setModules(next: readonly string[]) {
    paths = [...new Set(next.map((item) => item.trim()).filter(Boolean))];
  }
  setModules(initialPaths);

  function slotsOf(module: LoadedModule): { slot: pkcs11js.Handle; info: pkcs11js.TokenInfo; description: string }[] {
    const pkcs11 = module.pkcs11;
    if (!pkcs11) return [];
    const slots = pkcs11.C_GetSlotList(true);
    const found = [];
    for (const slot of slots) {
      try {
        const info = pkcs11.C_GetTokenInfo(slot);
        // An uninitialised token (SoftHSM2 always offers a free slot like that) holds nothing to sign with.
        if ((info.flags & CKF_TOKEN_INITIALIZED) === 0) continue;
        found.push({ slot, info, description: pkcs11.C_GetSlotInfo(slot).slotDescription.trim() });
      } catch {
        // A token pulled out between the two calls: it is simply not there.
      }
    }
    return found;
  }

  function summary(module: LoadedModule, info: pkcs11js.TokenInfo, description: string): TokenSummary {
    const serial = info.serialNumber.trim();
    return {
      ref: tokenRef(module.path, serial),
      modulePath: module.path,
      slotDescription: description,
      label: info.label.trim(),
      manufacturer: info.manufacturerID.trim(),
      model: info.model.trim(),
      serial,
      pin: pinState(info.flags),
    };
  }

  function findToken(ref: string): { module: LoadedModule; pkcs11: pkcs11js.PKCS11; slot: pkcs11js.Handle; info: pkcs11js.TokenInfo } {
    const hash = ref.lastIndexOf('#');
    const path = ref.slice(0, hash);
    const serial = ref.slice(hash + 1);
    const module = load(path);
    if (!module.pkcs11) throw new TokenError(module.status.state === 'missing' ? 'module_missing' : 'module_failed', { path });
    const match = slotsOf(module).find((item) => item.info.serialNumber.trim() === serial);
    if (!match) throw new TokenError('token_not_found', { serial });
    return { module, pkcs11: module.pkcs11, slot: match.slot, info: match.info };
  }

  function withSession<T>(pkcs11: pkcs11js.PKCS11, slot: pkcs11js.Handle, work: (session: pkcs11js.Handle) => T): T {
    const session = guard(() => pkcs11.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION));
    try {
      return work(session);
    } finally {
      try {
        pkcs11.C_CloseSession(session);
      } catch {
        // Already gone with the token.
      }
    }
  }

  return {
    modules: () => paths.map((path) => load(path).status),
    setModules,

    list() {
      const tokens: TokenSummary[] = [];
      for (const path of paths) {
        const module = load(path);
        refresh(module);
        for (const { info, description } of slotsOf(module)) tokens.push(summary(module, info, description));
      }
      return tokens;
    },

    certificates(ref) {
      const { pkcs11, slot } = findToken(ref);
      return withSession(pkcs11, slot, (session) => {
        const keyIds = new Set(findObjects(pkcs11, session, pkcs11js.CKO_PRIVATE_KEY).map((handle) => idOf(pkcs11, session, handle)));
        const keysVisible = keyIds.size > 0;
        return findObjects(pkcs11, session, pkcs11js.CKO_CERTIFICATE).flatMap((handle): TokenCertificate[] => {
          const [value, id, label] = guard(() =>
            pkcs11.C_GetAttributeValue(session, handle, [{ type: pkcs11js.CKA_VALUE }, { type: pkcs11js.CKA_ID }, { type: pkcs11js.CKA_LABEL }]),
          );
          try {
            const certificate = parseCertificate(new Uint8Array(value!.value as Buffer));
            const idHex = hex((id!.value as Buffer) ?? Buffer.alloc(0));
            // Private keys are private objects: before login a token may hide them (then: unknown).
            return [{ idHex, label: ((label!.value as Buffer) ?? Buffer.alloc(0)).toString('utf8'), certificate: certificate.info, hasPrivateKey: keysVisible ? keyIds.has(idHex) : null }];
          } catch {
            return [];
          }
        });
      });
    },

    openSigner(ref, idHex, pin) {
      const { module, pkcs11, slot } = findToken(ref);
      if (signingTokens.has(ref)) throw new TokenError('token_busy');
      const session = guard(() => pkcs11.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION));
      signingTokens.add(ref);
      module.openSigners += 1;
      let loggedIn = false;
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        signingTokens.delete(ref);
        module.openSigners -= 1;
        try {
          if (loggedIn) pkcs11.C_Logout(session);
        } catch {
          // The token may already be gone.
        }
        try {
          pkcs11.C_CloseSession(session);
        } catch {
          // Same.
        }
      };
      try {
        const certHandle = findObjects(pkcs11, session, pkcs11js.CKO_CERTIFICATE, idHex)[0];
        if (certHandle === undefined) throw new TokenError('certificate_not_found', { id: idHex });
        const certDer = new Uint8Array(guard(() => pkcs11.C_GetAttributeValue(session, certHandle, [{ type: pkcs11js.CKA_VALUE }]))[0]!.value as Buffer);
        const certificate = parseCertificate(certDer);
        login(pkcs11, session, slot, pin);
        loggedIn = true;
        const keyHandle = findObjects(pkcs11, session, pkcs11js.CKO_PRIVATE_KEY, idHex)[0] ?? findKeyByPublicKey(pkcs11, session, certificate);
        if (keyHandle === undefined) throw new TokenError('key_not_found', { id: idHex });
        const keyType = certificate.info.keyAlgorithm;
        if (keyType === 'other') throw new TokenError('mechanism_unsupported', { detail: 'key algorithm' });
        const mechanisms = new Set(guard(() => pkcs11.C_GetMechanismList(slot)));
        return {
          certificate: certDer,
          certificateInfo: certificate,
          keyType,
          sign: (data) => signOnToken(pkcs11, session, keyHandle, keyType, mechanisms, data),
          close,
        };
      } catch (error) {
        close();
        throw error;
      }
    },

    close() {
      if (!open) return;
      open = false;
      managers -= 1;
      if (managers > 0) return;
      for (const module of loaded.values()) {
        try {
          module.pkcs11?.C_Finalize();
          module.pkcs11?.close();
        } catch {
          // Closing on exit: nothing to report to.
        }
      }
      loaded.clear();
    },
  };
}

function pinState(flags: number): TokenPinState {
  return {
    countLow: (flags & PIN_FLAGS.countLow) !== 0,
    finalTry: (flags & PIN_FLAGS.finalTry) !== 0,
    locked: (flags & PIN_FLAGS.locked) !== 0,
    toBeChanged: (flags & PIN_FLAGS.toBeChanged) !== 0,
  };
}

function login(pkcs11: pkcs11js.PKCS11, session: pkcs11js.Handle, slot: pkcs11js.Handle, pin: string) {
  try {
    pkcs11.C_Login(session, pkcs11js.CKU_USER, pin);
  } catch (error) {
    const code = (error as { code?: number }).code;
    if (code === pkcs11js.CKR_USER_ALREADY_LOGGED_IN) return;
    if (code === pkcs11js.CKR_PIN_INCORRECT) {
      // Tell what the token says now: the tries left matter to the person at the counter.
      let state: TokenPinState | null = null;
      try {
        state = pinState(pkcs11.C_GetTokenInfo(slot).flags);
      } catch {
        state = null;
      }
      if (state?.locked) throw new TokenError('pin_locked');
      throw new TokenError('pin_incorrect', { finalTry: String(state?.finalTry ?? false), countLow: String(state?.countLow ?? false) });
    }
    if (code === pkcs11js.CKR_PIN_LOCKED) throw new TokenError('pin_locked');
    if (code === pkcs11js.CKR_PIN_LEN_RANGE || code === pkcs11js.CKR_PIN_INVALID) throw new TokenError('pin_invalid');
    throw deviceError(error);
  }
}

function signOnToken(
  pkcs11: pkcs11js.PKCS11,
  session: pkcs11js.Handle,
  key: pkcs11js.Handle,
  keyType: 'rsa' | 'ec',
  mechanisms: Set<number>,
  data: Uint8Array,
): Uint8Array {
  const digest = createHash('sha256').update(data).digest();
  return guard(() => {
    if (keyType === 'rsa') {
      // Prefer the token hashing itself; some tokens only offer raw PKCS#1 over a DigestInfo.
      if (mechanisms.has(pkcs11js.CKM_SHA256_RSA_PKCS)) {
        pkcs11.C_SignInit(session, { mechanism: pkcs11js.CKM_SHA256_RSA_PKCS }, key);
        return new Uint8Array(pkcs11.C_Sign(session, Buffer.from(data), Buffer.alloc(1024)));
      }
      if (!mechanisms.has(pkcs11js.CKM_RSA_PKCS)) throw new TokenError('mechanism_unsupported', { detail: 'RSA PKCS#1' });
      pkcs11.C_SignInit(session, { mechanism: pkcs11js.CKM_RSA_PKCS }, key);
      return new Uint8Array(pkcs11.C_Sign(session, Buffer.concat([SHA256_DIGEST_INFO_PREFIX, digest]), Buffer.alloc(1024)));
    }
    if (!mechanisms.has(pkcs11js.CKM_ECDSA)) throw new TokenError('mechanism_unsupported', { detail: 'ECDSA' });
    pkcs11.C_SignInit(session, { mechanism: pkcs11js.CKM_ECDSA }, key);
    return ecdsaRawToDer(new Uint8Array(pkcs11.C_Sign(session, digest, Buffer.alloc(256))));
  });
}

function findObjects(pkcs11: pkcs11js.PKCS11, session: pkcs11js.Handle, objectClass: number, idHex?: string): pkcs11js.Handle[] {
  return guard(() => {
    const template: pkcs11js.Template = [{ type: pkcs11js.CKA_CLASS, value: objectClass }];
    if (idHex !== undefined) template.push({ type: pkcs11js.CKA_ID, value: Buffer.from(idHex, 'hex') });
    pkcs11.C_FindObjectsInit(session, template);
    try {
      const handles: pkcs11js.Handle[] = [];
      for (;;) {
        const batch = pkcs11.C_FindObjects(session, 32);
        if (batch.length === 0) return handles;
        handles.push(...batch);
      }
    } finally {
      pkcs11.C_FindObjectsFinal(session);
    }
  });
}

function idOf(pkcs11: pkcs11js.PKCS11, session: pkcs11js.Handle, handle: pkcs11js.Handle): string {
  return hex((pkcs11.C_GetAttributeValue(session, handle, [{ type: pkcs11js.CKA_ID }])[0]!.value as Buffer) ?? Buffer.alloc(0));
}

// Some tokens keep keys and certificates under different CKA_IDs: match the RSA modulus then.
function findKeyByPublicKey(pkcs11: pkcs11js.PKCS11, session: pkcs11js.Handle, certificate: ParsedCertificate): pkcs11js.Handle | undefined {
  if (certificate.info.keyAlgorithm !== 'rsa') return undefined;
  const jwk = certificate.x509.publicKey.export({ format: 'jwk' });
  const modulus = Buffer.from(jwk.n as string, 'base64url');
  return findObjects(pkcs11, session, pkcs11js.CKO_PRIVATE_KEY).find((handle) => {
    try {
      const value = pkcs11.C_GetAttributeValue(session, handle, [{ type: pkcs11js.CKA_MODULUS }])[0]!.value as Buffer;
      return Buffer.compare(value.subarray(value.findIndex((byte) => byte !== 0)), modulus.subarray(modulus.findIndex((byte) => byte !== 0))) === 0;
    } catch {
      return false;
    }
  });
}

const REMOVED = new Set([
  pkcs11js.CKR_DEVICE_REMOVED,
  pkcs11js.CKR_TOKEN_NOT_PRESENT,
  pkcs11js.CKR_SESSION_HANDLE_INVALID,
  pkcs11js.CKR_SESSION_CLOSED,
  pkcs11js.CKR_SLOT_ID_INVALID,
  pkcs11js.CKR_TOKEN_NOT_RECOGNIZED,
]);

function deviceError(error: unknown): TokenError {
  if (error instanceof TokenError) return error;
  const code = (error as { code?: number }).code;
  if (code !== undefined && REMOVED.has(code)) return new TokenError('token_removed');
  return new TokenError('device_error', { detail: (error as Error).message ?? String(error) });
}

/** Runs a PKCS#11 call and turns its failure into a TokenError that says what happened. */
function guard<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    throw deviceError(error);
  }
}
