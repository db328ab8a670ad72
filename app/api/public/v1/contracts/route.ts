import { parseQuery } from "@/lib/api/parse";
import { otherMethods } from "@/lib/api/respond";
import { PAYMENTS_READ } from "@/lib/api/gates";
import { withAgent } from "@/lib/api/with-agent";
import { listContracts } from "@/lib/contracts/read-contracts";
import { listContractsQuery } from "@/lib/contracts/schemas";

// GET /api/public/v1/contracts?status=&jobId=&cursor=&limit= — the account's contracts with their milestones
export const GET = withAgent(PAYMENTS_READ, async ({ principal, request }) => {
  const query = parseQuery(listContractsQuery, request);
  return { status: 200, body: await listContracts({ accountId: principal.accountId, ...query }) };
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
