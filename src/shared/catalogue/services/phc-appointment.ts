// «Дәрігердің қабылдауына жазылу» — booking an appointment with a doctor.
// Regulation note 000 (Akmola region akimat decree А-1/666, service 1); standard: Government decree 1294.
// Fields: the regulation only says the answer is a date and time from the doctors' reception schedule
// (000 §13.1); speciality, preferred date/time, reason and phone are what the counter asks for.
import { AKMOLA_DECREE_A_1_666, PHC_000_REFUSAL_GROUNDS, PHC_000_STEP_NORMS, PHC_IDENTITY_DOCUMENTS } from '../phc-regulation-000';
import { defineService } from '../types';

export const phcAppointment = defineService({
  code: 'phc.appointment',
  names: {
    kk: 'Дәрігердің қабылдауына жазылу',
    ru: 'Запись на приём к врачу',
    en: 'Doctor appointment booking',
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
        kk: '«Дәрігердің қабылдауына жазылу» электрондық мемлекеттік қызмет регламенті',
        ru: 'Регламент электронной государственной услуги «Запись на приём к врачу»',
        en: 'Regulation of the electronic state service "Doctor appointment booking"',
      },
      ...AKMOLA_DECREE_A_1_666,
    },
    {
      kind: 'standard',
      title: {
        kk: '«Дәрігердің қабылдауына жазылу» мемлекеттік қызмет стандарты',
        ru: 'Стандарт государственной услуги «Запись на приём к врачу»',
        en: 'State service standard "Doctor appointment booking"',
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
  // ЖТ МДБ by IIN; the attached-population register because the applicant must be attached here (000 §12.3).
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
    // Counter practice; the actual doctors come from the reception schedule.
    {
      id: 'speciality',
      label: { kk: 'Дәрігердің мамандығы', ru: 'Специальность врача', en: "Doctor's speciality" },
      type: 'select',
      required: true,
      options: [
        { value: 'general_practitioner', label: { kk: 'Жалпы практика дәрігері', ru: 'Врач общей практики', en: 'General practitioner' } },
        { value: 'district_therapist', label: { kk: 'Учаскелік терапевт', ru: 'Участковый терапевт', en: 'District therapist' } },
        { value: 'district_paediatrician', label: { kk: 'Учаскелік педиатр', ru: 'Участковый педиатр', en: 'District paediatrician' } },
        { value: 'obstetrician_gynaecologist', label: { kk: 'Акушер-гинеколог', ru: 'Акушер-гинеколог', en: 'Obstetrician-gynaecologist' } },
      ],
    },
    // 000 §13.1: the appointment has a date and time; the applicant's preference is counter practice.
    {
      id: 'preferredDate',
      label: { kk: 'Қалаған күні', ru: 'Желаемая дата', en: 'Preferred date' },
      type: 'date',
      required: true,
      notBeforeToday: true,
    },
    {
      id: 'preferredTime',
      label: { kk: 'Қалаған уақыты', ru: 'Желаемое время', en: 'Preferred time' },
      type: 'time',
      required: false,
    },
    {
      id: 'reason',
      label: { kk: 'Жүгіну себебі', ru: 'Причина обращения', en: 'Reason for the visit' },
      type: 'textarea',
      required: false,
      maxLength: 500,
    },
    {
      id: 'contactPhone',
      label: { kk: 'Байланыс телефоны', ru: 'Контактный телефон', en: 'Contact phone' },
      type: 'phone',
      required: false,
    },
  ],
  documents: PHC_IDENTITY_DOCUMENTS,
  payment: { required: false, checkedOn: [], source: '000 §1 (no fee or payment step in the text)' },
  results: [
    {
      kind: 'appointment_journal_entry',
      names: {
        kk: 'Дәрігердің қабылдауына алдын ала жазылу журналындағы жазба (қабылдау күні мен уақыты ауызша хабарланады)',
        ru: 'Запись в журнале предварительной записи на приём к врачу (дата и время приёма сообщаются устно)',
        en: 'Entry in the appointment pre-registration journal (date and time of the appointment given orally)',
      },
      form: 'journal_entry',
      channels: ['walk_in', 'phone'],
      signedBy: null,
      journal: 'appointments',
      source: '000 §13.1, §8 process 8',
    },
    {
      // The text literally names "an electronic certificate on calling a doctor home" here: a copy error (000 §0.1).
      kind: 'appointment_talon',
      names: {
        kk: 'Дәрігердің қабылдауына жазылу туралы электрондық талон',
        ru: 'Электронный талон о записи на приём к врачу',
        en: 'Electronic appointment talon',
      },
      form: 'electronic',
      channels: ['portal'],
      signedBy: 'authorised_signer',
      journal: 'appointments',
      source: '000 §7 process 8, §13.2',
    },
  ],
  refusalGrounds: PHC_000_REFUSAL_GROUNDS,
  stepNorms: PHC_000_STEP_NORMS,
});
