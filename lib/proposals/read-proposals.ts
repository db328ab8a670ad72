import "server-only";
import { notFound } from "@/lib/api/errors";
import { db, newestFirst, pageOf } from "@/lib/db";
import { presentProposal } from "@/lib/proposals/present-proposal";

/** GET /jobs/{id}/proposals: newest first; a job of another account reads as missing. */
export async function listJobProposals(input: { accountId: string; jobId: string; cursor?: string; limit: number }) {
  const client = await db();
  const job = await client.job.findFirst({
    where: { id: input.jobId, accountId: input.accountId },
    select: { id: true },
  });
  if (!job) throw notFound("jobs", "jobId", input.jobId);
  const rows = await client.proposal.findMany({
    where: { jobId: job.id },
    include: { freelancer: true },
    ...newestFirst(input),
  });
  const page = pageOf(rows, input.limit);
  return { proposals: page.rows.map(presentProposal), nextCursor: page.nextCursor };
}

/** GET /proposals/{id}: a proposal on one of the account's jobs, or 404. */
export async function getProposalOrThrow(accountId: string, proposalId: string) {
  const client = await db();
  const proposal = await client.proposal.findFirst({
    where: { id: proposalId, job: { accountId } },
    include: { freelancer: true },
  });
  if (!proposal) throw notFound("proposals", "proposalId", proposalId);
  return presentProposal(proposal);
}
