// «Үйде оқитын және тәрбиеленетін мүгедек балаларды материалдық қамтамасыз ету үшін құжаттар ресімдеу» —
// documents for material support of disabled children taught and brought up at home.
// Regulation note 001, part B (Ekibastuz city akimat decree 168/2); standard: Government decree 394,
// plus the local decrees on social assistance (no number or date in the text).
// Fields: the regulation names none (its screen forms, Annex 4, were not extracted); the child, the
// applicant's relation to the child, the school teaching at home and the account for the payments are
// what the counter asks for.
import { defineService } from '../types';

export const socialDisabledChildren = defineService({
  code: 'social.disabled-children',
  names: {
    kk: 'Үйде оқитын және тәрбиеленетін мүгедек балаларды материалдық қамтамасыз ету үшін құжаттар ресімдеу',
    ru: 'Оформление документов на материальное обеспечение детей-инвалидов, обучающихся и воспитывающихся на дому',
    en: 'Documents for material support of disabled children taught and brought up at home',
  },
  provider: {
    kk: 'Қала (аудан) әкімдігінің халықты жұмыспен қамту және әлеуметтік мәселелер бөлімі (уәкілетті орган)',
    ru: 'Отдел занятости населения и социальных вопросов акимата города (района) (уполномоченный орган)',
    en: 'Employment and social issues department of the city (district) akimat (the authorised body)',
  },
  legalBasis: [
    {
      kind: 'regulation',
      title: {
        kk: '«Үйде оқитын және тәрбиеленетін мүгедек балаларды материалдық қамтамасыз ету үшін құжаттарды ресімдеу» электрондық мемлекеттік қызмет регламенті',
        ru: 'Регламент электронной государственной услуги «Оформление документов на материальное обеспечение детей-инвалидов, обучающихся и воспитывающихся на дому»',
        en: 'Regulation of the electronic state service "Documents for material support of disabled children taught and brought up at home"',
      },
      issuer: { kk: 'Екібастұз қаласының әкімдігі', ru: 'Акимат города Экибастуза', en: 'Akimat of Ekibastuz city' },
      date: '2013-02-15',
      number: '168/2',
      registered: { date: '2013-03-12', number: '3477' },
      repealed: { date: '2013-06-19', number: '555/6' },
      source: '001 §0',
    },
    {
      kind: 'standard',
      title: {
        kk: '«Үйде оқитын және тәрбиеленетін мүгедек балаларды материалдық қамтамасыз ету үшін құжаттарды ресімдеу» мемлекеттік қызмет стандарты',
        ru: 'Стандарт государственной услуги «Оформление документов на материальное обеспечение детей-инвалидов, обучающихся и воспитывающихся на дому»',
        en: 'State service standard "Documents for material support of disabled children taught and brought up at home"',
      },
      issuer: {
        kk: 'Қазақстан Республикасының Үкіметі',
        ru: 'Правительство Республики Казахстан',
        en: 'Government of the Republic of Kazakhstan',
      },
      date: '2011-04-07',
      number: '394',
      source: '001 B.1',
    },
    {
      kind: 'local_act',
      title: {
        kk: 'Мұқтаж азаматтардың жекелеген санаттарына әлеуметтік көмек көрсету тәртібі туралы жергілікті атқарушы орган қаулылары (жергілікті өкілді органдардың шешімі бойынша)',
        ru: 'Постановления местного исполнительного органа о порядке оказания социальной помощи отдельным категориям нуждающихся граждан (по решениям местных представительных органов)',
        en: 'Local executive decrees on social assistance to certain categories of needy citizens (by decision of the local representative bodies)',
      },
      issuer: { kk: 'Екібастұз қаласының әкімдігі', ru: 'Акимат города Экибастуза', en: 'Akimat of Ekibastuz city' },
      source: '001 B.1 (no number or date given)',
    },
  ],
  automation: 'partial',
  roles: ['social_officer'],
  channels: ['portal', 'walk_in'],
  portals: ['www.egov.kz'],
  applicant: 'person',
  lookups: ['individuals'],
  deadline: { kind: 'working_days', value: 10, source: '001 Annex 1 (part B) T1#8, T2#8' },
  fields: [
    {
      id: 'childIin',
      label: { kk: 'Баланың ЖСН', ru: 'ИИН ребёнка', en: "Child's IIN" },
      type: 'iin',
      required: true,
    },
    {
      id: 'relationship',
      label: { kk: 'Балаға кім болып келеді', ru: 'Кем приходится ребёнку', en: 'Relationship to the child' },
      type: 'select',
      required: true,
      options: [
        { value: 'parent', label: { kk: 'Ата-анасы', ru: 'Родитель', en: 'Parent' } },
        { value: 'guardian', label: { kk: 'Қорғаншысы (қамқоршысы)', ru: 'Опекун (попечитель)', en: 'Guardian' } },
      ],
    },
    {
      id: 'school',
      label: {
        kk: 'Баланы үйде оқытатын білім беру ұйымы',
        ru: 'Организация образования, обучающая ребёнка на дому',
        en: 'School teaching the child at home',
      },
      type: 'text',
      required: true,
      maxLength: 300,
    },
    {
      id: 'homeEducationFrom',
      label: { kk: 'Үйде оқыту басталған күн', ru: 'Дата начала обучения на дому', en: 'Taught at home since' },
      type: 'date',
      required: false,
      notAfterToday: true,
    },
    {
      id: 'bankAccount',
      label: { kk: 'Банктік шоттың нөмірі (IBAN)', ru: 'Номер банковского счёта (IBAN)', en: 'Bank account (IBAN)' },
      type: 'text',
      required: false,
      maxLength: 20,
      pattern: '^KZ[0-9]{2}[0-9A-Z]{16}$',
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
      presentation: ['original', 'electronic'],
      perStandard: { paragraph: '11' },
      source: '001 B.3 process 5, B.4 process 6, B.6',
    },
  ],
  payment: { required: false, checkedOn: [], source: '001 B.6 (no fee or payment step)' },
  results: [
    {
      // B.4 process 8 names the unemployed certificate here: copied from part A (001 B.4).
      kind: 'support_notification',
      names: {
        kk: 'Мүгедек баланы материалдық қамтамасыз ету үшін құжаттардың ресімделгені туралы хабарлама (электрондық құжат)',
        ru: 'Уведомление об оформлении документов на материальное обеспечение ребёнка-инвалида (электронный документ)',
        en: 'Notification that the documents for material support are processed (electronic document)',
      },
      form: 'electronic',
      channels: ['portal', 'walk_in'],
      signedBy: 'authorised_signer',
      journal: 'issued_documents',
      source: '001 B.3 process 8, B.4 process 8, B.6',
    },
  ],
  refusalGrounds: [
    { code: 'applicant_data_unavailable', stage: 'registry_lookup', channels: ['walk_in'], source: '001 B.4 process 4' },
    { code: 'signature_not_confirmed', stage: 'signature_check', channels: ['portal'], source: '001 B.3 condition 2, process 4' },
    { code: 'documents_invalid', stage: 'review', source: '001 B.3 process 7, B.4 process 7' },
    { code: 'other', stage: 'review', source: '001 B.6 (the grounds are in standard No. 394 and the local decrees)' },
  ],
  stepNorms: [
    { step: 'sign_in', channel: 'portal', actor: 'applicant', norm: { min: 30, value: 60, unit: 'seconds' }, source: '001 Annex 1 (B) T1#1' },
    { step: 'sign_in_refusal', channel: 'portal', actor: 'portal', norm: { value: 30, unit: 'seconds' }, source: '001 Annex 1 (B) T1#2' },
    { step: 'compose_request', channel: 'portal', actor: 'applicant', norm: { value: 1.5, unit: 'minutes' }, source: '001 Annex 1 (B) T1#3' },
    { step: 'signature_refusal', channel: 'portal', actor: 'portal', norm: { value: 1.5, unit: 'minutes' }, source: '001 Annex 1 (B) T1#4' },
    { step: 'sign_and_send', channel: 'portal', actor: 'applicant', norm: { min: 30, value: 60, unit: 'seconds' }, source: '001 Annex 1 (B) T1#5' },
    { step: 'register_request', channel: 'portal', actor: 'workstation', norm: { value: 1, unit: 'minutes' }, source: '001 Annex 1 (B) T1#6' },
    { step: 'refusal', channel: 'portal', actor: 'workstation', norm: { value: 30, unit: 'seconds' }, source: '001 Annex 1 (B) T1#7' },
    { step: 'result', channel: 'portal', actor: 'workstation', norm: { value: 10, unit: 'working_days' }, source: '001 Annex 1 (B) T1#8' },
    { step: 'sign_in', channel: 'walk_in', actor: 'staff', norm: { min: 10, value: 15, unit: 'seconds' }, source: '001 Annex 1 (B) T2#1' },
    { step: 'select_service', channel: 'walk_in', actor: 'staff', norm: { value: 10, unit: 'seconds' }, source: '001 Annex 1 (B) T2#2' },
    { step: 'registry_query', channel: 'walk_in', actor: 'staff', norm: { value: 1.5, unit: 'minutes' }, source: '001 Annex 1 (B) T2#3' },
    { step: 'registry_no_data', channel: 'walk_in', actor: 'registry', norm: { min: 10, value: 15, unit: 'seconds' }, source: '001 Annex 1 (B) T2#4' },
    { step: 'fill_request', channel: 'walk_in', actor: 'staff', norm: { min: 10, value: 15, unit: 'seconds' }, source: '001 Annex 1 (B) T2#5' },
    { step: 'register_request', channel: 'walk_in', actor: 'workstation', norm: { min: 30, value: 60, unit: 'seconds' }, source: '001 Annex 1 (B) T2#6' },
    // T2#7 (refusal) has no value in the source.
    { step: 'result', channel: 'walk_in', actor: 'workstation', norm: { value: 10, unit: 'working_days' }, source: '001 Annex 1 (B) T2#8' },
  ],
});
