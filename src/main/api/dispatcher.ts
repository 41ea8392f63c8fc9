// The main-process boundary: every call from any UI (Electron IPC, browser host, CLI) passes here.
// Input is validated against the contract's schema, access is checked, and every failure becomes a
// typed ApiError — nothing a caller sends can crash the process.
import {
  METHOD_ROLES,
  PUBLIC_METHODS,
  isMethodName,
  methods,
  type MethodName,
} from '../../shared/api/contract';
import { ApiFailure, type ApiResult } from '../../shared/api/errors';
import { toFieldIssues } from '../../shared/validation';
import type { AuthService, Connection } from '../services/auth';
import type { Handler, Handlers } from './handlers';

export type Dispatch = (conn: Connection, method: unknown, input: unknown) => Promise<ApiResult<unknown>>;

export interface Logger {
  error(message: string, error: unknown): void;
}

export function createDispatcher(handlers: Handlers, auth: AuthService, logger: Logger): Dispatch {
  return async (conn, method, input) => {
    try {
      if (!isMethodName(method)) throw new ApiFailure('unknown_method', { method: String(method).slice(0, 100) });
      const parsed = methods[method].input.safeParse(input ?? {});
      if (!parsed.success) throw new ApiFailure('invalid_input', {}, toFieldIssues(parsed.error, input));
      authorise(auth, conn, method);
      const handler = handlers[method] as Handler<MethodName>;
      const value = await handler(parsed.data as never, conn);
      return { ok: true, value };
    } catch (error) {
      if (error instanceof ApiFailure) return { ok: false, error: error.toApiError() };
      logger.error(`method ${String(method).slice(0, 100)} failed`, error);
      return { ok: false, error: { code: 'internal' } };
    }
  };
}

function authorise(auth: AuthService, conn: Connection, method: MethodName): void {
  if (PUBLIC_METHODS.has(method)) return;
  auth.require(conn, METHOD_ROLES[method]);
}
