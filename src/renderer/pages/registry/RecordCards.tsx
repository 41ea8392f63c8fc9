// What a registry answered, as cards: a person, an organisation (whose head can be looked up in
// turn), the people a name search found, and the regulation's "data cannot be obtained" notice.
// Every card says which registry answered and when, and whether the answer came from the cache.
import { useId, type ReactNode, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { RegistryAnswer } from '../../../shared/api/contract';
import { formatDateTime } from '../../../shared/format';
import type { LegalEntity, Person, RegistrySystem } from '../../../shared/registry';
import { addressText, ageText, countryText, displayDate } from './format';

export type Found<T> = Extract<RegistryAnswer<T>, { found: true }>;

/** Where an answer came from and when. */
export interface AnswerInfo {
  system: RegistrySystem;
  answeredAt: string;
  source: 'registry' | 'cache';
  ageSeconds?: number | undefined;
}

function Row({ label, children, mono }: { label: string; children: ReactNode; mono?: boolean }) {
  return (
    <div className="record-row">
      <dt>{label}</dt>
      <dd className={mono ? 'mono' : undefined}>{children}</dd>
    </div>
  );
}

/** At the top of a card from the cache, before anything is read from it: how old it is and what that means. */
export function CachedNote({ info }: { info: AnswerInfo }) {
  const { t } = useTranslation();
  if (info.source !== 'cache') return null;
  return (
    <p className="cached-note">
      <span className="badge badge-warn">{t('registry.source.cached', { age: ageText(t, info.ageSeconds ?? 0) })}</span>{' '}
      {t('registry.source.cachedHelp')}
    </p>
  );
}

export function AnswerMeta({ info }: { info: AnswerInfo }) {
  const { t } = useTranslation();
  const cached = info.source === 'cache';
  return (
    <div className={`answer-meta${cached ? ' answer-meta-cached' : ''}`}>
      <dl className="meta-list">
        <div>
          <dt>{t('registry.source.label')}</dt>
          <dd>
            {t(`registry.systems.${info.system}`)}
            {cached ? ` — ${t('registry.source.viaCache')}` : ''}
          </dd>
        </div>
        <div>
          <dt>{t('registry.source.answeredAt')}</dt>
          <dd>{t('registry.source.almatyTime', { time: formatDateTime(info.answeredAt) })}</dd>
        </div>
      </dl>
    </div>
  );
}

export function fullName(person: Pick<Person, 'surname' | 'name' | 'patronymic'>): string {
  return [person.surname, person.name, person.patronymic].filter(Boolean).join(' ');
}

export function PersonCard({
  person,
  info,
  headingRef,
}: {
  person: Person;
  info: AnswerInfo;
  headingRef?: Ref<HTMLHeadingElement> | undefined;
}) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const doc = person.document;
  return (
    <section className="card record-card" aria-labelledby={headingId}>
      <div className="record-header">
        <h2 id={headingId} ref={headingRef} tabIndex={-1}>
          {fullName(person)}
        </h2>
        <span className="badge badge-kind">{t('registry.person.kind')}</span>
        {person.deathDate ? <span className="badge badge-danger">{t('registry.person.deceased')}</span> : null}
      </div>
      <CachedNote info={info} />
      <dl className="record">
        <Row label={t('registry.person.fields.iin')} mono>
          {person.iin}
        </Row>
        <Row label={t('registry.person.fields.surname')}>{person.surname}</Row>
        <Row label={t('registry.person.fields.name')}>{person.name}</Row>
        <Row label={t('registry.person.fields.patronymic')}>{person.patronymic ?? t('registry.none')}</Row>
        <Row label={t('registry.person.fields.birthDate')}>{displayDate(person.birthDate)}</Row>
        <Row label={t('registry.person.fields.sex')}>{t(`registry.person.sex.${person.sex}`)}</Row>
        <Row label={t('registry.person.fields.citizenship')}>{countryText(t, person.citizenship, i18n.language)}</Row>
        <Row label={t('registry.person.fields.address')}>{addressText(t, person.address)}</Row>
        <Row label={t('registry.person.fields.documentType')}>{t(`registry.person.documentTypes.${doc.type}`)}</Row>
        <Row label={t('registry.person.fields.documentNumber')} mono>
          {doc.number}
        </Row>
        <Row label={t('registry.person.fields.documentIssuedOn')}>{displayDate(doc.issuedOn)}</Row>
        <Row label={t('registry.person.fields.documentIssuer')}>{doc.issuer}</Row>
        <Row label={t('registry.person.fields.death')}>
          {person.deathDate ? (
            <strong className="text-danger">{t('registry.person.died', { date: displayDate(person.deathDate) })}</strong>
          ) : (
            t('registry.person.noDeathMark')
          )}
        </Row>
      </dl>
      <AnswerMeta info={info} />
    </section>
  );
}

/** The organisation's short name in the UI language (Russian for English: the registry has kk and ru). */
export function entityName(entity: Pick<LegalEntity, 'shortNameKk' | 'shortNameRu'>, language: string): string {
  return language === 'kk' ? entity.shortNameKk : entity.shortNameRu;
}

export function EntityCard({
  entity,
  info,
  onOpenHead,
  busy,
  headingRef,
}: {
  entity: LegalEntity;
  info: AnswerInfo;
  onOpenHead(iin: string): void;
  busy: boolean;
  headingRef?: Ref<HTMLHeadingElement> | undefined;
}) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const headHelpId = useId();
  const active = entity.status === 'active';
  return (
    <section className="card record-card" aria-labelledby={headingId}>
      <div className="record-header">
        <h2 id={headingId} ref={headingRef} tabIndex={-1}>
          {entityName(entity, i18n.language)}
        </h2>
        <span className="badge badge-kind">{t('registry.entity.kind')}</span>
        <span className={`badge ${active ? 'badge-ok' : 'badge-danger'}`}>{t(`registry.entity.status.${entity.status}`)}</span>
      </div>
      <CachedNote info={info} />
      <dl className="record">
        <Row label={t('registry.entity.fields.bin')} mono>
          {entity.bin}
        </Row>
        <Row label={t('registry.entity.fields.fullNameKk')}>
          <span lang="kk">{entity.fullNameKk}</span>
        </Row>
        <Row label={t('registry.entity.fields.fullNameRu')}>
          <span lang="ru">{entity.fullNameRu}</span>
        </Row>
        <Row label={t('registry.entity.fields.shortNameKk')}>
          <span lang="kk">{entity.shortNameKk}</span>
        </Row>
        <Row label={t('registry.entity.fields.shortNameRu')}>
          <span lang="ru">{entity.shortNameRu}</span>
        </Row>
        <Row label={t('registry.entity.fields.legalForm')}>{entity.legalForm}</Row>
        <Row label={t('registry.entity.fields.head')}>
          <button
            type="button"
            className="link-button"
            onClick={() => onOpenHead(entity.headIin)}
            aria-describedby={headHelpId}
            aria-disabled={busy || undefined}
          >
            {entity.headName}, {t('registry.entity.headIin', { iin: entity.headIin })}
          </button>
          <span className="field-hint" id={headHelpId}>
            {t('registry.entity.headHelp')}
          </span>
        </Row>
        <Row label={t('registry.entity.fields.address')}>{addressText(t, entity.address)}</Row>
        <Row label={t('registry.entity.fields.registeredOn')}>{displayDate(entity.registeredOn)}</Row>
        <Row label={t('registry.entity.fields.status')}>{t(`registry.entity.status.${entity.status}`)}</Row>
      </dl>
      <AnswerMeta info={info} />
    </section>
  );
}

export function PersonMatches({
  answer,
  query,
  selected,
  onSelect,
  headingRef,
}: {
  answer: Found<Person[]>;
  query: string;
  selected: number | null;
  onSelect(index: number): void;
  headingRef?: Ref<HTMLHeadingElement> | undefined;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        {t('registry.matches.heading', { query, n: answer.record.length })}
      </h2>
      <CachedNote info={answer} />
      <p className="muted">{t('registry.matches.help')}</p>
      <ul className="match-list">
        {answer.record.map((person, index) => (
          <li key={person.iin}>
            <button
              type="button"
              className="match"
              aria-pressed={selected === index}
              onClick={() => onSelect(index)}
            >
              <span className="match-name">{fullName(person)}</span>
              <span className="match-facts">
                {t('registry.matches.facts', { date: displayDate(person.birthDate), iin: person.iin })}
              </span>
              {person.deathDate ? <span className="badge badge-danger">{t('registry.person.deceased')}</span> : null}
            </button>
          </li>
        ))}
      </ul>
      <AnswerMeta info={answer} />
    </section>
  );
}

/** Why no data: the registry has no such record, or it (or the way to it) did not answer. */
export type NoDataCause =
  | { kind: 'not_found'; subject: 'iin' | 'bin' | 'name'; value: string }
  | { kind: 'unavailable'; reason: string };

export function NoDataNotice({
  system,
  answeredAt,
  cause,
  onRetry,
  busy,
  headingRef,
}: {
  system: RegistrySystem;
  answeredAt: string | null;
  cause: NoDataCause;
  onRetry?: (() => void) | undefined;
  busy: boolean;
  headingRef?: Ref<HTMLHeadingElement> | undefined;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  let detail: string;
  if (cause.kind === 'not_found') {
    detail = t(`registry.noData.notFound.${cause.subject}`, { value: cause.value, system: t(`registry.systems.${system}`) });
  } else {
    const key = `registry.noData.reasons.${cause.reason}`;
    const known = ['not_configured', 'offline', 'timeout', 'server', 'rejected', 'bad_answer'].includes(cause.reason);
    detail = t(known ? key : 'registry.noData.reasons.other', { system: t(`registry.systems.${system}`) });
  }
  return (
    <section className="notice notice-nodata" role="alert" aria-labelledby={headingId}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        {t('registry.noData.title')}
      </h2>
      <p>{detail}</p>
      {cause.kind === 'unavailable' ? <p>{t('registry.noData.noCache')}</p> : null}
      {answeredAt ? (
        <p className="muted">
          {t('registry.noData.answeredBy', {
            system: t(`registry.systems.${system}`),
            time: formatDateTime(answeredAt),
          })}
        </p>
      ) : null}
      {onRetry ? (
        <div className="form-actions">
          <button type="button" className="button" onClick={onRetry} aria-disabled={busy || undefined}>
            {t('registry.noData.retry')}
          </button>
        </div>
      ) : null}
      <p className="refusal-note">{t('registry.noData.refusalNote')}</p>
    </section>
  );
}
