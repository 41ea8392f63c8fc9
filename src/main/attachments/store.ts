// The attachment store: files addressed by their SHA-256 under `<dataDir>/attachments/ab/cdef…`
// (the first two hex digits name a folder, the other 62 the file). The hash is what a request
// refers to and what its signature and the sync cover, so a stored file never changes: the same
// content is stored once (de-duplicated), and every read re-hashes what it returns.
//
// Writing is atomic: the bytes go to `attachments/tmp/<random>`, are fsynced, and renamed into
// place (then the folder is fsynced), so a crash or a full disk leaves either the whole file or
// nothing under its name — never a partial file that a request could point at. Leftover temporary
// files are swept on the first write after start.
//
// Only content the inspector accepts is stored (inspect.ts): type by magic bytes, size limits per
// file and per request, malformed and hostile files refused with a reason code.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import path from 'node:path';
import { DEFAULT_LIMITS, inspectFile, type AttachmentLimits, type AttachmentMime, type RefusalCode } from './inspect';

export interface StoredAttachment {
  sha256: string;
  size: number;
  mime: AttachmentMime;
  pages: number;
}

export type PutResult =
  | { ok: true; attachment: StoredAttachment; /** The same content was already stored. */ deduplicated: boolean }
  | { ok: false; code: RefusalCode | 'write_failed'; reason: string };

export type GetResult = { ok: true; bytes: Uint8Array } | { ok: false; code: 'invalid_hash' | 'missing' | 'corrupt'; reason: string };

export type VerifyResult = { ok: true; size: number } | { ok: false; code: 'invalid_hash' | 'missing' | 'corrupt'; reason: string };

export interface PutOptions {
  /** The file name the employee picked or dropped: checked against the content, never trusted. */
  declaredName?: string;
  /** Bytes already attached to the same request (for the per-request limit). */
  requestBytes?: number;
  /** Limits for this file instead of the store's (an administrator changed them: Settings → Attachments). */
  limits?: Partial<AttachmentLimits>;
}

/** Test hooks for fault injection (a failing disk between write and rename). */
export interface StoreHooks {
  beforeCommit?(tempPath: string): void | Promise<void>;
}

export interface AttachmentStore {
  readonly root: string;
  readonly limits: AttachmentLimits;
  put(bytes: Uint8Array, options?: PutOptions): Promise<PutResult>;
  get(sha256: string): Promise<GetResult>;
  has(sha256: string): Promise<boolean>;
  /** Re-hashes the stored file (streaming: no whole-file buffer). */
  verify(sha256: string): Promise<VerifyResult>;
  /** Where the file lives (for a viewer that streams it); the file may not exist. */
  pathOf(sha256: string): string;
  /** Removes temporary files left by a crash (older than `olderThanMs`, default 1 hour). */
  sweepTemp(olderThanMs?: number): Promise<number>;
}

const SHA256 = /^[0-9a-f]{64}$/;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function createAttachmentStore(
  dataDir: string,
  options: { limits?: Partial<AttachmentLimits>; hooks?: StoreHooks } = {},
): AttachmentStore {
  const root = path.join(dataDir, 'attachments');
  const tmp = path.join(root, 'tmp');
  const limits: AttachmentLimits = { ...DEFAULT_LIMITS, ...options.limits };
  let swept = false;

  const pathOf = (sha256: string) => {
    if (!SHA256.test(sha256)) throw new Error('invalid sha256');
    return path.join(root, sha256.slice(0, 2), sha256.slice(2));
  };

  async function hashFile(file: string): Promise<{ sha256: string; size: number }> {
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of createReadStream(file)) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    return { sha256: hash.digest('hex'), size };
  }

  async function verify(sha256: string): Promise<VerifyResult> {
    if (!SHA256.test(sha256)) return { ok: false, code: 'invalid_hash', reason: 'not a SHA-256 hex digest' };
    try {
      const actual = await hashFile(pathOf(sha256));
      if (actual.sha256 !== sha256) return { ok: false, code: 'corrupt', reason: `the stored file hashes to ${actual.sha256}` };
      return { ok: true, size: actual.size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false, code: 'missing', reason: 'not stored' };
      return { ok: false, code: 'corrupt', reason: (error as Error).message };
    }
  }

  async function fsyncDir(dir: string): Promise<void> {
    // Makes the rename durable on Linux/macOS; Windows cannot open a folder this way (and NTFS journals the rename).
    try {
      const handle = await fsp.open(dir, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch {
      /* not supported here */
    }
  }

  async function sweepTemp(olderThanMs = 3_600_000): Promise<number> {
    let removed = 0;
    let names: string[];
    try {
      names = await fsp.readdir(tmp);
    } catch {
      return 0;
    }
    const cutoff = Date.now() - olderThanMs;
    for (const name of names) {
      const file = path.join(tmp, name);
      try {
        const stat = await fsp.stat(file);
        if (stat.mtimeMs <= cutoff) {
          await fsp.rm(file, { force: true });
          removed += 1;
        }
      } catch {
        /* gone already */
      }
    }
    return removed;
  }

  async function put(bytes: Uint8Array, putOptions: PutOptions = {}): Promise<PutResult> {
    if (!swept) {
      swept = true;
      await sweepTemp();
    }
    const effective: AttachmentLimits = { ...limits, ...putOptions.limits };
    const inspection = await inspectFile(bytes, { declaredName: putOptions.declaredName, limits: effective });
    if (!inspection.ok) return inspection;
    if ((putOptions.requestBytes ?? 0) + bytes.length > effective.maxRequestBytes) {
      return { ok: false, code: 'request_too_large', reason: `the request's attachments would total ${(putOptions.requestBytes ?? 0) + bytes.length} bytes, the limit is ${effective.maxRequestBytes}` };
    }
    const sha256 = sha256Hex(bytes);
    const attachment: StoredAttachment = { sha256, size: bytes.length, mime: inspection.mime, pages: inspection.pages };
    const target = pathOf(sha256);

    // De-duplicate: the same content is already there, whole (a damaged copy is replaced below).
    const existing = await verify(sha256);
    if (existing.ok) return { ok: true, attachment, deduplicated: true };

    const temp = path.join(tmp, `${sha256.slice(0, 16)}.${randomUUID()}.tmp`);
    try {
      await fsp.mkdir(tmp, { recursive: true });
      await fsp.mkdir(path.dirname(target), { recursive: true });
      const handle = await fsp.open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await options.hooks?.beforeCommit?.(temp);
      try {
        await fsp.rename(temp, target);
      } catch (error) {
        // Windows refuses to rename over a file another writer has just put there: it is the same content.
        if ((await verify(sha256)).ok) {
          await fsp.rm(temp, { force: true });
          return { ok: true, attachment, deduplicated: true };
        }
        throw error;
      }
      await fsyncDir(path.dirname(target));
      return { ok: true, attachment, deduplicated: false };
    } catch (error) {
      await fsp.rm(temp, { force: true }).catch(() => undefined);
      return { ok: false, code: 'write_failed', reason: (error as Error).message };
    }
  }

  async function get(sha256: string): Promise<GetResult> {
    if (!SHA256.test(sha256)) return { ok: false, code: 'invalid_hash', reason: 'not a SHA-256 hex digest' };
    let bytes: Buffer;
    try {
      bytes = await fsp.readFile(pathOf(sha256));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false, code: 'missing', reason: 'not stored' };
      return { ok: false, code: 'corrupt', reason: (error as Error).message };
    }
    const actual = sha256Hex(bytes);
    if (actual !== sha256) return { ok: false, code: 'corrupt', reason: `the stored file hashes to ${actual}` };
    return { ok: true, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  }

  async function has(sha256: string): Promise<boolean> {
    if (!SHA256.test(sha256)) return false;
    try {
      await fsp.access(pathOf(sha256));
      return true;
    } catch {
      return false;
    }
  }

  return { root, limits, put, get, has, verify, pathOf, sweepTemp };
}
