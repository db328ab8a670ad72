import "server-only";
import { conflict, notFound } from "@/lib/api/errors";
import { now } from "@/lib/clock";
import { presentMilestone } from "@/lib/contracts/present-contract";
import { db, isUniqueViolation } from "@/lib/db";
import { newId } from "@/lib/ids";
import type { CreateMilestoneBody } from "@/lib/milestones/schemas";
import { usdToCents } from "@/lib/money";

/** POST /contracts/{id}/milestones: a NOT_FUNDED milestone, numbered after the last. No money moves. */
export async function createMilestone(input: { accountId: string; contractId: string; body: CreateMilestoneBody }) {
  const client = await db();
  // Two creates at once can pick the same number; the unique (contractId, milestoneNumber) index refuses one,
  // which then retries with the next number.
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const milestone = await client.$transaction(async (tx) => {
        const contract = await tx.contract.findFirst({ where: { id: input.contractId, accountId: input.accountId } });
        if (!contract) throw notFound("contracts", "contractId", input.contractId);
        if (contract.status === "ENDED") {
          throw conflict("contract_ended", "The contract has ended.", { contractId: contract.id });
        }
        const last = await tx.milestone.findFirst({ where: { contractId: contract.id }, orderBy: { milestoneNumber: "desc" } });
        const milestoneNumber = (last?.milestoneNumber ?? 0) + 1;
        const at = now();
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
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new Error("createMilestone: could not allocate a milestone number");
}
