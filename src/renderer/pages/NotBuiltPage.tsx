// A section that is not built yet: its name, what will be there, and an honest "not built yet".
import { useTranslation } from 'react-i18next';
import type { PageId } from '../store/navSlice';

export function NotBuiltPage({ page }: { page: Exclude<PageId, 'settings'> }) {
  const { t } = useTranslation();
  const planned = t(`pages.${page}.planned`, { returnObjects: true }) as unknown as string[];
  return (
    <section className="page-section" aria-labelledby={`page-${page}-title`}>
      <h1 id={`page-${page}-title`} tabIndex={-1}>
        {t(`nav.${page}`)}
      </h1>
      <p className="lead">{t(`pages.${page}.intro`)}</p>
      <div className="notice notice-info">
        <p className="notice-title">{t('pages.notBuiltTitle')}</p>
        <p>{t('pages.notBuilt')}</p>
      </div>
      <h2>{t('pages.plannedHeading')}</h2>
      <ul className="planned">
        {planned.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </section>
  );
}
