// Windows scanners, behind the same ScannerDriver interface:
//   NAPS2 (naps2.com), when installed: its console program `NAPS2.Console.exe` scans through WIA
//     (better feeder and duplex handling than the COM automation layer); pages arrive when the
//     batch is done; no progress.
//   otherwise WIA 2.0 through the COM automation layer (wiaaut.dll, part of Windows), driven by a
//     PowerShell script: one page at a time, each page reported on stdout as it is saved.
// NOT VERIFIED: this file cannot run on the Linux development machine and CI; only its pure parts
// (argument building, error mapping) are covered by tests. It was written from the WIA automation
// reference (property ids, HRESULTs) and NAPS2's console options, and must be tried on a Windows
// workstation with a real scanner before it is relied on.
// Nothing from the renderer reaches a shell: PowerShell gets a fixed script (-EncodedCommand) and
// the scan's parameters as JSON in an environment variable; NAPS2 gets an argument array.
import { spawn } from 'node:child_process';
import { existsSync, promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { encodePage, type EncodeOptions, type PageImage } from './page-image';
import {
  checkDeviceId,
  checkSettings,
  PAGE_SIZES_MM,
  ScannerError,
  type DeviceOptions,
  type ScanDevice,
  type ScanErrorCode,
  type ScanHandlers,
  type ScannerDriver,
  type ScanOutcome,
  type ScanSettings,
} from './types';

export interface WiaDriverOptions {
  /** NAPS2.Console.exe; default: looked up under Program Files. `null` = never use NAPS2. */
  naps2?: string | null;
  tempDir?: string;
  encode?: EncodeOptions;
}

/** WIA HRESULTs (wia.h) → our codes. */
const WIA_ERRORS: Record<number, ScanErrorCode> = {
  0x80210002: 'jammed', // WIA_ERROR_PAPER_JAM
  0x80210003: 'feeder_empty', // WIA_ERROR_PAPER_EMPTY
  0x80210004: 'jammed', // WIA_ERROR_PAPER_PROBLEM
  0x80210005: 'device_not_found', // WIA_ERROR_OFFLINE
  0x80210006: 'scanner_busy', // WIA_ERROR_BUSY
  0x8021000a: 'device_io', // WIA_ERROR_DEVICE_COMMUNICATION
  0x8021000d: 'scanner_busy', // WIA_ERROR_DEVICE_LOCKED
  0x80210015: 'device_not_found', // WIA_S_NO_DEVICE_AVAILABLE
  0x80210016: 'cover_open', // WIA_ERROR_COVER_OPEN
  0x80210064: 'cancelled', // WIA_ERROR_USER_INTERVENTION / cancelled by the device
};

export function wiaErrorCode(hresult: number): ScanErrorCode {
  return WIA_ERRORS[hresult >>> 0] ?? 'driver_failed';
}

/** NAPS2 prints English messages; the few that matter. */
export function naps2ErrorCode(text: string): ScanErrorCode {
  if (/no (scanning )?device|device .*not found|offline/i.test(text)) return 'device_not_found';
  if (/no pages|feeder is empty|out of paper/i.test(text)) return 'feeder_empty';
  if (/jam/i.test(text)) return 'jammed';
  if (/busy|in use/i.test(text)) return 'scanner_busy';
  if (/cover/i.test(text)) return 'cover_open';
  return 'driver_failed';
}

export function naps2ScanArgs(deviceId: string, settings: ScanSettings, outputPattern: string): string[] {
  const source = settings.source === 'adf-duplex' ? 'duplex' : settings.source === 'adf' ? 'feeder' : 'glass';
  const bitdepth = settings.mode === 'lineart' ? 'bw' : settings.mode;
  return [
    '--noprofile',
    '--driver', 'wia',
    '--device', deviceId,
    '--source', source,
    '--dpi', String(settings.resolution),
    '--bitdepth', bitdepth,
    '--pagesize', (settings.pageSize ?? 'A4').toLowerCase(),
    '--jpegquality', '90',
    '-o', outputPattern,
    '-f',
  ];
}

const GENERIC_OPTIONS = (deviceId: string): DeviceOptions => ({
  deviceId,
  resolutions: [100, 150, 200, 300, 400, 600],
  resolutionRange: null,
  modes: ['color', 'gray', 'lineart'],
  sources: ['flatbed', 'adf', 'adf-duplex'],
  pageSizes: ['A4', 'A5', 'Letter'],
  maxAreaMm: null,
  defaults: { resolution: 300, mode: 'gray', source: 'flatbed' },
});

// The PowerShell side of the COM driver. Reads $env:QYZMET_WIA (JSON), writes one JSON line per event.
const WIA_SCRIPT = String.raw`
$ErrorActionPreference = 'Stop'
function Emit($o) { [Console]::Out.WriteLine(($o | ConvertTo-Json -Compress)); [Console]::Out.Flush() }
$p = $env:QYZMET_WIA | ConvertFrom-Json
$dm = New-Object -ComObject WIA.DeviceManager
try {
  if ($p.op -eq 'list') {
    foreach ($i in $dm.DeviceInfos) { if ($i.Type -eq 1) {
      Emit @{ id = $i.DeviceID; vendor = $i.Properties.Item('Manufacturer').Value; model = $i.Properties.Item('Name').Value } } }
    exit 0
  }
  $info = $null
  foreach ($i in $dm.DeviceInfos) { if ($i.DeviceID -eq $p.device) { $info = $i } }
  if ($info -eq $null) { Emit @{ error = 0x80210015; message = 'device not found' }; exit 2 }
  $dev = $info.Connect()
  if ($p.op -eq 'options') {
    $caps = 2; try { $caps = $dev.Properties.Item('3086').Value } catch {}
    $res = $dev.Items(1).Properties.Item('6147')
    $values = @(); try { $values = @($res.SubTypeValues) } catch {}
    $range = $null; try { if ($res.SubType -eq 1) { $range = @{ min = $res.SubTypeMin; max = $res.SubTypeMax; step = $res.SubTypeStep } } } catch {}
    Emit @{ caps = $caps; resolutions = $values; range = $range }
    exit 0
  }
  $handling = 2; if ($p.source -eq 'adf') { $handling = 1 } elseif ($p.source -eq 'adf-duplex') { $handling = 5 }
  try { $dev.Properties.Item('3088').Value = $handling } catch { if ($handling -ne 2) { throw } }
  try { $dev.Properties.Item('3096').Value = 1 } catch {}
  $item = $dev.Items(1)
  $intent = @{ color = 1; gray = 2; lineart = 4 }[$p.mode]
  $item.Properties.Item('6146').Value = $intent
  $item.Properties.Item('6147').Value = $p.dpi
  $item.Properties.Item('6148').Value = $p.dpi
  try { $item.Properties.Item('6151').Value = [int]($p.widthMm / 25.4 * $p.dpi); $item.Properties.Item('6152').Value = [int]($p.heightMm / 25.4 * $p.dpi) } catch {}
  $n = 0
  while ($true) {
    try { $img = $item.Transfer('{B96B3CAF-0728-11D3-9D7B-0000F81EF32E}') }
    catch {
      $h = $_.Exception.HResult
      if ($n -gt 0 -and ($h -eq 0x80210003 -or $handling -eq 2)) { break }
      Emit @{ error = $h; message = $_.Exception.Message }; exit 3
    }
    $n++
    $file = Join-Path $p.dir ('p{0:D4}.png' -f $n)
    $img.SaveFile($file)
    Emit @{ page = $file }
    if ($handling -eq 2 -or ($p.maxPages -gt 0 -and $n -ge $p.maxPages)) { break }
  }
  exit 0
} catch { Emit @{ error = $_.Exception.HResult; message = $_.Exception.Message }; exit 4 }
`;

export function createWiaDriver(options: WiaDriverOptions = {}): ScannerDriver {
  const naps2 =
    options.naps2 === null
      ? null
      : (options.naps2 ??
        [process.env.ProgramFiles, process.env['ProgramFiles(x86)']]
          .filter((dir): dir is string => Boolean(dir))
          .map((dir) => path.join(dir, 'NAPS2', 'NAPS2.Console.exe'))
          .find((file) => existsSync(file)) ??
        null);

  type Line = { id?: string; vendor?: string; model?: string; page?: string; error?: number; message?: string; caps?: number; resolutions?: number[]; range?: { min: number; max: number; step: number } | null };

  function runScript(params: Record<string, unknown>, onLine: (line: Line) => void, signal?: AbortSignal): Promise<number | null> {
    return new Promise((resolve, reject) => {
      const child = spawn('powershell.exe', ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', Buffer.from(WIA_SCRIPT, 'utf16le').toString('base64')], {
        env: { ...process.env, QYZMET_WIA: JSON.stringify(params) },
        windowsHide: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const abort = () => child.kill();
      signal?.addEventListener('abort', abort, { once: true });
      let rest = '';
      child.stdout.setEncoding('utf8').on('data', (text: string) => {
        const lines = (rest + text).split(/\r?\n/);
        rest = lines.pop() ?? '';
        for (const line of lines) {
          try {
            if (line.trim()) onLine(JSON.parse(line) as Line);
          } catch {
            /* not ours */
          }
        }
      });
      child.on('error', (error) => reject(new ScannerError('driver_missing', `PowerShell: ${error.message}`)));
      child.on('close', (code) => {
        signal?.removeEventListener('abort', abort);
        resolve(code);
      });
    });
  }

  function runNaps2(args: string[], signal?: AbortSignal): Promise<{ code: number | null; output: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(naps2 as string, args, { windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
      child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
      const abort = () => child.kill();
      signal?.addEventListener('abort', abort, { once: true });
      child.on('error', (error) => reject(new ScannerError('driver_missing', `NAPS2: ${error.message}`)));
      child.on('close', (code) => {
        signal?.removeEventListener('abort', abort);
        resolve({ code, output });
      });
    });
  }

  async function pngToPage(file: string, dpi: number, settings: ScanSettings): Promise<PageImage> {
    const { data, info } = await sharp(await fsp.readFile(file)).flatten({ background: '#ffffff' }).raw().toBuffer({ resolveWithObject: true });
    const channels = info.channels >= 3 ? 3 : 1;
    const pixels = info.channels === channels ? data : await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).extractChannel(0).raw().toBuffer();
    return encodePage({ width: info.width, height: info.height, channels, bitsPerSample: 8, data: pixels }, dpi, settings.mode, options.encode);
  }

  async function listDevices(): Promise<ScanDevice[]> {
    if (naps2) {
      const { code, output } = await runNaps2(['--noprofile', '--driver', 'wia', '--listdevices']);
      if (code !== 0) throw new ScannerError(naps2ErrorCode(output), output.trim());
      return output
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean)
        .map((name) => ({ id: name, vendor: '', model: name, type: 'scanner', driver: 'naps2' as const }));
    }
    const devices: ScanDevice[] = [];
    await runScript({ op: 'list' }, (line) => {
      if (line.id) devices.push({ id: line.id, vendor: line.vendor ?? '', model: line.model ?? line.id, type: 'scanner', driver: 'wia' });
    });
    return devices;
  }

  async function deviceOptions(deviceId: string): Promise<DeviceOptions> {
    const id = checkDeviceId(deviceId);
    if (naps2) return GENERIC_OPTIONS(id);
    let answer: Line | null = null;
    await runScript({ op: 'options', device: id }, (line) => (answer = line));
    const reply = answer as Line | null;
    if (!reply || reply.error !== undefined) throw new ScannerError(wiaErrorCode(reply?.error ?? 0), reply?.message ?? 'no answer from WIA');
    const caps = reply.caps ?? 2;
    const generic = GENERIC_OPTIONS(id);
    const sources = generic.sources.filter((source) => (source === 'flatbed' ? caps & 2 : source === 'adf' ? caps & 1 : caps & 4));
    const resolutions = reply.resolutions?.length ? reply.resolutions : reply.range ? generic.resolutions.filter((r) => r >= reply.range!.min && r <= reply.range!.max) : generic.resolutions;
    return { ...generic, resolutions, resolutionRange: reply.range ?? null, sources: sources.length ? sources : ['flatbed'], defaults: { ...generic.defaults, source: sources[0] ?? 'flatbed' } };
  }

  async function scan(deviceId: string, settings: ScanSettings, handlers: ScanHandlers, signal?: AbortSignal): Promise<ScanOutcome> {
    const pages: PageImage[] = [];
    const fail = (code: ScanErrorCode, message: string): ScanOutcome => ({ ok: false, pages, error: { code, message } });
    try {
      checkDeviceId(deviceId);
      checkSettings(settings);
    } catch (error) {
      return fail((error as ScannerError).code, (error as Error).message);
    }
    const dir = await fsp.mkdtemp(path.join(options.tempDir ?? os.tmpdir(), 'qyzmet-scan-'));
    try {
      if (naps2) {
        const { code, output } = await runNaps2(naps2ScanArgs(deviceId, settings, path.join(dir, 'p$(nnnn).png')), signal);
        const files = (await fsp.readdir(dir)).filter((name) => name.endsWith('.png')).sort();
        for (const name of files) {
          const page = await pngToPage(path.join(dir, name), settings.resolution, settings);
          pages.push(page);
          handlers.onProgress(100, pages.length - 1);
          handlers.onPage(page, pages.length - 1);
        }
        if (signal?.aborted) return fail('cancelled', `cancelled after ${pages.length} page(s)`);
        if (code !== 0 || pages.length === 0) return fail(naps2ErrorCode(output), output.trim() || `NAPS2 exited with ${code}`);
        return { ok: true, pages };
      }
      const size = PAGE_SIZES_MM[settings.pageSize ?? 'A4'];
      let error: { code: ScanErrorCode; message: string } | null = null;
      let chain = Promise.resolve();
      handlers.onProgress(0, 0);
      const params = { op: 'scan', device: deviceId, source: settings.source ?? 'flatbed', mode: settings.mode, dpi: settings.resolution, widthMm: size.width, heightMm: size.height, maxPages: settings.maxPages ?? 0, dir };
      await runScript(
        params,
        (line) => {
          if (line.error !== undefined) error = { code: wiaErrorCode(line.error), message: line.message ?? `WIA error ${line.error}` };
          const file = line.page;
          if (file && path.dirname(file) === dir) {
            chain = chain.then(async () => {
              const page = await pngToPage(file, settings.resolution, settings);
              pages.push(page);
              handlers.onProgress(100, pages.length - 1);
              handlers.onPage(page, pages.length - 1);
            });
          }
        },
        signal,
      );
      await chain;
      if (signal?.aborted) return fail('cancelled', `cancelled after ${pages.length} page(s)`);
      const failure = error as { code: ScanErrorCode; message: string } | null;
      if (failure) return fail(failure.code, failure.message);
      if (pages.length === 0) return fail('driver_failed', 'WIA delivered no page');
      return { ok: true, pages };
    } catch (error) {
      return fail(error instanceof ScannerError ? error.code : 'driver_failed', (error as Error).message);
    } finally {
      await fsp.rm(dir, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  return { name: naps2 ? 'naps2' : 'wia', listDevices, options: deviceOptions, scan };
}
