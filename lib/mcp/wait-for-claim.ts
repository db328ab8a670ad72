import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { POLL_INTERVAL_SECONDS } from "@/lib/agent-auth/claim-terms";
import { buildApiCall, type ApiCaller } from "@/lib/mcp/api-call";
import { errorResult, textResult } from "@/lib/mcp/tool-result";
import { API_TOOLS } from "@/lib/mcp/tools";
import { pause, refusedArgument, timeoutSecondsArgument } from "@/lib/mcp/wait-for-approval";

// opentrain_wait_for_claim [beyond]: the claim grant's polling (RFC 8628 §3.4–3.5) done for the agent, made of the
// one API call opentrain_exchange_claim makes — POST /api/agent/oauth/token — every `interval` seconds, five more
// after each slow_down, until the post-claim token arrives, the grant fails (invalid_grant, expired_token: isError
// with the OAuth body) or the timeout passes (still pending, not an error). Stdio only, like the other identity tools.

export const WAIT_FOR_CLAIM_TOOL_NAME = "opentrain_wait_for_claim";
/** RFC 8628 §3.5: after slow_down, the interval grows by 5 seconds for this and every later poll. */
const SLOW_DOWN_STEP_SECONDS = 5;

export const waitForClaimInput = z.object({
  claim_token: z.string().describe("The claim_token from opentrain_register_agent."),
  interval: z
    .number()
    .int()
    .min(1)
    .max(60)
    .default(POLL_INTERVAL_SECONDS)
    .describe(`Seconds between polls: the interval opentrain_start_claim answered (default ${POLL_INTERVAL_SECONDS}).`),
  timeoutSeconds: timeoutSecondsArgument,
});

export const WAIT_FOR_CLAIM_TOOL = {
  name: WAIT_FOR_CLAIM_TOOL_NAME,
  title: "Wait for the claim",
  description:
    "After opentrain_start_claim: wait until your human has claimed the account, polling the token endpoint at its interval (slower after slow_down) and sending progress notifications, then answer the post-claim access_token (shown once). No token needed.",
  input: waitForClaimInput,
};

export type WaitForClaimContext = {
  call: ApiCaller;
  signal: AbortSignal;
  progress: (progress: number, message: string) => Promise<void>;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
};

const EXCHANGE = API_TOOLS.find((tool) => tool.name === "opentrain_exchange_claim")!;

export async function waitForClaim(rawArgs: unknown, ctx: WaitForClaimContext): Promise<CallToolResult> {
  const parsed = waitForClaimInput.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    const { field, message } = refusedArgument(parsed.error);
    return errorResult({
      status: 400,
      body: { error: "invalid_request", error_description: `Invalid field "${field}": ${message}` },
    });
  }
  const { claim_token, timeoutSeconds } = parsed.data;
  let interval = parsed.data.interval;
  const sleep = ctx.sleep ?? pause;
  const started = Date.now();
  const deadline = started + timeoutSeconds * 1000;
  const { call } = buildApiCall(EXCHANGE, { claim_token });
  for (let round = 1; ; round++) {
    const answer = await ctx.call(call!);
    const body = (answer.body ?? {}) as Record<string, unknown>;
    if (answer.status === 200)
      return textResult(
        "Your human has claimed the account. access_token is your post-claim token, shown only this once: use it from now on (as OPENTRAIN_PERSONAL_API_TOKEN); the pre-claim tokens are revoked.",
        { claimed: true, ...body },
      );
    if (body.error === "slow_down") interval += SLOW_DOWN_STEP_SECONDS;
    else if (body.error !== "authorization_pending") return errorResult(answer);
    const waited = Math.round((Date.now() - started) / 1000);
    if (Date.now() + interval * 1000 > deadline || ctx.signal.aborted)
      return textResult(
        `Not claimed yet after ${waited} s. Your human must open the link from opentrain_start_claim, signed in with the email you gave, and type the code; call ${WAIT_FOR_CLAIM_TOOL_NAME} again to keep waiting.`,
        { claimed: false, ...body },
      );
    await ctx.progress(
      round,
      `Not claimed yet (${String(body.error)}); polling again in ${interval} s (${waited} s of ${timeoutSeconds} s).`,
    );
    await sleep(interval * 1000, ctx.signal);
  }
}
