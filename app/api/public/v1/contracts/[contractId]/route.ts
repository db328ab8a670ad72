import { otherMethods } from "@/lib/api/respond";
import { PAYMENTS_READ } from "@/lib/api/gates";
import { withAgent } from "@/lib/api/with-agent";
import { getContractOrThrow } from "@/lib/contracts/read-contracts";
import { contractIdParams } from "@/lib/milestones/schemas";

// GET /api/public/v1/contracts/{contractId} — one contract with its milestones
export const GET = withAgent(
  { ...PAYMENTS_READ, params: contractIdParams },
  async ({ principal, params: { contractId } }) => {
    return { status: 200, body: { contract: await getContractOrThrow(principal.accountId, contractId) } };
  },
);

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
