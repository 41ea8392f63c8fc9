// The central server: workstation enrolment, signed calls, and the registry look-ups that it
// forwards to the national systems (simulated here, behind one interface each).
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { RegistrySystem } from '../shared/registry';
import {
  DOCUMENT_ROUTES,
  REGISTRY_ROUTES,
  documentCheckQuerySchema,
  documentRegistrationSchema,
  enrolRequestSchema,
  type DocumentRegistrationReply,
  type LookupReply,
  SIMULATOR_SAMPLES_PATH,
  type ServerErrorCode,
  type ServerErrorReply,
  type SimulatorSamples,
} from '../shared/server-api';
import { toFieldIssues } from '../shared/validation';
import { AuthFailure, createWorkstationAuth, type CallerIdentity, type WorkstationAuth } from './auth';
import type { Sql } from './db/sql';
import { createDocumentRegister, type DocumentRegister, type UnboundBins } from './documents';
import { RegistryFailure } from './national/faults';
import type { NationalSystems } from './national/systems';
import { createPortal, registerPortalRoutes } from './portal';
import { registerSyncRoutes, SyncInputFailure } from './sync';
import type { Calendar } from '../shared/calendar/working-days';
import { PORTAL_ATTACHMENT_LIMITS, PORTAL_BODY_LIMIT, PORTAL_ROUTES } from '../shared/portal';
import type { TrustMaterial } from '../main/signing/verify';
import { publicLimits, RateLimited, rateLimitsOf, type PublicLimits, type RateLimits } from './rate-limit';
import { VERIFY_PAGE_HEADERS, rateLimitedPage, verifyPage } from './verify-page';

export interface ServerOptions {
  sql: Sql;
  systems: NationalSystems;
  /** pino options, or false for silence (tests). */
  logger?: boolean | object;
  /** How long a registry may take before the call is answered "timeout": the regulation's 1.5 minutes. */
  registryTimeoutMs?: number;
  now?: () => Date;
  /** Present only when the national systems are simulated: sample records for trainees. */
  samples?: () => Promise<SimulatorSamples>;
  /** Trusted roots (and CRLs) for applicants' signatures on portal submissions; without them every submission is refused. */
  portalTrust?: TrustMaterial;
  /** The working-day calendar for portal requests' deadlines; by default the shipped one. */
  calendar?: Calendar;
  /** Per-client-address limits of the public endpoints (document check, portal); DEFAULT_RATE_LIMITS for what is not given. */
  rateLimits?: Partial<RateLimits>;
  /**
   * The reverse proxies in front of the server (addresses or CIDR ranges): for a connection from one
   * of them the client address, which the rate limits count by, is taken from X-Forwarded-For.
   * Without it the connection's address is the client's.
   */
  trustProxy?: string[];
  /** A document registered under a BIN no provider has yet: refused (default), or claimed for the caller's provider. */
  unboundBins?: UnboundBins;
}

export const BODY_LIMIT_BYTES = 64 * 1024;
export const REGISTRY_TIMEOUT_MS = 90_000;
const PORTAL_TOO_LARGE = `the submission is larger than ${PORTAL_BODY_LIMIT / 2 ** 20} MiB: its files may be ${PORTAL_ATTACHMENT_LIMITS.maxTotalBytes / 2 ** 20} MiB together at most`;

const STATUS: Record<ServerErrorCode, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  bad_signature: 401,
  replayed: 401,
  clock_skew: 401,
  unknown_workstation: 401,
  revoked_workstation: 403,
  bad_enrolment_code: 403,
  payload_too_large: 413,
  not_found: 404,
  document_conflict: 409,
  foreign_issuer: 403,
  rate_limited: 429,
  registry_timeout: 504,
  registry_unavailable: 502,
  internal: 500,
};

declare module 'fastify' {
  interface FastifyRequest {
    rawBody: string;
    caller?: CallerIdentity;
  }
}

/** A body that does not match its schema; the reply names each field. */
export class InputFailure extends Error {
  constructor(readonly issues: Array<{ path: string; code: string }>) {
    super('invalid input');
  }
}

export interface CentralServer {
  app: FastifyInstance;
  auth: WorkstationAuth;
}

export function buildServer(options: ServerOptions): CentralServer {
  const now = options.now ?? (() => new Date());
  const auth = createWorkstationAuth(options.sql, now);
  const documents = createDocumentRegister(options.sql, now, options.unboundBins ? { unboundBins: options.unboundBins } : {});
  const limits = rateLimitsOf(options.rateLimits);
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: 'info',
            redact: ['req.headers["x-qyzmet-signature"]', 'req.headers.authorization', 'req.headers.cookie'],
            ...(typeof options.logger === 'object' ? options.logger : {}),
          },
    bodyLimit: BODY_LIMIT_BYTES,
    forceCloseConnections: true,
    return503OnClosing: true,
    ...(options.trustProxy?.length ? { trustProxy: options.trustProxy } : {}),
  });

  app.decorateRequest('rawBody', '');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    req.rawBody = body as string;
    try {
      done(null, body === '' ? {} : JSON.parse(body as string));
    } catch {
      done(Object.assign(new Error('the body is not valid JSON'), { statusCode: 400, code: 'invalid_input' }), undefined);
    }
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (error instanceof RateLimited) {
      // The page a phone opens from a QR code gets a page; everything else the usual JSON.
      if (request.routeOptions.url === DOCUMENT_ROUTES.page) {
        return reply.code(429).headers(VERIFY_PAGE_HEADERS).send(rateLimitedPage(error.retryAfterSeconds));
      }
      return sendError(reply, 'rate_limited', error.message, now, { retryAfterSeconds: error.retryAfterSeconds });
    }
    if (error instanceof AuthFailure) return sendError(reply, error.code, error.message, now);
    if (error instanceof SyncInputFailure) {
      return sendError(reply, 'invalid_input', 'the body does not match the schema', now, { issues: error.issues });
    }
    if (error instanceof InputFailure) {
      return sendError(reply, 'invalid_input', 'the body does not match the schema', now, { issues: error.issues });
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const portal = request.routeOptions.url === PORTAL_ROUTES.submit;
      return sendError(reply, 'payload_too_large', portal ? PORTAL_TOO_LARGE : 'the body is too large', now);
    }
    if (error.statusCode && error.statusCode < 500) return sendError(reply, 'invalid_input', error.message, now);
    request.log.error({ err: error }, 'request failed');
    return sendError(reply, 'internal', 'the server could not complete this call', now);
  });
  app.setNotFoundHandler((_request, reply) => sendError(reply, 'not_found', 'no such endpoint', now));

  app.get('/health', async () => ({ status: 'ok', time: now().toISOString() }));
  app.get('/health/ready', async (_request, reply) => {
    try {
      await options.sql.query('SELECT 1');
      return { status: 'ready', time: now().toISOString() };
    } catch {
      return reply.code(503).send({ status: 'not_ready', time: now().toISOString() });
    }
  });

  app.post('/v1/enrol', async (request, reply) => {
    const body = parse(enrolRequestSchema, request.body);
    const enrolled = await auth.enrol(body);
    request.log.info({ workstationId: enrolled.workstationId, provider: enrolled.providerCode }, 'workstation enrolled');
    return reply.code(201).send(enrolled);
  });

  const portal = createPortal({
    sql: options.sql,
    systems: options.systems,
    ...(options.portalTrust ? { trust: options.portalTrust } : {}),
    ...(options.calendar ? { calendar: options.calendar } : {}),
    now,
    registryTimeoutMs: options.registryTimeoutMs ?? REGISTRY_TIMEOUT_MS,
  });
  // Public routes, each limited per client address; the limiter lives in this scope only, so the
  // signed scope below (sync, registries, document registration) is never limited by it.
  app.register(async (open) => {
    const limit = await publicLimits(open, limits);
    registerPublicDocumentRoutes(open, documents, limit);
    registerPortalRoutes(open, portal, parse, { submit: limit.portalSubmit, read: limit.portalRead });
  });

  app.register(async (signed) => {
    signed.addHook('preHandler', async (request: FastifyRequest) => {
      request.caller = await auth.authenticate({
        method: request.method,
        path: request.url,
        headers: request.headers,
        rawBody: request.rawBody,
      });
    });
    registerRegistryRoutes(signed, options, now);
    registerSyncRoutes(signed, options.sql, now, parse, portal.observe);
    registerDocumentRoute(signed, documents, now);
    signed.get('/v1/whoami', async (request) => ({ ...request.caller, serverTime: now().toISOString() }));
    const samples = options.samples;
    if (samples) signed.get(SIMULATOR_SAMPLES_PATH, () => samples());
  });

  const purge = setInterval(() => void auth.purgeNonces().catch(() => undefined), 60_000);
  purge.unref();
  app.addHook('onClose', async () => clearInterval(purge));

  return { app, auth };
}

function registerRegistryRoutes(app: FastifyInstance, options: ServerOptions, now: () => Date): void {
  const { systems, sql } = options;
  const timeoutMs = options.registryTimeoutMs ?? REGISTRY_TIMEOUT_MS;

  const lookup = <B extends z.ZodType, T>(
    route: { path: string; body: B },
    system: RegistrySystem,
    subjectOf: (body: z.output<B>) => string,
    ask: (body: z.output<B>) => Promise<T | null>,
  ) => {
    app.post(route.path, async (request, reply) => {
      const body = parse(route.body, request.body);
      const caller = request.caller as CallerIdentity;
      const audit = (outcome: string) =>
        sql.query(
          `INSERT INTO lookup_audit (at, workstation_id, staff_iin, system, subject, purpose, outcome)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [now(), caller.workstationId, caller.staffIin, system, subjectOf(body), (body as { purpose: string }).purpose, outcome],
        );
      let record: T | null;
      try {
        record = await withTimeout(ask(body), timeoutMs, system);
      } catch (error) {
        if (!(error instanceof RegistryFailure)) throw error;
        await audit(error.kind);
        const code = error.kind === 'timeout' ? 'registry_timeout' : 'registry_unavailable';
        return sendError(reply, code, `the ${system} registry did not answer`, now);
      }
      const found = record !== null && !(Array.isArray(record) && record.length === 0);
      await audit(found ? 'found' : 'not_found');
      const answeredAt = now().toISOString();
      const result: LookupReply<T> = found ? { found: true, system, answeredAt, record: record as T } : { found: false, system, answeredAt };
      return result;
    });
  };

  lookup(REGISTRY_ROUTES.person, 'individuals', (b) => b.iin, (b) => systems.individuals.byIin(b.iin));
  lookup(
    REGISTRY_ROUTES.personSearch,
    'individuals',
    (b) => `${b.surname} ${b.name}${b.birthDate ? ` ${b.birthDate}` : ''}`,
    (b) => systems.individuals.searchByName(b),
  );
  lookup(REGISTRY_ROUTES.legalEntity, 'legal_entities', (b) => b.bin, (b) => systems.legalEntities.byBin(b.bin));
  lookup(REGISTRY_ROUTES.attachment, 'attachment', (b) => b.iin, (b) => systems.attachment.byIin(b.iin));
  lookup(
    REGISTRY_ROUTES.powersOfAttorney,
    'powers_of_attorney',
    (b) => b.iin,
    (b) => systems.powersOfAttorney.forRepresentative(b.iin),
  );
  lookup(REGISTRY_ROUTES.payments, 'payments', (b) => b.payerId, (b) => systems.payments.byPayer(b.payerId, b.serviceCode));
}

/** Signed: a workstation registers a document it issued (idempotent; another hash under the same number is a conflict). */
function registerDocumentRoute(app: FastifyInstance, documents: DocumentRegister, now: () => Date): void {
  app.post(DOCUMENT_ROUTES.register, async (request, reply) => {
    const body = parse(documentRegistrationSchema, request.body);
    const caller = request.caller as CallerIdentity;
    const result = await documents.register(body, caller);
    if (result.outcome === 'foreign_issuer') {
      request.log.warn(
        { workstationId: caller.workstationId, provider: caller.providerCode, issuer: body.issuer, number: body.number },
        'document registration under another provider\'s issuer refused',
      );
      return sendError(
        reply,
        'foreign_issuer',
        `the issuer "${body.issuer}" is not this workstation's provider (${caller.providerCode}): a workstation registers documents only under ` +
          `its provider's code or a BIN the server has bound to its provider (qyzmet-server provider-bin --provider ${caller.providerCode} --bin BIN)`,
        now,
      );
    }
    if (result.outcome === 'conflict') {
      request.log.warn({ workstationId: caller.workstationId, issuer: body.issuer, number: body.number }, 'document number registered with another hash');
      return sendError(reply, 'document_conflict', 'another document is registered under this number for this issuer', now);
    }
    const answer: DocumentRegistrationReply = { registered: true, registeredAt: result.registeredAt };
    return reply.code(result.outcome === 'created' ? 201 : 200).send(answer);
  });
}

/** Public, no signature: the check by number + hash (JSON), and the page a scanned QR code opens (HTML). */
function registerPublicDocumentRoutes(app: FastifyInstance, documents: DocumentRegister, limit: PublicLimits): void {
  // One budget for both: the JSON check and the page are the same question.
  const limited = limit.verify ? { onRequest: limit.verify } : {};
  app.get(DOCUMENT_ROUTES.check, limited, async (request, reply) => {
    const query = parse(documentCheckQuerySchema, request.query);
    const answer = await documents.check(query);
    return reply.header('cache-control', 'no-store').send(answer);
  });
  app.get(DOCUMENT_ROUTES.page, limited, async (request, reply) => {
    const query = documentCheckQuerySchema.safeParse(request.query ?? {});
    const html = query.success ? verifyPage({ query: query.data, reply: await documents.check(query.data) }) : verifyPage({ invalid: true });
    return reply.code(query.success ? 200 : 400).headers(VERIFY_PAGE_HEADERS).send(html);
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, system: RegistrySystem): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new RegistryFailure(system, 'timeout')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}


function parse<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) throw new InputFailure(toFieldIssues(result.error, body));
  return result.data;
}

function sendError(reply: FastifyReply, code: ServerErrorCode, message: string, now: () => Date, extra: Partial<ServerErrorReply> = {}) {
  const body: ServerErrorReply = { error: code, message, ...extra };
  if (code === 'clock_skew') body.serverTime = now().toISOString();
  return reply.code(STATUS[code]).send(body);
}

