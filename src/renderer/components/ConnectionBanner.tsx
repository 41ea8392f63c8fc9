// Shown while the link to the workstation service is down (browser host: the socket closed).
import { useTranslation } from 'react-i18next';
import { useAppSelector } from '../store';

export function ConnectionBanner() {
  const { t } = useTranslation();
  const state = useAppSelector((s) => s.connection.state);
  if (state !== 'lost') return null;
  return (
    <div className="connection-banner" role="alert">
      <strong>{t('connection.lostTitle')}</strong> <span>{t('connection.lostBody')}</span>
    </div>
  );
}
