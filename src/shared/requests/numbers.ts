// Request numbers: unique across every workstation without asking anyone (workstations register
// requests offline), short enough to read aloud at a counter, and checked when typed back.
//
//   PMSP07-26-K7QM4-00042-7
//   │      │  │     │     └ check character (Luhn mod 32 over year, workstation and sequence)
//   │      │  │     └ sequence within (year, workstation), at least five digits
//   │      │  └ the workstation's code: five characters of Crockford's base 32
//   │      └ year of registration (Almaty time), two digits
//   └ the provider's code from the enrolment with the central server ("LOCAL" until enrolled)
//
// Uniqueness: the workstation code is unique among a provider's workstations and the sequence never
// repeats on one workstation within a year, so no two workstations can make the same number. The
// code is taken from 25 random bits of the workstation's UUIDv7 (see `workstationCodeFromId`) and
// kept in its settings; a code assigned by the central server at enrolment can replace it.
// Reading aloud: digits and Crockford's letters only (no I, L, O, U), grouped; when typed back, the
// Cyrillic look-alikes (А В Е К М Н О Р С Т Х), lower case, O for 0 and I/L for 1 are accepted, and
// a mistyped character or two swapped neighbours (all pairs but 0↔Z, Luhn's blind spot) fail the check
// instead of naming another request.
// Pure: used by main (allocation) and the UI (checking what a person typed).

export const NUMBER_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const BASE = NUMBER_ALPHABET.length;
export const WORKSTATION_CODE_LENGTH = 5;
export const SEQUENCE_MIN_DIGITS = 5;
/** Until the workstation is enrolled with a provider's central server. */
export const UNENROLLED_PROVIDER = 'LOCAL';
const PROVIDER_MAX = 12;

/** Cyrillic letters that look like Latin ones, as people type them on a Kazakh or Russian keyboard. */
const LOOKALIKES: Record<string, string> = {
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', У: 'Y',
};

function latinUpper(text: string): string {
  return [...text.toUpperCase()].map((letter) => LOOKALIKES[letter] ?? letter).join('');
}

/** Crockford decoding of one group: O → 0, I/L → 1; null when a character is not in the alphabet. */
function crockford(group: string): string | null {
  const out = latinUpper(group).replace(/O/g, '0').replace(/[IL]/g, '1');
  return [...out].every((letter) => NUMBER_ALPHABET.includes(letter)) ? out : null;
}

/** The provider part: upper-case Latin letters and digits only ("PMSP-07" → "PMSP07"). */
export function providerPart(providerCode: string | null | undefined): string {
  const cleaned = latinUpper(providerCode ?? '').replace(/[^A-Z0-9]/g, '').slice(0, PROVIDER_MAX);
  return cleaned || UNENROLLED_PROVIDER;
}

/** Five characters from the 25 lowest bits of a UUIDv7 (random bits: rand_b). */
export function workstationCodeFromId(uuid: string): string {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error('workstationCodeFromId: not a UUID');
  let bits = Number.parseInt(hex.slice(-7), 16) & (2 ** (5 * WORKSTATION_CODE_LENGTH) - 1);
  let code = '';
  for (let i = 0; i < WORKSTATION_CODE_LENGTH; i += 1) {
    code = NUMBER_ALPHABET[bits % BASE] + code;
    bits = Math.floor(bits / BASE);
  }
  return code;
}

export function isWorkstationCode(code: string): boolean {
  return code.length === WORKSTATION_CODE_LENGTH && [...code].every((letter) => NUMBER_ALPHABET.includes(letter));
}

/** Luhn mod 32: detects any single wrong character and any swap of two different neighbours but 0↔Z. */
export function checkCharacter(payload: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = payload.length - 1; i >= 0; i -= 1) {
    const value = NUMBER_ALPHABET.indexOf(payload[i] as string);
    if (value < 0) throw new Error(`checkCharacter: "${payload[i]}" is not in the alphabet`);
    const addend = value * factor;
    sum += Math.floor(addend / BASE) + (addend % BASE);
    factor = factor === 2 ? 1 : 2;
  }
  return NUMBER_ALPHABET[(BASE - (sum % BASE)) % BASE] as string;
}

export interface RequestNumberParts {
  provider: string;
  /** Four-digit year. */
  year: number;
  workstation: string;
  sequence: number;
}

export function formatRequestNumber(parts: RequestNumberParts): string {
  if (!isWorkstationCode(parts.workstation)) throw new Error(`formatRequestNumber: bad workstation code "${parts.workstation}"`);
  if (!Number.isInteger(parts.sequence) || parts.sequence < 1) throw new Error('formatRequestNumber: bad sequence');
  const yy = String(parts.year % 100).padStart(2, '0');
  const sequence = String(parts.sequence).padStart(SEQUENCE_MIN_DIGITS, '0');
  const check = checkCharacter(`${yy}${parts.workstation}${sequence}`);
  return [providerPart(parts.provider), yy, parts.workstation, sequence, check].join('-');
}

export type ParsedNumber =
  | { ok: true; number: string; parts: Omit<RequestNumberParts, 'year'> & { yy: string } }
  | { ok: false; problem: 'shape' | 'check' };

/**
 * A number as typed by a person: groups separated by hyphens or spaces, any case, Cyrillic
 * look-alikes. Gives the number in its canonical spelling, or why it is not one.
 */
export function parseRequestNumber(text: string): ParsedNumber {
  const groups = text.trim().split(/[\s\-‐‑–—]+/).filter(Boolean);
  if (groups.length < 5) return { ok: false, problem: 'shape' };
  const [yy, workstation, sequence, check] = groups.slice(-4).map(crockford);
  const provider = latinUpper(groups.slice(0, -4).join('')).replace(/[^A-Z0-9]/g, '');
  if (!provider || provider.length > PROVIDER_MAX || !yy || !workstation || !sequence || !check) return { ok: false, problem: 'shape' };
  if (!/^\d{2}$/.test(yy) || workstation.length !== WORKSTATION_CODE_LENGTH || !/^\d+$/.test(sequence) || check.length !== 1) {
    return { ok: false, problem: 'shape' };
  }
  const value = Number(sequence);
  if (sequence.length < SEQUENCE_MIN_DIGITS || value < 1 || !Number.isSafeInteger(value)) return { ok: false, problem: 'shape' };
  const canonical = String(value).padStart(SEQUENCE_MIN_DIGITS, '0');
  if (checkCharacter(`${yy}${workstation}${canonical}`) !== check) return { ok: false, problem: 'check' };
  return {
    ok: true,
    number: [provider, yy, workstation, canonical, check].join('-'),
    parts: { provider, yy, workstation, sequence: value },
  };
}

/** Whether a typed text is meant as a request number rather than a name or an IIN. */
export function looksLikeRequestNumber(text: string): boolean {
  return text.trim().split(/[\s\-‐‑–—]+/).filter(Boolean).length >= 5;
}
