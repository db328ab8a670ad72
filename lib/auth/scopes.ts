export const SCOPES = [
  "jobs:read",
  "jobs:write",
  "proposals:read",
  "proposals:write",
  "messages:read",
  "messages:write",
  "payments:read",
  "payments:write",
  "team:read",
  "team:write",
  "webhooks:manage",
] as const;
export type Scope = (typeof SCOPES)[number];

/** What each scope lets a token do, as the settings page's checkboxes say it. */
export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  "jobs:read": "Read the account's jobs",
  "jobs:write": "Post and change jobs",
  "proposals:read": "Read proposals on the account's jobs",
  "proposals:write": "Ask to hire from a proposal (a human confirms)",
  "messages:read": "Read messages",
  "messages:write": "Send messages",
  "payments:read": "Read contracts, milestones, approvals and credits",
  "payments:write": "Ask to move money (a human confirms each payment)",
  "team:read": "See the team and its invitations",
  "team:write": "Invite members",
  "webhooks:manage": "Create and delete webhooks",
};

export const FEATURE_KEYS = [
  "public_api_payments_write",
  "public_api_hiring",
  "public_api_webhooks",
  "public_api_credits",
] as const;
export type FeatureKey = (typeof FEATURE_KEYS)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** A `:write` scope implies its `:read` (contract §1). */
export function hasScope(granted: readonly string[], required: Scope): boolean {
  if (granted.includes(required)) return true;
  return required.endsWith(":read") && granted.includes(required.replace(/:read$/, ":write"));
}

/**
 * A parse of stored text that runs on every agent request, kept per distinct text: an installation has a handful of
 * distinct scope lists and feature sets. Results are frozen because they are shared.
 */
function parsedOnce<T>(parse: (stored: string) => T[]): (stored: string) => readonly T[] {
  const cache = new Map<string, readonly T[]>();
  return (stored) => {
    let parsed = cache.get(stored);
    if (!parsed) {
      parsed = Object.freeze(parse(stored));
      if (cache.size < 1000) cache.set(stored, parsed);
    }
    return parsed;
  };
}

/** The scopes of a stored, space-separated list; unknown ones are dropped. */
export const parseScopes = parsedOnce((stored) => stored.split(/\s+/).filter(isScope));

/** An account's feature keys from the token statement's space-separated list (FEATURE_KEYS hold no space), sorted. */
export const parseFeatures = parsedOnce((stored) => stored.split(" ").sort());
