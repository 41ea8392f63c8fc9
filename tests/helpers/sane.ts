// The SANE `test` backend as a real scanner for the tests: a temporary SANE_CONFIG_DIR whose
// dll.conf loads only `test`, and a test.conf with the initial option values the test wants.
// scanimage reads both through SANE_CONFIG_DIR (pass `env` to createSaneDriver). The backend's
// behaviour (sane-backends 1.1.1): devices `test:0`, `test:1`, …; sources "Flatbed" and
// "Automatic Document Feeder" (the feeder is empty after 10 sheets); modes Gray/Color at depth
// 1/8/16; `read-status-code` makes sane_read() fail with that status (a jam, an I/O error, an empty
// feeder, a busy device); `read-delay` slows the transfer down (per 64 KB pipe write) so that a scan
// can be cancelled mid-page; geometry_max widens the scan area so that A4 fits.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type SaneTestPicture = 'Solid black' | 'Solid white' | 'Color pattern' | 'Grid';
export type SaneReadStatus =
  | 'Default'
  | 'SANE_STATUS_UNSUPPORTED'
  | 'SANE_STATUS_CANCELLED'
  | 'SANE_STATUS_DEVICE_BUSY'
  | 'SANE_STATUS_INVAL'
  | 'SANE_STATUS_EOF'
  | 'SANE_STATUS_JAMMED'
  | 'SANE_STATUS_NO_DOCS'
  | 'SANE_STATUS_COVER_OPEN'
  | 'SANE_STATUS_IO_ERROR'
  | 'SANE_STATUS_NO_MEM'
  | 'SANE_STATUS_ACCESS_DENIED';

export interface SaneTestOptions {
  devices?: number;
  picture?: SaneTestPicture;
  readStatus?: SaneReadStatus;
  /** Microseconds after each pipe write (1000–200000); turns read-delay on. */
  readDelayUs?: number;
  /** Bytes per sane_read() (1–65536); turns read-limit on. */
  readLimitBytes?: number;
  /** The largest scan area in mm (default 300, so that A4 and Letter fit). */
  geometryMaxMm?: number;
}

export interface SaneTestConfig {
  dir: string;
  env: { SANE_CONFIG_DIR: string };
  cleanup(): void;
}

export function saneTestConfig(options: SaneTestOptions = {}): SaneTestConfig {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-sane-'));
  fs.writeFileSync(path.join(dir, 'dll.conf'), 'test\n');
  const lines = [
    `number_of_devices ${options.devices ?? 2}`,
    'mode Gray',
    'depth 8',
    'resolution 300.0',
    `test-picture "${options.picture ?? 'Grid'}"`,
    `read-status-code "${options.readStatus ?? 'Default'}"`,
    `read-limit ${options.readLimitBytes ? 'true' : 'false'}`,
    ...(options.readLimitBytes ? [`read-limit-size ${options.readLimitBytes}`] : []),
    `read-delay ${options.readDelayUs ? 'true' : 'false'}`,
    ...(options.readDelayUs ? [`read-delay-duration ${options.readDelayUs}`] : []),
    'geometry_min 0.0',
    `geometry_max ${(options.geometryMaxMm ?? 300).toFixed(1)}`,
    'geometry_quant 1.0',
    'tl_x 0.0',
    'tl_y 0.0',
    'br_x 210.0',
    'br_y 297.0',
  ];
  fs.writeFileSync(path.join(dir, 'test.conf'), `${lines.join('\n')}\n`);
  return { dir, env: { SANE_CONFIG_DIR: dir }, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Whether scanimage is installed (Debian sane-utils). */
export function hasScanimage(): boolean {
  try {
    execFileSync('scanimage', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The pids of this process's scanimage children (to simulate a scanner that dies mid-batch). */
export function scanimageChildren(): number[] {
  try {
    const out = execFileSync('ps', ['--ppid', String(process.pid), '-o', 'pid=,comm='], { encoding: 'utf8' });
    return out
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter(([, comm]) => comm === 'scanimage')
      .map(([pid]) => Number(pid));
  } catch {
    return [];
  }
}
