// Every failure that crosses the UI↔main boundary is one of these codes; the UI translates
// the code (with its params) into the user's language, so main never sends prose.
export const ERROR_CODES = [
  'invalid_input',
  'unknown_method',
  'not_signed_in',
  'forbidden',
  'screen_locked',
  'wrong_credentials',
  'account_locked',
  'account_disabled',
  'already_initialized',
  'not_initialized',
  'iin_taken',
  'not_found',
  'last_administrator',
  'database_unavailable',
  'registry_unavailable',
  'enrolment_failed',
  'request_state',
  'signature_required',
  'payment_required',
  'calendar_year_missing',
  'questionnaire_recorded',
  'applicant_data_unavailable',
  'signing_failed',
  'signing_refused',
  'scanner_error',
  'file_refused',
  'document_blocked',
  'document_file_unavailable',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** One problem with one input field; `code` is a translation key suffix, `path` the field. */
export interface FieldIssue {
  path: string;
  code: string;
  params?: Record<string, string | number>;
}

export interface ApiError {
  code: ErrorCode;
  params?: Record<string, string | number>;
  issues?: FieldIssue[];
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Thrown by main-process services; the dispatcher turns it into an ApiError. */
export class ApiFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params?: Record<string, string | number>,
    readonly issues?: FieldIssue[],
  ) {
    super(code);
    this.name = 'ApiFailure';
  }

  toApiError(): ApiError {
    return {
      code: this.code,
      ...(this.params ? { params: this.params } : {}),
      ...(this.issues ? { issues: this.issues } : {}),
    };
  }
}
