// While the service has not answered yet, and when there is no way to reach it at all.
import { useTranslation } from 'react-i18next';
import { AuthLayout } from './AuthLayout';

export function LoadingScreen() {
  const { t } = useTranslation();
  return (
    <div className="loading-screen" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{t('app.connecting')}</span>
    </div>
  );
}

export function NoConnectionScreen() {
  const { t } = useTranslation();
  return (
    <AuthLayout title={t('connection.unavailableTitle')}>
      <h1>{t('connection.unavailableTitle')}</h1>
      <p>{t('connection.unavailableBody')}</p>
      <p>{t('connection.unavailableHelp')}</p>
    </AuthLayout>
  );
}
