import { expect, it } from "vitest";
import type { ApiAnswer, ApiCall, ApiCaller } from "@/lib/mcp/api-call";
import { waitForClaim, type WaitForClaimContext } from "@/lib/mcp/wait-for-claim";

// The claim-polling loop against a scripted token endpoint: what it sends, how long it pauses, what it answers.
const pending = { status: 400, body: { error: "authorization_pending", error_description: "No human yet." } };
const slowDown = { status: 400, body: { error: "slow_down", error_description: "Poll at most once every 5 seconds." } };
const token = { status: 200, body: { access_token: "ot_pat_new", token_type: "bearer", scopes: ["jobs:read"] } };

function scripted(answers: ApiAnswer[]) {
  const calls: ApiCall[] = [];
  const call: ApiCaller = async (c) => {
    calls.push(c);
    return answers.length > 1 ? answers.shift()! : answers[0];
  };
  const seen = { sleeps: [] as number[], progress: [] as string[] };
  const ctx: WaitForClaimContext = {
    call,
    signal: new AbortController().signal,
    progress: async (_, message) => void seen.progress.push(message),
    sleep: async (ms) => void seen.sleeps.push(ms),
  };
  return { ctx, calls, seen };
}

it("polls the claim grant at the interval, 5 s slower after each slow_down, and answers the post-claim token", async () => {
  const { ctx, calls, seen } = scripted([pending, slowDown, pending, token]);
  const result = await waitForClaim({ claim_token: "ot_clm_1", timeoutSeconds: 600 }, ctx);
  expect(result.isError).toBeFalsy();
  expect(result.structuredContent).toEqual({ claimed: true, ...token.body });
  expect(calls).toHaveLength(4);
  expect(calls[0]).toMatchObject({
    base: "/api/agent",
    pathAndQuery: "/oauth/token",
    isForm: true,
    body: { claim_token: "ot_clm_1", grant_type: "urn:opentrain:agent-auth:grant-type:claim" },
  });
  expect(seen.sleeps).toEqual([5_000, 10_000, 10_000]);
  expect(seen.progress).toHaveLength(3);
  expect(seen.progress[1]).toContain("slow_down");
});

it("a failed grant is an isError result carrying the OAuth body", async () => {
  const { ctx, seen } = scripted([
    pending,
    { status: 400, body: { error: "expired_token", error_description: "The code expired." } },
  ]);
  const result = await waitForClaim({ claim_token: "ot_clm_1", interval: 7 }, ctx);
  expect(result.isError).toBe(true);
  expect(result.structuredContent).toEqual({ error: "expired_token", error_description: "The code expired." });
  expect(result.content).toEqual([expect.objectContaining({ text: expect.stringContaining("400 expired_token") })]);
  expect(seen.sleeps).toEqual([7_000]);
});

it("past the timeout it answers still pending, not an error, without sleeping beyond it", async () => {
  const { ctx, calls, seen } = scripted([pending]);
  const result = await waitForClaim({ claim_token: "ot_clm_1", timeoutSeconds: 3 }, ctx);
  expect(result.isError).toBeFalsy();
  expect(result.structuredContent).toMatchObject({ claimed: false, error: "authorization_pending" });
  expect(calls).toHaveLength(1);
  expect(seen.sleeps).toEqual([]);
});

it("bad arguments are invalid_request, before any call", async () => {
  const { ctx, calls } = scripted([pending]);
  const result = await waitForClaim({ interval: 5 }, ctx);
  expect(result.isError).toBe(true);
  expect(result.structuredContent).toMatchObject({ error: "invalid_request" });
  expect(calls).toEqual([]);
});
