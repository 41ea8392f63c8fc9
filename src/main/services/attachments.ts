// Scanning and attachments at the counter (issue 6), behind the API: the scanner's devices and
// options, scans in the background with their progress pushed to the connection that started them
// (and cancel), file import, a working set of pages per request and checklist item, the page
// operations, and "attach": the pages assembled into one PDF, put into the content-addressed store
// and recorded on the request (with the change log, in one transaction).
//
// The working sets live in this process, per request and checklist item: they survive the intake
// moving between its steps, another section, the screen lock and a reload of the page (a new
// connection), not a restart of the workstation — until they are attached, nothing is recorded.
// Pages a scan delivered before a jam, an empty feeder, a vanished device or a cancel stay in them.
//
// When: attachments are added to a draft; after registration only while the request is returned to
// the applicant for correction (corrected documents brought in), and removed only from a draft (a
// registered request's attachments are evidence). Attaching to a draft marks its checklist item as
// presented (through the request store's updateDraft, in the same transaction), so an item with an
// attachment counts as presented for the "mandatory document missing" check of registration.
import type { Database } from 'better-sqlite3';
import {
  FILE_REFUSAL_REASONS,
  MIB,
  type AttachmentSource,
  type AttachmentLimitSettings,
  type AttachResult,
  type FileRefusalReason,
  type PageImageData,
  type PageView,
  type RequestAttachment,
  type ScanErrorReason,
  type ScanEvent,
  type ScannerDevice,
  type ScannerOptions,
  type ScanSettingsInput,
  type WorkingSet,
} from '../../shared/attachments';
import { ApiFailure } from '../../shared/api/errors';
import { documentsFor, serviceByCode, type CatalogueService, type DocumentRequirement } from '../../shared/catalogue';
import type { DocumentMark, RequestDetail } from '../../shared/requests/api';
import type { RequestState } from '../../shared/requests/lifecycle';
import { AssembleError, assemblePdf } from '../attachments/assemble';
import { inspectFile, type AttachmentLimits, type AttachmentMime, type RefusalCode } from '../attachments/inspect';
import { deletePage, movePage, PageListError, replacePage, rotatePage, type Page } from '../attachments/pages';
import { PageRangeError, renderPdfPage, type RenderedPage } from '../attachments/render';
import { sha256Hex, type AttachmentStore } from '../attachments/store';
import type { ChangeLog } from '../db/change-log';
import { newId } from '../ids';
import { importFile } from '../scanning/import';
import { ScannerError, type ScanErrorCode, type ScannerDriver } from '../scanning/types';
import type { RequestActor, RequestStore } from './requests';

/** States in which pages may be added: the draft, and a request returned for correction. */
export const ATTACHING_STATES: readonly RequestState[] = ['draft', 'returned_for_correction'];

/** How long an unfinished upload (a file sent in parts) is kept. */
const UPLOAD_TTL_MS = 15 * 60_000;
/** Files being sent in parts at once, per connection. */
const MAX_UPLOADS = 4;

export interface AttachmentsService {
  /** A UI connection and where its scan events go; `disconnect` cancels its scans and drops its uploads. */
  connect(connectionId: string, emit: (event: ScanEvent) => void): void;
  disconnect(connectionId: string): void;
  devices(): Promise<ScannerDevice[]>;
  deviceOptions(deviceId: string): Promise<ScannerOptions>;
  /** Starts a scan into a working set; returns at once, the rest arrives as events. */
  startScan(
    connectionId: string,
    actor: RequestActor,
    input: { requestId: string; documentCode: string; deviceId: string; settings: ScanSettingsInput; replacePageId?: string | undefined },
  ): { scanId: string };
  cancelScan(connectionId: string, scanId: string): null;
  upload(connectionId: string, input: { uploadId?: string | undefined; part: string }): { uploadId: string; bytes: number };
  importFile(
    connectionId: string,
    actor: RequestActor,
    input: { requestId: string; documentCode: string; name: string; content?: string | undefined; uploadId?: string | undefined },
  ): Promise<WorkingSet>;
  /** Every checklist item's working set of the request that has pages or a scan under way. */
  workingSets(actor: RequestActor, requestId: string): WorkingSet[];
  movePage(actor: RequestActor, input: { requestId: string; documentCode: string; pageId: string; to: number }): WorkingSet;
  rotatePage(actor: RequestActor, input: { requestId: string; documentCode: string; pageId: string; quarterTurns: number }): WorkingSet;
  deletePage(actor: RequestActor, input: { requestId: string; documentCode: string; pageId: string }): WorkingSet;
  clearPages(actor: RequestActor, input: { requestId: string; documentCode: string }): WorkingSet;
  pageImage(actor: RequestActor, input: { requestId: string; documentCode: string; pageId: string }): Promise<PageImageData | null>;
  attach(actor: RequestActor, input: { requestId: string; documentCode: string; name: string }): Promise<AttachResult>;
  list(actor: RequestActor, requestId: string): RequestAttachment[];
  /** Removes an attachment from a draft; the list that remains. */
  remove(actor: RequestActor, input: { requestId: string; attachmentId: string }): RequestAttachment[];
  attachmentPage(actor: RequestActor, input: { requestId: string; attachmentId: string; page: number }): Promise<PageImageData | null>;
  /** The size and page limits that apply now (the administrator's, else the code's), in MiB and pages. */
  limits(): AttachmentLimitSettings;
  /** Cancels every scan (the workstation is closing). */
  close(): void;
}

export interface AttachmentsDeps {
  db: Database;
  changes: ChangeLog;
  requests: RequestStore;
  store: AttachmentStore;
  driver: ScannerDriver;
  workstationId: string;
  now: () => Date;
  /** The administrator's limits, read at every check (a change applies to the next file); over the store's. */
  limits?: () => Partial<AttachmentLimits>;
}

interface AttachmentRow {
  id: string;
  request_id: string;
  document_code: string;
  sha256: string;
  size: number;
  mime: AttachmentMime;
  pages: number;
  name: string;
  added_at: string;
  added_by: string;
  workstation_id: string;
  source: AttachmentSource;
  added_by_name?: string | null;
}

interface Set_ {
  requestId: string;
  documentCode: string;
  pages: Page[];
}

interface RunningScan {
  scanId: string;
  connectionId: string;
  key: string;
  requestId: string;
  documentCode: string;
  replacePageId: string | null;
  controller: AbortController;
  delivered: number;
}

interface Upload {
  connectionId: string;
  parts: Buffer[];
  bytes: number;
  touched: number;
}

// ---- codes ----

/** The scanner's codes are the API's reasons (this fails to compile when they drift apart). */
function scanReason(code: ScanErrorCode): ScanErrorReason {
  return code;
}

function refusalReason(code: RefusalCode | 'write_failed'): FileRefusalReason {
  return (FILE_REFUSAL_REASONS as readonly string[]).includes(code) ? code : 'malformed';
}

function scannerFailure(error: unknown): never {
  if (error instanceof ScannerError) throw new ApiFailure('scanner_error', { reason: scanReason(error.code) });
  throw error;
}

function refused(reason: FileRefusalReason, limits?: AttachmentLimits): never {
  throw new ApiFailure('file_refused', { reason, ...(limits ? limitParams(reason, limits) : {}) });
}

/** The limit a refusal was about, so the UI can name it. */
function limitParams(reason: FileRefusalReason, limits: AttachmentLimits): Record<string, number> {
  switch (reason) {
    case 'too_large':
      return { limitBytes: limits.maxFileBytes };
    case 'request_too_large':
      return { limitBytes: limits.maxRequestBytes };
    case 'too_many_pages':
      return { limitPages: limits.maxPages };
    default:
      return {};
  }
}

/** The administrator's settings (MiB, pages) as the inspector's limits (bytes, pages). */
export function limitsFromSettings(settings: Partial<AttachmentLimitSettings>): Partial<AttachmentLimits> {
  return {
    ...(settings.maxFileMiB !== undefined ? { maxFileBytes: settings.maxFileMiB * MIB } : {}),
    ...(settings.maxRequestMiB !== undefined ? { maxRequestBytes: settings.maxRequestMiB * MIB } : {}),
    ...(settings.maxPages !== undefined ? { maxPages: settings.maxPages } : {}),
  };
}

function pageListFailure(error: unknown, path: string): never {
  if (error instanceof PageListError) {
    if (error.code === 'unknown_page') throw new ApiFailure('not_found', { what: 'page' });
    throw new ApiFailure('invalid_input', undefined, [{ path, code: 'out_of_range' }]);
  }
  throw error;
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

function pageView(page: Page): PageView {
  const source = page.source;
  const thumbnail = page.thumbnail ? base64(page.thumbnail) : null;
  if (source.kind === 'image') {
    const { width, height, dpi, mode } = source.image;
    return { id: page.id, kind: 'image', rotation: page.rotation, thumbnail, width, height, dpi, mode };
  }
  return { id: page.id, kind: 'pdf', rotation: page.rotation, thumbnail, width: Math.round(source.widthPt), height: Math.round(source.heightPt), dpi: null, mode: null };
}

function imageData(rendered: RenderedPage, extraRotation = 0): PageImageData {
  const rotation = ((((rendered.rotation + extraRotation) % 360) + 360) % 360) as PageImageData['rotation'];
  return { mime: rendered.mime, data: base64(rendered.data), width: rendered.width, height: rendered.height, rotation };
}

/** The presentation recorded when attaching marks an item presented: the one marked, else the first paper one. */
function presentationFor(document: DocumentRequirement, mark: DocumentMark | undefined): DocumentMark['presentation'] {
  if (mark?.presentation && document.presentation.includes(mark.presentation)) return mark.presentation;
  return document.presentation.find((form) => form !== 'electronic') ?? document.presentation[0];
}

// ---- the service ----

export function createAttachmentsService(deps: AttachmentsDeps): AttachmentsService {
  const { db, changes, requests, store, driver, workstationId, now } = deps;
  /** Read at every check: a limit an administrator changed applies to the next file, without a restart. */
  const currentLimits = (): AttachmentLimits => ({ ...store.limits, ...deps.limits?.() });
  const sinks = new Map<string, (event: ScanEvent) => void>();
  const sets = new Map<string, Set_>();
  const scans = new Map<string, RunningScan>();
  const uploads = new Map<string, Upload>();
  /** The last attachments read for the viewer (paging through one reads it once). */
  const recent = new Map<string, Uint8Array>();

  const insert = db.prepare(
    `INSERT INTO request_attachments (id, request_id, document_code, sha256, size, mime, pages, name, added_at, added_by, workstation_id, source)
     VALUES (@id, @request_id, @document_code, @sha256, @size, @mime, @pages, @name, @added_at, @added_by, @workstation_id, @source)`,
  );
  const listOf = db.prepare(
    `SELECT a.*, s.full_name AS added_by_name FROM request_attachments a LEFT JOIN staff s ON s.id = a.added_by
     WHERE a.request_id = ? ORDER BY a.added_at, a.id`,
  );
  const byId = db.prepare(
    `SELECT a.*, s.full_name AS added_by_name FROM request_attachments a LEFT JOIN staff s ON s.id = a.added_by
     WHERE a.id = ? AND a.request_id = ?`,
  );
  const byHash = db.prepare(
    `SELECT a.*, s.full_name AS added_by_name FROM request_attachments a LEFT JOIN staff s ON s.id = a.added_by
     WHERE a.request_id = ? AND a.sha256 = ?`,
  );
  const totalBytes = db.prepare(`SELECT COALESCE(SUM(size), 0) FROM request_attachments WHERE request_id = ?`).pluck();
  const deleteRow = db.prepare(`DELETE FROM request_attachments WHERE id = ?`);

  const keyOf = (requestId: string, documentCode: string) => `${requestId}/${documentCode}`;

  const toAttachment = (row: AttachmentRow): RequestAttachment => ({
    id: row.id,
    requestId: row.request_id,
    documentCode: row.document_code,
    name: row.name,
    sha256: row.sha256,
    size: row.size,
    mime: row.mime,
    pages: row.pages,
    addedAt: row.added_at,
    addedBy: { id: row.added_by, name: row.added_by_name ?? null },
    source: row.source,
  });

  const scanOf = (key: string): RunningScan | undefined => [...scans.values()].find((scan) => scan.key === key);

  const view = (requestId: string, documentCode: string): WorkingSet => {
    const key = keyOf(requestId, documentCode);
    const scan = scanOf(key);
    return {
      requestId,
      documentCode,
      pages: (sets.get(key)?.pages ?? []).map(pageView),
      scan: scan ? { scanId: scan.scanId, replacePageId: scan.replacePageId } : null,
    };
  };

  const setFor = (requestId: string, documentCode: string): Set_ => {
    const key = keyOf(requestId, documentCode);
    let set = sets.get(key);
    if (!set) {
      set = { requestId, documentCode, pages: [] };
      sets.set(key, set);
    }
    return set;
  };

  /** The request as this person sees it (refused when they may not), its service and the checklist item. */
  const itemOf = (actor: RequestActor, requestId: string, documentCode: string) => {
    const detail = requests.get(actor, requestId);
    const service = serviceByCode(detail.service) as CatalogueService;
    const document = documentsFor(service, detail.channel).find((entry) => entry.document.code === documentCode)?.document;
    if (!document) throw new ApiFailure('invalid_input', undefined, [{ path: 'documentCode', code: 'not_allowed' }]);
    return { detail, service, document };
  };

  const requireCaseRole = (actor: RequestActor, service: CatalogueService) => {
    if (!actor.roles.some((role) => service.roles.includes(role))) {
      throw new ApiFailure('forbidden', { role: service.roles[0] as string, service: service.code });
    }
  };

  const requireAttaching = (detail: RequestDetail) => {
    if (!ATTACHING_STATES.includes(detail.state)) throw new ApiFailure('request_state', { action: 'attach', state: detail.state });
  };

  /** The item, for a change of its pages: the request takes attachments now and the person works on its service. */
  const editable = (actor: RequestActor, requestId: string, documentCode: string) => {
    const item = itemOf(actor, requestId, documentCode);
    requireCaseRole(actor, item.service);
    requireAttaching(item.detail);
    return item;
  };

  const emit = (scan: RunningScan, event: ScanEvent) => {
    try {
      sinks.get(scan.connectionId)?.(event);
    } catch {
      // a closed connection: the scan goes on into the working set
    }
  };

  const sweepUploads = () => {
    const cutoff = Date.now() - UPLOAD_TTL_MS;
    for (const [id, upload] of uploads) if (upload.touched < cutoff) uploads.delete(id);
  };

  const runScan = async (scan: RunningScan, deviceId: string, settings: ScanSettingsInput) => {
    const base = { scanId: scan.scanId, requestId: scan.requestId, documentCode: scan.documentCode };
    let finished: ScanEvent;
    try {
      const outcome = await driver.scan(
        deviceId,
        { ...settings, ...(scan.replacePageId ? { maxPages: 1 } : {}) },
        {
          onPage: (image) => {
            const set = setFor(scan.requestId, scan.documentCode);
            const page: Page = { id: newId(), source: { kind: 'image', image }, rotation: 0, thumbnail: image.thumbnail };
            let replaced = false;
            let index: number;
            const target = scan.replacePageId && scan.delivered === 0 ? set.pages.findIndex((candidate) => candidate.id === scan.replacePageId) : -1;
            if (target >= 0) {
              set.pages = replacePage(set.pages, scan.replacePageId as string, page);
              replaced = true;
              index = target;
            } else {
              set.pages = [...set.pages, page];
              index = set.pages.length - 1;
            }
            scan.delivered += 1;
            emit(scan, { ...base, kind: 'page', page: pageView(set.pages[index] as Page), index, replaced });
          },
          onProgress: (percent, pageIndex) => emit(scan, { ...base, kind: 'progress', percent, pageIndex }),
        },
        scan.controller.signal,
      );
      if (outcome.ok) finished = { ...base, kind: 'finished', outcome: 'done', pages: scan.delivered, error: null };
      else {
        const cancelled = outcome.error.code === 'cancelled';
        finished = {
          ...base,
          kind: 'finished',
          outcome: cancelled ? 'cancelled' : 'failed',
          pages: scan.delivered,
          error: { reason: scanReason(outcome.error.code), detail: outcome.error.message.slice(0, 500) },
        };
      }
    } catch (error) {
      const reason: ScanErrorReason = error instanceof ScannerError ? scanReason(error.code) : 'driver_failed';
      finished = { ...base, kind: 'finished', outcome: 'failed', pages: scan.delivered, error: { reason, detail: String((error as Error)?.message ?? error).slice(0, 500) } };
    }
    scans.delete(scan.scanId);
    emit(scan, finished);
  };

  const readAttachment = async (sha256: string): Promise<Uint8Array> => {
    const cached = recent.get(sha256);
    if (cached) return cached;
    const got = await store.get(sha256);
    if (!got.ok) throw new ApiFailure('not_found', { what: 'attachment_file' });
    recent.set(sha256, got.bytes);
    while (recent.size > 2) recent.delete(recent.keys().next().value as string);
    return got.bytes;
  };

  return {
    connect(connectionId, emitEvent) {
      sinks.set(connectionId, emitEvent);
    },

    disconnect(connectionId) {
      sinks.delete(connectionId);
      for (const scan of scans.values()) if (scan.connectionId === connectionId) scan.controller.abort();
      for (const [id, upload] of uploads) if (upload.connectionId === connectionId) uploads.delete(id);
    },

    async devices() {
      try {
        return (await driver.listDevices()).map(({ id, vendor, model, type, driver: name }) => ({ id, vendor, model, type, driver: name }));
      } catch (error) {
        return scannerFailure(error);
      }
    },

    async deviceOptions(deviceId) {
      try {
        const options = await driver.options(deviceId);
        return {
          deviceId: options.deviceId,
          resolutions: options.resolutions,
          modes: options.modes,
          sources: options.sources,
          pageSizes: options.pageSizes,
          defaults: options.defaults,
        };
      } catch (error) {
        return scannerFailure(error);
      }
    },

    startScan(connectionId, actor, input) {
      editable(actor, input.requestId, input.documentCode);
      const key = keyOf(input.requestId, input.documentCode);
      if ([...scans.values()].some((scan) => scan.connectionId === connectionId) || scanOf(key)) {
        throw new ApiFailure('scanner_error', { reason: 'scanner_busy' });
      }
      const replacePageId = input.replacePageId ?? null;
      if (replacePageId && !sets.get(key)?.pages.some((page) => page.id === replacePageId)) throw new ApiFailure('not_found', { what: 'page' });
      const scan: RunningScan = {
        scanId: newId(),
        connectionId,
        key,
        requestId: input.requestId,
        documentCode: input.documentCode,
        replacePageId,
        controller: new AbortController(),
        delivered: 0,
      };
      scans.set(scan.scanId, scan);
      void runScan(scan, input.deviceId, input.settings);
      return { scanId: scan.scanId };
    },

    cancelScan(connectionId, scanId) {
      const scan = scans.get(scanId);
      if (!scan || scan.connectionId !== connectionId) throw new ApiFailure('not_found', { what: 'scan' });
      scan.controller.abort();
      return null;
    },

    upload(connectionId, input) {
      sweepUploads();
      let uploadId = input.uploadId;
      let upload: Upload | undefined;
      if (uploadId) {
        upload = uploads.get(uploadId);
        if (!upload || upload.connectionId !== connectionId) throw new ApiFailure('not_found', { what: 'upload' });
      } else {
        if ([...uploads.values()].filter((candidate) => candidate.connectionId === connectionId).length >= MAX_UPLOADS) refused('upload_incomplete');
        uploadId = newId();
        upload = { connectionId, parts: [], bytes: 0, touched: Date.now() };
        uploads.set(uploadId, upload);
      }
      const part = Buffer.from(input.part, 'base64');
      upload.parts.push(part);
      upload.bytes += part.length;
      upload.touched = Date.now();
      const limits = currentLimits();
      if (upload.bytes > limits.maxFileBytes) {
        uploads.delete(uploadId);
        refused('too_large', limits);
      }
      return { uploadId, bytes: upload.bytes };
    },

    async importFile(connectionId, actor, input) {
      editable(actor, input.requestId, input.documentCode);
      let bytes: Uint8Array;
      if (input.uploadId !== undefined) {
        const upload = uploads.get(input.uploadId);
        if (!upload || upload.connectionId !== connectionId) refused('upload_incomplete');
        uploads.delete(input.uploadId);
        bytes = new Uint8Array(Buffer.concat(upload.parts));
      } else bytes = new Uint8Array(Buffer.from(input.content ?? '', 'base64'));
      const limits = currentLimits();
      const result = await importFile(bytes, { declaredName: input.name, limits });
      if (!result.ok) refused(refusalReason(result.code), limits);
      // The request may have moved on while the file was read.
      editable(actor, input.requestId, input.documentCode);
      const set = setFor(input.requestId, input.documentCode);
      if (set.pages.length + result.pages.length > limits.maxPages) refused('too_many_pages', limits);
      set.pages = [...set.pages, ...result.pages];
      return view(input.requestId, input.documentCode);
    },

    workingSets(actor, requestId) {
      const detail = requests.get(actor, requestId);
      if (!ATTACHING_STATES.includes(detail.state)) {
        // Registered, discarded or done: pages never attached are of no use any more.
        for (const [key, set] of sets) if (set.requestId === requestId && !scanOf(key)) sets.delete(key);
      }
      const result: WorkingSet[] = [];
      for (const set of sets.values()) {
        if (set.requestId === requestId && set.pages.length > 0) result.push(view(requestId, set.documentCode));
      }
      for (const scan of scans.values()) {
        if (scan.requestId === requestId && !result.some((entry) => entry.documentCode === scan.documentCode)) {
          result.push(view(requestId, scan.documentCode));
        }
      }
      return result;
    },

    movePage(actor, input) {
      editable(actor, input.requestId, input.documentCode);
      const set = setFor(input.requestId, input.documentCode);
      const from = set.pages.findIndex((page) => page.id === input.pageId);
      if (from < 0) throw new ApiFailure('not_found', { what: 'page' });
      try {
        set.pages = movePage(set.pages, from, input.to);
      } catch (error) {
        pageListFailure(error, 'to');
      }
      return view(input.requestId, input.documentCode);
    },

    rotatePage(actor, input) {
      editable(actor, input.requestId, input.documentCode);
      const set = setFor(input.requestId, input.documentCode);
      try {
        set.pages = rotatePage(set.pages, input.pageId, input.quarterTurns);
      } catch (error) {
        pageListFailure(error, 'quarterTurns');
      }
      return view(input.requestId, input.documentCode);
    },

    deletePage(actor, input) {
      editable(actor, input.requestId, input.documentCode);
      const set = setFor(input.requestId, input.documentCode);
      try {
        set.pages = deletePage(set.pages, input.pageId);
      } catch (error) {
        pageListFailure(error, 'pageId');
      }
      return view(input.requestId, input.documentCode);
    },

    clearPages(actor, input) {
      editable(actor, input.requestId, input.documentCode);
      const key = keyOf(input.requestId, input.documentCode);
      if (scanOf(key)) throw new ApiFailure('scanner_error', { reason: 'scanner_busy' });
      sets.delete(key);
      return view(input.requestId, input.documentCode);
    },

    async pageImage(actor, input) {
      itemOf(actor, input.requestId, input.documentCode);
      const page = sets.get(keyOf(input.requestId, input.documentCode))?.pages.find((candidate) => candidate.id === input.pageId);
      if (!page) throw new ApiFailure('not_found', { what: 'page' });
      const source = page.source;
      if (source.kind === 'image') {
        const { image } = source;
        return {
          mime: image.format === 'jpeg' ? 'image/jpeg' : 'image/png',
          data: base64(image.data),
          width: image.width,
          height: image.height,
          rotation: page.rotation,
        };
      }
      const rendered = await renderPdfPage(source.document, source.pageIndex).catch(() => null);
      return rendered ? imageData(rendered, page.rotation) : null;
    },

    async attach(actor, input) {
      const { document } = editable(actor, input.requestId, input.documentCode);
      const key = keyOf(input.requestId, input.documentCode);
      const pages = sets.get(key)?.pages ?? [];
      if (pages.length === 0) refused('no_pages');
      if (scanOf(key)) throw new ApiFailure('scanner_error', { reason: 'scanner_busy' });

      let pdf: Uint8Array;
      try {
        pdf = await assemblePdf(pages, { title: input.name });
      } catch (error) {
        if (error instanceof AssembleError) refused('malformed');
        throw error;
      }
      const sha256 = sha256Hex(pdf);
      if (!byHash.get(input.requestId, sha256)) {
        const limits = currentLimits();
        const put = await store.put(pdf, { declaredName: 'attachment.pdf', requestBytes: totalBytes.get(input.requestId) as number, limits });
        if (!put.ok) refused(refusalReason(put.code), limits);
      }

      const result = db.transaction((): AttachResult => {
        // Again inside the transaction: the request may have moved on while the PDF was made.
        const { detail } = editable(actor, input.requestId, input.documentCode);
        const existing = byHash.get(input.requestId, sha256) as AttachmentRow | undefined;
        if (existing) return { attachment: toAttachment(existing), duplicate: true };
        const row: AttachmentRow = {
          id: newId(),
          request_id: input.requestId,
          document_code: input.documentCode,
          sha256,
          size: pdf.length,
          mime: 'application/pdf',
          pages: pages.length,
          name: input.name,
          added_at: now().toISOString(),
          added_by: actor.staffId,
          workstation_id: workstationId,
          source: 'workstation',
        };
        insert.run(row);
        const attachment = toAttachment(byId.get(row.id, input.requestId) as AttachmentRow);
        const { addedBy, ...data } = attachment;
        changes.record('request_attachment', row.id, 'insert', { ...data, addedBy: addedBy.id, workstationId }, actor.staffId);
        // An item with an attachment counts as presented (a draft's checklist marks).
        const mark = detail.documents[input.documentCode];
        if (detail.state === 'draft' && mark?.presented !== true) {
          const presentation = presentationFor(document, mark);
          requests.updateDraft(actor, {
            requestId: input.requestId,
            documents: { ...detail.documents, [input.documentCode]: { presented: true, ...(presentation ? { presentation } : {}) } },
          });
        }
        return { attachment, duplicate: false };
      })();
      // The pages are in the attachment now (unless they changed meanwhile).
      if (sets.get(key)?.pages === pages) sets.delete(key);
      return result;
    },

    list(actor, requestId) {
      requests.get(actor, requestId);
      return (listOf.all(requestId) as AttachmentRow[]).map(toAttachment);
    },

    remove(actor, input) {
      return db.transaction(() => {
        const detail = requests.get(actor, input.requestId);
        requireCaseRole(actor, serviceByCode(detail.service) as CatalogueService);
        if (detail.state !== 'draft') throw new ApiFailure('request_state', { action: 'remove_attachment', state: detail.state });
        const row = byId.get(input.attachmentId, input.requestId) as AttachmentRow | undefined;
        if (!row) throw new ApiFailure('not_found', { what: 'attachment' });
        deleteRow.run(row.id);
        changes.record('request_attachment', row.id, 'delete', { requestId: row.request_id, sha256: row.sha256 }, actor.staffId);
        return (listOf.all(input.requestId) as AttachmentRow[]).map(toAttachment);
      })();
    },

    async attachmentPage(actor, input) {
      requests.get(actor, input.requestId);
      const row = byId.get(input.attachmentId, input.requestId) as AttachmentRow | undefined;
      if (!row) throw new ApiFailure('not_found', { what: 'attachment' });
      if (input.page >= row.pages) throw new ApiFailure('not_found', { what: 'page' });
      const bytes = await readAttachment(row.sha256);
      // An image (an applicant's photo or scan from the portal) is its one page, shown as it was sent.
      if (row.mime === 'image/jpeg' || row.mime === 'image/png') {
        const inspected = await inspectFile(bytes, { limits: { maxFileBytes: Math.max(bytes.length, 1) } });
        if (!inspected.ok) return null;
        return { mime: row.mime, data: base64(bytes), width: inspected.width ?? 0, height: inspected.height ?? 0, rotation: 0 };
      }
      if (row.mime !== 'application/pdf') return null;
      try {
        const rendered = await renderPdfPage(bytes, input.page);
        return rendered ? imageData(rendered) : null;
      } catch (error) {
        if (error instanceof PageRangeError) throw new ApiFailure('not_found', { what: 'page' });
        return null;
      }
    },

    limits() {
      const limits = currentLimits();
      return { maxFileMiB: limits.maxFileBytes / MIB, maxRequestMiB: limits.maxRequestBytes / MIB, maxPages: limits.maxPages };
    },

    close() {
      for (const scan of scans.values()) scan.controller.abort();
      sets.clear();
      uploads.clear();
    },
  };
}
