import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { buildApiCall, type ApiAnswer, type ApiCaller } from "@/lib/mcp/api-call";
import { localRequestId } from "@/lib/mcp/request-id";
import { errorResult, textResult } from "@/lib/mcp/tool-result";
import { API_TOOLS } from "@/lib/mcp/tools";

// opentrain_wait_for_approval [beyond]: waits until an approval is final or a timeout, made of the API's own calls —
// GET /approvals/{id}, then GET /updates?wait= (the long poll) until something happens, and again. A server without
// the long poll answers /updates at once; then a pause keeps the loop from spinning.

export const WAIT_TOOL_NAME = "opentrain_wait_for_approval";
/** The longest one /updates call is asked to hold (the API allows 30 s; under it, so a proxy's 30 s timeout never cuts it). */
const LONG_POLL_SECONDS = 25;
/** A feed answer quicker than this with no events means no long poll: pause before the next round. */
const QUICK_ANSWER_MS = 1_000;
const PAUSE_MS = 2_000;
/**
 * The default wait. MCP clients time requests out (the SDK's default is 60 s, reset by progress only when the
 * client asks for that): under a minute, a plain client gets an answer instead of a timeout, and calls again.
 */
export const DEFAULT_WAIT_SECONDS = 50;
export const MAX_WAIT_SECONDS = 900;

/** Both waits' timeout argument. */
export const timeoutSecondsArgument = z
  .number()
  .int()
  .min(1)
  .max(MAX_WAIT_SECONDS)
  .default(DEFAULT_WAIT_SECONDS)
  .describe(
    `How long to wait at most (default ${DEFAULT_WAIT_SECONDS}). Progress notifications are sent while waiting.`,
  );

/** The first refused argument of a wait tool: its field path (or "arguments") and zod's message. */
export function refusedArgument(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0];
  return { field: issue.path.map(String).join(".") || "arguments", message: issue.message };
}

export const waitInput = z.object({
  approvalId: z.string().describe("The approval to wait for (approval.id from a money tool)."),
  timeoutSeconds: timeoutSecondsArgument,
  cursor: z.string().optional().describe("Your opentrain_poll_updates cursor, to skip events already seen."),
});

export const WAIT_TOOL = {
  name: WAIT_TOOL_NAME,
  title: "Wait for an approval",
  description:
    "Wait until a human confirms or declines an approval (or it expires, or the timeout passes), sending progress notifications meanwhile. Clients that support URL elicitation are offered the approval link to open. Nothing moves because of this call. Needs payments:read.",
  input: waitInput,
};

export type WaitContext = {
  call: ApiCaller;
  signal: AbortSignal;
  /** One progress notification: `progress` rises with every call. */
  progress: (progress: number, message: string) => Promise<void>;
  /** Offers the approval link to the human (URL elicitation), once, while it is pending. */
  offerLink: (approvalUrl: string, approvalId: string) => void;
  /** The approval is final: the offered link's interaction is over. */
  linkDone: () => void;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
};

const GET_APPROVAL = API_TOOLS.find((tool) => tool.name === "opentrain_get_approval")!;
const POLL_UPDATES = API_TOOLS.find((tool) => tool.name === "opentrain_poll_updates")!;

type Approval = { id: string; status: string; approvalUrl: string; result: unknown };
type FeedPage = { events: { resourceId?: string }[]; nextCursor: string | null; hasMore: boolean };

export async function waitForApproval(rawArgs: unknown, ctx: WaitContext): Promise<CallToolResult> {
  const parsed = waitInput.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    const { field, message } = refusedArgument(parsed.error);
    return errorResult({
      status: 400,
      body: {
        error: `Invalid field "${field}": ${message}`,
        code: "BAD_REQUEST",
        requestId: localRequestId(),
        details: { field },
      },
    });
  }
  const { approvalId, timeoutSeconds } = parsed.data;
  let cursor = parsed.data.cursor;
  const sleep = ctx.sleep ?? pause;
  const started = Date.now();
  const deadline = started + timeoutSeconds * 1000;
  let round = 0;
  let isOffered = false;
  for (;;) {
    const read = await callTool(ctx.call, GET_APPROVAL, { approvalId });
    if (read.status !== 200) return errorResult(read);
    const approval = (read.body as { approval: Approval }).approval;
    if (approval.status !== "pending") {
      if (isOffered) ctx.linkDone();
      return textResult(finalSentence(approval), { approval, isFinal: true, cursor: cursor ?? null });
    }
    if (!isOffered) {
      ctx.offerLink(approval.approvalUrl, approval.id);
      isOffered = true;
    }
    const left = deadline - Date.now();
    if (left <= 0 || ctx.signal.aborted) {
      return textResult(
        [
          `Still pending after ${Math.round((Date.now() - started) / 1000)} s: nothing has moved yet.`,
          `Show this link to your human; a signed-in human must open it and confirm: ${approval.approvalUrl}`,
          `Call ${WAIT_TOOL_NAME} again (with cursor) to keep waiting.`,
        ].join("\n"),
        { approval, isFinal: false, cursor: cursor ?? null },
      );
    }
    round += 1;
    await ctx.progress(
      round,
      `Approval ${approval.id} is pending; waiting for a human to confirm at ${approval.approvalUrl} (${Math.round((Date.now() - started) / 1000)} s of ${timeoutSeconds} s).`,
    );
    // Catch up through the feed (a page at a time, no waiting) until it is at its end or mentions this approval;
    // at the end, hold the call open until something happens or the wait is over.
    for (;;) {
      const asked = Date.now();
      const wait = Math.max(0, Math.min(LONG_POLL_SECONDS, Math.floor((deadline - asked) / 1000)));
      const feed = await callTool(ctx.call, POLL_UPDATES, { cursor, limit: 100 }, { wait: String(wait) });
      if (feed.status === 429) {
        const retry = Number((feed.body as { details?: { retryAfterSeconds?: number } })?.details?.retryAfterSeconds);
        await sleep(
          Math.min((Number.isFinite(retry) ? retry : 1) * 1000, Math.max(deadline - Date.now(), 0)),
          ctx.signal,
        );
        break;
      }
      if (feed.status !== 200) return errorResult(feed);
      const page = feed.body as FeedPage;
      cursor = page.nextCursor ?? cursor;
      if (page.events.length === 0) {
        if (Date.now() - asked < QUICK_ANSWER_MS)
          await sleep(Math.min(PAUSE_MS, Math.max(deadline - Date.now(), 0)), ctx.signal);
        break;
      }
      if (!page.hasMore || page.events.some((event) => event.resourceId === approvalId)) break;
      if (ctx.signal.aborted) break;
    }
  }
}

/**
 * One API call through a tool's own table row. `extraQuery` adds what the loop asks beyond the tool's inputs: the
 * long poll's `wait`, which a server without it ignores (parseQuery reads only its own keys).
 */
function callTool(
  call: ApiCaller,
  tool: (typeof API_TOOLS)[number],
  args: Record<string, unknown>,
  extraQuery: Record<string, string> = {},
): Promise<ApiAnswer> {
  const built = buildApiCall(tool, args);
  if (built.error) return Promise.resolve({ status: 400, body: built.error });
  const [path, search = ""] = built.call.pathAndQuery.split("?");
  const query = new URLSearchParams(search);
  for (const [name, value] of Object.entries(extraQuery)) query.set(name, value);
  return call({ ...built.call, pathAndQuery: query.size > 0 ? `${path}?${query}` : path });
}

function finalSentence(approval: Approval): string {
  const outcome: Record<string, string> = {
    confirmed: "A human confirmed it: the action has executed.",
    declined: "A human declined it: nothing moved.",
    expired: "Nobody confirmed it in time: it expired and nothing moved.",
    cancelled: "It was withdrawn or voided: nothing moved.",
  };
  return `Approval ${approval.id} is ${approval.status}. ${outcome[approval.status] ?? ""}`.trim();
}

/** Sleeps `ms`, or less if `signal` aborts (the waiting tools share it). */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
