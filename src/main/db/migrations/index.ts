// Numbered migrations, applied in order at start, each in its own transaction.
// Never edit one that has shipped: add the next number.
import type { Database } from 'better-sqlite3';
import { m001Settings } from './001-settings';
import { m002ChangeLog } from './002-change-log';
import { m003Staff } from './003-staff';
import { m004AuditLog } from './004-audit-log';
import { m005RegistryCache } from './005-registry-cache';

export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

export const MIGRATIONS: readonly Migration[] = [m001Settings, m002ChangeLog, m003Staff, m004AuditLog, m005RegistryCache];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
