import { z } from "zod";
import { resourceId } from "@/lib/api/resource-id";
import { id, isoTimestamp, nextCursor } from "@/lib/api/schemas";
import { milestoneResource } from "@/lib/milestones/schemas";

// Each endpoint's 409 reasons.
/** POST /contracts/{id}/end */
export const END_CONFLICT_REASONS = ["contract_ended"] as const;

/** What the human chooses on the co-sign page for each funded milestone of a contract being ended ([ours]). */
export const SETTLEMENTS = ["refund", "release"] as const;
export type Settlement = (typeof SETTLEMENTS)[number];
export const settlement = z.enum(SETTLEMENTS);

/** GET /contracts query. */
export const listContractsQuery = {
  status: z.enum(["active", "ended"]).optional(),
  jobId: resourceId.optional(),
  cursor: resourceId.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
};

/** The trainer (payee) as the API shows them: first name + last initial, never an email. */
export const freelancerResource = z.object({ userId: id, displayName: z.string(), country: z.string() });

/** The contract as the API shows it (contract §2), with its milestones in order. */
export const contractResource = z.object({
  id,
  status: z.enum(["active", "ended"]),
  title: z.string(),
  jobId: id,
  proposalId: id.nullable(),
  paymentType: z.enum(["fixed", "hourly"]),
  rateUsd: z.number(),
  freelancer: freelancerResource,
  milestones: z.array(milestoneResource),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type ContractResource = z.infer<typeof contractResource>;

export const contractResponse = z.object({ contract: contractResource });
export const contractsPageResponse = z.object({ contracts: z.array(contractResource), nextCursor });
/** POST /contracts/{id}/end → 200, when nothing is funded: ended at once. */
export const contractEndedResponse = z.object({ ok: z.literal(true), contractId: id, status: z.literal("ended") });
