import { otherMethods } from "@/lib/api/respond";
import { CREDITS_READ } from "@/lib/api/gates";
import { withAgent } from "@/lib/api/with-agent";
import { getCredits } from "@/lib/credits/get-credits";

// GET /api/public/v1/credits — the account's available and reserved credit and its latest movements
export const GET = withAgent(CREDITS_READ, async ({ principal }) => {
  const credits = await getCredits({ accountId: principal.accountId });
  return { status: 200, body: { credits } };
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
