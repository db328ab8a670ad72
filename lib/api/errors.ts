// The one error type. Services throw it with a code; only lib/api turns codes into HTTP statuses.
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;
export type ErrorDetails = Record<string, unknown>;

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function badRequest(field: string, message: string, extra: ErrorDetails = {}) {
  return new ApiError("BAD_REQUEST", message, { field, ...extra });
}

/** 404 that never says whether the thing exists elsewhere: another account's object reads as missing. */
export function notFound(resource: string, idField: string, id: string) {
  return new ApiError("NOT_FOUND", `No ${resource.replace(/s$/, "")} with that id.`, { resource, [idField]: id });
}

/**
 * The 409 of one endpoint, whose `details.reason` can only be one of that endpoint's closed list (contract §1,
 * gate 6). The list is the endpoint's documentation too: the OpenAPI document names each one.
 */
export function conflictsOf<const R extends string>(_reasons: readonly R[]) {
  return (reason: R, message: string, extra: ErrorDetails = {}) =>
    new ApiError("CONFLICT", message, { reason, ...extra });
}
