import "server-only";
import { hashPassword, verifyPassword } from "@/lib/auth/passwords";
import { db } from "@/lib/db";

// Spent on unknown emails too, so a response's timing does not reveal which emails have accounts.
let dummyHash: Promise<string> | undefined;

export async function authenticateHuman(email: string, password: string) {
  const client = await db();
  const human = await client.human.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!human) {
    dummyHash ??= hashPassword("not-a-real-password");
    await verifyPassword(password, await dummyHash);
    return null;
  }
  return (await verifyPassword(password, human.passwordHash)) ? human : null;
}
