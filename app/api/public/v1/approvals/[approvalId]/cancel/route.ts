import { otherMethods } from "@/lib/api/respond";
import { MONEY_WRITE } from "@/lib/api/gates";
import { withAgent } from "@/lib/api/with-agent";
import { cancelApprovalByAgent } from "@/lib/approvals/cancel-approval";
import { approvalPreload } from "@/lib/approvals/get-approval";
import { presentApproval } from "@/lib/approvals/present-approval";
import { approvalIdParams } from "@/lib/approvals/schemas";

// POST /api/public/v1/approvals/{approvalId}/cancel — the agent withdraws a pending approval (nothing moves)
export const POST = withAgent(
  { ...MONEY_WRITE, params: approvalIdParams, preload: approvalPreload },
  async ({ params: { approvalId }, baseUrl, preloaded }) => {
    const approval = await cancelApprovalByAgent(approvalId, preloaded);
    return { status: 200, body: { approval: presentApproval(approval, baseUrl) } };
  },
);

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
