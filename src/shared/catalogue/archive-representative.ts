// What the two archive services of note 002 (archival reference, apostille) ask alike: a representative
// who applies under a power of attorney, and that power of attorney's data when it is notarised.
import type { FieldDefinition } from './types';

export const REPRESENTATIVE_FIELDS: readonly FieldDefinition[] = [
  {
    id: 'byRepresentative',
    label: { kk: 'Сенімхат бойынша өкіл жүгінді', ru: 'Обращается представитель по доверенности', en: 'A representative applies under a power of attorney' },
    type: 'checkbox',
    required: false,
  },
  {
    id: 'representativeIin',
    label: { kk: 'Өкілдің ЖСН', ru: 'ИИН представителя', en: "Representative's IIN" },
    type: 'iin',
    required: true,
    when: { field: 'byRepresentative', equals: true },
  },
  {
    // The power of attorney's data are entered only when it is notarised (002 §3.4 and §4.4, process 2).
    id: 'powerOfAttorneyNotarised',
    label: { kk: 'Сенімхатты нотариус куәландырған', ru: 'Доверенность удостоверена нотариально', en: 'The power of attorney is notarised' },
    type: 'checkbox',
    required: false,
    when: { field: 'byRepresentative', equals: true },
  },
  {
    id: 'powerOfAttorneyNumber',
    label: { kk: 'Сенімхаттың тіркеу нөмірі', ru: 'Регистрационный номер доверенности', en: 'Power of attorney number' },
    type: 'text',
    required: true,
    maxLength: 50,
    when: { field: 'powerOfAttorneyNotarised', equals: true },
  },
  {
    id: 'powerOfAttorneyDate',
    label: { kk: 'Сенімхаттың берілген күні', ru: 'Дата выдачи доверенности', en: 'Power of attorney date' },
    type: 'date',
    required: true,
    notAfterToday: true,
    when: { field: 'powerOfAttorneyNotarised', equals: true },
  },
];
