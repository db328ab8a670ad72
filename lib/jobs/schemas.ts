import { z } from "zod";
import { resourceId } from "@/lib/api/resource-id";

export const jobIdParams = { jobId: resourceId };
export const listJobsQuery = {
  cursor: resourceId.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
};
