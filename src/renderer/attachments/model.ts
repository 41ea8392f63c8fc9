// What the attachment screens share: files to base64 (in parts, as the API takes them), the
// translated reasons of scanner errors and refused files, sizes and hashes as people read them.
import type { TFunction } from 'i18next';
import i18next from 'i18next';
import { MIB, UPLOAD_PART_BYTES, type WorkingSet } from '../../shared/attachments';
import { call, isApiClientError } from '../api/client';
import { errorMessage, type ShownError } from '../i18n';

/** A blob's bytes as base64. */
export async function toBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Imports a file into a checklist item's working set: whole when small, else in parts first. */
export async function importIntoItem(requestId: string, documentCode: string, file: File): Promise<WorkingSet> {
  const name = file.name.trim().slice(0, 255) || 'file';
  if (file.size <= UPLOAD_PART_BYTES) {
    return call('attachments.importFile', { requestId, documentCode, name, content: await toBase64(file) });
  }
  let uploadId: string | undefined;
  for (let offset = 0; offset < file.size; offset += UPLOAD_PART_BYTES) {
    const part = await toBase64(file.slice(offset, offset + UPLOAD_PART_BYTES));
    uploadId = (await call('attachments.upload', { ...(uploadId ? { uploadId } : {}), part })).uploadId;
  }
  return call('attachments.importFile', { requestId, documentCode, name, uploadId: uploadId as string });
}

export function shownError(failure: unknown): ShownError {
  return isApiClientError(failure) ? { code: failure.code, params: failure.params } : { code: 'internal' };
}

/** The sentence for a scanner error or a refused file, with its reason; other errors as everywhere. */
export function attachmentErrorMessage(t: TFunction, error: ShownError): string {
  const reason = typeof error.params?.reason === 'string' ? error.params.reason : null;
  if (error.code === 'scanner_error' && reason && i18next.exists(`attachments.scanErrors.${reason}`)) return t(`attachments.scanErrors.${reason}`);
  if (error.code === 'file_refused' && reason && i18next.exists(`attachments.refusals.${reason}`)) {
    // Refused over a size or page limit: the sentence names the limit that applies now.
    const limit = limitText(t, error.params);
    if (limit && i18next.exists(`attachments.refusalLimits.${reason}`)) return t(`attachments.refusalLimits.${reason}`, { limit });
    return t(`attachments.refusals.${reason}`);
  }
  return errorMessage(t, error);
}

/** The limit a refusal names: "10 MB" (whole megabytes as set in Settings), or a number of pages. */
function limitText(t: TFunction, params: ShownError['params']): string | null {
  const bytes = params?.limitBytes;
  if (typeof bytes === 'number' && bytes > 0) return bytes % MIB === 0 ? t('attachments.size.mb', { n: bytes / MIB }) : formatSize(bytes, t);
  const pages = params?.limitPages;
  return typeof pages === 'number' && pages > 0 ? String(pages) : null;
}

/** 1 234 567 bytes → "1.2 MB" (KB below a megabyte). */
export function formatSize(bytes: number, t: TFunction): string {
  if (bytes < 1024 * 1024) return t('attachments.size.kb', { n: Math.max(1, Math.round(bytes / 1024)) });
  return t('attachments.size.mb', { n: (bytes / (1024 * 1024)).toFixed(1) });
}

/** The first 12 hex digits, as people compare them. */
export function shortHash(sha256: string): string {
  return sha256.slice(0, 12);
}

export function dataUrl(mime: string, base64: string): string {
  return `data:${mime};base64,${base64}`;
}

/** The image turned upright by a quarter-turn rotation (a canvas), as a data URL; the same one when not turned. */
export async function rotatedImage(url: string, rotation: number): Promise<{ url: string; width: number; height: number }> {
  const image = new Image();
  image.src = url;
  await image.decode();
  const turned = rotation === 90 || rotation === 270;
  if (rotation === 0) return { url, width: image.naturalWidth, height: image.naturalHeight };
  const canvas = document.createElement('canvas');
  canvas.width = turned ? image.naturalHeight : image.naturalWidth;
  canvas.height = turned ? image.naturalWidth : image.naturalHeight;
  const context = canvas.getContext('2d');
  if (!context) return { url, width: image.naturalWidth, height: image.naturalHeight };
  context.translate(canvas.width / 2, canvas.height / 2);
  context.rotate((rotation * Math.PI) / 180);
  context.drawImage(image, -image.naturalWidth / 2, -image.naturalHeight / 2);
  return { url: canvas.toDataURL('image/jpeg', 0.9), width: canvas.width, height: canvas.height };
}
