// «Бұқаралық ақпарат құралдарын есепке қою» — registration of mass media.
// Regulation note 002, service M (Minister of Culture and Information order 178, Annex 3);
// standard: Government decree 1278 (not in the text: fee, term, document list).
// Fields: the regulation names none; the kind of medium, its name, languages, territory, frequency,
// subject matter and editor are what the counter asks for.
import { defineService } from '../types';

export const mediaRegistration = defineService({
  code: 'media.registration',
  names: {
    kk: 'Бұқаралық ақпарат құралдарын есепке қою',
    ru: 'Постановка на учёт средств массовой информации',
    en: 'Registration of mass media',
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
        kk: '«Бұқаралық ақпарат құралдарын есепке қою» электрондық мемлекеттік қызмет регламенті',
        ru: 'Регламент электронной государственной услуги «Постановка на учёт средств массовой информации»',
        en: 'Regulation of the electronic state service "Registration of mass media"',
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
        kk: '«Бұқаралық ақпарат құралдарын есепке қою» мемлекеттік қызмет стандарты',
        ru: 'Стандарт государственной услуги «Постановка на учёт средств массовой информации»',
        en: 'State service standard "Registration of mass media"',
      },
      issuer: {
        kk: 'Қазақстан Республикасының Үкіметі',
        ru: 'Правительство Республики Казахстан',
        en: 'Government of the Republic of Kazakhstan',
      },
      date: '2012-10-09',
      number: '1278',
      source: '002 §0, §5.1',
    },
  ],
  automation: 'partial',
  roles: ['licensing_officer'],
  channels: ['portal', 'walk_in'],
  portals: ['www.e.gov.kz'],
  applicant: 'person_or_organisation',
  lookups: ['individuals', 'legal_entities', 'payments'],
  deadline: {
    kind: 'by_standard',
    note: {
      kk: 'Қызмет көрсету мерзімі регламентте жоқ: ол № 1278 стандартта белгіленген және баптауларда көрсетіледі.',
      ru: 'Срок оказания услуги в регламенте не указан: он установлен стандартом № 1278 и задаётся в настройках.',
      en: 'The regulation does not state the term: it is in standard No. 1278 and is configured.',
    },
    source: '002 §5.5 (deadline not stated)',
  },
  fields: [
    {
      id: 'mediaKind',
      label: { kk: 'БАҚ түрі', ru: 'Вид СМИ', en: 'Kind of medium' },
      type: 'select',
      required: true,
      options: [
        { value: 'periodical', label: { kk: 'Мерзімді баспасөз басылымы', ru: 'Периодическое печатное издание', en: 'Periodical print publication' } },
        { value: 'tv_channel', label: { kk: 'Телеарна', ru: 'Телеканал', en: 'TV channel' } },
        { value: 'radio_channel', label: { kk: 'Радиоарна', ru: 'Радиоканал', en: 'Radio channel' } },
        { value: 'news_agency', label: { kk: 'Ақпарат агенттігі', ru: 'Информационное агентство', en: 'News agency' } },
        { value: 'online', label: { kk: 'Желілік басылым (интернет-ресурс)', ru: 'Сетевое издание (интернет-ресурс)', en: 'Online publication' } },
      ],
    },
    {
      id: 'title',
      label: { kk: 'БАҚ-тың атауы', ru: 'Название СМИ', en: 'Name of the medium' },
      type: 'text',
      required: true,
      maxLength: 200,
    },
    {
      id: 'languages',
      label: { kk: 'Тарату тілдері', ru: 'Языки распространения', en: 'Languages' },
      type: 'multiselect',
      required: true,
      options: [
        { value: 'kk', label: { kk: 'Қазақ тілі', ru: 'Казахский', en: 'Kazakh' } },
        { value: 'ru', label: { kk: 'Орыс тілі', ru: 'Русский', en: 'Russian' } },
        { value: 'en', label: { kk: 'Ағылшын тілі', ru: 'Английский', en: 'English' } },
        { value: 'other', label: { kk: 'Басқа тіл', ru: 'Другой язык', en: 'Another language' } },
      ],
    },
    {
      id: 'territory',
      label: { kk: 'Тарату аумағы', ru: 'Территория распространения', en: 'Distribution territory' },
      type: 'text',
      required: true,
      maxLength: 300,
    },
    {
      id: 'frequency',
      label: { kk: 'Шығу жиілігі', ru: 'Периодичность выпуска', en: 'Frequency' },
      type: 'text',
      required: false,
      maxLength: 100,
    },
    {
      id: 'subjectMatter',
      label: { kk: 'Тақырыптық бағыты', ru: 'Тематическая направленность', en: 'Subject matter' },
      type: 'textarea',
      required: true,
      maxLength: 1000,
    },
    {
      id: 'editorInChief',
      label: { kk: 'Бас редактордың тегі, аты, әкесінің аты', ru: 'Фамилия, имя, отчество главного редактора', en: 'Editor-in-chief' },
      type: 'text',
      required: false,
      maxLength: 200,
    },
  ],
  documents: [
    {
      code: 'standard_documents',
      names: {
        kk: 'Стандарттың 11-тармағында көрсетілген құжаттар',
        ru: 'Документы, указанные в пункте 11 стандарта',
        en: 'Documents listed in paragraph 11 of the standard',
      },
      mandatory: true,
      presentation: ['original', 'copy', 'electronic'],
      perStandard: { paragraph: '11' },
      source: '002 §5.2 process 3 (electronic copies), §5.3 process 5, §5.5',
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
    source: '002 §5.2 (process 4, condition 2, process 5), §5.5',
  },
  results: [
    {
      kind: 'media_registration_notification',
      names: {
        kk: 'Бұқаралық ақпарат құралын есепке қою туралы хабарлама',
        ru: 'Уведомление о постановке на учёт средства массовой информации',
        en: 'Notification of the registration of the mass medium',
      },
      form: 'electronic',
      channels: ['portal'],
      signedBy: 'authorised_signer',
      journal: 'issued_documents',
      source: '002 §5.2 process 11',
    },
    {
      // The form of the certificate is not stated; it is handed over at the counter (002 §5.3 process 8).
      kind: 'media_registration_certificate',
      names: {
        kk: 'Бұқаралық ақпарат құралын есепке қою туралы куәлік',
        ru: 'Свидетельство о постановке на учёт средства массовой информации',
        en: 'Certificate of registration of the mass medium',
      },
      form: 'paper',
      channels: ['walk_in'],
      signedBy: 'authorised_signer',
      journal: 'issued_documents',
      source: '002 §5.3 process 8, §5.5',
    },
  ],
  refusalGrounds: [
    { code: 'applicant_data_unavailable', stage: 'registry_lookup', channels: ['walk_in'], source: '002 §5.3 process 4' },
    { code: 'payment_missing', stage: 'payment_check', channels: ['portal'], source: '002 §5.2 condition 2, process 5' },
    { code: 'signature_not_confirmed', stage: 'signature_check', channels: ['portal'], source: '002 §5.2 condition 3, process 7' },
    {
      code: 'grounds_not_met',
      stage: 'review',
      names: {
        kk: 'Есепке қою негіздеріне сәйкес келмейді',
        ru: 'Несоответствие основаниям для постановки на учёт',
        en: 'The grounds for registration are not met',
      },
      source: '002 §5.2 condition 4, process 10',
    },
    { code: 'documents_invalid', stage: 'review', channels: ['walk_in'], source: '002 §5.3 condition 2, process 7' },
    { code: 'other', stage: 'review', source: '002 §5.5 (the full list is in standard No. 1278)' },
  ],
  stepNorms: [
    { step: 'sign_in', channel: 'portal', actor: 'applicant', norm: { min: 10, value: 15, unit: 'seconds' }, source: '002 Annex 2 (M) T1#1' },
    { step: 'sign_in_refusal', channel: 'portal', actor: 'portal', norm: { value: 20, unit: 'seconds' }, source: '002 Annex 2 (M) T1#2' },
    { step: 'compose_request', channel: 'portal', actor: 'applicant', norm: { value: 1.5, unit: 'minutes' }, source: '002 Annex 2 (M) T1#3' },
    { step: 'payment', channel: 'portal', actor: 'payment_gateway', norm: { value: 1.5, unit: 'minutes' }, source: '002 Annex 2 (M) T1#4' },
    { step: 'payment_refusal', channel: 'portal', actor: 'portal', norm: { value: 20, unit: 'seconds' }, source: '002 Annex 2 (M) T1#5' },
    { step: 'sign_in', channel: 'walk_in', actor: 'staff', norm: { min: 10, value: 15, unit: 'seconds' }, source: '002 Annex 2 (M) T2#1' },
    { step: 'select_service', channel: 'walk_in', actor: 'staff', norm: { value: 10, unit: 'seconds' }, source: '002 Annex 2 (M) T2#2' },
    { step: 'registry_query', channel: 'walk_in', actor: 'staff', norm: { value: 1.5, unit: 'minutes' }, source: '002 Annex 2 (M) T2#3' },
    { step: 'registry_no_data', channel: 'walk_in', actor: 'registry', norm: { min: 10, value: 15, unit: 'seconds' }, source: '002 Annex 2 (M) T2#4' },
    { step: 'fill_request', channel: 'walk_in', actor: 'staff', norm: { min: 10, value: 15, unit: 'seconds' }, source: '002 Annex 2 (M) T2#5' },
  ],
});
