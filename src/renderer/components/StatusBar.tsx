// Who is signed in, with which roles, whether the central server and the signing token are there,
// where synchronisation stands (a button to the sync page); and the Lock and Sign out buttons.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../shared/api/contract';
import { getClient } from '../api/client';
import { roleName } from '../i18n';
import { barText, shortTime, shownState } from '../pages/sync/format';
import { refreshSyncStatus, useSyncAnnouncements, useSyncStatus } from '../pages/sync/syncStatus';
import '../pages/sync/sync.css';
import { useAppDispatch, useAppSelector } from '../store';
import { lockScreen, signOut } from '../store/actions';
import { pageOpened } from '../store/navSlice';

/**
 * The sync indicator: a button that opens the sync page. Its text follows every change (progress
 * included) but is not a live region; a separate polite region says only what a person should hear
 * without looking: synchronisation failed, the server stopped or started answering again, new conflicts.
 */
function SyncIndicator({ active }: { active: boolean }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const status = useSyncStatus(active);
  const said = useSyncAnnouncements();
  const page = useAppSelector((state) => state.nav.page);
  const openRequestId = useAppSelector((state) => state.nav.openRequestId);

  // Moving between pages is when local changes have just been made: read the status again.
  useEffect(() => {
    if (active) void refreshSyncStatus();
  }, [active, page, openRequestId]);

  const state = status ? shownState(status) : 'unknown';
  // Without a central server the connection status beside it already says so: nothing to sync, no second line.
  if (status?.state === 'not_configured' && status.conflicts === 0 && page !== 'sync') return null;
  const announcement = said
    .map(({ key, count, lastSyncedAt }) =>
      t(key, { ...(count !== undefined ? { count } : {}), time: lastSyncedAt ? shortTime(lastSyncedAt) : '' }),
    )
    .join(' ');
  return (
    <li className={`status-item state sync-state-${state}`}>
      <button
        type="button"
        className="sync-indicator"
        aria-current={page === 'sync' ? 'page' : undefined}
        onClick={() => dispatch(pageOpened('sync'))}
      >
        <span className="dot" aria-hidden="true" />
        <span className="visually-hidden">{t('sync.bar.label')}: </span>
        <span className="status-value sync-indicator-text">{barText(t, status)}</span>
        {status && status.conflicts > 0 ? (
          <>
            <span className="visually-hidden">, </span>
            <span className="sync-conflict-count">{t('sync.bar.conflicts', { count: status.conflicts })}</span>
          </>
        ) : null}
      </button>
      <span className="visually-hidden" role="status">
        {active ? announcement : ''}
      </span>
    </li>
  );
}

export function StatusBar({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const station = useAppSelector((state) => state.station.status);
  const connectivity = station?.connectivity;
  const token = station?.token;
  return (
    <footer className="statusbar" aria-label={t('status.label')}>
      <ul className="status-items">
        <li className="status-item">
          <span className="status-label">{t('status.user')}:</span>{' '}
          <span className="status-value">
            {session.fullName}
          </span>
        </li>
        <li className="status-item">
          <span className="status-label">{t('status.roles')}:</span>{' '}
          <span className="status-value">{session.roles.map((role) => roleName(t, role)).join(', ')}</span>
        </li>
        <li className={`status-item state state-${connectivity ?? 'unknown'}`}>
          <span className="dot" aria-hidden="true" />
          <span className="status-value">{t(`status.connectivity.${connectivity ?? 'unknown'}`)}</span>
        </li>
        <SyncIndicator active={!session.locked} />
        <li className={`status-item state state-${token ?? 'unknown'}`}>
          <span className="dot" aria-hidden="true" />
          <span className="status-value">{t(`status.tokenState.${token ?? 'unknown'}`)}</span>
        </li>
      </ul>
      <div className="status-actions">
        <button type="button" className="button small" aria-keyshortcuts="Alt+L" onClick={() => void lockScreen(getClient(), dispatch)}>
          {t('status.lock')} <kbd aria-hidden="true">Alt+L</kbd>
        </button>
        <button type="button" className="button small" onClick={() => void signOut(getClient(), dispatch)}>
          {t('status.signOut')}
        </button>
      </div>
    </footer>
  );
}
