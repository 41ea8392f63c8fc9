// The append-only audit log: who did what to whom, when, from which workstation.
// Each entry carries the hash of the one before, so a changed or removed entry breaks the chain.
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { AuditAction, AuditEntry } from '../../shared/api/contract';
import { newId } from '../ids';

export interface AuditInput {
  action: AuditAction;
  actorIin: string | null;
  subject?: string | null;
  detail?: Record<string, unknown>;
}

export interface AuditLog {
  append(entry: AuditInput): void;
  list(options: { beforeSeq?: number; limit: number }): AuditEntry[];
  verify(): { ok: boolean; checked: number; firstBadSeq: number | null };
}

const GENESIS = '0'.repeat(64);

interface Row {
  seq: number;
  id: string;
  at: string;
  actor_iin: string | null;
  action: string;
  subject: string | null;
  detail: string;
  workstation_id: string;
  prev_hash: string;
  hash: string;
}

function entryHash(prevHash: string, row: Omit<Row, 'seq' | 'hash' | 'prev_hash'>): string {
  const canonical = JSON.stringify([row.id, row.at, row.actor_iin, row.action, row.subject, row.detail, row.workstation_id]);
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}

export function createAuditLog(db: Database, workstationId: string, now: () => Date): AuditLog {
  const last = db.prepare(`SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1`).pluck();
  const insert = db.prepare(
    `INSERT INTO audit_log (id, at, actor_iin, action, subject, detail, workstation_id, prev_hash, hash)
     VALUES (@id, @at, @actor_iin, @action, @subject, @detail, @workstation_id, @prev_hash, @hash)`,
  );
  const page = db.prepare(`SELECT * FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT ?`);
  const all = db.prepare(`SELECT * FROM audit_log ORDER BY seq`);

  // Reading the last hash and inserting must not interleave with another append.
  const append = db.transaction((entry: AuditInput) => {
    const prevHash = (last.get() as string | undefined) ?? GENESIS;
    const row = {
      id: newId(),
      at: now().toISOString(),
      actor_iin: entry.actorIin,
      action: entry.action,
      subject: entry.subject ?? null,
      detail: JSON.stringify(entry.detail ?? {}),
      workstation_id: workstationId,
    };
    insert.run({ ...row, prev_hash: prevHash, hash: entryHash(prevHash, row) });
  });

  return {
    append,
    list({ beforeSeq, limit }) {
      const rows = page.all(beforeSeq ?? Number.MAX_SAFE_INTEGER, limit) as Row[];
      return rows.map((row) => ({
        seq: row.seq,
        at: row.at,
        actorIin: row.actor_iin,
        action: row.action as AuditAction,
        subject: row.subject,
        detail: JSON.parse(row.detail) as Record<string, unknown>,
        workstationId: row.workstation_id,
      }));
    },
    verify() {
      let prevHash = GENESIS;
      let checked = 0;
      for (const row of all.iterate() as Iterable<Row>) {
        if (row.prev_hash !== prevHash || row.hash !== entryHash(prevHash, row)) {
          return { ok: false, checked, firstBadSeq: row.seq };
        }
        prevHash = row.hash;
        checked += 1;
      }
      return { ok: true, checked, firstBadSeq: null };
    },
  };
}
