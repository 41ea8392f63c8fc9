// Allocates request numbers on this workstation (format: src/shared/requests/numbers.ts). Called
// inside the registering transaction, so a registration that fails gives its number back.
import type { Database } from 'better-sqlite3';
import { formatRequestNumber, isWorkstationCode, workstationCodeFromId } from '../../shared/requests/numbers';

export interface RequestNumbers {
  /** This workstation's code (fixed on first use, kept in settings). */
  workstationCode(): string;
  /** The next number for a registration in `year` (Almaty time). Inside a transaction only. */
  next(year: number): string;
}

export function createRequestNumbers(deps: {
  db: Database;
  workstationId: string;
  providerCode: () => string | null;
}): RequestNumbers {
  const { db } = deps;
  const readCode = db.prepare(`SELECT value FROM settings WHERE key = 'workstation_code'`).pluck();
  const writeCode = db.prepare(`INSERT OR IGNORE INTO settings (key, value) VALUES ('workstation_code', ?)`);
  const bump = db
    .prepare(
      `INSERT INTO request_number_seq (year, workstation_code, last) VALUES (?, ?, 1)
       ON CONFLICT (year, workstation_code) DO UPDATE SET last = last + 1 RETURNING last`,
    )
    .pluck();

  const workstationCode = (): string => {
    const stored = readCode.get() as string | undefined;
    if (stored && isWorkstationCode(stored)) return stored;
    const code = workstationCodeFromId(deps.workstationId);
    writeCode.run(code);
    return code;
  };

  return {
    workstationCode,
    next(year) {
      if (!db.inTransaction) throw new Error('a request number is allocated inside the registering transaction');
      const workstation = workstationCode();
      const sequence = bump.get(year, workstation) as number;
      return formatRequestNumber({ provider: deps.providerCode() ?? '', year, workstation, sequence });
    },
  };
}
