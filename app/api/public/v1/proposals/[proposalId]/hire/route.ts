import { parseJsonBody } from "@/lib/api/parse";
import { otherMethods } from "@/lib/api/respond";
import { HIRING_WRITE } from "@/lib/api/gates";
import { withAgent } from "@/lib/api/with-agent";
import { presentApproval } from "@/lib/approvals/present-approval";
import { requestHire } from "@/lib/proposals/request-hire";
import { hireBody, proposalIdParams } from "@/lib/proposals/schemas";

// POST /api/public/v1/proposals/{proposalId}/hire — request a hire: contract + first milestone, funded on confirmation
export const POST = withAgent(
  { ...HIRING_WRITE, params: proposalIdParams },
  async ({ principal, params: { proposalId }, request, baseUrl }) => {
    const body = await parseJsonBody(request, hireBody);
    const { approval } = await requestHire({
      accountId: principal.accountId,
      tokenId: principal.tokenId,
      proposalId,
      body,
      baseUrl,
    });
    return {
      status: 202,
      body: {
        approval: presentApproval(approval, baseUrl),
        message:
          "Hire requested; no contract exists and no money has moved. A signed-in human must open approval.approvalUrl and confirm (they may adjust the first milestone) before the contract is created and milestone 1 funded. Poll GET /approvals/{id} or watch GET /updates for approval.confirmed.",
      },
    };
  },
);

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
