// The intake wizard's logic without a browser: the typed form as the service takes it and checked
// with main's schema (dates as staff type them, numbers as text, `when` conditions, operations,
// lists), the registry prefill that never overwrites what was typed, the documents checklist with
// its conditions, and the little helpers (channels, grouping, the lookup purpose).
import { describe, expect, it } from 'vitest';
import { CATALOGUE, serviceByCode, validateForm, type CatalogueService } from '../../src/shared/catalogue';
import type { Person } from '../../src/shared/registry';
import type { CatalogueEntry } from '../../src/shared/requests/api';
import {
  activeFields,
  almatyToday,
  applicantBirthDate,
  applyPrefill,
  checklist,
  checkServiceForm,
  documentMarks,
  emptyValues,
  formIssuesFromApi,
  groupServices,
  intakeChannels,
  issuesUnder,
  lookupPurpose,
  missingDocuments,
  parseDisplayDateTime,
  prefillValues,
  STEPS,
} from '../../src/renderer/pages/intake/model';
import { getIntake, resetIntake, updateIntake } from '../../src/renderer/pages/intake/store';
import { makeIin } from '../helpers/iin';

const TODAY = '2026-03-02';

function service(code: string): CatalogueService {
  return serviceByCode(code) as CatalogueService;
}

const PERSON: Person = {
  iin: makeIin('1990-04-12', 'female', 31),
  surname: 'Әбдірахманова',
  name: 'Әсел',
  patronymic: 'Қайратқызы',
  birthDate: '1990-04-12',
  sex: 'female',
  citizenship: 'KZ',
  address: { region: 'Қарағанды облысы', city: 'Қарағанды', street: 'Бұқар жырау даңғылы', house: '45', flat: null },
  document: { type: 'id_card', number: '045123987', issuedOn: '2016-05-20', issuer: 'ҚР ІІМ' },
  deathDate: null,
};

describe('the steps', () => {
  it('follow the regulation at the counter: service, applicant, form, documents, attachments, signature, registration', () => {
    expect(STEPS).toEqual(['service', 'applicant', 'form', 'documents', 'attachments', 'signature', 'register']);
  });
});

describe('the typed form checked with main’s schema', () => {
  it('reports every required field of every service on an empty form, at the field', () => {
    for (const definition of CATALOGUE) {
      const operation = definition.operations?.[0]?.code ?? null;
      const check = checkServiceForm(definition, operation, emptyValues(definition), TODAY);
      expect(check.ok).toBe(false);
      const shown = activeFields(definition, operation, emptyValues(definition));
      for (const field of shown.filter((f) => f.required && f.type !== 'list' && f.type !== 'address')) {
        expect({ service: definition.code, field: field.id, issue: check.issues[field.id]?.code }).toEqual({
          service: definition.code,
          field: field.id,
          issue: 'required',
        });
      }
    }
  });

  it('takes dates as dd.mm.yyyy and numbers as text, and passes what main passes', () => {
    const reference = service('archive.reference');
    const values = {
      ...emptyValues(reference),
      subject: 'salary',
      organisation: '«Қарағанды көмір» АҚ',
      yearFrom: '1985',
      yearTo: ' 1990 ',
    };
    const check = checkServiceForm(reference, null, values, TODAY);
    expect(check.issues).toEqual({});
    expect(check.ok).toBe(true);
    expect(check.values).toMatchObject({ yearFrom: 1985, yearTo: 1990, byRepresentative: false });
    expect(validateForm(reference, check.values, { today: TODAY }).ok).toBe(true);
  });

  it('says why a number or a date is wrong, with the bounds', () => {
    const reference = service('archive.reference');
    const base = { ...emptyValues(reference), subject: 'salary', organisation: 'X' };
    expect(checkServiceForm(reference, null, { ...base, yearFrom: '1850' }, TODAY).issues.yearFrom).toEqual({
      path: 'yearFrom',
      code: 'out_of_range',
      params: { min: 1900, max: 2100 },
    });
    expect(checkServiceForm(reference, null, { ...base, yearFrom: 'тысяча' }, TODAY).issues.yearFrom).toEqual({
      path: 'yearFrom',
      code: 'out_of_range',
      params: { min: 1900, max: 2100 },
    });
    expect(checkServiceForm(reference, null, { ...base, yearFrom: '1990', yearTo: '1980' }, TODAY).issues.yearTo?.code).toBe('not_allowed');

    const appointment = service('phc.appointment');
    const form = { ...emptyValues(appointment), speciality: 'district_therapist' };
    expect(checkServiceForm(appointment, null, { ...form, preferredDate: '31.02.2026' }, TODAY).issues.preferredDate?.code).toBe('date.format');
    expect(checkServiceForm(appointment, null, { ...form, preferredDate: '01.03.2026' }, TODAY).issues.preferredDate?.code).toBe('not_allowed');
    expect(checkServiceForm(appointment, null, { ...form, preferredDate: '5.3.2026', preferredTime: '9:30' }, TODAY)).toMatchObject({
      ok: true,
      values: { preferredDate: '2026-03-05', preferredTime: '09:30' },
    });
    expect(checkServiceForm(appointment, null, { ...form, preferredDate: '05.03.2026', preferredTime: '25:00' }, TODAY).issues.preferredTime?.code).toBe(
      'bad_format',
    );
    expect(parseDisplayDateTime('05.03.2026 9:30')).toBe('2026-03-05T09:30');
    expect(parseDisplayDateTime('2026-03-05 09:30')).toBeNull();
  });

  it('asks conditional fields only while their condition holds, and keeps what was typed in them', () => {
    const apostille = service('archive.apostille');
    const typed = {
      ...emptyValues(apostille),
      documentKind: 'archival_reference',
      issuingArchive: 'ҚР Орталық мемлекеттік мұрағаты',
      destinationCountry: 'Deutschland',
      copies: '2',
      representativeIin: 'typed before the box was ticked',
    };
    const without = checkServiceForm(apostille, null, typed, TODAY);
    expect(without.ok).toBe(true);
    expect(without.values).not.toHaveProperty('representativeIin');
    expect(activeFields(apostille, null, typed).map((f) => f.id)).not.toContain('representativeIin');

    const withRepresentative = checkServiceForm(apostille, null, { ...typed, byRepresentative: true }, TODAY);
    expect(withRepresentative.issues.representativeIin?.code).toMatch(/^id\./);
    expect(activeFields(apostille, null, { ...typed, byRepresentative: true }).map((f) => f.id)).toEqual(
      expect.arrayContaining(['representativeIin', 'powerOfAttorneyNotarised']),
    );
    expect(activeFields(apostille, null, { ...typed, byRepresentative: true }).map((f) => f.id)).not.toContain('powerOfAttorneyNumber');
    const notarised = checkServiceForm(apostille, null, { ...typed, byRepresentative: true, powerOfAttorneyNotarised: true, representativeIin: PERSON.iin }, TODAY);
    expect(Object.keys(notarised.issues).sort()).toEqual(['powerOfAttorneyDate', 'powerOfAttorneyNumber']);
  });

  it('asks an operation’s own fields only, and reports problems inside lists at their place', () => {
    const licence = service('licence.medical');
    const values = emptyValues(licence);
    expect(activeFields(licence, 'issue', values).map((f) => f.id)).toEqual(['subtypes', 'premises', 'contactPhone']);
    expect(activeFields(licence, 'duplicate', values).map((f) => f.id)).toEqual(['licenceNumber', 'licenceDate', 'duplicateReason', 'contactPhone']);

    const check = checkServiceForm(licence, 'issue', { ...values, subtypes: ['emergency_care'] }, TODAY);
    expect(check.issues['premises.0.kind']?.code).toBe('required');
    expect(check.issues['premises.0.address.city']?.code).toBe('required');
    expect(issuesUnder(check.issues, 'premises').length).toBeGreaterThanOrEqual(5);
    expect(check.issues['premises.0.address.flat']).toBeUndefined();

    const none = checkServiceForm(licence, 'issue', { ...values, subtypes: ['emergency_care'], premises: [] }, TODAY);
    expect(none.issues.premises).toEqual({ path: 'premises', code: 'required' });

    const goods = service('licence.med-import-export');
    const entry = { name: 'Инсулин', category: 'medicine', registration: 'registered', quantity: '0', unit: 'уп.', manufacturer: '' };
    const bad = checkServiceForm(goods, null, { ...emptyValues(goods), direction: 'import', country: 'DE', goods: [entry] }, TODAY);
    expect(bad.issues['goods.0.quantity']).toMatchObject({ code: 'out_of_range', params: { min: 1, max: 1_000_000_000 } });
    const good = checkServiceForm(goods, null, { ...emptyValues(goods), direction: 'import', country: 'DE', goods: [{ ...entry, quantity: '120' }] }, TODAY);
    expect(good.ok).toBe(true);
    expect(good.values.goods).toEqual([{ name: 'Инсулин', category: 'medicine', registration: 'registered', quantity: 120, unit: 'уп.', manufacturer: '' }]);
  });

  it('places the service’s own answer about the form at the form’s paths', () => {
    expect(
      formIssuesFromApi([
        { path: 'form.address.city', code: 'required' },
        { path: 'documents.identity_document', code: 'request.document_required' },
        { path: 'form', code: 'invalid' },
      ]),
    ).toEqual({ 'address.city': { path: 'address.city', code: 'required' }, _: { path: '_', code: 'invalid' } });
  });
});

describe('the registry prefill', () => {
  const attachment = service('phc.attachment');

  it('fills the fields whose prefill names the applicant’s own record; other registries give nothing', () => {
    const prefill = prefillValues(attachment, { kind: 'person', person: PERSON });
    expect(prefill).toEqual({
      address: { region: 'Қарағанды облысы', city: 'Қарағанды', street: 'Бұқар жырау даңғылы', house: '45', flat: '' },
    });
    // An organisation's record has no person.address.
    expect(prefillValues(attachment, { kind: 'organisation', entity: {} as never })).toEqual({});
  });

  it('never overwrites what the employee typed; a new applicant replaces the previous one’s prefill', () => {
    const first = prefillValues(attachment, { kind: 'person', person: PERSON });
    const filled = applyPrefill(attachment, emptyValues(attachment), {}, first);
    expect(filled.address).toEqual(first.address);
    expect(checkServiceForm(attachment, null, { ...filled, attachmentReason: 'free_choice' }, TODAY).ok).toBe(true);

    const other = { ...PERSON, address: { ...PERSON.address, city: 'Теміртау', street: 'Республика даңғылы' } };
    const second = prefillValues(attachment, { kind: 'person', person: other });
    expect(applyPrefill(attachment, filled, first, second).address).toEqual(second.address);

    const edited = { ...filled, address: { ...(filled.address as object), flat: '7' } };
    expect(applyPrefill(attachment, edited, first, second).address).toEqual(edited.address);
  });
});

describe('the documents checklist', () => {
  it('makes the identity document or the birth certificate mandatory by the applicant’s age', () => {
    const appointment = service('phc.appointment');
    const adult = makeIin('1990-04-12', 'female', 5);
    const child = makeIin('2016-06-25', 'male', 6);
    const items = (iin: string) =>
      checklist(appointment, 'walk_in', { values: {}, operation: null, birthDate: applicantBirthDate({ kind: 'person', id: iin }), today: TODAY });
    expect(items(adult).map((i) => [i.document.code, i.mandatory])).toEqual([
      ['identity_document', true],
      ['birth_certificate', false],
    ]);
    expect(items(child).map((i) => [i.document.code, i.mandatory])).toEqual([
      ['identity_document', false],
      ['birth_certificate', true],
    ]);
    // Paper documents are asked at the counter only.
    expect(checklist(appointment, 'phone', { values: {}, operation: null, birthDate: undefined, today: TODAY })).toEqual([]);
  });

  it('follows the form’s answers, offers only counter presentations, and lists what is missing', () => {
    const apostille = service('archive.apostille');
    const items = checklist(apostille, 'walk_in', { values: { byRepresentative: true }, operation: null, birthDate: undefined, today: TODAY });
    expect(items.map((i) => [i.document.code, i.mandatory, i.presentations])).toEqual([
      ['document_to_apostille', true, ['original']],
      ['power_of_attorney', true, ['original']],
      ['standard_documents', true, ['original']],
    ]);
    const marks = documentMarks(items, {
      document_to_apostille: { presented: true },
      power_of_attorney: { presented: false, presentation: 'original' },
      birth_certificate: { presented: true },
    });
    expect(marks).toEqual({ document_to_apostille: { presented: true, presentation: 'original' }, power_of_attorney: { presented: false } });
    expect(missingDocuments(items, marks).map((i) => i.document.code)).toEqual(['power_of_attorney', 'standard_documents']);

    const reference = service('archive.reference');
    const referenceItems = checklist(reference, 'walk_in', { values: {}, operation: null, birthDate: undefined, today: TODAY });
    expect(referenceItems.find((i) => i.document.code === 'standard_documents')?.presentations).toEqual(['original', 'copy']);
    expect(documentMarks(referenceItems, { standard_documents: { presented: true, presentation: 'copy' } })).toEqual({
      standard_documents: { presented: true, presentation: 'copy' },
    });
  });
});

describe('helpers', () => {
  it('offers the counter channels of a service, never the portal', () => {
    expect(intakeChannels(['portal', 'walk_in', 'phone'])).toEqual(['walk_in', 'phone']);
    expect(intakeChannels(['portal', 'walk_in', 'service_centre'])).toEqual(['walk_in', 'service_centre']);
  });

  it('groups the services a person handles by area, in catalogue order', () => {
    const entries = CATALOGUE.map(
      (definition): CatalogueEntry => ({
        code: definition.code,
        names: definition.names,
        handled: definition.roles.includes('archivist') || definition.roles.includes('registrar'),
        channels: definition.channels,
        operations: [],
        terms: [],
      }),
    );
    expect(groupServices(entries).map((group) => [group.area, group.entries.map((e) => e.code)])).toEqual([
      ['phc', ['phc.appointment', 'phc.attachment', 'phc.home-call']],
      ['archive', ['archive.apostille', 'archive.reference']],
    ]);
  });

  it('keeps the lookup purpose within the registry’s 200 characters', () => {
    expect(lookupPurpose('intake', 'Archival reference')).toBe('intake: Archival reference');
    expect(lookupPurpose('қабылдау', 'қ'.repeat(400))).toHaveLength(200);
  });

  it('knows today in Almaty (UTC+5) whatever the machine’s zone', () => {
    expect(almatyToday(new Date('2026-03-01T19:30:00Z'))).toBe('2026-03-02');
    expect(almatyToday(new Date('2026-03-01T18:59:00Z'))).toBe('2026-03-01');
  });
});

describe('the intake kept outside the page', () => {
  it('keeps the state between visits and starts empty for another staff member', () => {
    resetIntake('staff-a');
    updateIntake((current) => ({ ...current, iin: PERSON.iin, step: 'applicant' }));
    expect(getIntake()).toMatchObject({ owner: 'staff-a', iin: PERSON.iin, step: 'applicant' });
    resetIntake('staff-b');
    expect(getIntake()).toMatchObject({ owner: 'staff-b', iin: '', step: 'service', draft: null });
  });
});
