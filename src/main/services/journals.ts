// The registers (issue 7, "Journals"): issued documents, the polyclinic's appointment (pre-registration)
// journal and home-call journal, the apostille register and the licence register. Each workstation
// numbers its own series of a journal (its code, as in request numbers: workstations issue offline)
// 1, 2, 3… without gaps per provider and year (Almaty time): the number is taken from a
// counter row updated in the same transaction that writes the entry, so an append that fails gives
// its number back, and two processes on one database are serialised by SQLite's single writer.
import type { Database } from 'better-sqlite3';
import { JOURNALS, type Journal } from '../../shared/catalogue';
import type { GapReport, JournalEntry, JournalPage, JournalQuery } from '../../shared/journals';
import { foldName } from '../../shared/registry';
import type { ChangeLog } from '../db/change-log';
import { newId } from '../ids';
import { localYear } from './request-timing';

/** The catalogue's journals (a result's `journal`): one vocabulary for the catalogue and the registers. */
export const JOURNAL_KINDS = JOURNALS;
export type JournalKind = Journal;

/** The prefix of an entry number, e.g. `APOST-2026-K7QM4-000017`. */
export const JOURNAL_PREFIX: Record<JournalKind, string> = {
  issued_documents: 'DOC',
  appointments: 'APPT',
  home_calls: 'HCALL',
  apostille_register: 'APOST',
  licence_register: 'LIC',
};

export type { GapReport, JournalEntry, JournalPage, JournalQuery };

export function isJournalKind(value: unknown): value is JournalKind {
  return typeof value === 'string' && (JOURNAL_KINDS as readonly string[]).includes(value);
}

export function formatJournalNumber(journal: JournalKind, year: number, seq: number, series = ''): string {
  return `${JOURNAL_PREFIX[journal]}-${year}-${series ? `${series}-` : ''}${String(seq).padStart(6, '0')}`;
}

export interface JournalActor {
  staffId: string;
}

export interface JournalAppend {
  journal: JournalKind;
  requestId: string | null;
  /** What the entry is about, as typed into the search box: applicant, document, service… */
  subject: string;
  data: Record<string, unknown>;
  documentNumber?: string;
  documentSha256?: string;
  /**
   * The number the caller printed on a document before this append (from `peek`): when another
   * workstation took it meanwhile, the append fails with `journal_number_taken` and writes nothing.
   */
  expectedNumber?: string;
}

export class JournalError extends Error {
  constructor(
    readonly code: 'journal_unknown' | 'journal_provider_missing' | 'journal_subject_empty' | 'journal_sha256_invalid' | 'journal_number_taken',
    message: string,
  ) {
    super(message);
    this.name = 'JournalError';
  }
}

export interface Journals {
  /** Appends an entry; joins the caller's transaction if one is open, otherwise runs its own (IMMEDIATE). */
  append(actor: JournalActor, input: JournalAppend): JournalEntry;
  /** The number the next append to this journal would take now in this workstation's series (nothing is reserved). */
  peek(journal: JournalKind): { number: string; year: number; seq: number; series: string };
  list(query: JournalQuery): JournalPage;
  get(id: string): JournalEntry | null;
  /** This workstation's series unless another is named. */
  verifyNoGaps(journal: JournalKind, providerCode: string, year: number, series?: string): GapReport;
}

interface EntryRow {
  id: string;
  journal: string;
  provider_code: string;
  series: string;
  year: number;
  seq: number;
  number: string;
  request_id: string | null;
  document_number: string | null;
  document_sha256: string | null;
  subject: string;
  data: string;
  created_at: string;
  created_by: string;
  workstation_id: string;
}

const MAX_LIMIT = 500;

export function createJournals(deps: {
  db: Database;
  changes: ChangeLog;
  workstationId: string;
  providerCode: () => string | null;
  /** This workstation's series (its code). */
  series: () => string;
  now: () => Date;
}): Journals {
  const { db, changes } = deps;
  const bump = db
    .prepare(
      `INSERT INTO journal_counters (journal, provider_code, series, year, last) VALUES (?, ?, ?, ?, 1)
       ON CONFLICT (journal, provider_code, series, year) DO UPDATE SET last = last + 1 RETURNING last`,
    )
    .pluck();
  const insert = db.prepare(
    `INSERT INTO journal_entries (id, journal, provider_code, series, year, seq, number, request_id, document_number,
       document_sha256, subject, subject_folded, data, created_at, created_by, workstation_id)
     VALUES (@id, @journal, @provider_code, @series, @year, @seq, @number, @request_id, @document_number,
       @document_sha256, @subject, @subject_folded, @data, @created_at, @created_by, @workstation_id)`,
  );
  const byId = db.prepare(`SELECT * FROM journal_entries WHERE id = ?`);
  const seqs = db
    .prepare(`SELECT seq FROM journal_entries WHERE journal = ? AND provider_code = ? AND series = ? AND year = ? ORDER BY seq`)
    .pluck();
  const counter = db
    .prepare(`SELECT last FROM journal_counters WHERE journal = ? AND provider_code = ? AND series = ? AND year = ?`)
    .pluck();

  const appendInTx = (actor: JournalActor, input: JournalAppend): JournalEntry => {
    if (!isJournalKind(input.journal)) throw new JournalError('journal_unknown', `unknown journal ${String(input.journal)}`);
    const provider = deps.providerCode();
    if (!provider) throw new JournalError('journal_provider_missing', 'the service provider is not configured');
    const subject = input.subject.trim();
    if (!subject) throw new JournalError('journal_subject_empty', 'a journal entry needs a subject');
    const sha = input.documentSha256?.toLowerCase() ?? null;
    if (sha !== null && !/^[0-9a-f]{64}$/.test(sha)) throw new JournalError('journal_sha256_invalid', 'not a SHA-256');
    const at = deps.now();
    const year = localYear(at.getTime());
    const series = deps.series();
    const seq = bump.get(input.journal, provider, series, year) as number;
    if (input.expectedNumber !== undefined && input.expectedNumber !== formatJournalNumber(input.journal, year, seq, series)) {
      throw new JournalError('journal_number_taken', `${input.expectedNumber} was taken meanwhile`);
    }
    const entry: JournalEntry = {
      id: newId(),
      journal: input.journal,
      providerCode: provider,
      series,
      year,
      seq,
      number: formatJournalNumber(input.journal, year, seq, series),
      requestId: input.requestId,
      documentNumber: input.documentNumber ?? null,
      documentSha256: sha,
      subject,
      data: input.data,
      createdAt: at.toISOString(),
      createdBy: actor.staffId,
      workstationId: deps.workstationId,
    };
    insert.run({
      id: entry.id,
      journal: entry.journal,
      provider_code: provider,
      series,
      year,
      seq,
      number: entry.number,
      request_id: entry.requestId,
      document_number: entry.documentNumber,
      document_sha256: sha,
      subject,
      subject_folded: foldName(`${subject} ${entry.documentNumber ?? ''}`),
      data: JSON.stringify(entry.data),
      created_at: entry.createdAt,
      created_by: entry.createdBy,
      workstation_id: entry.workstationId,
    });
    changes.record('journal_entry', entry.id, 'insert', { ...entry }, actor.staffId);
    return entry;
  };
  const appendOwnTx = db.transaction(appendInTx);

  return {
    append(actor, input) {
      // Inside the caller's transaction the number is rolled back with it; on our own, IMMEDIATE takes
      // the write lock first so another process cannot slip in between reading and bumping the counter.
      return db.inTransaction ? appendInTx(actor, input) : appendOwnTx.immediate(actor, input);
    },

    peek(journal) {
      if (!isJournalKind(journal)) throw new JournalError('journal_unknown', `unknown journal ${String(journal)}`);
      const provider = deps.providerCode();
      if (!provider) throw new JournalError('journal_provider_missing', 'the service provider is not configured');
      const year = localYear(deps.now().getTime());
      const series = deps.series();
      const seq = ((counter.get(journal, provider, series, year) as number | undefined) ?? 0) + 1;
      return { number: formatJournalNumber(journal, year, seq, series), year, seq, series };
    },

    list(query) {
      if (!isJournalKind(query.journal)) throw new JournalError('journal_unknown', `unknown journal ${String(query.journal)}`);
      const where = ['journal = ?'];
      const params: unknown[] = [query.journal];
      const provider = deps.providerCode();
      if (provider) {
        where.push('provider_code = ?');
        params.push(provider);
      }
      if (query.year !== undefined) {
        where.push('year = ?');
        params.push(query.year);
      }
      for (const word of foldName(query.search ?? '').split(' ').filter(Boolean)) {
        const pattern = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        where.push(`(subject_folded LIKE ? ESCAPE '\\' OR lower(number) LIKE ? ESCAPE '\\')`);
        params.push(pattern, pattern);
      }
      const clause = where.join(' AND ');
      const limit = Math.max(1, Math.min(MAX_LIMIT, Math.trunc(query.limit)));
      const offset = Math.max(0, Math.trunc(query.offset));
      const total = db.prepare(`SELECT count(*) FROM journal_entries WHERE ${clause}`).pluck().get(...params) as number;
      const rows = db
        .prepare(`SELECT * FROM journal_entries WHERE ${clause} ORDER BY year DESC, created_at DESC, number DESC LIMIT ? OFFSET ?`)
        .all(...params, limit, offset) as EntryRow[];
      return { total, entries: rows.map(toEntry) };
    },

    get(id) {
      const row = byId.get(id) as EntryRow | undefined;
      return row ? toEntry(row) : null;
    },

    verifyNoGaps(journal, providerCode, year, series = deps.series()) {
      const read = db.transaction(() => ({
        all: seqs.all(journal, providerCode, series, year) as number[],
        last: (counter.get(journal, providerCode, series, year) as number | undefined) ?? 0,
      }));
      const { all, last: counterLast } = read();
      const present = new Set(all);
      const last = all.length ? (all[all.length - 1] as number) : 0;
      const missing: number[] = [];
      for (let n = 1; n <= last; n++) if (!present.has(n)) missing.push(n);
      return { ok: missing.length === 0 && counterLast === last, series, count: all.length, last, missing, counter: counterLast };
    },
  };
}

function toEntry(row: EntryRow): JournalEntry {
  return {
    id: row.id,
    journal: row.journal as JournalKind,
    providerCode: row.provider_code,
    series: row.series,
    year: row.year,
    seq: row.seq,
    number: row.number,
    requestId: row.request_id,
    documentNumber: row.document_number,
    documentSha256: row.document_sha256,
    subject: row.subject,
    data: JSON.parse(row.data) as Record<string, unknown>,
    createdAt: row.created_at,
    createdBy: row.created_by,
    workstationId: row.workstation_id,
  };
}
