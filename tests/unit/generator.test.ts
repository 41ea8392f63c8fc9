import { describe, expect, it } from 'vitest';
import { checkBin, checkIin } from '../../src/shared/domain/iin';
import {
  GENERATED_PLACES,
  PRIMARY_CARE_ORGANISATIONS,
  SIMULATION_DATE,
  adultHeadIin,
  attachmentAt,
  binAt,
  generateAttachments,
  generateLegalEntities,
  generatePayments,
  generatePeople,
  generatePowersOfAttorney,
  iinAt,
  legalEntityAt,
  paymentAt,
  personAt,
  personIndexOfIin,
  powerOfAttorneyAt,
  primaryCareEntities,
} from '../../src/server/national/generator';
import type { Person } from '../../src/shared/registry';

const SEED = 20_241_016;

function addYears(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10);
}

function fullName(p: Person): string {
  return [p.surname, p.name, p.patronymic].filter(Boolean).join(' ');
}

// Generated once and shared by the tests that only read it.
const people = [...generatePeople({ seed: SEED, count: 200_000 })];
const heads = adultHeadIin({ seed: SEED, peopleCount: people.length });
const entities = [...generateLegalEntities({ seed: SEED, count: 50_000, headIin: heads })];

describe('people', () => {
  it('are deterministic: the same seed gives the same records, another seed other ones', () => {
    const again = [...generatePeople({ seed: SEED, count: 2_000 })];
    expect(again).toEqual(people.slice(0, 2_000));
    const other = [...generatePeople({ seed: SEED + 1, count: 2_000 })];
    const differing = other.filter((p, i) => p.iin !== people[i]!.iin).length;
    expect(differing).toBeGreaterThan(1_900);
    expect(other.map(fullName)).not.toEqual(people.slice(0, 2_000).map(fullName));
  });

  it('can be generated from any offset, and one at a time, identically to a full run', () => {
    expect([...generatePeople({ seed: SEED, count: 10, offset: 5 })]).toEqual(people.slice(5, 15));
    expect([...generatePeople({ seed: SEED, count: 1_500, offset: 123_456 })]).toEqual(people.slice(123_456, 124_956));
    for (const i of [0, 1, 999, 1_000, 77_777, 199_999]) {
      expect(personAt({ seed: SEED, index: i })).toEqual(people[i]);
      expect(iinAt({ seed: SEED, index: i })).toBe(people[i]!.iin);
    }
    expect([...generatePeople({ seed: SEED, count: 0 })]).toEqual([]);
    expect(() => personAt({ seed: SEED, index: -1 })).toThrow(RangeError);
    expect(() => personAt({ seed: SEED, index: 1.5 })).toThrow(RangeError);
  });

  it('have valid IINs that agree with birth date and sex, century digit included', () => {
    for (const p of people) {
      const check = checkIin(p.iin);
      if (!check.valid || check.birthDate !== p.birthDate || check.sex !== p.sex) {
        throw new Error(`bad IIN ${p.iin} for ${p.birthDate} ${p.sex}: ${JSON.stringify(check)}`);
      }
      const century = Number(p.iin[6]);
      const expected = (p.birthDate < '2000' ? 3 : 5) + (p.sex === 'female' ? 1 : 0);
      if (century !== expected) throw new Error(`century digit ${century} for ${p.birthDate} ${p.sex}`);
    }
  });

  it('have unique IINs over 200,000 people, and the IIN leads back to its index', () => {
    expect(new Set(people.map((p) => p.iin)).size).toBe(people.length);
    for (const i of [0, 42, 1_000, 54_321, 199_999]) expect(personIndexOfIin({ seed: SEED, iin: people[i]!.iin })).toBe(i);
    expect(personIndexOfIin({ seed: SEED + 1, iin: people[42]!.iin })).toBeNull();
    expect(personIndexOfIin({ seed: SEED, iin: '123' })).toBeNull();
  });

  it('are born 1930–2025, mostly adults, about half of each sex, about 1 % dead', () => {
    const n = people.length;
    const births = people.map((p) => p.birthDate);
    expect(births.every((b) => b >= '1930-01-01' && b <= '2025-12-31')).toBe(true);
    const eighteenYearsAgo = addYears(SIMULATION_DATE, -18);
    const minors = births.filter((b) => b > eighteenYearsAgo).length / n;
    expect(minors).toBeGreaterThan(0.15);
    expect(minors).toBeLessThan(0.35);
    const male = people.filter((p) => p.sex === 'male').length / n;
    expect(male).toBeGreaterThan(0.45);
    expect(male).toBeLessThan(0.55);
    const dead = people.filter((p) => p.deathDate !== null);
    expect(dead.length / n).toBeGreaterThan(0.005);
    expect(dead.length / n).toBeLessThan(0.02);
    for (const p of dead) {
      expect(p.deathDate! > p.birthDate).toBe(true);
      expect(p.deathDate! <= SIMULATION_DATE).toBe(true);
    }
  });

  it('have Kazakh and Russian names using every letter of the Kazakh alphabet', () => {
    const text = people
      .slice(0, 20_000)
      .map((p) => `${fullName(p)} ${p.address.city} ${p.address.street}`)
      .join(' ')
      .toLocaleLowerCase('kk');
    for (const letter of ['ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ', 'і']) expect(text, letter).toContain(letter);
    const names = people.slice(0, 20_000).map(fullName).join(' ').toLocaleLowerCase('kk');
    for (const letter of ['ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ', 'і']) expect(names, letter).toContain(letter);
    const sample = people.slice(0, 20_000);
    const kazakhLetters = sample.filter((p) => /[әғқңөұүһі]/i.test(`${p.surname}${p.name}`)).length / sample.length;
    expect(kazakhLetters).toBeGreaterThan(0.5);
    expect(sample.some((p) => p.surname === 'Иванов' || p.surname === 'Иванова' || p.surname === 'Ким')).toBe(true);
    expect(sample.some((p) => p.patronymic?.endsWith('ұлы'))).toBe(true);
    expect(sample.some((p) => p.patronymic?.endsWith('қызы'))).toBe(true);
    expect(sample.some((p) => p.patronymic?.endsWith('овна'))).toBe(true);
    expect(sample.some((p) => p.patronymic === null)).toBe(true);
  });

  it('give women the feminine form of the surname', () => {
    const women = people.slice(0, 20_000).filter((p) => p.sex === 'female');
    // Korean and German surnames have no feminine form (Шин stays Шин)
    expect(women.filter((p) => /(ов|ев|ёв|ин)$/.test(p.surname) && p.surname !== 'Шин').map((p) => p.surname)).toEqual([]);
    expect(women.some((p) => /(ова|ева|ина)$/.test(p.surname))).toBe(true);
    expect(women.some((p) => p.surname.endsWith('қызы'))).toBe(true);
    expect(women.some((p) => p.surname.endsWith('ұлы'))).toBe(false);
    expect(women.some((p) => p.patronymic?.endsWith('ович') || p.patronymic?.endsWith('ұлы'))).toBe(false);
  });

  it('live at addresses in the real regions and their towns', () => {
    const regions = new Map(GENERATED_PLACES.map((r) => [r.region, new Set(r.cities)]));
    expect(regions.size).toBe(20);
    expect(regions.has('Қарағанды облысы')).toBe(true);
    const seen = new Set<string>();
    for (const p of people.slice(0, 20_000)) {
      expect(regions.get(p.address.region)?.has(p.address.city), `${p.address.region} ${p.address.city}`).toBe(true);
      expect(p.address.house).toMatch(/^\d+([АБВ]|\/\d)?$/);
      seen.add(p.address.region);
    }
    expect(seen.size).toBe(20);
    expect(people.slice(0, 1_000).some((p) => p.address.flat === null)).toBe(true);
    expect(people.slice(0, 1_000).some((p) => p.address.flat !== null)).toBe(true);
  });

  it('are mostly citizens of Kazakhstan, with some ISO-coded foreigners', () => {
    const foreign = people.filter((p) => p.citizenship !== 'KZ');
    expect(foreign.length / people.length).toBeGreaterThan(0.005);
    expect(foreign.length / people.length).toBeLessThan(0.06);
    expect(foreign.every((p) => /^[A-Z]{2}$/.test(p.citizenship))).toBe(true);
  });

  it('hold identity documents issued after birth: an ID card from 16, a birth certificate before', () => {
    for (const p of people) {
      const d = p.document;
      const end = p.deathDate ?? SIMULATION_DATE;
      if (!(d.issuedOn > p.birthDate && d.issuedOn <= end)) throw new Error(`document of ${p.iin} issued ${d.issuedOn}`);
      const sixteen = addYears(p.birthDate, 16);
      if (d.type === 'birth_certificate') {
        if (sixteen <= end) throw new Error(`${p.iin} is 16 but has only a birth certificate`);
      } else if (d.issuedOn < sixteen) {
        throw new Error(`${d.type} of ${p.iin} issued before 16: ${d.issuedOn}`);
      }
      if (d.type === 'id_card' && !/^\d{9}$/.test(d.number)) throw new Error(`ID card number ${d.number}`);
    }
    const types = new Set(people.map((p) => p.document.type));
    expect(types).toEqual(new Set(['id_card', 'passport', 'birth_certificate', 'residence_permit']));
    const issuers = new Set(people.slice(0, 5_000).filter((p) => p.document.type === 'id_card').map((p) => p.document.issuer));
    expect(issuers).toEqual(new Set(['ҚР ІІМ', 'МВД РК']));
    const idCards = people.filter((p) => p.document.type === 'id_card').map((p) => p.document.number);
    expect(new Set(idCards).size).toBe(idCards.length);
  });
});

describe('legal entities', () => {
  it('have valid, unique BINs whose YYMM is the registration date', () => {
    const bins = new Set<string>();
    for (const e of entities) {
      const check = checkBin(e.bin);
      if (!check.valid) throw new Error(`invalid BIN ${e.bin}`);
      const [year, month] = e.registeredOn.split('-').map(Number) as [number, number];
      if (check.registered.year2 !== year % 100 || check.registered.month !== month) {
        throw new Error(`BIN ${e.bin} does not match registration ${e.registeredOn}`);
      }
      if (e.registeredOn < '1995-01-01' || e.registeredOn > SIMULATION_DATE) throw new Error(`registered ${e.registeredOn}`);
      bins.add(e.bin);
    }
    expect(bins.size).toBe(entities.length);
    for (const o of PRIMARY_CARE_ORGANISATIONS) expect(bins.has(o.bin)).toBe(false);
  });

  it('are mostly resident head organisations, with some branches, farms, non-residents and joint ventures', () => {
    const fifth = (d: string) => entities.filter((e) => e.bin[4] === d).length / entities.length;
    const sixth = (d: string) => entities.filter((e) => e.bin[5] === d).length / entities.length;
    expect(fifth('4')).toBeGreaterThan(0.85);
    expect(fifth('5')).toBeGreaterThan(0);
    expect(fifth('6')).toBeGreaterThan(0);
    expect(sixth('0')).toBeGreaterThan(0.8);
    for (const d of ['1', '2', '3']) expect(sixth(d)).toBeGreaterThan(0);
    const active = entities.filter((e) => e.status === 'active').length / entities.length;
    expect(active).toBeGreaterThan(0.85);
    expect(active).toBeLessThan(1);
  });

  it('have names in Kazakh and Russian with their legal form', () => {
    const llp = entities.find((e) => e.legalForm === 'ЖШС/ТОО')!;
    expect(llp.shortNameKk).toMatch(/^«.+» ЖШС$/);
    expect(llp.shortNameRu).toMatch(/^ТОО «.+»$/);
    expect(llp.fullNameKk).toContain('жауапкершілігі шектеулі серіктестігі');
    expect(llp.fullNameRu).toContain('Товарищество с ограниченной ответственностью');
    const forms = new Set(entities.map((e) => e.legalForm));
    for (const form of ['ЖШС/ТОО', 'АҚ/АО', 'ШҚ/КХ', 'ЖК/ИП', 'Филиал']) expect(forms.has(form), form).toBe(true);
  });

  it('are headed by generated people, named as in the individuals registry', () => {
    for (const e of entities.slice(0, 5_000)) {
      const index = personIndexOfIin({ seed: SEED, iin: e.headIin });
      expect(index).not.toBeNull();
      const head = personAt({ seed: SEED, index: index! });
      expect(e.headName).toBe(fullName(head));
      // adultHeadIin picks people of 18 and over who are alive
      expect(head.deathDate).toBeNull();
      expect(addYears(head.birthDate, 18) <= SIMULATION_DATE).toBe(true);
    }
  });

  it('take any headIin function, and can be generated from an offset or one at a time', () => {
    const byIndex = (i: number) => iinAt({ seed: SEED, index: (i * 7919) % 1_000 });
    const some = [...generateLegalEntities({ seed: SEED, count: 50, headIin: byIndex })];
    for (const e of some) {
      const head = personAt({ seed: SEED, index: personIndexOfIin({ seed: SEED, iin: e.headIin })! });
      expect(e.headName).toBe(fullName(head));
    }
    expect([...generateLegalEntities({ seed: SEED, count: 20, offset: 31_000, headIin: heads })]).toEqual(entities.slice(31_000, 31_020));
    expect(legalEntityAt({ seed: SEED, index: 49_999, headIin: heads })).toEqual(entities[49_999]);
    expect(binAt({ seed: SEED, index: 777 })).toBe(entities[777]!.bin);
    expect(legalEntityAt({ seed: SEED + 1, index: 777, headIin: heads }).bin).not.toBe(entities[777]!.bin);
  });
});

describe('primary care', () => {
  it('has about forty polyclinics in real cities with valid, distinct BINs', () => {
    expect(PRIMARY_CARE_ORGANISATIONS.length).toBeGreaterThanOrEqual(35);
    expect(new Set(PRIMARY_CARE_ORGANISATIONS.map((o) => o.bin)).size).toBe(PRIMARY_CARE_ORGANISATIONS.length);
    const regions = new Map(GENERATED_PLACES.map((r) => [r.region, new Set(r.cities)]));
    for (const o of PRIMARY_CARE_ORGANISATIONS) {
      const check = checkBin(o.bin);
      expect(check.valid).toBe(true);
      if (check.valid) expect(`${check.registered.year2}`.padStart(2, '0')).toBe(o.registeredOn.slice(2, 4));
      expect(regions.get(o.region)?.has(o.city), o.city).toBe(true);
    }
    expect(PRIMARY_CARE_ORGANISATIONS.some((o) => o.nameKk === '№5 қалалық емхана' && o.nameRu === 'Городская поликлиника №5')).toBe(true);
    const asEntities = primaryCareEntities({ seed: SEED, headIin: heads });
    expect(asEntities.map((e) => e.bin)).toEqual(PRIMARY_CARE_ORGANISATIONS.map((o) => o.bin));
  });

  it('attaches about 90 % of people, since a date after birth, to a polyclinic of their region', () => {
    const byBin = new Map(PRIMARY_CARE_ORGANISATIONS.map((o) => [o.bin, o]));
    const scanned = 20_000;
    const records = [...generateAttachments({ seed: SEED, peopleCount: people.length, count: scanned })];
    expect(records.length / scanned).toBeGreaterThan(0.85);
    expect(records.length / scanned).toBeLessThan(0.95);
    const byIin = new Map(people.slice(0, scanned).map((p) => [p.iin, p]));
    const indexOf = new Map(people.slice(0, scanned).map((p, i) => [p.iin, i]));
    for (const r of records) {
      const p = byIin.get(r.iin)!;
      expect(p).toBeDefined();
      expect(r.since >= p.birthDate).toBe(true);
      expect(r.since <= SIMULATION_DATE).toBe(true);
      expect(p.deathDate).toBeNull();
      const organisation = byBin.get(r.organisationBin)!;
      expect(organisation.region).toBe(p.address.region);
      expect(r.organisationName).toContain(organisation.nameKk);
      expect(r.district).toMatch(/^\d+$/);
    }
    expect(attachmentAt({ seed: SEED, index: 3 })).toEqual(records.find((r) => r.iin === people[3]!.iin) ?? null);
    expect([...generateAttachments({ seed: SEED, peopleCount: people.length, offset: 100, count: 50 })]).toEqual(
      records.filter((r) => indexOf.get(r.iin)! >= 100 && indexOf.get(r.iin)! < 150),
    );
  });
});

describe('powers of attorney', () => {
  it('are given by about 1 % of people to other adult generated people; some revoked, some expired', () => {
    const scanned = 100_000;
    const records = [...generatePowersOfAttorney({ seed: SEED, peopleCount: people.length, count: scanned })];
    expect(records.length / scanned).toBeGreaterThan(0.005);
    expect(records.length / scanned).toBeLessThan(0.02);
    expect(new Set(records.map((r) => r.number)).size).toBe(records.length);
    for (const r of records) {
      const principal = people[personIndexOfIin({ seed: SEED, iin: r.principalIin })!]!;
      const representative = people[personIndexOfIin({ seed: SEED, iin: r.representativeIin })!]!;
      expect(principal.iin).not.toBe(representative.iin);
      for (const p of [principal, representative]) {
        expect(addYears(p.birthDate, 18) <= r.issuedOn).toBe(true);
        if (p.deathDate) expect(p.deathDate > r.issuedOn).toBe(true);
      }
      expect(r.issuedOn <= SIMULATION_DATE).toBe(true);
      expect(r.validUntil > r.issuedOn).toBe(true);
      expect(r.scope.length).toBeGreaterThan(10);
    }
    expect(records.some((r) => r.revoked)).toBe(true);
    expect(records.some((r) => r.validUntil < SIMULATION_DATE)).toBe(true);
    expect(records.some((r) => !r.revoked && r.validUntil >= SIMULATION_DATE)).toBe(true);
    const first = records[0]!;
    const index = personIndexOfIin({ seed: SEED, iin: first.principalIin })!;
    expect(powerOfAttorneyAt({ seed: SEED, index, peopleCount: people.length })).toEqual(first);
  });
});

describe('payments', () => {
  it('are facts for the paid services by generated people and entities, with unique references', () => {
    const options = { seed: SEED, count: 3_000, peopleCount: people.length, entityCount: entities.length };
    const payments = [...generatePayments(options)];
    expect(payments).toHaveLength(3_000);
    expect(new Set(payments.map((p) => p.reference)).size).toBe(payments.length);
    const registered = new Map(entities.map((e) => [e.bin, e.registeredOn]));
    const codes = new Set<string>();
    let byPeople = 0;
    for (const p of payments) {
      codes.add(p.serviceCode);
      expect(Number.isInteger(p.amountTiyn) && p.amountTiyn > 0).toBe(true);
      expect(p.paidOn >= '2020-01-01' && p.paidOn <= SIMULATION_DATE).toBe(true);
      if (registered.has(p.payerId)) {
        expect(p.paidOn >= registered.get(p.payerId)!).toBe(true);
      } else {
        const index = personIndexOfIin({ seed: SEED, iin: p.payerId });
        expect(index).not.toBeNull();
        expect(addYears(people[index!]!.birthDate, 18) <= p.paidOn).toBe(true);
        byPeople += 1;
      }
    }
    expect(codes).toEqual(new Set(['archive.apostille', 'media.registration', 'licence.medical']));
    expect(byPeople).toBeGreaterThan(0);
    expect(byPeople).toBeLessThan(payments.length);
    expect(paymentAt({ ...options, index: 1_234 })).toEqual(payments[1_234]);
    expect([...generatePayments({ ...options, offset: 2_990, count: 10 })]).toEqual(payments.slice(2_990));
  });
});
