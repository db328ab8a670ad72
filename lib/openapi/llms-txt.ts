import "server-only";
import { OPERATIONS, TAGS, type Operation } from "@/lib/openapi/routes";

// /llms.txt (llmstxt.org): the API in words for agents reading the site. The endpoint list comes from the registry
// (lib/openapi/routes.ts), the same one the OpenAPI document is built from, so it cannot drift from what is served.

function gatesOf(operation: Operation): string {
  if (operation.kind === "oauth") return "no token";
  if (operation.kind === "open") return "no token";
  const { gates } = operation;
  const parts = [
    ...(gates.scopes ?? []),
    ...(gates.anyScope?.length ? [`one of ${gates.anyScope.join("|")}`] : []),
    ...(gates.feature ? [`feature ${gates.feature}`] : []),
    ...(gates.claimed ? ["claimed account"] : []),
  ];
  return parts.length > 0 ? parts.join(", ") : "any valid token";
}

function endpointLines(): string[] {
  const lines: string[] = [];
  for (const tag of Object.keys(TAGS) as (keyof typeof TAGS)[]) {
    const operations = OPERATIONS.filter((operation) => operation.tag === tag);
    if (operations.length === 0) continue;
    lines.push("", `### ${tag}`, "", TAGS[tag], "");
    for (const operation of operations) {
      const statuses = Object.keys(operation.responses).join("/");
      const reasons =
        operation.kind === "agent" && operation.conflicts ? `; 409 ${operation.conflicts.join(", ")}` : "";
      lines.push(
        `- \`${operation.method} ${operation.path}\` → ${statuses}: ${operation.summary} (${gatesOf(operation)}${reasons})`,
      );
    }
  }
  return lines;
}

export function llmsTxt(baseUrl: string): string {
  return [
    "# Co-sign payments API",
    "",
    "> Payments requested by AI agents and co-signed by a human. Money never moves because of an API call alone: the API records a pending approval and answers 202 with an `approvalUrl`; a signed-in human confirms on that page; only the confirmation executes, atomically, exactly once.",
    "",
    "## The co-sign rule",
    "",
    "- Every money request (`/milestones/{id}/approve`, `/milestones/{id}/fund`, `/proposals/{id}/hire`, `/contracts/{id}/end` with funded milestones) answers `202 {approval, message}`. Nothing has moved yet.",
    "- Show `approval.approvalUrl` to your human and tell them that nothing happens until they confirm it there. Never claim a payment was made before the approval reads `confirmed`.",
    "- Watch the outcome: `GET /api/public/v1/approvals/{approvalId}` or the feed `GET /api/public/v1/updates` (event `approval.confirmed`, fired for every final state; the outcome is `data.status`: confirmed, declined, expired or cancelled).",
    "- Asking again while one is pending returns the same approval.",
    "",
    "## Auth",
    "",
    "- `Authorization: Bearer ot_pat_<publicId>_<secret>` on every `/api/public/v1` call (except openapi.json).",
    "- Gates, in this order: 401 bad token → 403 scope (`details.requiredScopes`) → 403 feature flag (`details.featureKey`) → 403 `account_claim_required` (`details.claimUrl`) → 404 not yours or missing → 409 with `details.reason` from the endpoint's closed list.",
    "- Errors: `{error, code, requestId, details}`; `/api/agent/*` answers OAuth's `{error, error_description}` instead.",
    "",
    "## Getting an account: the claim flow",
    "",
    "1. `POST /api/agent/identity` → an unclaimed account, a pre-claim `access_token` (no `payments:write`) and a `claim_token`.",
    "2. `POST /api/agent/identity/claim {claim_token, email}` → `user_code` and `verification_uri`. Give both to your human: they open the link, sign in or sign up with that email, and type the code.",
    "3. Poll `POST /api/agent/oauth/token` (form `grant_type=urn:opentrain:agent-auth:grant-type:claim&claim_token=…`) no faster than `interval` seconds: `authorization_pending` until claimed, then the post-claim token, exactly once. Pre-claim tokens are revoked then.",
    "4. Moving money needs `payments:write`, which no agent token gets by itself: the human mints such a token on the settings page (API keys).",
    "",
    "## Endpoints",
    ...endpointLines(),
    "",
    "## Reference",
    "",
    `- [OpenAPI 3.1 document](${baseUrl}/api/public/v1/openapi.json): every path, method, scope, feature flag, status and body schema.`,
    `- [API reference](${baseUrl}/docs/api): the same document, readable.`,
    "",
  ].join("\n");
}
