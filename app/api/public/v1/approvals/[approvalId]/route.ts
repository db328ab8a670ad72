import { otherMethods } from "@/lib/api/respond";
import { PAYMENTS_READ } from "@/lib/api/gates";
import { withAgent } from "@/lib/api/with-agent";
import { approvalPreload, getApprovalOrThrow } from "@/lib/approvals/get-approval";
import { presentApproval } from "@/lib/approvals/present-approval";
import { approvalIdParams } from "@/lib/approvals/schemas";

// GET /api/public/v1/approvals/{approvalId} — an approval's current status and result (works unclaimed)
export const GET = withAgent(
  { ...PAYMENTS_READ, params: approvalIdParams, preload: approvalPreload },
  async ({ params: { approvalId }, baseUrl, preloaded }) => {
    const approval = await getApprovalOrThrow(approvalId, preloaded);
    return { status: 200, body: { approval: presentApproval(approval, baseUrl) } };
  },
);

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
