import { parseQuery } from "@/lib/api/parse";
import { otherMethods } from "@/lib/api/respond";
import { PAYMENTS_READ } from "@/lib/api/gates";
import { withAgent } from "@/lib/api/with-agent";
import { listApprovals } from "@/lib/approvals/list-approvals";
import { presentApproval } from "@/lib/approvals/present-approval";
import { listApprovalsQuery } from "@/lib/approvals/schemas";

// GET /api/public/v1/approvals?status=&type=&cursor=&limit= — the account's approvals, newest first (works unclaimed)
export const GET = withAgent(PAYMENTS_READ, async ({ principal, request, baseUrl }) => {
  const query = parseQuery(listApprovalsQuery, request);
  const { approvals, nextCursor } = await listApprovals({ accountId: principal.accountId, ...query });
  return {
    status: 200,
    body: { approvals: approvals.map((approval) => presentApproval(approval, baseUrl)), nextCursor },
  };
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
