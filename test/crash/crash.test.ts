import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { dropDatabase, ENGINE } from "../support/databases";
import { findInvariantViolations } from "../support/invariants";
import { seededRandom, seedFromEnv } from "../support/random";
import {
  freePort,
  postActionForm,
  prepareServerDatabase,
  readActionForm,
  signInSession,
  TestServer,
  type DemoFixtures,
} from "../support/server";

// A real server is killed with SIGKILL at random moments while humans' confirmations are in flight, then restarted on
// the same database. After every round every invariant holds, and every approval is either untouched or wholly
// executed. Size: CRASH_ROUNDS (default 12); CRASH_SEED replays a run.
const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 12);
const SEED = seedFromEnv("CRASH_SEED");
/** The kill lands somewhere in the first MAX_DELAY_MS after the confirmations are sent. */
const MAX_DELAY_MS = Number(process.env.CRASH_MAX_DELAY_MS ?? 1200);

let server: TestServer;
let fixtures: DemoFixtures;
let databaseUrl: string;

beforeAll(async () => {
  ({ databaseUrl, fixtures } = await prepareServerDatabase(`cosign_crash_${process.pid}`));
  process.env.DATABASE_URL = databaseUrl;
  resetEnvCache();
  server = new TestServer(databaseUrl, await freePort());
});

afterAll(async () => {
  await server?.kill();
  await disconnectDb();
  if (databaseUrl) await dropDatabase(databaseUrl);
});

async function api(path: string, body?: unknown) {
  const res = await fetch(`${server.url}/api/public/v1${path}`, {
    method: body === undefined && !path.endsWith("/approve") && !path.endsWith("/fund") ? "GET" : "POST",
    headers: { authorization: `Bearer ${fixtures.tokens.full}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

describe(`crash: ${ROUNDS} rounds of SIGKILL during confirmations on ${ENGINE} (seed ${SEED})`, () => {
  it("leaves every approval untouched or wholly executed", { timeout: 600_000 }, async () => {
    const random = seededRandom(SEED);
    const client = await db();
    const tally = { executed: 0, untouched: 0, requestsCutOff: 0 };
    let fundedIds: string[] = [];

    for (let round = 1; round <= ROUNDS; round++) {
      await server.start();
      const { cookie } = await signInSession(server.url, fixtures.humans[0].email, fixtures.humans[0].password);

      // This round's work: fund a few new milestones, release the ones funded in earlier rounds.
      const approvals: string[] = [];
      for (let i = 0; i < 4; i++) {
        const created = await api(`/contracts/${fixtures.contracts.active}/milestones`, {
          description: `crash round ${round}`,
          amountUsd: 1 + random.int(20),
        });
        const fund = await api(`/milestones/${created.body.milestone.id}/fund`, {});
        expect(fund.status).toBe(202);
        approvals.push(fund.body.approval.id);
      }
      for (const milestoneId of fundedIds) {
        const release = await api(`/milestones/${milestoneId}/approve`, {});
        if (release.status === 202) approvals.push(release.body.approval.id);
      }
      const before = new Map(
        (await client.approval.findMany({ where: { id: { in: approvals } }, include: { milestone: true } })).map(
          (a) => [a.id, a.milestone!.status],
        ),
      );
      const forms = await Promise.all(approvals.map((id) => readActionForm(server.url, cookie, id, "confirm")));

      // Every confirmation at once (some twice: a double click), and the power goes out somewhere in the middle.
      const headers = { cookie, origin: server.url };
      const inFlight = forms.flatMap((fields, i) =>
        Array.from({ length: 1 + random.int(2) }, () =>
          postActionForm(server.url, `/approvals/${approvals[i]}`, fields!, headers).then(
            (res) => `answered ${res.status}`,
            () => "cut off",
          ),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, random.int(MAX_DELAY_MS)));
      await server.kill();
      const results = await Promise.all(inFlight);
      tally.requestsCutOff += results.filter((r) => r === "cut off").length;
      if (process.env.CRASH_DEBUG) console.log(`round ${round}:`, results.join(", "));

      // After the crash, straight from the database: all or nothing per approval.
      const violations = await findInvariantViolations();
      expect(violations, `round ${round}`).toEqual([]);
      const after = await client.approval.findMany({ where: { id: { in: approvals } }, include: { milestone: true } });
      for (const approval of after) {
        const moved = await client.ledgerTransaction.count({ where: { approvalId: approval.id } });
        if (approval.status === "confirmed") {
          tally.executed++;
          expect(moved).toBe(1);
          expect(approval.milestone!.status).toBe(approval.type === "milestone_fund" ? "ACTIVE_FUNDED" : "COMPLETED");
          expect(JSON.parse(approval.result!)).toHaveProperty("invoiceId");
        } else {
          tally.untouched++;
          expect(approval.status).toBe("pending");
          expect(moved).toBe(0);
          expect(approval.milestone!.status).toBe(before.get(approval.id));
        }
      }
      fundedIds = (
        await client.milestone.findMany({
          where: { status: "ACTIVE_FUNDED", contractId: fixtures.contracts.active },
          select: { id: true },
        })
      ).map((m) => m.id);
    }
    console.log(
      `crash on ${ENGINE}: ${ROUNDS} rounds, seed ${SEED}: ${tally.executed} approvals wholly executed, ${tally.untouched} untouched, ${tally.requestsCutOff} requests cut off by SIGKILL, 0 half-done`,
    );
    expect(tally.executed).toBeGreaterThan(0);
  });
});
