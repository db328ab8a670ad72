import { z } from "zod";
import { resourceId } from "@/lib/api/resource-id";
import { id, isoTimestamp } from "@/lib/api/schemas";
import { SCOPES } from "@/lib/auth/scopes";
import { storableText } from "@/lib/text";

// API tokens (contract §6 "Tokens and team"). The API body and the settings page's form parse with these schemas.
/** At most this many active (unrevoked, unexpired) tokens per account. */
export const MAX_ACTIVE_TOKENS = 25;
export const TOKEN_NAME_MAX = 120;
export const DEFAULT_TOKEN_NAME = "API token";

export const TOKEN_STATUSES = ["active", "expired", "revoked"] as const;
export type TokenStatus = (typeof TOKEN_STATUSES)[number];

/** POST /tokens body. Scopes are any strings here: unknown ones get their own 400 with the supported list. */
export const createTokenBody = z.object({
  name: storableText.pipe(z.string().trim().min(1).max(TOKEN_NAME_MAX)).optional(),
  scopes: z.array(z.string()).min(1).max(50).optional(),
  expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
});

export const tokenIdParams = { tokenId: resourceId };

export const TOKEN_CREATE_CONFLICT_REASONS = ["token_limit_reached"] as const;

/** A token as the API shows it: never its secret; the preview is built from the public id. */
export const tokenResource = z.object({
  id,
  name: z.string(),
  preview: z.string().regex(/^ot_pat_.{4}\*{8}.{4}$/),
  scopes: z.array(z.enum(SCOPES)),
  status: z.enum(TOKEN_STATUSES),
  organizationId: id,
  createdAt: isoTimestamp,
  lastUsedAt: isoTimestamp.nullable(),
  expiresAt: isoTimestamp.nullable(),
  revokedAt: isoTimestamp.nullable(),
});
export type TokenResource = z.infer<typeof tokenResource>;
export const tokensResponse = z.object({ tokens: z.array(tokenResource) });
export const tokenResponse = z.object({ token: tokenResource });
/** POST /tokens → 201: the whole token, shown this once. */
export const tokenCreatedResponse = z.object({
  token: tokenResource,
  accessToken: z
    .string()
    .regex(/^ot_pat_/)
    .meta({ description: "Shown once; only its hash is stored." }),
});
