// The workstation's client of the central server: enrolment, then every call signed with the
// workstation's Ed25519 key. Failures come back as CentralError with a kind the UI can explain.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject, createPrivateKey } from 'node:crypto';
import {
  MAX_CLOCK_DIFFERENCE_MS,
  SERVER_HEADERS,
  canonicalRequest,
  type EnrolReply,
  type ServerErrorCode,
  type ServerErrorReply,
} from '../../shared/server-api';

export type CentralErrorKind = 'offline' | 'timeout' | 'rejected' | 'server';

export class CentralError extends Error {
  constructor(
    readonly kind: CentralErrorKind,
    readonly code: ServerErrorCode | 'network',
    message: string,
    readonly status = 0,
  ) {
    super(message);
    this.name = 'CentralError';
  }
}

export interface WorkstationKey {
  privateKey: KeyObject;
  /** SPKI DER, base64: what the server stores. */
  publicKey: string;
}

export function newWorkstationKey(): WorkstationKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64') };
}

export function exportPrivateKey(key: KeyObject): string {
  return key.export({ format: 'der', type: 'pkcs8' }).toString('base64');
}

export function importPrivateKey(text: string): KeyObject {
  return createPrivateKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'pkcs8' });
}

export interface CentralClientOptions {
  baseUrl: string;
  workstationId: string;
  privateKey: KeyObject;
  timeoutMs: number;
  now?: () => number;
}

export interface CentralClient {
  readonly baseUrl: string;
  call<T>(path: string, body: unknown, staffIin: string, options?: { timeoutMs?: number }): Promise<T>;
  get<T>(path: string, staffIin: string): Promise<T>;
  /** True when the server answers its health check within the timeout. */
  reachable(timeoutMs?: number): Promise<boolean>;
}

export async function enrolWorkstation(
  baseUrl: string,
  request: { code: string; workstationId: string; name: string; publicKey: string },
  timeoutMs = 15_000,
): Promise<EnrolReply> {
  return send<EnrolReply>(`${trimSlash(baseUrl)}/v1/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
    timeoutMs,
  });
}

export function createCentralClient(options: CentralClientOptions): CentralClient {
  const baseUrl = trimSlash(options.baseUrl);
  const clock = options.now ?? Date.now;
  // The server's time minus ours, learned when the server says our clock is off: calls then carry
  // the server's idea of now, so a workstation with a wrong clock still works.
  let offsetMs = 0;

  const signedRequest = async <T>(method: 'GET' | 'POST', path: string, bodyText: string, staffIin: string, timeoutMs: number) => {
    const attempt = () => {
      const time = String(clock() + offsetMs);
      const nonce = randomBytes(18).toString('base64url');
      const bodySha256 = createHash('sha256').update(bodyText).digest('hex');
      const payload = canonicalRequest({ method, path, time, nonce, staff: staffIin, bodySha256 });
      const signature = sign(null, Buffer.from(payload), options.privateKey).toString('base64');
      return send<T>(`${baseUrl}${path}`, {
        method,
        headers: {
          ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
          [SERVER_HEADERS.workstation]: options.workstationId,
          [SERVER_HEADERS.time]: time,
          [SERVER_HEADERS.nonce]: nonce,
          [SERVER_HEADERS.staff]: staffIin,
          [SERVER_HEADERS.signature]: signature,
        },
        ...(method === 'POST' ? { body: bodyText } : {}),
        timeoutMs,
      });
    };
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ServerError) || error.code !== 'clock_skew' || !error.serverTime) throw error;
      offsetMs = Date.parse(error.serverTime) - clock();
      if (Math.abs(offsetMs) < MAX_CLOCK_DIFFERENCE_MS) offsetMs = 0;
      return attempt();
    }
  };

  return {
    baseUrl,
    call: (path, body, staffIin, callOptions) =>
      signedRequest('POST', path, JSON.stringify(body ?? {}), staffIin, callOptions?.timeoutMs ?? options.timeoutMs),
    get: (path, staffIin) => signedRequest('GET', path, '', staffIin, options.timeoutMs),
    async reachable(timeoutMs = 3_000) {
      try {
        await send(`${baseUrl}/health`, { method: 'GET', headers: {}, timeoutMs });
        return true;
      } catch {
        return false;
      }
    },
  };
}

interface SendOptions {
  method: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

class ServerError extends CentralError {
  constructor(
    code: ServerErrorCode,
    message: string,
    status: number,
    readonly serverTime?: string,
  ) {
    super(status >= 500 ? 'server' : 'rejected', code, message, status);
  }
}

async function send<T>(url: string, options: SendOptions): Promise<T> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: options.method,
      headers: options.headers,
      ...(options.body !== undefined ? { body: options.body } : {}),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    // Inside the try: a connection cut while the answer is read is the network's failure too.
    text = await response.text();
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new CentralError(timedOut ? 'timeout' : 'offline', 'network', timedOut ? 'the server did not answer in time' : 'the server cannot be reached');
  }
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    throw new CentralError('server', 'internal', `the server answered ${response.status} with a body that is not JSON`, response.status);
  }
  if (!response.ok) {
    const error = body as Partial<ServerErrorReply> | null;
    const code = (error?.error ?? 'internal') as ServerErrorCode;
    if (code === 'registry_timeout') throw new CentralError('timeout', code, error?.message ?? 'registry timeout', response.status);
    throw new ServerError(code, error?.message ?? `HTTP ${response.status}`, response.status, error?.serverTime);
  }
  return body as T;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
