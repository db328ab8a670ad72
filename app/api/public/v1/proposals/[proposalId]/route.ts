import { otherMethods } from "@/lib/api/respond";
import { PROPOSALS_READ } from "@/lib/api/gates";
import { withAgent } from "@/lib/api/with-agent";
import { getProposalOrThrow } from "@/lib/proposals/read-proposals";
import { proposalIdParams } from "@/lib/proposals/schemas";

// GET /api/public/v1/proposals/{proposalId} — a proposal on one of the account's jobs
export const GET = withAgent(
  { ...PROPOSALS_READ, params: proposalIdParams },
  async ({ principal, params: { proposalId } }) => {
    return { status: 200, body: { proposal: await getProposalOrThrow(principal.accountId, proposalId) } };
  },
);

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
