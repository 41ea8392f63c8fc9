// Small read-outs the steps share: the term of a service, a request's deadline, and the applicant.
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/format';
import type { CatalogueEntry, DeadlineInfo, Term } from '../../../shared/requests/api';
import { entityName, fullName } from '../registry/RecordCards';
import type { Lookup } from './store';

export function termWords(t: (key: string, params?: Record<string, unknown>) => string, term: Term): string {
  return t(`intake.term.${term.kind}`, { n: term.value });
}

/** The legal term for this channel and operation, and where it comes from. */
export function TermText({ entry, channel, operation }: { entry: CatalogueEntry; channel: string; operation: string | null }) {
  const { t } = useTranslation();
  const found =
    entry.terms.find((term) => term.channel === channel && term.operation === operation) ??
    (operation === null ? undefined : entry.terms.find((term) => term.channel === channel));
  if (entry.operations.length > 0 && operation === null) return <>{t('intake.term.dependsOnOperation')}</>;
  if (!found || !found.term) return <>{t('intake.term.byStandard')}</>;
  const words = termWords(t as never, found.term);
  if (found.source === 'standard_default' || found.source === 'configured') {
    return (
      <>
        {words} ({t(`intake.term.sources.${found.source}`)})
      </>
    );
  }
  return <>{words}</>;
}

/** A registered request's deadline: dd.MM.yyyy HH:mm (Almaty time), or why there is none. */
export function DeadlineText({ deadline }: { deadline: DeadlineInfo }) {
  const { t } = useTranslation();
  if (deadline.at) return <>{t('intake.term.deadlineAt', { time: formatDateTime(deadline.at) })}</>;
  return <>{t('intake.term.byStandard')}</>;
}

/** "Name, IIN …" / "Organisation, BIN …" of a found applicant. */
export function applicantLine(
  t: (key: string, params?: Record<string, unknown>) => string,
  lookup: Lookup | null,
  language: string,
): string {
  if (!lookup || lookup.kind === 'noData') return '—';
  if (lookup.kind === 'person') return t('intake.applicant.personLine', { name: fullName(lookup.person), iin: lookup.id });
  return t('intake.applicant.entityLine', { name: entityName(lookup.entity, language), bin: lookup.id });
}
