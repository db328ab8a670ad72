import { z } from "zod";
import { resourceId } from "@/lib/api/resource-id";
import { storableDate } from "@/lib/dates";
import { amountUsd } from "@/lib/money";
import { storableText } from "@/lib/text";

export const milestoneIdParams = { milestoneId: resourceId };
export const contractIdParams = { contractId: resourceId };

/** POST /contracts/{id}/milestones body. */
export const createMilestoneBody = z.object({
  name: storableText.pipe(z.string().trim().min(1).max(200)).optional(),
  description: storableText.pipe(z.string().trim().min(1).max(5000)),
  amountUsd,
  dueDate: storableDate.optional().nullable(),
});
export type CreateMilestoneBody = z.infer<typeof createMilestoneBody>;
