import { z } from "zod";
import { resourceId } from "@/lib/api/resource-id";
import { id, isoTimestamp, nextCursor } from "@/lib/api/schemas";

export const jobIdParams = { jobId: resourceId };
export const listJobsQuery = {
  cursor: resourceId.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
};

/** A job of the account (contract §6). */
export const jobResource = z.object({
  id,
  title: z.string(),
  description: z.string(),
  proposalCount: z.int().nonnegative(),
  createdAt: isoTimestamp,
});
export type JobResource = z.infer<typeof jobResource>;
export const jobResponse = z.object({ job: jobResource });
export const jobsPageResponse = z.object({ jobs: z.array(jobResource), nextCursor });
