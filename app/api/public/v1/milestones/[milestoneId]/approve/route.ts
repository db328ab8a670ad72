import { otherMethods } from "@/lib/api/respond";
import { MONEY_WRITE } from "@/lib/api/gates";
import { withAgent } from "@/lib/api/with-agent";
import { releasePreload } from "@/lib/milestones/load-milestone";
import { presentApproval } from "@/lib/approvals/present-approval";
import { milestoneIdParams } from "@/lib/milestones/schemas";
import { requestMilestoneRelease } from "@/lib/milestones/request-milestone-release";

// POST /api/public/v1/milestones/{milestoneId}/approve — request release of a funded milestone's escrow
export const POST = withAgent(
  { ...MONEY_WRITE, params: milestoneIdParams, preload: releasePreload },
  async ({ principal, params: { milestoneId }, baseUrl, preloaded }) => {
    const { approval } = await requestMilestoneRelease(
      { accountId: principal.accountId, tokenId: principal.tokenId, milestoneId },
      preloaded,
    );
    return {
      status: 202,
      body: {
        approval: presentApproval(approval, baseUrl),
        message:
          "Release requested; no money has moved. A signed-in human must open approval.approvalUrl and confirm before the escrow is paid to the trainer. Poll GET /approvals/{id} or watch GET /updates for approval.confirmed.",
      },
    };
  },
);

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
