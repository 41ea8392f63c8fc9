// A real PostgreSQL server through node-postgres, same SQL as PGlite.
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Row, Sql, SqlRunner } from './sql';

/**
 * The server's queries are a fixed set run thousands of times a second (every sync call): each is
 * prepared once per connection, by a name made from its text, instead of parsed and planned each time.
 * Only plain statements with parameters: DDL (migrations) goes unprepared; and no more than
 * PREPARED_MAX texts, should some query's text ever be made up per call.
 */
const PREPARED_MAX = 1000;
const names = new Map<string, string | null>();
function statementName(text: string): string | null {
  const known = names.get(text);
  if (known !== undefined) return known;
  if (names.size >= PREPARED_MAX) return null;
  const name = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i.test(text) ? `q${createHash('sha1').update(text).digest('hex').slice(0, 20)}` : null;
  names.set(text, name);
  return name;
}

export async function openPostgres(connectionString: string): Promise<Sql> {
  const pool = new pg.Pool({ connectionString, max: 10 });
  await pool.query('SELECT 1');
  const runnerOf = (client: pg.Pool | pg.PoolClient): SqlRunner => ({
    async query<T extends Row>(text: string, params?: unknown[]) {
      const name = params && params.length > 0 ? statementName(text) : null;
      const result = name ? await client.query({ name, text, values: params }) : await client.query(text, params as unknown[]);
      return result.rows as T[];
    },
    async exec(text: string) {
      await client.query(text);
    },
  });
  return {
    kind: 'postgres',
    ...runnerOf(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(runnerOf(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
