import "server-only";
import { notFound } from "@/lib/api/errors";
import { db, newestFirst, pageOf, type Job } from "@/lib/db";
import type { JobResource } from "@/lib/jobs/schemas";

function presentJob(job: Job & { _count: { proposals: number } }): JobResource {
  return {
    id: job.id,
    title: job.title,
    description: job.description,
    proposalCount: job._count.proposals,
    createdAt: job.createdAt.toISOString(),
  };
}

const withCount = { _count: { select: { proposals: true } } } as const;

/** GET /jobs: the account's jobs, newest first. */
export async function listJobs(input: { accountId: string; cursor?: string; limit: number }) {
  const client = await db();
  const rows = await client.job.findMany({
    where: { accountId: input.accountId },
    include: withCount,
    ...newestFirst(input),
  });
  const page = pageOf(rows, input.limit);
  return { jobs: page.rows.map(presentJob), nextCursor: page.nextCursor };
}

/** GET /jobs/{id}: one of the account's jobs, or 404 (another account's reads as missing). */
export async function getJobOrThrow(accountId: string, jobId: string) {
  const client = await db();
  const job = await client.job.findFirst({ where: { id: jobId, accountId }, include: withCount });
  if (!job) throw notFound("jobs", "jobId", jobId);
  return presentJob(job);
}
