import { otherMethods } from "@/lib/api/respond";
import { CREDITS_READ } from "@/lib/api/gates";
import { withAgent } from "@/lib/api/with-agent";
import { now } from "@/lib/clock";
import { getTopUpOrThrow } from "@/lib/credits/get-top-up";
import { topUpEnvelope } from "@/lib/credits/present-top-up";
import { topUpIdParams } from "@/lib/credits/schemas";

// GET /api/public/v1/credits/top-ups/{topUpId} — a top-up's status and its checkoutUrl (a pending one past expiresAt reads EXPIRED)
export const GET = withAgent(
  { ...CREDITS_READ, params: topUpIdParams },
  async ({ principal, params: { topUpId }, baseUrl }) => {
    const topUp = await getTopUpOrThrow({ accountId: principal.accountId, topUpId });
    return { status: 200, body: topUpEnvelope(topUp, baseUrl, now()) };
  },
);

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
