// The signature inside the PDF (PAdES baseline B-B, ETSI EN 319 142-1): an incremental update
// appended to the rendered document adds a signature field (an invisible widget on page 1, in the
// AcroForm with SigFlags 3) whose value is a signature dictionary
//   /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [...] /Contents <CMS> /M (...)
// The CMS SignedData (signing/cms.ts: SHA-256, signing-certificate-v2, the signer's certificate) is
// detached and covers the ByteRange: every byte of the file but the /Contents hex string itself. The
// rendered bytes stay untouched at the start of the file, so the signed document is the previewed one.
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString } from 'pdf-lib';
import { signCms, type KeySigner } from '../signing/cms';

export interface PdfSignOptions {
  signingTime: Date;
  /** Shown by PDF readers in the signature panel. */
  reason?: string;
  location?: string;
  /** The signer's name for /Name (readers show the certificate's name regardless). */
  name?: string;
  /** The field's name; default "Signature1". */
  fieldName?: string;
}

export interface SignedPdf {
  pdf: Uint8Array;
  /** The CMS SignedData that is inside the PDF, as a detached `.p7s` over the same bytes. */
  p7s: Uint8Array;
  byteRange: [number, number, number, number];
  /** The bytes the CMS covers (the ByteRange, joined). */
  signedLength: number;
}

export class PdfSignError extends Error {
  constructor(readonly code: 'not_a_pdf' | 'signature_too_large' | 'no_pages', message?: string) {
    super(message ?? `pdf signing: ${code}`);
    this.name = 'PdfSignError';
  }
}

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');

/** The offset the last `startxref` points at (the previous cross-reference section). */
function lastStartXref(bytes: Uint8Array): number {
  const tail = latin1(bytes.subarray(Math.max(0, bytes.length - 2048)));
  const matches = [...tail.matchAll(/startxref\s+(\d+)\s+%%EOF/g)];
  const last = matches[matches.length - 1];
  if (!last) throw new PdfSignError('not_a_pdf', 'pdf signing: no startxref at the end of the file');
  return Number(last[1]);
}

/** PDF date string, UTC: D:YYYYMMDDHHmmSSZ */
export function pdfDate(at: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `D:${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}Z`;
}

const BYTE_RANGE_WIDTH = 10;
const BYTE_RANGE_PLACEHOLDER = `[0 ${'0'.repeat(BYTE_RANGE_WIDTH)} ${'0'.repeat(BYTE_RANGE_WIDTH)} ${'0'.repeat(BYTE_RANGE_WIDTH)}]`;

/** Room for the CMS: the certificate, an RSA-4096 signature (512 bytes), the signed attributes and the structure, with margin. */
function contentsRoom(signer: KeySigner): number {
  return signer.certificate.length + 2048;
}

/**
 * Signs a PDF (as rendered by render.ts, or any PDF with a classic cross-reference table) inside,
 * by appending an incremental update. The signer signs once (C_Sign on a token).
 */
export async function signPdf(pdf: Uint8Array, signer: KeySigner, options: PdfSignOptions): Promise<SignedPdf> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pdf, { updateMetadata: false });
  } catch (error) {
    throw new PdfSignError('not_a_pdf', `pdf signing: ${(error as Error).message}`);
  }
  const prev = lastStartXref(pdf);
  const context = doc.context;
  const rootRef = context.trailerInfo.Root;
  const infoRef = context.trailerInfo.Info;
  if (!(rootRef instanceof PDFRef)) throw new PdfSignError('not_a_pdf', 'pdf signing: no document catalog');
  const catalog = context.lookup(rootRef, PDFDict);
  const firstPage = doc.getPages()[0];
  if (!firstPage) throw new PdfSignError('no_pages');

  let next = context.largestObjectNumber;
  const sigRef = PDFRef.of(++next);
  const widgetRef = PDFRef.of(++next);
  const size = next + 1;

  // The widget: invisible (the page itself prints who signs), printable and locked.
  const widget = context.obj({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    Rect: [0, 0, 0, 0],
    F: 4 | 128,
    T: PDFString.of(options.fieldName ?? 'Signature1'),
    V: sigRef,
    P: firstPage.ref,
  });

  // The page gets the widget in its /Annots (an indirect /Annots array is rewritten where it is).
  const changed = new Map<number, string>();
  const annots = firstPage.node.get(PDFName.of('Annots'));
  if (annots instanceof PDFRef) {
    const array = context.lookup(annots, PDFArray);
    array.push(widgetRef);
    changed.set(annots.objectNumber, array.toString());
  } else {
    const array = annots instanceof PDFArray ? annots : context.obj([]);
    array.push(widgetRef);
    firstPage.node.set(PDFName.of('Annots'), array);
    changed.set(firstPage.ref.objectNumber, firstPage.node.toString());
  }

  // The catalog's AcroForm: this field added; SigFlags 3 = SignaturesExist | AppendOnly.
  const existingForm = catalog.get(PDFName.of('AcroForm'));
  const form = existingForm instanceof PDFRef ? context.lookup(existingForm, PDFDict) : existingForm instanceof PDFDict ? existingForm : context.obj({});
  const fields = form.lookupMaybe(PDFName.of('Fields'), PDFArray) ?? context.obj([]);
  fields.push(widgetRef);
  form.set(PDFName.of('Fields'), fields);
  form.set(PDFName.of('SigFlags'), PDFNumber.of(3));
  if (existingForm instanceof PDFRef) changed.set(existingForm.objectNumber, form.toString());
  else {
    catalog.set(PDFName.of('AcroForm'), form);
    changed.set(rootRef.objectNumber, catalog.toString());
  }

  const room = contentsRoom(signer);
  const optional = [
    options.name ? `/Name ${PDFHexString.fromText(options.name).toString()}` : '',
    options.reason ? `/Reason ${PDFHexString.fromText(options.reason).toString()}` : '',
    options.location ? `/Location ${PDFHexString.fromText(options.location).toString()}` : '',
  ].filter(Boolean);
  const sigText = [
    '<<',
    '/Type /Sig',
    '/Filter /Adobe.PPKLite',
    '/SubFilter /ETSI.CAdES.detached',
    `/ByteRange ${BYTE_RANGE_PLACEHOLDER}`,
    `/Contents <${'0'.repeat(room * 2)}>`,
    `/M (${pdfDate(options.signingTime)})`,
    ...optional,
    '>>',
  ].join('\n');

  // The update: changed objects, the two new ones, a cross-reference section, the trailer.
  const objects = new Map<number, string>([...changed, [sigRef.objectNumber, sigText], [widgetRef.objectNumber, widget.toString()]]);
  const numbers = [...objects.keys()].sort((a, b) => a - b);
  const head = pdf[pdf.length - 1] === 0x0a ? '' : '\n';
  let text = head;
  const offsets = new Map<number, number>();
  for (const number of numbers) {
    offsets.set(number, pdf.length + text.length);
    text += `${number} 0 obj\n${objects.get(number)}\nendobj\n`;
  }
  const xrefAt = pdf.length + text.length;
  text += 'xref\n';
  for (let index = 0; index < numbers.length; ) {
    let end = index;
    while (end + 1 < numbers.length && numbers[end + 1] === numbers[end]! + 1) end += 1;
    text += `${numbers[index]} ${end - index + 1}\n`;
    for (let at = index; at <= end; at += 1) text += `${String(offsets.get(numbers[at]!)).padStart(10, '0')} 00000 n\r\n`;
    index = end + 1;
  }
  const id = context.trailerInfo.ID;
  text += `trailer\n<< /Size ${size} /Root ${rootRef.toString()}${infoRef ? ` /Info ${infoRef.toString()}` : ''}${id ? ` /ID ${id.toString()}` : ''} /Prev ${prev} >>\nstartxref\n${xrefAt}\n%%EOF\n`;

  const update = Buffer.from(text, 'latin1');
  const out = new Uint8Array(pdf.length + update.length);
  out.set(pdf, 0);
  out.set(update, pdf.length);

  // Fill in the ByteRange: the hole is the /Contents string with its angle brackets.
  const sigOffset = offsets.get(sigRef.objectNumber)! - pdf.length;
  const holeStart = pdf.length + text.indexOf('/Contents <', sigOffset) + '/Contents '.length;
  const holeEnd = holeStart + room * 2 + 2;
  const byteRange: [number, number, number, number] = [0, holeStart, holeEnd, out.length - holeEnd];
  const rangeText = `[${byteRange.join(' ')}]`;
  if (rangeText.length > BYTE_RANGE_PLACEHOLDER.length) throw new PdfSignError('signature_too_large', 'pdf signing: the file is too large');
  const rangeAt = pdf.length + text.indexOf(BYTE_RANGE_PLACEHOLDER, sigOffset);
  out.set(Buffer.from(rangeText.slice(0, -1).padEnd(BYTE_RANGE_PLACEHOLDER.length - 1, ' ') + ']', 'latin1'), rangeAt);

  const signed = Buffer.concat([out.subarray(0, holeStart), out.subarray(holeEnd)]);
  const p7s = await signCms(signed, signer, { signingTime: options.signingTime });
  const hex = Buffer.from(p7s).toString('hex');
  if (hex.length > room * 2) throw new PdfSignError('signature_too_large', `pdf signing: the signature (${p7s.length} bytes) does not fit the ${room} bytes reserved`);
  out.set(Buffer.from(hex, 'latin1'), holeStart + 1);
  return { pdf: out, p7s, byteRange, signedLength: signed.length };
}
