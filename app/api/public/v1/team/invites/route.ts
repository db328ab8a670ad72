import { TEAM_WRITE } from "@/lib/api/gates";
import { parseJsonBody } from "@/lib/api/parse";
import { otherMethods } from "@/lib/api/respond";
import { withAgent } from "@/lib/api/with-agent";
import { inviteMember } from "@/lib/team/invite-member";
import { inviteMemberBody } from "@/lib/team/schemas";

// POST /api/public/v1/team/invites — invite a MEMBER by email (an existing human joins at once)
export const POST = withAgent(TEAM_WRITE, async ({ principal, request }) => {
  const { email } = await parseJsonBody(request, inviteMemberBody);
  return {
    status: 200,
    body: await inviteMember({ accountId: principal.accountId, email }),
  };
});

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
