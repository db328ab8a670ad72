import { z } from "zod";
import { CLAIM_GRANT_TYPE } from "@/lib/agent-auth/claim-terms";
import { absoluteUrl, id, isoTimestamp } from "@/lib/api/schemas";
import { SCOPES } from "@/lib/auth/scopes";
import { storableText } from "@/lib/text";

export const registerAgentInput = z.object({
  // Any JSON value is taken here so that registerAgent answers every other one (a number too) as the contract says:
  // 400 unsupported_identity_type, not invalid_request. The document still shows it as the string it is.
  identity_type: z.unknown().optional().meta({ type: "string" }),
  agent_name: storableText.pipe(z.string().trim().min(1).max(120)).optional(),
  organization_name: storableText.pipe(z.string().trim().min(1).max(120)).optional(),
});

export const startClaimInput = z.object({
  claim_token: z.string().max(200),
  email: z
    .email()
    .max(254)
    .transform((e) => e.trim().toLowerCase()),
});

export const exchangeClaimInput = z.object({ grant_type: z.string().optional(), claim_token: z.string().optional() });

const scopes = z
  .array(z.enum(SCOPES))
  .meta({ description: "A JSON array of scopes (not OAuth's space-separated scope)." });

/** POST /api/agent/identity → 201. */
export const registerAgentResponse = z.object({
  identity_type: z.literal("anonymous"),
  registration_id: id,
  organization_id: id,
  access_token: z.string().regex(/^ot_pat_/),
  token_type: z.literal("bearer"),
  scopes,
  claim_token: z.string().regex(/^ot_clm_/),
  claim_token_expires_at: isoTimestamp,
  claim_endpoint: absoluteUrl,
  token_endpoint: absoluteUrl,
  grant_type: z.literal(CLAIM_GRANT_TYPE),
});

/** POST /api/agent/identity/claim → 200: the code the human types at verification_uri. */
export const startClaimResponse = z.object({
  user_code: z.string().regex(/^\d{6}$/),
  verification_uri: absoluteUrl,
  expires_in: z.int().positive(),
  interval: z.int().positive(),
  email_sent: z.boolean(),
});

/** POST /api/agent/oauth/token → 200, exactly once per claim. */
export const exchangeClaimResponse = z.object({
  access_token: z.string().regex(/^ot_pat_/),
  token_type: z.literal("bearer"),
  scopes,
});

/** POST /api/agent/oauth/revoke → 200 {} (RFC 7009). */
export const revokeTokenResponse = z.object({});

/** The grant the token endpoint takes (a form, RFC 6749 §4.5). */
export const exchangeClaimForm = z.object({ grant_type: z.literal(CLAIM_GRANT_TYPE), claim_token: z.string() });
/** The revocation endpoint's form (RFC 7009). */
export const revokeTokenForm = z.object({ token: z.string() });
