// When the central server's registries are simulated (the built-in training server), a few of the
// synthetic people and organisations, so that a new user has someone to look up.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { SimulatorSamples } from '../../../shared/server-api';
import { entityName } from './RecordCards';
import { displayDate } from './format';

export function TrainingSamples({
  samples,
  onPerson,
  onEntity,
}: {
  samples: SimulatorSamples;
  onPerson(iin: string): void;
  onEntity(bin: string): void;
}) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  return (
    <aside className="samples" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('registry.samples.heading')}</h2>
      <p className="muted">{t('registry.samples.help')}</p>
      {samples.people.length > 0 ? (
        <>
          <h3>{t('registry.samples.people')}</h3>
          <ul className="sample-list">
            {samples.people.map((person) => (
              <li key={person.iin}>
                <button type="button" className="sample" onClick={() => onPerson(person.iin)}>
                  <span className="sample-name">
                    {person.surname} {person.name}
                  </span>
                  <span className="sample-facts">
                    {t('registry.samples.personFacts', { date: displayDate(person.birthDate), iin: person.iin })}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {samples.entities.length > 0 ? (
        <>
          <h3>{t('registry.samples.entities')}</h3>
          <ul className="sample-list">
            {samples.entities.map((entity) => (
              <li key={entity.bin}>
                <button type="button" className="sample" onClick={() => onEntity(entity.bin)}>
                  <span className="sample-name">{entityName(entity, i18n.language)}</span>
                  <span className="sample-facts">{t('registry.samples.entityFacts', { bin: entity.bin })}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </aside>
  );
}
