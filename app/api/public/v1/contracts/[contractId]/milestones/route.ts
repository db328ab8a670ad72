import { parseJsonBody } from "@/lib/api/parse";
import { otherMethods } from "@/lib/api/respond";
import { MONEY_WRITE } from "@/lib/api/gates";
import { withAgent } from "@/lib/api/with-agent";
import { createMilestone } from "@/lib/milestones/create-milestone";
import { contractIdParams, createMilestoneBody } from "@/lib/milestones/schemas";

// POST /api/public/v1/contracts/{contractId}/milestones — add a NOT_FUNDED milestone (no money moves)
export const POST = withAgent(
  { ...MONEY_WRITE, params: contractIdParams },
  async ({ principal, params: { contractId }, request }) => {
    const body = await parseJsonBody(request, createMilestoneBody);
    const milestone = await createMilestone({ accountId: principal.accountId, contractId, body });
    return { status: 201, body: { milestone } };
  },
);

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
