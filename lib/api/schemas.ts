import { z } from "zod";
import { ERROR_STATUS, type ErrorCode } from "@/lib/api/errors";
import { FEATURE_KEYS, SCOPES } from "@/lib/auth/scopes";

// The wire's shared pieces (contract §1): timestamps, cursors, and the one error body of /api/public/v1. The
// OpenAPI document (lib/openapi) is generated from these and the domains' schemas; nothing on the wire is described
// twice.

/** ISO-8601 UTC, as Date#toISOString writes it. */
export const isoTimestamp = z.iso.datetime();
/** An opaque id. */
export const id = z.string().min(1);
/** The cursor of the next page, null on the last one. */
export const nextCursor = z.string().nullable();
/** An absolute URL a human opens (approvalUrl, checkoutUrl, claimUrl). */
export const absoluteUrl = z.url();

const scope = z.enum(SCOPES);

/**
 * What `details` holds for each code. Open objects (extra keys allowed): an endpoint adds its own keys to a 409
 * (`status`, `contractId`, `billingUrl`…), and the required keys are what a client may rely on.
 */
const DETAILS = {
  BAD_REQUEST: z.looseObject({ field: z.string().optional() }),
  UNAUTHORIZED: z.looseObject({}),
  FORBIDDEN: z.union([
    z.looseObject({ requiredScopes: z.array(scope), grantedScopes: z.array(scope) }),
    z.looseObject({ featureKey: z.enum(FEATURE_KEYS) }),
    z.looseObject({ reason: z.literal("account_claim_required"), action: z.string(), claimUrl: absoluteUrl }),
  ]),
  NOT_FOUND: z.looseObject({ resource: z.string() }),
  METHOD_NOT_ALLOWED: z.looseObject({ allowed: z.array(z.string()) }),
  CONFLICT: z.looseObject({ reason: z.string() }),
  PAYLOAD_TOO_LARGE: z.looseObject({ limitBytes: z.number().int() }),
  UNSUPPORTED_MEDIA_TYPE: z.looseObject({}),
  RATE_LIMITED: z.looseObject({ retryAfterSeconds: z.number().int().positive().optional() }),
  INTERNAL_ERROR: z.looseObject({}),
} satisfies Record<ErrorCode, z.ZodType>;

/** The flat error body of one code; a 409's `details.reason` is narrowed to the endpoint's closed list. */
export function errorBody(code: ErrorCode, conflictReasons?: readonly [string, ...string[]]) {
  const details = conflictReasons ? z.looseObject({ reason: z.enum(conflictReasons) }) : DETAILS[code];
  return z
    .object({ error: z.string().min(1), code: z.literal(code), requestId: z.string(), details })
    .meta({ description: `${ERROR_STATUS[code]} ${code}` });
}

/** /api/agent/* answers in OAuth's shape instead (contract §1): `error` is one of the endpoint's codes. */
export function oauthErrorBody(codes: readonly [string, ...string[]]) {
  return z.object({ error: z.enum(codes), error_description: z.string() });
}
