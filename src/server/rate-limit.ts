// Rate limits of the server's public endpoints, the ones anyone may call without a workstation's
// signature: the document check (`GET /v1/verify` and the page `/verify`, one budget for both) and the
// portal's (`POST /portal/v1/requests`; the applicant's reads `GET /portal/v1/requests/…`). Each
// budget counts the calls of one client address in a fixed window (@fastify/rate-limit, in memory:
// every server process counts on its own). Signed workstation calls are never limited here: they are
// registered outside the scope these limits live in (see app.ts).
//
// The client address is the connection's, or — with `trustProxy` naming the reverse proxies in front
// of the server — the one they put in X-Forwarded-For. Without it, behind a proxy, every client
// would share the proxy's budget.
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';

export interface RateLimits {
  /** Document checks (`/v1/verify` and `/verify` together) per client address per window; 0: unlimited. */
  verify: number;
  /** Portal submissions per client address per window; 0: unlimited. */
  portalSubmit: number;
  /** The applicant's reads on the portal (status, result files) per client address per window; 0: unlimited. */
  portalRead: number;
  /** The window, in milliseconds. */
  windowMs: number;
  /** Client addresses never limited (e.g. the portal's gateway, a monitoring probe). */
  allow: readonly string[];
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  verify: 60,
  portalSubmit: 20,
  portalRead: 60,
  windowMs: 60_000,
  allow: [],
};

export type RateBudget = 'verify' | 'portalSubmit' | 'portalRead';

const WHAT: Record<RateBudget, string> = {
  verify: 'document checks',
  portalSubmit: 'portal submissions',
  portalRead: 'portal requests',
};

/** Thrown by a limit's hook; app.ts's error handler answers it with 429 (JSON, or the HTML page for /verify). */
export class RateLimited extends Error {
  readonly statusCode = 429;
  constructor(
    readonly budget: RateBudget,
    readonly max: number,
    readonly windowMs: number,
    readonly retryAfterSeconds: number,
  ) {
    super(
      `too many ${WHAT[budget]} from this address: at most ${max} in ${Math.round(windowMs / 1000)} s; try again in ${retryAfterSeconds} s`,
    );
    this.name = 'RateLimited';
  }
}

export function rateLimitsOf(options: Partial<RateLimits> = {}): RateLimits {
  const limits = { ...DEFAULT_RATE_LIMITS, ...options };
  for (const key of ['verify', 'portalSubmit', 'portalRead'] as const) {
    if (!Number.isInteger(limits[key]) || limits[key] < 0) throw new RangeError(`rate limit "${key}" must be a whole number ≥ 0, not ${limits[key]}`);
  }
  if (!Number.isInteger(limits.windowMs) || limits.windowMs < 1_000) throw new RangeError(`the rate limit window must be at least 1000 ms, not ${limits.windowMs}`);
  return limits;
}

export type PublicLimits = Partial<Record<RateBudget, onRequestHookHandler>>;

/**
 * Registers the rate limiter in `scope` (an encapsulated plugin context holding only public routes)
 * and gives one onRequest hook per budget; a budget of 0 gives none. One hook on several routes
 * shares its budget among them.
 */
export async function publicLimits(scope: FastifyInstance, limits: RateLimits): Promise<PublicLimits> {
  const allow = new Set(limits.allow.map((address) => normalizeIP(address)));
  await scope.register(rateLimit, {
    global: false,
    hook: 'onRequest',
    ...(allow.size > 0 ? { allowList: (_request, key) => allow.has(key) } : {}),
  });
  const hooks: PublicLimits = {};
  for (const budget of ['verify', 'portalSubmit', 'portalRead'] as const) {
    const max = limits[budget];
    if (max === 0) continue;
    hooks[budget] = scope.rateLimit({
      max,
      timeWindow: limits.windowMs,
      errorResponseBuilder: (_request, context) => new RateLimited(budget, max, limits.windowMs, Math.max(1, Math.ceil(context.ttl / 1000))),
    }) as unknown as onRequestHookHandler;
  }
  return hooks;
}
