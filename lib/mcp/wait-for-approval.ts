import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { buildApiCall, type ApiAnswer, type ApiCaller } from "@/lib/mcp/api-call";
import { localRequestId } from "@/lib/mcp/request-id";
import { errorResult, textResult } from "@/lib/mcp/tool-result";
import { API_TOOLS } from "@/lib/mcp/tools";

// opentrain_wait_for_approval [beyond]: waits until an approval is final or a timeout, made of the API's own calls —
// GET /approvals/{id}, then GET /updates?wait= (the long poll) until something happens, and again. A server without
// the long poll answers /updates at once; then a pause keeps the loop from spinning. The feed serves as the wake
// only: every round reads the approval again, so an event the feed skips costs at most one long poll's delay.
//
// Without a cursor, the loop starts from the feed's end (findFeedEnd), not its beginning: paging an account's whole
// history, 100 events a call, made one wait hundreds of calls (429s, a timeout before any long poll).

export const WAIT_TOOL_NAME = "opentrain_wait_for_approval";
/** What one /updates call asks for (the API's maximum). */
const PAGE_SIZE = 100;
/** The largest cursor the API takes (an event id of at most 15 digits, lib/events/schemas.ts). */
const MAX_CURSOR = 999_999_999_999_999;
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
  let isAtFeedEnd = cursor !== undefined;
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
    if (!isAtFeedEnd) {
      isAtFeedEnd = true;
      const end = await findFeedEnd(ctx, sleep, deadline);
      if ("failed" in end) return errorResult(end.failed);
      cursor = end.cursor;
      // Read the approval once more: a change before the end was found shows there, any later one lies past it.
      continue;
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
      const feed = await callTool(ctx.call, POLL_UPDATES, { cursor, limit: PAGE_SIZE }, { wait: String(wait) });
      if (feed.status === 429) {
        await sleep(retryDelay(feed, deadline), ctx.signal);
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

/** The wait a 429 asks for (details.retryAfterSeconds, else 1 s), never past the deadline. */
function retryDelay(answer: ApiAnswer, deadline: number): number {
  const retry = Number((answer.body as { details?: { retryAfterSeconds?: number } })?.details?.retryAfterSeconds);
  return Math.min((Number.isFinite(retry) ? retry : 1) * 1000, Math.max(deadline - Date.now(), 0));
}

/**
 * The feed's end for this token — its newest event id, as a cursor; undefined while the feed is empty — in a
 * number of calls that grows with the log of the event ids, not with the account's history. The API has no
 * "newest cursor" and an approval carries no event id, but GET /updates?cursor=c tells whether anything lies past
 * c: from the first page, gallop up (c + 100, + 200, + 400, …) until nothing lies past, then halve the gap until it
 * holds at most one page, and read that page (any probe that answers a last page ends the search at once). Each
 * probe is one read of at most 100 rows, with no wait: about 2 × log2(newest id / 100) of them at most (~27 for a
 * million ids, ~50 where the 32-bit event ids end), against one call per 100 events of history before.
 */
async function findFeedEnd(
  ctx: WaitContext,
  sleep: NonNullable<WaitContext["sleep"]>,
  deadline: number,
): Promise<{ cursor: string | undefined } | { failed: ApiAnswer }> {
  /** The page past `after`, waiting out a 429 (until the deadline: then its answer). */
  const pageAfter = async (after: number | undefined): Promise<ApiAnswer> => {
    for (;;) {
      const feed = await callTool(ctx.call, POLL_UPDATES, { cursor: after?.toString(), limit: PAGE_SIZE });
      if (feed.status !== 429 || Date.now() >= deadline || ctx.signal.aborted) return feed;
      await sleep(retryDelay(feed, deadline), ctx.signal);
    }
  };
  const first = await pageAfter(undefined);
  if (first.status !== 200) return { failed: first };
  const firstPage = first.body as FeedPage;
  if (!firstPage.hasMore) return { cursor: firstPage.nextCursor ?? undefined };
  // Invariants: `low` is an event's id (so the end is at or past it); nothing lies past `high`.
  let low = Number(firstPage.nextCursor);
  let high: number | undefined;
  let step = PAGE_SIZE;
  for (;;) {
    if (ctx.signal.aborted) return { cursor: String(low) };
    let probe: number;
    if (high === undefined) probe = Math.min(low + step, MAX_CURSOR);
    // At most one page lies past `low`: reading it answers the end.
    else if (high - low <= PAGE_SIZE) probe = low;
    else probe = Math.floor((low + high) / 2);
    step *= 2;
    const feed = await pageAfter(probe);
    // Still limited at the deadline, or aborted: `low` is a right cursor, only further from the end.
    if (feed.status === 429) return { cursor: String(low) };
    if (feed.status !== 200) return { failed: feed };
    const page = feed.body as FeedPage;
    if (page.events.length > 0 && !page.hasMore) return { cursor: page.nextCursor ?? String(low) };
    if (page.events.length > 0) low = Number(page.nextCursor);
    else if (probe === low) return { cursor: String(low) };
    else high = probe;
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
