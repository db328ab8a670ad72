import "server-only";
import { conflictsOf, notFound } from "@/lib/api/errors";
import { now } from "@/lib/clock";
import { presentMilestone } from "@/lib/contracts/present-contract";
import { db } from "@/lib/db";
import { newId } from "@/lib/ids";
import { CREATE_MILESTONE_CONFLICT_REASONS, type CreateMilestoneBody } from "@/lib/milestones/schemas";
import { usdToCents } from "@/lib/money";

const createConflict = conflictsOf(CREATE_MILESTONE_CONFLICT_REASONS);

/** POST /contracts/{id}/milestones: a NOT_FUNDED milestone, numbered after the last. No money moves. */
export async function createMilestone(input: { accountId: string; contractId: string; body: CreateMilestoneBody }) {
  const client = await db();
  const milestone = await client.$transaction(async (tx) => {
    const contract = await tx.contract.findFirst({ where: { id: input.contractId, accountId: input.accountId } });
    if (!contract) throw notFound("contracts", "contractId", input.contractId);
    const at = now();
    // Writing the contract row first (only while it is still active) locks it until commit, so concurrent creates
    // on one contract number their milestones one after another; the unique index would refuse a duplicate anyway.
    const locked = await tx.contract.updateMany({
      where: { id: contract.id, status: "ACTIVE" },
      data: { updatedAt: at },
    });
    if (locked.count === 0)
      throw createConflict("contract_ended", "The contract has ended.", { contractId: contract.id });
    const last = await tx.milestone.findFirst({
      where: { contractId: contract.id },
      orderBy: { milestoneNumber: "desc" },
    });
    const milestoneNumber = (last?.milestoneNumber ?? 0) + 1;
    return tx.milestone.create({
      data: {
        id: newId("ms"),
        contractId: contract.id,
        milestoneNumber,
        name: input.body.name ?? `Milestone ${milestoneNumber}`,
        description: input.body.description,
        amountCents: usdToCents(input.body.amountUsd),
        status: "NOT_FUNDED",
        dueDate: input.body.dueDate ? new Date(input.body.dueDate) : null,
        createdAt: at,
        updatedAt: at,
      },
    });
  });
  return presentMilestone({ ...milestone, approvals: [] });
}
