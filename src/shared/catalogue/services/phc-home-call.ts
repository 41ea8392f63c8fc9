// «Дәрігерді үйге шақыру» — calling a doctor home.
// Regulation note 000 (Akmola region akimat decree А-1/666, service 3); standard: Government decree 1294.
// Fields: the regulation names none; address, complaints, phone and the patient (when someone calls
// for a child or a relative) are what the counter asks for.
import { defineService } from '../types';

export const phcHomeCall = defineService({
  code: 'phc.home-call',
  names: {
    kk: 'Дәрігерді үйге шақыру',
    ru: 'Вызов врача на дом',
    en: 'Calling a doctor home',
  },
  provider: {
    kk: 'Медициналық-санитариялық алғашқы көмек көрсететін денсаулық сақтау ұйымдары',
    ru: 'Организации здравоохранения, оказывающие первичную медико-санитарную помощь',
    en: 'Health care organisations providing primary health care',
  },
  legalBasis: [
    {
      kind: 'regulation',
      title: {
        kk: '«Дәрігерді үйге шақыру» электрондық мемлекеттік қызмет регламенті',
        ru: 'Регламент электронной государственной услуги «Вызов врача на дом»',
        en: 'Regulation of the electronic state service "Calling a doctor home"',
      },
      issuer: { kk: 'Ақмола облысы әкімдігі', ru: 'Акимат Акмолинской области', en: 'Akimat of Akmola region' },
      date: '2012-12-28',
      number: 'А-1/666',
      registered: { date: '2013-02-06', number: '3647' },
      repealed: { date: '2013-06-03', number: 'А-5/225' },
      source: '000 §0',
    },
    {
      kind: 'standard',
      title: {
        kk: '«Дәрігерді үйге шақыру» мемлекеттік қызмет стандарты',
        ru: 'Стандарт государственной услуги «Вызов врача на дом»',
        en: 'State service standard "Calling a doctor home"',
      },
      issuer: {
        kk: 'Қазақстан Республикасының Үкіметі',
        ru: 'Правительство Республики Казахстан',
        en: 'Government of the Republic of Kazakhstan',
      },
      date: '2012-10-12',
      number: '1294',
      source: '000 §1 (regulation §3)',
    },
  ],
  automation: 'full',
  roles: ['registrar'],
  channels: ['portal', 'walk_in', 'phone'],
  portals: ['www.e.gov.kz'],
  applicant: 'person',
  lookups: ['individuals', 'attachment'],
  deadline: {
    kind: 'by_standard',
    note: {
      kk: 'Регламентте күнмен берілген мерзім жоқ, тек 1-қосымшадағы қадамдардың нормалары (минуттар). Мерзім № 1294 стандартпен белгіленеді және баптауларда көрсетіледі.',
      ru: 'В регламенте нет срока в днях, только нормы шагов приложения 1 (минуты). Срок устанавливается стандартом № 1294 и задаётся в настройках.',
      en: 'The regulation gives no term in days, only the per-step norms of Annex 1 (minutes). The term is set by standard No. 1294 and configured.',
    },
    source: '000 §7 (no day-based deadline in the text)',
  },
  fields: [
    {
      id: 'address',
      label: { kk: 'Дәрігер шақырылатын мекенжай', ru: 'Адрес вызова', en: 'Address of the call' },
      type: 'address',
      required: true,
      prefill: 'person.address',
    },
    {
      id: 'accessNotes',
      label: { kk: 'Кіреберіс, қабат, домофон коды', ru: 'Подъезд, этаж, код домофона', en: 'Entrance, floor, door code' },
      type: 'text',
      required: false,
      maxLength: 200,
    },
    {
      id: 'symptoms',
      label: { kk: 'Шағымдары мен белгілері', ru: 'Жалобы и симптомы', en: 'Complaints and symptoms' },
      type: 'textarea',
      required: true,
      maxLength: 1000,
    },
    {
      id: 'patientIin',
      label: { kk: 'Науқастың ЖСН (өтініш берушінің өзі болмаса)', ru: 'ИИН пациента (если это не сам заявитель)', en: "Patient's IIN (if not the applicant)" },
      type: 'iin',
      required: false,
    },
    {
      id: 'contactPhone',
      label: { kk: 'Байланыс телефоны', ru: 'Контактный телефон', en: 'Contact phone' },
      type: 'phone',
      required: true,
    },
  ],
  documents: [
    {
      code: 'identity_document',
      names: { kk: 'Жеке басын куәландыратын құжат', ru: 'Документ, удостоверяющий личность', en: 'Identity document' },
      mandatory: { applicantAgeAtLeast: 16 },
      presentation: ['original'],
      channels: ['walk_in'],
      source: '000 §12.1',
    },
    {
      code: 'birth_certificate',
      names: { kk: 'Туу туралы куәлік', ru: 'Свидетельство о рождении', en: 'Birth certificate' },
      mandatory: { applicantAgeUnder: 16 },
      presentation: ['original'],
      channels: ['walk_in'],
      source: '000 §12.1 (persons under sixteen)',
    },
  ],
  payment: { required: false, checkedOn: [], source: '000 §1 (no fee or payment step in the text)' },
  results: [
    {
      // §13.1 literally repeats the appointment wording (journal entry, oral date and time): template reuse (000 §6).
      kind: 'home_call_journal_entry',
      names: {
        kk: 'Дәрігерді үйге шақыру журналындағы жазба (келу күні мен уақыты ауызша хабарланады)',
        ru: 'Запись в журнале вызовов врача на дом (дата и время визита сообщаются устно)',
        en: 'Entry in the home-call journal (date and time of the visit given orally)',
      },
      form: 'journal_entry',
      channels: ['walk_in', 'phone'],
      signedBy: null,
      journal: 'home_calls',
      source: '000 §13.1',
    },
    {
      kind: 'home_call_certificate',
      names: {
        kk: 'Дәрігерді үйге шақыру туралы электрондық анықтама',
        ru: 'Электронная справка о вызове врача на дом',
        en: 'Electronic certificate of the home call',
      },
      form: 'electronic',
      channels: ['portal'],
      signedBy: 'authorised_signer',
      journal: 'home_calls',
      source: '000 §7 process 8, §13.2',
    },
  ],
  refusalGrounds: [
    { code: 'applicant_data_unavailable', stage: 'registry_lookup', channels: ['walk_in', 'phone'], source: '000 §8 condition 1, process 4' },
    { code: 'signature_not_confirmed', stage: 'signature_check', channels: ['portal'], source: '000 §7 condition 2, process 4' },
    { code: 'documents_invalid', stage: 'review', source: '000 §7 process 7, §8 process 7' },
    { code: 'not_attached', stage: 'review', source: '000 §12.3 (a refusal ground by inference)' },
    { code: 'other', stage: 'review', source: '000 §6 (the full list is in standard No. 1294)' },
  ],
  stepNorms: [
    { step: 'sign_in', channel: 'portal', actor: 'applicant', norm: { min: 30, value: 60, unit: 'seconds' }, source: '000 Annex 1 T1#1' },
    { step: 'sign_in_refusal', channel: 'portal', actor: 'portal', norm: { value: 30, unit: 'seconds' }, source: '000 Annex 1 T1#2' },
    { step: 'compose_request', channel: 'portal', actor: 'applicant', norm: { value: 1.5, unit: 'minutes' }, source: '000 Annex 1 T1#3' },
    { step: 'signature_refusal', channel: 'portal', actor: 'portal', norm: { value: 1.5, unit: 'minutes' }, source: '000 Annex 1 T1#4' },
    { step: 'sign_and_send', channel: 'portal', actor: 'applicant', norm: { min: 30, value: 60, unit: 'seconds' }, source: '000 Annex 1 T1#5' },
    { step: 'register_request', channel: 'portal', actor: 'workstation', norm: { value: 1, unit: 'minutes' }, source: '000 Annex 1 T1#6' },
    { step: 'sign_in', channel: 'walk_in', actor: 'staff', norm: { min: 10, value: 15, unit: 'seconds' }, source: '000 Annex 1 T2#1' },
    { step: 'registry_query', channel: 'walk_in', actor: 'staff', norm: { min: 10, value: 90, unit: 'seconds' }, source: '000 Annex 1 T2#2' },
    { step: 'registry_no_data', channel: 'walk_in', actor: 'registry', norm: { min: 10, value: 15, unit: 'seconds' }, source: '000 Annex 1 T2#3' },
    { step: 'fill_request', channel: 'walk_in', actor: 'staff', norm: { min: 10, value: 15, unit: 'seconds' }, source: '000 Annex 1 T2#4' },
    { step: 'register_request', channel: 'walk_in', actor: 'workstation', norm: { value: 1.5, unit: 'minutes' }, source: '000 Annex 1 T2#5' },
    { step: 'refusal', channel: 'walk_in', actor: 'workstation', norm: { value: 10, unit: 'minutes' }, source: '000 Annex 1 T2#6' },
  ],
});
