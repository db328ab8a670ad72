import { parseQuery } from "@/lib/api/parse";
import { otherMethods } from "@/lib/api/respond";
import { FEED_READ } from "@/lib/api/gates";
import { withAgent } from "@/lib/api/with-agent";
import { anyDueApprovalPreload, listUpdates, updatesPageJson } from "@/lib/events/list-updates";
import { updatesQuery } from "@/lib/events/schemas";

// GET /api/public/v1/updates?cursor=&limit= — the event feed, oldest first, filtered by the token's scopes
export const GET = withAgent(
  { ...FEED_READ, preload: anyDueApprovalPreload },
  async ({ principal, request, preloaded }) => {
    const query = parseQuery(updatesQuery, request);
    const page = await listUpdates({
      accountId: principal.accountId,
      scopes: principal.scopes,
      ...query,
      anyDue: preloaded,
    });
    return { status: 200, body: updatesPageJson(page) };
  },
);

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
