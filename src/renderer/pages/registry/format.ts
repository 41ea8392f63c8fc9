// How registry records read on screen: dates dd.MM.yyyy, addresses on one line, countries by name,
// and the age of a cached answer in words.
import i18next, { type TFunction } from 'i18next';
import type { Address } from '../../../shared/registry';

/** An ISO date (yyyy-MM-dd) as staff read it: dd.MM.yyyy. The record's own date, no time zone involved. */
export function displayDate(iso: string): string {
  const [year, month, day] = iso.split('-');
  return year && month && day ? `${day}.${month}.${year}` : iso;
}

/** dd.MM.yyyy (also d.M.yyyy, and with "/" or "-") as an ISO date; null when it is no real date. */
export function parseDisplayDate(text: string): string | null {
  const match = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(text.trim());
  if (!match) return null;
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1800 || month < 1 || month > 12 || day < 1) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function addressText(t: TFunction, address: Address): string {
  const parts = [address.region, address.city, address.street, address.house];
  if (address.flat) parts.push(t('registry.address.flat', { flat: address.flat }));
  return parts.filter((part) => part && part.trim()).join(', ');
}

/**
 * "Қазақстан (KZ)": the country's name in the UI language, with the registry's code. The usual
 * citizenships are named in the locale files (not every browser engine has Kazakh country names);
 * others by the engine when it really has the language, else just the code.
 */
export function countryText(t: TFunction, code: string, locale: string): string {
  const key = `registry.countries.${code}`;
  if (i18next.exists(key)) return `${t(key)} (${code})`;
  if (!/^[A-Z]{2}$/.test(code)) return code;
  try {
    const names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' });
    if (names.resolvedOptions().locale.split('-')[0] !== locale) return code;
    const name = names.of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

/** How old a cached answer is, roughly: "less than a minute", "25 min", "2 h", "3 d". */
export function ageText(t: TFunction, seconds: number): string {
  if (seconds < 60) return t('registry.age.lessThanMinute');
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t('registry.age.minutes', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t('registry.age.hours', { n: hours });
  return t('registry.age.days', { n: Math.floor(hours / 24) });
}
