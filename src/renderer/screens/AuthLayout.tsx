// The frame of the screens shown before the shell: the product's name, the language switch and
// one centred card.
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSelect } from '../components/LanguageSelect';

export function AuthLayout({ children, wide, title }: { children: ReactNode; wide?: boolean; title: string }) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${title} — ${t('app.name')}`;
  }, [t, title]);
  return (
    <div className="auth-layout">
      <header className="auth-header">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            Q
          </span>
          <span className="brand-text">
            <span className="brand-name">{t('app.name')}</span>
            <span className="brand-tagline">{t('app.tagline')}</span>
          </span>
        </div>
        <LanguageSelect />
      </header>
      <main className={`auth-card${wide ? ' auth-card-wide' : ''}`} id="main-content">
        {children}
      </main>
    </div>
  );
}
