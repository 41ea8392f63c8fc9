// Synchronisation in words: the status bar's short phrase, a run's progress, the last problem.
import type { TFunction } from 'i18next';
import { formatDate, formatDateTime } from '../../../shared/format';
import type { SyncStatus } from '../../../shared/sync';

/** The state as the person should read it: a run that failed because the server did not answer is "offline". */
export function shownState(status: SyncStatus): SyncStatus['state'] {
  return status.state === 'error' && status.lastError === 'offline' ? 'offline' : status.state;
}

/** HH:mm (Almaty) when it was today, else dd.MM.yyyy HH:mm. */
export function shortTime(at: string, now: Date = new Date()): string {
  const full = formatDateTime(at);
  return formatDate(at) === formatDate(now) ? full.slice(-5) : full;
}

/** "sending changes: 120 of 400", "receiving changes: 200". */
export function progressText(t: TFunction, progress: NonNullable<SyncStatus['progress']>): string {
  const phase = t(`sync.phase.${progress.phase}`);
  return progress.total !== null
    ? t('sync.progress.counted', { phase, done: progress.done, total: progress.total })
    : t('sync.progress.uncounted', { phase, done: progress.done });
}

/** The status bar's phrase: "Synced 10:42", "Offline — 37 changes waiting", "Syncing… (…)". */
export function barText(t: TFunction, status: SyncStatus | null): string {
  if (!status) return t('sync.bar.checking');
  switch (shownState(status)) {
    case 'not_configured':
      return t('sync.bar.notConfigured');
    case 'syncing':
      return status.progress ? t('sync.bar.syncingProgress', { progress: progressText(t, status.progress) }) : t('sync.bar.syncing');
    case 'offline':
      return status.pending > 0 ? t('sync.bar.offlineWaiting', { count: status.pending }) : t('sync.bar.offline');
    case 'error':
      return t('sync.bar.error');
    case 'idle': {
      const base = status.lastSyncedAt ? t('sync.bar.synced', { time: shortTime(status.lastSyncedAt) }) : t('sync.bar.notSynced');
      return status.pending > 0 ? `${base} · ${t('sync.bar.waiting', { count: status.pending })}` : base;
    }
  }
}

/** The last problem in plain words (the engine's technical message is shown apart, as data). */
export function lastErrorText(t: TFunction, lastError: string): string {
  return lastError === 'offline' ? t('sync.errors.offline') : t('sync.errors.other');
}
