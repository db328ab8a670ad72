import "server-only";
import { notFound } from "@/lib/api/errors";
import { pendingApprovalsInclude, presentContract } from "@/lib/contracts/present-contract";
import { db, newestFirst, pageOf } from "@/lib/db";

const contractInclude = { freelancer: true, milestones: { include: pendingApprovalsInclude } } as const;

/** GET /contracts: newest first, cursor = the last contract id of the previous page. */
export async function listContracts(input: {
  accountId: string;
  status?: "active" | "ended";
  jobId?: string;
  cursor?: string;
  limit: number;
}) {
  const client = await db();
  const rows = await client.contract.findMany({
    where: {
      accountId: input.accountId,
      ...(input.status ? { status: input.status === "active" ? "ACTIVE" : "ENDED" } : {}),
      ...(input.jobId ? { jobId: input.jobId } : {}),
    },
    include: contractInclude,
    ...newestFirst(input),
  });
  const page = pageOf(rows, input.limit);
  return { contracts: page.rows.map(presentContract), nextCursor: page.nextCursor };
}

export async function getContractOrThrow(accountId: string, contractId: string) {
  const client = await db();
  const contract = await client.contract.findFirst({ where: { id: contractId, accountId }, include: contractInclude });
  if (!contract) throw notFound("contracts", "contractId", contractId);
  return presentContract(contract);
}
