import { otherMethods } from "@/lib/api/respond";
import { withAgent } from "@/lib/api/with-agent";

// GET /api/public/v1/auth/me — who this token is and what its account may do
export const GET = withAgent({}, async ({ principal }) => ({
  status: 200,
  body: {
    actor: { type: "agent", tokenId: principal.tokenId },
    token: { id: principal.tokenId, label: principal.tokenLabel, scopes: principal.scopes },
    account: {
      organizationId: principal.accountId,
      claimed: principal.account.isClaimed,
      features: principal.account.features,
    },
  },
}));

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
