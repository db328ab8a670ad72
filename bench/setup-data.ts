// Bench data: N funded milestones on the demo contract, funded by one honest double-entry transaction
// (a top-up, then one move of their total into escrow). Prints their ids, one a line, on stdout.
import { now } from "@/lib/clock";
import { db, disconnectDb } from "@/lib/db";
import { newId } from "@/lib/ids";
import { postLedgerTransaction } from "@/lib/ledger/post-ledger-transaction";

const count = Number(process.argv[2] ?? 10_000);
const client = await db();
const at = now();
const ids = Array.from({ length: count }, () => newId("ms"));
const amountCents = 1_000;
await client.$transaction(
  async (tx) => {
    const contract = await tx.contract.findUniqueOrThrow({ where: { id: "ctr_acme_rlhf" } });
    const last = await tx.milestone.findFirst({
      where: { contractId: contract.id },
      orderBy: { milestoneNumber: "desc" },
    });
    const first = (last?.milestoneNumber ?? 0) + 1;
    for (let offset = 0; offset < ids.length; offset += 1000) {
      await tx.milestone.createMany({
        data: ids.slice(offset, offset + 1000).map((id, i) => ({
          id,
          contractId: contract.id,
          milestoneNumber: first + offset + i,
          name: `Bench milestone ${first + offset + i}`,
          description: "Benchmark target",
          amountCents,
          status: "ACTIVE_FUNDED" as const,
          createdAt: at,
          updatedAt: at,
        })),
      });
    }
    const total = amountCents * ids.length;
    await postLedgerTransaction(tx, {
      kind: "TOP_UP",
      memo: "Bench top-up",
      moves: [{ from: { kind: "EXTERNAL" }, to: { kind: "ORG_AVAILABLE", accountId: "org_acme" }, amountCents: total }],
    });
    await postLedgerTransaction(tx, {
      kind: "FUND",
      memo: `Fund ${ids.length} bench milestones`,
      moves: [
        {
          from: { kind: "ORG_AVAILABLE", accountId: "org_acme" },
          to: { kind: "ORG_ESCROW", accountId: "org_acme" },
          amountCents: total,
        },
      ],
    });
  },
  { timeout: 120_000 },
);
process.stdout.write(ids.join("\n") + "\n");
await disconnectDb();
