import { z } from "zod";
import { resourceId } from "@/lib/api/resource-id";
import { amountUsd } from "@/lib/money";
import { storableText } from "@/lib/text";

export const milestoneIdParams = { milestoneId: resourceId };
export const contractIdParams = { contractId: resourceId };

/** POST /contracts/{id}/milestones body. */
export const createMilestoneBody = z.object({
  name: storableText.pipe(z.string().trim().min(1).max(200)).optional(),
  description: storableText.pipe(z.string().trim().min(1).max(5000)),
  amountUsd,
  dueDate: z.iso.date().or(z.iso.datetime({ offset: true })).optional().nullable(),
});
export type CreateMilestoneBody = z.infer<typeof createMilestoneBody>;
