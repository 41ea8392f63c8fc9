// The local change log that sync will push. Call it inside the transaction that makes the change.
import type { Database } from 'better-sqlite3';
import { newId } from '../ids';

export type ChangeOp = 'insert' | 'update' | 'delete';

export interface ChangeLog {
  record(entity: string, entityId: string, op: ChangeOp, data: Record<string, unknown>, actorId: string | null): void;
}

/** `recorded`: told after each change is logged (sync shows the pending count and runs soon after). */
export function createChangeLog(db: Database, workstationId: string, now: () => Date, recorded?: () => void): ChangeLog {
  const insert = db.prepare(
    `INSERT INTO change_log (change_id, entity, entity_id, op, data, at, workstation_id, actor_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return {
    record(entity, entityId, op, data, actorId) {
      if (!db.inTransaction) throw new Error('a change must be logged inside the transaction that makes it');
      insert.run(newId(), entity, entityId, op, JSON.stringify(data), now().toISOString(), workstationId, actorId);
      recorded?.();
    },
  };
}
