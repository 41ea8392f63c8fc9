// «Дәрігерді үйге шақыру» — calling a doctor home.
// Regulation note 000 (Akmola region akimat decree А-1/666, service 3); standard: Government decree 1294.
// Fields: the regulation names none; address, complaints, phone and the patient (when someone calls
// for a child or a relative) are what the counter asks for.
import { AKMOLA_DECREE_A_1_666, PHC_000_REFUSAL_GROUNDS, PHC_000_STEP_NORMS, PHC_IDENTITY_DOCUMENTS } from '../phc-regulation-000';
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
      ...AKMOLA_DECREE_A_1_666,
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
  documents: PHC_IDENTITY_DOCUMENTS,
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
  refusalGrounds: PHC_000_REFUSAL_GROUNDS,
  stepNorms: PHC_000_STEP_NORMS,
});
