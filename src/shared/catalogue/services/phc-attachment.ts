// «Медициналық-санитариялық алғашқы көмек көрсететін медициналық ұйымға тіркеу» — attachment to a
// primary health care organisation. Two regulations cover it: note 000 (Akmola, service 2) and note 003
// (Mangystau, service A); standard: Government decree 1294. The one-working-day term and the portal
// norms come from 003 (the later text, whose tables are complete for the portal); the walk-in steps
// after the registry check come from 000, because 003's Table 2 stops at action 4.
// Fields: the regulations name none (003 §8.4: "attach the required documents"); reason, address,
// current organisation and phone are what the counter asks for.
import { AKMOLA_DECREE_A_1_666, PHC_IDENTITY_DOCUMENTS } from '../phc-regulation-000';
import { defineService } from '../types';

export const phcAttachment = defineService({
  code: 'phc.attachment',
  names: {
    kk: 'Медициналық-санитариялық алғашқы көмек көрсететін медициналық ұйымға тіркеу',
    ru: 'Прикрепление к медицинской организации, оказывающей первичную медико-санитарную помощь',
    en: 'Attachment to a primary health care organisation',
  },
  provider: {
    kk: 'Медициналық-санитариялық алғашқы көмек көрсететін медициналық ұйымдар',
    ru: 'Медицинские организации, оказывающие первичную медико-санитарную помощь',
    en: 'Medical organisations providing primary health care',
  },
  legalBasis: [
    {
      kind: 'regulation',
      title: {
        kk: '«Медициналық-санитариялық алғашқы көмек көрсететін медициналық ұйымдарға тіркеу» электрондық мемлекеттік қызмет регламенті',
        ru: 'Регламент электронной государственной услуги «Прикрепление к медицинским организациям, оказывающим первичную медико-санитарную помощь»',
        en: 'Regulation of the electronic state service "Attachment to primary health care organisations"',
      },
      ...AKMOLA_DECREE_A_1_666,
    },
    {
      kind: 'regulation',
      title: {
        kk: '«Медициналық-санитариялық алғашқы көмек көрсететін медициналық ұйымға тіркеу» электрондық мемлекеттік қызмет регламенті',
        ru: 'Регламент электронной государственной услуги «Прикрепление к медицинской организации, оказывающей первичную медико-санитарную помощь»',
        en: 'Regulation of the electronic state service "Attachment to a primary health care organisation"',
      },
      issuer: { kk: 'Маңғыстау облысы әкімдігі', ru: 'Акимат Мангистауской области', en: 'Akimat of Mangystau region' },
      date: '2013-01-03',
      number: '3',
      repealed: { date: '2013-08-15', number: '244' },
      source: '003 §0',
    },
    {
      kind: 'standard',
      title: {
        kk: '«Медициналық-санитариялық алғашқы көмек көрсететін медициналық ұйымға тіркеу» мемлекеттік қызмет стандарты',
        ru: 'Стандарт государственной услуги «Прикрепление к медицинской организации, оказывающей первичную медико-санитарную помощь»',
        en: 'State service standard "Attachment to a primary health care organisation"',
      },
      issuer: {
        kk: 'Қазақстан Республикасының Үкіметі',
        ru: 'Правительство Республики Казахстан',
        en: 'Government of the Republic of Kazakhstan',
      },
      date: '2012-10-12',
      number: '1294',
      source: '000 §1; 003 A1',
    },
  ],
  automation: 'full',
  roles: ['registrar'],
  channels: ['portal', 'walk_in'],
  portals: ['www.e.gov.kz'],
  applicant: 'person',
  lookups: ['individuals', 'attachment'],
  deadline: { kind: 'working_days', value: 1, source: '003 Annex 1 T1#7–8 ("within one working day")' },
  fields: [
    {
      id: 'attachmentReason',
      label: { kk: 'Тіркелу себебі', ru: 'Причина прикрепления', en: 'Reason for attachment' },
      type: 'select',
      required: true,
      options: [
        { value: 'first_attachment', label: { kk: 'Алғаш рет тіркелу', ru: 'Первичное прикрепление', en: 'First attachment' } },
        { value: 'change_of_residence', label: { kk: 'Тұрғылықты жерін ауыстыру', ru: 'Смена места жительства', en: 'Change of residence' } },
        { value: 'free_choice', label: { kk: 'Медициналық ұйымды еркін таңдау', ru: 'Свободный выбор медицинской организации', en: 'Free choice of organisation' } },
        { value: 'other', label: { kk: 'Басқа', ru: 'Другое', en: 'Other' } },
      ],
    },
    {
      id: 'address',
      label: { kk: 'Тұрғылықты мекенжайы', ru: 'Адрес проживания', en: 'Residential address' },
      type: 'address',
      required: true,
      prefill: 'person.address',
    },
    {
      id: 'currentOrganisation',
      label: { kk: 'Қазір тіркелген медициналық ұйым', ru: 'Текущая медицинская организация прикрепления', en: 'Current primary care organisation' },
      type: 'text',
      required: false,
      maxLength: 300,
      prefill: 'attachment.organisationName',
    },
    {
      id: 'contactPhone',
      label: { kk: 'Байланыс телефоны', ru: 'Контактный телефон', en: 'Contact phone' },
      type: 'phone',
      required: false,
    },
  ],
  documents: PHC_IDENTITY_DOCUMENTS,
  payment: { required: false, checkedOn: [], source: '000 §1; 003 A6 (no fee)' },
  results: [
    {
      kind: 'attachment_talon',
      names: {
        kk: 'Тіркелу туралы анықтама (талон), қағаз түрінде, еркін нысанда',
        ru: 'Справка (талон) о прикреплении на бумаге, в произвольной форме',
        en: 'Attachment certificate (talon) on paper, free form',
      },
      form: 'paper',
      channels: ['walk_in'],
      // The regulations say only "paper, free form"; the common counter workflow has the result signed by the authorised person (README).
      signedBy: 'authorised_signer',
      journal: 'issued_documents',
      source: '000 §13 (service 2); 003 §7 process 8',
    },
    {
      kind: 'attachment_talon_electronic',
      names: {
        kk: 'Тіркелу туралы анықтама (талон), электрондық құжат',
        ru: 'Справка (талон) о прикреплении в форме электронного документа',
        en: 'Attachment certificate (talon) as an electronic document',
      },
      form: 'electronic',
      channels: ['portal'],
      signedBy: 'authorised_signer',
      journal: 'issued_documents',
      source: '000 §7 process 8, §13.2; 003 §6 process 8',
    },
  ],
  refusalGrounds: [
    { code: 'applicant_data_unavailable', stage: 'registry_lookup', channels: ['walk_in'], source: '000 §8 process 4; 003 §7 process 4' },
    { code: 'signature_not_confirmed', stage: 'signature_check', channels: ['portal'], source: '000 §7 process 4; 003 §6 condition 2, process 4' },
    { code: 'documents_invalid', stage: 'review', channels: ['walk_in'], source: '000 §8 process 7; 003 §7 process 7' },
    { code: 'grounds_not_met', stage: 'review', channels: ['portal'], source: '000 §7 process 7; 003 §6 condition 3, process 7' },
    { code: 'other', stage: 'review', source: '000 §6; 003 A6 (the full list is in standard No. 1294)' },
  ],
  stepNorms: [
    { step: 'sign_in', channel: 'portal', actor: 'applicant', norm: { min: 30, value: 60, unit: 'seconds' }, source: '003 Annex 1 T1#1' },
    { step: 'sign_in_refusal', channel: 'portal', actor: 'portal', norm: { value: 30, unit: 'seconds' }, source: '003 Annex 1 T1#2' },
    { step: 'compose_request', channel: 'portal', actor: 'applicant', norm: { value: 1.5, unit: 'minutes' }, source: '003 Annex 1 T1#3' },
    { step: 'signature_refusal', channel: 'portal', actor: 'portal', norm: { value: 1.5, unit: 'minutes' }, source: '003 Annex 1 T1#4' },
    { step: 'sign_and_send', channel: 'portal', actor: 'applicant', norm: { min: 30, value: 60, unit: 'seconds' }, source: '003 Annex 1 T1#5' },
    { step: 'register_request', channel: 'portal', actor: 'workstation', norm: { value: 1, unit: 'minutes' }, source: '003 Annex 1 T1#6' },
    { step: 'refusal', channel: 'portal', actor: 'workstation', norm: { value: 1, unit: 'working_days' }, source: '003 Annex 1 T1#7' },
    { step: 'result', channel: 'portal', actor: 'workstation', norm: { value: 1, unit: 'working_days' }, source: '003 Annex 1 T1#8' },
    { step: 'sign_in', channel: 'walk_in', actor: 'staff', norm: { min: 10, value: 15, unit: 'seconds' }, source: '003 Annex 1 T2#1' },
    { step: 'select_service', channel: 'walk_in', actor: 'staff', norm: { value: 10, unit: 'seconds' }, source: '003 Annex 1 T2#2' },
    { step: 'registry_query', channel: 'walk_in', actor: 'staff', norm: { value: 1.5, unit: 'minutes' }, source: '003 Annex 1 T2#3' },
    { step: 'registry_no_data', channel: 'walk_in', actor: 'registry', norm: { min: 10, value: 15, unit: 'seconds' }, source: '003 Annex 1 T2#4' },
    { step: 'fill_request', channel: 'walk_in', actor: 'staff', norm: { min: 10, value: 15, unit: 'seconds' }, source: '000 Annex 1 T2#4' },
    { step: 'register_request', channel: 'walk_in', actor: 'workstation', norm: { value: 1.5, unit: 'minutes' }, source: '000 Annex 1 T2#5' },
    { step: 'refusal', channel: 'walk_in', actor: 'workstation', norm: { value: 10, unit: 'minutes' }, source: '000 Annex 1 T2#6' },
  ],
});
