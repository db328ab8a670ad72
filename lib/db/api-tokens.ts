import "server-only";
import { isPostgres, type Tx } from "@/lib/db/client";

/**
 * Serializes the transactions that mint tokens for one account, so "at most N active" is counted and kept under
 * the same lock: two concurrent mints cannot both see 24 and both insert. On PostgreSQL a row lock on the account
 * (other accounts never wait); on SQLite every Prisma transaction already holds the one write lock from BEGIN
 * (lib/db/client.ts), so there is nothing to add.
 */
export async function lockAccountForTokens(tx: Tx, accountId: string) {
  if (isPostgres()) await tx.$queryRaw`SELECT 1 FROM "Account" WHERE "id" = ${accountId} FOR UPDATE`;
}
