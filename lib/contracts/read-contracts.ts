import "server-only";
import { notFound } from "@/lib/api/errors";
import { pendingApprovalsInclude, presentContract } from "@/lib/contracts/present-contract";
import { db } from "@/lib/db";

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
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
  });
  const hasMore = rows.length > input.limit;
  const page = hasMore ? rows.slice(0, input.limit) : rows;
  return { contracts: page.map(presentContract), nextCursor: hasMore ? page.at(-1)!.id : null };
}

export async function getContractOrThrow(accountId: string, contractId: string) {
  const client = await db();
  const contract = await client.contract.findFirst({ where: { id: contractId, accountId }, include: contractInclude });
  if (!contract) throw notFound("contracts", "contractId", contractId);
  return presentContract(contract);
}
