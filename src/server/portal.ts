// The portal's side of the central server (issue 8): a simulated e-government portal submits
// requests signed by applicants (public, JSON; the portal is not an enrolled workstation), and the
// applicant reads back what the provider did ("update status", "view result") with their IIN/BIN and
// the request's number, as a portal session would. The submission's checks and registration are in
// portal-submission.ts, the applicant's view is kept by the sync observer in portal-observer.ts.
//
//   POST /portal/v1/requests                                         → 201 { requestId, number, deadline, registeredAt }
//                                                                       (200 with the same for a submission sent again)
//                                                                       4xx { error: 'refused', reason, message, issues?, checks? }
//   GET  /portal/v1/requests/:number?applicant=IIN                     → the applicant's view (PortalRequestView)
//   GET  /portal/v1/requests/:number/results/:documentNumber?applicant → the signed PDF (application/pdf)
// A request that is unknown or not the applicant's is a 404 that says nothing more. Every route is
// limited per client address (rate-limit.ts): too many calls are a 429 { error: 'rate_limited', message }.
// A submission carries the applicant's files in base64: its body may be PORTAL_BODY_LIMIT bytes (the
// server's other public routes take 64 KiB); a larger one is a 413 { error: 'payload_too_large' }.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, onRequestHookHandler } from 'fastify';
import type { z } from 'zod';
import type { Calendar } from '../shared/calendar/working-days';
import {
  PORTAL_BODY_LIMIT,
  PORTAL_ROUTES,
  portalApplicantQuerySchema,
  portalSubmissionSchema,
  type PortalNotification,
  type PortalRequestView,
  type PortalResult,
} from '../shared/portal';
import type { RequestState } from '../shared/requests/lifecycle';
import { parseRequestNumber } from '../shared/requests/numbers';
import { loadCalendar } from '../main/services/calendar';
import type { TrustMaterial } from '../main/signing/verify';
import type { Sql } from './db/sql';
import type { NationalSystems } from './national/systems';
import { createPortalObserver } from './portal-observer';
import { submitPortalRequest, type SubmissionOutcome } from './portal-submission';
import type { AcceptedChangeObserver } from './sync';

export interface PortalOptions {
  sql: Sql;
  systems: NationalSystems;
  /** Trusted roots, intermediates and CRLs for applicants' certificates (the НУЦ РК's; test roots in tests). */
  trust?: TrustMaterial;
  /** The working-day calendar; by default the shipped one (resources/calendar). */
  calendar?: Calendar;
  now: () => Date;
  registryTimeoutMs: number;
}

export interface Portal {
  submit(raw: Record<string, unknown>, body: z.output<typeof portalSubmissionSchema>): Promise<SubmissionOutcome>;
  /** The applicant's view, or null when the number is unknown or not this applicant's. */
  view(number: string, applicantId: string): Promise<PortalRequestView | null>;
  /** The signed PDF of one of the request's documents, or null. */
  resultPdf(number: string, applicantId: string, documentNumber: string): Promise<{ name: string; bytes: Buffer } | null>;
  /** For registerSyncRoutes: keeps the applicant's view in step with the workstations' accepted changes. */
  observe: AcceptedChangeObserver;
}

interface ViewRow extends Record<string, unknown> {
  request_id: string;
  number: string;
  provider_code: string;
  service_code: string;
  operation: string | null;
  state: RequestState;
  registered_at: string;
  deadline: string | null;
  refusal_ground: string | null;
}

export function createPortal(options: PortalOptions): Portal {
  const { sql } = options;
  let calendar = options.calendar ?? null;
  const deps = {
    sql,
    systems: options.systems,
    ...(options.trust ? { trust: options.trust } : {}),
    calendar: () => (calendar ??= loadCalendar().calendar),
    now: options.now,
    registryTimeoutMs: options.registryTimeoutMs,
  };

  async function load(number: string, applicantId: string): Promise<ViewRow | null> {
    const parsed = parseRequestNumber(number);
    if (!parsed.ok) return null;
    const [row] = await sql.query<ViewRow>(
      `SELECT request_id, number, provider_code, service_code, operation, state, registered_at, deadline, refusal_ground
       FROM portal_request WHERE number = $1 AND applicant_id = $2`,
      [parsed.number, applicantId],
    );
    return row ?? null;
  }

  return {
    submit: (raw, body) => submitPortalRequest(deps, raw, body),

    async view(number, applicantId) {
      const row = await load(number, applicantId);
      if (!row) return null;
      const notifications = await sql.query<{ at: string; kind: PortalNotification['kind']; state: RequestState | null; text: string; params: unknown; reason: string | null }>(
        `SELECT at, kind, state, text, params, reason FROM portal_notification WHERE request_id = $1 ORDER BY seq`,
        [row.request_id],
      );
      const results = await sql.query<{
        number: string;
        kind: string;
        action: PortalResult['action'];
        issued_on: string;
        sha256: string;
        pdf_sha256: string;
        pdf_size: string | null;
        delivered_at: string | null;
      }>(
        `SELECT number, kind, action, issued_on, sha256, pdf_sha256, pdf_size::text AS pdf_size, delivered_at
         FROM portal_result WHERE request_id = $1 ORDER BY issued_at, number`,
        [row.request_id],
      );
      return {
        number: row.number,
        service: row.service_code,
        operation: row.operation,
        state: row.state,
        registeredAt: row.registered_at,
        deadline: row.deadline,
        refusalGround: row.refusal_ground,
        notifications: notifications.map((item) => {
          const params = typeof item.params === 'string' ? (JSON.parse(item.params) as Record<string, string>) : (item.params as Record<string, string> | null);
          return {
            at: item.at,
            kind: item.kind,
            ...(item.state ? { state: item.state } : {}),
            text: item.text,
            ...(params ? { params } : {}),
            ...(item.reason ? { reason: item.reason } : {}),
          };
        }),
        results: results.map((item) => ({
          number: item.number,
          kind: item.kind,
          action: item.action,
          issuedOn: item.issued_on,
          sha256: item.sha256.trim(),
          pdfSha256: item.pdf_sha256.trim(),
          pdfSize: item.pdf_size === null ? null : Number(item.pdf_size),
          delivered: item.delivered_at !== null,
          deliveredAt: item.delivered_at,
        })),
      };
    },

    async resultPdf(number, applicantId, documentNumber) {
      const row = await load(number, applicantId);
      if (!row) return null;
      const [result] = await sql.query<{ pdf_sha256: string; number: string }>(
        `SELECT pdf_sha256, number FROM portal_result WHERE request_id = $1 AND number = $2`,
        [row.request_id, documentNumber],
      );
      if (!result) return null;
      const [blob] = await sql.query<{ data: Uint8Array }>(
        `SELECT data FROM sync_blob WHERE sha256 = $1 AND provider_code = $2 AND complete`,
        [result.pdf_sha256.trim(), row.provider_code],
      );
      if (!blob) return null;
      const bytes = Buffer.from(blob.data);
      // What the applicant downloads is what was signed, or nothing.
      if (createHash('sha256').update(bytes).digest('hex') !== result.pdf_sha256.trim()) return null;
      return { name: `${result.number.replace(/[^\w.-]+/g, '_')}.pdf`, bytes };
    },

    observe: createPortalObserver(),
  };
}

/**
 * Public routes, outside the workstations' signed scope. `limits`: the rate limits' onRequest hooks
 * (per client address) of submissions and of the applicant's reads (status and result files together).
 */
export function registerPortalRoutes(
  app: FastifyInstance,
  portal: Portal,
  parse: <S extends z.ZodType>(schema: S, body: unknown) => z.output<S>,
  limits: { submit?: onRequestHookHandler | undefined; read?: onRequestHookHandler | undefined } = {},
): void {
  const submitLimit = { bodyLimit: PORTAL_BODY_LIMIT, ...(limits.submit ? { onRequest: limits.submit } : {}) };
  const readLimit = limits.read ? { onRequest: limits.read } : {};
  const notFound = (reply: FastifyReply) => reply.code(404).header('cache-control', 'no-store').send({ error: 'not_found', message: 'not found' });
  const applicantOf = (query: unknown): string | null => {
    const parsed = portalApplicantQuerySchema.safeParse(query ?? {});
    return parsed.success ? parsed.data.applicant : null;
  };

  app.post(PORTAL_ROUTES.submit, submitLimit, async (request, reply) => {
    const body = parse(portalSubmissionSchema, request.body);
    const outcome = await portal.submit(request.body as Record<string, unknown>, body);
    if (!outcome.ok) {
      request.log.info({ provider: body.provider, service: body.service, reason: outcome.refusal.reason }, 'portal submission refused');
      return reply.code(outcome.status).send(outcome.refusal);
    }
    if (outcome.created) request.log.info({ provider: body.provider, service: body.service, number: outcome.reply.number }, 'portal request registered');
    return reply.code(outcome.created ? 201 : 200).send(outcome.reply);
  });

  app.get(PORTAL_ROUTES.status, readLimit, async (request, reply) => {
    const applicant = applicantOf(request.query);
    const { number } = request.params as { number: string };
    const view = applicant ? await portal.view(number, applicant) : null;
    if (!view) return notFound(reply);
    return reply.header('cache-control', 'no-store').send(view);
  });

  app.get(PORTAL_ROUTES.result, readLimit, async (request, reply) => {
    const applicant = applicantOf(request.query);
    const { number, documentNumber } = request.params as { number: string; documentNumber: string };
    const file = applicant ? await portal.resultPdf(number, applicant, documentNumber) : null;
    if (!file) return notFound(reply);
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${file.name}"`)
      .header('cache-control', 'no-store')
      .send(file.bytes);
  });
}
