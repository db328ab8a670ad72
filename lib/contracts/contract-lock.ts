import "server-only";
import type { Tx } from "@/lib/db";

/**
 * Inside a transaction: a conditional write on the contract row while it is still active. It answers "is it still
 * active" and, on PostgreSQL, holds the row lock until commit, so every change that moves a contract's money (fund,
 * release, end) and every milestone creation on it happen one after another, each reading what the previous one
 * committed. (SQLite's write lock already serialises whole transactions.) False: the contract has ended.
 */
export async function lockActiveContract(tx: Tx, contractId: string, at: Date): Promise<boolean> {
  const locked = await tx.contract.updateMany({ where: { id: contractId, status: "ACTIVE" }, data: { updatedAt: at } });
  return locked.count === 1;
}
