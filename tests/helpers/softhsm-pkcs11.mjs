// Child-process side of tests/helpers/softhsm.ts. A PKCS#11 module can be C_Initialize'd only once
// per process and the code under test loads SoftHSM into the test process itself, so every token
// manipulation by the test helpers runs here, in a process of its own.
//
// Reads one JSON request on stdin, writes one JSON answer on stdout; any failure goes to stderr with
// exit code 1. SOFTHSM2_CONF comes from the environment.
//   { op: 'import', module, token, pin, idHex, label, privateKeyPkcs8: base64, cert: base64 } → { ok: true }
//   { op: 'list', module, token, pin } → { objects: TokenObject[] } (see softhsm.ts)
//   { op: 'sign', module, token, pin, idHex, data: base64 } → { signature: base64 }
//     RSA keys sign with CKM_SHA256_RSA_PKCS; EC keys with CKM_ECDSA over the SHA-256 digest (raw r||s).
import { createHash, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pkcs11js from 'pkcs11js';

const request = JSON.parse(readFileSync(0, 'utf8'));
const pkcs11 = new pkcs11js.PKCS11();
try {
  pkcs11.load(request.module);
  pkcs11.C_Initialize();
  try {
    const session = openSession(request.token, request.pin);
    const answer = { import: importKey, list: listObjects, sign }[request.op]?.(session, request);
    if (!answer) throw new Error(`unknown op "${request.op}"`);
    process.stdout.write(JSON.stringify(answer));
  } finally {
    pkcs11.C_Finalize();
  }
} catch (error) {
  process.stderr.write(`softhsm-pkcs11 ${request.op}: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}

function openSession(tokenLabel, pin) {
  const slot = pkcs11
    .C_GetSlotList(true)
    .find((s) => pkcs11.C_GetTokenInfo(s).label.trim() === tokenLabel);
  if (!slot) throw new Error(`no token labelled "${tokenLabel}"`);
  const session = pkcs11.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
  pkcs11.C_Login(session, pkcs11js.CKU_USER, pin);
  return session;
}

function importKey(session, { idHex, label, privateKeyPkcs8, cert }) {
  const certDer = Buffer.from(cert, 'base64');
  const { serial, issuer, subject } = tbsFields(certDer);
  const jwk = createPrivateKey({ key: Buffer.from(privateKeyPkcs8, 'base64'), format: 'der', type: 'pkcs8' }).export({
    format: 'jwk',
  });
  const b = (field) => Buffer.from(jwk[field], 'base64url');
  const common = [
    { type: pkcs11js.CKA_TOKEN, value: true },
    { type: pkcs11js.CKA_ID, value: Buffer.from(idHex, 'hex') },
    { type: pkcs11js.CKA_LABEL, value: Buffer.from(label, 'utf8') },
  ];

  let keyType, privateParts, publicParts;
  if (jwk.kty === 'RSA') {
    keyType = pkcs11js.CKK_RSA;
    publicParts = [
      { type: pkcs11js.CKA_MODULUS, value: b('n') },
      { type: pkcs11js.CKA_PUBLIC_EXPONENT, value: b('e') },
    ];
    privateParts = [
      ...publicParts,
      { type: pkcs11js.CKA_PRIVATE_EXPONENT, value: b('d') },
      { type: pkcs11js.CKA_PRIME_1, value: b('p') },
      { type: pkcs11js.CKA_PRIME_2, value: b('q') },
      { type: pkcs11js.CKA_EXPONENT_1, value: b('dp') },
      { type: pkcs11js.CKA_EXPONENT_2, value: b('dq') },
      { type: pkcs11js.CKA_COEFFICIENT, value: b('qi') },
    ];
  } else if (jwk.kty === 'EC' && jwk.crv === 'P-256') {
    keyType = pkcs11js.CKK_EC;
    const params = { type: pkcs11js.CKA_EC_PARAMS, value: Buffer.from('06082a8648ce3d030107', 'hex') }; // OID prime256v1
    // CKA_EC_POINT is the DER OCTET STRING around the uncompressed point 04||X||Y (65 bytes).
    const point = Buffer.concat([Buffer.from([0x04, 0x41, 0x04]), b('x'), b('y')]);
    publicParts = [params, { type: pkcs11js.CKA_EC_POINT, value: point }];
    privateParts = [params, { type: pkcs11js.CKA_VALUE, value: b('d') }];
  } else {
    throw new Error(`unsupported key: ${jwk.kty} ${jwk.crv ?? ''}`);
  }

  pkcs11.C_CreateObject(session, [
    ...common,
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
    { type: pkcs11js.CKA_KEY_TYPE, value: keyType },
    { type: pkcs11js.CKA_PRIVATE, value: true },
    { type: pkcs11js.CKA_SENSITIVE, value: true },
    { type: pkcs11js.CKA_EXTRACTABLE, value: false },
    { type: pkcs11js.CKA_SIGN, value: true },
    { type: pkcs11js.CKA_SUBJECT, value: subject },
    ...privateParts,
  ]);
  pkcs11.C_CreateObject(session, [
    ...common,
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PUBLIC_KEY },
    { type: pkcs11js.CKA_KEY_TYPE, value: keyType },
    { type: pkcs11js.CKA_PRIVATE, value: false },
    { type: pkcs11js.CKA_VERIFY, value: true },
    { type: pkcs11js.CKA_SUBJECT, value: subject },
    ...publicParts,
  ]);
  pkcs11.C_CreateObject(session, [
    ...common,
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
    { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
    { type: pkcs11js.CKA_PRIVATE, value: false },
    { type: pkcs11js.CKA_SUBJECT, value: subject },
    { type: pkcs11js.CKA_ISSUER, value: issuer },
    { type: pkcs11js.CKA_SERIAL_NUMBER, value: serial },
    { type: pkcs11js.CKA_VALUE, value: certDer },
  ]);
  return { ok: true };
}

function listObjects(session) {
  const classes = {
    [pkcs11js.CKO_CERTIFICATE]: 'certificate',
    [pkcs11js.CKO_PRIVATE_KEY]: 'privateKey',
    [pkcs11js.CKO_PUBLIC_KEY]: 'publicKey',
  };
  const get = (handle, types) =>
    pkcs11.C_GetAttributeValue(session, handle, types.map((type) => ({ type }))).map((attribute) => attribute.value);
  return {
    objects: findObjects(session, []).map((handle) => {
      const [cls, id, label] = get(handle, [pkcs11js.CKA_CLASS, pkcs11js.CKA_ID, pkcs11js.CKA_LABEL]);
      const object = { class: classes[cls.readUInt32LE(0)] ?? 'other', idHex: id.toString('hex'), label: label.toString('utf8') };
      if (object.class === 'certificate') {
        object.serialNumberHex = get(handle, [pkcs11js.CKA_SERIAL_NUMBER])[0].toString('hex');
      }
      if (object.class === 'privateKey') {
        const flags = get(handle, [pkcs11js.CKA_SIGN, pkcs11js.CKA_PRIVATE, pkcs11js.CKA_SENSITIVE, pkcs11js.CKA_EXTRACTABLE]);
        const [sign, isPrivate, sensitive, extractable] = flags.map((value) => value[0] === 1);
        object.flags = { sign, private: isPrivate, sensitive, extractable };
      }
      return object;
    }),
  };
}

function sign(session, { idHex, data }) {
  const [key] = findObjects(session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
    { type: pkcs11js.CKA_ID, value: Buffer.from(idHex, 'hex') },
  ]);
  if (!key) throw new Error(`no private key with CKA_ID ${idHex}`);
  const [keyType] = pkcs11.C_GetAttributeValue(session, key, [{ type: pkcs11js.CKA_KEY_TYPE }]);
  const isEc = keyType.value.readUInt32LE(0) === pkcs11js.CKK_EC;
  const input = Buffer.from(data, 'base64');
  pkcs11.C_SignInit(session, { mechanism: isEc ? pkcs11js.CKM_ECDSA : pkcs11js.CKM_SHA256_RSA_PKCS }, key);
  const signature = pkcs11.C_Sign(session, isEc ? createHash('sha256').update(input).digest() : input, Buffer.alloc(1024));
  return { signature: signature.toString('base64') };
}

function findObjects(session, template) {
  pkcs11.C_FindObjectsInit(session, template);
  try {
    return pkcs11.C_FindObjects(session, 1000);
  } finally {
    pkcs11.C_FindObjectsFinal(session);
  }
}

/** Raw DER of serialNumber, issuer and subject from the TBSCertificate, which is all PKCS#11 wants. */
function tbsFields(der) {
  const tlv = (pos) => {
    let length = der[pos + 1];
    let header = 2;
    if (length & 0x80) {
      const count = length & 0x7f;
      length = 0;
      for (let i = 0; i < count; i += 1) length = length * 256 + der[pos + 2 + i];
      header += count;
    }
    return { tag: der[pos], start: pos, body: pos + header, end: pos + header + length };
  };
  const children = (parent) => {
    const out = [];
    for (let pos = parent.body; pos < parent.end; pos = out[out.length - 1].end) out.push(tlv(pos));
    return out;
  };
  const fields = children(children(tlv(0))[0]);
  if (fields[0].tag === 0xa0) fields.shift(); // [0] version
  const raw = (field) => der.subarray(field.start, field.end);
  // serialNumber, signature, issuer, validity, subject
  return { serial: raw(fields[0]), issuer: raw(fields[2]), subject: raw(fields[4]) };
}
