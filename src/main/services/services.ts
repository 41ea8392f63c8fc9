// The composition root of the main-process services: created once, passed in, never reached for globally.
import type { Database } from 'better-sqlite3';
import type { Clock } from '../clock';
import { createChangeLog } from '../db/change-log';
import { openDatabase } from '../db/database';
import { createAuditLog, type AuditLog } from './audit';
import { createAuthService, type AuthService } from './auth';
import { createSettingsService, type SettingsService } from './settings';
import { createStaffStore, type StaffStore } from './staff';
import { createStationService, type StationService } from './station';

export interface Services {
  db: Database;
  settings: SettingsService;
  audit: AuditLog;
  staff: StaffStore;
  auth: AuthService;
  station: StationService;
}

export function createServices(dataDir: string, clock: Clock): Services {
  const db = openDatabase(dataDir);
  const now = () => clock.now();
  const settings = createSettingsService(db);
  const audit = createAuditLog(db, settings.workstationId, now);
  const changes = createChangeLog(db, settings.workstationId, now);
  const staff = createStaffStore(db, changes, audit, now);
  const auth = createAuthService({ staff, audit, settings, now });
  return { db, settings, audit, staff, auth, station: createStationService() };
}
