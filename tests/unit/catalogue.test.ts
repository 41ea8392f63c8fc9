import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CATALOGUE,
  CHANNEL_NAMES,
  REFUSAL_GROUND_NAMES,
  SERVICE_CODES,
  STEP_NAMES,
  catalogueSchema,
  deadlineFor,
  documentsFor,
  formFields,
  formSchema,
  refusalGroundName,
  refusalGroundsFor,
  resultsFor,
  serviceByCode,
  serviceCodeSchema,
  stepName,
  stepNormsFor,
  validateForm,
  type Channel,
  type FieldDefinition,
  type FormValues,
  type ServiceCode,
  type ServiceDefinition,
} from '../../src/shared/catalogue';
import { withCheckDigit } from '../../src/shared/domain/iin';
import { ROLES } from '../../src/shared/domain/roles';
import { breakCheckDigit, makeIin } from '../helpers/iin';

const CATALOGUE_DIR = fileURLToPath(new URL('../../src/shared/catalogue/', import.meta.url));
const SERVICES_DIR = `${CATALOGUE_DIR}services/`;
const SRC_DIR = fileURLToPath(new URL('../../src/', import.meta.url));

const TODAY = '2024-05-15';
const APPLICANT_IIN = makeIin('1985-04-12', 'female', 7);

function service(code: ServiceCode): ServiceDefinition {
  const found = serviceByCode(code);
  if (!found) throw new Error(`no service ${code}`);
  return found;
}

/** The codes, channels and payment of the domain README's table. */
const README: Record<ServiceCode, { channels: Channel[]; paid: boolean }> = {
  'phc.appointment': { channels: ['portal', 'walk_in', 'phone'], paid: false },
  'phc.attachment': { channels: ['portal', 'walk_in'], paid: false },
  'phc.home-call': { channels: ['portal', 'walk_in', 'phone'], paid: false },
  'social.unemployed-certificate': { channels: ['portal', 'walk_in', 'service_centre'], paid: false },
  'social.disabled-children': { channels: ['portal', 'walk_in'], paid: false },
  'archive.apostille': { channels: ['portal', 'walk_in', 'service_centre'], paid: true },
  'archive.reference': { channels: ['portal', 'walk_in', 'service_centre'], paid: false },
  'media.registration': { channels: ['portal', 'walk_in'], paid: true },
  'licence.medical': { channels: ['portal', 'walk_in', 'service_centre'], paid: true },
  'licence.med-import-export': { channels: ['portal', 'walk_in'], paid: false },
};

const ADDRESS = { region: 'Ақмола облысы', city: 'Көкшетау', street: 'Абай көшесі', house: '12', flat: '5' };

/** A filled form per service (and operation) as the counter would enter it. */
const VALID: Array<{ code: ServiceCode; operation?: string; values: FormValues }> = [
  {
    code: 'phc.appointment',
    values: { speciality: 'district_therapist', preferredDate: '2024-05-20', preferredTime: '09:30', reason: 'Бас ауруы', contactPhone: '8 701 234 56 78' },
  },
  {
    code: 'phc.attachment',
    values: { attachmentReason: 'change_of_residence', address: { ...ADDRESS, flat: null }, currentOrganisation: '', contactPhone: '' },
  },
  {
    code: 'phc.home-call',
    values: { address: ADDRESS, symptoms: 'Қызу 38,5, жөтел', contactPhone: '+7 (701) 234-56-78', patientIin: makeIin('2019-02-03', 'male') },
  },
  { code: 'social.unemployed-certificate', values: { periodFrom: '2024-01-10', periodTo: '2024-05-01', presentTo: 'Тұрғын үй көмегі' } },
  {
    code: 'social.disabled-children',
    values: { childIin: makeIin('2014-09-01', 'male', 3), relationship: 'parent', school: '№ 5 мектеп-гимназия', bankAccount: 'KZ86125KZT5004100100' },
  },
  {
    code: 'archive.apostille',
    values: {
      documentKind: 'archival_reference',
      issuingArchive: 'Ақмола облысының мемлекеттік мұрағаты',
      destinationCountry: 'Germany',
      copies: 2,
      byRepresentative: true,
      representativeIin: makeIin('1990-01-01', 'male', 5),
      powerOfAttorneyNotarised: true,
      powerOfAttorneyNumber: '2024-1234',
      powerOfAttorneyDate: '2024-04-30',
    },
  },
  { code: 'archive.reference', values: { subject: 'length_of_service', organisation: 'Целинный совхоз', yearFrom: 1975, yearTo: 1991 } },
  {
    code: 'media.registration',
    values: { mediaKind: 'periodical', title: 'Көкшетау жаршысы', languages: ['kk', 'ru'], territory: 'Ақмола облысы', subjectMatter: 'Қоғамдық-саяси' },
  },
  {
    code: 'licence.medical',
    operation: 'issue',
    values: {
      subtypes: ['qualified_care', 'laboratory_diagnostics'],
      premises: [
        { kind: 'head_office', address: ADDRESS },
        { kind: 'branch', address: { ...ADDRESS, house: '40', flat: '' } },
      ],
    },
  },
  {
    code: 'licence.medical',
    operation: 'reissue',
    values: { subtypes: ['qualified_care'], licenceNumber: '13001234', licenceDate: '2013-02-01', reissueReason: 'name_change' },
  },
  { code: 'licence.medical', operation: 'duplicate', values: { licenceNumber: '13001234', licenceDate: '2013-02-01', duplicateReason: 'lost' } },
  {
    code: 'licence.med-import-export',
    values: {
      direction: 'import',
      country: 'India',
      goods: [
        { name: 'Paracetamol 500 mg', category: 'medicine', registration: 'registered', quantity: 10000, unit: 'pack' },
        { name: 'Ultrasound scanner', category: 'medical_equipment', registration: 'unregistered', quantity: 1, unit: 'pcs', manufacturer: 'X' },
      ],
    },
  },
];

/** A valid value for any field, for the generic round trip; checkboxes ticked to open conditional fields. */
function sampleValue(field: FieldDefinition): unknown {
  switch (field.type) {
    case 'text':
    case 'textarea':
      return field.pattern ? 'KZ86125KZT5004100100' : 'Мәтін';
    case 'date':
      return field.notBeforeToday ? '2024-06-01' : '2024-01-10';
    case 'time':
      return '10:00';
    case 'datetime':
      return '2024-06-01T10:00';
    case 'select':
      return field.options?.[0]?.value;
    case 'multiselect':
      return [field.options?.[0]?.value];
    case 'iin':
      return APPLICANT_IIN;
    case 'bin':
      return withCheckDigit('09074000001');
    case 'phone':
      return '87012345678';
    case 'number':
      return field.min;
    case 'checkbox':
      return true;
    case 'address':
      return ADDRESS;
    case 'list':
      return [Object.fromEntries((field.itemFields ?? []).map((item) => [item.id, sampleValue(item)]))];
  }
}

function operationsOf(definition: ServiceDefinition): Array<string | undefined> {
  return definition.operations ? definition.operations.map((op) => op.code) : [undefined];
}

/** Every object that carries kk/ru/en, with its path. */
function localisedIn(value: unknown, path: string, out: Array<{ path: string; value: Record<string, unknown> }>): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => localisedIn(item, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if ('kk' in record || 'ru' in record || 'en' in record) out.push({ path, value: record });
    else for (const [key, inner] of Object.entries(record)) localisedIn(inner, `${path}.${key}`, out);
  }
}

describe('the catalogue', () => {
  it('defines the ten services of the domain README, with unique codes', () => {
    expect(CATALOGUE).toHaveLength(10);
    expect([...SERVICE_CODES].sort()).toEqual(Object.keys(README).sort());
    expect(new Set(SERVICE_CODES).size).toBe(SERVICE_CODES.length);
    for (const code of SERVICE_CODES) {
      expect(serviceByCode(code)?.code).toBe(code);
      expect(serviceCodeSchema.parse(code)).toBe(code);
    }
    expect(serviceByCode('phc.unknown')).toBeUndefined();
    expect(serviceCodeSchema.safeParse('phc.unknown').success).toBe(false);
  });

  it('validates every definition with catalogueSchema', () => {
    for (const definition of CATALOGUE) {
      const result = catalogueSchema.safeParse(definition);
      expect(result.success ? [] : result.error.issues, definition.code).toEqual([]);
    }
  });

  it('rejects definitions whose parts do not fit together', () => {
    const base = structuredClone(service('archive.apostille')) as ServiceDefinition;
    const broken: Array<[string, ServiceDefinition]> = [
      ['missing kk', { ...base, names: { ...base.names, kk: ' ' } }],
      ['unsigned results', { ...base, results: base.results.map((r) => ({ ...r, signedBy: null })) }],
      ['no refusal grounds', { ...base, refusalGrounds: [] }],
      ['paid without the payment ground', { ...base, refusalGrounds: base.refusalGrounds.filter((g) => g.code !== 'payment_missing') }],
      ['norm on a channel not offered', { ...base, stepNorms: [{ ...base.stepNorms[0]!, channel: 'phone' }] }],
      ['duplicate field', { ...base, fields: [...base.fields, base.fields[0]!] }],
      ['condition on a later field', { ...base, fields: [...base.fields].reverse() }],
      ['select without options', { ...base, fields: [{ ...base.fields[0]!, options: undefined }] }],
      ['unknown prefill', { ...base, fields: [{ ...base.fields[1]!, prefill: 'person.shoeSize' }] }],
      ['invented deadline shape', { ...base, deadline: { kind: 'by_standard', source: 'x' } as never }],
      ['bad code', { ...base, code: 'Apostille' }],
    ];
    for (const [what, definition] of broken) {
      expect(catalogueSchema.safeParse(definition).success, what).toBe(false);
    }
  });

  it('has every name in Kazakh, Russian and English', () => {
    const found: Array<{ path: string; value: Record<string, unknown> }> = [];
    localisedIn(CATALOGUE, 'CATALOGUE', found);
    localisedIn({ CHANNEL_NAMES, STEP_NAMES, REFUSAL_GROUND_NAMES }, 'vocabulary', found);
    expect(found.length).toBeGreaterThan(250);
    for (const { path, value } of found) {
      expect(Object.keys(value).sort(), path).toEqual(['en', 'kk', 'ru']);
      for (const locale of ['kk', 'ru', 'en']) {
        expect(typeof value[locale] === 'string' && (value[locale] as string).trim().length > 0, `${path}.${locale}`).toBe(true);
      }
    }
    // Kazakh texts are written in Kazakh: at least one of its own letters in every service name.
    for (const definition of CATALOGUE) expect(definition.names.kk, definition.code).toMatch(/[әғқңөұүһі]/i);
  });

  it('offers the channels of the README and is handled by staff roles', () => {
    for (const definition of CATALOGUE) {
      const code = definition.code as ServiceCode;
      expect([...definition.channels].sort(), code).toEqual([...README[code].channels].sort());
      expect(definition.roles.length, code).toBeGreaterThan(0);
      for (const role of definition.roles) expect(ROLES).toContain(role);
      expect(definition.roles).not.toContain('administrator');
    }
    expect(service('phc.appointment').roles).toEqual(['registrar']);
    expect(service('social.disabled-children').roles).toEqual(['social_officer']);
    expect(service('archive.reference').roles).toEqual(['archivist']);
    expect(service('licence.medical').roles).toEqual(['licensing_officer']);
    expect(service('phc.home-call').applicant).toBe('person');
    expect(service('licence.medical').applicant).toBe('person_or_organisation');
  });

  it('cites the regulation and the standard of every service', () => {
    for (const definition of CATALOGUE) {
      expect(definition.legalBasis.some((act) => act.kind === 'regulation'), definition.code).toBe(true);
      expect(definition.legalBasis.some((act) => act.kind === 'standard'), definition.code).toBe(true);
    }
    const [regulation] = service('licence.med-import-export').legalBasis;
    expect(regulation).toMatchObject({ kind: 'regulation', date: '2013-03-20', number: '164', registered: { number: '8428' } });
    expect(service('phc.attachment').legalBasis.filter((act) => act.kind === 'regulation').map((act) => act.number)).toEqual(['А-1/666', '3']);
  });
});

describe('deadlines', () => {
  it('gives the medical licence 15 working days to issue, 10 to re-issue and 2 for a duplicate', () => {
    const licence = service('licence.medical');
    expect(licence.operations?.map((op) => [op.code, op.deadline])).toEqual([
      ['issue', expect.objectContaining({ kind: 'working_days', value: 15 })],
      ['reissue', expect.objectContaining({ kind: 'working_days', value: 10 })],
      ['duplicate', expect.objectContaining({ kind: 'working_days', value: 2 })],
    ]);
    expect(deadlineFor(licence, { operation: 'issue', channel: 'portal' })).toMatchObject({ kind: 'working_days', value: 15 });
    expect(deadlineFor(licence, { operation: 'reissue' })).toMatchObject({ kind: 'working_days', value: 10 });
    expect(deadlineFor(licence, { operation: 'duplicate' })).toMatchObject({ kind: 'working_days', value: 2 });
    expect(() => deadlineFor(licence, { operation: 'renew' })).toThrow();
  });

  it('takes the terms the texts state, per channel where they differ', () => {
    const unemployed = service('social.unemployed-certificate');
    expect(deadlineFor(unemployed, { channel: 'walk_in' })).toMatchObject({ kind: 'minutes', value: 10 });
    expect(deadlineFor(unemployed, { channel: 'portal' })).toMatchObject({ kind: 'minutes', value: 10 });
    expect(deadlineFor(unemployed, { channel: 'service_centre' })).toMatchObject({ kind: 'working_days', value: 3 });
    expect(deadlineFor(service('social.disabled-children'))).toMatchObject({ kind: 'working_days', value: 10 });
    expect(deadlineFor(service('phc.attachment'))).toMatchObject({ kind: 'working_days', value: 1 });
  });

  it('leaves to configuration the terms the regulations defer to a standard', () => {
    for (const code of ['phc.appointment', 'phc.home-call', 'archive.apostille', 'archive.reference', 'media.registration'] as const) {
      const deadline = deadlineFor(service(code));
      expect(deadline.kind, code).toBe('by_standard');
      // Nothing invented: no default where the text names no value.
      expect(deadline, code).not.toHaveProperty('defaultWorkingDays');
    }
    expect(deadlineFor(service('licence.med-import-export'))).toMatchObject({ kind: 'by_standard', choices: [5, 3], defaultWorkingDays: 5 });
  });
});

describe('payment, results and refusals', () => {
  it('requires payment for the apostille, the mass-media registration and the medical licence only', () => {
    expect(service('archive.apostille').payment).toMatchObject({ required: true, checkedOn: ['portal'] });
    expect(service('media.registration').payment).toMatchObject({ required: true, checkedOn: ['portal'] });
    for (const definition of CATALOGUE) {
      expect(definition.payment.required, definition.code).toBe(README[definition.code as ServiceCode].paid);
      // The amount is never in the regulations, so none is stated.
      expect(definition.payment.amountTiyn, definition.code).toBeUndefined();
    }
  });

  it('gives every service a result signed by the authorised signer, and one on every channel', () => {
    for (const definition of CATALOGUE) {
      expect(definition.results.some((result) => result.signedBy === 'authorised_signer'), definition.code).toBe(true);
      for (const result of definition.results) {
        // Only a journal entry with an oral answer goes unsigned.
        if (result.signedBy === null) expect(result.form, `${definition.code} ${result.kind}`).toBe('journal_entry');
      }
      for (const channel of definition.channels) expect(resultsFor(definition, channel).length, `${definition.code} ${channel}`).toBeGreaterThan(0);
    }
    expect(resultsFor(service('phc.appointment'), 'phone')).toEqual([
      expect.objectContaining({ kind: 'appointment_journal_entry', journal: 'appointments', signedBy: null }),
    ]);
    expect(resultsFor(service('phc.home-call'), 'walk_in')[0]).toMatchObject({ journal: 'home_calls' });
    expect(service('archive.apostille').results.find((result) => result.kind === 'apostille')).toMatchObject({ journal: 'apostille_register' });
    expect(service('licence.medical').results).toEqual([expect.objectContaining({ kind: 'e_licence', journal: 'licence_register' })]);
  });

  it('gives every service its grounds for a reasoned refusal', () => {
    for (const definition of CATALOGUE) {
      const codes = definition.refusalGrounds.map((ground) => ground.code);
      expect(codes, definition.code).toContain('applicant_data_unavailable');
      expect(codes, definition.code).toContain('other');
      expect(codes.includes('signature_not_confirmed'), definition.code).toBe(definition.channels.includes('portal'));
      expect(codes.includes('payment_missing'), definition.code).toBe(definition.payment.required);
      for (const ground of definition.refusalGrounds) expect(refusalGroundName(ground).kk.length).toBeGreaterThan(0);
    }
    expect(service('licence.medical').refusalGrounds.map((g) => g.code)).toContain('qualification_requirements_not_met');
    expect(service('archive.apostille').refusalGrounds.map((g) => g.code)).toContain('power_of_attorney_unavailable');
    expect(refusalGroundsFor(service('archive.apostille'), 'walk_in').map((g) => g.code)).not.toContain('payment_missing');
    expect(refusalGroundName(service('media.registration').refusalGrounds.find((g) => g.code === 'grounds_not_met')!).en).toMatch(/registration/);
  });
});

describe('step norms', () => {
  /** Channels for which the regulation notes give an Annex table (no table for the telephone). */
  const TABLED: Record<ServiceCode, Channel[]> = {
    'phc.appointment': ['portal', 'walk_in'],
    'phc.attachment': ['portal', 'walk_in'],
    'phc.home-call': ['portal', 'walk_in'],
    'social.unemployed-certificate': ['portal', 'walk_in', 'service_centre'],
    'social.disabled-children': ['portal', 'walk_in'],
    'archive.apostille': ['portal', 'walk_in', 'service_centre'],
    'archive.reference': ['portal', 'walk_in', 'service_centre'],
    'media.registration': ['portal', 'walk_in'],
    'licence.medical': ['portal', 'walk_in', 'service_centre'],
    'licence.med-import-export': ['portal', 'walk_in'],
  };

  it('has the norms of every table the notes list, starting with signing in', () => {
    for (const definition of CATALOGUE) {
      const channels = [...new Set(definition.stepNorms.map((norm) => norm.channel))].sort();
      expect(channels, definition.code).toEqual([...TABLED[definition.code as ServiceCode]].sort());
      for (const channel of channels) {
        expect(stepNormsFor(definition, channel, definition.operations?.[0]?.code)[0]?.step, `${definition.code} ${channel}`).toBe('sign_in');
      }
      for (const norm of definition.stepNorms) {
        expect(stepName(norm).ru.length).toBeGreaterThan(0);
        expect(norm.source).toMatch(/^00[0-4] /);
      }
    }
  });

  it('keeps the values of the tables', () => {
    const norm = (code: ServiceCode, channel: Channel, step: string, operation?: string) =>
      stepNormsFor(service(code), channel, operation).find((n) => n.step === step)?.norm;
    expect(norm('phc.appointment', 'walk_in', 'sign_in')).toEqual({ min: 10, value: 15, unit: 'seconds' });
    expect(norm('phc.appointment', 'walk_in', 'refusal')).toEqual({ value: 10, unit: 'minutes' });
    expect(norm('phc.home-call', 'portal', 'register_request')).toEqual({ value: 1, unit: 'minutes' });
    expect(norm('phc.attachment', 'portal', 'result')).toEqual({ value: 1, unit: 'working_days' });
    expect(norm('social.unemployed-certificate', 'walk_in', 'result')).toEqual({ value: 10, unit: 'minutes' });
    expect(norm('social.unemployed-certificate', 'service_centre', 'result')).toEqual({ value: 3, unit: 'working_days' });
    expect(norm('social.disabled-children', 'walk_in', 'result')).toEqual({ value: 10, unit: 'working_days' });
    expect(norm('social.disabled-children', 'walk_in', 'refusal')).toBeUndefined(); // no value in the source
    expect(norm('archive.apostille', 'portal', 'payment')).toEqual({ value: 1.5, unit: 'minutes' });
    expect(norm('media.registration', 'portal', 'payment_refusal')).toEqual({ value: 20, unit: 'seconds' });
    expect(norm('archive.reference', 'service_centre', 'registry_no_data')).toEqual({ value: 1.5, unit: 'minutes' });
    expect(norm('licence.medical', 'portal', 'result', 'issue')).toEqual({ value: 15, unit: 'working_days' });
    expect(norm('licence.medical', 'service_centre', 'result', 'duplicate')).toEqual({ value: 2, unit: 'working_days' });
    expect(stepNormsFor(service('licence.medical'), 'walk_in', 'reissue').filter((n) => n.step === 'result')).toHaveLength(1);
    expect(norm('licence.med-import-export', 'walk_in', 'register_request')).toEqual({ value: 1.5, unit: 'minutes' });
  });
});

describe('documents', () => {
  it('asks for the identity document or, under sixteen, the birth certificate at the polyclinic', () => {
    const appointment = service('phc.appointment');
    const adult = documentsFor(appointment, 'walk_in', { applicantBirthDate: '1985-04-12', today: TODAY });
    expect(adult.map((d) => [d.document.code, d.mandatory])).toEqual([
      ['identity_document', true],
      ['birth_certificate', false],
    ]);
    const child = documentsFor(appointment, 'walk_in', { applicantBirthDate: '2010-06-01', today: TODAY });
    expect(child.map((d) => d.mandatory)).toEqual([false, true]);
    expect(documentsFor(appointment, 'walk_in').map((d) => d.mandatory)).toEqual([undefined, undefined]);
    expect(documentsFor(appointment, 'phone')).toEqual([]);
  });

  it('asks for the power of attorney only from a representative, and marks the standard\'s list as configurable', () => {
    const reference = service('archive.reference');
    const checklist = (values: FormValues) =>
      documentsFor(reference, 'service_centre', { values }).map((d) => [d.document.code, d.mandatory]);
    expect(checklist({ byRepresentative: true })).toEqual([
      ['power_of_attorney', true],
      ['standard_documents', true],
    ]);
    expect(checklist({})[0]).toEqual(['power_of_attorney', false]);
    for (const definition of CATALOGUE.filter((d) => !d.code.startsWith('phc.'))) {
      expect(definition.documents.some((d) => d.perStandard !== undefined), definition.code).toBe(true);
    }
  });
});

describe('form schemas', () => {
  it('accepts a filled form of every service', () => {
    const covered = new Set<string>();
    for (const { code, operation, values } of VALID) {
      const result = validateForm(service(code), values, { operation, today: TODAY });
      expect(result.ok ? [] : result.issues, `${code} ${operation ?? ''}`).toEqual([]);
      covered.add(code);
    }
    expect(covered.size).toBe(10);
  });

  it('accepts every field of every definition filled with a valid value', () => {
    for (const definition of CATALOGUE) {
      for (const operation of operationsOf(definition)) {
        const fields = formFields(definition, operation);
        const values = Object.fromEntries(fields.map((field) => [field.id, sampleValue(field)]));
        const result = formSchema(definition, operation, { today: TODAY }).safeParse(values);
        expect(result.success ? [] : result.error.issues, `${definition.code} ${operation ?? ''}`).toEqual([]);
        expect(Object.keys(result.data ?? {}).sort()).toEqual(fields.map((field) => field.id).sort());
      }
    }
  });

  it('normalises what it accepts: trimmed text, +7 phones, blank optional fields left out', () => {
    const result = validateForm(service('phc.appointment'), {
      speciality: 'general_practitioner',
      preferredDate: '2024-05-20',
      preferredTime: '',
      reason: '  Қан қысымы  ',
      contactPhone: '8 (701) 234-56-78',
    });
    expect(result).toEqual({
      ok: true,
      values: { speciality: 'general_practitioner', preferredDate: '2024-05-20', reason: 'Қан қысымы', contactPhone: '+77012345678' },
    });
  });

  it('reports missing required fields by path', () => {
    const result = validateForm(service('phc.home-call'), { symptoms: '   ', address: { region: 'Ақмола облысы', city: '' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual(
      expect.arrayContaining([
        { path: 'symptoms', code: 'required' },
        { path: 'contactPhone', code: 'required' },
        { path: 'address.city', code: 'required' },
        { path: 'address.street', code: 'required' },
        { path: 'address.house', code: 'required' },
      ]),
    );
    const empty = validateForm(service('media.registration'), {});
    expect(empty.ok ? [] : empty.issues.map((issue) => issue.path).sort()).toEqual(
      ['languages', 'mediaKind', 'subjectMatter', 'territory', 'title'].sort(),
    );
    expect(empty.ok ? [] : empty.issues.every((issue) => issue.code === 'required')).toBe(true);
  });

  it('rejects a bad IIN with the identification-number codes', () => {
    const child = makeIin('2014-09-01', 'male', 3);
    const base = { relationship: 'guardian', school: 'Мектеп' };
    expect(validateForm(service('social.disabled-children'), { ...base, childIin: breakCheckDigit(child) })).toEqual({
      ok: false,
      issues: [{ path: 'childIin', code: 'id.bad_check_digit' }],
    });
    expect(validateForm(service('social.disabled-children'), { ...base, childIin: '12345' })).toMatchObject({
      issues: [{ path: 'childIin', code: 'id.wrong_length' }],
    });
    expect(validateForm(service('social.disabled-children'), { ...base, childIin: 140901500012 })).toMatchObject({
      issues: [{ path: 'childIin', code: 'wrong_type' }],
    });
  });

  it('rejects values outside the definition: options, formats, bounds, dates, unknown fields', () => {
    const issues = (code: ServiceCode, values: FormValues, operation?: string) => {
      const result = validateForm(service(code), values, { operation, today: TODAY });
      return result.ok ? [] : result.issues;
    };
    expect(issues('phc.appointment', { speciality: 'surgeon', preferredDate: '2024-02-30', contactPhone: '12345', extra: 1 })).toEqual(
      expect.arrayContaining([
        { path: '', code: 'unknown_field', params: { fields: 'extra' } },
        { path: 'speciality', code: 'not_allowed' },
        { path: 'preferredDate', code: 'bad_format' },
        { path: 'contactPhone', code: 'bad_format' },
      ]),
    );
    // The preferred date may not lie in the past (checked when the schema knows today).
    expect(issues('phc.appointment', { speciality: 'general_practitioner', preferredDate: '2024-05-14' })).toEqual([
      { path: 'preferredDate', code: 'not_allowed' },
    ]);
    expect(validateForm(service('phc.appointment'), { speciality: 'general_practitioner', preferredDate: '2024-05-14' }).ok).toBe(true);
    expect(issues('social.unemployed-certificate', { periodFrom: '2024-03-01', periodTo: '2024-02-01' })).toEqual([
      { path: 'periodTo', code: 'not_allowed' },
    ]);
    expect(issues('archive.reference', { subject: 'salary', organisation: 'Завод', yearFrom: 1800 })).toEqual([
      { path: 'yearFrom', code: 'out_of_range', params: { min: 1900, max: 2100 } },
    ]);
    expect(issues('social.disabled-children', { childIin: makeIin('2014-09-01'), relationship: 'parent', school: 'М', bankAccount: 'KZ12' })).toEqual([
      { path: 'bankAccount', code: 'bad_format' },
    ]);
    expect(issues('media.registration', { mediaKind: 'online', title: 'x'.repeat(201), languages: ['kk', 'kk'], territory: 'РК', subjectMatter: 'Жаңалықтар' })).toEqual([
      { path: 'title', code: 'too_long', params: { max: 200 } },
      { path: 'languages', code: 'invalid' },
    ]);
  });

  it('reports problems inside a list with the entry\'s path', () => {
    const result = validateForm(service('licence.med-import-export'), {
      direction: 'export',
      country: 'Kyrgyzstan',
      goods: [
        { name: 'Insulin', category: 'medicine', registration: 'registered', quantity: 0, unit: 'vial' },
        { name: '', category: 'vaccine', registration: 'registered', quantity: 2.5, unit: 'box', colour: 'red' },
      ],
    });
    expect(result).toEqual({
      ok: false,
      issues: [
        { path: 'goods.0.quantity', code: 'out_of_range', params: { min: 1, max: 1_000_000_000 } },
        { path: 'goods.1', code: 'unknown_field', params: { fields: 'colour' } },
        { path: 'goods.1.name', code: 'required' },
        { path: 'goods.1.category', code: 'not_allowed' },
        { path: 'goods.1.quantity', code: 'out_of_range', params: { min: 1, max: 1_000_000_000 } },
      ],
    });
    expect(validateForm(service('licence.med-import-export'), { direction: 'import', country: 'China', goods: [] })).toMatchObject({
      issues: [{ path: 'goods', code: 'required' }],
    });
  });

  it('asks the representative\'s fields only when a representative applies, and drops stale ones', () => {
    const apostille = service('archive.apostille');
    const base = { documentKind: 'archival_copy', issuingArchive: 'Ұлттық мұрағат', destinationCountry: 'France', copies: 1 };
    expect(validateForm(apostille, { ...base, byRepresentative: true }, { today: TODAY })).toEqual({
      ok: false,
      issues: [{ path: 'representativeIin', code: 'required' }],
    });
    expect(validateForm(apostille, { ...base, byRepresentative: true, representativeIin: APPLICANT_IIN, powerOfAttorneyNotarised: true })).toMatchObject({
      issues: [
        { path: 'powerOfAttorneyNumber', code: 'required' },
        { path: 'powerOfAttorneyDate', code: 'required' },
      ],
    });
    // A power of attorney certified otherwise is not entered (002 §3.4).
    expect(validateForm(apostille, { ...base, byRepresentative: true, representativeIin: APPLICANT_IIN }).ok).toBe(true);
    expect(validateForm(apostille, { ...base, byRepresentative: false, representativeIin: 'garbage', powerOfAttorneyNumber: '1' })).toEqual({
      ok: true,
      values: { ...base, byRepresentative: false },
    });
  });

  it('builds the form of a licence operation from the fields of that operation', () => {
    const licence = service('licence.medical');
    expect(() => formSchema(licence)).toThrow();
    expect(() => formSchema(service('phc.attachment'), 'issue')).toThrow();
    expect(formFields(licence, 'duplicate').map((field) => field.id)).toEqual(['licenceNumber', 'licenceDate', 'duplicateReason', 'contactPhone']);
    expect(validateForm(licence, { licenceNumber: '1', licenceDate: '2013-02-01', duplicateReason: 'lost', subtypes: ['qualified_care'] }, { operation: 'duplicate' })).toMatchObject({
      issues: [{ path: '', code: 'unknown_field', params: { fields: 'subtypes' } }],
    });
    expect(validateForm(licence, { subtypes: ['qualified_care'] }, { operation: 'issue' })).toMatchObject({
      issues: [{ path: 'premises', code: 'required' }],
    });
  });
});

describe('adding a service', () => {
  it('takes the catalogue from the services folder through the list in index.ts only', async () => {
    const files = readdirSync(SERVICES_DIR).filter((name) => name.endsWith('.ts')).sort();
    expect(files).toHaveLength(CATALOGUE.length);
    const exported: ServiceDefinition[] = [];
    for (const file of files) {
      const module = (await import(`${SERVICES_DIR}${file}`)) as Record<string, unknown>;
      const definitions = Object.values(module);
      expect(definitions, file).toHaveLength(1);
      exported.push(definitions[0] as ServiceDefinition);
      // The file is named after the code.
      expect(file).toBe(`${(definitions[0] as ServiceDefinition).code.replace('.', '-')}.ts`);
    }
    expect(new Set(exported)).toEqual(new Set(CATALOGUE));

    const index = readFileSync(`${CATALOGUE_DIR}index.ts`, 'utf8');
    for (const file of files) {
      expect(index.match(new RegExp(`from '\\./services/${file.replace('.ts', '')}'`, 'g')), file).toHaveLength(1);
    }
    // Nothing else in src reaches into the services folder.
    const offenders = sourceFiles(SRC_DIR)
      .filter((path) => !path.startsWith(CATALOGUE_DIR))
      .filter((path) => /catalogue\/services\//.test(readFileSync(path, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('needs nothing but a definition for a new service to work', () => {
    const base = structuredClone(service('archive.reference')) as ServiceDefinition;
    const added: ServiceDefinition = {
      ...base,
      code: 'archive.copy',
      names: { kk: 'Мұрағаттық құжаттардың көшірмелерін беру', ru: 'Выдача копий архивных документов', en: 'Copies of archival documents' },
      channels: ['walk_in', 'portal'],
      refusalGrounds: base.refusalGrounds
        .filter((ground) => ground.code !== 'power_of_attorney_unavailable')
        .map((ground) => ({ ...ground, channels: ground.channels?.filter((c) => c !== 'service_centre') })),
      stepNorms: base.stepNorms.filter((norm) => norm.channel !== 'service_centre'),
      documents: base.documents.map((doc) => ({ ...doc, channels: doc.channels?.filter((c) => c !== 'service_centre') })),
      results: base.results.map((result) => ({ ...result, channels: result.channels.filter((c) => c !== 'service_centre') })),
    };
    const checked = catalogueSchema.safeParse(added);
    expect(checked.success ? [] : checked.error.issues).toEqual([]);
    expect(validateForm(added, { subject: 'education', organisation: 'Университет', yearFrom: 1990 }).ok).toBe(true);
    expect(deadlineFor(added, { channel: 'walk_in' }).kind).toBe('by_standard');
    expect(stepNormsFor(added, 'portal').length).toBeGreaterThan(0);
  });

  it('keeps the catalogue pure: no Node, DOM or application imports, and frozen data', () => {
    for (const path of sourceFiles(CATALOGUE_DIR)) {
      const imports = [...readFileSync(path, 'utf8').matchAll(/from '([^']+)'/g)].map((match) => match[1] as string);
      for (const specifier of imports) {
        const allowed = specifier === 'zod' || specifier.startsWith('./') || /^\.\.\/(\.\.\/)?(types|phc-regulation-000|archive-representative|registry|validation|domain\/roles|api\/errors)$/.test(specifier);
        expect(allowed, `${path}: ${specifier}`).toBe(true);
      }
    }
    expect(Object.isFrozen(CATALOGUE)).toBe(true);
    expect(Object.isFrozen(CATALOGUE[0]?.fields[0])).toBe(true);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(`${path}/`);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}
