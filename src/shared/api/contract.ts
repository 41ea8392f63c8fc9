// The one contract between the UI and the main-process services. Every method names its
// input schema (checked at the main-process boundary) and its output type; every pushed event
// names its payload. The Electron preload, the browser host and the CLI all carry exactly this.
import { z } from 'zod';
import type { Role } from '../domain/roles';
import type { LegalEntity, Person, RegistrySystem } from '../registry';
import { lookupPurposeSchema, nameQuerySchema } from '../registry';
import {
  attachInput,
  attachmentInput,
  attachmentLimitsSchema,
  attachmentPageInput,
  deviceOptionsInput,
  importFileInput,
  itemInput,
  movePageInput,
  pageInput,
  rotatePageInput,
  scanIdInput,
  scanInput,
  uploadInput,
  workingSetInput,
  type AttachmentLimitSettings,
  type AttachResult,
  type PageImageData,
  type RequestAttachment,
  type ScanEvent,
  type ScannerDevice,
  type ScannerOptions,
  type WorkingSet,
} from '../attachments';
import type { SimulatorSamples } from '../server-api';
import type { DocumentFile, DocumentOptions, DocumentPreview, DocumentVerdict, IssuedDocumentSummary, ProviderProfile } from '../documents';
import {
  documentDeliverInput,
  documentFileInput,
  documentIdInput,
  documentPreviewInput,
  documentRequestInput,
  documentSignInput,
  documentVerifyInput,
  journalCheckInput,
  journalListInput,
  journalPrintInput,
  providerProfileSchema,
} from '../documents-api';
import type { GapReport, JournalPage } from '../journals';
import type { SyncConflict, SyncStatus } from '../sync';
import {
  addKeyFileInput,
  batchIdInput,
  keyFileCertificatesInput,
  ocspSettingsInput,
  setModulesInput,
  signBatchInput,
  signInput,
  trustFileInput,
  verifyFileInput,
  type CertificateInfo,
  type CrlEntry,
  type KeyFileSummary,
  type OcspSettings,
  type SignatureRecord,
  type SignBatchEvent,
  type SigningStatus,
  type TokenCertificate,
  type TrustEntry,
  type TrustOverview,
  type Verdict,
} from '../signing';
import {
  createDraftInput,
  queueInput,
  questionnaireInput,
  registerInput,
  setTermInput,
  statusLookupInput,
  transitionInput,
  updateDraftInput,
  type CatalogueEntry,
  type HistoryVerification,
  type QuestionnaireRecord,
  type QueuePage,
  type RequestCounters,
  type RequestDetail,
  type StatusLookupResult,
} from '../requests/api';
import {
  binSchema,
  fullNameSchema,
  iinSchema,
  localeSchema,
  newPasswordSchema,
  passwordSchema,
  rolesSchema,
  type Locale,
} from '../validation';

// ---- shapes that travel back to the UI ----

export type AppState = 'first_run' | 'ready' | 'database_error';

export type DatabaseProblem = 'corrupt' | 'too_new' | 'unreadable';

export interface AppStatus {
  state: AppState;
  version: string;
  locale: Locale;
  /** Why the database could not be opened; the UI shows it and offers no way to overwrite. */
  databaseProblem?: { kind: DatabaseProblem; path: string; detail: string };
  idleLockMinutes: number;
}

export interface SessionInfo {
  staffId: string;
  iin: string;
  fullName: string;
  roles: Role[];
  locked: boolean;
  signedInAt: string;
}

export interface StaffMember {
  id: string;
  iin: string;
  fullName: string;
  roles: Role[];
  active: boolean;
  lockedUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actorIin: string | null;
  action: AuditAction;
  subject: string | null;
  detail: Record<string, unknown>;
  workstationId: string;
}

export const AUDIT_ACTIONS = [
  'administrator.created',
  'sign_in.succeeded',
  'sign_in.failed',
  'sign_in.locked_out',
  'sign_out',
  'screen.locked',
  'screen.unlocked',
  'screen.unlock_failed',
  'staff.created',
  'staff.roles_changed',
  'staff.deactivated',
  'staff.activated',
  'staff.password_reset',
  'staff.unlocked',
  'settings.changed',
  'registry.lookup',
  'server.enrolled',
  'signature.created',
  'signature.batch',
  'signing.settings_changed',
  'trust.root_added',
  'trust.crl_added',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type ConnectivityState = 'online' | 'offline' | 'not_configured';
export type TokenState = 'present' | 'absent' | 'not_configured';

export interface StationStatus {
  connectivity: ConnectivityState;
  token: TokenState;
}

export interface ServerStatus {
  connectivity: ConnectivityState;
  serverUrl: string | null;
  providerCode: string | null;
  lastContactAt: string | null;
}

/** A registry's answer as the workstation shows it: from the registry now, or from the local cache. */
export type RegistryAnswer<T> =
  | {
      found: true;
      system: RegistrySystem;
      answeredAt: string;
      record: T;
      source: 'registry' | 'cache';
      /** For a cached answer: how old it is. */
      ageSeconds?: number;
    }
  | { found: false; system: RegistrySystem; answeredAt: string; source: 'registry' };

// ---- the methods ----

const empty = z.object({}).strict();

/** Output types exist only for the compiler: the value is never read. */
function out<T>(): T {
  return undefined as T;
}

export const methods = {
  'app.status': { input: empty, output: out<AppStatus>() },
  'settings.setLocale': { input: z.object({ locale: localeSchema }).strict(), output: out<{ locale: Locale }>() },
  'settings.setIdleLock': {
    input: z.object({ minutes: z.number().int().min(1).max(120) }).strict(),
    output: out<{ minutes: number }>(),
  },
  /** The attachment limits that apply now (MiB per file, MiB per request, pages). */
  'settings.attachmentLimits': { input: empty, output: out<AttachmentLimitSettings>() },
  'settings.setAttachmentLimits': { input: attachmentLimitsSchema, output: out<AttachmentLimitSettings>() },

  'auth.createAdministrator': {
    input: z.object({ iin: iinSchema, fullName: fullNameSchema, password: newPasswordSchema }).strict(),
    output: out<SessionInfo>(),
  },
  'auth.signIn': { input: z.object({ iin: iinSchema, password: passwordSchema }).strict(), output: out<SessionInfo>() },
  'auth.session': { input: empty, output: out<SessionInfo | null>() },
  'auth.lock': { input: empty, output: out<SessionInfo>() },
  'auth.unlock': { input: z.object({ password: passwordSchema }).strict(), output: out<SessionInfo>() },
  'auth.signOut': { input: empty, output: out<null>() },
  'auth.changePassword': {
    input: z.object({ current: passwordSchema, next: newPasswordSchema }).strict(),
    output: out<null>(),
  },

  'staff.list': { input: empty, output: out<StaffMember[]>() },
  'staff.create': {
    input: z
      .object({ iin: iinSchema, fullName: fullNameSchema, roles: rolesSchema, password: newPasswordSchema })
      .strict(),
    output: out<StaffMember>(),
  },
  'staff.setRoles': {
    input: z.object({ staffId: z.uuid(), roles: rolesSchema }).strict(),
    output: out<StaffMember>(),
  },
  'staff.setActive': {
    input: z.object({ staffId: z.uuid(), active: z.boolean() }).strict(),
    output: out<StaffMember>(),
  },
  'staff.resetPassword': {
    input: z.object({ staffId: z.uuid(), password: newPasswordSchema }).strict(),
    output: out<StaffMember>(),
  },
  'staff.unlock': { input: z.object({ staffId: z.uuid() }).strict(), output: out<StaffMember>() },

  'audit.list': {
    input: z
      .object({
        beforeSeq: z.number().int().positive().optional(),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    output: out<AuditEntry[]>(),
  },
  'audit.verify': { input: empty, output: out<{ ok: boolean; checked: number; firstBadSeq: number | null }>() },

  'station.status': { input: empty, output: out<StationStatus>() },

  'server.status': { input: empty, output: out<ServerStatus>() },
  'server.enrol': {
    input: z
      .object({
        serverUrl: z.string().trim().min(1).max(300),
        code: z.string().trim().min(6).max(40),
        name: z.string().trim().min(1).max(100),
      })
      .strict(),
    output: out<ServerStatus>(),
  },

  'registry.person': {
    input: z.object({ iin: iinSchema, purpose: lookupPurposeSchema }).strict(),
    output: out<RegistryAnswer<Person>>(),
  },
  'registry.searchPersons': {
    input: nameQuerySchema.extend({ purpose: lookupPurposeSchema }).strict(),
    output: out<RegistryAnswer<Person[]>>(),
  },
  'registry.samples': { input: empty, output: out<SimulatorSamples | null>() },
  'registry.legalEntity': {
    input: z.object({ bin: binSchema, purpose: lookupPurposeSchema }).strict(),
    output: out<RegistryAnswer<LegalEntity>>(),
  },

  'catalogue.list': { input: empty, output: out<CatalogueEntry[]>() },
  'catalogue.setTerm': { input: setTermInput, output: out<CatalogueEntry[]>() },

  'requests.createDraft': { input: createDraftInput, output: out<RequestDetail>() },
  'requests.updateDraft': { input: updateDraftInput, output: out<RequestDetail>() },
  'requests.register': { input: registerInput, output: out<RequestDetail>() },
  'requests.transition': { input: transitionInput, output: out<RequestDetail>() },
  'requests.take': { input: z.object({ requestId: z.uuid() }).strict(), output: out<RequestDetail>() },
  'requests.get': { input: z.object({ requestId: z.uuid() }).strict(), output: out<RequestDetail>() },
  'requests.queue': { input: queueInput, output: out<QueuePage>() },
  'requests.counters': { input: empty, output: out<RequestCounters>() },
  'requests.statusLookup': { input: statusLookupInput, output: out<StatusLookupResult>() },
  'requests.questionnaire': { input: questionnaireInput, output: out<QuestionnaireRecord>() },
  'requests.verify': { input: empty, output: out<HistoryVerification>() },

  'signing.status': { input: empty, output: out<SigningStatus>() },
  'signing.setModules': { input: setModulesInput, output: out<SigningStatus>() },
  'signing.certificates': { input: z.object({ tokenRef: z.string().min(3).max(600) }).strict(), output: out<TokenCertificate[]>() },
  'signing.addKeyFile': { input: addKeyFileInput, output: out<KeyFileSummary>() },
  'signing.keyFileCertificates': { input: keyFileCertificatesInput, output: out<CertificateInfo[]>() },
  'signing.sign': { input: signInput, output: out<{ signatureRef: string; verdict: Verdict }>() },
  'signing.signBatch': { input: signBatchInput, output: out<{ batchId: string; total: number }>() },
  'signing.cancelBatch': { input: batchIdInput, output: out<null>() },
  'signing.signatures': { input: z.object({ requestId: z.uuid() }).strict(), output: out<SignatureRecord[]>() },
  'signing.verifyFile': { input: verifyFileInput, output: out<Verdict>() },
  'signing.trust': { input: empty, output: out<TrustOverview>() },
  'signing.addRoot': { input: trustFileInput, output: out<TrustEntry>() },
  'signing.addCrl': { input: trustFileInput, output: out<CrlEntry>() },
  'signing.ocspSettings': { input: empty, output: out<OcspSettings>() },
  'signing.setOcspSettings': { input: ocspSettingsInput, output: out<OcspSettings>() },

  'attachments.devices': { input: empty, output: out<ScannerDevice[]>() },
  'attachments.deviceOptions': { input: deviceOptionsInput, output: out<ScannerOptions>() },
  'attachments.scan': { input: scanInput, output: out<{ scanId: string }>() },
  'attachments.cancelScan': { input: scanIdInput, output: out<null>() },
  'attachments.upload': { input: uploadInput, output: out<{ uploadId: string; bytes: number }>() },
  'attachments.importFile': { input: importFileInput, output: out<WorkingSet>() },
  'attachments.workingSets': { input: workingSetInput, output: out<WorkingSet[]>() },
  'attachments.movePage': { input: movePageInput, output: out<WorkingSet>() },
  'attachments.rotatePage': { input: rotatePageInput, output: out<WorkingSet>() },
  'attachments.deletePage': { input: pageInput, output: out<WorkingSet>() },
  'attachments.clearPages': { input: itemInput, output: out<WorkingSet>() },
  'attachments.pageImage': { input: pageInput, output: out<PageImageData | null>() },
  'attachments.attach': { input: attachInput, output: out<AttachResult>() },
  'attachments.list': { input: workingSetInput, output: out<RequestAttachment[]>() },
  'attachments.remove': { input: attachmentInput, output: out<RequestAttachment[]>() },
  'attachments.attachmentPage': { input: attachmentPageInput, output: out<PageImageData | null>() },

  'documents.options': { input: documentRequestInput, output: out<DocumentOptions>() },
  'documents.saveDraft': { input: documentPreviewInput, output: out<DocumentOptions>() },
  'documents.preview': { input: documentPreviewInput, output: out<DocumentPreview>() },
  'documents.sign': { input: documentSignInput, output: out<{ document: IssuedDocumentSummary; request: RequestDetail }>() },
  'documents.list': { input: documentRequestInput, output: out<IssuedDocumentSummary[]>() },
  'documents.file': { input: documentFileInput, output: out<DocumentFile>() },
  'documents.pages': { input: documentIdInput, output: out<DocumentPreview['images']>() },
  'documents.deliver': { input: documentDeliverInput, output: out<{ document: IssuedDocumentSummary; request: RequestDetail }>() },
  'documents.verify': { input: documentVerifyInput, output: out<DocumentVerdict>() },
  'documents.providerProfile': { input: empty, output: out<{ profile: ProviderProfile | null; providerCode: string | null; verifyUrl: string | null }>() },
  'documents.setProviderProfile': { input: providerProfileSchema, output: out<ProviderProfile>() },
  'journals.list': { input: journalListInput, output: out<JournalPage>() },
  'journals.print': { input: journalPrintInput, output: out<DocumentFile>() },
  'journals.check': { input: journalCheckInput, output: out<GapReport>() },

  'sync.status': { input: empty, output: out<SyncStatus>() },
  'sync.now': { input: empty, output: out<SyncStatus>() },
  'sync.conflicts': { input: empty, output: out<SyncConflict[]>() },
  'sync.markConflictSeen': { input: z.object({ id: z.uuid() }).strict(), output: out<SyncConflict[]>() },
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = Methods[M]['output'];

/** Methods that anyone may call before signing in (and while the screen is locked). */
export const PUBLIC_METHODS: ReadonlySet<MethodName> = new Set<MethodName>([
  'app.status',
  'settings.setLocale',
  'auth.createAdministrator',
  'auth.signIn',
  'auth.session',
  'auth.unlock',
  'auth.signOut',
]);

/** Roles a method needs beyond a signed-in, unlocked session. */
export const METHOD_ROLES: Partial<Record<MethodName, Role>> = {
  'settings.setIdleLock': 'administrator',
  'settings.setAttachmentLimits': 'administrator',
  'staff.list': 'administrator',
  'staff.create': 'administrator',
  'staff.setRoles': 'administrator',
  'staff.setActive': 'administrator',
  'staff.resetPassword': 'administrator',
  'staff.unlock': 'administrator',
  'audit.list': 'administrator',
  'audit.verify': 'administrator',
  'server.enrol': 'administrator',
  'catalogue.setTerm': 'administrator',
  'requests.verify': 'administrator',
  'signing.setModules': 'administrator',
  'signing.addRoot': 'administrator',
  'signing.addCrl': 'administrator',
  'signing.ocspSettings': 'administrator',
  'signing.setOcspSettings': 'administrator',
  'signing.signBatch': 'authorised_signer',
  'documents.sign': 'authorised_signer',
  'documents.setProviderProfile': 'administrator',
};

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name);
}

// ---- events pushed from main to every connected UI ----

export interface Events {
  'session.changed': SessionInfo | null;
  'station.status': StationStatus;
  /** A scan's progress, pages and end, to the connection that started it. */
  'attachments.scan': ScanEvent;
  /** A batch signing's progress and end, to the connection that started it. */
  'signing.batch': SignBatchEvent;
  /** Synchronisation with the central server: state, pending changes, progress, conflicts. */
  'sync.status': SyncStatus;
}
export type EventName = keyof Events;

// ---- the wire format of the browser host (WebSocket) ----

export type ClientMessage = { id: number; method: string; input: unknown };
export type ServerMessage =
  | { id: number; result: import('./errors').ApiResult<unknown> }
  | { event: EventName; payload: unknown };

/** What the Electron preload exposes on `window.qyzmet`. */
export interface BridgeApi {
  invoke(method: string, input: unknown): Promise<import('./errors').ApiResult<unknown>>;
  on(event: EventName, listener: (payload: unknown) => void): () => void;
}
