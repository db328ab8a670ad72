import { parseQuery } from "@/lib/api/parse";
import { otherMethods } from "@/lib/api/respond";
import { JOBS_READ } from "@/lib/api/gates";
import { withAgent } from "@/lib/api/with-agent";
import { listJobs } from "@/lib/jobs/read-jobs";
import { listJobsQuery } from "@/lib/jobs/schemas";

// GET /api/public/v1/jobs?cursor=&limit= — the account's jobs, newest first
export const GET = withAgent(JOBS_READ, async ({ principal, request }) => {
  const query = parseQuery(listJobsQuery, request);
  return { status: 200, body: await listJobs({ accountId: principal.accountId, ...query }) };
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
