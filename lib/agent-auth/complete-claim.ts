import "server-only";
import { MAX_CODE_TRIES } from "@/lib/agent-auth/claim-terms";
import { codeHashInput, matchesHash } from "@/lib/agent-auth/ceremony-tokens";
import { findRegistrationByAttemptToken } from "@/lib/agent-auth/find-registration";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";

export type ClaimOutcome =
  | { outcome: "claimed"; accountId: string }
  | { outcome: "wrong_code"; triesLeft: number }
  | { outcome: "wrong_email"; email: string }
  /** Unknown link, expired code, a newer attempt, or every try used: the agent must start the claim again. */
  | { outcome: "restart" }
  | { outcome: "already_claimed" };

/**
 * The human's half of the ceremony (the claim page's action): signed in as exactly the email the agent named, they
 * type the code. Each try is counted before the code is compared, by a conditional increment, so parallel guesses
 * get MAX_CODE_TRIES in all. On the right code the account becomes theirs (OWNER) and claimed, in one transaction.
 */
export async function completeClaim(input: {
  attemptToken: string;
  code: string;
  human: { id: string; email: string };
}): Promise<ClaimOutcome> {
  const registration = await findRegistrationByAttemptToken(input.attemptToken);
  if (!registration || !registration.attemptPublicId) return { outcome: "restart" };
  if (registration.status !== "PENDING")
    return registration.claimedByHumanId === input.human.id
      ? { outcome: "claimed", accountId: registration.accountId }
      : { outcome: "already_claimed" };
  const at = now();
  if ((registration.attemptExpiresAt && registration.attemptExpiresAt <= at) || registration.claimExpiresAt <= at)
    return { outcome: "restart" };
  // Not a try: the human is simply signed in as someone else, and the page says whom to sign in as.
  if (input.human.email.toLowerCase() !== registration.email)
    return { outcome: "wrong_email", email: registration.email! };

  const client = await db();
  const attempt = { id: registration.id, status: "PENDING" as const, attemptPublicId: registration.attemptPublicId };
  const counted = await client.agentRegistration.updateMany({
    where: { ...attempt, codeTries: { lt: MAX_CODE_TRIES } },
    data: { codeTries: { increment: 1 } },
  });
  if (counted.count === 0) return { outcome: "restart" };
  if (
    !/^\d{6}$/.test(input.code) ||
    !matchesHash(registration.userCodeHash, codeHashInput(registration.attemptPublicId, input.code))
  ) {
    const { codeTries } = await client.agentRegistration.findUniqueOrThrow({ where: { id: registration.id } });
    const triesLeft = Math.max(MAX_CODE_TRIES - codeTries, 0);
    return triesLeft > 0 ? { outcome: "wrong_code", triesLeft } : { outcome: "restart" };
  }

  const isClaimed = await client.$transaction(async (tx) => {
    const { count } = await tx.agentRegistration.updateMany({
      where: attempt,
      data: { status: "CLAIMED", claimedAt: at, claimedByHumanId: input.human.id },
    });
    if (count === 0) return false;
    await tx.account.update({ where: { id: registration.accountId }, data: { claimedAt: at } });
    await tx.membership.create({
      data: { humanId: input.human.id, accountId: registration.accountId, role: "OWNER", createdAt: at },
    });
    return true;
  });
  if (!isClaimed) {
    const current = await client.agentRegistration.findUniqueOrThrow({ where: { id: registration.id } });
    return current.claimedByHumanId === input.human.id
      ? { outcome: "claimed", accountId: registration.accountId }
      : current.status === "PENDING"
        ? { outcome: "restart" }
        : { outcome: "already_claimed" };
  }
  return { outcome: "claimed", accountId: registration.accountId };
}
