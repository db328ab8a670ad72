import { z } from "zod";
import { amountUsd } from "@/lib/money";
import { storableText } from "@/lib/text";

export const milestoneIdParams = { milestoneId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) };
export const contractIdParams = { contractId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) };

/** POST /contracts/{id}/milestones body. */
export const createMilestoneBody = z.object({
  name: storableText.pipe(z.string().trim().min(1).max(200)).optional(),
  description: storableText.pipe(z.string().trim().min(1).max(5000)),
  amountUsd,
  dueDate: z.iso.date().or(z.iso.datetime({ offset: true })).optional().nullable(),
});
export type CreateMilestoneBody = z.infer<typeof createMilestoneBody>;
