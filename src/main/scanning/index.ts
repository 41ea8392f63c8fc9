// Scanning in the main process: the driver for this platform, page encoding and file import.
import { createSaneDriver, type SaneDriverOptions } from './sane';
import type { ScannerDriver } from './types';
import { createWiaDriver, type WiaDriverOptions } from './wia';

export * from './types';
export { createSaneDriver, type SaneDriverOptions } from './sane';
export { createWiaDriver, type WiaDriverOptions } from './wia';
export { importFile, type ImportOptions, type ImportResult } from './import';
export { encodePage, makeThumbnail, parsePnm, type EncodeOptions, type PageImage, type RawImage } from './page-image';

/** WIA (or NAPS2) on Windows, SANE elsewhere (Linux; macOS with sane-backends from Homebrew). */
export function createScannerDriver(
  options: { sane?: SaneDriverOptions; wia?: WiaDriverOptions } = {},
  platform: NodeJS.Platform = process.platform,
): ScannerDriver {
  return platform === 'win32' ? createWiaDriver(options.wia) : createSaneDriver(options.sane);
}
