import { describe, expect, it } from 'vitest';
import { LOCKOUT_MINUTES, MAX_FAILED_ATTEMPTS } from '../../src/main/services/auth';
import type { AuditEntry } from '../../src/shared/api/contract';
import { makeIin } from '../helpers/iin';
import { connect, startApp } from '../helpers/workstation';

const ADMIN = { iin: makeIin('1980-05-17', 'male', 7), fullName: 'Серік Ахметов', password: 'admin-pass-1' };
const REGISTRAR = { iin: makeIin('1995-11-02', 'female', 12), fullName: 'Айгүл Нұрланқызы', password: 'registrar-9' };

async function withAdministrator() {
  const started = startApp();
  const admin = connect(started.app);
  await admin.call('auth.createAdministrator', ADMIN);
  return { ...started, admin };
}

async function auditActions(client: ReturnType<typeof connect>): Promise<string[]> {
  const entries: AuditEntry[] = await client.call('audit.list', { limit: 500 });
  return entries.map((e) => e.action).reverse();
}

describe('first run', () => {
  it('starts in first-run state, creates the administrator once and signs them in', async () => {
    const { app } = startApp();
    const client = connect(app);
    expect((await client.call('app.status')).state).toBe('first_run');
    const session = await client.call('auth.createAdministrator', ADMIN);
    expect(session).toMatchObject({ iin: ADMIN.iin, fullName: ADMIN.fullName, roles: ['administrator'], locked: false });
    expect((await client.call('app.status')).state).toBe('ready');
    expect(await connect(app).fail('auth.createAdministrator', { ...ADMIN, iin: REGISTRAR.iin })).toEqual({
      code: 'already_initialized',
    });
  });

  it('rejects an IIN with a wrong check digit, with the reason, and a weak password', async () => {
    const { app } = startApp();
    const error = await connect(app).fail('auth.createAdministrator', {
      iin: `${ADMIN.iin.slice(0, 11)}${(Number(ADMIN.iin[11]) + 1) % 10}`,
      fullName: ADMIN.fullName,
      password: 'short',
    });
    expect(error.code).toBe('invalid_input');
    expect(error.issues).toEqual(
      expect.arrayContaining([
        { path: 'iin', code: 'id.bad_check_digit' },
        { path: 'password', code: 'too_short', params: { min: 8 } },
      ]),
    );
  });
});

describe('sign-in', () => {
  it('signs a staff member in with IIN and password and records it', async () => {
    const { app, admin } = await withAdministrator();
    await admin.call('staff.create', { ...REGISTRAR, roles: ['registrar'] });
    const desk = connect(app);
    const session = await desk.call('auth.signIn', { iin: REGISTRAR.iin, password: REGISTRAR.password });
    expect(session.roles).toEqual(['registrar']);
    expect(desk.events.at(-1)).toEqual({ event: 'session.changed', payload: expect.objectContaining({ iin: REGISTRAR.iin }) });
    expect(await auditActions(admin)).toContain('sign_in.succeeded');
  });

  it('answers an unknown IIN exactly like a wrong password', async () => {
    const { app } = await withAdministrator();
    const desk = connect(app);
    const unknown = await desk.fail('auth.signIn', { iin: REGISTRAR.iin, password: 'whatever1' });
    expect(unknown).toEqual({ code: 'wrong_credentials', params: {} });
    const wrong = await desk.fail('auth.signIn', { iin: ADMIN.iin, password: 'whatever1' });
    expect(wrong.code).toBe('wrong_credentials');
  });

  it(`locks the account for ${LOCKOUT_MINUTES} minutes after ${MAX_FAILED_ATTEMPTS} wrong passwords, even against the right one`, async () => {
    const { app, admin, clock } = await withAdministrator();
    await admin.call('staff.create', { ...REGISTRAR, roles: ['registrar'] });
    const desk = connect(app);
    for (let attempt = 1; attempt < MAX_FAILED_ATTEMPTS; attempt += 1) {
      const error = await desk.fail('auth.signIn', { iin: REGISTRAR.iin, password: 'wrong-pass-1' });
      expect(error).toEqual({ code: 'wrong_credentials', params: { attemptsLeft: MAX_FAILED_ATTEMPTS - attempt } });
    }
    const locked = await desk.fail('auth.signIn', { iin: REGISTRAR.iin, password: 'wrong-pass-1' });
    const until = new Date(clock.now().getTime() + LOCKOUT_MINUTES * 60_000).toISOString();
    expect(locked).toEqual({ code: 'account_locked', params: { until } });
    expect((await desk.fail('auth.signIn', REGISTRAR_CREDENTIALS)).code).toBe('account_locked');

    clock.advanceMinutes(LOCKOUT_MINUTES - 1);
    expect((await desk.fail('auth.signIn', REGISTRAR_CREDENTIALS)).code).toBe('account_locked');
    clock.advanceMinutes(1);
    expect((await desk.call('auth.signIn', REGISTRAR_CREDENTIALS)).iin).toBe(REGISTRAR.iin);

    // The administrator's own screen locked itself while the minutes passed.
    expect((await admin.fail('audit.list', {})).code).toBe('screen_locked');
    await admin.call('auth.unlock', { password: ADMIN.password });
    const actions = await auditActions(admin);
    expect(actions.filter((a) => a === 'sign_in.failed').length).toBeGreaterThanOrEqual(MAX_FAILED_ATTEMPTS);
    expect(actions).toContain('sign_in.locked_out');
  });

  it('lets an administrator lift a lockout', async () => {
    const { app, admin } = await withAdministrator();
    const created = await admin.call('staff.create', { ...REGISTRAR, roles: ['registrar'] });
    const desk = connect(app);
    for (let i = 0; i < MAX_FAILED_ATTEMPTS; i += 1) await desk.fail('auth.signIn', { iin: REGISTRAR.iin, password: 'bad-pass-1' });
    expect((await admin.call('staff.list')).find((s) => s.id === created.id)?.lockedUntil).not.toBeNull();
    await admin.call('staff.unlock', { staffId: created.id });
    expect((await desk.call('auth.signIn', REGISTRAR_CREDENTIALS)).iin).toBe(REGISTRAR.iin);
  });

  it('refuses a deactivated account and ends its open sessions', async () => {
    const { app, admin } = await withAdministrator();
    const created = await admin.call('staff.create', { ...REGISTRAR, roles: ['registrar'] });
    const desk = connect(app);
    await desk.call('auth.signIn', REGISTRAR_CREDENTIALS);
    await admin.call('staff.setActive', { staffId: created.id, active: false });
    expect(desk.events.at(-1)).toEqual({ event: 'session.changed', payload: null });
    expect((await desk.fail('auth.signIn', REGISTRAR_CREDENTIALS)).code).toBe('account_disabled');
  });
});

const REGISTRAR_CREDENTIALS = { iin: REGISTRAR.iin, password: REGISTRAR.password };

describe('screen lock and sign-out', () => {
  it('locks the screen after the idle time and unlocks with the password', async () => {
    const { app, clock } = startApp();
    const admin = connect(app);
    await admin.call('auth.createAdministrator', ADMIN);
    await admin.call('settings.setIdleLock', { minutes: 5 });
    clock.advanceMinutes(5);
    expect((await admin.fail('staff.list')).code).toBe('screen_locked');
    expect((await admin.call('auth.session'))?.locked).toBe(true);
    expect((await admin.fail('auth.unlock', { password: 'nope-nope-1' })).code).toBe('wrong_credentials');
    expect((await admin.call('auth.unlock', { password: ADMIN.password })).locked).toBe(false);
    expect(await admin.call('staff.list')).toHaveLength(1);
  });

  it('locks on request, and wrong passwords at the lock screen count towards the lockout', async () => {
    const { admin } = await withAdministrator();
    await admin.call('auth.lock');
    for (let i = 1; i < MAX_FAILED_ATTEMPTS; i += 1) await admin.fail('auth.unlock', { password: 'guess-guess-1' });
    expect((await admin.fail('auth.unlock', { password: 'guess-guess-1' })).code).toBe('account_locked');
    expect(await admin.call('auth.session')).toBeNull();
  });

  it('signs out and then refuses protected calls', async () => {
    const { admin } = await withAdministrator();
    await admin.call('auth.signOut');
    expect(await admin.call('auth.session')).toBeNull();
    expect((await admin.fail('staff.list')).code).toBe('not_signed_in');
  });

  it('changes the own password only with the current one', async () => {
    const { app, admin } = await withAdministrator();
    expect((await admin.fail('auth.changePassword', { current: 'not-it-123', next: 'new-pass-22' })).code).toBe(
      'wrong_credentials',
    );
    await admin.call('auth.changePassword', { current: ADMIN.password, next: 'new-pass-22' });
    expect((await connect(app).call('auth.signIn', { iin: ADMIN.iin, password: 'new-pass-22' })).iin).toBe(ADMIN.iin);
  });
});

describe('staff administration', () => {
  it('gives one person several roles and lets only administrators manage staff', async () => {
    const { app, admin } = await withAdministrator();
    const created = await admin.call('staff.create', { ...REGISTRAR, roles: ['registrar', 'authorised_signer'] });
    expect(created.roles).toEqual(['registrar', 'authorised_signer']);
    expect(JSON.stringify(created)).not.toContain('scrypt');
    const desk = connect(app);
    await desk.call('auth.signIn', REGISTRAR_CREDENTIALS);
    expect(await desk.fail('staff.list')).toEqual({ code: 'forbidden', params: { role: 'administrator' } });
    expect((await desk.fail('audit.list', {})).code).toBe('forbidden');

    await admin.call('staff.setRoles', { staffId: created.id, roles: ['registrar', 'administrator'] });
    expect(desk.events.at(-1)?.payload).toMatchObject({ roles: ['registrar', 'administrator'] });
    expect(await desk.call('staff.list')).toHaveLength(2);
    const actions = await auditActions(admin);
    expect(actions).toEqual(expect.arrayContaining(['administrator.created', 'staff.created', 'staff.roles_changed']));
  });

  it('refuses a second account with the same IIN', async () => {
    const { admin } = await withAdministrator();
    const error = await admin.fail('staff.create', { ...REGISTRAR, iin: ADMIN.iin, roles: ['registrar'] });
    expect(error.code).toBe('iin_taken');
  });

  it('never leaves the workstation without an active administrator', async () => {
    const { admin } = await withAdministrator();
    const [me] = await admin.call('staff.list');
    expect((await admin.fail('staff.setRoles', { staffId: me?.id, roles: ['registrar'] })).code).toBe('last_administrator');
    expect((await admin.fail('staff.setActive', { staffId: me?.id, active: false })).code).toBe('last_administrator');
  });
});
