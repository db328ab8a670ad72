import type { TopUp } from "@/lib/db";
import type { TopUpEnvelope, TopUpResource, TopUpStatusName } from "@/lib/credits/schemas";

export function checkoutUrl(baseUrl: string, topUpId: string) {
  return `${baseUrl}/billing/checkout/${topUpId}`;
}

/**
 * A pending top-up past its expiresAt *is* expired: every reader says so by the same clock, and completion refuses it
 * by the same comparison (complete-top-up.ts), so the row never needs a write to become expired.
 */
export function topUpStatusAt(topUp: Pick<TopUp, "status" | "expiresAt">, at: Date): TopUpStatusName {
  return topUp.status === "PENDING" && topUp.expiresAt.getTime() <= at.getTime() ? "EXPIRED" : topUp.status;
}

export function presentTopUp(topUp: TopUp, at: Date): TopUpResource {
  return {
    id: topUp.id,
    status: topUpStatusAt(topUp, at),
    amountCents: topUp.amountCents,
    createdAt: topUp.createdAt.toISOString(),
    completedAt: topUp.completedAt?.toISOString() ?? null,
    expiresAt: topUp.expiresAt.toISOString(),
  };
}

export function topUpEnvelope(topUp: TopUp, baseUrl: string, at: Date): TopUpEnvelope {
  return {
    topUpId: topUp.id,
    checkoutUrl: checkoutUrl(baseUrl, topUp.id),
    expiresAt: topUp.expiresAt.toISOString(),
    topUp: presentTopUp(topUp, at),
  };
}
