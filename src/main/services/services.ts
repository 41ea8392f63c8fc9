// The composition root of the main-process services: created once, passed in, never reached for globally.
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Clock } from '../clock';
import { createChangeLog } from '../db/change-log';
import { openDatabase } from '../db/database';
import { createAuditLog, type AuditLog } from './audit';
import { createAuthService, type AuthService } from './auth';
import { createSettingsService, type SettingsService } from './settings';
import { createStaffStore, type StaffStore } from './staff';
import { createStationService, type StationService } from './station';
import { createCentralLink, type CentralLink } from './central-link';
import { createRegistryService, type RegistryService } from './registry';
import { loadCalendar, type LoadedCalendar } from './calendar';
import { createRequestStore, type RequestStore } from './requests';
import { createSigningService, type SigningService } from './signing';
import { createBatchSigning, type BatchSigning } from './signing-batch';
import { createTokenManager, type TokenManager } from '../signing/pkcs11-tokens';
import { createAttachmentStore } from '../attachments/store';
import type { AttachmentLimits } from '../attachments/inspect';
import { createScannerDriver, type ScannerDriver } from '../scanning';
import { createAttachmentsService, limitsFromSettings, type AttachmentsService } from './attachments';
import { createJournals, type Journals } from './journals';
import { createDocumentsService, type DocumentsService } from './documents';
import { createSyncEngine, type SyncEngine, type SyncHooks } from '../sync/engine';

export interface Services {
  db: Database;
  settings: SettingsService;
  audit: AuditLog;
  staff: StaffStore;
  auth: AuthService;
  station: StationService;
  link: CentralLink;
  registry: RegistryService;
  calendar: LoadedCalendar;
  requests: RequestStore;
  signing: SigningService;
  /** Signing many results after one PIN entry, with progress and cancel. */
  batchSigning: BatchSigning;
  attachments: AttachmentsService;
  /** The registers: issued documents, appointments, home calls, apostilles, licences. */
  journals: Journals;
  /** Results and refusals as signed documents: preview, sign, print / save / send, verify. */
  documents: DocumentsService;
  /** Push and pull with the central server: offline work reconciled when it answers again. */
  sync: SyncEngine;
  /** Releases what the services hold outside the database (PKCS#11 modules). */
  close(): void;
}

export interface ServiceOptions {
  /** How long a registry look-up may take: the regulation's 1.5 minutes unless a test says otherwise. */
  registryTimeoutMs?: number;
  /** The PKCS#11 modules' loader (one per process: a module is initialised once). */
  tokens?: TokenManager;
  /** The scanner driver (default: SANE, or WIA on Windows). */
  scanner?: ScannerDriver;
  /** Test hooks between the steps of a sync run. */
  syncHooks?: SyncHooks;
  /** Attachment size limits (default: the inspector's); an administrator's settings take precedence. */
  attachmentLimits?: Partial<AttachmentLimits>;
}

export function createServices(dataDir: string, clock: Clock, options: ServiceOptions = {}): Services {
  const db = openDatabase(dataDir);
  const now = () => clock.now();
  const settings = createSettingsService(db);
  const audit = createAuditLog(db, settings.workstationId, now);
  // Sync is made further down (it needs the link and the stores); the change log tells it of changes.
  let syncEngine: SyncEngine | null = null;
  const changes = createChangeLog(db, settings.workstationId, now, () => syncEngine?.localChanged());
  const staff = createStaffStore(db, changes, audit, now);
  const auth = createAuthService({ staff, audit, settings, now });
  const link = createCentralLink({ db, settings, now, ...(options.registryTimeoutMs ? { registryTimeoutMs: options.registryTimeoutMs } : {}) });
  const registry = createRegistryService({ db, link, audit, now });
  // The shipped calendar, with any newer year files an administrator put in <data folder>/calendar.
  const calendar = loadCalendar({ overrideDir: path.join(dataDir, 'calendar') });
  const tokens = options.tokens ?? createTokenManager();
  const signing = createSigningService({ db, dataDir, tokens, changes, audit, workstationId: settings.workstationId, now });
  const requests = createRequestStore({
    db,
    changes,
    calendar: calendar.calendar,
    workstationId: settings.workstationId,
    providerCode: () => link.status().providerCode,
    now,
    // Results, refusals and counter registrations are accepted only with a signature the signing
    // module made over exactly that decision (the regulations' ЭЦҚ).
    signatures: signing.verifier,
  });
  const attachmentStore = createAttachmentStore(dataDir, options.attachmentLimits ? { limits: options.attachmentLimits } : {});
  const attachments = createAttachmentsService({
    db,
    changes,
    requests,
    store: attachmentStore,
    driver: options.scanner ?? createScannerDriver(),
    workstationId: settings.workstationId,
    now,
    // The administrator's limits (Settings → Attachments), read at every check.
    limits: () => limitsFromSettings(settings.attachmentLimits()),
  });
  const journals = createJournals({ db, changes, workstationId: settings.workstationId, providerCode: () => link.status().providerCode, series: () => requests.numbers.workstationCode(), now });
  const documents = createDocumentsService({ db, dataDir, changes, journals, requests, signing, link, workstationId: settings.workstationId, now });
  const batchSigning = createBatchSigning({ signing, requests, documents, audit });
  // Sync calls are made under the IIN of the employee who last changed something here (or any active one).
  const lastStaffIin = db.prepare(`SELECT iin FROM staff WHERE active = 1 ORDER BY updated_at DESC LIMIT 1`).pluck();
  const sync = createSyncEngine({
    db,
    dataDir,
    link,
    now,
    staffIin: () => (lastStaffIin.get() as string | undefined) ?? null,
    attachmentPath: (sha) => attachmentStore.pathOf(sha),
    // Sync's pull makes this workstation's displaced steps again through the same store (src/main/sync/apply.ts).
    replayer: requests,
    ...(options.syncHooks ? { hooks: options.syncHooks } : {}),
  });
  syncEngine = sync;
  // Documents signed while offline are told to the central server's register once it answers again,
  // and the changes made meanwhile are synchronised.
  const stopPushing = link.onChange((status) => {
    if (status.connectivity === 'online') {
      void documents.pushPending();
      void sync.syncNow();
    }
  });
  // A document the server refused (say, its BIN not bound to the provider yet) stays pending: it is
  // sent again after each sync run, so that it is registered soon after the server's administrator acts.
  let syncing = false;
  const stopRetrying = sync.onChange((status) => {
    const ran = syncing && status.state === 'idle';
    syncing = status.state === 'syncing';
    if (ran) void documents.pushPending();
  });
  return {
    db,
    settings,
    audit,
    staff,
    auth,
    station: createStationService(link, () => signing.tokenPresence()),
    link,
    registry,
    calendar,
    requests,
    signing,
    batchSigning,
    attachments,
    journals,
    documents,
    sync,
    close: () => {
      stopPushing();
      stopRetrying();
      sync.stop();
      batchSigning.close();
      attachments.close();
      if (!options.tokens) tokens.close();
    },
  };
}
