// Who is signed in, with which roles, whether the central server and the signing token are there;
// and the Lock and Sign out buttons.
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../shared/api/contract';
import { getClient } from '../api/client';
import { roleName } from '../i18n';
import { useAppDispatch, useAppSelector } from '../store';
import { lockScreen, signOut } from '../store/actions';

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
