// «Мемлекеттік мұрағаттардан шығатын және шетелге жіберілетін мұрағаттық анықтамалар мен мұрағаттық
// құжаттардың көшірмелерін апостильдеу» — apostille of archival references and copies sent abroad.
// Regulation note 002, service A (Minister of Culture and Information order 178, Annex 1);
// standard: Government decree 1278 (not in the text: fee, term, document list).
// Fields: the document kind (reference or copy) comes from the service's name, the representative and
// the notarised power of attorney from 002 §3.4; the document's details, the destination country and
// the number of copies are what the counter asks for.
import { REPRESENTATIVE_FIELDS } from '../archive-representative';
import { defineService } from '../types';

export const archiveApostille = defineService({
  code: 'archive.apostille',
  names: {
    kk: 'Қазақстан Республикасының мемлекеттік мұрағаттарынан шығатын және шетелге жіберілетін мұрағаттық анықтамалар мен мұрағаттық құжаттардың көшірмелерін апостильдеу',
    ru: 'Апостилирование архивных справок и копий архивных документов, исходящих из государственных архивов Республики Казахстан и направляемых за рубеж',
    en: 'Apostille of archival references and copies of archival documents issued by the state archives of Kazakhstan and sent abroad',
  },
  provider: {
    kk: 'Қазақстан Республикасы Мәдениет және ақпарат министрлігінің Ақпарат және мұрағат комитеті',
    ru: 'Комитет информации и архивов Министерства культуры и информации Республики Казахстан',
    en: 'Committee of Information and Archives of the Ministry of Culture and Information',
  },
  legalBasis: [
    {
      kind: 'regulation',
      title: {
        kk: '«Қазақстан Республикасының мемлекеттік мұрағаттарынан шығатын және шетелге жіберілетін мұрағаттық анықтамалар мен мұрағаттық құжаттардың көшірмелерін апостильдеу» электрондық мемлекеттік қызмет регламенті',
        ru: 'Регламент электронной государственной услуги «Апостилирование архивных справок и копий архивных документов, исходящих из государственных архивов Республики Казахстан и направляемых за рубеж»',
        en: 'Regulation of the electronic state service "Apostille of archival references and copies of archival documents sent abroad"',
      },
      issuer: {
        kk: 'Қазақстан Республикасының Мәдениет және ақпарат министрі',
        ru: 'Министр культуры и информации Республики Казахстан',
        en: 'Minister of Culture and Information of the Republic of Kazakhstan',
      },
      date: '2012-11-07',
      number: '178',
      registered: { date: '2012-12-10', number: '8141' },
      repealed: { date: '2016-04-11', number: '100' },
      source: '002 §0',
    },
    {
      kind: 'standard',
      title: {
        kk: '«Қазақстан Республикасының мемлекеттік мұрағаттарынан шығатын және шетелге жіберілетін мұрағаттық анықтамалар мен мұрағаттық құжаттардың көшірмелерін апостильдеу» мемлекеттік қызмет стандарты',
        ru: 'Стандарт государственной услуги «Апостилирование архивных справок и копий архивных документов, исходящих из государственных архивов Республики Казахстан и направляемых за рубеж»',
        en: 'State service standard "Apostille of archival references and copies of archival documents sent abroad"',
      },
      issuer: {
        kk: 'Қазақстан Республикасының Үкіметі',
        ru: 'Правительство Республики Казахстан',
        en: 'Government of the Republic of Kazakhstan',
      },
      date: '2012-10-09',
      number: '1278',
      source: '002 §0, §3.1',
    },
  ],
  automation: 'partial',
  roles: ['archivist'],
  channels: ['portal', 'walk_in', 'service_centre'],
  portals: ['www.e.gov.kz'],
  applicant: 'person_or_organisation',
  lookups: ['individuals', 'legal_entities', 'powers_of_attorney', 'payments'],
  deadline: {
    kind: 'by_standard',
    note: {
      kk: 'Қызмет көрсету мерзімі регламентте жоқ: ол № 1278 стандартта белгіленген және баптауларда көрсетіледі.',
      ru: 'Срок оказания услуги в регламенте не указан: он установлен стандартом № 1278 и задаётся в настройках.',
      en: 'The regulation does not state the term: it is in standard No. 1278 and is configured.',
    },
    source: '002 §3.6 (deadlines: only per-action times)',
  },
  fields: [
    {
      id: 'documentKind',
      label: { kk: 'Апостиль қойылатын құжат', ru: 'Документ для апостилирования', en: 'Document to be apostilled' },
      type: 'select',
      required: true,
      options: [
        { value: 'archival_reference', label: { kk: 'Мұрағаттық анықтама', ru: 'Архивная справка', en: 'Archival reference' } },
        { value: 'archival_copy', label: { kk: 'Мұрағаттық құжаттың көшірмесі', ru: 'Копия архивного документа', en: 'Copy of an archival document' } },
      ],
    },
    {
      id: 'documentNumber',
      label: { kk: 'Құжаттың нөмірі', ru: 'Номер документа', en: 'Document number' },
      type: 'text',
      required: false,
      maxLength: 50,
    },
    {
      id: 'documentDate',
      label: { kk: 'Құжаттың күні', ru: 'Дата документа', en: 'Document date' },
      type: 'date',
      required: false,
      notAfterToday: true,
    },
    {
      id: 'issuingArchive',
      label: { kk: 'Құжатты берген мемлекеттік мұрағат', ru: 'Государственный архив, выдавший документ', en: 'State archive that issued the document' },
      type: 'text',
      required: true,
      maxLength: 300,
    },
    {
      id: 'destinationCountry',
      label: { kk: 'Құжат жіберілетін ел', ru: 'Страна, куда направляется документ', en: 'Country the document is sent to' },
      type: 'text',
      required: true,
      maxLength: 100,
    },
    {
      id: 'copies',
      label: { kk: 'Данасы', ru: 'Количество экземпляров', en: 'Number of copies' },
      type: 'number',
      required: true,
      min: 1,
      max: 20,
    },
    ...REPRESENTATIVE_FIELDS,
  ],
  documents: [
    {
      code: 'document_to_apostille',
      names: {
        kk: 'Апостиль қойылатын мұрағаттық анықтама немесе мұрағаттық құжаттың көшірмесі',
        ru: 'Архивная справка или копия архивного документа, на которые проставляется апостиль',
        en: 'The archival reference or copy to be apostilled',
      },
      mandatory: true,
      presentation: ['original'],
      channels: ['walk_in', 'service_centre'],
      source: '002 §3.1 (the service), §3.4 process 6 (sent to the provider by the centre courier)',
    },
    {
      code: 'power_of_attorney',
      names: { kk: 'Сенімхат', ru: 'Доверенность', en: 'Power of attorney' },
      mandatory: { field: 'byRepresentative', equals: true },
      presentation: ['original'],
      channels: ['walk_in', 'service_centre'],
      source: '002 §3.4 process 2',
    },
    {
      code: 'standard_documents',
      names: {
        kk: 'Стандарттың 11-тармағында көрсетілген құжаттар',
        ru: 'Документы, указанные в пункте 11 стандарта',
        en: 'Documents listed in paragraph 11 of the standard',
      },
      mandatory: true,
      presentation: ['original', 'electronic'],
      perStandard: { paragraph: '11' },
      source: '002 §3.2 process 3, §3.3 process 5, §3.6',
    },
  ],
  payment: {
    required: true,
    checkedOn: ['portal'],
    note: {
      kk: 'Төлем «электрондық үкіметтің» төлем шлюзі (ЭҮТШ) арқылы жасалады; сомасы регламентте жоқ, № 1278 стандартта белгіленген.',
      ru: 'Оплата производится через платёжный шлюз «электронного правительства» (ПШЭП); сумма в регламенте не указана, она установлена стандартом № 1278.',
      en: 'Paid through the e-government payment gateway; the amount is not in the regulation, it is set by standard No. 1278.',
    },
    source: '002 §3.2 process 4, condition 2, process 5; §3.6',
  },
  results: [
    {
      kind: 'apostille_readiness_notification',
      names: {
        kk: 'Апостиль мөртабанын басуға дайындығы туралы хабарлама',
        ru: 'Уведомление о готовности к проставлению апостиля',
        en: 'Notification that the apostille is ready to be affixed',
      },
      form: 'electronic',
      channels: ['portal'],
      signedBy: 'authorised_signer',
      journal: 'issued_documents',
      source: '002 §3.2 process 11',
    },
    {
      // The ten-field Hague model and the register that can be checked by number and date: README (public facts).
      kind: 'apostille',
      names: {
        kk: 'Апостиль (мөртабан басылды)',
        ru: 'Апостиль (штамп проставлен)',
        en: 'Apostille affixed',
      },
      form: 'paper',
      channels: ['portal', 'walk_in', 'service_centre'],
      signedBy: 'authorised_signer',
      journal: 'apostille_register',
      source: '002 §3.3 process 8, §3.4 process 9; README (apostille register)',
    },
  ],
  refusalGrounds: [
    { code: 'applicant_data_unavailable', stage: 'registry_lookup', channels: ['walk_in', 'service_centre'], source: '002 §3.3 process 4, §3.4 process 4' },
    { code: 'power_of_attorney_unavailable', stage: 'registry_lookup', channels: ['service_centre'], source: '002 §3.4 condition 1, process 4' },
    { code: 'payment_missing', stage: 'payment_check', channels: ['portal'], source: '002 §3.2 condition 2, process 5' },
    { code: 'signature_not_confirmed', stage: 'signature_check', channels: ['portal'], source: '002 §3.2 condition 3, process 7' },
    {
      code: 'grounds_not_met',
      stage: 'review',
      names: {
        kk: 'Мұрағаттық анықтамаға апостиль қою үшін негіздерге сәйкес келмейді',
        ru: 'Несоответствие основаниям для проставления апостиля на архивную справку',
        en: 'The grounds for affixing an apostille are not met',
      },
      source: '002 §3.2 condition 4, process 10',
    },
    { code: 'documents_invalid', stage: 'review', channels: ['walk_in', 'service_centre'], source: '002 §3.3 condition 2, process 7; §3.4 process 8' },
    { code: 'other', stage: 'review', source: '002 §3.6 (the full list is in standard No. 1278)' },
  ],
  stepNorms: [
    { step: 'sign_in', channel: 'portal', actor: 'applicant', norm: { min: 10, value: 15, unit: 'seconds' }, source: '002 Annex 2 (A) T1#1' },
    { step: 'sign_in_refusal', channel: 'portal', actor: 'portal', norm: { value: 20, unit: 'seconds' }, source: '002 Annex 2 (A) T1#2' },
    { step: 'compose_request', channel: 'portal', actor: 'applicant', norm: { value: 1.5, unit: 'minutes' }, source: '002 Annex 2 (A) T1#3' },
    { step: 'payment', channel: 'portal', actor: 'payment_gateway', norm: { value: 1.5, unit: 'minutes' }, source: '002 Annex 2 (A) T1#4' },
    { step: 'payment_refusal', channel: 'portal', actor: 'portal', norm: { value: 20, unit: 'seconds' }, source: '002 Annex 2 (A) T1#5' },
    { step: 'sign_in', channel: 'walk_in', actor: 'staff', norm: { min: 10, value: 15, unit: 'seconds' }, source: '002 Annex 2 (A) T2#1' },
    { step: 'select_service', channel: 'walk_in', actor: 'staff', norm: { value: 10, unit: 'seconds' }, source: '002 Annex 2 (A) T2#2' },
    { step: 'registry_query', channel: 'walk_in', actor: 'staff', norm: { value: 1.5, unit: 'minutes' }, source: '002 Annex 2 (A) T2#3' },
    { step: 'registry_no_data', channel: 'walk_in', actor: 'registry', norm: { min: 10, value: 15, unit: 'seconds' }, source: '002 Annex 2 (A) T2#4' },
    { step: 'fill_request', channel: 'walk_in', actor: 'staff', norm: { min: 10, value: 15, unit: 'seconds' }, source: '002 Annex 2 (A) T2#5' },
    { step: 'sign_in', channel: 'service_centre', actor: 'centre_operator', norm: { min: 30, value: 60, unit: 'seconds' }, source: '002 Annex 2 (A) T3#1' },
    { step: 'select_service', channel: 'service_centre', actor: 'centre_operator', norm: { value: 30, unit: 'seconds' }, source: '002 Annex 2 (A) T3#2' },
    { step: 'registry_query', channel: 'service_centre', actor: 'centre_operator', norm: { value: 1.5, unit: 'minutes' }, source: '002 Annex 2 (A) T3#3' },
    { step: 'registry_no_data', channel: 'service_centre', actor: 'registry', norm: { value: 1.5, unit: 'minutes' }, source: '002 Annex 2 (A) T3#4' },
    { step: 'fill_request', channel: 'service_centre', actor: 'centre_operator', norm: { min: 30, value: 60, unit: 'seconds' }, source: '002 Annex 2 (A) T3#5' },
  ],
});
