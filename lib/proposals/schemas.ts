import { z } from "zod";
import { resourceId } from "@/lib/api/resource-id";
import { id, isoTimestamp, nextCursor } from "@/lib/api/schemas";
import { freelancerResource } from "@/lib/contracts/schemas";
import type { ProposalStatus } from "@/lib/db";
import { amountUsd } from "@/lib/money";
import { storableText } from "@/lib/text";

export const proposalIdParams = { proposalId: resourceId };

export const listProposalsQuery = {
  cursor: resourceId.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
};

/** Readable names for OpenTrain's proposal statuses (the API shows both: `{raw, label}`). */
export const PROPOSAL_STATUS_LABELS: Record<ProposalStatus, string> = {
  UNREVIEWED: "Unreviewed",
  SHORTLISTED: "Shortlisted",
  MAYBE: "Maybe",
  HIRED: "Hired",
  DECLINED: "Declined",
  NOT_A_FIT: "Not a fit",
  RESUME_SENT: "Résumé sent",
};

const milestoneName = storableText.pipe(z.string().trim().min(1).max(200));
const milestoneDescription = storableText.pipe(z.string().trim().min(1).max(5000));

/** POST /proposals/{id}/hire body: the first milestone. The money field is `amount` here, in dollars (contract §6). */
export const hireBody = z.object({
  milestone: z
    .object({
      name: milestoneName.optional(),
      description: milestoneDescription.optional(),
      amount: amountUsd,
      dueDate: z.iso
        .date()
        .or(z.iso.datetime({ offset: true }))
        .optional()
        .nullable(),
    })
    .refine((m) => m.name !== undefined || m.description !== undefined, {
      message: "give a name or a description",
      path: ["description"],
    }),
});
export type HireBody = z.infer<typeof hireBody>;

/**
 * What the human may change on the co-sign page before confirming a hire: the first milestone's name, description
 * and amount. The same rules as the agent's body; the confirmed values win.
 */
export const hireAdjustment = z.object({
  name: milestoneName,
  description: storableText.pipe(z.string().trim().max(5000)),
  amount: z.coerce.number().pipe(amountUsd),
});

// Each endpoint's 409 reasons, checked in this order.
/** POST /proposals/{id}/hire */
export const HIRE_CONFLICT_REASONS = [
  "proposal_already_hired",
  "proposal_not_hireable",
  "payment_method_required",
] as const;
export type HireConflictReason = (typeof HIRE_CONFLICT_REASONS)[number];

const PROPOSAL_STATUSES = Object.keys(PROPOSAL_STATUS_LABELS) as [ProposalStatus, ...ProposalStatus[]];

/** A proposal on one of the account's jobs (contract §6). */
export const proposalResource = z.object({
  id,
  jobId: id,
  status: z.object({ raw: z.enum(PROPOSAL_STATUSES), label: z.string() }),
  freelancer: freelancerResource,
  coverLetter: z.string(),
  rateUsd: z.number(),
  createdAt: isoTimestamp,
});
export type ProposalResource = z.infer<typeof proposalResource>;
export const proposalResponse = z.object({ proposal: proposalResource });
export const proposalsPageResponse = z.object({ proposals: z.array(proposalResource), nextCursor });
