// Issuing a document in one call: data → PDF with QR code → signed inside (PAdES B-B) → detached .p7s.
import type { DocumentData } from '../../shared/documents';
import type { KeySigner } from '../signing/cms';
import { buildDocumentData, type DocumentInput } from './data';
import { signPdf } from './pades';
import { renderDocument, type RenderOptions } from './render';
import { loadTemplates } from './templates';

export interface IssueOptions extends RenderOptions {
  signingTime?: Date;
  /** Shown in the reader's signature panel. */
  reason?: string;
  location?: string;
}

export interface IssuedDocument {
  data: DocumentData;
  /** The signed PDF. */
  pdf: Uint8Array;
  /** The same CMS as inside the PDF, detached, over the same (ByteRange) bytes. */
  p7s: Uint8Array;
  /** The rendered PDF before signing (the signed file starts with exactly these bytes). */
  unsignedLength: number;
  sha256: string;
  qrPayload: string;
  byteRange: [number, number, number, number];
}

export async function issueDocument(input: DocumentInput | DocumentData, signer: KeySigner, options: IssueOptions): Promise<IssuedDocument> {
  const templates = options.templates ?? loadTemplates();
  const data = 'schema' in input ? input : buildDocumentData(input, templates);
  const rendered = await renderDocument(data, { ...options, templates });
  const signed = await signPdf(rendered.pdf, signer, {
    signingTime: options.signingTime ?? new Date(),
    ...(data.signer ? { name: data.signer.name } : {}),
    reason: options.reason ?? `${data.number}: ${data.kind}`,
    ...(options.location ? { location: options.location } : data.provider.city ? { location: data.provider.city.kk } : {}),
  });
  return {
    data,
    pdf: signed.pdf,
    p7s: signed.p7s,
    unsignedLength: rendered.pdf.length,
    sha256: rendered.sha256,
    qrPayload: rendered.qrPayload,
    byteRange: signed.byteRange,
  };
}
