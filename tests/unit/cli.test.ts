import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeIin } from '../helpers/iin';
import { connect, startApp, tempDir } from '../helpers/workstation';

const CLI = path.resolve(__dirname, '../../dist/main/cli.cjs');

function qyzmet(dataDir: string, ...args: string[]) {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  return spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, QYZMET_DATA_DIR: dataDir }, encoding: 'utf8' });
}

describe('qyzmet command line', () => {
  it('reports the workstation status', async () => {
    const { app, dataDir } = startApp();
    await connect(app).call('auth.createAdministrator', { iin: makeIin('1982-07-01'), fullName: 'Cli Admin', password: 'password-1' });
    app.close();
    const result = qyzmet(dataDir, 'status', '--json');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ dataDir, staff: 1, centralServer: null });
  });

  it('verifies the audit chain and fails when an entry was changed', async () => {
    const { app, dataDir } = startApp();
    await connect(app).call('auth.createAdministrator', { iin: makeIin('1982-07-01'), fullName: 'Cli Admin', password: 'password-1' });
    const ok = qyzmet(dataDir, 'audit', 'verify');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('1 entries checked');
    const db = app.services!.db;
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare(`UPDATE audit_log SET actor_iin = '000000000000'`).run();
    app.close();
    const broken = qyzmet(dataDir, 'audit', 'verify', '--json');
    expect(broken.status).toBe(1);
    expect(JSON.parse(broken.stdout)).toEqual({ ok: false, checked: 0, firstBadSeq: 1 });
  });

  it('refuses an unknown command with the usage', () => {
    const result = qyzmet(tempDir(), 'frobnicate');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('usage:');
  });
});
