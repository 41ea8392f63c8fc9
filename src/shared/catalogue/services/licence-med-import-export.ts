// «Қазақстан Республикасында тіркелген және тіркелмеген дәрілік заттарды, медициналық мақсаттағы
// бұйымдарды және медициналық техниканы әкелуді/әкетуді келісу» — approval of import/export of
// medicines, medical products and medical equipment. Regulation note 004 (Minister of Health order 164);
// standard: Government decree 156 (its para 7 gives the 5- or 3-working-day term; not in the text).
// Fields: direction, the three kinds of goods and "registered / unregistered" come from the service's
// name (004 §12); the country, counterparty, purpose and the goods list's details are what the counter
// asks for (the request form is on www.elicense.kz and not reproduced, 004 §5).
import { defineService } from '../types';

export const licenceMedImportExport = defineService({
  code: 'licence.med-import-export',
  names: {
    kk: 'Қазақстан Республикасында тіркелген және тіркелмеген дәрілік заттарды, медициналық мақсаттағы бұйымдарды және медициналық техниканы әкелуді/әкетуді келісу',
    ru: 'Согласование ввоза/вывоза зарегистрированных и не зарегистрированных в Республике Казахстан лекарственных средств, изделий медицинского назначения и медицинской техники',
    en: 'Approval of import/export of registered and unregistered medicines, medical products and medical equipment',
  },
  provider: {
    kk: 'ҚР Денсаулық сақтау министрлігінің Медициналық және фармацевтикалық қызметті бақылау комитеті және оның аумақтық бөлімшелері',
    ru: 'Комитет контроля медицинской и фармацевтической деятельности Министерства здравоохранения РК и его территориальные подразделения',
    en: 'Committee for Control of Medical and Pharmaceutical Activity of the Ministry of Health and its territorial units',
  },
  legalBasis: [
    {
      kind: 'regulation',
      title: {
        kk: '«Қазақстан Республикасында тіркелген және тіркелмеген дәрілік заттарды, медициналық мақсаттағы бұйымдарды және медициналық техниканы әкелуді/әкетуді келісу» электрондық мемлекеттік қызмет регламенті',
        ru: 'Регламент электронной государственной услуги «Согласование ввоза/вывоза зарегистрированных и не зарегистрированных в Республике Казахстан лекарственных средств, изделий медицинского назначения и медицинской техники»',
        en: 'Regulation of the electronic state service "Approval of import/export of medicines, medical products and medical equipment"',
      },
      issuer: {
        kk: 'Қазақстан Республикасының Денсаулық сақтау министрі',
        ru: 'Министр здравоохранения Республики Казахстан',
        en: 'Minister of Health of the Republic of Kazakhstan',
      },
      date: '2013-03-20',
      number: '164',
      registered: { date: '2013-04-15', number: '8428' },
      repealed: { date: '2014-05-26', number: '282' },
      source: '004 §0',
    },
    {
      kind: 'standard',
      title: {
        kk: '«Қазақстан Республикасында тіркелген және тіркелмеген дәрілік заттарды, медициналық мақсаттағы бұйымдарды және медициналық техниканы әкелуді/әкетуді келісу» мемлекеттік қызмет стандарты',
        ru: 'Стандарт государственной услуги «Согласование ввоза/вывоза зарегистрированных и не зарегистрированных в Республике Казахстан лекарственных средств, изделий медицинского назначения и медицинской техники»',
        en: 'State service standard "Approval of import/export of medicines, medical products and medical equipment"',
      },
      issuer: {
        kk: 'Қазақстан Республикасының Үкіметі',
        ru: 'Правительство Республики Казахстан',
        en: 'Government of the Republic of Kazakhstan',
      },
      date: '2013-02-20',
      number: '156',
      source: '004 §1 (amends decrees 745 and 1262)',
    },
  ],
  automation: 'partial',
  roles: ['licensing_officer'],
  channels: ['portal', 'walk_in'],
  portals: ['www.elicense.kz'],
  applicant: 'person_or_organisation',
  // The portal also queries the integrated tax system (ЫСАЖ), for which the central server has no registry.
  lookups: ['individuals', 'legal_entities'],
  deadline: {
    kind: 'by_standard',
    defaultWorkingDays: 5,
    choices: [5, 3],
    note: {
      kk: 'Стандарттың 7-тармағына сәйкес 5 жұмыс күні немесе 3 жұмыс күні; қай жағдайда қайсысы қолданылатыны регламент мәтінінде айтылмаған.',
      ru: 'Согласно пункту 7 стандарта — 5 или 3 рабочих дня; в каком случае какой срок, в тексте регламента не сказано.',
      en: '5 or 3 working days under paragraph 7 of the standard; the text does not say which case gets which.',
    },
    source: '004 §6; Annex 2 T1#11, T2#9',
  },
  fields: [
    {
      id: 'direction',
      label: { kk: 'Бағыты', ru: 'Направление', en: 'Direction' },
      type: 'select',
      required: true,
      options: [
        { value: 'import', label: { kk: 'Әкелу', ru: 'Ввоз', en: 'Import' } },
        { value: 'export', label: { kk: 'Әкету', ru: 'Вывоз', en: 'Export' } },
      ],
    },
    {
      id: 'country',
      label: { kk: 'Шығарылған немесе баратын елі', ru: 'Страна происхождения или назначения', en: 'Country of origin or destination' },
      type: 'text',
      required: true,
      maxLength: 100,
    },
    {
      id: 'counterparty',
      label: { kk: 'Контрагент (жеткізуші немесе алушы)', ru: 'Контрагент (поставщик или получатель)', en: 'Counterparty (supplier or consignee)' },
      type: 'text',
      required: false,
      maxLength: 300,
    },
    {
      id: 'purpose',
      label: { kk: 'Әкелу (әкету) мақсаты', ru: 'Цель ввоза (вывоза)', en: 'Purpose' },
      type: 'textarea',
      required: false,
      maxLength: 1000,
    },
    {
      id: 'goods',
      label: { kk: 'Тауарлар тізбесі', ru: 'Перечень товаров', en: 'Goods' },
      type: 'list',
      required: true,
      minItems: 1,
      maxItems: 200,
      itemFields: [
        {
          id: 'name',
          label: { kk: 'Атауы', ru: 'Наименование', en: 'Name' },
          type: 'text',
          required: true,
          maxLength: 300,
        },
        {
          id: 'category',
          label: { kk: 'Санаты', ru: 'Категория', en: 'Category' },
          type: 'select',
          required: true,
          options: [
            { value: 'medicine', label: { kk: 'Дәрілік зат', ru: 'Лекарственное средство', en: 'Medicine' } },
            { value: 'medical_product', label: { kk: 'Медициналық мақсаттағы бұйым', ru: 'Изделие медицинского назначения', en: 'Medical product' } },
            { value: 'medical_equipment', label: { kk: 'Медициналық техника', ru: 'Медицинская техника', en: 'Medical equipment' } },
          ],
        },
        {
          id: 'registration',
          label: { kk: 'Қазақстан Республикасында тіркелуі', ru: 'Регистрация в Республике Казахстан', en: 'Registration in Kazakhstan' },
          type: 'select',
          required: true,
          options: [
            { value: 'registered', label: { kk: 'Тіркелген', ru: 'Зарегистрировано', en: 'Registered' } },
            { value: 'unregistered', label: { kk: 'Тіркелмеген', ru: 'Не зарегистрировано', en: 'Unregistered' } },
          ],
        },
        {
          id: 'quantity',
          label: { kk: 'Саны', ru: 'Количество', en: 'Quantity' },
          type: 'number',
          required: true,
          min: 1,
          max: 1_000_000_000,
        },
        {
          id: 'unit',
          label: { kk: 'Өлшем бірлігі', ru: 'Единица измерения', en: 'Unit' },
          type: 'text',
          required: true,
          maxLength: 30,
        },
        {
          id: 'manufacturer',
          label: { kk: 'Өндірушісі', ru: 'Производитель', en: 'Manufacturer' },
          type: 'text',
          required: false,
          maxLength: 300,
        },
      ],
    },
  ],
  documents: [
    {
      code: 'standard_documents',
      names: {
        kk: 'Стандартта көзделген қажетті құжаттар',
        ru: 'Необходимые документы, предусмотренные стандартом',
        en: 'Documents required by the standard',
      },
      mandatory: true,
      presentation: ['original', 'electronic'],
      perStandard: {},
      source: '004 §5, §6 ("necessary documents"; no list and no paragraph given)',
    },
  ],
  payment: {
    required: false,
    checkedOn: [],
    note: {
      kk: 'Регламентте ақы төлеу қадамы да, сомасы да жоқ.',
      ru: 'В регламенте нет ни шага оплаты, ни суммы.',
      en: 'The regulation has neither a payment step nor a fee.',
    },
    source: '004 §6 (fees not mentioned)',
  },
  results: [
    {
      kind: 'import_export_approval',
      names: {
        kk: 'Әкелуді (әкетуді) келісу, электрондық құжат',
        ru: 'Согласование ввоза (вывоза), электронный документ',
        en: 'Import/export approval (electronic document)',
      },
      form: 'electronic',
      channels: ['portal', 'walk_in'],
      signedBy: 'authorised_signer',
      journal: 'issued_documents',
      source: '004 §3 process 11, §4 process 9, §6',
    },
  ],
  refusalGrounds: [
    { code: 'applicant_data_unavailable', stage: 'registry_lookup', source: '004 §3 condition 2, process 5; §4 condition 2, process 5' },
    { code: 'signature_not_confirmed', stage: 'signature_check', channels: ['portal'], source: '004 §3 condition 3, process 7' },
    {
      code: 'grounds_not_met',
      stage: 'review',
      names: {
        kk: 'Әкелуді (әкетуді) келісу үшін негіздемелерге сәйкес келмейді',
        ru: 'Несоответствие основаниям для согласования ввоза (вывоза)',
        en: 'The grounds for approving the import or export are not met',
      },
      source: '004 §3 condition 4, process 10; §4 condition 3, process 8',
    },
    { code: 'other', stage: 'review', source: '004 §6 (the substantive grounds are in the standard)' },
  ],
  // The result step's term is the deadline above (5 or 3 working days); the refusal steps have no value in the source.
  stepNorms: [
    { step: 'sign_in', channel: 'portal', actor: 'applicant', norm: { min: 10, value: 15, unit: 'seconds' }, source: '004 Annex 2 T1#1' },
    { step: 'sign_in_refusal', channel: 'portal', actor: 'portal', norm: { value: 20, unit: 'seconds' }, source: '004 Annex 2 T1#2' },
    { step: 'compose_request', channel: 'portal', actor: 'applicant', norm: { value: 1.5, unit: 'minutes' }, source: '004 Annex 2 T1#3' },
    { step: 'registry_query', channel: 'portal', actor: 'registry', norm: { value: 1.5, unit: 'minutes' }, source: '004 Annex 2 T1#4' },
    { step: 'registry_no_data', channel: 'portal', actor: 'portal', norm: { value: 1.5, unit: 'minutes' }, source: '004 Annex 2 T1#5' },
    { step: 'select_signature', channel: 'portal', actor: 'applicant', norm: { min: 10, value: 15, unit: 'seconds' }, source: '004 Annex 2 T1#6' },
    { step: 'signature_refusal', channel: 'portal', actor: 'portal', norm: { min: 10, value: 15, unit: 'seconds' }, source: '004 Annex 2 T1#7' },
    { step: 'sign_and_send', channel: 'portal', actor: 'applicant', norm: { value: 1.5, unit: 'minutes' }, source: '004 Annex 2 T1#8' },
    { step: 'register_request', channel: 'portal', actor: 'workstation', norm: { value: 1.5, unit: 'minutes' }, source: '004 Annex 2 T1#9' },
    { step: 'sign_in', channel: 'walk_in', actor: 'staff', norm: { min: 10, value: 15, unit: 'seconds' }, source: '004 Annex 2 T2#1' },
    { step: 'sign_in_refusal', channel: 'walk_in', actor: 'workstation', norm: { value: 10, unit: 'seconds' }, source: '004 Annex 2 T2#2' },
    { step: 'select_service', channel: 'walk_in', actor: 'staff', norm: { value: 1.5, unit: 'minutes' }, source: '004 Annex 2 T2#3' },
    { step: 'registry_query', channel: 'walk_in', actor: 'registry', norm: { value: 1.5, unit: 'minutes' }, source: '004 Annex 2 T2#4' },
    { step: 'registry_no_data', channel: 'walk_in', actor: 'workstation', norm: { value: 1.5, unit: 'minutes' }, source: '004 Annex 2 T2#5' },
    { step: 'fill_request', channel: 'walk_in', actor: 'staff', norm: { min: 10, value: 15, unit: 'seconds' }, source: '004 Annex 2 T2#6' },
    { step: 'register_request', channel: 'walk_in', actor: 'workstation', norm: { value: 1.5, unit: 'minutes' }, source: '004 Annex 2 T2#7' },
  ],
});
