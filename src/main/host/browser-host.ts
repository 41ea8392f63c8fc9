// The browser host: the same renderer and the same main-process services, reached from an ordinary
// browser over loopback where the Electron binary is not available. Only 127.0.0.1 listens; the API
// socket needs this run's random token and our own origin, so other pages and other users' processes
// on the machine cannot drive the workstation.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ClientMessage, ServerMessage } from '../../shared/api/contract';
import type { App } from '../app';

export interface BrowserHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export interface BrowserHostOptions {
  app: App;
  rendererDir: string;
  port?: number;
}

const LOOPBACK = '127.0.0.1';
const MAX_MESSAGE_BYTES = 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const rendererDir = path.resolve(options.rendererDir);
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(`the renderer is not built: ${rendererDir}/index.html is missing (run npm run build)`);
  }
  const token = randomBytes(24).toString('base64url');
  const server = http.createServer();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  await listen(server, options.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  const allowedHosts = new Set([`${LOOPBACK}:${port}`, `localhost:${port}`]);
  const allowedOrigins = new Set([...allowedHosts].map((host) => `http://${host}`));

  server.on('request', (req, res) => serveStatic(req, res, rendererDir, port, allowedHosts));
  server.on('upgrade', (req, socket, head) => {
    const refusal = refuseUpgrade(req, token, allowedHosts, allowedOrigins);
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => serveApi(ws, options.app));
  });

  return {
    url: `http://${LOOPBACK}:${port}/#token=${token}`,
    port,
    token,
    async close() {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Why an upgrade is refused, as an HTTP status line, or null to accept it. */
function refuseUpgrade(
  req: http.IncomingMessage,
  token: string,
  allowedHosts: Set<string>,
  allowedOrigins: Set<string>,
): string | null {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname !== '/api') return '404 Not Found';
  if (!allowedHosts.has(req.headers.host ?? '')) return '403 Forbidden';
  if (!allowedOrigins.has(req.headers.origin ?? '')) return '403 Forbidden';
  if (!sameSecret(url.searchParams.get('token') ?? '', token)) return '401 Unauthorized';
  return null;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function serveApi(ws: WebSocket, app: App): void {
  const send = (message: ServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const connection = app.connect((event, payload) => send({ event, payload }));
  ws.on('message', async (data, isBinary) => {
    const message = isBinary ? null : parseMessage(data.toString());
    if (!message) {
      send({ id: -1, result: { ok: false, error: { code: 'invalid_input', params: { reason: 'malformed_message' } } } });
      return;
    }
    send({ id: message.id, result: await connection.call(message.method, message.input) });
  });
  ws.on('close', () => connection.close());
  ws.on('error', () => ws.terminate());
}

function parseMessage(text: string): ClientMessage | null {
  try {
    const value = JSON.parse(text) as Partial<ClientMessage> | null;
    if (!value || typeof value !== 'object' || !Number.isSafeInteger(value.id) || typeof value.method !== 'string') {
      return null;
    }
    return { id: value.id as number, method: value.method, input: value.input };
  } catch {
    return null;
  }
}

function serveStatic(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  rendererDir: string,
  port: number,
  allowedHosts: Set<string>,
): void {
  // A page on another host name pointing at loopback (DNS rebinding) must not read our files.
  if (!allowedHosts.has(req.headers.host ?? '')) return reply(res, 403, 'Forbidden');
  if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'Method Not Allowed');
  const pathname = decodeSafely(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
  if (pathname === null) return reply(res, 400, 'Bad Request');
  const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
  const file = path.resolve(rendererDir, relative);
  if (file !== rendererDir && !file.startsWith(rendererDir + path.sep)) return reply(res, 404, 'Not Found');
  fs.readFile(file, (error, body) => {
    if (error) return reply(res, 404, 'Not Found');
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': contentSecurityPolicy(port),
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
}

export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ws://${LOOPBACK}:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function decodeSafely(pathname: string): string | null {
  try {
    const decoded = decodeURIComponent(pathname);
    return decoded.includes('\0') ? null : decoded;
  } catch {
    return null;
  }
}

function reply(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}
