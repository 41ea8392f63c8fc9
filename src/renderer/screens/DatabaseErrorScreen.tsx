// The database could not be opened (corrupt, made by a newer version, unreadable). Say what, where,
// that the file was left untouched, and what to do. There is deliberately no button that could
// overwrite, repair or recreate the file.
import { useTranslation } from 'react-i18next';
import { useAppSelector } from '../store';
import { AuthLayout } from './AuthLayout';

export function DatabaseErrorScreen() {
  const { t } = useTranslation();
  const status = useAppSelector((state) => state.app.status);
  const problem = status?.databaseProblem;
  const kind = problem?.kind ?? 'unreadable';
  return (
    <AuthLayout wide title={t('databaseError.title')}>
      <div className="db-error" role="alert" aria-labelledby="db-error-title">
        <h1 id="db-error-title">{t('databaseError.title')}</h1>
        <p className="db-error-kind">{t(`databaseError.kind.${kind}`)}</p>
      </div>
      <dl className="facts">
        <div>
          <dt>{t('databaseError.path')}</dt>
          <dd>
            <code className="path">{problem?.path ?? '—'}</code>
          </dd>
        </div>
        <div>
          <dt>{t('databaseError.version')}</dt>
          <dd>{status?.version ?? '—'}</dd>
        </div>
      </dl>
      <p className="notice notice-safe">{t('databaseError.untouched')}</p>
      <h2>{t('databaseError.whatToDo')}</h2>
      <ol className="steps">
        {(t(`databaseError.steps.${kind}`, { returnObjects: true }) as unknown as string[]).map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      {problem?.detail ? (
        <details className="technical">
          <summary>{t('databaseError.detail')}</summary>
          <pre>{problem.detail}</pre>
        </details>
      ) : null}
    </AuthLayout>
  );
}
