// The Electron shell: one window showing the renderer, talking to the main-process App over IPC.
// This file and the preload are the only ones that import `electron`. Everything the window may do
// is denied unless it is needed: no Node in the page (sandbox, context isolation), no navigation
// away from our own page, no new windows, no <webview>, no web permissions, a strict CSP, and IPC
// answered only for our own window showing our own page.
//
// Bundled by src/main/build.mjs to dist/main/electron-main.cjs (CommonJS, so `__dirname` is real).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  BrowserWindow,
  Menu,
  app,
  dialog,
  ipcMain,
  net,
  protocol,
  session,
  type IpcMainInvokeEvent,
  type WebContents,
} from 'electron';
import type { ApiResult } from '../../shared/api/errors';
import type { App, AppConnection } from '../app';

const APP_NAME = 'Qyzmet';
/** Our own scheme: the renderer is served from qyzmet://app/… rather than file://, so that the page
 * has a real origin of its own ('self' in the CSP means only our files, not the whole disk). */
const SCHEME = 'qyzmet';
const HOST = 'app';
const ORIGIN = `${SCHEME}://${HOST}`;
const INDEX_URL = `${ORIGIN}/index.html`;

const INVOKE_CHANNEL = 'qyzmet:invoke';
const EVENT_CHANNEL = 'qyzmet:event';

/** Exit code when the main-process App cannot start (e.g. a native module built for another ABI). */
const EXIT_APP_FAILED = 70;

const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

const rendererDir = path.resolve(__dirname, '..', 'renderer');
const preloadPath = path.join(__dirname, 'preload.cjs');

// ---- before `ready`: name, data folder, single instance, privileged scheme ----

app.setName(APP_NAME);
// Same folder as defaultDataDir() (src/main/data-dir.ts) on every platform, so the Electron shell
// and the browser host share one data folder. QYZMET_DATA_DIR (tests, portable installs) wins; the
// Chromium profile then lives there too, so a test never touches the user's real profile.
const overrideDir = process.env.QYZMET_DATA_DIR;
app.setPath('userData', overrideDir ? path.resolve(overrideDir) : path.join(app.getPath('appData'), APP_NAME));
const dataDir = app.getPath('userData');

protocol.registerSchemesAsPrivileged([
  { scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

let mainWindow: BrowserWindow | null = null;
let workstation: App | null = null;
/** One App connection per webContents (one window = one sign-in session). */
const connections = new Map<number, AppConnection>();

if (!app.requestSingleInstanceLock()) {
  // Another Qyzmet already runs on this data folder: it gets focus (see 'second-instance'), we leave.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  hardenAllWebContents();
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => fail('The workstation could not start', error));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', shutdown);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
}

let embedded: { close(): Promise<void> } | undefined;

async function start(): Promise<void> {
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    fail('The user interface is not built', new Error(`${rendererDir}/index.html is missing; run \`npm run build\``));
    return;
  }
  try {
    // Loaded here rather than imported at the top so that a failure to load the database's native
    // module (built for Node.js instead of Electron's ABI) is reported instead of crashing silently.
    const { createApp } = await import('../app');
    workstation = createApp({ dataDir, watchServer: true });
    const { startEmbeddedInBackground } = await import('../embedded-server');
    embedded = startEmbeddedInBackground(workstation, dataDir, (message) => console.error(message));
  } catch (error) {
    fail(`The workstation could not start (data folder ${dataDir})`, error);
    return;
  }

  Menu.setApplicationMenu(null);
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  // Every response the session sees gets our CSP, replacing any other (belt and braces: the
  // qyzmet:// handler below sets it too, and index.html carries a <meta> CSP).
  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers = Object.fromEntries(
      Object.entries(details.responseHeaders ?? {}).filter(([name]) => name.toLowerCase() !== 'content-security-policy'),
    );
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  protocol.handle(SCHEME, serveRenderer);
  ipcMain.handle(INVOKE_CHANNEL, handleInvoke);

  createWindow();
}

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    title: APP_NAME,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  mainWindow = win;
  const contents = win.webContents;
  const id = contents.id;

  const connect = () => {
    connections.get(id)?.close();
    connections.set(id, workstation!.connect((event, payload) => send(contents, event, payload)));
  };
  connect();
  // A new document (reload, crash recovery) starts a new connection, so signed out, exactly like a
  // new browser tab on the browser host. Hash changes and pushState keep the same document.
  contents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) connect();
  });
  contents.once('destroyed', () => {
    connections.get(id)?.close();
    connections.delete(id);
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });

  win.loadURL(INDEX_URL).catch((error: unknown) => fail('The user interface could not be loaded', error));
}

function send(contents: WebContents, event: string, payload: unknown): void {
  if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, event, payload);
}

// ---- IPC: only our window, only our page ----

async function handleInvoke(event: IpcMainInvokeEvent, method: unknown, input: unknown): Promise<ApiResult<unknown>> {
  const connection = connections.get(event.sender.id);
  if (!connection || !isTrustedSender(event)) {
    return { ok: false, error: { code: 'forbidden', params: { reason: 'untrusted_sender' } } };
  }
  return connection.call(method, input);
}

function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  if (!mainWindow || mainWindow.isDestroyed() || event.sender !== mainWindow.webContents) return false;
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false; // the top frame only, never an iframe
  return isAppPage(frame.url);
}

/** True for our index.html (any fragment or query), false for anything else. */
function isAppPage(url: string): boolean {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}` === INDEX_URL;
  } catch {
    return false;
  }
}

// ---- the renderer's files, from dist/renderer only ----

async function serveRenderer(request: Request): Promise<Response> {
  let file: string;
  try {
    const url = new URL(request.url);
    if (url.host !== HOST || (request.method !== 'GET' && request.method !== 'HEAD')) return plain(404);
    const pathname = decodeURIComponent(url.pathname);
    if (pathname.includes('\0')) return plain(400);
    file = path.resolve(rendererDir, pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, ''));
  } catch {
    return plain(400);
  }
  if (file !== rendererDir && !file.startsWith(rendererDir + path.sep)) return plain(404);
  const response = await net.fetch(pathToFileURL(file).toString()).catch(() => null);
  if (!response || !response.ok) return plain(404);
  const headers = new Headers(response.headers);
  headers.set('Content-Type', CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream');
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
  return new Response(response.body, { status: 200, headers });
}

function plain(status: number): Response {
  return new Response(null, { status, headers: SECURITY_HEADERS });
}

// ---- every webContents, present and future ----

function hardenAllWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event) => {
      if (!isAppPage(event.url)) event.preventDefault();
    });
    contents.on('will-redirect', (event) => {
      if (!isAppPage(event.url)) event.preventDefault();
    });
    contents.on('will-frame-navigate', (event) => {
      if (!event.isMainFrame && !isAppPage(event.url)) event.preventDefault();
    });
  });
}

// ---- leaving ----

let shutDown = false;
function shutdown(): void {
  if (shutDown) return;
  shutDown = true;
  for (const connection of connections.values()) connection.close();
  connections.clear();
  void embedded?.close();
  workstation?.close();
  workstation = null;
}

function fail(title: string, error: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  const hint = /NODE_MODULE_VERSION|ERR_DLOPEN_FAILED|was compiled against a different Node\.js version/.test(detail)
    ? '\n\nA native module (better-sqlite3) is built for Node.js, not for Electron. Rebuild it for Electron with ' +
      '`npx electron-builder install-app-deps`, or run `npm start -- --browser` to use the browser host.'
    : '';
  console.error(`${title}: ${detail}${hint}`);
  // Under the launcher (npm start) the message above is what the user sees; a dialog would only block.
  if (!process.env.QYZMET_LAUNCHER && app.isReady()) dialog.showErrorBox(APP_NAME, `${title}.\n\n${detail}${hint}`);
  shutdown();
  app.exit(EXIT_APP_FAILED);
}
