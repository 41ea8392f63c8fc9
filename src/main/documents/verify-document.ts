// Verification of an issued document (a signed PDF), for `qyzmet verify-document` and anyone who
// holds one: the PDF's signature field, that its ByteRange covers the whole file but the signature
// itself (nothing changed or appended after signing), the CMS signature with the chain, validity
// and revocation (signing/verify.ts), the embedded data, and the QR code as printed — decoded from
// its drawing — against the SHA-256 of that data; and, when a `register` look-up is given, that
// the central server's register of issued documents has this number with this hash. Every check
// is pass / fail / could not check.
import { createHash } from 'node:crypto';
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
  type PDFObject,
} from 'pdf-lib';
import {
  DOCUMENT_DATA_FILE,
  DOCUMENT_DATA_SCHEMA,
  documentIssuer,
  parseQrPayload,
  type DocumentCheck,
  type QrContent,
  type DocumentData,
  type DocumentVerdict,
} from '../../shared/documents';
import { canonicalJson } from '../../shared/requests/lifecycle';
import type { DocumentCheckReply } from '../../shared/server-api';
import { CmsFormatError } from '../signing/cms';
import { verifyCms, type TrustMaterial } from '../signing/verify';
import { decodeQrOperators } from './qr';
import { QR_PAYLOAD_KEY } from './render';

/** What the register look-up is asked: the QR code's fields as decoded (the embedded data's when the QR code is unreadable). */
export interface RegisterQuestion {
  number: string;
  sha256: string;
  issuer: string;
  date: string;
  /** The QR code's verification address ('' when the document has none). */
  verifyUrl: string;
}

/** The register's answer; `server` (optional) names who answered, shown with the check. */
export type RegisterAnswer = (DocumentCheckReply | { status: 'unreachable' }) & { server?: string };

export interface VerifyDocumentOptions {
  trust: TrustMaterial;
  now?: Date;
  expectIin?: string;
  expectBin?: string;
  /** Asks the central server's register about the document; without it there is no `register` check. */
  register?: (question: RegisterQuestion) => Promise<RegisterAnswer>;
}

interface FoundSignature {
  dict: PDFDict;
  byteRange: number[] | null;
  contents: Uint8Array | null;
}

const text = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');

function resolve(doc: PDFDocument, value: PDFObject | undefined): PDFObject | undefined {
  return value instanceof PDFRef ? doc.context.lookup(value) : value;
}

function nameOf(value: PDFObject | undefined): string | null {
  return value instanceof PDFName ? value.decodeText() : null;
}

/** Signature dictionaries of the AcroForm's signature fields (and their kids). */
function findSignatures(doc: PDFDocument): FoundSignature[] {
  const form = resolve(doc, doc.catalog.get(PDFName.of('AcroForm')));
  if (!(form instanceof PDFDict)) return [];
  const found: FoundSignature[] = [];
  const visit = (value: PDFObject | undefined, depth: number) => {
    const field = resolve(doc, value);
    if (!(field instanceof PDFDict) || depth > 8) return;
    const sig = resolve(doc, field.get(PDFName.of('V')));
    if (nameOf(field.get(PDFName.of('FT'))) === 'Sig' && sig instanceof PDFDict) {
      const range = resolve(doc, sig.get(PDFName.of('ByteRange')));
      const contents = resolve(doc, sig.get(PDFName.of('Contents')));
      found.push({
        dict: sig,
        byteRange: range instanceof PDFArray ? range.asArray().map((item) => (resolve(doc, item) instanceof PDFNumber ? (resolve(doc, item) as PDFNumber).asNumber() : Number.NaN)) : null,
        contents: contents instanceof PDFHexString || contents instanceof PDFString ? contents.asBytes() : null,
      });
    }
    const kids = resolve(doc, field.get(PDFName.of('Kids')));
    if (kids instanceof PDFArray) for (const kid of kids.asArray()) visit(kid, depth + 1);
  };
  const fields = resolve(doc, form.get(PDFName.of('Fields')));
  if (fields instanceof PDFArray) for (const field of fields.asArray()) visit(field, 0);
  return found;
}

/** The DER length of a SEQUENCE at the start of `bytes` (the CMS without the zero padding after it). */
function derLength(bytes: Uint8Array): number | null {
  if (bytes[0] !== 0x30 || bytes.length < 2) return null;
  const first = bytes[1]!;
  if (first < 0x80) return 2 + first;
  const count = first & 0x7f;
  if (count === 0 || count > 4 || bytes.length < 2 + count) return null;
  let length = 0;
  for (let index = 0; index < count; index += 1) length = length * 256 + bytes[2 + index]!;
  return 2 + count + length;
}

function byteRangeCheck(bytes: Uint8Array, signature: FoundSignature): { check: DocumentCheck; cms: Uint8Array | null; signed: Uint8Array | null } {
  const range = signature.byteRange;
  const fail = (reason: string, params?: Record<string, string>) => ({ check: { name: 'byte_range' as const, status: 'fail' as const, reason, ...(params ? { params } : {}) }, cms: null, signed: null });
  if (!range || range.length !== 4 || range.some((value) => !Number.isInteger(value) || value < 0)) return fail('byte_range_invalid');
  const [start, holeStart, holeEnd, tailLength] = range as [number, number, number, number];
  if (start !== 0 || holeEnd <= holeStart || holeEnd + tailLength > bytes.length) return fail('byte_range_invalid');
  const hole = text(bytes.subarray(holeStart, holeEnd));
  if (!/^<[0-9A-Fa-f]*>$/.test(hole)) return fail('contents_not_in_hole');
  const holeBytes = new Uint8Array(Buffer.from(hole.slice(1, -1), 'hex'));
  const length = derLength(holeBytes);
  if (length === null || length > holeBytes.length) return fail('contents_malformed');
  const cms = holeBytes.subarray(0, length);
  if (signature.contents && Buffer.compare(Buffer.from(signature.contents.subarray(0, length)), Buffer.from(cms)) !== 0) return fail('contents_not_in_hole');
  const signed = new Uint8Array(Buffer.concat([bytes.subarray(0, holeStart), bytes.subarray(holeEnd, holeEnd + tailLength)]));
  const covered = holeEnd + tailLength;
  if (covered < bytes.length) {
    // Bytes after the signed revision: an incremental update (or anything else) appended after signing.
    const after = text(bytes.subarray(covered));
    const reason = /startxref|%%EOF|\bobj\b/.test(after) ? 'incremental_update' : 'modified_after_signing';
    return { check: { name: 'byte_range', status: 'fail', reason, params: { unsignedBytes: String(bytes.length - covered) } }, cms, signed };
  }
  return { check: { name: 'byte_range', status: 'pass' }, cms, signed };
}

/** The embedded file `qyzmet-document.json` (the EmbeddedFiles name tree, flat or with kids). */
function embeddedData(doc: PDFDocument): Uint8Array | null {
  const names = resolve(doc, doc.catalog.get(PDFName.of('Names')));
  if (!(names instanceof PDFDict)) return null;
  const search = (node: PDFObject | undefined, depth: number): Uint8Array | null => {
    const dict = resolve(doc, node);
    if (!(dict instanceof PDFDict) || depth > 8) return null;
    const entries = resolve(doc, dict.get(PDFName.of('Names')));
    if (entries instanceof PDFArray) {
      const items = entries.asArray();
      for (let index = 0; index + 1 < items.length; index += 2) {
        const key = resolve(doc, items[index]);
        const keyText = key instanceof PDFString || key instanceof PDFHexString ? key.decodeText() : null;
        if (keyText !== DOCUMENT_DATA_FILE) continue;
        const spec = resolve(doc, items[index + 1]);
        const ef = spec instanceof PDFDict ? resolve(doc, spec.get(PDFName.of('EF'))) : undefined;
        const stream = ef instanceof PDFDict ? resolve(doc, ef.get(PDFName.of('F'))) : undefined;
        if (stream instanceof PDFRawStream) return decodePDFRawStream(stream).decode();
      }
    }
    const kids = resolve(doc, dict.get(PDFName.of('Kids')));
    if (kids instanceof PDFArray) {
      for (const kid of kids.asArray()) {
        const found = search(kid, depth + 1);
        if (found) return found;
      }
    }
    return null;
  };
  return search(names.get(PDFName.of('EmbeddedFiles')), 0);
}

/** The QR form XObject (marked with /QyzmetPayload): its drawing decoded, and the payload it is marked with. */
function qrDrawing(doc: PDFDocument): { decoded: string | null; marked: string } | null {
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFStream)) continue;
    const marked = object.dict.get(PDFName.of(QR_PAYLOAD_KEY));
    if (!(marked instanceof PDFHexString || marked instanceof PDFString)) continue;
    const bbox = object.dict.lookupMaybe(PDFName.of('BBox'), PDFArray);
    const size = bbox ? (bbox.get(2) as PDFNumber | undefined)?.asNumber() ?? 0 : 0;
    const operators = object instanceof PDFRawStream ? text(decodePDFRawStream(object).decode()) : text(object.getContents());
    return { decoded: decodeQrOperators(operators, size), marked: marked.decodeText() };
  }
  return null;
}

/**
 * The `register` check: number, hash, issuer and date as the QR code's drawing decodes (else the
 * embedded data's, with the address the QR object is marked with), asked of the register.
 */
async function registerCheck(
  ask: NonNullable<VerifyDocumentOptions['register']>,
  qr: { decoded: QrContent | null; marked: QrContent | null },
  data: DocumentData | null,
  sha256: string,
): Promise<DocumentCheck> {
  const scanned = qr.decoded;
  const question: RegisterQuestion | null = scanned
    ? { number: scanned.number, sha256: scanned.sha256, issuer: scanned.issuer, date: scanned.date, verifyUrl: scanned.verifyUrl }
    : data
      ? { number: data.number, sha256, issuer: documentIssuer(data), date: data.issuedOn, verifyUrl: qr.marked?.verifyUrl ?? '' }
      : null;
  if (!question) return { name: 'register', status: 'unknown', reason: 'data_missing' };
  let answer: RegisterAnswer;
  try {
    answer = await ask(question);
  } catch {
    answer = { status: 'unreachable' };
  }
  const params: Record<string, string> = { number: question.number, ...(answer.server ? { server: answer.server } : {}) };
  switch (answer.status) {
    case 'valid':
      return { name: 'register', status: 'pass', params: { ...params, ...(answer.document ? { registeredAt: answer.document.registeredAt } : {}) } };
    case 'hash_mismatch':
      return { name: 'register', status: 'fail', reason: 'hash_mismatch', params };
    case 'not_found':
      return { name: 'register', status: 'fail', reason: 'not_in_register', params };
    default:
      return { name: 'register', status: 'unknown', reason: 'server_unreachable', params };
  }
}

export async function verifyDocument(bytes: Uint8Array, options: VerifyDocumentOptions): Promise<DocumentVerdict> {
  const checks: DocumentCheck[] = [];
  const done = (extra: Partial<DocumentVerdict> = {}): DocumentVerdict => ({
    ok: checks.length > 0 && checks.every((check) => check.status === 'pass'),
    checks,
    signer: null,
    signingTime: null,
    document: null,
    ...extra,
  });

  let doc: PDFDocument;
  try {
    if (text(bytes.subarray(0, 5)) !== '%PDF-') throw new Error('no %PDF- header');
    doc = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true });
  } catch (error) {
    checks.push({ name: 'pdf_structure', status: 'fail', reason: 'not_a_pdf', params: { detail: (error as Error).message.slice(0, 200) } });
    return done();
  }
  const signatures = findSignatures(doc);
  if (signatures.length === 0) {
    checks.push({ name: 'pdf_structure', status: 'fail', reason: 'no_signature' });
  } else {
    checks.push({ name: 'pdf_structure', status: 'pass', params: { signatures: String(signatures.length) } });
  }

  let signer: DocumentVerdict['signer'] = null;
  let signingTime: string | null = null;
  // The signature whose range reaches furthest is the one that must cover the document.
  const signature = [...signatures].sort((a, b) => (b.byteRange?.[2] ?? 0) + (b.byteRange?.[3] ?? 0) - ((a.byteRange?.[2] ?? 0) + (a.byteRange?.[3] ?? 0)))[0];
  if (signature) {
    const filter = nameOf(signature.dict.get(PDFName.of('Filter')));
    const subFilter = nameOf(signature.dict.get(PDFName.of('SubFilter')));
    checks.push(
      filter === 'Adobe.PPKLite' && subFilter === 'ETSI.CAdES.detached'
        ? { name: 'signature_format', status: 'pass', params: { subFilter } }
        : { name: 'signature_format', status: 'fail', reason: 'unsupported_format', params: { filter: filter ?? '', subFilter: subFilter ?? '' } },
    );
    const range = byteRangeCheck(bytes, signature);
    checks.push(range.check);
    if (range.cms && range.signed) {
      try {
        const verdict = verifyCms(range.cms, {
          content: range.signed,
          trust: options.trust,
          now: options.now ?? new Date(),
          ...(options.expectIin !== undefined ? { expectIin: options.expectIin } : {}),
          ...(options.expectBin !== undefined ? { expectBin: options.expectBin } : {}),
        });
        checks.push(...verdict.checks);
        signer = verdict.signer;
        signingTime = verdict.signingTime;
      } catch (error) {
        if (!(error instanceof CmsFormatError)) throw error;
        checks.push({ name: 'signature', status: 'fail', reason: 'not_cms', params: { detail: error.reason } });
      }
    } else {
      checks.push({ name: 'signature', status: 'unknown', reason: 'contents_unreadable' });
    }
  }

  // The document's own data and its QR code.
  const raw = embeddedData(doc);
  let data: DocumentData | null = null;
  let sha256 = '';
  if (!raw) {
    checks.push({ name: 'embedded_data', status: 'fail', reason: 'missing', params: { file: DOCUMENT_DATA_FILE } });
  } else {
    sha256 = createHash('sha256').update(raw).digest('hex');
    try {
      const parsed = JSON.parse(Buffer.from(raw).toString('utf8')) as DocumentData;
      if (parsed?.schema !== DOCUMENT_DATA_SCHEMA) checks.push({ name: 'embedded_data', status: 'fail', reason: 'unknown_schema' });
      else if (canonicalJson(parsed) !== Buffer.from(raw).toString('utf8')) checks.push({ name: 'embedded_data', status: 'fail', reason: 'not_canonical' });
      else {
        data = parsed;
        checks.push({ name: 'embedded_data', status: 'pass' });
      }
    } catch {
      checks.push({ name: 'embedded_data', status: 'fail', reason: 'not_json' });
    }
  }
  if (data) {
    const subject = doc.getSubject();
    checks.push(subject === data.number ? { name: 'metadata', status: 'pass' } : { name: 'metadata', status: 'fail', reason: 'subject_mismatch', params: { subject: subject ?? '', number: data.number } });
  }

  const qr = qrDrawing(doc);
  let payload: string | null = null;
  if (!qr) checks.push({ name: 'qr_code', status: 'fail', reason: 'missing' });
  else if (qr.decoded === null) checks.push({ name: 'qr_code', status: 'fail', reason: 'unreadable' });
  else if (qr.decoded !== qr.marked) checks.push({ name: 'qr_code', status: 'fail', reason: 'drawing_differs' });
  else {
    payload = qr.decoded;
    checks.push({ name: 'qr_code', status: 'pass' });
  }
  if (payload !== null) {
    const content = parseQrPayload(payload);
    if (!content) checks.push({ name: 'qr_hash', status: 'fail', reason: 'not_a_document_payload' });
    else if (!data) checks.push({ name: 'qr_hash', status: 'unknown', reason: 'data_missing' });
    else if (content.sha256 !== sha256) checks.push({ name: 'qr_hash', status: 'fail', reason: 'hash_mismatch', params: { qr: content.sha256, content: sha256 } });
    else if (content.number !== data.number || content.date !== data.issuedOn || content.issuer !== documentIssuer(data)) {
      checks.push({ name: 'qr_hash', status: 'fail', reason: 'fields_mismatch' });
    } else checks.push({ name: 'qr_hash', status: 'pass', params: { sha256 } });
  }

  if (options.register) {
    const decoded = qr?.decoded ? parseQrPayload(qr.decoded) : null;
    checks.push(await registerCheck(options.register, { decoded, marked: qr ? parseQrPayload(qr.marked) : null }, data, sha256));
  }

  return done({
    signer,
    signingTime,
    document: data ? { kind: data.kind, number: data.number, issuedOn: data.issuedOn, issuer: documentIssuer(data), sha256, qrPayload: payload } : null,
  });
}
