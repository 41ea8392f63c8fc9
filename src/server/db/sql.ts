// The server's one SQL interface, PostgreSQL dialect: PGlite in-process by default, a real
// PostgreSQL server in production. Everything above this file speaks only this interface.
export type Row = Record<string, unknown>;

export interface SqlRunner {
  query<T extends Row = Row>(text: string, params?: unknown[]): Promise<T[]>;
  exec(text: string): Promise<void>;
}

export interface Sql extends SqlRunner {
  readonly kind: 'pglite' | 'postgres';
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
