import "server-only";
import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { hashPassword } from "@/lib/auth/passwords";
import { now } from "@/lib/clock";
import { db, isUniqueViolation, lockEmailForMembership } from "@/lib/db";
import { newId } from "@/lib/ids";
import { acceptInvites } from "@/lib/team/accept-invites";
import { storableText } from "@/lib/text";

export const signUpInput = z.object({
  name: storableText.pipe(z.string().trim().min(1, "Enter your name").max(100)),
  email: z.email("Enter a valid email address").transform((e) => e.trim().toLowerCase()),
  password: z.string().min(10, "Use at least 10 characters").max(200),
});

/**
 * Sign-up: a new human, and in the same transaction each open invitation to this email becomes a membership
 * (lib/team/accept-invites.ts), so an invited person who signs up is on the team from their first page.
 */
export async function createHuman(input: z.infer<typeof signUpInput>) {
  const client = await db();
  const passwordHash = await hashPassword(input.password);
  const at = now();
  try {
    return await client.$transaction(async (tx) => {
      await lockEmailForMembership(tx, input.email);
      const human = await tx.human.create({
        data: { id: newId("hum"), name: input.name, email: input.email, passwordHash, createdAt: at },
      });
      await acceptInvites(tx, { humanId: human.id, email: human.email, at });
      return human;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ApiError("CONFLICT", "An account with this email already exists. Sign in instead.", {
        reason: "email_taken",
      });
    throw error;
  }
}
