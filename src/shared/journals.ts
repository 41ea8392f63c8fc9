// The registers as the UI sees them: entries, pages of a search, the no-gaps check (issue 7).
import type { Journal } from './catalogue';

type JournalKind = Journal;

export interface JournalEntry {
  id: string;
  journal: JournalKind;
  providerCode: string;
  /** The workstation's series the entry is numbered in (its code). */
  series: string;
  year: number;
  seq: number;
  number: string;
  requestId: string | null;
  documentNumber: string | null;
  documentSha256: string | null;
  subject: string;
  data: Record<string, unknown>;
  createdAt: string;
  createdBy: string;
  workstationId: string;
}

export interface JournalQuery {
  journal: JournalKind;
  year?: number;
  /** Folded like names: "асел" finds "Әсел"; also matches the entry and document numbers. */
  search?: string;
  limit: number;
  offset: number;
}

export interface JournalPage {
  total: number;
  entries: JournalEntry[];
}

export interface GapReport {
  ok: boolean;
  /** The series checked: this workstation's. */
  series: string;
  count: number;
  last: number;
  /** Sequence numbers below `last` without an entry. */
  missing: number[];
  /** The counter disagrees with the entries (it must equal the highest seq). */
  counter: number;
}
