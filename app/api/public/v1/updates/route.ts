import { parseQuery } from "@/lib/api/parse";
import { JsonTextLater, otherMethods } from "@/lib/api/respond";
import { FEED_READ } from "@/lib/api/gates";
import { withAgent } from "@/lib/api/with-agent";
import { anyDueApprovalPreload, updatesPageJson } from "@/lib/events/list-updates";
import { updatesQuery } from "@/lib/events/schemas";
import { waitForUpdates } from "@/lib/events/wait-for-updates";

// GET /api/public/v1/updates?cursor=&limit=&wait= — the event feed, oldest first, filtered by the token's scopes;
// with wait, held until a readable event commits (long poll)
export const GET = withAgent(
  { ...FEED_READ, preload: anyDueApprovalPreload },
  async ({ principal, request, preloaded }) => {
    const { wait, ...query } = parseQuery(updatesQuery, request);
    const outcome = await waitForUpdates({
      accountId: principal.accountId,
      tokenId: principal.tokenId,
      scopes: principal.scopes,
      ...query,
      anyDue: preloaded,
      waitSeconds: wait,
      signal: request.signal,
    });
    // A held poll answers 200 with its headers now and its body at the wake: the wake's work stays one write.
    const body =
      "page" in outcome
        ? updatesPageJson(outcome.page)
        : new JsonTextLater(outcome.later.then((page) => updatesPageJson(page).text));
    return { status: 200, body };
  },
);

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
