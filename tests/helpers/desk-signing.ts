// Real electronic signatures for tests that run a whole app (startApp): registrations at the counter,
// which the regulations make the employee sign, and results and refusals. A test PKI is made once per
// test file (on first use), each staff member gets one certificate and one PKCS#12 key file (cached by
// IIN, since RSA key generation is the slow part), and a desk gets the test roots in <data folder>/trust
// and the key files in its signing service the first time it signs. Nothing is faked: the app's signing
// service signs with the key file, verifies the signature against its trust store, and the request
// store accepts it only for exactly the decision it was made for.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { App } from '../../src/main/app';
import type { RequestActor, SignedSubject } from '../../src/main/services/requests';
import type { RequestDetail } from '../../src/shared/requests/api';
import type { KeyChoice } from '../../src/shared/signing';
import { createTestPki, type TestPki } from './pki';
import { tempDir } from './workstation';

/**
 * The password of every test key file (the "PIN" the signing service takes for a key file). ASCII on
 * purpose: with a non-ASCII password about 1 file in 400 does not open (key_file_malformed), because
 * openPfx in src/main/signing/pkcs12-keys.ts retries with the UTF-8 password only after a "decrypt"
 * error, and a decryption with the wrong key sometimes ends in valid padding and fails to parse instead.
 */
export const KEY_FILE_PASSWORD = 'desk-key-2026';

const ORGANISATION = { name: 'ӘЛЕУМЕТТІК ҚОРҒАУ БӨЛІМІ', bin: '020240000017' };

/** What a desk must offer: the app (its services) and its data folder. */
export interface SigningDesk {
  app: App;
  dataDir: string;
}

export interface Decision {
  requestId: string;
  action: SignedSubject['action'];
  paymentRef?: string;
  missingDocumentsReason?: string;
  refusalGround?: string;
  reason?: string;
}

export interface RegistrationInput {
  requestId: string;
  paymentRef?: string;
  missingDocumentsReason?: string;
}

/** A staff member as their certificate names them. */
export interface StaffPerson {
  iin: string;
  fullName: string;
  roles: RequestActor['roles'];
}

export interface DeskSigning {
  /** Makes the test PKI and these staff members' key files now (in a beforeAll: key generation is slow). */
  prepare(people: readonly StaffPerson[]): Promise<void>;
  /** The key file and password the actor signs with on this desk (added to its signing service on first use). */
  keyFor(desk: SigningDesk, actor: RequestActor): Promise<{ key: KeyChoice; pin: string }>;
  /** A signature by the actor over the decision, made by the desk's signing service; returns its reference. */
  sign(desk: SigningDesk, actor: RequestActor, decision: Decision): Promise<string>;
  /** Registers a walk-in request at the counter: signs the registration, then registers it with that signature. */
  registerAtCounter(desk: SigningDesk, actor: RequestActor, input: RegistrationInput): Promise<RequestDetail>;
}

/**
 * Signing for the desks of one test file. The certificates are valid from `notBefore` to `notAfter`
 * (the test PKI's CAs around them): these must cover the desks' clocks, which need not be today.
 */
export function createDeskSigning(validity: { notBefore: Date; notAfter: Date }): DeskSigning {
  let pki: Promise<TestPki> | undefined;
  const keyFiles = new Map<string, Promise<Uint8Array>>();
  const desks = new Map<string, Map<string, string>>();

  const testPki = () => (pki ??= createTestPki({ now: validity.notBefore }));

  /** Results and refusals need a certificate with the right of signature; a registration an employee's. */
  const rightOf = (person: { roles: RequestActor['roles'] }) => (person.roles.includes('authorised_signer') ? 'right_of_signature' : 'employee');
  const cacheKeyOf = (person: { iin: string; roles: RequestActor['roles'] }) => `${person.iin}/${rightOf(person)}`;

  function keyFileBytes(person: StaffPerson): Promise<Uint8Array> {
    const cacheKey = cacheKeyOf(person);
    let bytes = keyFiles.get(cacheKey);
    if (!bytes) {
      bytes = (async () => {
        const [givenName = 'ҚЫЗМЕТКЕР', ...rest] = person.fullName.trim().split(/\s+/);
        const issued = await (await testPki()).issue({
          surname: (rest.join(' ') || 'ТЕСТ').toLocaleUpperCase('kk'),
          givenName: givenName.toLocaleUpperCase('kk'),
          iin: person.iin,
          organisation: ORGANISATION,
          roles: ['legal_entity', rightOf(person)],
          notBefore: validity.notBefore,
          notAfter: validity.notAfter,
        });
        const dir = tempDir('qyzmet-key-file-');
        try {
          fs.writeFileSync(path.join(dir, 'key.pem'), issued.privateKeyPem, { mode: 0o600 });
          fs.writeFileSync(path.join(dir, 'cert.pem'), issued.certPem);
          // One key-derivation iteration instead of 2048: opened on every signature, the file would
          // otherwise cost ~40 ms each time (signing.test.ts covers files as НУЦ and OpenSSL write them).
          execFileSync('openssl', [
            'pkcs12', '-export', '-noiter', '-nomaciter',
            '-inkey', path.join(dir, 'key.pem'),
            '-in', path.join(dir, 'cert.pem'),
            '-out', path.join(dir, 'key.p12'),
            '-passout', `pass:${KEY_FILE_PASSWORD}`,
          ]);
          return new Uint8Array(fs.readFileSync(path.join(dir, 'key.p12')));
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      })();
      keyFiles.set(cacheKey, bytes);
    }
    return bytes;
  }

  async function keyFor(desk: SigningDesk, actor: RequestActor) {
    const services = desk.app.services;
    if (!services) throw new Error('the desk has no services');
    let added = desks.get(desk.dataDir);
    if (!added) {
      (await testPki()).writeTrustDir(path.join(desk.dataDir, 'trust'));
      added = new Map();
      desks.set(desk.dataDir, added);
    }
    const cacheKey = cacheKeyOf(actor);
    let fileId = added.get(cacheKey);
    if (!fileId) {
      const fullName = services.db.prepare(`SELECT full_name FROM staff WHERE id = ?`).pluck().get(actor.staffId) as string | undefined;
      fileId = services.signing.addKeyFile(`${actor.iin}.p12`, await keyFileBytes({ iin: actor.iin, fullName: fullName ?? '', roles: actor.roles })).id;
      added.set(cacheKey, fileId);
    }
    return { key: { kind: 'file' as const, fileId }, pin: KEY_FILE_PASSWORD };
  }

  async function sign(desk: SigningDesk, actor: RequestActor, decision: Decision) {
    const { key, pin } = await keyFor(desk, actor);
    const services = desk.app.services!;
    // The signing service refuses a certificate that is not valid on the desk's clock or fails a check.
    const { signatureRef } = await services.signing.signForRequest(actor, services.requests.signedSubject(actor, decision), key, pin);
    return signatureRef;
  }

  return {
    async prepare(people) {
      await testPki();
      await Promise.all(people.map((person) => keyFileBytes(person)));
    },
    keyFor,
    sign,
    async registerAtCounter(desk, actor, input) {
      const signatureRef = await sign(desk, actor, { ...input, action: 'register' });
      return desk.app.services!.requests.register(actor, { ...input, signatureRef });
    },
  };
}
