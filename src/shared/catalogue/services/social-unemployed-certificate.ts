// «Жұмыссыз азаматтарға анықтама беру» — certificate for unemployed citizens.
// Regulation note 001, part A (Ekibastuz city akimat decree 168/2); standard: Government decree 394.
// Fields: the regulation names none (the screen forms of its Annex 3 were not extracted); the period
// to be confirmed and where the certificate goes are what the counter asks for.
import { defineService } from '../types';

export const socialUnemployedCertificate = defineService({
  code: 'social.unemployed-certificate',
  names: {
    kk: 'Жұмыссыз азаматтарға анықтама беру',
    ru: 'Выдача справки безработным гражданам',
    en: 'Certificate for unemployed citizens',
  },
  provider: {
    kk: 'Қала (аудан) әкімдігінің халықты жұмыспен қамту және әлеуметтік мәселелер бөлімі',
    ru: 'Отдел занятости населения и социальных вопросов акимата города (района)',
    en: 'Employment and social issues department of the city (district) akimat',
  },
  legalBasis: [
    {
      kind: 'regulation',
      title: {
        kk: '«Жұмыссыз азаматтарға анықтама беру» электрондық мемлекеттік қызмет регламенті',
        ru: 'Регламент электронной государственной услуги «Выдача справки безработным гражданам»',
        en: 'Regulation of the electronic state service "Certificate for unemployed citizens"',
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
        kk: '«Жұмыссыз азаматтарға анықтама беру» мемлекеттік қызмет стандарты',
        ru: 'Стандарт государственной услуги «Выдача справки безработным гражданам»',
        en: 'State service standard "Certificate for unemployed citizens"',
      },
      issuer: {
        kk: 'Қазақстан Республикасының Үкіметі',
        ru: 'Правительство Республики Казахстан',
        en: 'Government of the Republic of Kazakhstan',
      },
      date: '2011-04-07',
      number: '394',
      source: '001 A.1',
    },
  ],
  automation: 'partial',
  roles: ['social_officer'],
  channels: ['portal', 'walk_in', 'service_centre'],
  portals: ['www.egov.kz'],
  applicant: 'person',
  lookups: ['individuals'],
  deadline: { kind: 'minutes', value: 10, source: '001 Annex 1 T1#8 (provider), T3#8 (portal)' },
  channelDeadlines: [
    { channels: ['service_centre'], deadline: { kind: 'working_days', value: 3, source: '001 Annex 1 T2#9 (through ХҚКО)' } },
  ],
  fields: [
    {
      id: 'periodFrom',
      label: { kk: 'Кезеңнің басы', ru: 'Начало периода', en: 'Period from' },
      type: 'date',
      required: true,
      notAfterToday: true,
    },
    {
      id: 'periodTo',
      label: { kk: 'Кезеңнің соңы', ru: 'Конец периода', en: 'Period to' },
      type: 'date',
      required: false,
      notAfterToday: true,
      notBeforeField: 'periodFrom',
    },
    {
      id: 'presentTo',
      label: { kk: 'Анықтама ұсынылатын орын', ru: 'Место предъявления справки', en: 'Where the certificate is to be presented' },
      type: 'text',
      required: false,
      maxLength: 300,
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
      source: '001 A.3 process 3, A.4 process 5, A.7',
    },
  ],
  payment: { required: false, checkedOn: [], source: '001 A.7 (no fee or payment step)' },
  results: [
    {
      kind: 'unemployed_certificate',
      names: {
        kk: 'Жұмыссыз ретінде тіркелу туралы анықтама',
        ru: 'Справка о регистрации в качестве безработного',
        en: 'Certificate of registration as unemployed',
      },
      form: 'electronic',
      channels: ['portal', 'walk_in', 'service_centre'],
      signedBy: 'authorised_signer',
      journal: 'issued_documents',
      source: '001 A.3 process 8, A.4 process 8, A.5 process 9',
    },
  ],
  refusalGrounds: [
    { code: 'applicant_data_unavailable', stage: 'registry_lookup', channels: ['walk_in', 'service_centre'], source: '001 A.4 process 4, A.5 process 4' },
    { code: 'signature_not_confirmed', stage: 'signature_check', channels: ['portal'], source: '001 A.3 condition 2, process 4' },
    { code: 'documents_invalid', stage: 'review', source: '001 A.3 process 7, A.4 process 7, A.5 process 8' },
    // The refusal is a free-form letter justifying it, when the commission's conclusion is formed (001 A.11).
    { code: 'other', stage: 'review', source: '001 A.7 (the full list is in standard No. 394), A.11' },
  ],
  stepNorms: [
    { step: 'sign_in', channel: 'walk_in', actor: 'staff', norm: { min: 10, value: 15, unit: 'seconds' }, source: '001 Annex 1 T1#1' },
    { step: 'select_service', channel: 'walk_in', actor: 'staff', norm: { value: 10, unit: 'seconds' }, source: '001 Annex 1 T1#2' },
    { step: 'registry_query', channel: 'walk_in', actor: 'staff', norm: { value: 1.5, unit: 'minutes' }, source: '001 Annex 1 T1#3' },
    { step: 'registry_no_data', channel: 'walk_in', actor: 'registry', norm: { min: 10, value: 15, unit: 'seconds' }, source: '001 Annex 1 T1#4' },
    { step: 'fill_request', channel: 'walk_in', actor: 'staff', norm: { min: 10, value: 15, unit: 'seconds' }, source: '001 Annex 1 T1#5' },
    { step: 'register_request', channel: 'walk_in', actor: 'workstation', norm: { value: 1.5, unit: 'minutes' }, source: '001 Annex 1 T1#6' },
    { step: 'refusal', channel: 'walk_in', actor: 'workstation', norm: { value: 1.5, unit: 'minutes' }, source: '001 Annex 1 T1#7' },
    { step: 'result', channel: 'walk_in', actor: 'workstation', norm: { value: 10, unit: 'minutes' }, source: '001 Annex 1 T1#8' },
    { step: 'sign_in', channel: 'service_centre', actor: 'centre_operator', norm: { min: 30, value: 60, unit: 'seconds' }, source: '001 Annex 1 T2#1' },
    { step: 'select_service', channel: 'service_centre', actor: 'centre_operator', norm: { value: 30, unit: 'seconds' }, source: '001 Annex 1 T2#2' },
    { step: 'registry_query', channel: 'service_centre', actor: 'centre_operator', norm: { value: 1.5, unit: 'minutes' }, source: '001 Annex 1 T2#3' },
    { step: 'registry_no_data', channel: 'service_centre', actor: 'registry', norm: { value: 1.5, unit: 'minutes' }, source: '001 Annex 1 T2#4' },
    { step: 'fill_request', channel: 'service_centre', actor: 'centre_operator', norm: { min: 30, value: 60, unit: 'seconds' }, source: '001 Annex 1 T2#5' },
    { step: 'send_request', channel: 'service_centre', actor: 'centre_operator', norm: { value: 1, unit: 'minutes' }, source: '001 Annex 1 T2#6' },
    { step: 'register_request', channel: 'service_centre', actor: 'workstation', norm: { value: 1, unit: 'minutes' }, source: '001 Annex 1 T2#7' },
    { step: 'refusal', channel: 'service_centre', actor: 'workstation', norm: { min: 30, value: 60, unit: 'seconds' }, source: '001 Annex 1 T2#8' },
    { step: 'result', channel: 'service_centre', actor: 'workstation', norm: { value: 3, unit: 'working_days' }, source: '001 Annex 1 T2#9' },
    { step: 'sign_in', channel: 'portal', actor: 'applicant', norm: { min: 30, value: 60, unit: 'seconds' }, source: '001 Annex 1 T3#1' },
    { step: 'sign_in_refusal', channel: 'portal', actor: 'portal', norm: { value: 30, unit: 'seconds' }, source: '001 Annex 1 T3#2' },
    { step: 'compose_request', channel: 'portal', actor: 'applicant', norm: { value: 1.5, unit: 'minutes' }, source: '001 Annex 1 T3#3' },
    { step: 'signature_refusal', channel: 'portal', actor: 'portal', norm: { value: 1.5, unit: 'minutes' }, source: '001 Annex 1 T3#4' },
    { step: 'sign_and_send', channel: 'portal', actor: 'applicant', norm: { min: 30, value: 60, unit: 'seconds' }, source: '001 Annex 1 T3#5' },
    { step: 'register_request', channel: 'portal', actor: 'workstation', norm: { value: 1, unit: 'minutes' }, source: '001 Annex 1 T3#6' },
    { step: 'refusal', channel: 'portal', actor: 'workstation', norm: { value: 30, unit: 'seconds' }, source: '001 Annex 1 T3#7' },
    { step: 'result', channel: 'portal', actor: 'workstation', norm: { value: 10, unit: 'minutes' }, source: '001 Annex 1 T3#8' },
  ],
});
