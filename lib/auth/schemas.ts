import { z } from "zod";
import { id } from "@/lib/api/schemas";
import { FEATURE_KEYS, SCOPES } from "@/lib/auth/scopes";

/** GET /auth/me: who this token is and what its account may do (contract §3). */
export const meResponse = z.object({
  actor: z.object({ type: z.literal("agent"), tokenId: id }),
  token: z.object({ id, label: z.string(), scopes: z.array(z.enum(SCOPES)) }),
  account: z.object({ organizationId: id, claimed: z.boolean(), features: z.array(z.enum(FEATURE_KEYS)) }),
});
