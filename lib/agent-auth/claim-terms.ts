import type { FeatureKey, Scope } from "@/lib/auth/scopes";

// The ceremony's fixed terms (contract §3 and §6 "Scope sets").
export const CLAIM_GRANT_TYPE = "urn:opentrain:agent-auth:grant-type:claim";
/** Neither set holds payments:write or webhooks:manage: a human mints such a token on /settings. */
export const PRE_CLAIM_SCOPES: readonly Scope[] = [
  "jobs:read",
  "jobs:write",
  "proposals:read",
  "messages:read",
  "payments:read",
  "team:read",
];
export const POST_CLAIM_SCOPES: readonly Scope[] = [
  ...PRE_CLAIM_SCOPES,
  "proposals:write",
  "messages:write",
  "team:write",
];
/** What a claim adds: a pre-claim token's 403 for one of these points at the claim (lib/api/gates.ts). */
export const CLAIM_BRINGS_SCOPES: readonly Scope[] = POST_CLAIM_SCOPES.filter(
  (scope) => !PRE_CLAIM_SCOPES.includes(scope),
);
/**
 * A new account's features: what the contract's claimed agent with payments:write must pass (funding, hiring) and
 * the credit balance an agent reads before asking to fund. Not webhooks: no scope set an agent gets holds
 * webhooks:manage, so the flag would gate nothing it can reach (docs/decisions/0012-agent-identity-and-claim.md).
 */
export const NEW_ACCOUNT_FEATURES: readonly FeatureKey[] = [
  "public_api_payments_write",
  "public_api_hiring",
  "public_api_credits",
];
export const CLAIM_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** How long a code and its link stay good (expires_in). */
export const ATTEMPT_LIFETIME_SECONDS = 30 * 60;
/** The advertised poll interval; a poll sooner than this after the previous answered one is slow_down. */
export const POLL_INTERVAL_SECONDS = 5;
/** Tries at one code (right or wrong, each counted first); then the agent must start the claim again. */
export const MAX_CODE_TRIES = 5;
