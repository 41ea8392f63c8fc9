// The scanner drivers' common interface (issue 6): SANE through `scanimage` on Linux (sane.ts), WIA
// or NAPS2's console on Windows (wia.ts). Everything here is plain data that can cross the API
// boundary later, except the page images themselves (Uint8Array).
import type { PageImage } from './page-image';

export type ColorMode = 'color' | 'gray' | 'lineart';
export type ScanSource = 'flatbed' | 'adf' | 'adf-duplex';
export type PageSize = 'A4' | 'A5' | 'Letter';

/** Paper sizes in millimetres (width × height, portrait). */
export const PAGE_SIZES_MM: Record<PageSize, { width: number; height: number }> = {
  A4: { width: 210, height: 297 },
  A5: { width: 148, height: 210 },
  Letter: { width: 215.9, height: 279.4 },
};

export interface ScanDevice {
  /** The driver's own device name, e.g. `genesys:libusb:001:004` or `test:0`; what scan() takes. */
  id: string;
  vendor: string;
  model: string;
  /** e.g. "flatbed scanner", "sheetfed scanner", "virtual device". */
  type: string;
  driver: 'sane' | 'wia' | 'naps2';
}

export interface DeviceOptions {
  deviceId: string;
  /** Resolutions to offer, ascending (a device's range is reduced to the usual values inside it). */
  resolutions: number[];
  /** The device's continuous range, when it has one (any value inside it may be asked for). */
  resolutionRange: { min: number; max: number; step: number } | null;
  modes: ColorMode[];
  sources: ScanSource[];
  /** Paper sizes that fit into the device's scan area (all of them when the area is unknown). */
  pageSizes: PageSize[];
  /** The largest scan area, from the device's -x/-y geometry; null when it does not say. */
  maxAreaMm: { width: number; height: number } | null;
  defaults: { resolution: number; mode: ColorMode; source: ScanSource };
}

export interface ScanSettings {
  resolution: number;
  mode: ColorMode;
  source?: ScanSource;
  pageSize?: PageSize;
  /** Feeder only: stop after this many pages (default: until the feeder is empty). */
  maxPages?: number;
}

export interface ScanHandlers {
  /** A page is complete and encoded (index from 0 within this scan). Called in page order. */
  onPage(page: PageImage, index: number): void;
  /** Progress of the page being scanned, 0–100 (whole numbers, only when it changes). */
  onProgress(percent: number, pageIndex: number): void;
}

export type ScanErrorCode =
  | 'device_not_found' // no such device, or it vanished (unplugged, switched off)
  | 'feeder_empty' // the feeder had no paper when the scan started
  | 'jammed' // paper jam
  | 'cover_open'
  | 'device_io' // the device stopped answering or an I/O error mid-page
  | 'scanner_busy' // another program (or another scan) holds the device
  | 'access_denied' // the OS refuses access (Linux: the user is not in the `scanner` group)
  | 'cancelled' // the employee cancelled (AbortSignal)
  | 'invalid_settings' // the device does not offer what was asked (mode, source, resolution)
  | 'driver_missing' // scanimage / NAPS2 / PowerShell WIA not available
  | 'driver_failed'; // anything else: `message` carries the driver's own text

export interface ScanError {
  code: ScanErrorCode;
  /** The driver's own text (English), for the log and the "details" line; never shown as the only message. */
  message: string;
}

/**
 * The outcome of one scan. Pages that were complete before a failure or a cancel are always kept
 * (`pages`), so a jam on page 7 of a batch loses only page 7.
 */
export type ScanOutcome = { ok: true; pages: PageImage[] } | { ok: false; pages: PageImage[]; error: ScanError };

export interface ScannerDriver {
  readonly name: 'sane' | 'wia' | 'naps2';
  listDevices(): Promise<ScanDevice[]>;
  options(deviceId: string): Promise<DeviceOptions>;
  scan(deviceId: string, settings: ScanSettings, handlers: ScanHandlers, signal?: AbortSignal): Promise<ScanOutcome>;
}

/** Thrown by listDevices()/options() (scan() reports its errors in the outcome instead). */
export class ScannerError extends Error {
  constructor(
    readonly code: ScanErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ScannerError';
  }
}

/** Device ids come from the renderer: refuse anything that is not a plausible device name. */
export function checkDeviceId(deviceId: unknown): string {
  if (typeof deviceId !== 'string' || deviceId.length === 0 || deviceId.length > 512 || hasControlCharacters(deviceId) || deviceId.startsWith('-')) {
    throw new ScannerError('device_not_found', 'invalid device id');
  }
  return deviceId;
}

export function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** Settings come from the renderer too. */
export function checkSettings(settings: ScanSettings): ScanSettings {
  const { resolution, mode, source, pageSize, maxPages } = settings;
  if (!Number.isInteger(resolution) || resolution < 25 || resolution > 2400) throw new ScannerError('invalid_settings', `resolution ${String(resolution)}`);
  if (!['color', 'gray', 'lineart'].includes(mode)) throw new ScannerError('invalid_settings', `mode ${String(mode)}`);
  if (source !== undefined && !['flatbed', 'adf', 'adf-duplex'].includes(source)) throw new ScannerError('invalid_settings', `source ${String(source)}`);
  if (pageSize !== undefined && !(pageSize in PAGE_SIZES_MM)) throw new ScannerError('invalid_settings', `page size ${String(pageSize)}`);
  if (maxPages !== undefined && (!Number.isInteger(maxPages) || maxPages < 1 || maxPages > 10_000)) throw new ScannerError('invalid_settings', `maxPages ${String(maxPages)}`);
  return settings;
}

/** The usual resolutions, offered from a device's continuous range. */
export const COMMON_RESOLUTIONS = [75, 100, 150, 200, 300, 400, 600, 1200];
