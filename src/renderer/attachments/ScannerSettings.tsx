// The scanner the employee scans with, and how: the device (found through the workstation's driver),
// the resolution, colour mode, paper source and, for a feeder, how many sheets — each offered from the
// device's own options. Kept outside the page, so the choice survives the intake's steps and other
// sections; the devices are looked up once and again on request.
import { useCallback, useEffect, useId, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScanColorMode, ScannerDevice, ScannerOptions, ScanSettingsInput, ScanSourceName } from '../../shared/attachments';
import { call } from '../api/client';
import type { ShownError } from '../i18n';
import { attachmentErrorMessage, shownError } from './model';

export interface ScannerState {
  devices: ScannerDevice[] | null;
  looking: boolean;
  deviceId: string;
  options: ScannerOptions | null;
  resolution: number;
  mode: ScanColorMode;
  source: ScanSourceName;
  /** Feeder sheets to scan; empty = until the feeder is empty. */
  sheets: string;
  error: ShownError | null;
}

let state: ScannerState = {
  devices: null,
  looking: false,
  deviceId: '',
  options: null,
  resolution: 300,
  mode: 'gray',
  source: 'flatbed',
  sheets: '',
  error: null,
};
const listeners = new Set<() => void>();

function setState(change: Partial<ScannerState>): void {
  state = { ...state, ...change };
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

async function loadOptions(deviceId: string): Promise<void> {
  setState({ deviceId, options: null, error: null });
  if (!deviceId) return;
  try {
    const options = await call('attachments.deviceOptions', { deviceId });
    if (state.deviceId !== deviceId) return;
    // Keep what was chosen when the device offers it; else the device's defaults.
    setState({
      options,
      resolution: options.resolutions.includes(state.resolution) ? state.resolution : options.defaults.resolution,
      mode: options.modes.includes(state.mode) ? state.mode : options.defaults.mode,
      source: options.sources.includes(state.source) ? state.source : options.defaults.source,
    });
  } catch (failure) {
    if (state.deviceId === deviceId) setState({ error: shownError(failure) });
  }
}

export async function findScanners(): Promise<void> {
  if (state.looking) return;
  setState({ looking: true, error: null });
  try {
    const devices = await call('attachments.devices', {});
    setState({ devices, looking: false });
    const keep = devices.some((device) => device.id === state.deviceId) ? state.deviceId : (devices[0]?.id ?? '');
    await loadOptions(keep);
  } catch (failure) {
    setState({ looking: false, devices: state.devices ?? [], error: shownError(failure) });
  }
}

export function useScanner(): ScannerState {
  return useSyncExternalStore(subscribe, () => state, () => state);
}

/** What a scan asks for now; null while no device with its options is chosen. */
export function scanRequest(current: ScannerState): { deviceId: string; settings: ScanSettingsInput } | null {
  if (!current.deviceId || !current.options) return null;
  const feeder = current.source !== 'flatbed';
  const sheets = Number(current.sheets);
  return {
    deviceId: current.deviceId,
    settings: {
      resolution: current.resolution,
      mode: current.mode,
      source: current.source,
      ...(current.options.pageSizes.includes('A4') ? { pageSize: 'A4' as const } : {}),
      ...(feeder && current.sheets.trim() && Number.isInteger(sheets) && sheets >= 1 && sheets <= 500 ? { maxPages: sheets } : {}),
    },
  };
}

function deviceLabel(device: ScannerDevice): string {
  return `${device.vendor} ${device.model}`.trim() + ` (${device.id})`;
}

export function ScannerSettings() {
  const { t } = useTranslation();
  const current = useScanner();
  const id = useId();
  const headingId = `${id}-heading`;

  useEffect(() => {
    if (state.devices === null) void findScanners();
  }, []);

  const choose = useCallback((change: Partial<ScannerState>) => setState(change), []);
  const options = current.options;
  const feeder = current.source !== 'flatbed';
  const noneFound = current.devices !== null && current.devices.length === 0 && !current.looking && !current.error;

  return (
    <section className="scanner-settings" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('attachments.scanner.heading')}</h3>
      <div className="scanner-fields">
        <div className="field">
          <label htmlFor={`${id}-device`}>{t('attachments.scanner.device')}</label>
          <select
            id={`${id}-device`}
            value={current.deviceId}
            onChange={(event) => void loadOptions(event.target.value)}
            disabled={!current.devices?.length}
          >
            {!current.devices?.length ? <option value="">{current.looking ? t('attachments.scanner.looking') : t('attachments.scanner.none')}</option> : null}
            {(current.devices ?? []).map((device) => (
              <option key={device.id} value={device.id}>
                {deviceLabel(device)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-resolution`}>{t('attachments.scanner.resolution')}</label>
          <select id={`${id}-resolution`} value={String(current.resolution)} onChange={(event) => choose({ resolution: Number(event.target.value) })} disabled={!options}>
            {(options?.resolutions ?? [current.resolution]).map((dpi) => (
              <option key={dpi} value={dpi}>
                {t('attachments.scanner.dpi', { dpi })}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-mode`}>{t('attachments.scanner.mode')}</label>
          <select id={`${id}-mode`} value={current.mode} onChange={(event) => choose({ mode: event.target.value as ScanColorMode })} disabled={!options}>
            {(options?.modes ?? [current.mode]).map((mode) => (
              <option key={mode} value={mode}>
                {t(`attachments.scanner.modes.${mode}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-source`}>{t('attachments.scanner.source')}</label>
          <select id={`${id}-source`} value={current.source} onChange={(event) => choose({ source: event.target.value as ScanSourceName })} disabled={!options}>
            {(options?.sources ?? [current.source]).map((source) => (
              <option key={source} value={source}>
                {t(`attachments.scanner.sources.${source}`)}
              </option>
            ))}
          </select>
        </div>
        {feeder ? (
          <div className="field">
            <label htmlFor={`${id}-sheets`}>{t('attachments.scanner.sheets')}</label>
            <input
              id={`${id}-sheets`}
              type="number"
              inputMode="numeric"
              min={1}
              max={500}
              value={current.sheets}
              onChange={(event) => choose({ sheets: event.target.value })}
              aria-describedby={`${id}-sheets-hint`}
            />
            <p className="field-hint" id={`${id}-sheets-hint`}>
              {t('attachments.scanner.sheetsHint')}
            </p>
          </div>
        ) : null}
      </div>
      <div className="form-actions">
        <button type="button" className="button small" onClick={() => void findScanners()} aria-disabled={current.looking || undefined}>
          {t('attachments.scanner.findAgain')}
        </button>
        <span role="status" className={current.looking ? 'busy-note' : noneFound ? 'muted' : 'visually-hidden'}>
          {current.looking ? (
            <>
              <span className="spinner" aria-hidden="true" /> {t('attachments.scanner.looking')}
            </>
          ) : noneFound ? (
            t('attachments.scanner.noneFound')
          ) : null}
        </span>
      </div>
      {current.error ? (
        <p className="form-error" role="alert">
          {attachmentErrorMessage(t, current.error)}
        </p>
      ) : null}
    </section>
  );
}
