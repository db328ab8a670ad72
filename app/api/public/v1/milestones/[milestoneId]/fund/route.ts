import { parseParams } from "@/lib/api/parse";
import { otherMethods } from "@/lib/api/respond";
import { withAgent } from "@/lib/api/with-agent";
import { presentApproval } from "@/lib/approvals/present-approval";
import { milestoneIdParams } from "@/lib/milestones/schemas";
import { requestMilestoneFunding } from "@/lib/milestones/request-milestone-funding";

// POST /api/public/v1/milestones/{milestoneId}/fund — request funding of a milestone into escrow
export const POST = withAgent<{ milestoneId: string }>(
  { scopes: ["payments:write"], feature: "public_api_payments_write", claimed: true },
  async ({ principal, params, baseUrl }) => {
    const { milestoneId } = parseParams(milestoneIdParams, params);
    const { approval } = await requestMilestoneFunding({
      accountId: principal.accountId,
      tokenId: principal.tokenId,
      milestoneId,
      baseUrl,
    });
    return {
      status: 202,
      body: {
        approval: presentApproval(approval, baseUrl),
        message:
          "Funding requested; no money has moved. A signed-in human must open approval.approvalUrl and confirm before the amount is moved into escrow. Poll GET /approvals/{id} or watch GET /updates for approval.confirmed.",
      },
    };
  },
);

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
