import { otherMethods } from "@/lib/api/respond";
import { JOBS_READ } from "@/lib/api/gates";
import { withAgent } from "@/lib/api/with-agent";
import { getJobOrThrow } from "@/lib/jobs/read-jobs";
import { jobIdParams } from "@/lib/jobs/schemas";

// GET /api/public/v1/jobs/{jobId} — one of the account's jobs
export const GET = withAgent({ ...JOBS_READ, params: jobIdParams }, async ({ principal, params: { jobId } }) => {
  return { status: 200, body: { job: await getJobOrThrow(principal.accountId, jobId) } };
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
