import type { Scope } from "@/lib/auth/scopes";

/** Every event type, with the scopes that may read it (any one suffices; a :write implies its :read). */
export const EVENT_READ_SCOPES = {
  "approval.confirmed": ["payments:read"],
  "milestone.status_changed": ["payments:read"],
  "payment.pending": ["payments:read"],
  "contract.created": ["proposals:read", "payments:read"],
  "contract.ended": ["proposals:read", "payments:read"],
} as const satisfies Record<string, readonly Scope[]>;

export type EventType = keyof typeof EVENT_READ_SCOPES;
export const EVENT_TYPES = Object.keys(EVENT_READ_SCOPES) as EventType[];
