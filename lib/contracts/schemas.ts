import { z } from "zod";

// Each endpoint's 409 reasons.
/** POST /contracts/{id}/end */
export const END_CONFLICT_REASONS = ["contract_ended"] as const;

/** What the human chooses on the co-sign page for each funded milestone of a contract being ended ([ours]). */
export const SETTLEMENTS = ["refund", "release"] as const;
export type Settlement = (typeof SETTLEMENTS)[number];
export const settlement = z.enum(SETTLEMENTS);
