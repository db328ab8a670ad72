import { otherMethods } from "@/lib/api/respond";
import { MONEY_WRITE } from "@/lib/api/gates";
import { withAgent } from "@/lib/api/with-agent";
import { presentApproval } from "@/lib/approvals/present-approval";
import { requestContractEnd } from "@/lib/contracts/request-contract-end";
import { contractIdParams } from "@/lib/milestones/schemas";

// POST /api/public/v1/contracts/{contractId}/end — end at once (nothing funded, 200) or request a contract_end (202)
export const POST = withAgent(
  { ...MONEY_WRITE, params: contractIdParams },
  async ({ principal, params: { contractId }, baseUrl }) => {
    const outcome = await requestContractEnd({
      accountId: principal.accountId,
      tokenId: principal.tokenId,
      contractId,
    });
    if ("ended" in outcome) return { status: 200, body: { ok: true, contractId, status: "ended" } };
    return {
      status: 202,
      body: {
        approval: presentApproval(outcome.approval, baseUrl),
        message:
          "Ending requested; the contract holds funded milestones, so nothing has changed yet. A signed-in human must open approval.approvalUrl, choose for each funded milestone whether its escrow is refunded or released, and confirm. Poll GET /approvals/{id} or watch GET /updates for approval.confirmed.",
      },
    };
  },
);

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
