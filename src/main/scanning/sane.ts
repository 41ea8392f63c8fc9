// SANE through `scanimage` (Debian/Ubuntu package sane-utils). Verified here against sane-backends
// 1.1.1 and its `test` backend; the parsing follows scanimage's own output, which has been stable
// for many releases:
//   devices   scanimage -f '%d␟%v␟%m␟%t%n'
//   options   scanimage -A --device-name=DEV     (option lines: "    --mode Gray|Color [Gray]")
//   scanning  scanimage --device-name=DEV --format=pnm --batch=DIR/p%04d.pnm --batch-print --progress …
// A page counts once scanimage has renamed its file (it writes `p0001.pnm.part` first) and printed
// its name on stdout (--batch-print); a page cut short by an error or a cancel is never delivered.
// scanimage's messages are read with LC_ALL=C so that they are SANE's English texts. The child is
// always spawned with an argument array (no shell); values from the renderer are checked first.
// Cancel: SIGINT (scanimage then calls sane_cancel, so a real scanner stops its carriage and ejects
// the sheet), SIGTERM 3 s later, SIGKILL 3 s after that.
import { spawn } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encodePage, parsePnm, type EncodeOptions, type PageImage } from './page-image';
import {
  checkDeviceId,
  checkSettings,
  COMMON_RESOLUTIONS,
  PAGE_SIZES_MM,
  ScannerError,
  type ColorMode,
  type DeviceOptions,
  type PageSize,
  type ScanDevice,
  type ScanError,
  type ScanErrorCode,
  type ScanHandlers,
  type ScannerDriver,
  type ScanOutcome,
  type ScanSettings,
  type ScanSource,
} from './types';

export interface SaneDriverOptions {
  /** The scanimage program (default: `scanimage` on PATH). */
  scanimage?: string;
  /** Added to the process environment for scanimage (e.g. SANE_CONFIG_DIR). */
  env?: NodeJS.ProcessEnv;
  /** Listing devices probes every backend (network ones too): allow it time. Default 30 s. */
  listTimeoutMs?: number;
  /** Default 20 s. */
  optionsTimeoutMs?: number;
  /** No output at all from scanimage for this long during a scan → `device_io`. Default 120 s. */
  stallTimeoutMs?: number;
  /** After scanimage says "Batch terminated", how long it may take to exit before it is ended. Default 3 s. */
  exitGraceMs?: number;
  /** Where scanimage writes page files for the moment (default: the system's temp folder). */
  tempDir?: string;
  encode?: EncodeOptions;
}

/** What options() learned about a device, with the device's own names for our choices. */
export interface SaneDeviceInfo {
  options: DeviceOptions;
  modeNames: Partial<Record<ColorMode | 'lineart-depth1', string>>;
  depths: number[];
  sourceNames: Partial<Record<ScanSource, string>>;
  resolutionValues: number[];
  geometry: boolean;
  pageWidthHeight: boolean;
}

/** SANE_Status values (sane.h); scanimage also exits with them. */
const SANE_STATUS: Record<number, ScanErrorCode> = {
  1: 'invalid_settings', // UNSUPPORTED
  2: 'cancelled',
  3: 'scanner_busy',
  4: 'invalid_settings', // INVAL
  6: 'jammed',
  7: 'feeder_empty', // NO_DOCS
  8: 'cover_open',
  9: 'device_io',
  10: 'driver_failed', // NO_MEM
  11: 'access_denied',
};

/** sane_strstatus() texts (English) → our codes. */
const SANE_MESSAGES: Array<[RegExp, ScanErrorCode]> = [
  [/Document feeder out of documents/i, 'feeder_empty'],
  [/Document feeder jammed/i, 'jammed'],
  [/Scanner cover is open/i, 'cover_open'],
  [/Error during device I\/O/i, 'device_io'],
  [/Device busy/i, 'scanner_busy'],
  [/Access to resource has been denied/i, 'access_denied'],
  [/Operation was cancell?ed/i, 'cancelled'],
  [/no SANE devices found/i, 'device_not_found'],
  [/Invalid argument|Operation not supported|setting of option .* failed|attempted to set/i, 'invalid_settings'],
];

/** Maps a scanimage message (and exit status) to an error code. */
export function classifySaneMessage(message: string, exitStatus?: number | null): ScanErrorCode {
  if (/open of device .* failed/i.test(message)) {
    // The device could not be opened: it does not exist or vanished, unless SANE says why otherwise.
    if (/Device busy/i.test(message)) return 'scanner_busy';
    if (/Access to resource has been denied/i.test(message)) return 'access_denied';
    return 'device_not_found';
  }
  for (const [pattern, code] of SANE_MESSAGES) if (pattern.test(message)) return code;
  if (exitStatus != null && SANE_STATUS[exitStatus]) return SANE_STATUS[exitStatus] as ScanErrorCode;
  return 'driver_failed';
}

// ---- parsing ----

const FIELD = '\u001f';

export function parseDeviceList(stdout: string): ScanDevice[] {
  const devices: ScanDevice[] = [];
  for (const line of stdout.split('\n')) {
    const [id, vendor = '', model = '', type = ''] = line.split(FIELD);
    if (!id || !line.includes(FIELD)) continue;
    devices.push({ id, vendor, model, type, driver: 'sane' });
  }
  return devices;
}

interface RawOption {
  name: string;
  spec: string;
  current: string | null;
}

/** The option lines of `scanimage -A` (description lines are indented deeper and skipped). */
export function parseOptionLines(text: string): RawOption[] {
  const options: RawOption[] = [];
  for (const line of text.split('\n')) {
    const match = /^ {4}(-{1,2}[A-Za-z0-9][\w-]*)(?:\[=\([^)]*\)\])?(?: (.*))?$/.exec(line);
    if (!match) continue;
    const name = match[1] as string;
    const rest = (match[2] ?? '').trim();
    const bracket = /^(.*?)\s*\[([^\]]*)\]$/.exec(rest);
    options.push({ name, spec: bracket ? (bracket[1] as string) : rest, current: bracket ? (bracket[2] as string) : null });
  }
  return options;
}

function parseRange(spec: string): { min: number; max: number; step: number } | null {
  const match = /^(-?[\d.]+)\.\.(-?[\d.]+)[a-z%]*(?:\s*\(in steps of ([\d.]+)\))?/i.exec(spec);
  if (!match) return null;
  return { min: Number(match[1]), max: Number(match[2]), step: match[3] ? Number(match[3]) : 0 };
}

function parseList(spec: string): string[] {
  return spec.replace(/(dpi|mm|bit|pel|%|us)$/i, '').split('|').map((value) => value.trim()).filter(Boolean);
}

function colorModeOf(name: string): ColorMode | null {
  if (/halftone|dither/i.test(name)) return null;
  if (/lineart|line art|binary|black\s*(&|and)\s*white|^b\s*&\s*w$|^bw$|monochrome|^mono$/i.test(name)) return 'lineart';
  if (/colou?r|rgb/i.test(name)) return 'color';
  if (/gr[ae]y/i.test(name)) return 'gray';
  return null;
}

function sourceOf(name: string): ScanSource | null {
  if (/duplex/i.test(name)) return 'adf-duplex';
  if (/back/i.test(name)) return null; // "ADF Back": the back sides only
  if (/adf|feeder|automatic|document|sheet/i.test(name)) return 'adf';
  if (/flatbed|normal|glass|platen/i.test(name)) return 'flatbed';
  return null;
}

export function parseDeviceOptions(deviceId: string, text: string): SaneDeviceInfo {
  const raw = parseOptionLines(text);
  const find = (name: string) => raw.find((option) => option.name === name && option.current !== 'inactive');

  // Resolution: a list ("75|150|300|600dpi") or a range ("50..1200dpi (in steps of 1)").
  const resolution = find('--resolution') ?? find('--x-resolution');
  let resolutionValues: number[] = [];
  let resolutionRange: DeviceOptions['resolutionRange'] = null;
  if (resolution) {
    const range = parseRange(resolution.spec);
    if (range) {
      resolutionRange = range;
      resolutionValues = COMMON_RESOLUTIONS.filter((value) => value >= range.min && value <= range.max);
      if (resolutionValues.length === 0) resolutionValues = [Math.round(range.max)];
    } else {
      resolutionValues = parseList(resolution.spec).map(Number).filter((value) => Number.isFinite(value) && value > 0);
    }
  }
  resolutionValues = [...new Set(resolutionValues.map((value) => Math.round(value)))].sort((a, b) => a - b);

  const modeNames: SaneDeviceInfo['modeNames'] = {};
  const modeOption = find('--mode');
  for (const name of modeOption ? parseList(modeOption.spec) : []) {
    const mode = colorModeOf(name);
    if (mode && !modeNames[mode]) modeNames[mode] = name;
  }
  const depthOption = find('--depth');
  const depths = depthOption ? parseList(depthOption.spec).map(Number).filter(Number.isFinite) : [];
  if (!modeNames.lineart && modeNames.gray && depths.includes(1)) modeNames['lineart-depth1'] = modeNames.gray;
  const modes: ColorMode[] = [];
  if (modeNames.color) modes.push('color');
  if (modeNames.gray || !modeOption) modes.push('gray');
  // Lineart is always possible where grey is: the device's own lineart, grey at 1 bit, or grey thresholded here.
  if (modeNames.lineart || modes.includes('gray')) modes.push('lineart');

  const sourceNames: SaneDeviceInfo['sourceNames'] = {};
  const sourceOption = find('--source');
  for (const name of sourceOption ? parseList(sourceOption.spec) : []) {
    const source = sourceOf(name);
    if (source && !sourceNames[source]) sourceNames[source] = name;
  }
  const sources: ScanSource[] = sourceOption ? (['flatbed', 'adf', 'adf-duplex'] as const).filter((source) => sourceNames[source]) : ['flatbed'];
  if (sources.length === 0) sources.push('flatbed');

  const width = find('-x');
  const height = find('-y');
  const widthRange = width ? parseRange(width.spec) : null;
  const heightRange = height ? parseRange(height.spec) : null;
  const maxAreaMm = widthRange && heightRange ? { width: widthRange.max, height: heightRange.max } : null;
  const pageSizes = (Object.keys(PAGE_SIZES_MM) as PageSize[]).filter((size) => {
    if (!maxAreaMm) return true;
    const mm = PAGE_SIZES_MM[size];
    return mm.width <= maxAreaMm.width + 1 && mm.height <= maxAreaMm.height + 1;
  });

  const currentResolution = resolution?.current ? Math.round(Number(resolution.current)) : NaN;
  const defaultResolution = resolutionValues.includes(300)
    ? 300
    : resolutionValues.length > 0
      ? nearest(resolutionValues, 300)
      : Number.isFinite(currentResolution)
        ? currentResolution
        : 300;
  return {
    options: {
      deviceId,
      resolutions: resolutionValues.length > 0 ? resolutionValues : [defaultResolution],
      resolutionRange,
      modes,
      sources,
      pageSizes,
      maxAreaMm,
      defaults: { resolution: defaultResolution, mode: modes.includes('gray') ? 'gray' : (modes[0] ?? 'gray'), source: sources[0] as ScanSource },
    },
    modeNames,
    depths,
    sourceNames,
    resolutionValues,
    geometry: Boolean(widthRange && heightRange),
    pageWidthHeight: Boolean(find('--page-width') && find('--page-height')),
  };
}

function nearest(values: number[], target: number): number {
  return values.reduce((best, value) => (Math.abs(value - target) < Math.abs(best - target) ? value : best), values[0] as number);
}

function formatNumber(value: number): string {
  return String(Math.round(value * 10) / 10);
}

// ---- running scanimage ----

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function createSaneDriver(driverOptions: SaneDriverOptions = {}): ScannerDriver {
  const program = driverOptions.scanimage ?? 'scanimage';
  const env = { ...process.env, ...driverOptions.env, LC_ALL: 'C', LANG: 'C', LANGUAGE: 'C' };
  const infoCache = new Map<string, Promise<SaneDeviceInfo>>();
  const busy = new Set<string>();

  function run(args: string[], timeoutMs: number): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(program, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
      child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(error.code === 'ENOENT' ? new ScannerError('driver_missing', `${program} not found (install sane-utils)`) : new ScannerError('driver_failed', error.message));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        if (signal === 'SIGKILL') reject(new ScannerError('device_io', `${program} did not answer within ${Math.round(timeoutMs / 1000)} s`));
        else resolve({ code, signal, stdout, stderr });
      });
    });
  }

  async function listDevices(): Promise<ScanDevice[]> {
    const result = await run(['-f', `%d${FIELD}%v${FIELD}%m${FIELD}%t%n`], driverOptions.listTimeoutMs ?? 30_000);
    if (result.code !== 0) throw new ScannerError(classifySaneMessage(lastMessage(result.stderr) ?? '', result.code), lastMessage(result.stderr) ?? `scanimage exited with ${result.code}`);
    return parseDeviceList(result.stdout);
  }

  function deviceInfo(deviceId: string): Promise<SaneDeviceInfo> {
    const id = checkDeviceId(deviceId);
    let pending = infoCache.get(id);
    if (!pending) {
      pending = run(['-A', `--device-name=${id}`], driverOptions.optionsTimeoutMs ?? 20_000).then((result) => {
        if (result.code !== 0) {
          const message = lastMessage(result.stderr) ?? `scanimage exited with ${result.code}`;
          throw new ScannerError(classifySaneMessage(message, result.code), message);
        }
        return parseDeviceOptions(id, result.stdout);
      });
      pending.catch(() => infoCache.delete(id));
      infoCache.set(id, pending);
    }
    return pending;
  }

  async function scan(deviceId: string, settings: ScanSettings, handlers: ScanHandlers, signal?: AbortSignal): Promise<ScanOutcome> {
    const pages: PageImage[] = [];
    const fail = (code: ScanErrorCode, message: string): ScanOutcome => ({ ok: false, pages, error: { code, message } });
    try {
      checkDeviceId(deviceId);
      checkSettings(settings);
    } catch (error) {
      return error instanceof ScannerError ? fail(error.code, error.message) : fail('driver_failed', String(error));
    }
    if (signal?.aborted) return fail('cancelled', 'cancelled before the scan started');
    // Claimed before anything is awaited, so that two clicks cannot start two scans on one device.
    if (busy.has(deviceId)) return fail('scanner_busy', 'a scan on this device is already running');
    busy.add(deviceId);
    try {
      return await scanOn(deviceId, settings, handlers, pages, fail, signal);
    } finally {
      busy.delete(deviceId);
    }
  }

  async function scanOn(
    deviceId: string,
    settings: ScanSettings,
    handlers: ScanHandlers,
    pages: PageImage[],
    fail: (code: ScanErrorCode, message: string) => ScanOutcome,
    signal: AbortSignal | undefined,
  ): Promise<ScanOutcome> {
    let info: SaneDeviceInfo;
    try {
      info = await deviceInfo(deviceId);
    } catch (error) {
      return error instanceof ScannerError ? fail(error.code, error.message) : fail('driver_failed', String(error));
    }
    if (signal?.aborted) return fail('cancelled', 'cancelled before the scan started');

    const source = settings.source ?? info.options.defaults.source;
    if (!info.options.sources.includes(source)) return fail('invalid_settings', `the device has no ${source} source`);
    if (!info.options.modes.includes(settings.mode)) return fail('invalid_settings', `the device has no ${settings.mode} mode`);
    const resolution = pickResolution(info, settings.resolution);

    const args = [`--device-name=${deviceId}`, '--format=pnm', '--batch-print', '--progress', `--resolution=${resolution}`];
    let mode = settings.mode;
    if (settings.mode === 'lineart' && info.modeNames.lineart) args.push(`--mode=${info.modeNames.lineart}`);
    else if (settings.mode === 'lineart' && info.modeNames['lineart-depth1']) args.push(`--mode=${info.modeNames['lineart-depth1']}`, '--depth=1');
    else {
      const name = settings.mode === 'color' ? info.modeNames.color : info.modeNames.gray;
      if (name) args.push(`--mode=${name}`);
      if (info.depths.includes(8)) args.push('--depth=8');
      if (settings.mode === 'lineart') mode = 'lineart'; // grey, thresholded in encodePage
    }
    const sourceName = info.sourceNames[source];
    if (sourceName) args.push(`--source=${sourceName}`);
    const size = PAGE_SIZES_MM[settings.pageSize ?? 'A4'];
    const area = info.options.maxAreaMm;
    const widthMm = area ? Math.min(size.width, area.width) : size.width;
    const heightMm = area ? Math.min(size.height, area.height) : size.height;
    if (info.geometry) args.push('-l', '0', '-t', '0', '-x', formatNumber(widthMm), '-y', formatNumber(heightMm));
    if (info.pageWidthHeight && source !== 'flatbed') args.push(`--page-width=${formatNumber(size.width)}`, `--page-height=${formatNumber(size.height)}`);
    const feeder = source !== 'flatbed';
    if (!feeder) args.push('--batch-count=1');
    else if (settings.maxPages) args.push(`--batch-count=${settings.maxPages}`);

    let dir: string;
    try {
      dir = await fsp.mkdtemp(path.join(driverOptions.tempDir ?? os.tmpdir(), 'qyzmet-scan-'));
    } catch (error) {
      return fail('driver_failed', `cannot create a folder for the pages: ${(error as Error).message}`);
    }
    args.push(`--batch=${path.join(dir, 'p%04d.pnm')}`);

    try {
      return await runScan(args, dir, resolution, mode, handlers, pages, signal);
    } finally {
      await fsp.rm(dir, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  function runScan(
    args: string[],
    dir: string,
    dpi: number,
    mode: ColorMode,
    handlers: ScanHandlers,
    pages: PageImage[],
    signal: AbortSignal | undefined,
  ): Promise<ScanOutcome> {
    return new Promise((resolve) => {
      const child = spawn(program, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let cancelled = false;
      let stalled = false;
      let finishing = false;
      let spawnError: ScanError | null = null;
      let processingError: ScanError | null = null;
      let lastError: string | null = null;
      let badPageStatus: number | null = null;
      let pageIndex = 0;
      let lastPercent = -1;
      let stdoutRest = '';
      let stderrRest = '';
      let chain: Promise<void> = Promise.resolve();
      const timers: NodeJS.Timeout[] = [];

      const stop = () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGINT');
        timers.push(setTimeout(() => child.kill('SIGTERM'), 3_000).unref());
        timers.push(setTimeout(() => child.kill('SIGKILL'), 6_000).unref());
      };
      const onAbort = () => {
        cancelled = true;
        stop();
      };
      signal?.addEventListener('abort', onAbort, { once: true });

      const stallMs = driverOptions.stallTimeoutMs ?? 120_000;
      let stallTimer = setTimeout(() => {}, 0);
      const alive = () => {
        clearTimeout(stallTimer);
        stallTimer = setTimeout(() => {
          stalled = true;
          stop();
        }, stallMs);
        stallTimer.unref();
      };
      alive();

      child.stdout.setEncoding('utf8').on('data', (text: string) => {
        alive();
        const lines = (stdoutRest + text).split('\n');
        stdoutRest = lines.pop() ?? '';
        for (const line of lines) {
          const file = line.trim();
          if (!file) continue;
          // Only files in our own folder, named as we asked.
          if (path.dirname(file) !== dir || !/^p\d{4,}\.pnm$/.test(path.basename(file))) continue;
          chain = chain.then(async () => {
            if (processingError) return;
            try {
              const bytes = await fsp.readFile(file);
              const page = await encodePage(parsePnm(bytes), dpi, mode, driverOptions.encode);
              await fsp.rm(file, { force: true });
              pages.push(page);
              handlers.onPage(page, pages.length - 1);
            } catch (error) {
              processingError = { code: 'driver_failed', message: `page ${pages.length + 1}: ${(error as Error).message}` };
              stop();
            }
          });
        }
      });

      child.stderr.setEncoding('utf8').on('data', (text: string) => {
        alive();
        const combined = stderrRest + text;
        // Progress lines end with \r (or nothing, when stderr is a pipe); other lines with \n.
        const parts = combined.split(/\r|\n/);
        stderrRest = parts.pop() ?? '';
        for (const part of parts) {
          for (const match of part.matchAll(/Progress: (\d+(?:\.\d+)?)%/g)) {
            const percent = Math.min(100, Math.floor(Number(match[1])));
            if (percent !== lastPercent) {
              lastPercent = percent;
              handlers.onProgress(percent, pageIndex);
            }
          }
          const line = part.replace(/(Progress: \d+(?:\.\d+)?%)+/g, '').trim();
          if (!line) continue;
          const started = /^Scanning page (\d+)/.exec(line);
          if (started) {
            pageIndex = Number(started[1]) - 1;
            lastPercent = -1;
            continue;
          }
          const scanned = /^Scanned page \d+\. \(scanner status = (\d+)\)/.exec(line);
          if (scanned) {
            const status = Number(scanned[1]);
            if (status !== 5 /* EOF: the page is complete */ && status !== 0) badPageStatus = status;
            continue;
          }
          if (/^Batch terminated/.test(line) && !finishing) {
            // scanimage has finished; the SANE test backend (and some real ones) can hang in
            // sane_close() afterwards. Give it a moment, then end it: the pages are all in.
            finishing = true;
            timers.push(setTimeout(() => child.kill('SIGTERM'), driverOptions.exitGraceMs ?? 3_000).unref());
            timers.push(setTimeout(() => child.kill('SIGKILL'), (driverOptions.exitGraceMs ?? 3_000) + 2_000).unref());
            continue;
          }
          if (line.startsWith('scanimage: ') && !/received signal|trying to stop scanner|aborting/.test(line)) lastError = line.slice('scanimage: '.length);
        }
        // Progress without a line break yet: report it now, keep the tail for the next chunk.
        const pending = [...stderrRest.matchAll(/Progress: (\d+(?:\.\d+)?)%/g)];
        const last = pending[pending.length - 1];
        if (last) {
          const percent = Math.min(100, Math.floor(Number(last[1])));
          if (percent !== lastPercent) {
            lastPercent = percent;
            handlers.onProgress(percent, pageIndex);
          }
          stderrRest = stderrRest.slice((last.index ?? 0) + last[0].length);
        }
      });

      child.on('error', (error: NodeJS.ErrnoException) => {
        spawnError =
          error.code === 'ENOENT'
            ? { code: 'driver_missing', message: `${program} not found (install sane-utils)` }
            : { code: 'driver_failed', message: error.message };
        // Never started: there may be no 'close' to wait for.
        if (child.pid === undefined) {
          clearTimeout(stallTimer);
          signal?.removeEventListener('abort', onAbort);
          resolve({ ok: false, pages, error: spawnError });
        }
      });

      child.on('close', (code, killedBy) => {
        clearTimeout(stallTimer);
        for (const timer of timers) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        void chain.then(() => {
          const tail = stderrRest.trim();
          if (tail.startsWith('scanimage: ')) lastError = tail.slice('scanimage: '.length);
          resolve(outcome(code, killedBy));
        });
      });

      const outcome = (code: number | null, killedBy: NodeJS.Signals | null): ScanOutcome => {
        const failed = (error: ScanError): ScanOutcome => ({ ok: false, pages, error });
        if (spawnError) return failed(spawnError);
        if (processingError) return failed(processingError);
        if (cancelled) return failed({ code: 'cancelled', message: `cancelled after ${pages.length} page(s)` });
        if (stalled) return failed({ code: 'device_io', message: `the scanner stopped responding (no data for ${Math.round(stallMs / 1000)} s)` });
        if (lastError) {
          const errorCode = classifySaneMessage(lastError, code);
          // A feeder that runs out after some pages is how a feeder batch ends.
          if (errorCode === 'feeder_empty' && pages.length > 0) return { ok: true, pages };
          return failed({ code: errorCode, message: lastError });
        }
        if (badPageStatus !== null) return failed({ code: SANE_STATUS[badPageStatus] ?? 'driver_failed', message: `scanner status ${badPageStatus}` });
        if (killedBy && !finishing) return failed({ code: 'driver_failed', message: `scanimage was ended by ${killedBy}` });
        if (code !== 0 && !finishing) return failed({ code: SANE_STATUS[code ?? -1] ?? 'driver_failed', message: `scanimage exited with ${code}` });
        if (pages.length === 0) return failed({ code: 'driver_failed', message: 'scanimage delivered no page' });
        return { ok: true, pages };
      };
    });
  }

  return {
    name: 'sane',
    listDevices,
    options: async (deviceId) => (await deviceInfo(deviceId)).options,
    scan,
  };
}

function pickResolution(info: SaneDeviceInfo, wanted: number): number {
  const range = info.options.resolutionRange;
  if (range && wanted >= range.min && wanted <= range.max) {
    if (!range.step) return wanted;
    return Math.round(range.min + Math.round((wanted - range.min) / range.step) * range.step);
  }
  return info.resolutionValues.length > 0 ? nearest(info.resolutionValues, wanted) : wanted;
}

function lastMessage(stderr: string): string | null {
  const lines = stderr
    .split(/\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line.startsWith('scanimage: '));
  const last = lines[lines.length - 1];
  return last ? last.slice('scanimage: '.length) : null;
}
