import "server-only";
import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { hashPassword } from "@/lib/auth/passwords";
import { now } from "@/lib/clock";
import { db, isUniqueViolation } from "@/lib/db";
import { newId } from "@/lib/ids";
import { storableText } from "@/lib/text";

export const signUpInput = z.object({
  name: storableText.pipe(z.string().trim().min(1, "Enter your name").max(100)),
  email: z.email("Enter a valid email address").transform((e) => e.trim().toLowerCase()),
  password: z.string().min(10, "Use at least 10 characters").max(200),
});

export async function createHuman(input: z.infer<typeof signUpInput>) {
  const client = await db();
  try {
    return await client.human.create({
      data: {
        id: newId("hum"),
        name: input.name,
        email: input.email,
        passwordHash: await hashPassword(input.password),
        createdAt: now(),
      },
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ApiError("CONFLICT", "An account with this email already exists. Sign in instead.", {
        reason: "email_taken",
      });
    throw error;
  }
}
