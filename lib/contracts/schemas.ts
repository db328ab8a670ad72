import { z } from "zod";
import { resourceId } from "@/lib/api/resource-id";

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
