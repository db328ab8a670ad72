import "server-only";
import type { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import type { ParsedParams } from "@/lib/api/parse";
import type { AgentPrincipal } from "@/lib/auth/api-tokens";
import { CLAIM_BRINGS_SCOPES } from "@/lib/agent-auth/claim-terms";
import { hasScope, type FeatureKey, type Scope } from "@/lib/auth/scopes";
import type { TokenAnd } from "@/lib/db";

/**
 * What a route reads in the token lookup's own statement (a lib/db token read), from its parsed path params:
 * handed to the handler as `preloaded` once the gates pass.
 */
export type Preload<P, T> = (publicId: string, params: P) => Promise<TokenAnd<T>>;

export type Gates<S extends z.ZodRawShape, T> = {
  /**
   * The route's path params. Parsed before the gates, so that nothing malformed reaches the token's statement; a
   * malformed one is answered 400 only after the gates, in the contract's order (401 → 403 → 400).
   */
  params?: S;
  /** Every one of these is required. */
  scopes?: readonly Scope[];
  /** At least one of these is required (GET /updates). */
  anyScope?: readonly Scope[];
  feature?: FeatureKey;
  /** The account must be claimed by a human. */
  claimed?: boolean;
  /** With malformed params the token is looked up alone. */
  preload?: Preload<ParsedParams<S>, T>;
};

// The gate sets the contract names, one each. A route spreads one and adds its params and preload.
/** Moving money, or arranging what money will move for: payments:write on a claimed account with the feature on. */
export const MONEY_WRITE = { scopes: ["payments:write"], feature: "public_api_payments_write", claimed: true } as const;
/** Reading contracts, milestones and approvals. */
export const PAYMENTS_READ = { scopes: ["payments:read"] } as const;
/** Hiring (a proposal_hire approval): proposals:write on a claimed account with hiring on (contract §6). */
export const HIRING_WRITE = { scopes: ["proposals:write"], feature: "public_api_hiring", claimed: true } as const;
/** Reading the account's jobs. */
export const JOBS_READ = { scopes: ["jobs:read"] } as const;
/** Reading proposals on the account's jobs. */
export const PROPOSALS_READ = { scopes: ["proposals:read"] } as const;
/** Reading the account's credit balance, its ledger and its top-ups. */
export const CREDITS_READ = { scopes: ["payments:read"], feature: "public_api_credits" } as const;
/** Asking for a top-up (a checkout a human completes; it charges nothing by itself). */
export const CREDITS_WRITE = { scopes: ["payments:write"], feature: "public_api_credits", claimed: true } as const;
/** The event feed: any scope that can read some event type. */
export const FEED_READ = { anyScope: ["proposals:read", "messages:read", "payments:read"] } as const;

/** Listing and revoking the account's tokens: any valid token, pre-claim too (revoking only ever takes access away;
 * lib/tokens/revoke-token.ts refuses a token more powerful than the caller). */
export const TOKENS_MANAGE = {} as const;
/**
 * Minting a token: a claimed account. Pre-claim an agent has its one registration token, and the claim revokes every
 * pre-claim token at once: tokens minted before the claim would be more to find and revoke, for no use. No scope is
 * needed, because the new token never holds more than the caller (lib/tokens/create-token.ts).
 */
export const TOKENS_MINT = { claimed: true } as const;

/** Reading the account's team: its owner, members and open invitations. */
export const TEAM_READ = { scopes: ["team:read"] } as const;
/** Inviting a member: team:write on a claimed account (a human must answer for who joins). */
export const TEAM_WRITE = { scopes: ["team:write"], claimed: true } as const;

/** Creating, reading and deleting the account's webhooks (contract §6); each event type also needs its read scope. */
export const WEBHOOKS_MANAGE = { scopes: ["webhooks:manage"], feature: "public_api_webhooks" } as const;

/** The gates after authentication, in the contract's order: scope 403 → feature 403 → claim 403. */
export function assertGates(
  principal: AgentPrincipal,
  gates: Omit<Gates<z.ZodRawShape, unknown>, "params" | "preload">,
  baseUrl: string,
) {
  const granted = principal.scopes;
  const missing = (gates.scopes ?? []).filter((scope) => !hasScope(granted, scope));
  if (missing.length > 0) {
    // On an unclaimed account, a scope the claim's token brings is one step away: say where that step is. A scope
    // no claim brings (payments:write) gets no claimUrl: claiming alone would not get it.
    const isClaimAway = !principal.account.isClaimed && missing.every((scope) => CLAIM_BRINGS_SCOPES.includes(scope));
    throw new ApiError("FORBIDDEN", `This token lacks the ${missing.join(", ")} scope.`, {
      requiredScopes: gates.scopes,
      grantedScopes: granted,
      ...(isClaimAway ? { action: "claim_account", claimUrl: `${baseUrl}/claim` } : {}),
    });
  }
  if (gates.anyScope && !gates.anyScope.some((scope) => hasScope(granted, scope))) {
    throw new ApiError("FORBIDDEN", `This token needs one of the scopes ${gates.anyScope.join(", ")}.`, {
      requiredScopes: gates.anyScope,
      grantedScopes: granted,
    });
  }
  if (gates.feature && !principal.account.features.includes(gates.feature)) {
    throw new ApiError("FORBIDDEN", `The ${gates.feature} feature is not enabled for this account.`, {
      featureKey: gates.feature,
    });
  }
  if (gates.claimed && !principal.account.isClaimed) {
    throw new ApiError("FORBIDDEN", "A human must claim this account before it can do this.", {
      reason: "account_claim_required",
      action: "claim_account",
      claimUrl: `${baseUrl}/claim`,
    });
  }
}
