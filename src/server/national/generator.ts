// Deterministic, seeded synthetic data for the simulated national registries: people (ЖТ МДБ/ГБД ФЛ),
// legal entities (ЗТ МДБ/ГБД ЮЛ), attachment to primary care, powers of attorney and payments.
//
// Every record is a pure function of (seed, index): record i is computed from a small PRNG keyed by
// (seed, stream, i), never from the records before it, so any slice (offset, count) can be produced in
// O(count) and any single record in O(1) — a bulk load can be split into chunks, resumed, or done in
// parallel, and always gives the same data. No I/O, nothing but src/shared.
//
// Identification numbers are unique by construction, not by a "seen" set:
// - IIN: people come in blocks of 1,000 consecutive indices; inside a block each index gets its own
//   stratum of birth dates (1,000 strata of equal probability mass, so the block's birth dates follow the
//   age distribution exactly), permuted per block. The serial (digits 8–11) is block·7919 + shift(stratum)
//   mod 10,000. Two people of one block differ in birth date; two born the same day share the stratum,
//   hence the shift, hence differ in serial unless in the same block. A prefix whose check digit does not
//   exist moves to another day of the same stratum. Capacity: 10,000,000 people. `personIndexOfIin`
//   inverts the construction.
// - BIN: the same with blocks of 100 entities, strata of registration months, a 5-digit serial below
//   90,000 (serials from 90,000 are kept for the fixed list of polyclinics). Capacity: 9,000,000.
import { checkDigit, checkIin } from '../../shared/domain/iin';
import type { Address, AttachmentRecord, LegalEntity, Payment, Person, PowerOfAttorney } from '../../shared/registry';

export interface GeneratorOptions {
  /** Any finite number; its integer part is used. */
  seed: number;
}

/** "Today" of the simulated registries: no generated date is later than this. */
export const SIMULATION_DATE = '2026-11-01';
/** Most people one seed can give (IINs stay unique up to here). */
export const PERSON_CAPACITY = 10_000_000;
/** Most legal entities one seed can give (BINs stay unique up to here). */
export const LEGAL_ENTITY_CAPACITY = 9_000_000;

// ---------------------------------------------------------------------------------------------------
// PRNG: murmur3's finaliser as a hash, splitmix32 as the per-record stream.

function mix32(x: number): number {
  let h = x | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const TWO_32 = 4294967296;

class Rng {
  private state: number;
  constructor(state: number) {
    this.state = state | 0;
  }
  /** A uniform 32-bit unsigned integer. */
  next(): number {
    this.state = (this.state + 0x9e3779b9) | 0;
    return mix32(this.state);
  }
  /** A uniform float in [0, 1). */
  float(): number {
    return this.next() / TWO_32;
  }
  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor((this.next() / TWO_32) * n);
  }
  chance(p: number): boolean {
    return this.next() < p * TWO_32;
  }
}

const STREAM = {
  person: 1,
  personBlock: 2,
  entity: 3,
  entityBlock: 4,
  entityStatus: 5,
  attachment: 6,
  powerOfAttorney: 7,
  payment: 8,
  headName: 9,
  serials: 10,
} as const;

function seedKey(seed: number): number {
  if (!Number.isFinite(seed)) throw new RangeError('seed must be a finite number');
  const whole = Math.trunc(seed);
  const low = whole % TWO_32 >>> 0;
  const high = Math.floor(whole / TWO_32) | 0;
  return mix32(mix32(low ^ 0x5bd1e995) ^ mix32(high + 0x27d4eb2f));
}

function recordKey(sk: number, stream: number, index: number): number {
  return mix32((sk ^ mix32(Math.imul(stream, 0x2545f491) + 0x632be5ab)) + mix32(index + 0x1b873593));
}

function pick<T>(rng: Rng, values: readonly T[]): T {
  return values[rng.int(values.length)] as T;
}

/** Index into cumulative weights normalised to end at 1. */
function pickCumulative(cumulative: Float64Array, u: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (u < cumulative[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function cumulativeOf(weights: readonly number[]): Float64Array {
  const total = weights.reduce((sum, w) => sum + w, 0);
  const out = new Float64Array(weights.length);
  let running = 0;
  weights.forEach((w, i) => {
    running += w;
    out[i] = running / total;
  });
  out[weights.length - 1] = 1;
  return out;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

function modInverse(a: number, m: number): number {
  let [oldR, r] = [a % m, m];
  let [oldS, s] = [1, 0];
  while (r !== 0) {
    const q = Math.floor(oldR / r);
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return ((oldS % m) + m) % m;
}

function unitsModulo(m: number): { units: Int32Array; inverses: Int32Array } {
  const list: number[] = [];
  for (let a = 1; a < m; a += 1) if (gcd(a, m) === 1) list.push(a);
  return { units: Int32Array.from(list), inverses: Int32Array.from(list.map((a) => modInverse(a, m))) };
}

function mod(a: number, m: number): number {
  return ((a % m) + m) % m;
}

/**
 * A bijection of 0 .. modulus-1 (modulus a power of ten, multiplier coprime with 10), shifted per seed:
 * distinct indices give distinct document, reference and register numbers.
 */
function scramble(index: number, modulus: number, multiplier: number, sk: number, stream: number): number {
  return (((index % modulus) * multiplier) % modulus + (recordKey(sk, stream, 0x7fffffff) % modulus)) % modulus;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function checkIndex(index: number, capacity: number, what: string): void {
  if (!Number.isInteger(index) || index < 0 || index >= capacity) {
    throw new RangeError(`${what} index ${index} is outside 0..${capacity - 1}`);
  }
}

function checkRange(offset: number, count: number, capacity: number, what: string): void {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`${what} count must be a non-negative integer`);
  if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`${what} offset must be a non-negative integer`);
  if (offset + count > capacity) throw new RangeError(`${what}: at most ${capacity} records per seed`);
}

// ---------------------------------------------------------------------------------------------------
// Calendar: one table of days from 1930-01-01 to 2030-12-31, built once.

const DAY_MS = 86_400_000;
const EPOCH_MS = Date.UTC(1930, 0, 1);
const TABLE_DAYS = (Date.UTC(2031, 0, 1) - EPOCH_MS) / DAY_MS;

function dayOf(year: number, month: number, day: number): number {
  return Math.round((Date.UTC(year, month - 1, day) - EPOCH_MS) / DAY_MS);
}

const DAY_ISO: string[] = new Array<string>(TABLE_DAYS);
const DAY_YYMMDD: string[] = new Array<string>(TABLE_DAYS);
const DAY_YEAR = new Uint16Array(TABLE_DAYS);
const DAY_MONTH = new Uint8Array(TABLE_DAYS);
const DAY_DOM = new Uint8Array(TABLE_DAYS);
/** Weighted sums of the six YYMMDD digits with the IIN's first and second weight sets. */
const DAY_SUM1 = new Uint16Array(TABLE_DAYS);
const DAY_SUM2 = new Uint16Array(TABLE_DAYS);
for (let d = 0; d < TABLE_DAYS; d += 1) {
  const date = new Date(EPOCH_MS + d * DAY_MS);
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + 1;
  const dom = date.getUTCDate();
  DAY_YEAR[d] = y;
  DAY_MONTH[d] = m;
  DAY_DOM[d] = dom;
  DAY_ISO[d] = `${y}-${pad(m, 2)}-${pad(dom, 2)}`;
  const yymmdd = `${pad(y % 100, 2)}${pad(m, 2)}${pad(dom, 2)}`;
  DAY_YYMMDD[d] = yymmdd;
  let s1 = 0;
  let s2 = 0;
  for (let k = 0; k < 6; k += 1) {
    const digit = yymmdd.charCodeAt(k) - 48;
    s1 += digit * (k + 1);
    s2 += digit * (k + 3);
  }
  DAY_SUM1[d] = s1;
  DAY_SUM2[d] = s2;
}

const REFERENCE_DAY = dayOf(2026, 11, 1);
const BIRTH_END_DAY = dayOf(2026, 1, 1); // births 1930-01-01 .. 2025-12-31

/** The day `years` after `day` (29 February goes to 1 March). */
function yearsAfter(day: number, years: number): number {
  return dayOf(DAY_YEAR[day]! + years, DAY_MONTH[day]!, DAY_DOM[day]!);
}

// ---------------------------------------------------------------------------------------------------
// Birth-date strata: equal probability mass, adult-heavy (≈27 % under 18 on the simulation date).

function birthYearWeight(year: number): number {
  if (year < 1940) return 0.15;
  if (year < 1945) return 0.3;
  if (year < 1950) return 0.5;
  if (year < 1955) return 0.9;
  if (year < 1960) return 1.2;
  if (year < 1970) return 1.5;
  if (year < 1980) return 1.6;
  if (year < 1990) return 1.9;
  if (year < 2000) return 1.5;
  if (year < 2010) return 1.8;
  if (year < 2020) return 2.0;
  return 1.9;
}

const PERSON_BLOCK = 1000;
const SERIALS = 10_000;
const SERIAL_STEP = 7919; // prime, so block → serial is a bijection mod 10,000
const SERIAL_STEP_INVERSE = modInverse(SERIAL_STEP, SERIALS);
const PERSON_UNITS = unitsModulo(PERSON_BLOCK);

const BIRTH_BOUNDS = (() => {
  const weights = new Float64Array(BIRTH_END_DAY);
  let total = 0;
  for (let d = 0; d < BIRTH_END_DAY; d += 1) {
    const year = DAY_YEAR[d]!;
    const daysInYear = dayOf(year + 1, 1, 1) - dayOf(year, 1, 1);
    weights[d] = birthYearWeight(year) / daysInYear;
    total += weights[d]!;
  }
  const bounds = new Int32Array(PERSON_BLOCK + 1);
  let cumulative = 0;
  let k = 1;
  for (let d = 0; d < BIRTH_END_DAY && k < PERSON_BLOCK; d += 1) {
    while (k < PERSON_BLOCK && cumulative >= (k * total) / PERSON_BLOCK) bounds[k++] = d;
    cumulative += weights[d]!;
  }
  bounds[PERSON_BLOCK] = BIRTH_END_DAY;
  for (let s = 0; s < PERSON_BLOCK; s += 1) {
    if (bounds[s + 1]! <= bounds[s]!) throw new Error('birth-date strata must not be empty');
  }
  return bounds;
})();

const SERIAL4: string[] = Array.from({ length: SERIALS }, (_, i) => pad(i, 4));
const DIGIT: string[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

// ---------------------------------------------------------------------------------------------------
// Places: the 17 oblasts and the 3 cities of republican significance, with real towns.

interface RegionDef {
  region: string;
  /** Population, thousands (rounded). */
  population: number;
  /** Share of Kazakh and of Russian-named people; the rest get names from `others`. */
  kazakh: number;
  russian: number;
  others: 'south' | 'almaty' | 'north';
  cities: readonly (readonly [city: string, share: number])[];
}

const REGIONS: readonly RegionDef[] = [
  { region: 'Астана қаласы', population: 1400, kazakh: 0.76, russian: 0.2, others: 'north', cities: [['Астана', 1]] },
  { region: 'Алматы қаласы', population: 2200, kazakh: 0.62, russian: 0.32, others: 'almaty', cities: [['Алматы', 1]] },
  { region: 'Шымкент қаласы', population: 1200, kazakh: 0.83, russian: 0.1, others: 'south', cities: [['Шымкент', 1]] },
  { region: 'Абай облысы', population: 600, kazakh: 0.66, russian: 0.31, others: 'north', cities: [['Семей', 0.7], ['Аягөз', 0.2], ['Курчатов', 0.1]] },
  { region: 'Ақмола облысы', population: 790, kazakh: 0.5, russian: 0.44, others: 'north', cities: [['Көкшетау', 0.45], ['Степногорск', 0.15], ['Щучинск', 0.15], ['Атбасар', 0.1], ['Қосшы', 0.15]] },
  { region: 'Ақтөбе облысы', population: 930, kazakh: 0.8, russian: 0.17, others: 'north', cities: [['Ақтөбе', 0.75], ['Хромтау', 0.08], ['Қандыағаш', 0.09], ['Шалқар', 0.08]] },
  { region: 'Алматы облысы', population: 1500, kazakh: 0.67, russian: 0.24, others: 'almaty', cities: [['Қонаев', 0.2], ['Қаскелең', 0.35], ['Талғар', 0.25], ['Есік', 0.2]] },
  { region: 'Атырау облысы', population: 700, kazakh: 0.9, russian: 0.08, others: 'north', cities: [['Атырау', 0.8], ['Құлсары', 0.2]] },
  { region: 'Батыс Қазақстан облысы', population: 690, kazakh: 0.72, russian: 0.25, others: 'north', cities: [['Орал', 0.8], ['Ақсай', 0.2]] },
  { region: 'Жамбыл облысы', population: 1220, kazakh: 0.77, russian: 0.18, others: 'south', cities: [['Тараз', 0.7], ['Шу', 0.1], ['Қаратау', 0.1], ['Жаңатас', 0.1]] },
  { region: 'Жетісу облысы', population: 700, kazakh: 0.7, russian: 0.25, others: 'almaty', cities: [['Талдықорған', 0.5], ['Текелі', 0.1], ['Жаркент', 0.25], ['Үшарал', 0.15]] },
  { region: 'Қарағанды облысы', population: 1130, kazakh: 0.5, russian: 0.44, others: 'north', cities: [['Қарағанды', 0.6], ['Теміртау', 0.2], ['Балқаш', 0.08], ['Шахтинск', 0.06], ['Саран', 0.06]] },
  { region: 'Қостанай облысы', population: 830, kazakh: 0.42, russian: 0.52, others: 'north', cities: [['Қостанай', 0.6], ['Рудный', 0.2], ['Лисаков', 0.1], ['Арқалық', 0.1]] },
  { region: 'Қызылорда облысы', population: 840, kazakh: 0.93, russian: 0.05, others: 'south', cities: [['Қызылорда', 0.75], ['Байқоңыр', 0.1], ['Арал', 0.08], ['Қазалы', 0.07]] },
  { region: 'Маңғыстау облысы', population: 790, kazakh: 0.9, russian: 0.08, others: 'north', cities: [['Ақтау', 0.65], ['Жаңаөзен', 0.3], ['Форт-Шевченко', 0.05]] },
  { region: 'Павлодар облысы', population: 750, kazakh: 0.46, russian: 0.5, others: 'north', cities: [['Павлодар', 0.65], ['Екібастұз', 0.25], ['Ақсу', 0.1]] },
  { region: 'Солтүстік Қазақстан облысы', population: 530, kazakh: 0.36, russian: 0.6, others: 'north', cities: [['Петропавл', 0.7], ['Тайынша', 0.15], ['Булаев', 0.15]] },
  { region: 'Түркістан облысы', population: 2100, kazakh: 0.85, russian: 0.07, others: 'south', cities: [['Түркістан', 0.4], ['Кентау', 0.15], ['Арыс', 0.1], ['Сарыағаш', 0.2], ['Жетісай', 0.15]] },
  { region: 'Ұлытау облысы', population: 220, kazakh: 0.78, russian: 0.2, others: 'north', cities: [['Жезқазған', 0.6], ['Сәтбаев', 0.3], ['Қаражал', 0.1]] },
  { region: 'Шығыс Қазақстан облысы', population: 710, kazakh: 0.46, russian: 0.51, others: 'north', cities: [['Өскемен', 0.7], ['Риддер', 0.15], ['Алтай', 0.1], ['Зайсан', 0.05]] },
];

interface Place {
  regionIndex: number;
  region: string;
  city: string;
}

const PLACES: readonly Place[] = REGIONS.flatMap((r, regionIndex) => r.cities.map(([city]) => ({ regionIndex, region: r.region, city })));
const PLACE_CUMULATIVE = cumulativeOf(REGIONS.flatMap((r) => r.cities.map(([, share]) => r.population * share)));

/** The regions and their towns the generator uses (kk names). */
export const GENERATED_PLACES: readonly { region: string; cities: readonly string[] }[] = REGIONS.map((r) => ({
  region: r.region,
  cities: r.cities.map(([city]) => city),
}));

const STREETS: readonly string[] = [
  'Абай даңғылы', 'Төле би көшесі', 'Сәтбаев көшесі', 'Қабанбай батыр көшесі', 'Әл-Фараби даңғылы',
  'Тәуелсіздік даңғылы', 'Республика даңғылы', 'Бұқар жырау даңғылы', 'Наурызбай батыр көшесі', 'Жамбыл көшесі',
  'Қонаев көшесі', 'Райымбек даңғылы', 'Құрманғазы көшесі', 'Желтоқсан көшесі', 'Шевченко көшесі',
  'Пушкин көшесі', 'Мәметова көшесі', 'Шоқан Уәлиханов көшесі', 'Ілияс Жансүгіров көшесі', 'Ыбырай Алтынсарин көшесі',
  'Сәбит Мұқанов көшесі', 'Ғабит Мүсірепов көшесі', 'Бейбітшілік көшесі', 'Достық даңғылы', 'Сейфуллин көшесі',
  'Кенесары көшесі', 'Әуезов көшесі', 'Байтұрсынұлы көшесі', 'Бауыржан Момышұлы даңғылы', 'Әйтеке би көшесі',
  'Қазыбек би көшесі', 'Жібек жолы көшесі', 'Гагарин көшесі', 'Түркістан көшесі', 'Сарыарқа даңғылы',
  'Мәңгілік Ел даңғылы', 'Тұран даңғылы', 'Ғани Мұратбаев көшесі', 'Махамбет көшесі', 'Исатай батыр көшесі',
  'Шәмші Қалдаяқов көшесі', 'Мағжан Жұмабаев көшесі', 'Бөгенбай батыр көшесі', 'Ақан сері көшесі', 'Жетісу шағын ауданы',
];

const HOUSE_SUFFIXES: readonly string[] = ['А', 'Б', 'В', '/1', '/2'];

function makeAddress(rng: Rng, place: Place, flatShare: number): Address {
  const street = pick(rng, STREETS);
  const n = 1 + Math.floor(Math.pow(rng.float(), 1.6) * 220);
  const house = rng.chance(0.08) ? `${n}${pick(rng, HOUSE_SUFFIXES)}` : String(n);
  const flat = rng.chance(flatShare) ? String(1 + rng.int(240)) : null;
  return { region: place.region, city: place.city, street, house, flat };
}

// ---------------------------------------------------------------------------------------------------
// Names.

function feminineSurname(surname: string): string {
  if (surname.endsWith('ұлы')) return `${surname.slice(0, -3)}қызы`;
  if (/(ов|ев|ёв|ин|ын)$/.test(surname)) return `${surname}а`;
  if (/(ский|цкий)$/.test(surname)) return `${surname.slice(0, -2)}ая`;
  return surname;
}

/** Russian-style patronymic from a father's name ending in a consonant, й or и; null when none is formed. */
function ovichPatronymic(father: string): readonly [string, string] | null {
  if (father.endsWith('й')) return [`${father.slice(0, -1)}евич`, `${father.slice(0, -1)}евна`];
  if (father.endsWith('и')) return [`${father}евич`, `${father}евна`];
  if (/[аеёоуыэюяәөұүіьъ]$/.test(father)) return null;
  return [`${father}ович`, `${father}овна`];
}

interface NameGroup {
  surnamesM: readonly string[];
  surnamesF: readonly string[];
  givenM: readonly string[];
  givenF: readonly string[];
  /** -ович/-овна, parallel arrays. */
  patronymicsM: readonly string[];
  patronymicsF: readonly string[];
  /** -ұлы/-қызы, parallel arrays (Kazakh names only). */
  ulyM: readonly string[];
  ulyF: readonly string[];
  withoutPatronymic: number;
  /** Share of citizens of Kazakhstan, and the other citizenships (ISO 3166-1 alpha-2). */
  kzShare: number;
  otherCitizenships: readonly string[];
}

function nameGroup(spec: {
  surnames: readonly string[];
  givenM: readonly string[];
  givenF: readonly string[];
  fathers?: readonly string[];
  patronymicPairs?: readonly (readonly [string, string])[];
  uly?: boolean;
  /** Surnames that have no feminine form (Korean, German…). */
  invariant?: boolean;
  withoutPatronymic: number;
  kzShare: number;
  otherCitizenships: readonly string[];
}): NameGroup {
  const fathers = spec.fathers ?? spec.givenM;
  const pairs = spec.patronymicPairs ?? fathers.map(ovichPatronymic).filter((p): p is readonly [string, string] => p !== null);
  return {
    surnamesM: spec.surnames,
    surnamesF: spec.invariant ? spec.surnames : spec.surnames.map(feminineSurname),
    givenM: spec.givenM,
    givenF: spec.givenF,
    patronymicsM: pairs.map((p) => p[0]),
    patronymicsF: pairs.map((p) => p[1]),
    ulyM: spec.uly ? fathers.map((f) => `${f}ұлы`) : [],
    ulyF: spec.uly ? fathers.map((f) => `${f}қызы`) : [],
    withoutPatronymic: spec.withoutPatronymic,
    kzShare: spec.kzShare,
    otherCitizenships: spec.otherCitizenships,
  };
}

const KAZAKH_MALE = [
  'Ғалым', 'Қайрат', 'Нұрсұлтан', 'Өмірбек', 'Дәулет', 'Ерлан', 'Асқар', 'Бауыржан', 'Серік', 'Мұрат', 'Ержан',
  'Нұрлан', 'Жанболат', 'Әлихан', 'Арман', 'Бақытжан', 'Ерболат', 'Талғат', 'Қанат', 'Мақсат', 'Санжар', 'Әлішер',
  'Темірлан', 'Нұрбол', 'Айдос', 'Ақылбек', 'Данияр', 'Жандос', 'Ерасыл', 'Бекзат', 'Рүстем', 'Шыңғыс', 'Ілияс',
  'Әділет', 'Абылай', 'Бағдат', 'Есет', 'Жасұлан', 'Қуаныш', 'Мейрам', 'Нұржан', 'Олжас', 'Рахат', 'Сұлтан',
  'Тимур', 'Шаһмардан', 'Ерғали', 'Төлеген', 'Жақсылық', 'Мұхтар', 'Бердібек', 'Сәкен', 'Ғабит', 'Қасым', 'Үсен',
  'Ықылас', 'Әмір', 'Ақжол', 'Дінмұхамед', 'Нұрдәулет', 'Мағжан', 'Сырым', 'Батыржан', 'Аян', 'Еркебұлан',
  'Жомарт', 'Құдайберген', 'Ораз', 'Мейірхан', 'Ахмет', 'Болат', 'Марат', 'Ерік', 'Азамат', 'Алмас', 'Үмбет',
];
const KAZAKH_FEMALE = [
  'Әсел', 'Ұлжан', 'Үміт', 'Іңкәр', 'Айгерім', 'Гүлнар', 'Жансая', 'Аружан', 'Мәдина', 'Ақбота', 'Дана',
  'Әйгерім', 'Салтанат', 'Динара', 'Гүлмира', 'Қарлығаш', 'Балжан', 'Жұлдыз', 'Айжан', 'Меруерт', 'Назерке',
  'Сәуле', 'Әлия', 'Перизат', 'Томирис', 'Ақмарал', 'Гүлжан', 'Жанар', 'Ләззат', 'Нұргүл', 'Раушан', 'Бибігүл',
  'Күләш', 'Шолпан', 'Айым', 'Ақерке', 'Зуһра', 'Мөлдір', 'Ардақ', 'Гүлнұр', 'Дариға', 'Жібек', 'Қымбат',
  'Мейірім', 'Нәзира', 'Сымбат', 'Тоғжан', 'Ұлпан', 'Хадиша', 'Әмина', 'Сабина', 'Камила', 'Айша', 'Аяулым',
];
const KAZAKH_FATHERS = [
  ...KAZAKH_MALE,
  'Жұмабай', 'Сәрсенбай', 'Тұрсынбай', 'Әбдіғали', 'Ыбырай', 'Қожахмет', 'Мәлік', 'Сейітқали', 'Оспан', 'Кенжебек',
];
const KAZAKH_SURNAMES = [
  'Әбдірахманов', 'Қасымов', 'Нұрланұлы', 'Жұмабаев', 'Өмірзақов', 'Сәрсенбаев', 'Ыбырайұлы', 'Тұрсынбеков',
  'Үсенов', 'Ғабдуллин', 'Шаңқаев', 'Іскақов', 'Һидаятов', 'Ахметов', 'Серікбаев', 'Жақсыбеков', 'Мұхамеджанов',
  'Ермеков', 'Бекмұхамбетов', 'Тоқаев', 'Нұрпейісов', 'Сейітқалиев', 'Оспанов', 'Байжанов', 'Құнанбаев',
  'Мұратұлы', 'Ерланұлы', 'Қанатұлы', 'Асқарұлы', 'Дәулетұлы', 'Серікұлы', 'Әлиев', 'Әбілов', 'Бөкейханов',
  'Тәжібаев', 'Есенов', 'Қожахметов', 'Әуезов', 'Мырзахметов', 'Сүлейменов', 'Байтұрсынов', 'Дүйсенбаев',
  'Жүсіпов', 'Төлеуов', 'Кенжебеков', 'Рахымжанов', 'Ғалымжанов', 'Ілиясов', 'Өтегенов', 'Мақашев', 'Сыздықов',
  'Ізтілеуов', 'Алпысбаев', 'Қуанышев', 'Жаңабаев', 'Бейсенов', 'Ділдәбеков', 'Ұзақов', 'Үмбетов', 'Шәріпов',
  'Нұрмағамбетов', 'Әшімов', 'Қонаев', 'Жандосов', 'Смағұлов', 'Тәшенов', 'Һашимов', 'Абдрахманов', 'Нурланов',
  'Касымов', 'Жумабеков', 'Исабаев', 'Муканов',
];

const RUSSIAN_MALE = [
  'Александр', 'Сергей', 'Андрей', 'Дмитрий', 'Алексей', 'Владимир', 'Николай', 'Виктор', 'Евгений', 'Игорь',
  'Михаил', 'Олег', 'Павел', 'Юрий', 'Иван', 'Максим', 'Артём', 'Денис', 'Константин', 'Роман', 'Геннадий',
  'Валерий', 'Анатолий', 'Вячеслав', 'Никита', 'Кирилл', 'Егор', 'Илья', 'Антон', 'Станислав',
];
const RUSSIAN_FEMALE = [
  'Елена', 'Ольга', 'Наталья', 'Татьяна', 'Ирина', 'Светлана', 'Екатерина', 'Анна', 'Марина', 'Людмила', 'Галина',
  'Юлия', 'Мария', 'Анастасия', 'Валентина', 'Надежда', 'Оксана', 'Вера', 'Любовь', 'Дарья', 'Ксения', 'Полина',
  'Софья', 'Виктория', 'Алина', 'Лариса', 'Нина', 'Тамара', 'Евгения', 'Алёна',
];
const RUSSIAN_PATRONYMICS: readonly (readonly [string, string])[] = [
  ['Александрович', 'Александровна'], ['Сергеевич', 'Сергеевна'], ['Андреевич', 'Андреевна'],
  ['Дмитриевич', 'Дмитриевна'], ['Алексеевич', 'Алексеевна'], ['Владимирович', 'Владимировна'],
  ['Николаевич', 'Николаевна'], ['Викторович', 'Викторовна'], ['Евгеньевич', 'Евгеньевна'], ['Игоревич', 'Игоревна'],
  ['Михайлович', 'Михайловна'], ['Олегович', 'Олеговна'], ['Павлович', 'Павловна'], ['Юрьевич', 'Юрьевна'],
  ['Иванович', 'Ивановна'], ['Петрович', 'Петровна'], ['Васильевич', 'Васильевна'], ['Геннадьевич', 'Геннадьевна'],
  ['Валерьевич', 'Валерьевна'], ['Анатольевич', 'Анатольевна'], ['Григорьевич', 'Григорьевна'], ['Борисович', 'Борисовна'],
  ['Ильич', 'Ильинична'], ['Константинович', 'Константиновна'], ['Фёдорович', 'Фёдоровна'],
];
const RUSSIAN_SURNAMES = [
  'Иванов', 'Петров', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров',
  'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов', 'Егоров', 'Павлов', 'Козлов', 'Степанов', 'Николаев',
  'Орлов', 'Андреев', 'Макаров', 'Никитин', 'Захаров', 'Зайцев', 'Соловьёв', 'Борисов', 'Яковлев', 'Григорьев',
  'Романов', 'Воробьёв', 'Сергеев', 'Кузьмин', 'Фролов', 'Александров', 'Дмитриев', 'Королёв', 'Гусев', 'Киселёв',
  'Ильин', 'Максимов', 'Поляков', 'Сорокин', 'Виноградов', 'Ковалёв', 'Белов', 'Медведев', 'Антонов', 'Тарасов',
  'Жуков', 'Баранов', 'Филиппов', 'Комаров', 'Давыдов', 'Беляев', 'Герасимов', 'Богданов', 'Осипов', 'Сидоров',
  'Матвеев', 'Титов', 'Марков', 'Миронов', 'Крылов', 'Куликов', 'Карпов', 'Власов', 'Мельников', 'Денисов',
  'Шевченко', 'Бондаренко', 'Коваленко', 'Ткаченко', 'Кравчук', 'Полищук', 'Ковальский', 'Вишневский',
];

const NAME_GROUPS = {
  kazakh: nameGroup({
    surnames: KAZAKH_SURNAMES,
    givenM: KAZAKH_MALE,
    givenF: KAZAKH_FEMALE,
    fathers: KAZAKH_FATHERS,
    uly: true,
    withoutPatronymic: 0.05,
    kzShare: 0.985,
    otherCitizenships: ['CN', 'UZ', 'MN', 'RU', 'TM'],
  }),
  russian: nameGroup({
    surnames: RUSSIAN_SURNAMES,
    givenM: RUSSIAN_MALE,
    givenF: RUSSIAN_FEMALE,
    patronymicPairs: RUSSIAN_PATRONYMICS,
    withoutPatronymic: 0.02,
    kzShare: 0.96,
    otherCitizenships: ['RU', 'RU', 'RU', 'UA', 'BY'],
  }),
  uzbek: nameGroup({
    surnames: ['Юсупов', 'Каримов', 'Рахимов', 'Умаров', 'Ташметов', 'Мирзаев', 'Холматов', 'Абдуллаев', 'Султанов', 'Назаров'],
    givenM: ['Улугбек', 'Шерзод', 'Фаррух', 'Бахтиёр', 'Рустам', 'Жасур', 'Алишер', 'Отабек', 'Дилшод', 'Бобур'],
    givenF: ['Дилноза', 'Гулнора', 'Нилуфар', 'Мадина', 'Шахноза', 'Зарина', 'Феруза', 'Мохира'],
    withoutPatronymic: 0.08,
    kzShare: 0.85,
    otherCitizenships: ['UZ'],
  }),
  uighur: nameGroup({
    surnames: ['Турсунов', 'Мамутов', 'Исмаилов', 'Розахунов', 'Абдурахманов', 'Насыров', 'Хамраев', 'Юлдашев', 'Кадыров', 'Нурахунов'],
    givenM: ['Ильхам', 'Дильмурат', 'Мухтар', 'Алим', 'Ахмет', 'Мурат', 'Шухрат', 'Эркин', 'Абдулла', 'Кахриман'],
    givenF: ['Гульнара', 'Патигуль', 'Мариям', 'Дильназ', 'Зульфия', 'Айгуль', 'Мунира', 'Рената'],
    withoutPatronymic: 0.05,
    kzShare: 0.95,
    otherCitizenships: ['CN'],
  }),
  korean: nameGroup({
    surnames: ['Ким', 'Цой', 'Ли', 'Пак', 'Тен', 'Хван', 'Шин', 'Югай', 'Огай', 'Нам', 'Хегай', 'Когай'],
    invariant: true,
    givenM: RUSSIAN_MALE,
    givenF: RUSSIAN_FEMALE,
    patronymicPairs: RUSSIAN_PATRONYMICS,
    withoutPatronymic: 0.15,
    kzShare: 0.97,
    otherCitizenships: ['KR'],
  }),
  german: nameGroup({
    surnames: ['Шмидт', 'Мюллер', 'Вагнер', 'Беккер', 'Фишер', 'Шнайдер', 'Гофман', 'Майер', 'Крафт', 'Вебер', 'Шульц', 'Классен', 'Фризен', 'Нейфельд'],
    invariant: true,
    givenM: ['Виктор', 'Андрей', 'Александр', 'Давид', 'Генрих', 'Роберт', 'Эдуард', 'Вальтер', 'Яков', 'Артур'],
    givenF: ['Ирина', 'Елена', 'Эмма', 'Мария', 'Лидия', 'Ольга', 'Амалия', 'Анна', 'Ирма'],
    withoutPatronymic: 0.1,
    kzShare: 0.9,
    otherCitizenships: ['DE'],
  }),
  tatar: nameGroup({
    surnames: ['Хабибуллин', 'Валиев', 'Сафин', 'Галиев', 'Ахметшин', 'Закиров', 'Гарипов', 'Шарипов', 'Мухаметов', 'Нуриев'],
    givenM: ['Ринат', 'Рустем', 'Ильдар', 'Ильшат', 'Рамиль', 'Айрат', 'Марат', 'Тимур', 'Равиль', 'Фарид'],
    givenF: ['Гульнара', 'Альфия', 'Лилия', 'Резеда', 'Эльвира', 'Диляра', 'Гузель', 'Альбина'],
    withoutPatronymic: 0.04,
    kzShare: 0.97,
    otherCitizenships: ['RU'],
  }),
} as const;

const OTHER_GROUPS: readonly NameGroup[] = [
  NAME_GROUPS.uzbek,
  NAME_GROUPS.uighur,
  NAME_GROUPS.korean,
  NAME_GROUPS.german,
  NAME_GROUPS.tatar,
];
// Weights over OTHER_GROUPS (uzbek, uighur, korean, german, tatar) by part of the country.
const OTHER_PROFILES: Record<RegionDef['others'], Float64Array> = {
  south: cumulativeOf([0.8, 0.05, 0.05, 0.0, 0.1]),
  almaty: cumulativeOf([0.1, 0.5, 0.2, 0.05, 0.15]),
  north: cumulativeOf([0.05, 0.05, 0.15, 0.4, 0.35]),
};

function fullName(surname: string, name: string, patronymic: string | null): string {
  return patronymic ? `${surname} ${name} ${patronymic}` : `${surname} ${name}`;
}

// ---------------------------------------------------------------------------------------------------
// People.

// Scratch results of the last identity computed (the hot path avoids allocating a tuple).
let identityDay = 0;
let identityMale = false;

function blockPermutation(sk: number, stream: number, block: number, units: { units: Int32Array }, size: number): [number, number] {
  const key = recordKey(sk, stream, block);
  return [units.units[key % units.units.length]!, (key >>> 12) % size];
}

/** Added to a block's serial: depends on the birth stratum only, so equal dates still mean different blocks. */
function personSerialShift(sk: number, stratum: number): number {
  return recordKey(sk, STREAM.serials, stratum) % SERIALS;
}

/** The IIN of person `index`; leaves the birth day and sex in identityDay / identityMale. */
function personIdentity(sk: number, index: number, rng: Rng): string {
  const block = Math.floor(index / PERSON_BLOCK);
  const [a, b] = blockPermutation(sk, STREAM.personBlock, block, PERSON_UNITS, PERSON_BLOCK);
  const stratum = (a * (index % PERSON_BLOCK) + b) % PERSON_BLOCK;
  const lo = BIRTH_BOUNDS[stratum]!;
  const len = BIRTH_BOUNDS[stratum + 1]! - lo;
  const male = rng.next() < 0.49 * TWO_32;
  const start = rng.int(len);
  const serial = (block * SERIAL_STEP + personSerialShift(sk, stratum)) % SERIALS;
  const s1 = 8 * Math.floor(serial / 1000) + 9 * (Math.floor(serial / 100) % 10) + 10 * (Math.floor(serial / 10) % 10) + 11 * (serial % 10);
  const s2 = 10 * Math.floor(serial / 1000) + 11 * (Math.floor(serial / 100) % 10) + 1 * (Math.floor(serial / 10) % 10) + 2 * (serial % 10);
  for (let t = 0; t < len; t += 1) {
    const day = lo + ((start + t) % len);
    const century = (DAY_YEAR[day]! < 2000 ? 3 : 5) + (male ? 0 : 1);
    let check = (DAY_SUM1[day]! + 7 * century + s1) % 11;
    if (check === 10) {
      check = (DAY_SUM2[day]! + 9 * century + s2) % 11;
      if (check === 10) continue; // no such IIN is ever issued: take the next day of the stratum
    }
    identityDay = day;
    identityMale = male;
    return DAY_YYMMDD[day]! + DIGIT[century]! + SERIAL4[serial]! + DIGIT[check]!;
  }
  throw new Error(`no valid IIN in birth stratum ${stratum}`); // unreachable: strata hold 10+ days
}

function deathProbability(year: number): number {
  if (year < 1945) return 0.1;
  if (year < 1960) return 0.04;
  if (year < 1990) return 0.007;
  return 0.003;
}

const DEATHS_FROM = dayOf(2008, 1, 1);
const TEN_YEARS = 3652;

// Last computed person's birth and death days (for attachments, powers of attorney, payments).
let personBirthDay = 0;
let personDeathDay = -1;
let personPlaceIndex = 0;

function buildPerson(sk: number, index: number): Person {
  const rng = new Rng(recordKey(sk, STREAM.person, index));
  const iin = personIdentity(sk, index, rng);
  const day = identityDay;
  const male = identityMale;
  const year = DAY_YEAR[day]!;

  const placeIndex = pickCumulative(PLACE_CUMULATIVE, rng.float());
  const place = PLACES[placeIndex]!;
  const region = REGIONS[place.regionIndex]!;
  const u = rng.float();
  const group =
    u < region.kazakh
      ? NAME_GROUPS.kazakh
      : u < region.kazakh + region.russian
        ? NAME_GROUPS.russian
        : OTHER_GROUPS[pickCumulative(OTHER_PROFILES[region.others], rng.float())]!;

  const surnameIndex = rng.int(group.surnamesM.length);
  const surname = (male ? group.surnamesM : group.surnamesF)[surnameIndex]!;
  const name = pick(rng, male ? group.givenM : group.givenF);
  let patronymic: string | null = null;
  if (!rng.chance(group.withoutPatronymic)) {
    const uly = group.ulyM.length > 0 && rng.chance(year < 1995 ? 0.3 : 0.7);
    if (uly) {
      const k = rng.int(group.ulyM.length);
      patronymic = (male ? group.ulyM : group.ulyF)[k]!;
    } else {
      const k = rng.int(group.patronymicsM.length);
      patronymic = (male ? group.patronymicsM : group.patronymicsF)[k]!;
    }
  }
  const citizenship = rng.chance(group.kzShare) ? 'KZ' : pick(rng, group.otherCitizenships);
  const address = makeAddress(rng, place, 0.68);

  let deathDay = -1;
  if (rng.chance(deathProbability(year))) {
    const from = Math.max(day + 31, DEATHS_FROM);
    deathDay = from + rng.int(REFERENCE_DAY - from + 1);
  }
  const end = deathDay >= 0 ? deathDay : REFERENCE_DAY;
  const kk = rng.chance(0.6);
  const adultFrom = yearsAfter(day, 16);
  let document: Person['document'];
  if (adultFrom <= end) {
    const from = Math.max(adultFrom, end - TEN_YEARS);
    const issuedOn = DAY_ISO[from + rng.int(end - from + 1)]!;
    if (citizenship !== 'KZ') {
      document = { type: 'residence_permit', number: `9${pad(scramble(index, 100_000_000, 37_394_323, sk, STREAM.person), 8)}`, issuedOn, issuer: kk ? 'ҚР ІІМ Көші-қон қызметі' : 'Миграционная служба МВД РК' };
    } else if (rng.chance(0.1)) {
      document = { type: 'passport', number: `N${pad(scramble(index, 100_000_000, 61_728_397, sk, STREAM.person), 8)}`, issuedOn, issuer: kk ? 'ҚР ІІМ' : 'МВД РК' };
    } else {
      document = { type: 'id_card', number: `${pad(scramble(index, 100_000_000, 48_271_019, sk, STREAM.person), 9)}`, issuedOn, issuer: kk ? 'ҚР ІІМ' : 'МВД РК' };
    }
  } else {
    const issuedOn = DAY_ISO[day + 1 + rng.int(30)]!;
    document = { type: 'birth_certificate', number: pad(scramble(index, 10_000_000, 4_069_301, sk, STREAM.person), 7), issuedOn, issuer: kk ? 'АХАТ органы' : 'Органы ЗАГС' };
  }

  personBirthDay = day;
  personDeathDay = deathDay;
  personPlaceIndex = placeIndex;
  return {
    iin,
    surname,
    name,
    patronymic,
    birthDate: DAY_ISO[day]!,
    sex: male ? 'male' : 'female',
    citizenship,
    address,
    document,
    deathDate: deathDay >= 0 ? DAY_ISO[deathDay]! : null,
  };
}

/** Person number `index` (0-based) of the population for `seed`: the same record generatePeople yields. */
export function personAt(options: GeneratorOptions & { index: number }): Person {
  checkIndex(options.index, PERSON_CAPACITY, 'person');
  return buildPerson(seedKey(options.seed), options.index);
}

/** Only the IIN of person `index` (cheaper than personAt). */
export function iinAt(options: GeneratorOptions & { index: number }): string {
  checkIndex(options.index, PERSON_CAPACITY, 'person');
  const sk = seedKey(options.seed);
  return personIdentity(sk, options.index, new Rng(recordKey(sk, STREAM.person, options.index)));
}

/** People offset .. offset+count-1 for `seed`; person i depends only on (seed, i). */
export function* generatePeople(options: GeneratorOptions & { count: number; offset?: number }): Generator<Person> {
  const offset = options.offset ?? 0;
  checkRange(offset, options.count, PERSON_CAPACITY, 'people');
  const sk = seedKey(options.seed);
  for (let i = offset, end = offset + options.count; i < end; i += 1) yield buildPerson(sk, i);
}

function upperBound(bounds: Int32Array, value: number): number {
  let lo = 0;
  let hi = bounds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (bounds[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index of the generated person with this IIN for `seed`, or null if no generated person has it. */
export function personIndexOfIin(options: GeneratorOptions & { iin: string }): number | null {
  const iin = options.iin;
  if (!/^\d{12}$/.test(iin)) return null;
  const century = iin.charCodeAt(6) - 48;
  if (century < 3 || century > 6) return null;
  const year = (century <= 4 ? 1900 : 2000) + Number(iin.slice(0, 2));
  const month = Number(iin.slice(2, 4));
  const dom = Number(iin.slice(4, 6));
  const day = dayOf(year, month, dom);
  if (day < 0 || day >= BIRTH_END_DAY || DAY_MONTH[day] !== month || DAY_DOM[day] !== dom) return null;
  const sk = seedKey(options.seed);
  const serial = Number(iin.slice(7, 11));
  const stratum = upperBound(BIRTH_BOUNDS, day) - 1;
  const block = mod((serial - personSerialShift(sk, stratum)) * SERIAL_STEP_INVERSE, SERIALS);
  const key = recordKey(sk, STREAM.personBlock, block);
  const unitIndex = key % PERSON_UNITS.units.length;
  const b = (key >>> 12) % PERSON_BLOCK;
  const r = mod((stratum - b) * PERSON_UNITS.inverses[unitIndex]!, PERSON_BLOCK);
  const index = block * PERSON_BLOCK + r;
  if (index >= PERSON_CAPACITY) return null;
  return personIdentity(sk, index, new Rng(recordKey(sk, STREAM.person, index))) === iin ? index : null;
}

/**
 * A headIin for generateLegalEntities: the first person (i*7919 + k*104729) mod peopleCount, k = 0, 1, …,
 * who is 18 or older and alive on the simulation date (the plain first candidate if 50 probes find none).
 */
export function adultHeadIin(options: GeneratorOptions & { peopleCount: number }): (i: number) => string {
  const { peopleCount } = options;
  if (!Number.isInteger(peopleCount) || peopleCount < 1 || peopleCount > PERSON_CAPACITY) {
    throw new RangeError(`peopleCount must be 1..${PERSON_CAPACITY}`);
  }
  const sk = seedKey(options.seed);
  return (i: number) => {
    const start = (i * 7919) % peopleCount;
    const found = findPerson(sk, peopleCount, start, 104_729 % peopleCount || 1, REFERENCE_DAY, 18);
    const index = found >= 0 ? found : start;
    return personIdentity(sk, index, new Rng(recordKey(sk, STREAM.person, index)));
  };
}

/** Probes start, start+step, … (mod peopleCount) for a person alive on `onDay` and at least `age` then; -1 if 50 probes find none. */
function findPerson(sk: number, peopleCount: number, start: number, step: number, onDay: number, age: number, exclude = -1): number {
  for (let k = 0; k < 50; k += 1) {
    const index = (start + k * step) % peopleCount;
    if (index === exclude) continue;
    buildPerson(sk, index);
    if (yearsAfter(personBirthDay, age) <= onDay && (personDeathDay < 0 || personDeathDay > onDay)) return index;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------------
// Legal entities.

const ENTITY_BLOCK = 100;
const ENTITY_SERIALS = 90_000; // 90,000–99,999 belong to the fixed polyclinics
const ENTITY_UNITS = unitsModulo(ENTITY_BLOCK);
const FIRST_REGISTRATION_YEAR = 1995;
const REGISTRATION_MONTHS = (2026 - FIRST_REGISTRATION_YEAR) * 12 + 10; // 1995-01 .. 2026-10

const MONTH_BOUNDS = (() => {
  const weight = (m: number) => {
    const year = FIRST_REGISTRATION_YEAR + Math.floor(m / 12);
    return year <= 2000 ? 1 : year <= 2010 ? 2 : 3;
  };
  let total = 0;
  for (let m = 0; m < REGISTRATION_MONTHS; m += 1) total += weight(m);
  const bounds = new Int32Array(ENTITY_BLOCK + 1);
  let cumulative = 0;
  let k = 1;
  for (let m = 0; m < REGISTRATION_MONTHS && k < ENTITY_BLOCK; m += 1) {
    while (k < ENTITY_BLOCK && cumulative >= (k * total) / ENTITY_BLOCK) bounds[k++] = m;
    cumulative += weight(m);
  }
  bounds[ENTITY_BLOCK] = REGISTRATION_MONTHS;
  for (let s = 0; s < ENTITY_BLOCK; s += 1) {
    if (bounds[s + 1]! <= bounds[s]!) throw new Error('registration strata must not be empty');
  }
  return bounds;
})();

// BIN 5th digit: 4 resident legal entity, 5 non-resident, 6 individual entrepreneur in a joint venture;
// 6th digit: 0 head organisation, 1 branch, 2 representative office, 3 peasant farm.
// When no month of the stratum gives a check digit for the drawn (type, unit), the other pairs are tried:
// two prefixes that differ in one of these digits cannot both lack one, so the second pair always works.
const TYPE_UNITS: readonly (readonly [number, number])[] = [[4, 0], [4, 1], [4, 2], [4, 3], [5, 1], [5, 2], [6, 0]];

let entityType = 4;
let entityUnit = 0;
let entityRegistrationDay = 0;

/** The BIN of entity `index`; leaves type, unit and registration day in entityType / entityUnit / entityRegistrationDay. */
function entityIdentity(sk: number, index: number, rng: Rng): string {
  const block = Math.floor(index / ENTITY_BLOCK);
  const [a, b] = blockPermutation(sk, STREAM.entityBlock, block, ENTITY_UNITS, ENTITY_BLOCK);
  const stratum = (a * (index % ENTITY_BLOCK) + b) % ENTITY_BLOCK;
  const lo = MONTH_BOUNDS[stratum]!;
  const len = MONTH_BOUNDS[stratum + 1]! - lo;
  const u = rng.float();
  const type = u < 0.93 ? 4 : u < 0.95 ? 5 : 6;
  const v = rng.float();
  const unit = type === 4 ? (v < 0.88 ? 0 : v < 0.94 ? 1 : v < 0.96 ? 2 : 3) : type === 5 ? (v < 0.6 ? 1 : 2) : 0;
  const start = rng.int(len);
  const serial = (block * SERIAL_STEP + (recordKey(sk, STREAM.serials, 10_000 + stratum) % ENTITY_SERIALS)) % ENTITY_SERIALS;
  const pairs = [
    [type, unit] as const,
    ...TYPE_UNITS.filter(([otherType, otherUnit]) => otherType === type && otherUnit !== unit),
    ...TYPE_UNITS.filter(([otherType]) => otherType !== type),
  ];
  for (const [candidateType, candidateUnit] of pairs) {
    for (let t = 0; t < len; t += 1) {
      const m = lo + ((start + t) % len);
      const year = FIRST_REGISTRATION_YEAR + Math.floor(m / 12);
      const month = (m % 12) + 1;
      const prefix = `${pad(year % 100, 2)}${pad(month, 2)}${candidateType}${candidateUnit}${pad(serial, 5)}`;
      const check = checkDigit(prefix);
      if (check === null) continue;
      const daysInMonth = dayOf(year, month + 1, 1) - dayOf(year, month, 1);
      entityType = candidateType;
      entityUnit = candidateUnit;
      entityRegistrationDay = dayOf(year, month, 1 + rng.int(daysInMonth));
      return `${prefix}${check}`;
    }
  }
  throw new Error(`no valid BIN for legal entity ${index}`); // unreachable (see TYPE_UNITS)
}

function entityLiquidated(sk: number, index: number, registrationDay: number): boolean {
  const p = DAY_YEAR[registrationDay]! < 2010 ? 0.12 : 0.05;
  return recordKey(sk, STREAM.entityStatus, index) < p * TWO_32;
}

/** Only the BIN of legal entity `index` (cheaper than legalEntityAt). */
export function binAt(options: GeneratorOptions & { index: number }): string {
  checkIndex(options.index, LEGAL_ENTITY_CAPACITY, 'legal entity');
  const sk = seedKey(options.seed);
  return entityIdentity(sk, options.index, new Rng(recordKey(sk, STREAM.entity, options.index)));
}

interface LegalForm {
  code: string;
  kkFull: string;
  kkShort: string;
  ruFull: string;
  ruShort: string;
}

const FORMS = {
  llp: { code: 'ЖШС/ТОО', kkFull: 'жауапкершілігі шектеулі серіктестігі', kkShort: 'ЖШС', ruFull: 'Товарищество с ограниченной ответственностью', ruShort: 'ТОО' },
  jsc: { code: 'АҚ/АО', kkFull: 'акционерлік қоғамы', kkShort: 'АҚ', ruFull: 'Акционерное общество', ruShort: 'АО' },
  association: { code: 'ҚБ/ОО', kkFull: 'қоғамдық бірлестігі', kkShort: 'ҚБ', ruFull: 'Общественное объединение', ruShort: 'ОО' },
  cooperative: { code: 'ӨК/ПК', kkFull: 'өндірістік кооперативі', kkShort: 'ӨК', ruFull: 'Производственный кооператив', ruShort: 'ПК' },
  fund: { code: 'Қор/Фонд', kkFull: 'қоры', kkShort: 'Қоры', ruFull: 'Фонд', ruShort: 'Фонд' },
  institution: { code: 'ММ/ГУ', kkFull: 'мемлекеттік мекемесі', kkShort: 'ММ', ruFull: 'Государственное учреждение', ruShort: 'ГУ' },
  communal: { code: 'КМК/ГКП', kkFull: 'коммуналдық мемлекеттік кәсіпорны', kkShort: 'КМК', ruFull: 'Государственное коммунальное предприятие', ruShort: 'ГКП' },
  farm: { code: 'ШҚ/КХ', kkFull: 'шаруа қожалығы', kkShort: 'ШҚ', ruFull: 'Крестьянское хозяйство', ruShort: 'КХ' },
} satisfies Record<string, LegalForm>;
const FORM_CUMULATIVE = cumulativeOf([0.8, 0.05, 0.04, 0.03, 0.02, 0.035, 0.025]);
const HEAD_FORMS: readonly LegalForm[] = [FORMS.llp, FORMS.jsc, FORMS.association, FORMS.cooperative, FORMS.fund, FORMS.institution, FORMS.communal];
// Genitive forms for branches and representative offices of a resident parent.
const PARENT_FORMS = [
  { kk: 'жауапкершілігі шектеулі серіктестігінің', kkShort: 'ЖШС', ru: 'товарищества с ограниченной ответственностью', ruShort: 'ТОО' },
  { kk: 'акционерлік қоғамының', kkShort: 'АҚ', ru: 'акционерного общества', ruShort: 'АО' },
] as const;

const BRAND_FIRST: readonly string[] = [
  'Алтын', 'Ақ', 'Көк', 'Жаңа', 'Нұр', 'Сарыарқа', 'Жетісу', 'Бәйтерек', 'Тұлпар', 'Самұрық', 'Арман', 'Шұғыла',
  'Ертіс', 'Есіл', 'Орда', 'Бірлік', 'Өркен', 'Қыран', 'Шаңырақ', 'Атамекен', 'Ұлы Дала', 'Мәңгілік', 'Іргетас',
  'Қазына', 'Сұңқар', 'Дәстүр', 'Темір', 'Жұлдыз', 'Асыл', 'Кең Дала', 'Евразия', 'Азия', 'Капитал', 'Прогресс',
  'Гранит', 'Альянс', 'Стандарт', 'Меридиан', 'Континент', 'Лидер', 'Эталон', 'Вектор', 'Steppe', 'Silk Way',
  'Nomad', 'Caspian', 'Qazaq', 'Eurasia', 'Altyn', 'Arna',
];
const BRAND_SECOND: readonly string[] = [
  'Дала', 'Тау', 'Жол', 'Құрылыс', 'Сервис', 'Трейд', 'Групп', 'Инвест', 'Логистик', 'Агро', 'Строй', 'Медикал',
  'Фарм', 'Консалтинг', 'Энерго', 'Транс', 'Снаб', 'Пром', 'Техно', 'Плюс', 'Азық', 'Өнім', 'Сауда', 'Мұнай',
  'Астық', 'Қызмет', 'Құс', 'Сүт', 'Тех', 'KZ', 'Group', 'Trade', 'Logistics', 'Invest', 'Construction',
];
const FOREIGN_FIRST: readonly string[] = ['Caspian', 'Nordic', 'Anadolu', 'Silk Road', 'Baltic', 'Sino', 'Volga', 'Alpine', 'Danube', 'Orient', 'Global', 'Euro', 'Ural', 'Pacific'];
const FOREIGN_SECOND: readonly string[] = ['Energy', 'Trade', 'Logistics', 'Pharm', 'Machinery', 'Engineering', 'Foods', 'Mining', 'Consulting', 'Medical'];
const FOREIGN_SUFFIX: readonly string[] = ['Ltd', 'GmbH', 'LLC', 'B.V.', 'A.Ş.', 'Co., Ltd', 'S.A.', 'AG', 'Inc.'];
// Numbered state institutions and communal enterprises: [kk, ru] with {n}.
const INSTITUTION_NAMES: readonly (readonly [string, string])[] = [
  ['№{n} жалпы білім беретін мектеп', 'Общеобразовательная школа №{n}'],
  ['№{n} мектеп-гимназия', 'Школа-гимназия №{n}'],
  ['№{n} мектеп-лицей', 'Школа-лицей №{n}'],
];
const COMMUNAL_NAMES: readonly (readonly [string, string])[] = [
  ['№{n} балабақша', 'Детский сад №{n}'],
  ['№{n} қалалық аурухана', 'Городская больница №{n}'],
  ['№{n} балалар өнер мектебі', 'Детская школа искусств №{n}'],
];

const FARM_NAMES: readonly string[] = BRAND_FIRST.slice(0, 30);

function brand(rng: Rng): string {
  const first = pick(rng, BRAND_FIRST);
  return rng.chance(0.3) ? first : `${first} ${pick(rng, BRAND_SECOND)}`;
}

interface EntityNames {
  legalForm: string;
  fullNameKk: string;
  fullNameRu: string;
  shortNameKk: string;
  shortNameRu: string;
}

function entityNames(rng: Rng, type: number, unit: number): EntityNames {
  if (type === 5) {
    const company = `${pick(rng, FOREIGN_FIRST)} ${pick(rng, FOREIGN_SECOND)} ${pick(rng, FOREIGN_SUFFIX)}`;
    return unit === 1
      ? { legalForm: 'Филиал', fullNameKk: `«${company}» компаниясының Қазақстан Республикасындағы филиалы`, shortNameKk: `«${company}» филиалы`, fullNameRu: `Филиал компании «${company}» в Республике Казахстан`, shortNameRu: `Филиал «${company}»` }
      : { legalForm: 'Өкілдік/Представительство', fullNameKk: `«${company}» компаниясының Қазақстан Республикасындағы өкілдігі`, shortNameKk: `«${company}» өкілдігі`, fullNameRu: `Представительство компании «${company}» в Республике Казахстан`, shortNameRu: `Представительство «${company}»` };
  }
  if (type === 6) {
    const b = brand(rng);
    return { legalForm: 'ЖК/ИП', fullNameKk: `«${b}» жеке кәсіпкері (бірлескен кәсіпкерлік)`, shortNameKk: `«${b}» ЖК`, fullNameRu: `Индивидуальный предприниматель «${b}» (совместное предпринимательство)`, shortNameRu: `ИП «${b}»` };
  }
  if (unit === 3) {
    const b = pick(rng, FARM_NAMES);
    const form = FORMS.farm;
    return { legalForm: form.code, fullNameKk: `«${b}» ${form.kkFull}`, shortNameKk: `«${b}» ${form.kkShort}`, fullNameRu: `${form.ruFull} «${b}»`, shortNameRu: `${form.ruShort} «${b}»` };
  }
  if (unit === 1 || unit === 2) {
    const b = brand(rng);
    const parent = pick(rng, PARENT_FORMS);
    const [kkWord, ruWord, code] = unit === 1 ? ['филиалы', 'Филиал', 'Филиал'] : ['өкілдігі', 'Представительство', 'Өкілдік/Представительство'];
    return {
      legalForm: code,
      fullNameKk: `«${b}» ${parent.kk} ${kkWord}`,
      shortNameKk: `«${b}» ${parent.kkShort} ${kkWord}`,
      fullNameRu: `${ruWord} ${parent.ru} «${b}»`,
      shortNameRu: `${ruWord} ${parent.ruShort} «${b}»`,
    };
  }
  const form = HEAD_FORMS[pickCumulative(FORM_CUMULATIVE, rng.float())]!;
  let kkName: string;
  let ruName: string;
  if (form === FORMS.institution || form === FORMS.communal) {
    const n = String(1 + rng.int(120));
    const [kk, ru] = pick(rng, form === FORMS.institution ? INSTITUTION_NAMES : COMMUNAL_NAMES);
    kkName = kk.replace('{n}', n);
    ruName = ru.replace('{n}', n);
  } else {
    kkName = brand(rng);
    ruName = kkName;
  }
  return {
    legalForm: form.code,
    fullNameKk: `«${kkName}» ${form.kkFull}`,
    shortNameKk: `«${kkName}» ${form.kkShort}`,
    fullNameRu: `${form.ruFull} «${ruName}»`,
    shortNameRu: `${form.ruShort} «${ruName}»`,
  };
}

/** The full name of the generated person with this IIN, or (for an IIN that is not one) a made-up name of the right sex. */
function headNameOf(sk: number, seed: number, iin: string): string {
  const index = personIndexOfIin({ seed, iin });
  if (index !== null) {
    const p = buildPerson(sk, index);
    return fullName(p.surname, p.name, p.patronymic);
  }
  const check = checkIin(iin);
  const male = !check.valid || check.sex === 'male';
  const rng = new Rng(recordKey(sk, STREAM.headName, Number(iin.slice(-9)) || 0));
  const g = NAME_GROUPS.kazakh;
  const k = rng.int(g.surnamesM.length);
  return fullName((male ? g.surnamesM : g.surnamesF)[k]!, pick(rng, male ? g.givenM : g.givenF), pick(rng, male ? g.ulyM : g.ulyF));
}

function buildLegalEntity(sk: number, seed: number, index: number, headIin: (i: number) => string): LegalEntity {
  const rng = new Rng(recordKey(sk, STREAM.entity, index));
  const bin = entityIdentity(sk, index, rng);
  const type = entityType;
  const unit = entityUnit;
  const registrationDay = entityRegistrationDay;
  const names = entityNames(rng, type, unit);
  const place = PLACES[pickCumulative(PLACE_CUMULATIVE, rng.float())]!;
  const address = makeAddress(rng, place, 0.45);
  const status = entityLiquidated(sk, index, registrationDay) ? 'liquidated' : 'active';
  const head = headIin(index);
  return {
    bin,
    fullNameKk: names.fullNameKk,
    fullNameRu: names.fullNameRu,
    shortNameKk: names.shortNameKk,
    shortNameRu: names.shortNameRu,
    legalForm: names.legalForm,
    headIin: head,
    headName: headNameOf(sk, seed, head),
    address,
    registeredOn: DAY_ISO[registrationDay]!,
    status,
  };
}

/** Legal entity number `index` for `seed`; its head is headIin(index), a generated person (see adultHeadIin). */
export function legalEntityAt(options: GeneratorOptions & { index: number; headIin: (i: number) => string }): LegalEntity {
  checkIndex(options.index, LEGAL_ENTITY_CAPACITY, 'legal entity');
  return buildLegalEntity(seedKey(options.seed), options.seed, options.index, options.headIin);
}

/** Legal entities offset .. offset+count-1 for `seed`; the head of entity i is headIin(i) (e.g. adultHeadIin). */
export function* generateLegalEntities(
  options: GeneratorOptions & { count: number; offset?: number; headIin: (i: number) => string },
): Generator<LegalEntity> {
  const offset = options.offset ?? 0;
  checkRange(offset, options.count, LEGAL_ENTITY_CAPACITY, 'legal entities');
  const sk = seedKey(options.seed);
  for (let i = offset, end = offset + options.count; i < end; i += 1) yield buildLegalEntity(sk, options.seed, i, options.headIin);
}

// ---------------------------------------------------------------------------------------------------
// Primary-care organisations (a fixed list, the same for every seed) and attachment to them.

export interface PrimaryCareOrganisation {
  bin: string;
  nameKk: string;
  nameRu: string;
  region: string;
  city: string;
  cityRu: string;
  address: Address;
  registeredOn: string;
}

// [region index in REGIONS, city, city (ru), number or null, street, house]
const POLYCLINIC_SPECS: readonly (readonly [number, string, string, number | null, string, string])[] = [
  [0, 'Астана', 'Астана', 1, 'Сарыарқа даңғылы', '31'],
  [0, 'Астана', 'Астана', 2, 'Бейбітшілік көшесі', '46'],
  [0, 'Астана', 'Астана', 4, 'Сығанақ көшесі', '16'],
  [0, 'Астана', 'Астана', 5, 'Кенесары көшесі', '67'],
  [0, 'Астана', 'Астана', 9, 'Қабанбай батыр даңғылы', '58'],
  [1, 'Алматы', 'Алматы', 1, 'Абай даңғылы', '103'],
  [1, 'Алматы', 'Алматы', 5, 'Төле би көшесі', '220'],
  [1, 'Алматы', 'Алматы', 7, 'Сәтбаев көшесі', '48'],
  [1, 'Алматы', 'Алматы', 11, 'Жандосов көшесі', '164'],
  [1, 'Алматы', 'Алматы', 17, 'Райымбек даңғылы', '239'],
  [1, 'Алматы', 'Алматы', 25, 'Жетісу шағын ауданы', '32'],
  [2, 'Шымкент', 'Шымкент', 1, 'Тәуке хан даңғылы', '12'],
  [2, 'Шымкент', 'Шымкент', 3, 'Байтұрсынұлы көшесі', '7'],
  [2, 'Шымкент', 'Шымкент', 8, 'Республика даңғылы', '25'],
  [3, 'Семей', 'Семей', 1, 'Абай көшесі', '96'],
  [3, 'Семей', 'Семей', 3, 'Шәкәрім даңғылы', '14'],
  [4, 'Көкшетау', 'Кокшетау', 2, 'Әуезов көшесі', '189'],
  [5, 'Ақтөбе', 'Актобе', 1, 'Әбілқайыр хан даңғылы', '44'],
  [5, 'Ақтөбе', 'Актобе', 4, 'Сәңкібай батыр даңғылы', '20'],
  [6, 'Қонаев', 'Конаев', null, 'Қонаев көшесі', '5'],
  [7, 'Атырау', 'Атырау', 2, 'Сәтбаев даңғылы', '21'],
  [8, 'Орал', 'Уральск', 1, 'Достық даңғылы', '185'],
  [9, 'Тараз', 'Тараз', 3, 'Төле би даңғылы', '87'],
  [9, 'Шу', 'Шу', null, 'Жібек жолы көшесі', '11'],
  [10, 'Талдықорған', 'Талдыкорган', 1, 'Тәуелсіздік көшесі', '61'],
  [11, 'Қарағанды', 'Караганда', 1, 'Бұқар жырау даңғылы', '49'],
  [11, 'Қарағанды', 'Караганда', 4, 'Ерубаев көшесі', '15'],
  [11, 'Теміртау', 'Темиртау', null, 'Республика даңғылы', '36'],
  [12, 'Қостанай', 'Костанай', 1, 'Әл-Фараби даңғылы', '112'],
  [12, 'Рудный', 'Рудный', null, 'Сәтбаев көшесі', '74'],
  [13, 'Қызылорда', 'Кызылорда', 2, 'Жібек жолы көшесі', '3'],
  [14, 'Ақтау', 'Актау', 1, '12 шағын аудан', '9'],
  [14, 'Жаңаөзен', 'Жанаозен', null, 'Шұғыла шағын ауданы', '2'],
  [15, 'Павлодар', 'Павлодар', 1, 'Естай көшесі', '54'],
  [15, 'Екібастұз', 'Экибастуз', null, 'Мәшһүр Жүсіп көшесі', '80'],
  [16, 'Петропавл', 'Петропавловск', 3, 'Жамбыл көшесі', '162'],
  [17, 'Түркістан', 'Туркестан', null, 'Есім хан көшесі', '18'],
  [18, 'Жезқазған', 'Жезказган', null, 'Алашахан даңғылы', '27'],
  [19, 'Өскемен', 'Усть-Каменогорск', 1, 'Қазақстан көшесі', '73'],
  [19, 'Өскемен', 'Усть-Каменогорск', 2, 'Ушанов көшесі', '64'],
];

/** About forty polyclinics (МСАК/ПМСП) in real cities, with valid BINs (serials 90,000+), the same for every seed. */
export const PRIMARY_CARE_ORGANISATIONS: readonly PrimaryCareOrganisation[] = POLYCLINIC_SPECS.map(
  ([regionIndex, city, cityRu, number, street, house], k) => {
    const year = 1999 + ((k * 7) % 24);
    const month = 1 + ((k * 5) % 12);
    let bin: string | null = null;
    for (let serial = 90_000 + k * 211; bin === null; serial += 1) {
      const prefix = `${pad(year % 100, 2)}${pad(month, 2)}40${pad(serial, 5)}`;
      const check = checkDigit(prefix);
      if (check !== null) bin = `${prefix}${check}`;
    }
    return {
      bin,
      nameKk: number === null ? `${city} қалалық емханасы` : `№${number} қалалық емхана`,
      nameRu: number === null ? `Городская поликлиника г. ${cityRu}` : `Городская поликлиника №${number}`,
      region: REGIONS[regionIndex]!.region,
      city,
      cityRu,
      address: { region: REGIONS[regionIndex]!.region, city, street, house, flat: null },
      registeredOn: `${year}-${pad(month, 2)}-${pad(1 + ((k * 11) % 28), 2)}`,
    };
  },
);

/** The polyclinics as legal-entity records (КМК/ГКП on the right of economic management); head k is headIin(k). */
export function primaryCareEntities(options: GeneratorOptions & { headIin: (i: number) => string }): LegalEntity[] {
  const sk = seedKey(options.seed);
  return PRIMARY_CARE_ORGANISATIONS.map((o, k) => {
    const head = options.headIin(k);
    return {
      bin: o.bin,
      fullNameKk: `${o.city} қаласы әкімдігінің шаруашылық жүргізу құқығындағы «${o.nameKk}» коммуналдық мемлекеттік кәсіпорны`,
      fullNameRu: `Коммунальное государственное предприятие на праве хозяйственного ведения «${o.nameRu}» акимата города ${o.cityRu}`,
      shortNameKk: `«${o.nameKk}» ШЖҚ КМК`,
      shortNameRu: `КГП на ПХВ «${o.nameRu}»`,
      legalForm: 'ШЖҚ КМК/КГП на ПХВ',
      headIin: head,
      headName: headNameOf(sk, options.seed, head),
      address: o.address,
      registeredOn: o.registeredOn,
      status: 'active',
    };
  });
}

// For each place, the polyclinics of its city, or else of its region.
const POLYCLINICS_BY_PLACE: readonly (readonly number[])[] = PLACES.map((place) => {
  const inCity = PRIMARY_CARE_ORGANISATIONS.flatMap((o, k) => (o.city === place.city && o.region === place.region ? [k] : []));
  if (inCity.length > 0) return inCity;
  return PRIMARY_CARE_ORGANISATIONS.flatMap((o, k) => (o.region === place.region ? [k] : []));
});
const ATTACHMENT_FROM = dayOf(2010, 1, 1);

function buildAttachment(sk: number, index: number): AttachmentRecord | null {
  const person = buildPerson(sk, index);
  if (person.deathDate !== null) return null; // detached on death
  const rng = new Rng(recordKey(sk, STREAM.attachment, index));
  if (!rng.chance(0.91)) return null;
  const candidates = POLYCLINICS_BY_PLACE[personPlaceIndex]!;
  const organisation = PRIMARY_CARE_ORGANISATIONS[pick(rng, candidates)]!;
  const from = Math.max(personBirthDay, ATTACHMENT_FROM);
  return {
    iin: person.iin,
    organisationBin: organisation.bin,
    organisationName: `${organisation.nameKk}, ${organisation.city} қ.`,
    district: String(1 + rng.int(45)),
    since: DAY_ISO[from + rng.int(REFERENCE_DAY - from + 1)]!,
  };
}

/** The attachment of person `index` to a polyclinic of their city or region, or null (≈10 %: not attached, or dead). */
export function attachmentAt(options: GeneratorOptions & { index: number }): AttachmentRecord | null {
  checkIndex(options.index, PERSON_CAPACITY, 'person');
  return buildAttachment(seedKey(options.seed), options.index);
}

/** Attachments of people offset .. offset+count-1 (count defaults to peopleCount - offset); ≈90 % have one. */
export function* generateAttachments(
  options: GeneratorOptions & { peopleCount: number; offset?: number; count?: number },
): Generator<AttachmentRecord> {
  const offset = options.offset ?? 0;
  const count = options.count ?? options.peopleCount - offset;
  checkRange(offset, count, Math.min(options.peopleCount, PERSON_CAPACITY), 'attachments');
  const sk = seedKey(options.seed);
  for (let i = offset, end = offset + count; i < end; i += 1) {
    const record = buildAttachment(sk, i);
    if (record) yield record;
  }
}

// ---------------------------------------------------------------------------------------------------
// Powers of attorney (notarial, as the БНАЖ would answer).

const POA_SCOPES: readonly string[] = [
  'Мемлекеттік қызметтерді алу үшін өтініш беру және нәтижесін алу',
  'Мұрағаттық анықтамалар мен көшірмелерді алу, оларға апостиль қою',
  'Медициналық ұйымға тіркеу, дәрігер қабылдауына жазылу',
  'Жұмыссыз азамат ретінде анықтама алу',
  'Үйде оқитын мүгедек балаға материалдық қамтамасыз ету үшін құжаттарды ресімдеу',
  'Барлық мемлекеттік органдар мен ұйымдарда мүддесін білдіру',
  'Представлять интересы во всех государственных органах и организациях',
  'Получение государственных услуг, подача заявлений и получение результатов',
  'Получение архивных справок и проставление апостиля',
  'Представлять интересы по вопросам лицензирования медицинской деятельности',
];
const POA_FROM = dayOf(2015, 1, 1);

function buildPowerOfAttorney(sk: number, index: number, peopleCount: number): PowerOfAttorney | null {
  const rng = new Rng(recordKey(sk, STREAM.powerOfAttorney, index));
  if (!rng.chance(0.0125)) return null;
  const principal = buildPerson(sk, index);
  const end = personDeathDay >= 0 ? personDeathDay - 1 : REFERENCE_DAY;
  const from = Math.max(yearsAfter(personBirthDay, 18), POA_FROM);
  if (from > end) return null; // minors do not give powers of attorney
  const span = end - from;
  const issuedDay = end - Math.floor(rng.float() * rng.float() * (span + 1)); // recent ones more often
  const start = rng.int(peopleCount);
  const representativeIndex = findPerson(sk, peopleCount, start, 104_729 % peopleCount || 1, issuedDay, 18, index);
  if (representativeIndex < 0) return null;
  const representative = buildPerson(sk, representativeIndex);
  const validUntil = yearsAfter(issuedDay, 1 + rng.int(3));
  return {
    number: `${DAY_YEAR[issuedDay]}-${pad(scramble(index, 100_000_000, 69_621_043, sk, STREAM.powerOfAttorney), 8)}`,
    issuedOn: DAY_ISO[issuedDay]!,
    principalIin: principal.iin,
    representativeIin: representative.iin,
    scope: pick(rng, POA_SCOPES),
    validUntil: DAY_ISO[validUntil]!,
    revoked: rng.chance(0.07),
  };
}

/** The power of attorney given by person `index` (≈1 % of adults give one), or null. */
export function powerOfAttorneyAt(options: GeneratorOptions & { index: number; peopleCount: number }): PowerOfAttorney | null {
  checkIndex(options.index, Math.min(options.peopleCount, PERSON_CAPACITY), 'principal');
  return buildPowerOfAttorney(seedKey(options.seed), options.index, options.peopleCount);
}

/** Powers of attorney whose principals are people offset .. offset+count-1; representatives from 0 .. peopleCount-1. */
export function* generatePowersOfAttorney(
  options: GeneratorOptions & { peopleCount: number; offset?: number; count?: number },
): Generator<PowerOfAttorney> {
  const offset = options.offset ?? 0;
  const count = options.count ?? options.peopleCount - offset;
  checkRange(offset, count, Math.min(options.peopleCount, PERSON_CAPACITY), 'powers of attorney');
  const sk = seedKey(options.seed);
  for (let i = offset, end = offset + count; i < end; i += 1) {
    const record = buildPowerOfAttorney(sk, i, options.peopleCount);
    if (record) yield record;
  }
}

// ---------------------------------------------------------------------------------------------------
// Payments through the payment gateway (ЭҮТШ) for the paid services.

// Monthly calculation index (МРП/АЕК), tenge, by year: fees are multiples of it.
const MRP: Record<number, number> = { 2020: 2778, 2021: 2917, 2022: 3063, 2023: 3450, 2024: 3692, 2025: 3932, 2026: 4325 };
// [service code, share of payments, share paid by a legal entity, fee in МРП (one picked)] — illustrative fees.
const PAID_SERVICES: readonly (readonly [string, number, number, readonly number[]])[] = [
  ['archive.apostille', 0.45, 0.05, [0.5]],
  ['media.registration', 0.15, 0.7, [2, 2, 1]],
  ['licence.medical', 0.4, 0.85, [10, 10, 10, 1, 1]],
];
const PAID_CUMULATIVE = cumulativeOf(PAID_SERVICES.map((s) => s[1]));
const PAYMENTS_FROM = dayOf(2020, 1, 1);

function buildPayment(sk: number, index: number, peopleCount: number, entityCount: number): Payment {
  const rng = new Rng(recordKey(sk, STREAM.payment, index));
  const [serviceCode, , entityShare, fees] = PAID_SERVICES[pickCumulative(PAID_CUMULATIVE, rng.float())]!;
  const byEntity = entityCount > 0 && (peopleCount === 0 || rng.chance(entityShare));
  let payerId: string;
  let paidDay: number;
  if (byEntity) {
    const start = rng.int(entityCount);
    let chosen = start;
    for (let k = 0; k < 20; k += 1) {
      const candidate = (start + k * 7919) % entityCount;
      entityIdentity(sk, candidate, new Rng(recordKey(sk, STREAM.entity, candidate)));
      if (!entityLiquidated(sk, candidate, entityRegistrationDay)) {
        chosen = candidate;
        break;
      }
    }
    payerId = entityIdentity(sk, chosen, new Rng(recordKey(sk, STREAM.entity, chosen)));
    const from = Math.max(PAYMENTS_FROM, entityRegistrationDay);
    paidDay = from + rng.int(REFERENCE_DAY - from + 1);
  } else {
    const start = rng.int(peopleCount);
    const found = findPerson(sk, peopleCount, start, 104_729 % peopleCount || 1, REFERENCE_DAY, 20);
    const payer = buildPerson(sk, found >= 0 ? found : start);
    payerId = payer.iin;
    const end = personDeathDay >= 0 ? personDeathDay : REFERENCE_DAY;
    const from = Math.min(Math.max(PAYMENTS_FROM, yearsAfter(personBirthDay, 18)), end);
    paidDay = from + rng.int(end - from + 1);
  }
  const year = DAY_YEAR[paidDay]!;
  const mrp = MRP[year] ?? MRP[2026]!;
  return {
    reference: `${DAY_ISO[paidDay]!.replaceAll('-', '')}-${pad(scramble(index, 100_000_000, 27_182_819, sk, STREAM.payment), 8)}`,
    payerId,
    serviceCode,
    amountTiyn: Math.round(mrp * pick(rng, fees)) * 100,
    paidOn: DAY_ISO[paidDay]!,
  };
}

/** Payment number `index`: payer a generated person (IIN, adult) or legal entity (BIN, active), 2020 to the simulation date. */
export function paymentAt(options: GeneratorOptions & { index: number; peopleCount: number; entityCount: number }): Payment {
  checkIndex(options.index, 100_000_000, 'payment');
  if (options.peopleCount <= 0 && options.entityCount <= 0) throw new RangeError('payments need people or legal entities to pay');
  return buildPayment(seedKey(options.seed), options.index, options.peopleCount, options.entityCount);
}

/** Payments offset .. offset+count-1 (a few thousand is typical), payers among the first peopleCount people and entityCount entities. */
export function* generatePayments(
  options: GeneratorOptions & { count: number; offset?: number; peopleCount: number; entityCount: number },
): Generator<Payment> {
  const offset = options.offset ?? 0;
  checkRange(offset, options.count, 100_000_000, 'payments');
  if (options.peopleCount <= 0 && options.entityCount <= 0) throw new RangeError('payments need people or legal entities to pay');
  if (options.peopleCount > PERSON_CAPACITY || options.entityCount > LEGAL_ENTITY_CAPACITY) throw new RangeError('population too large');
  const sk = seedKey(options.seed);
  for (let i = offset, end = offset + options.count; i < end; i += 1) yield buildPayment(sk, i, options.peopleCount, options.entityCount);
}
