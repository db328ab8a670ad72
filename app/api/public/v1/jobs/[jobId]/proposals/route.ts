import { parseQuery } from "@/lib/api/parse";
import { otherMethods } from "@/lib/api/respond";
import { PROPOSALS_READ } from "@/lib/api/gates";
import { withAgent } from "@/lib/api/with-agent";
import { jobIdParams } from "@/lib/jobs/schemas";
import { listJobProposals } from "@/lib/proposals/read-proposals";
import { listProposalsQuery } from "@/lib/proposals/schemas";

// GET /api/public/v1/jobs/{jobId}/proposals?cursor=&limit= — the proposals on one of the account's jobs
export const GET = withAgent(
  { ...PROPOSALS_READ, params: jobIdParams },
  async ({ principal, params: { jobId }, request }) => {
    const query = parseQuery(listProposalsQuery, request);
    return { status: 200, body: await listJobProposals({ accountId: principal.accountId, jobId, ...query }) };
  },
);

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
