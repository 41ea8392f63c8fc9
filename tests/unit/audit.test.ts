import { describe, expect, it } from 'vitest';
import { makeIin } from '../helpers/iin';
import { connect, startApp } from '../helpers/workstation';

async function adminWithHistory() {
  const started = startApp();
  const admin = connect(started.app);
  await admin.call('auth.createAdministrator', { iin: makeIin('1975-08-30'), fullName: 'Audit Admin', password: 'password-1' });
  await admin.call('auth.lock');
  await admin.call('auth.unlock', { password: 'password-1' });
  return { ...started, admin, db: started.app.services!.db };
}

describe('audit log', () => {
  it('records who did what, and verifies its chain', async () => {
    const { admin } = await adminWithHistory();
    const entries = await admin.call('audit.list', {});
    expect(entries.map((e) => e.action)).toEqual(['screen.unlocked', 'screen.locked', 'administrator.created']);
    expect(entries[0]).toMatchObject({ actorIin: expect.stringMatching(/^\d{12}$/), workstationId: expect.any(String) });
    expect(await admin.call('audit.verify')).toEqual({ ok: true, checked: 3, firstBadSeq: null });
  });

  it('refuses updates and deletes', async () => {
    const { db } = await adminWithHistory();
    expect(() => db.prepare(`UPDATE audit_log SET action = 'x'`).run()).toThrow(/append-only/);
    expect(() => db.prepare(`DELETE FROM audit_log`).run()).toThrow(/append-only/);
  });

  it('detects an entry changed behind the triggers', async () => {
    const { admin, db } = await adminWithHistory();
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare(`UPDATE audit_log SET actor_iin = '000000000000' WHERE seq = 2`).run();
    expect(await admin.call('audit.verify')).toEqual({ ok: false, checked: 1, firstBadSeq: 2 });
  });

  it('pages back through the log', async () => {
    const { admin } = await adminWithHistory();
    const first = await admin.call('audit.list', { limit: 2 });
    const rest = await admin.call('audit.list', { limit: 2, beforeSeq: first.at(-1)?.seq });
    expect(first.map((e) => e.seq)).toEqual([3, 2]);
    expect(rest.map((e) => e.seq)).toEqual([1]);
  });
});
