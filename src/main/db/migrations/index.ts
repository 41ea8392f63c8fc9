// Numbered migrations, applied in order at start, each in its own transaction.
// Never edit one that has shipped: add the next number.
import type { Database } from 'better-sqlite3';
import { m001Settings } from './001-settings';
import { m002ChangeLog } from './002-change-log';
import { m003Staff } from './003-staff';
import { m004AuditLog } from './004-audit-log';
import { m005RegistryCache } from './005-registry-cache';
import { m006Requests } from './006-requests';
import { m007RequestHistory } from './007-request-history';
import { m008RequestNumbers } from './008-request-numbers';
import { m009RequestSearch } from './009-request-search';
import { m010RequestQuestionnaires } from './010-request-questionnaires';
import { m011ServiceTerms } from './011-service-terms';
import { m012RequestCounts } from './012-request-counts';
import { m013Signatures } from './013-signatures';
import { m014RequestAttachments } from './014-request-attachments';
import { m015Journals } from './015-journals';
import { m016IssuedDocuments } from './016-issued-documents';
import { m017Sync } from './017-sync';
import { m018JournalSeries } from './018-journal-series';
import { m019SyncRebase } from './019-sync-rebase';
import { m020AttachmentSource } from './020-attachment-source';
import { m021DocumentServerError } from './021-document-server-error';

export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  m001Settings,
  m002ChangeLog,
  m003Staff,
  m004AuditLog,
  m005RegistryCache,
  m006Requests,
  m007RequestHistory,
  m008RequestNumbers,
  m009RequestSearch,
  m010RequestQuestionnaires,
  m011ServiceTerms,
  m012RequestCounts,
  m013Signatures,
  m014RequestAttachments,
  m015Journals,
  m016IssuedDocuments,
  m017Sync,
  m018JournalSeries,
  m019SyncRebase,
  m020AttachmentSource,
  m021DocumentServerError,
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
