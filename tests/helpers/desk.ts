// A workstation's staff and applicants set up directly in its database, for main-process tests that
// drive the API as signed-in people (the sign-up screens are other tests' subject).
import type { Database } from 'better-sqlite3';
import type { App } from '../../src/main/app';
import { newId } from '../../src/main/ids';
import { connect, type Client } from './workstation';
import { personRecord } from './queue';

/** Inserts a staff member with this password hash and signs them in on a connection of their own. */
export async function signedInStaff(
  app: App,
  member: { iin: string; fullName: string; roles: string[]; passwordHash: string; password: string; at: string },
): Promise<{ id: string; iin: string; client: Client }> {
  const id = newId();
  app.services!.db.prepare(
    `INSERT INTO staff (id, iin, full_name, roles, password_hash, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)`,
  ).run(id, member.iin, member.fullName, JSON.stringify(member.roles), member.passwordHash, member.at, member.at);
  const client = connect(app);
  await client.call('auth.signIn', { iin: member.iin, password: member.password });
  return { id, iin: member.iin, client };
}

/** Puts an applicant into the registry cache, as the individuals' registry answered at `at`. */
export function cacheApplicant(db: Database, iin: string, at: string, name: { surname: string; name: string } = { surname: 'Серікова', name: 'Әсем' }): string {
  const record = personRecord(iin, name.surname, name.name, null, '1990-05-17', 'female');
  db.prepare(`INSERT INTO registry_cache (system, subject, answer, answered_at, stored_at) VALUES ('individuals', ?, ?, ?, ?)`).run(iin, JSON.stringify(record), at, at);
  return iin;
}
