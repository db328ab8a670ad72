import "server-only";
import { notFound } from "@/lib/api/errors";
import { findAccountAccess, ownerRequired } from "@/lib/accounts/account-access";
import { now } from "@/lib/clock";
import { db, type TopUp } from "@/lib/db";
import { TOP_UP_WINDOW_MS } from "@/lib/credits/schemas";
import { newId } from "@/lib/ids";

/**
 * A pending top-up whose checkout a human completes: POST /credits/top-ups (an agent's token) and the /billing form
 * (a signed-in owner) both come here. It moves no money; complete-top-up.ts does, once.
 * `amountCents` is already within the limits: both callers parse it with topUpAmountUsd.
 */
export async function createTopUp(input: {
  accountId: string;
  amountCents: number;
  by: { tokenId: string } | { humanId: string };
}): Promise<TopUp> {
  const client = await db();
  if ("humanId" in input.by) {
    const access = await findAccountAccess(client, input.by.humanId, input.accountId);
    if (!access) throw notFound("accounts", "accountId", input.accountId);
    // A member could start a checkout nobody in the room may finish; say so now instead of at the checkout.
    if (!access.canMoveMoney) throw ownerRequired(access, "add funds");
  }
  const createdAt = now();
  return client.topUp.create({
    data: {
      id: newId("tu"),
      accountId: input.accountId,
      amountCents: input.amountCents,
      status: "PENDING",
      requestedByTokenId: "tokenId" in input.by ? input.by.tokenId : null,
      requestedByHumanId: "humanId" in input.by ? input.by.humanId : null,
      expiresAt: new Date(createdAt.getTime() + TOP_UP_WINDOW_MS),
      createdAt,
    },
  });
}
