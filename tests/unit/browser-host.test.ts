import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBrowserHost, type BrowserHost } from '../../src/main/host/browser-host';
import type { ServerMessage } from '../../src/shared/api/contract';
import { makeIin } from '../helpers/iin';
import { startApp, tempDir } from '../helpers/workstation';

const hosts: BrowserHost[] = [];
afterEach(async () => {
  while (hosts.length) await hosts.pop()?.close();
});

async function host() {
  const rendererDir = tempDir('qyzmet-renderer-');
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Qyzmet</title>');
  const { app } = startApp();
  const started = await startBrowserHost({ app, rendererDir });
  hosts.push(started);
  return started;
}

function open(h: BrowserHost, options: { token?: string; origin?: string; host?: string } = {}) {
  const ws = new WebSocket(`ws://127.0.0.1:${h.port}/api?token=${encodeURIComponent(options.token ?? h.token)}`, {
    origin: options.origin ?? `http://127.0.0.1:${h.port}`,
    headers: options.host ? { host: options.host } : {},
  });
  return new Promise<WebSocket>((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** Sends one message and resolves with the reply to it, passing over pushed events. */
function request(ws: WebSocket, message: unknown): Promise<ServerMessage> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const reply = JSON.parse(data.toString()) as ServerMessage;
      if (!('id' in reply)) return;
      ws.off('message', onMessage);
      resolve(reply);
    };
    ws.on('message', onMessage);
    ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  });
}

function getWithHost(port: number, hostHeader: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/', headers: { host: hostHeader } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', reject);
  });
}

describe('browser host', () => {
  it('listens on loopback only and gives a URL carrying the token', async () => {
    const h = await host();
    expect(h.url).toBe(`http://127.0.0.1:${h.port}/#token=${h.token}`);
    expect(h.token.length).toBeGreaterThanOrEqual(32);
  });

  it('serves the renderer with a strict content security policy', async () => {
    const h = await host();
    const res = await fetch(`http://127.0.0.1:${h.port}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Qyzmet</title>');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain(`connect-src 'self' ws://127.0.0.1:${h.port}`);
  });

  it('does not serve files outside the renderer folder', async () => {
    const h = await host();
    for (const p of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd']) {
      const res = await fetch(`http://127.0.0.1:${h.port}${p}`);
      expect(res.status).not.toBe(200);
    }
  });

  it('answers API calls over the socket with the token and our origin', async () => {
    const h = await host();
    const ws = await open(h);
    const reply = await request(ws, { id: 1, method: 'app.status', input: {} });
    expect(reply).toMatchObject({ id: 1, result: { ok: true, value: { state: 'first_run' } } });
    ws.close();
  });

  it('refuses a wrong token, another origin and another host name', async () => {
    const h = await host();
    await expect(open(h, { token: 'guess' })).rejects.toThrow('HTTP 401');
    await expect(open(h, { origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(open(h, { host: `rebind.example:${h.port}` })).rejects.toThrow('HTTP 403');
    expect(await getWithHost(h.port, 'rebind.example')).toBe(403);
    expect(await getWithHost(h.port, `localhost:${h.port}`)).toBe(200);
  });

  it('answers malformed messages with an error and keeps serving', async () => {
    const h = await host();
    const ws = await open(h);
    expect(await request(ws, 'not json')).toMatchObject({ id: -1, result: { ok: false, error: { code: 'invalid_input' } } });
    expect(await request(ws, { id: 'x', method: 1 })).toMatchObject({ id: -1, result: { ok: false } });
    expect(await request(ws, { id: 2, method: 'no.such', input: {} })).toMatchObject({
      id: 2,
      result: { ok: false, error: { code: 'unknown_method' } },
    });
    expect(await request(ws, { id: 3, method: 'app.status' })).toMatchObject({ id: 3, result: { ok: true } });
    ws.close();
  });

  it('keeps sessions apart: each tab signs in for itself', async () => {
    const h = await host();
    const a = await open(h);
    const b = await open(h);
    const admin = { iin: makeIin('1980-05-17'), fullName: 'Host Admin', password: 'password-1' };
    expect(await request(a, { id: 1, method: 'auth.createAdministrator', input: admin })).toMatchObject({
      result: { ok: true },
    });
    expect(await request(a, { id: 2, method: 'staff.list', input: {} })).toMatchObject({ result: { ok: true } });
    expect(await request(b, { id: 1, method: 'staff.list', input: {} })).toMatchObject({
      result: { ok: false, error: { code: 'not_signed_in' } },
    });
    a.close();
    b.close();
  });
});
