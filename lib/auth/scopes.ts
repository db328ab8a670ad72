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

export const FEATURE_KEYS = ["public_api_payments_write", "public_api_hiring", "public_api_webhooks", "public_api_credits"] as const;
export type FeatureKey = (typeof FEATURE_KEYS)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** A `:write` scope implies its `:read` (contract §1). */
export function hasScope(granted: readonly string[], required: Scope): boolean {
  if (granted.includes(required)) return true;
  return required.endsWith(":read") && granted.includes(required.replace(/:read$/, ":write"));
}

// A token's scopes are parsed on every agent request, and an installation has a handful of distinct scope strings.
const parsedScopes = new Map<string, readonly Scope[]>();

/** The scopes of a stored, space-separated list; unknown ones are dropped. The result is shared: do not mutate it. */
export function parseScopes(stored: string): readonly Scope[] {
  let scopes = parsedScopes.get(stored);
  if (!scopes) {
    scopes = Object.freeze(stored.split(/\s+/).filter(isScope));
    if (parsedScopes.size < 1000) parsedScopes.set(stored, scopes);
  }
  return scopes;
}
