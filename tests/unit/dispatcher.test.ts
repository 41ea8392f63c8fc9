import { describe, expect, it } from 'vitest';
import { makeIin } from '../helpers/iin';
import { connect, startApp } from '../helpers/workstation';

describe('the API boundary', () => {
  it('refuses an unknown method with a typed error', async () => {
    const { app } = startApp();
    expect(await connect(app).fail('fs.readFile', { path: '/etc/passwd' })).toEqual({
      code: 'unknown_method',
      params: { method: 'fs.readFile' },
    });
    expect((await connect(app).fail('__proto__')).code).toBe('unknown_method');
  });

  it('refuses wrongly typed, missing and unknown fields, naming each', async () => {
    const { app } = startApp();
    const error = await connect(app).fail('auth.signIn', { iin: 900615300001, extra: true });
    expect(error.code).toBe('invalid_input');
    expect(error.issues).toEqual(
      expect.arrayContaining([
        { path: 'iin', code: 'wrong_type' },
        { path: 'password', code: 'required' },
        { path: '', code: 'unknown_field', params: { fields: 'extra' } },
      ]),
    );
  });

  it('survives input that is not an object at all', async () => {
    const { app } = startApp();
    const client = connect(app);
    for (const input of [null, 'text', 42, [1, 2], { __proto__: { polluted: true } }]) {
      const result = await client.connection.call('auth.signIn', input);
      expect(result.ok).toBe(false);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await client.call('app.status')).state).toBe('first_run');
  });

  it('turns an unexpected failure into an internal error without crashing', async () => {
    const started = startApp();
    const client = connect(started.app);
    await client.call('auth.createAdministrator', {
      iin: makeIin('1970-01-01'),
      fullName: 'Test Admin',
      password: 'password-1',
    });
    started.app.services?.db.exec('DROP TABLE audit_log');
    expect(await client.fail('audit.list', {})).toEqual({ code: 'internal' });
    expect(started.errors).toHaveLength(1);
    expect((await client.call('app.status')).state).toBe('ready');
  });

  it('requires a session for everything but the public methods', async () => {
    const { app } = startApp();
    const client = connect(app);
    expect((await client.fail('staff.list')).code).toBe('not_signed_in');
    expect((await client.fail('station.status')).code).toBe('not_signed_in');
    expect((await client.call('settings.setLocale', { locale: 'ru' })).locale).toBe('ru');
    expect((await client.call('app.status')).locale).toBe('ru');
  });
});
