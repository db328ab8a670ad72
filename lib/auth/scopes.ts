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

export function parseScopes(stored: string): Scope[] {
  return stored.split(/\s+/).filter(isScope);
}
