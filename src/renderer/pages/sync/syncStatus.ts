// The synchronisation status the status bar and the sync page show (issue 8): read with `sync.status`
// when a view needs it, kept current by the `sync.status` event the service pushes at every step of a
// run (automatic runs come every half minute or so), and read again on navigation — local changes,
// which raise the number of changes waiting, push no event of their own. There is no polling: every
// call counts as activity for the service's idle lock, and a poll would keep an idle session open.
import { useEffect, useSyncExternalStore } from 'react';
import type { SyncStatus } from '../../../shared/sync';
import { getClient } from '../../api/client';
import { shownState } from './format';

/** Something a person should hear without looking: a translation key and its values. */
export interface SyncAnnouncement {
  key: 'sync.announce.error' | 'sync.announce.offline' | 'sync.announce.recovered' | 'sync.announce.conflicts';
  count?: number;
  lastSyncedAt?: string | null;
}

/** How runs end; a routine run (idle → syncing → idle) changes nothing here, so it is not announced. */
type Health = 'ok' | 'offline' | 'error' | 'not_configured';

let current: SyncStatus | null = null;
let announcements: readonly SyncAnnouncement[] = [];
let lastHealth: Health | null = null;
let lastConflicts: number | null = null;
const listeners = new Set<() => void>();
let users = 0;
let offEvent: (() => void) | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

function snapshot(): SyncStatus | null {
  return current;
}

function announcementSnapshot(): readonly SyncAnnouncement[] {
  return announcements;
}

/** What changed that is worth saying: a run failed, the server stopped or started answering, new conflicts. */
function worthSaying(status: SyncStatus): SyncAnnouncement[] {
  const said: SyncAnnouncement[] = [];
  const state = shownState(status);
  if (state !== 'syncing') {
    const health: Health = state === 'idle' ? 'ok' : state;
    const before = lastHealth;
    lastHealth = health;
    if (before !== null && before !== health) {
      if (health === 'error') said.push({ key: 'sync.announce.error' });
      else if (health === 'offline') said.push({ key: 'sync.announce.offline', count: status.pending });
      else if (health === 'ok' && (before === 'error' || before === 'offline')) {
        said.push({ key: 'sync.announce.recovered', lastSyncedAt: status.lastSyncedAt });
      }
    }
  }
  const conflictsBefore = lastConflicts;
  lastConflicts = status.conflicts;
  if (conflictsBefore !== null && status.conflicts > conflictsBefore) said.push({ key: 'sync.announce.conflicts', count: status.conflicts });
  return said;
}

/** Puts a status the service gave (an event, or the answer of `sync.now`) in place. */
export function syncStatusChanged(status: SyncStatus): void {
  current = status;
  const said = worthSaying(status);
  if (said.length > 0) announcements = said;
  listeners.forEach((listener) => listener());
}

/** Reads the status again; null when the service did not answer (locked screen, lost link). */
export async function refreshSyncStatus(): Promise<SyncStatus | null> {
  try {
    const status = await getClient().call('sync.status', {});
    syncStatusChanged(status);
    return status;
  } catch {
    return null;
  }
}

/**
 * The current synchronisation status (null until the service has answered). While `active` (signed
 * in, not locked) it follows the service's events; it reads the status when it becomes active.
 */
export function useSyncStatus(active: boolean): SyncStatus | null {
  const status = useSyncExternalStore(subscribe, snapshot);
  useEffect(() => {
    if (!active) return;
    users += 1;
    if (!offEvent) offEvent = getClient().onEvent('sync.status', syncStatusChanged);
    void refreshSyncStatus();
    return () => {
      users -= 1;
      if (users > 0) return;
      offEvent?.();
      offEvent = null;
    };
  }, [active]);
  return status;
}

/** The latest announcement (for a polite live region); the same array until there is a new one. */
export function useSyncAnnouncements(): readonly SyncAnnouncement[] {
  return useSyncExternalStore(subscribe, announcementSnapshot);
}
