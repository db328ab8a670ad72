import "server-only";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";
import { presentToken } from "@/lib/tokens/present-token";

/** Every token of the account, newest first: active, expired and revoked alike (the status says which). */
export async function listTokens({ accountId }: { accountId: string }) {
  const client = await db();
  const rows = await client.apiToken.findMany({
    where: { accountId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  const at = now();
  return rows.map((row) => presentToken(row, at));
}
