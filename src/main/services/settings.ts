// Workstation-wide settings kept in the local database.
import type { Database } from 'better-sqlite3';
import type { Locale } from '../../shared/validation';
import { LOCALES, toFieldIssues } from '../../shared/validation';
import { ApiFailure } from '../../shared/api/errors';
import { ATTACHMENT_LIMIT_RANGES, attachmentLimitsSchema, type AttachmentLimitSettings } from '../../shared/attachments';

export const DEFAULT_LOCALE: Locale = 'kk';
export const DEFAULT_IDLE_LOCK_MINUTES = 10;

export interface SettingsService {
  readonly workstationId: string;
  locale(): Locale;
  setLocale(locale: Locale): void;
  idleLockMinutes(): number;
  setIdleLockMinutes(minutes: number): void;
  /** The attachment size and page limits an administrator set (only those set; the rest are the code's). */
  attachmentLimits(): Partial<AttachmentLimitSettings>;
  /** Validated (ranges, request ≥ file): an invalid value is refused with field issues and nothing is stored. */
  setAttachmentLimits(limits: AttachmentLimitSettings): void;
}

const ATTACHMENT_LIMIT_KEYS: Record<keyof AttachmentLimitSettings, string> = {
  maxFileMiB: 'attachment_max_file_mib',
  maxRequestMiB: 'attachment_max_request_mib',
  maxPages: 'attachment_max_pages',
};

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
    attachmentLimits() {
      const limits: Partial<AttachmentLimitSettings> = {};
      for (const field of Object.keys(ATTACHMENT_LIMIT_KEYS) as (keyof AttachmentLimitSettings)[]) {
        const text = get(ATTACHMENT_LIMIT_KEYS[field]);
        const value = Number(text);
        const range = ATTACHMENT_LIMIT_RANGES[field];
        // A value edited by hand out of range is ignored (the default applies), never trusted.
        if (text !== undefined && Number.isInteger(value) && value >= range.min && value <= range.max) limits[field] = value;
      }
      return limits;
    },
    setAttachmentLimits(limits) {
      const parsed = attachmentLimitsSchema.safeParse(limits);
      if (!parsed.success) throw new ApiFailure('invalid_input', undefined, toFieldIssues(parsed.error, limits));
      db.transaction(() => {
        for (const field of Object.keys(ATTACHMENT_LIMIT_KEYS) as (keyof AttachmentLimitSettings)[]) {
          write.run(ATTACHMENT_LIMIT_KEYS[field], String(parsed.data[field]));
        }
      })();
    },
  };
}
