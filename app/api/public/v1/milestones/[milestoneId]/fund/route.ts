import { otherMethods } from "@/lib/api/respond";
import { MONEY_WRITE } from "@/lib/api/gates";
import { withAgent } from "@/lib/api/with-agent";
import { fundingPreload } from "@/lib/milestones/load-milestone";
import { presentApproval } from "@/lib/approvals/present-approval";
import { milestoneIdParams } from "@/lib/milestones/schemas";
import { requestMilestoneFunding } from "@/lib/milestones/request-milestone-funding";

// POST /api/public/v1/milestones/{milestoneId}/fund — request funding of a milestone into escrow
export const POST = withAgent(
  { ...MONEY_WRITE, params: milestoneIdParams, preload: fundingPreload },
  async ({ principal, params: { milestoneId }, baseUrl, preloaded }) => {
    const input = { accountId: principal.accountId, tokenId: principal.tokenId, milestoneId, baseUrl };
    const { approval } = await requestMilestoneFunding(input, preloaded);
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
