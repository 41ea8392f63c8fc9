// What the three primary-care regulations of note 000 (Akmola region akimat decree А-1/666) share:
// the text is one template copied three times (see the note's §0.1), so the facts are written once here.
import type { DocumentRequirement, LegalAct, RefusalGround, StepNorm } from './types';

/** The decree that approved the three regulations; each regulation adds its own title. */
export const AKMOLA_DECREE_A_1_666: Omit<LegalAct, 'kind' | 'title'> = {
  issuer: { kk: 'Ақмола облысы әкімдігі', ru: 'Акимат Акмолинской области', en: 'Akimat of Akmola region' },
  date: '2012-12-28',
  number: 'А-1/666',
  registered: { date: '2013-02-06', number: '3647' },
  repealed: { date: '2013-06-03', number: 'А-5/225' },
  source: '000 §0',
};

/** Identity document from sixteen, birth certificate before (000 §12.1). */
export const PHC_IDENTITY_DOCUMENTS: readonly DocumentRequirement[] = [
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
];

/** Refusal grounds of the appointment and home-call regulations (the attachment regulation differs). */
export const PHC_000_REFUSAL_GROUNDS: readonly RefusalGround[] = [
  { code: 'applicant_data_unavailable', stage: 'registry_lookup', channels: ['walk_in', 'phone'], source: '000 §8 condition 1, process 4' },
  { code: 'signature_not_confirmed', stage: 'signature_check', channels: ['portal'], source: '000 §7 condition 2, process 4' },
  { code: 'documents_invalid', stage: 'review', source: '000 §7 process 7, §8 process 7' },
  { code: 'not_attached', stage: 'review', source: '000 §12.3 (a refusal ground by inference)' },
  { code: 'other', stage: 'review', source: '000 §6 (the full list is in standard No. 1294)' },
];

/** Annex 1, tables 1 (portal) and 2 (walk-in), the same in the appointment and home-call regulations. */
export const PHC_000_STEP_NORMS: readonly StepNorm[] = [
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
];
