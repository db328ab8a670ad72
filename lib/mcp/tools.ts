import { z } from "zod";
import { CLAIM_GRANT_TYPE } from "@/lib/agent-auth/claim-terms";
import { exchangeClaimForm, registerAgentInput, revokeTokenForm, startClaimInput } from "@/lib/agent-auth/schemas";
import { approvalIdParams, listApprovalsQuery } from "@/lib/approvals/schemas";
import { listContractsQuery } from "@/lib/contracts/schemas";
import { createTopUpBody, creditLedgerQuery, topUpIdParams } from "@/lib/credits/schemas";
import { updatesQuery } from "@/lib/events/schemas";
import { jobIdParams, listJobsQuery } from "@/lib/jobs/schemas";
import { contractIdParams, createMilestoneBody, milestoneIdParams } from "@/lib/milestones/schemas";
import { hireBody, listProposalsQuery, proposalIdParams } from "@/lib/proposals/schemas";
import { inviteMemberBody } from "@/lib/team/schemas";
import { createTokenBody, tokenIdParams } from "@/lib/tokens/schemas";
import { createWebhookBody, webhookIdParams } from "@/lib/webhooks/schemas";

// The MCP tools, one per endpoint of the public API, in one table (docs/decisions/0018-mcp-server.md). Each is one
// API call: method, path template, and the request's own schemas — path params, query, body — from lib/<domain>/
// schemas.ts, so a tool's input is the endpoint's input and nothing else. Names are OpenTrain's where it has the
// tool ([ours] otherwise); this module is pure (no server code): the stdio bin loads it too. The agent-identity
// ceremony (/api/agent, OAuth's wire shape) is in the same table: its rows name their base path, and the two OAuth
// endpoints take a form body.

export type ApiMethod = "GET" | "POST" | "DELETE";

/**
 * What a tool's success asks of the human: a pending approval whose approvalUrl they must open and confirm, or a
 * checkout (top-up) whose checkoutUrl they must complete (either way nothing has moved yet), or a claim: open
 * verification_uri, signed in with the email the agent named, and type the user_code.
 */
export type HumanStep = "approval" | "checkout" | "claim";

/** Where a tool's endpoint lives: the public API (the default) or the agent-identity endpoints. */
export const PUBLIC_API_BASE = "/api/public/v1";
export const AGENT_API_BASE = "/api/agent";

export type ApiTool = {
  name: `opentrain_${string}`;
  title: string;
  description: string;
  method: ApiMethod;
  /** The endpoint's base path when it is not the public API's (/api/public/v1). */
  base?: typeof AGENT_API_BASE;
  /** The path under the base, with `{param}` for each path parameter. */
  path: string;
  params?: z.ZodRawShape;
  query?: z.ZodRawShape;
  /** The body; its fields are the tool's arguments beside the path params. */
  body?: z.ZodObject;
  /** The body is form-encoded (RFC 6749 and RFC 7009 endpoints), not JSON. */
  isForm?: boolean;
  /** Body fields the tool always sends, not arguments (the claim grant's grant_type). */
  fixedBody?: Record<string, string>;
  /** Offered over stdio only: /api/mcp needs a bearer token, these are for an agent that has none (decision 0018). */
  isStdioOnly?: boolean;
  humanStep?: HumanStep;
  /** What a success means, in words, for tools whose result is not a money step. */
  successNote?: string;
  /** Reads only (the MCP readOnlyHint). */
  isReadOnly?: boolean;
};

const NO_MONEY = "No money moves.";
const CO_SIGN =
  "Never moves money: it records a pending approval and answers with approval.approvalUrl, which a signed-in human must open and confirm. Show that link to your human, then call opentrain_wait_for_approval.";

export const API_TOOLS = [
  {
    name: "opentrain_auth_status",
    title: "Who am I",
    description: "The token's id, label and scopes, and its account: claimed or not, and its enabled features.",
    method: "GET",
    path: "/auth/me",
    isReadOnly: true,
  },
  {
    name: "opentrain_list_jobs",
    title: "List jobs",
    description: "The account's jobs, newest first (jobs:read). Paginate with cursor = the previous nextCursor.",
    method: "GET",
    path: "/jobs",
    query: listJobsQuery,
    isReadOnly: true,
  },
  {
    name: "opentrain_get_job",
    title: "Get a job",
    description: "One of the account's jobs (jobs:read).",
    method: "GET",
    path: "/jobs/{jobId}",
    params: jobIdParams,
    isReadOnly: true,
  },
  {
    name: "opentrain_list_proposals",
    title: "List a job's proposals",
    description: "The proposals (candidates) on one of the account's jobs (proposals:read).",
    method: "GET",
    path: "/jobs/{jobId}/proposals",
    params: jobIdParams,
    query: listProposalsQuery,
    isReadOnly: true,
  },
  {
    name: "opentrain_get_proposal",
    title: "Get a proposal",
    description: "One proposal on one of the account's jobs (proposals:read).",
    method: "GET",
    path: "/proposals/{proposalId}",
    params: proposalIdParams,
    isReadOnly: true,
  },
  {
    name: "opentrain_hire_proposal",
    title: "Request a hire",
    description: `Request hiring a proposal's trainer: on confirmation a contract is created and milestone 1 (amount in dollars) funded. ${CO_SIGN} Needs proposals:write, the public_api_hiring feature and a claimed account.`,
    method: "POST",
    path: "/proposals/{proposalId}/hire",
    params: proposalIdParams,
    body: hireBody,
    humanStep: "approval",
  },
  {
    name: "opentrain_list_contracts",
    title: "List contracts",
    description: "The account's contracts with their milestones (payments:read).",
    method: "GET",
    path: "/contracts",
    query: listContractsQuery,
    isReadOnly: true,
  },
  {
    name: "opentrain_get_contract",
    title: "Get a contract",
    description: "One contract with its milestones (payments:read).",
    method: "GET",
    path: "/contracts/{contractId}",
    params: contractIdParams,
    isReadOnly: true,
  },
  {
    name: "opentrain_create_milestone",
    title: "Create a milestone",
    description: `Add a NOT_FUNDED milestone to an active contract (amountUsd in dollars). ${NO_MONEY} Needs payments:write.`,
    method: "POST",
    path: "/contracts/{contractId}/milestones",
    params: contractIdParams,
    body: createMilestoneBody,
  },
  {
    name: "opentrain_request_milestone_funding",
    title: "Request funding of a milestone",
    description: `Request moving a NOT_FUNDED milestone's amount into escrow. ${CO_SIGN} Needs payments:write, the public_api_payments_write feature and a claimed account.`,
    method: "POST",
    path: "/milestones/{milestoneId}/fund",
    params: milestoneIdParams,
    humanStep: "approval",
  },
  {
    name: "opentrain_request_milestone_approval",
    title: "Request release of a milestone",
    description: `Request release of an ACTIVE_FUNDED milestone's escrow to the trainer. ${CO_SIGN} Re-requesting returns the same pending approval. Needs payments:write, the public_api_payments_write feature and a claimed account.`,
    method: "POST",
    path: "/milestones/{milestoneId}/approve",
    params: milestoneIdParams,
    humanStep: "approval",
  },
  {
    name: "opentrain_end_contract",
    title: "End a contract",
    description: `End a contract: with no funded milestone it ends at once (nothing to move); otherwise the human chooses, per funded milestone, refund or release. ${CO_SIGN} Needs payments:write.`,
    method: "POST",
    path: "/contracts/{contractId}/end",
    params: contractIdParams,
    humanStep: "approval",
  },
  {
    name: "opentrain_get_approval",
    title: "Get an approval",
    description:
      "An approval's status (pending, confirmed, declined, expired, cancelled) and result (payments:read). To wait for the human, use opentrain_wait_for_approval.",
    method: "GET",
    path: "/approvals/{approvalId}",
    params: approvalIdParams,
    isReadOnly: true,
  },
  {
    name: "opentrain_list_approvals",
    title: "List approvals",
    description: "The account's approvals, newest first, optionally by status and type (payments:read).",
    method: "GET",
    path: "/approvals",
    query: listApprovalsQuery,
    isReadOnly: true,
  },
  {
    name: "opentrain_cancel_approval",
    title: "Withdraw an approval",
    description: `Withdraw a pending approval of the account's (it becomes cancelled). ${NO_MONEY} Needs payments:write.`,
    method: "POST",
    path: "/approvals/{approvalId}/cancel",
    params: approvalIdParams,
  },
  {
    name: "opentrain_get_credits",
    title: "Get credits",
    description: "The account's available and reserved credit and its latest movements (payments:read).",
    method: "GET",
    path: "/credits",
    isReadOnly: true,
  },
  {
    name: "opentrain_list_credit_ledger",
    title: "List credit movements",
    description: "The account's credit ledger, newest first (payments:read).",
    method: "GET",
    path: "/credits/ledger",
    query: creditLedgerQuery,
    isReadOnly: true,
  },
  {
    name: "opentrain_create_credit_top_up",
    title: "Start a credit top-up",
    description:
      "Start a sandbox checkout for amountUsd (10–10,000). Charges nothing by itself: a signed-in owner must open checkoutUrl and pay. Show that link to your human. Needs payments:write and a claimed account.",
    method: "POST",
    path: "/credits/top-ups",
    body: createTopUpBody,
    humanStep: "checkout",
  },
  {
    name: "opentrain_get_credit_top_up",
    title: "Get a top-up",
    description: "A top-up's status (PENDING, COMPLETED, EXPIRED, CANCELED) and its checkoutUrl (payments:read).",
    method: "GET",
    path: "/credits/top-ups/{topUpId}",
    params: topUpIdParams,
    isReadOnly: true,
  },
  {
    name: "opentrain_poll_updates",
    title: "Poll the event feed",
    description:
      "Events after cursor, oldest first (ids only; read details with the get tools). Pass the returned nextCursor as cursor next time.",
    method: "GET",
    path: "/updates",
    query: updatesQuery,
    isReadOnly: true,
  },
  {
    name: "opentrain_list_tokens",
    title: "List API tokens",
    description: "The account's API tokens (never their secrets).",
    method: "GET",
    path: "/tokens",
    isReadOnly: true,
  },
  {
    name: "opentrain_create_token",
    title: "Mint an API token",
    description:
      "Mint a token with at most this token's scopes (an empty call clones them); the whole token is shown once. Needs a claimed account.",
    method: "POST",
    path: "/tokens",
    body: createTokenBody,
  },
  {
    name: "opentrain_revoke_token",
    title: "Revoke an API token",
    description: "Revoke one of the account's tokens, immediately and for good.",
    method: "DELETE",
    path: "/tokens/{tokenId}",
    params: tokenIdParams,
  },
  {
    name: "opentrain_get_team",
    title: "Get the team",
    description: "The account's owner, members and open invitations (team:read).",
    method: "GET",
    path: "/team",
    isReadOnly: true,
  },
  {
    name: "opentrain_invite_team_member",
    title: "Invite a team member",
    description: "Invite a MEMBER by email; an existing human joins at once (team:write, claimed account).",
    method: "POST",
    path: "/team/invites",
    body: inviteMemberBody,
  },
  {
    name: "opentrain_list_webhooks",
    title: "List webhooks",
    description: "The account's webhooks with their status (never a secret) (webhooks:manage).",
    method: "GET",
    path: "/webhooks",
    isReadOnly: true,
  },
  {
    name: "opentrain_create_webhook",
    title: "Create a webhook",
    description:
      "Subscribe an https URL to event types; each event is POSTed as its /updates record, signed with the whsec_ secret this answer shows once — keep it (webhooks:manage).",
    method: "POST",
    path: "/webhooks",
    body: createWebhookBody,
  },
  {
    name: "opentrain_get_webhook",
    title: "Get a webhook",
    description: "One webhook: its URL, event types, status and why it was disabled, if it was (webhooks:manage).",
    method: "GET",
    path: "/webhooks/{webhookId}",
    params: webhookIdParams,
    isReadOnly: true,
  },
  {
    name: "opentrain_delete_webhook",
    title: "Delete a webhook",
    description: "Stop deliveries to a webhook and remove it (webhooks:manage).",
    method: "DELETE",
    path: "/webhooks/{webhookId}",
    params: webhookIdParams,
  },
  {
    name: "opentrain_register_agent",
    title: "Register this agent",
    description:
      "Start from nothing (no token needed): a new unclaimed account, a pre-claim access_token (no payments:write) and a claim_token (24 h). Keep both; then call opentrain_start_claim with the claim_token and your human's email.",
    method: "POST",
    base: AGENT_API_BASE,
    path: "/identity",
    body: registerAgentInput,
    isStdioOnly: true,
    successNote:
      "Registered: a new unclaimed account. access_token is a pre-claim token (it cannot move money; use it as OPENTRAIN_PERSONAL_API_TOKEN until the claim). Keep claim_token secret: call opentrain_start_claim with it and your human's email so they can make the account theirs.",
  },
  {
    name: "opentrain_start_claim",
    title: "Start the claim",
    description:
      "Ask a human to make this agent's account theirs (no token needed): answers a 6-digit user_code and a verification_uri for your human, who signs in with that email and types the code. Calling again restarts with a new code. Then call opentrain_wait_for_claim.",
    method: "POST",
    base: AGENT_API_BASE,
    path: "/identity/claim",
    body: startClaimInput,
    isStdioOnly: true,
    humanStep: "claim",
  },
  {
    name: "opentrain_exchange_claim",
    title: "Poll the claim once",
    description: `One poll of the claim grant (no token needed): authorization_pending or slow_down (as isError results) until the human has claimed, then the post-claim access_token, exactly once. Poll at most every interval seconds; opentrain_wait_for_claim does the polling for you.`,
    method: "POST",
    base: AGENT_API_BASE,
    path: "/oauth/token",
    body: exchangeClaimForm.omit({ grant_type: true }),
    isForm: true,
    fixedBody: { grant_type: CLAIM_GRANT_TYPE },
    isStdioOnly: true,
    successNote:
      "Claimed: access_token is your post-claim token; use it from now on (the pre-claim tokens are revoked). It is shown only this once.",
  },
  {
    name: "opentrain_revoke_agent_token",
    title: "Revoke a token (RFC 7009)",
    description:
      "Revoke an access token you hold, by its value (no other token needed); answers {} whether or not it was known.",
    method: "POST",
    base: AGENT_API_BASE,
    path: "/oauth/revoke",
    body: revokeTokenForm,
    isForm: true,
    isStdioOnly: true,
    successNote: "Done: if that token was valid, it is revoked now and for good.",
  },
] as const satisfies readonly ApiTool[];

export type ApiToolName = (typeof API_TOOLS)[number]["name"];
type PublicApiTool = Exclude<(typeof API_TOOLS)[number], { base: string }>;
/**
 * The public API's path templates: the HTTP side routes each one to its route handler (app/api/mcp). The
 * agent-identity tools are stdio only, so /api/mcp routes none of theirs.
 */
export type ApiToolPath = PublicApiTool["path"];
/** Any tool's path template (under its base). */
export type AnyToolPath = (typeof API_TOOLS)[number]["path"];

/** The tools a door offers: over HTTP (/api/mcp, always with a bearer token) not the tokenless identity tools. */
export function toolsFor(door: "stdio" | "http"): readonly ApiTool[] {
  return door === "stdio" ? API_TOOLS : API_TOOLS.filter((tool) => !("isStdioOnly" in tool && tool.isStdioOnly));
}

/** The tool's arguments as one object schema: path params, query and body fields side by side. */
export function toolInputSchema(tool: ApiTool): z.ZodObject {
  return z.object({ ...tool.params, ...tool.query, ...tool.body?.shape });
}
