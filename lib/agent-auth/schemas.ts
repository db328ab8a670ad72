import { z } from "zod";
import { storableText } from "@/lib/text";

export const registerAgentInput = z.object({
  identity_type: z.string().optional(),
  agent_name: storableText.pipe(z.string().trim().min(1).max(120)).optional(),
  organization_name: storableText.pipe(z.string().trim().min(1).max(120)).optional(),
});

export const startClaimInput = z.object({
  claim_token: z.string().max(200),
  email: z
    .email()
    .max(254)
    .transform((e) => e.trim().toLowerCase()),
});

export const exchangeClaimInput = z.object({ grant_type: z.string().optional(), claim_token: z.string().optional() });
