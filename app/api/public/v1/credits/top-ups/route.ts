import { parseJsonBody } from "@/lib/api/parse";
import { otherMethods } from "@/lib/api/respond";
import { CREDITS_WRITE } from "@/lib/api/gates";
import { withAgent } from "@/lib/api/with-agent";
import { now } from "@/lib/clock";
import { createTopUp } from "@/lib/credits/create-top-up";
import { topUpEnvelope } from "@/lib/credits/present-top-up";
import { createTopUpBody } from "@/lib/credits/schemas";
import { usdToCents } from "@/lib/money";

// POST /api/public/v1/credits/top-ups — start a sandbox checkout a human completes (charges nothing by itself)
export const POST = withAgent(CREDITS_WRITE, async ({ principal, request, baseUrl }) => {
  const { amountUsd } = await parseJsonBody(request, createTopUpBody);
  const topUp = await createTopUp({
    accountId: principal.accountId,
    amountCents: usdToCents(amountUsd),
    by: { tokenId: principal.tokenId },
  });
  return {
    status: 201,
    body: {
      ...topUpEnvelope(topUp, baseUrl, now()),
      message:
        "Top-up created; nothing has been charged. A signed-in owner of the account must open checkoutUrl and complete the sandbox checkout before the credit is added. Poll GET /credits/top-ups/{id} for status COMPLETED.",
    },
  };
});

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
