// The queue: pages of requests for a virtualised table over 100,000 rows, filtered, searched and
// sorted in SQLite (indexes in migration 006, the full-text index in 009), and counters per state.
//
// Search: a request number (typed any way numbers.ts accepts) is looked up exactly, 12 digits as an
// IIN/BIN exactly; anything else goes to FTS5 as prefixes of words, folded as the stored names are
// (foldName: case and the Kazakh letters, so "асел" finds "Әсел"). Paging by offset, with the total.
import type { Database, Statement } from 'better-sqlite3';
import type { Calendar } from '../../shared/calendar/working-days';
import type { ServiceCode } from '../../shared/catalogue';
import { REQUEST_STATES, type RequestState } from '../../shared/requests/lifecycle';
import type { QueuePage, QueueQuery, QueueRow, RequestCounters, Term } from '../../shared/requests/api';
import { looksLikeRequestNumber, parseRequestNumber } from '../../shared/requests/numbers';
import { foldName } from '../../shared/registry';
import { deadlineState, OPEN_STATES, timeLeft } from './request-timing';

/** Whose queue: the services the person handles (null: all) and who they are. */
export interface QueueScope {
  services: readonly ServiceCode[] | null;
  staffId: string;
}

const OPEN_SQL = `r.state IN (${OPEN_STATES.map((state) => `'${state}'`).join(', ')})`;

const SORT_COLUMNS: Record<QueueQuery['sort'], string> = {
  received: 'r.received_at',
  deadline: 'r.deadline',
  number: 'r.number',
  applicant: 'r.applicant_folded',
  service: 'r.service_code',
  state: 'r.state',
};

const ROW_COLUMNS = `r.id, r.number, r.service_code, r.operation, r.channel, r.state, r.applicant_kind, r.applicant_id,
  r.applicant_name, r.received_at, r.deadline_kind, r.deadline, r.at_risk_from, r.completed_at, r.assignee_id`;

interface Row {
  id: string;
  number: string | null;
  service_code: string;
  operation: string | null;
  channel: string;
  state: string;
  applicant_kind: 'person' | 'organisation';
  applicant_id: string;
  applicant_name: string;
  received_at: string;
  deadline_kind: Term['kind'] | null;
  deadline: string | null;
  at_risk_from: string | null;
  completed_at: string | null;
  assignee_id: string | null;
}

/** Letters of a Cyrillic keyboard that look like the Latin ones of request numbers. */
const LOOKALIKES: Record<string, string> = { а: 'a', в: 'b', е: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', х: 'x', у: 'y' };

/** The FTS5 query for what a person typed: every word as a prefix, all of them required. */
export function ftsQuery(text: string): string | null {
  const words = foldName(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8)
    // A word with a digit is part of a number: its letters are Latin.
    .map((word) => (/\d/.test(word) ? [...word].map((letter) => LOOKALIKES[letter] ?? letter).join('') : word));
  return words.length ? words.map((word) => `"${word}"*`).join(' ') : null;
}

interface Where {
  sql: string;
  params: unknown[];
  /** The filters can match nothing (e.g. a service outside the person's). */
  empty: boolean;
}

function buildWhere(scope: QueueScope, query: Partial<QueueQuery>, nowIso: string): Where {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const inList = (column: string, values: readonly unknown[]) => {
    clauses.push(values.length === 1 ? `${column} = ?` : `${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  let services: readonly string[] | null = scope.services;
  if (query.services?.length) services = query.services.filter((code) => !scope.services || scope.services.includes(code));
  if (services) {
    if (services.length === 0) return { sql: '', params: [], empty: true };
    inList('r.service_code', services);
  }
  if (query.states?.length) inList('r.state', [...new Set(query.states)]);
  if (query.channels?.length) inList('r.channel', [...new Set(query.channels)]);
  if (query.deadline) {
    clauses.push(OPEN_SQL);
    if (query.deadline === 'overdue') {
      clauses.push('r.deadline < ?');
      params.push(nowIso);
    } else if (query.deadline === 'at_risk') {
      clauses.push('r.deadline >= ? AND r.at_risk_from <= ?');
      params.push(nowIso, nowIso);
    } else {
      // at_risk_from is never after the deadline: at risk or overdue = past at_risk_from.
      clauses.push('r.at_risk_from <= ?');
      params.push(nowIso);
    }
  }
  if (query.assignee === 'mine') {
    clauses.push('r.assignee_id = ?');
    params.push(scope.staffId);
  } else if (query.assignee === 'unassigned') {
    clauses.push('r.assignee_id IS NULL');
  }
  const search = query.search?.trim();
  if (search) {
    const number = looksLikeRequestNumber(search) ? parseRequestNumber(search) : null;
    if (number?.ok) {
      clauses.push('r.number = ?');
      params.push(number.number);
    } else if (/^\d{12}$/.test(search)) {
      clauses.push('r.applicant_id = ?');
      params.push(search);
    } else {
      const match = ftsQuery(search);
      if (!match) return { sql: '', params: [], empty: true };
      clauses.push('r.rid IN (SELECT rowid FROM requests_fts WHERE requests_fts MATCH ?)');
      params.push(match);
    }
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params, empty: false };
}

export interface RequestQueue {
  page(scope: QueueScope, query: QueueQuery): QueuePage;
  counters(scope: QueueScope): RequestCounters;
}

/** `calendar`: the loaded working-day calendar, for the working days left of each row (counted in memory, no SQL). */
export function createRequestQueue(db: Database, now: () => Date, calendar: Calendar): RequestQueue {
  const staffName = db.prepare(`SELECT full_name FROM staff WHERE id = ?`).pluck();
  const statements = new Map<string, Statement>();
  const prepared = (sql: string): Statement => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      if (statements.size > 500) statements.clear();
      statements.set(sql, statement);
    }
    return statement;
  };

  const toRow = (row: Row, nowMs: number, names: Map<string, string | null>, days: Map<string, number | null>): QueueRow => {
    const deadline = deadlineState(row as Row & { state: RequestState }, nowMs);
    let assignee: QueueRow['assignee'] = null;
    if (row.assignee_id) {
      if (!names.has(row.assignee_id)) names.set(row.assignee_id, (staffName.get(row.assignee_id) as string | undefined) ?? null);
      assignee = { id: row.assignee_id, name: names.get(row.assignee_id) ?? null };
    }
    return {
      id: row.id,
      number: row.number,
      service: row.service_code as ServiceCode,
      operation: row.operation,
      channel: row.channel as QueueRow['channel'],
      state: row.state as RequestState,
      applicant: { kind: row.applicant_kind, id: row.applicant_id, name: row.applicant_name },
      receivedAt: row.received_at,
      deadline: row.deadline,
      deadlineState: deadline,
      ...timeLeft(calendar, row, deadline, nowMs, days),
      assignee,
    };
  };

  return {
    page(scope, query) {
      const nowMs = now().getTime();
      const where = buildWhere(scope, query, new Date(nowMs).toISOString());
      if (where.empty) return { rows: [], total: 0, offset: query.offset };
      const direction = query.direction === 'asc' ? 'ASC' : 'DESC';
      const order = `ORDER BY ${SORT_COLUMNS[query.sort]} ${direction}, r.rid ${direction}`;
      // First the page's row ids, found and ordered inside a covering index; then those rows only.
      const rids = prepared(`SELECT r.rid FROM requests r ${where.sql} ${order} LIMIT ? OFFSET ?`)
        .pluck()
        .all(...where.params, query.limit, query.offset) as number[];
      const byRid = new Map<number, Row>();
      if (rids.length) {
        const placeholders = rids.map(() => '?').join(', ');
        for (const row of prepared(`SELECT r.rid, ${ROW_COLUMNS} FROM requests r WHERE r.rid IN (${placeholders})`).all(...rids) as Array<
          Row & { rid: number }
        >) {
          byRid.set(row.rid, row);
        }
      }
      const total = prepared(`SELECT count(*) FROM requests r ${where.sql}`).pluck().get(...where.params) as number;
      const names = new Map<string, string | null>();
      const days = new Map<string, number | null>();
      const rows = rids.map((rid) => byRid.get(rid)).filter((row): row is Row => row !== undefined);
      return { rows: rows.map((row) => toRow(row, nowMs, names, days)), total, offset: query.offset };
    },

    counters(scope) {
      const nowIso = now().toISOString();
      const base = buildWhere(scope, {}, nowIso);
      const byState = Object.fromEntries(REQUEST_STATES.map((state) => [state, 0])) as Record<RequestState, number>;
      if (base.empty) return { byState, atRisk: 0, overdue: 0, mine: 0, unassigned: 0 };
      const and = base.sql ? `${base.sql} AND` : 'WHERE';
      // Kept by triggers (migration 012): no counting of every row.
      const services = scope.services ? `WHERE service_code IN (${scope.services.map(() => '?').join(', ')})` : '';
      for (const row of prepared(`SELECT state, sum(n) AS n FROM request_counts ${services} GROUP BY state`).all(
        ...(scope.services ?? []),
      ) as Array<{ state: RequestState; n: number }>) {
        if (row.state in byState) byState[row.state] = row.n;
      }
      const count = (sql: string, ...params: unknown[]) =>
        prepared(`SELECT count(*) FROM requests r ${and} ${sql}`).pluck().get(...base.params, ...params) as number;
      return {
        byState,
        atRisk: count(`${OPEN_SQL} AND r.deadline >= ? AND r.at_risk_from <= ?`, nowIso, nowIso),
        overdue: count(`${OPEN_SQL} AND r.deadline < ?`, nowIso),
        mine: count(`${OPEN_SQL} AND r.assignee_id = ?`, scope.staffId),
        unassigned: count(`${OPEN_SQL} AND r.assignee_id IS NULL`),
      };
    },
  };
}
