// Workstation-wide settings kept in the local database.
import type { Database } from 'better-sqlite3';
import type { Locale } from '../../shared/validation';
import { LOCALES } from '../../shared/validation';

export const DEFAULT_LOCALE: Locale = 'kk';
export const DEFAULT_IDLE_LOCK_MINUTES = 10;

export interface SettingsService {
  readonly workstationId: string;
  locale(): Locale;
  setLocale(locale: Locale): void;
  idleLockMinutes(): number;
  setIdleLockMinutes(minutes: number): void;
}

export function createSettingsService(db: Database): SettingsService {
  const read = db.prepare(`SELECT value FROM settings WHERE key = ?`).pluck();
  const write = db.prepare(
    `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  );
  const get = (key: string) => read.get(key) as string | undefined;
  const workstationId = get('workstation_id');
  if (!workstationId) throw new Error('the database has no workstation id');

  return {
    workstationId,
    locale() {
      const value = get('locale');
      return (LOCALES as readonly string[]).includes(value ?? '') ? (value as Locale) : DEFAULT_LOCALE;
    },
    setLocale(locale) {
      write.run('locale', locale);
    },
    idleLockMinutes() {
      const value = Number(get('idle_lock_minutes'));
      return Number.isInteger(value) && value > 0 ? value : DEFAULT_IDLE_LOCK_MINUTES;
    },
    setIdleLockMinutes(minutes) {
      write.run('idle_lock_minutes', String(minutes));
    },
  };
}
