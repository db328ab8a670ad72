import { parseQuery } from "@/lib/api/parse";
import { otherMethods } from "@/lib/api/respond";
import { CREDITS_READ } from "@/lib/api/gates";
import { withAgent } from "@/lib/api/with-agent";
import { listCreditEntries } from "@/lib/credits/list-credit-entries";
import { creditLedgerQuery } from "@/lib/credits/schemas";

// GET /api/public/v1/credits/ledger?cursor=&limit= — the account's credit movements, newest first
export const GET = withAgent(CREDITS_READ, async ({ principal, request }) => {
  const query = parseQuery(creditLedgerQuery, request);
  const page = await listCreditEntries({ accountId: principal.accountId, ...query });
  return { status: 200, body: page };
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
