import { TEAM_READ } from "@/lib/api/gates";
import { otherMethods } from "@/lib/api/respond";
import { withAgent } from "@/lib/api/with-agent";
import { getTeam } from "@/lib/team/get-team";

// GET /api/public/v1/team — the account's owner, members and open invitations
export const GET = withAgent(TEAM_READ, async ({ principal }) => ({
  status: 200,
  body: { team: await getTeam({ accountId: principal.accountId }) },
}));

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
