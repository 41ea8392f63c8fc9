// Scanning and attachments' part of the UI↔main contract (issue 6): input schemas (checked at the
// main-process boundary) and the shapes that travel back. Registered in src/shared/api/contract.ts.
//
// The flow: the employee scans or imports pages into a working set per request and checklist item
// (kept in main, so nothing is lost when the intake moves between steps), arranges them (reorder,
// rotate, delete, rescan), then attaches them: one multi-page PDF, stored by its SHA-256 and
// recorded on the request. A scan runs in the background; its progress, its pages and its end are
// pushed as `attachments.scan` events to the connection that started it.
import { z } from 'zod';

// ---- vocabularies (main's scanner and inspector use the same codes) ----

export const COLOR_MODES = ['color', 'gray', 'lineart'] as const;
export type ScanColorMode = (typeof COLOR_MODES)[number];
export const SCAN_SOURCES = ['flatbed', 'adf', 'adf-duplex'] as const;
export type ScanSourceName = (typeof SCAN_SOURCES)[number];
export const PAGE_SIZE_NAMES = ['A4', 'A5', 'Letter'] as const;
export type PageSizeName = (typeof PAGE_SIZE_NAMES)[number];

/** Why a scan stopped or a scanner could not be used (the `reason` of a `scanner_error`). */
export const SCAN_ERROR_REASONS = [
  'device_not_found',
  'feeder_empty',
  'jammed',
  'cover_open',
  'device_io',
  'scanner_busy',
  'access_denied',
  'cancelled',
  'invalid_settings',
  'driver_missing',
  'driver_failed',
] as const;
export type ScanErrorReason = (typeof SCAN_ERROR_REASONS)[number];

/** Why a file or an attachment was refused (the `reason` of a `file_refused`). */
export const FILE_REFUSAL_REASONS = [
  'empty',
  'too_large',
  'request_too_large',
  'unsupported_type',
  'mislabeled',
  'truncated',
  'malformed',
  'encrypted',
  'active_content',
  'too_many_pages',
  'decompression_bomb',
  'image_too_large',
  'write_failed',
  'no_pages',
  'upload_incomplete',
] as const;
export type FileRefusalReason = (typeof FILE_REFUSAL_REASONS)[number];

/** Bytes of a file per call (the browser host takes messages up to 1 MiB); larger files go in parts. */
export const UPLOAD_PART_BYTES = 512 * 1024;

// ---- inputs ----

const base64 = (maxBytes: number) =>
  z
    .string()
    .max(Math.ceil(maxBytes / 3) * 4 + 4)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');

const requestId = z.uuid();
const documentCode = z.string().regex(/^[a-z][a-z0-9_]*$/).max(60);
const pageId = z.uuid();
const deviceId = z.string().min(1).max(512);

export const deviceOptionsInput = z.object({ deviceId }).strict();

export const scanSettingsSchema = z
  .object({
    resolution: z.number().int().min(25).max(2400),
    mode: z.enum(COLOR_MODES),
    source: z.enum(SCAN_SOURCES).optional(),
    pageSize: z.enum(PAGE_SIZE_NAMES).optional(),
    /** Feeder only: stop after this many pages (default: until the feeder is empty). */
    maxPages: z.number().int().min(1).max(500).optional(),
  })
  .strict();
export type ScanSettingsInput = z.infer<typeof scanSettingsSchema>;

export const scanInput = z
  .object({
    requestId,
    documentCode,
    deviceId,
    settings: scanSettingsSchema,
    /** Rescan of one page: the first page scanned takes this page's place. */
    replacePageId: pageId.optional(),
  })
  .strict();

export const scanIdInput = z.object({ scanId: z.uuid() }).strict();

export const uploadInput = z
  .object({
    /** Absent for the first part: the answer names the upload. */
    uploadId: z.uuid().optional(),
    part: base64(UPLOAD_PART_BYTES),
  })
  .strict();

export const importFileInput = z
  .object({
    requestId,
    documentCode,
    /** The file's name as the employee picked it: checked against the content, never trusted. */
    name: z.string().trim().min(1).max(255),
    /** A small file whole, or… */
    content: base64(UPLOAD_PART_BYTES).optional(),
    /** …a file sent before in parts (attachments.upload). */
    uploadId: z.uuid().optional(),
  })
  .strict()
  .refine((value) => (value.content === undefined) !== (value.uploadId === undefined), { path: ['content'], message: 'required' });

export const workingSetInput = z.object({ requestId }).strict();
export const itemInput = z.object({ requestId, documentCode }).strict();
export const pageInput = z.object({ requestId, documentCode, pageId }).strict();
export const movePageInput = z.object({ requestId, documentCode, pageId, to: z.number().int().min(0).max(10_000) }).strict();
export const rotatePageInput = z
  .object({ requestId, documentCode, pageId, quarterTurns: z.union([z.literal(-1), z.literal(1), z.literal(2)]) })
  .strict();

export const attachInput = z
  .object({
    requestId,
    documentCode,
    /** The attachment's name as the employee sees it (the checklist item's name by default). */
    name: z.string().trim().min(1).max(200),
  })
  .strict();

export const attachmentInput = z.object({ requestId, attachmentId: z.uuid() }).strict();
export const attachmentPageInput = z.object({ requestId, attachmentId: z.uuid(), page: z.number().int().min(0).max(10_000) }).strict();

// ---- the administrator's size limits (Settings → Attachments; issue 6) ----

export const MIB = 1024 * 1024;

/** What an administrator may set: per file and per request in MiB, pages per document. */
export const ATTACHMENT_LIMIT_RANGES = {
  maxFileMiB: { min: 1, max: 200 },
  maxRequestMiB: { min: 1, max: 1000 },
  maxPages: { min: 1, max: 2000 },
} as const;

const limitField = (range: { min: number; max: number }) => z.number().int().min(range.min).max(range.max);
const inRange = (value: unknown, field: keyof typeof ATTACHMENT_LIMIT_RANGES) =>
  Number.isInteger(value) && (value as number) >= ATTACHMENT_LIMIT_RANGES[field].min && (value as number) <= ATTACHMENT_LIMIT_RANGES[field].max;

/** The limits as the form sends them and the settings keep them; a request takes at least one whole file. */
export const attachmentLimitsSchema = z
  .object({
    maxFileMiB: limitField(ATTACHMENT_LIMIT_RANGES.maxFileMiB),
    maxRequestMiB: limitField(ATTACHMENT_LIMIT_RANGES.maxRequestMiB),
    maxPages: limitField(ATTACHMENT_LIMIT_RANGES.maxPages),
  })
  .strict()
  // Only between two valid numbers: a value out of its range is reported as that, and only that.
  .refine((value) => !(inRange(value.maxFileMiB, 'maxFileMiB') && inRange(value.maxRequestMiB, 'maxRequestMiB')) || value.maxRequestMiB >= value.maxFileMiB, {
    path: ['maxRequestMiB'],
    message: 'attachments.request_below_file',
  });
export type AttachmentLimitSettings = z.infer<typeof attachmentLimitsSchema>;

/** Until an administrator sets them: the inspector's defaults (50 MiB, 200 MiB, 1000 pages). */
export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimitSettings = { maxFileMiB: 50, maxRequestMiB: 200, maxPages: 1000 };

// ---- outputs ----

export interface ScannerDevice {
  id: string;
  vendor: string;
  model: string;
  type: string;
  driver: 'sane' | 'wia' | 'naps2';
}

export interface ScannerOptions {
  deviceId: string;
  resolutions: number[];
  modes: ScanColorMode[];
  sources: ScanSourceName[];
  pageSizes: PageSizeName[];
  defaults: { resolution: number; mode: ScanColorMode; source: ScanSourceName };
}

export type PageRotation = 0 | 90 | 180 | 270;

export interface PageView {
  id: string;
  /** A scanned page or an imported image; or a page of an imported PDF, copied as it is. */
  kind: 'image' | 'pdf';
  rotation: PageRotation;
  /** A small JPEG (base64), unrotated; null where none could be made (a PDF page without a renderer). */
  thumbnail: string | null;
  /** Pixels (images) or points (PDF pages), unrotated. */
  width: number;
  height: number;
  dpi: number | null;
  mode: ScanColorMode | null;
}

export interface WorkingSet {
  requestId: string;
  documentCode: string;
  pages: PageView[];
  /** A scan into this item under way (started by any connection). */
  scan: { scanId: string; replacePageId: string | null } | null;
}

/** One page as an image for the viewer (base64), unrotated; `rotation` says how to turn it. */
export interface PageImageData {
  mime: 'image/jpeg' | 'image/png';
  data: string;
  width: number;
  height: number;
  rotation: PageRotation;
}

export interface RequestAttachment {
  id: string;
  requestId: string;
  /** The checklist item (the catalogue's document code). */
  documentCode: string;
  name: string;
  sha256: string;
  size: number;
  mime: 'application/pdf' | 'image/jpeg' | 'image/png' | 'image/tiff';
  pages: number;
  addedAt: string;
  /** Who added it: a staff member, or the portal (`portal`, name null) for an applicant's file. */
  addedBy: { id: string; name: string | null };
  /**
   * Scanned or imported at a workstation of the provider (a PDF made there), or sent by the applicant
   * with their signed submission through the portal (their PDF, JPEG or PNG as it was sent).
   */
  source: AttachmentSource;
}

export const ATTACHMENT_SOURCES = ['workstation', 'portal'] as const;
export type AttachmentSource = (typeof ATTACHMENT_SOURCES)[number];

export interface AttachResult {
  attachment: RequestAttachment;
  /** The same content was already attached to this request: nothing new was recorded. */
  duplicate: boolean;
}

export type ScanEvent = { scanId: string; requestId: string; documentCode: string } & (
  | { kind: 'progress'; percent: number; pageIndex: number }
  /** A page is complete: where it now stands in the working set, and whether it replaced one. */
  | { kind: 'page'; page: PageView; index: number; replaced: boolean }
  | {
      kind: 'finished';
      outcome: 'done' | 'failed' | 'cancelled';
      /** Pages this scan delivered (kept, whatever the outcome). */
      pages: number;
      error: { reason: ScanErrorReason; detail: string } | null;
    }
);
