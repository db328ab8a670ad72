import { afterAll, describe, expect, inject, it } from "vitest";
import { expireDueApprovals } from "@/lib/approvals/expire-approvals";
import { confirmApproval, declineApproval } from "@/lib/approvals/resolve-approval";
import { resetClock, setClock } from "@/lib/clock";
import { db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { get, post } from "../support/api";
import { findInvariantViolations } from "../support/invariants";
import { seededRandom, seedFromEnv } from "../support/random";

// Thousands of randomly interleaved operations from many concurrent clients over a small set of milestones, on a
// virtual clock that runs fast enough for approvals to expire mid-run; then every invariant must hold.
// Size: RACE_OPS (default 2000), RACE_CLIENTS (default 16), RACE_SEED to replay a run.
const OPS = Number(process.env.RACE_OPS ?? 2000);
const CLIENTS = Number(process.env.RACE_CLIENTS ?? 16);
const SEED = seedFromEnv("RACE_SEED");
const OWNER = "hum_acme_owner";
const { tokens } = inject("fixtures");

afterAll(() => {
  resetClock();
  delete process.env.APPROVAL_WINDOW_SECONDS;
  resetEnvCache();
});

describe(`races: ${OPS} operations from ${CLIENTS} clients (seed ${SEED})`, () => {
  it("keeps every invariant", { timeout: 600_000 }, async () => {
    const random = seededRandom(SEED);
    // A one-hour window on a clock that gains up to two minutes per operation: plenty expire during the run.
    process.env.APPROVAL_WINDOW_SECONDS = "3600";
    resetEnvCache();
    let virtualNow = Date.now();
    setClock(() => new Date(virtualNow));

    const milestoneIds: string[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await post(`/contracts/ctr_acme_rlhf/milestones`, tokens.full, {
        description: `race target ${i}`,
        amountUsd: 50 + random.int(400),
      });
      milestoneIds.push(res.body.milestone.id);
    }
    // Proposals to hire from, and the contracts those hires create (the targets of end requests): ending the seed's
    // contract would turn every later createMilestone on it into a 409.
    const client0 = await db();
    const proposalIds: string[] = [];
    for (let i = 0; i < 8; i++) {
      const id = `prop_race_${i}`;
      await client0.proposal.create({
        data: {
          id,
          jobId: "job_acme_math",
          freelancerId: random.pick(["fl_lena", "fl_omar", "fl_kenji"]),
          status: "UNREVIEWED",
          coverLetter: "race",
          rateCents: 1000,
          createdAt: new Date(virtualNow),
        },
      });
      proposalIds.push(id);
    }
    const hiredContractIds: string[] = [];
    const approvalIds: string[] = [];
    // Confirms and declines aim mostly at recent approvals (the live ones), sometimes at any (replays of old ones).
    const recentApproval = () =>
      random.chance(0.8)
        ? approvalIds[approvalIds.length - 1 - random.int(Math.min(8, approvalIds.length))]
        : random.pick(approvalIds);
    const counts: Record<string, number> = {};
    const count = (key: string) => (counts[key] = (counts[key] ?? 0) + 1);
    const statusCounts = new Map<number, number>();

    const operations: Record<string, () => Promise<void>> = {
      async requestRelease() {
        const res = await post(`/milestones/${random.pick(milestoneIds)}/approve`, tokens.full);
        statusCounts.set(res.status, (statusCounts.get(res.status) ?? 0) + 1);
        if (res.status === 202) approvalIds.push(res.body.approval.id);
        else expect(res.status, JSON.stringify(res.body)).toBe(409);
      },
      async requestFunding() {
        const res = await post(`/milestones/${random.pick(milestoneIds)}/fund`, tokens.full);
        statusCounts.set(res.status, (statusCounts.get(res.status) ?? 0) + 1);
        if (res.status === 202) approvalIds.push(res.body.approval.id);
        else expect(res.status, JSON.stringify(res.body)).toBe(409);
      },
      async confirm() {
        if (approvalIds.length === 0) return;
        const outcome = await confirmApproval({ approvalId: recentApproval(), humanId: OWNER }).catch((error) => {
          // A concurrent spend drained the balance after the check: everything rolled back, the approval stays pending.
          if (error?.details?.reason === "payment_method_required") return null;
          throw error;
        });
        count(
          outcome
            ? `confirm→${outcome.outcome}${outcome.isMine ? "" : " (already)"}`
            : "confirm→insufficient funds, rolled back",
        );
        if (outcome?.isMine && outcome.outcome === "confirmed") count(`confirmed ${outcome.approval.type}`);
        // A confirmed hire brings a new contract and a funded milestone into play for the other operations.
        if (outcome?.isMine && outcome.outcome === "confirmed" && outcome.approval.type === "proposal_hire") {
          const result = JSON.parse(outcome.approval.result!) as { contractId: string; milestoneId: string };
          hiredContractIds.push(result.contractId);
          milestoneIds.push(result.milestoneId);
        }
      },
      async decline() {
        if (approvalIds.length === 0) return;
        const outcome = await declineApproval({ approvalId: recentApproval(), humanId: OWNER, reason: "race" });
        count(`decline→${outcome.outcome}${outcome.isMine ? "" : " (already)"}`);
      },
      async requestHire() {
        // Few distinct terms, so re-requests with the same terms (same approval) and with others (superseding) both occur.
        const res = await post(`/proposals/${random.pick(proposalIds)}/hire`, tokens.full, {
          milestone: { name: "race hire", amount: random.pick([40, 75, 120]) },
        });
        statusCounts.set(res.status, (statusCounts.get(res.status) ?? 0) + 1);
        if (res.status === 202) approvalIds.push(res.body.approval.id);
        else expect(res.status, JSON.stringify(res.body)).toBe(409);
      },
      async requestEnd() {
        if (hiredContractIds.length === 0) return;
        const res = await post(`/contracts/${random.pick(hiredContractIds)}/end`, tokens.full);
        statusCounts.set(res.status, (statusCounts.get(res.status) ?? 0) + 1);
        if (res.status === 202) approvalIds.push(res.body.approval.id);
        else expect([200, 409], JSON.stringify(res.body)).toContain(res.status);
      },
      async cancel() {
        if (approvalIds.length === 0) return;
        const res = await post(`/approvals/${recentApproval()}/cancel`, tokens.full);
        count(`cancel→${res.status}`);
        if (res.status !== 200) expect(res.body.details.reason).toBe("approval_not_pending");
      },
      async read() {
        if (approvalIds.length === 0) return;
        const res = await get(`/approvals/${random.pick(approvalIds)}`, tokens.full);
        expect(res.status).toBe(200);
      },
      async sweep() {
        counts["sweep: approvals expired"] = (counts["sweep: approvals expired"] ?? 0) + (await expireDueApprovals());
      },
      async createMilestone() {
        // Mostly on the seed's contract (always active), sometimes on a hired one (which may have ended: 409).
        const onHired = hiredContractIds.length > 0 && random.chance(0.3);
        const contractId = onHired ? random.pick(hiredContractIds) : "ctr_acme_rlhf";
        const res = await post(`/contracts/${contractId}/milestones`, tokens.full, {
          description: "new target",
          amountUsd: 10 + random.int(300),
        });
        if (onHired && res.status === 409) return;
        expect(res.status).toBe(201);
        milestoneIds.push(res.body.milestone.id);
      },
      async feed() {
        const res = await get(`/updates?limit=100`, tokens.full);
        expect(res.status).toBe(200);
      },
    };
    const weights: [string, number][] = [
      ["requestRelease", 16],
      ["requestFunding", 16],
      ["requestHire", 6],
      ["requestEnd", 4],
      ["confirm", 25],
      ["decline", 6],
      ["cancel", 5],
      ["read", 10],
      ["sweep", 5],
      ["feed", 5],
      ["createMilestone", 4],
    ];
    const total = weights.reduce((sum, [, w]) => sum + w, 0);
    const pickOperation = () => {
      let roll = random.int(total);
      for (const [name, weight] of weights) {
        if ((roll -= weight) < 0) return name;
      }
      return weights[0][0];
    };

    let issued = 0;
    const started = Date.now();
    // A feed follower runs beside the clients, moving its cursor as an agent would. The feed promises that a cursor
    // never skips an event that commits later with a lower id; at the end it must have seen every event exactly once.
    const seen: string[] = [];
    let cursor: string | null = null;
    const follow = async () => {
      for (;;) {
        const page = await get(`/updates?limit=100${cursor ? `&cursor=${cursor}` : ""}`, tokens.full);
        expect(page.status).toBe(200);
        seen.push(...page.body.events.map((e: { id: string }) => e.id));
        cursor = page.body.nextCursor;
        if (!page.body.hasMore) return;
      }
    };
    let isDone = false;
    const follower = (async () => {
      while (!isDone) {
        await follow();
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      await follow();
    })();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (issued < OPS) {
          issued++;
          const name = pickOperation();
          count(name);
          virtualNow += random.int(120_000);
          await operations[name]();
        }
      }),
    );
    isDone = true;
    await follower;
    const seconds = (Date.now() - started) / 1000;

    const client = await db();
    const byStatus = await client.approval.groupBy({ by: ["status"], _count: true });
    const violations = await findInvariantViolations();
    const allEvents = (
      await client.event.findMany({ where: { accountId: "org_acme" }, select: { id: true }, orderBy: { id: "asc" } })
    ).map((e) => String(e.id));
    const seenOnce = new Set(seen);
    if (seenOnce.size !== seen.length)
      violations.push(`the feed follower saw ${seen.length - seenOnce.size} events twice`);
    const skipped = allEvents.filter((id) => !seenOnce.has(id));
    if (skipped.length > 0)
      violations.push(`the feed follower's cursor skipped ${skipped.length} events: ${skipped.slice(0, 5).join(", ")}`);
    console.log(
      [
        `races on ${process.env.TEST_DB ?? "sqlite"}: ${OPS} operations, ${CLIENTS} clients, seed ${SEED}, ${seconds.toFixed(1)} s (${(OPS / seconds).toFixed(0)} ops/s)`,
        `  operations: ${JSON.stringify(Object.fromEntries(Object.entries(counts).sort()))}`,
        `  request answers: ${JSON.stringify(Object.fromEntries(statusCounts))}`,
        `  approvals by final status: ${JSON.stringify(Object.fromEntries(byStatus.map((r) => [r.status, r._count])))}`,
        `  feed follower: ${seen.length} events seen of ${allEvents.length}`,
        `  invariant violations: ${violations.length}`,
      ].join("\n"),
    );
    expect(violations).toEqual([]);
    expect(approvalIds.length).toBeGreaterThan(0);
    expect(byStatus.some((r) => r.status === "confirmed")).toBe(true);
  });
});
