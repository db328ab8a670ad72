import "server-only";
import type { z } from "zod";
import type { ErrorCode } from "@/lib/api/errors";
import {
  CREDITS_READ,
  CREDITS_WRITE,
  FEED_READ,
  HIRING_WRITE,
  JOBS_READ,
  MONEY_WRITE,
  PAYMENTS_READ,
  PROPOSALS_READ,
  TEAM_READ,
  TEAM_WRITE,
  TOKENS_MANAGE,
  TOKENS_MINT,
  WEBHOOKS_MANAGE,
} from "@/lib/api/gates";
import type { OAuthErrorCode } from "@/lib/agent-auth/oauth-error";
import * as agentAuth from "@/lib/agent-auth/schemas";
import * as approvals from "@/lib/approvals/schemas";
import { meResponse } from "@/lib/auth/schemas";
import type { FeatureKey, Scope } from "@/lib/auth/scopes";
import * as contracts from "@/lib/contracts/schemas";
import * as credits from "@/lib/credits/schemas";
import * as events from "@/lib/events/schemas";
import * as jobs from "@/lib/jobs/schemas";
import * as milestones from "@/lib/milestones/schemas";
import { discoveryResponse, healthResponse, openApiResponse } from "@/lib/openapi/meta-schemas";
import * as proposals from "@/lib/proposals/schemas";
import * as team from "@/lib/team/schemas";
import * as tokens from "@/lib/tokens/schemas";
import * as webhooks from "@/lib/webhooks/schemas";

// The route registry: every operation the app serves, once. The OpenAPI document (lib/openapi/document.ts), /llms.txt
// and /docs/api are generated from it; a test walks app/ and compares (test/integration/openapi.test.ts), and checks
// each withAgent route's gates against the entry's. Adding a route is adding its entry here.

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** The gates of an agent route: the same preset objects the route files spread (lib/api/gates.ts). */
export type OperationGates = {
  scopes?: readonly Scope[];
  anyScope?: readonly Scope[];
  feature?: FeatureKey;
  claimed?: boolean;
};

type Common = {
  method: Method;
  /** The full path, params in braces, as app/ serves it. */
  path: string;
  operationId: string;
  tag: Tag;
  summary: string;
  description?: string;
  /** Path params (the route's `params` shape). */
  params?: z.ZodRawShape;
  /** Query params (the shape parseQuery reads). */
  query?: z.ZodRawShape;
  body?: z.ZodType;
  /** The success statuses and their bodies. */
  responses: Record<number, z.ZodType>;
  /** Examples of success bodies, by status: each is validated against its schema by the tests. */
  examples?: Record<number, unknown>;
};

/** /api/public/v1 behind withAgent: bearer token, the contract's gates, the flat error body. */
export type AgentOperation = Common & {
  kind: "agent";
  gates: OperationGates;
  /** The closed list of 409 `details.reason` values (the endpoint's conflictsOf table). */
  conflicts?: readonly [string, ...string[]];
  /** Error codes the service raises beyond what the gates, params, query and body imply. */
  alsoErrors?: readonly ErrorCode[];
};

/** /api/agent/*: no token, OAuth's error shape, per-address limits. */
export type OAuthOperation = Common & {
  kind: "oauth";
  bodyType: "json" | "form";
  /** The 400 `error` codes this endpoint answers. */
  badRequest: readonly [OAuthErrorCode, ...OAuthErrorCode[]];
};

/** No token: the tokenless public endpoints (flat body, per-address 429) and plain metadata. */
export type OpenOperation = Common & { kind: "open"; rateLimited: boolean };

export type Operation = AgentOperation | OAuthOperation | OpenOperation;

export const TAGS = {
  Approvals: "Pending co-sign approvals: what the agent asked for and what the human decided.",
  Milestones: "Money requests on a contract's milestones. Each 202 records an approval; nothing moves yet.",
  Contracts: "Contracts with their milestones.",
  Hiring: "Jobs, proposals, and the hire request (a human confirms it).",
  Credits: "The account's credit balance, its ledger, and top-ups a human completes.",
  Updates: "The event feed: poll it for approval.confirmed.",
  Account: "Who the token is, the account's tokens and its team.",
  Webhooks: "Signed POSTs of each feed event to the agent's own URL, retried until delivered.",
  "Agent identity": "Register an unclaimed account, hand it to a human (the claim), receive the post-claim token.",
  Meta: "Discovery and this document.",
} as const;
export type Tag = keyof typeof TAGS;

const APPROVAL_EXAMPLE = {
  id: "apr_8f2aK3mQ9xT4vB7nL1cD",
  type: "milestone_approve",
  status: "pending",
  contractId: "ct_2Hq8sV4mX9pL3nK7bR1w",
  milestoneId: "ms_5Jt2wQ8eR4yU7iO1pA3s",
  jobId: "job_9Kd3fG6hJ2kL5zX8cV1b",
  proposalId: null,
  approvalUrl: "https://cosign.example.com/approvals/apr_8f2aK3mQ9xT4vB7nL1cD",
  expiresAt: "2026-12-04T10:00:00.000Z",
  resolvedAt: null,
  result: null,
  createdAt: "2026-12-01T10:00:00.000Z",
};

export const OPERATIONS: readonly Operation[] = [
  // Milestones: the money requests
  {
    kind: "agent",
    method: "POST",
    path: "/api/public/v1/milestones/{milestoneId}/approve",
    operationId: "requestMilestoneApproval",
    tag: "Milestones",
    summary: "Request release of a funded milestone's escrow to the trainer",
    description:
      "Records (or returns the existing) pending milestone_approve approval. No money moves: show approval.approvalUrl to your human, who confirms or declines.",
    gates: MONEY_WRITE,
    params: milestones.milestoneIdParams,
    responses: { 202: approvals.approvalRequestedResponse },
    conflicts: milestones.RELEASE_CONFLICT_REASONS,
    examples: {
      202: {
        approval: APPROVAL_EXAMPLE,
        message:
          "Release requested; no money has moved. A signed-in human must open approval.approvalUrl and confirm before the escrow is paid to the trainer.",
      },
    },
  },
  {
    kind: "agent",
    method: "POST",
    path: "/api/public/v1/milestones/{milestoneId}/fund",
    operationId: "requestMilestoneFunding",
    tag: "Milestones",
    summary: "Request funding of a milestone into escrow",
    description: "Records a pending milestone_fund approval; a human confirms before the amount moves into escrow.",
    gates: MONEY_WRITE,
    params: milestones.milestoneIdParams,
    responses: { 202: approvals.approvalRequestedResponse },
    conflicts: milestones.FUND_CONFLICT_REASONS,
  },
  {
    kind: "agent",
    method: "POST",
    path: "/api/public/v1/contracts/{contractId}/milestones",
    operationId: "createMilestone",
    tag: "Milestones",
    summary: "Add a NOT_FUNDED milestone to a contract (no money moves)",
    gates: MONEY_WRITE,
    params: milestones.contractIdParams,
    body: milestones.createMilestoneBody,
    responses: { 201: milestones.milestoneCreatedResponse },
    conflicts: milestones.CREATE_MILESTONE_CONFLICT_REASONS,
  },
  // Contracts
  {
    kind: "agent",
    method: "GET",
    path: "/api/public/v1/contracts",
    operationId: "listContracts",
    tag: "Contracts",
    summary: "The account's contracts with their milestones, newest first",
    gates: PAYMENTS_READ,
    query: contracts.listContractsQuery,
    responses: { 200: contracts.contractsPageResponse },
  },
  {
    kind: "agent",
    method: "GET",
    path: "/api/public/v1/contracts/{contractId}",
    operationId: "getContract",
    tag: "Contracts",
    summary: "One contract with its milestones",
    gates: PAYMENTS_READ,
    params: milestones.contractIdParams,
    responses: { 200: contracts.contractResponse },
  },
  {
    kind: "agent",
    method: "POST",
    path: "/api/public/v1/contracts/{contractId}/end",
    operationId: "requestContractEnd",
    tag: "Contracts",
    summary: "End a contract: at once when nothing is funded (200), else a contract_end approval (202)",
    gates: MONEY_WRITE,
    params: milestones.contractIdParams,
    responses: { 200: contracts.contractEndedResponse, 202: approvals.approvalRequestedResponse },
    conflicts: contracts.END_CONFLICT_REASONS,
  },
  // Approvals
  {
    kind: "agent",
    method: "GET",
    path: "/api/public/v1/approvals",
    operationId: "listApprovals",
    tag: "Approvals",
    summary: "The account's approvals, newest first (works unclaimed)",
    gates: PAYMENTS_READ,
    query: approvals.listApprovalsQuery,
    responses: { 200: approvals.approvalsPageResponse },
  },
  {
    kind: "agent",
    method: "GET",
    path: "/api/public/v1/approvals/{approvalId}",
    operationId: "getApproval",
    tag: "Approvals",
    summary: "An approval's current status and result (works unclaimed)",
    gates: PAYMENTS_READ,
    params: approvals.approvalIdParams,
    responses: { 200: approvals.approvalResponse },
  },
  {
    kind: "agent",
    method: "POST",
    path: "/api/public/v1/approvals/{approvalId}/cancel",
    operationId: "cancelApproval",
    tag: "Approvals",
    summary: "Withdraw a pending approval (nothing moves)",
    gates: MONEY_WRITE,
    params: approvals.approvalIdParams,
    responses: { 200: approvals.approvalResponse },
    conflicts: approvals.CANCEL_CONFLICT_REASONS,
  },
  // Hiring
  {
    kind: "agent",
    method: "GET",
    path: "/api/public/v1/jobs",
    operationId: "listJobs",
    tag: "Hiring",
    summary: "The account's jobs, newest first",
    gates: JOBS_READ,
    query: jobs.listJobsQuery,
    responses: { 200: jobs.jobsPageResponse },
  },
  {
    kind: "agent",
    method: "GET",
    path: "/api/public/v1/jobs/{jobId}",
    operationId: "getJob",
    tag: "Hiring",
    summary: "One of the account's jobs",
    gates: JOBS_READ,
    params: jobs.jobIdParams,
    responses: { 200: jobs.jobResponse },
  },
  {
    kind: "agent",
    method: "GET",
    path: "/api/public/v1/jobs/{jobId}/proposals",
    operationId: "listJobProposals",
    tag: "Hiring",
    summary: "The proposals on one of the account's jobs",
    gates: PROPOSALS_READ,
    params: jobs.jobIdParams,
    query: proposals.listProposalsQuery,
    responses: { 200: proposals.proposalsPageResponse },
  },
  {
    kind: "agent",
    method: "GET",
    path: "/api/public/v1/proposals/{proposalId}",
    operationId: "getProposal",
    tag: "Hiring",
    summary: "A proposal on one of the account's jobs",
    gates: PROPOSALS_READ,
    params: proposals.proposalIdParams,
    responses: { 200: proposals.proposalResponse },
  },
  {
    kind: "agent",
    method: "POST",
    path: "/api/public/v1/proposals/{proposalId}/hire",
    operationId: "requestHire",
    tag: "Hiring",
    summary: "Request a hire: contract + first milestone, funded on the human's confirmation",
    description: "The money field is `amount` (dollars) here. Same terms while pending return the same approval.",
    gates: HIRING_WRITE,
    params: proposals.proposalIdParams,
    body: proposals.hireBody,
    responses: { 202: approvals.approvalRequestedResponse },
    conflicts: proposals.HIRE_CONFLICT_REASONS,
  },
  // Credits
  {
    kind: "agent",
    method: "GET",
    path: "/api/public/v1/credits",
    operationId: "getCredits",
    tag: "Credits",
    summary: "Available and reserved credit and the latest movements",
    gates: CREDITS_READ,
    responses: { 200: credits.creditsResponse },
  },
  {
    kind: "agent",
    method: "GET",
    path: "/api/public/v1/credits/ledger",
    operationId: "listCreditEntries",
    tag: "Credits",
    summary: "The account's credit movements, newest first",
    gates: CREDITS_READ,
    query: credits.creditLedgerQuery,
    responses: { 200: credits.creditEntriesPageResponse },
  },
  {
    kind: "agent",
    method: "POST",
    path: "/api/public/v1/credits/top-ups",
    operationId: "createTopUp",
    tag: "Credits",
    summary: "Start a sandbox checkout a human completes (charges nothing by itself)",
    gates: CREDITS_WRITE,
    body: credits.createTopUpBody,
    responses: { 201: credits.topUpCreatedResponse },
  },
  {
    kind: "agent",
    method: "GET",
    path: "/api/public/v1/credits/top-ups/{topUpId}",
    operationId: "getTopUp",
    tag: "Credits",
    summary: "A top-up's status and its checkoutUrl",
    gates: CREDITS_READ,
    params: credits.topUpIdParams,
    responses: { 200: credits.topUpEnvelopeResponse },
  },
  // Updates
  {
    kind: "agent",
    method: "GET",
    path: "/api/public/v1/updates",
    operationId: "pollUpdates",
    tag: "Updates",
    summary: "The event feed after a cursor, oldest first, filtered by the token's scopes",
    gates: FEED_READ,
    query: events.updatesQuery,
    responses: { 200: events.updatesPageResponse },
  },
  // Account
  {
    kind: "agent",
    method: "GET",
    path: "/api/public/v1/auth/me",
    operationId: "getMe",
    tag: "Account",
    summary: "Who this token is and what its account may do",
    gates: {},
    responses: { 200: meResponse },
  },
  {
    kind: "agent",
    method: "GET",
    path: "/api/public/v1/tokens",
    operationId: "listTokens",
    tag: "Account",
    summary: "The account's tokens (never a secret); works pre-claim",
    gates: TOKENS_MANAGE,
    responses: { 200: tokens.tokensResponse },
  },
  {
    kind: "agent",
    method: "POST",
    path: "/api/public/v1/tokens",
    operationId: "createToken",
    tag: "Account",
    summary: "Mint a token with at most the caller's scopes; the whole token is shown once",
    gates: TOKENS_MINT,
    body: tokens.createTokenBody,
    responses: { 201: tokens.tokenCreatedResponse },
    conflicts: tokens.TOKEN_CREATE_CONFLICT_REASONS,
  },
  {
    kind: "agent",
    method: "DELETE",
    path: "/api/public/v1/tokens/{tokenId}",
    operationId: "revokeToken",
    tag: "Account",
    summary: "Revoke a token of the account, immediately and for good",
    gates: TOKENS_MANAGE,
    params: tokens.tokenIdParams,
    responses: { 200: tokens.tokenResponse },
    alsoErrors: ["FORBIDDEN"],
  },
  {
    kind: "agent",
    method: "GET",
    path: "/api/public/v1/team",
    operationId: "getTeam",
    tag: "Account",
    summary: "The account's owner, members and open invitations",
    gates: TEAM_READ,
    responses: { 200: team.teamResponse },
  },
  {
    kind: "agent",
    method: "POST",
    path: "/api/public/v1/team/invites",
    operationId: "inviteMember",
    tag: "Account",
    summary: "Invite a MEMBER by email (an existing human joins at once)",
    gates: TEAM_WRITE,
    body: team.inviteMemberBody,
    responses: { 200: team.inviteResponse },
  },
  // Webhooks
  {
    kind: "agent",
    method: "GET",
    path: "/api/public/v1/webhooks",
    operationId: "listWebhooks",
    tag: "Webhooks",
    summary: "The account's webhooks (never a secret)",
    gates: WEBHOOKS_MANAGE,
    responses: { 200: webhooks.webhooksResponse },
  },
  {
    kind: "agent",
    method: "POST",
    path: "/api/public/v1/webhooks",
    operationId: "createWebhook",
    tag: "Webhooks",
    summary: "Subscribe an https URL to event types; the whsec_ signing secret is shown once",
    description:
      'Each event is POSTed as exactly its /updates record, signed `X-OpenTrain-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, with `X-OpenTrain-Event` and `X-OpenTrain-Delivery` (the same on retries). Retried with backoff on 5xx and timeouts; disabled after 10 consecutive failures.',
    gates: WEBHOOKS_MANAGE,
    body: webhooks.createWebhookBody,
    responses: { 201: webhooks.webhookCreatedResponse },
    conflicts: webhooks.WEBHOOK_CREATE_CONFLICT_REASONS,
    alsoErrors: ["FORBIDDEN"],
  },
  {
    kind: "agent",
    method: "GET",
    path: "/api/public/v1/webhooks/{webhookId}",
    operationId: "getWebhook",
    tag: "Webhooks",
    summary: "One webhook: its URL, event types, status and why it was disabled",
    gates: WEBHOOKS_MANAGE,
    params: webhooks.webhookIdParams,
    responses: { 200: webhooks.webhookResponse },
  },
  {
    kind: "agent",
    method: "DELETE",
    path: "/api/public/v1/webhooks/{webhookId}",
    operationId: "deleteWebhook",
    tag: "Webhooks",
    summary: "Stop deliveries to a webhook and remove it",
    gates: WEBHOOKS_MANAGE,
    params: webhooks.webhookIdParams,
    responses: { 200: webhooks.webhookDeletedResponse },
  },
  // Agent identity and the claim
  {
    kind: "oauth",
    method: "POST",
    path: "/api/agent/identity",
    operationId: "registerAgent",
    tag: "Agent identity",
    summary: "Register: an unclaimed account, a pre-claim token (no payments:write) and a claim token",
    bodyType: "json",
    body: agentAuth.registerAgentInput,
    responses: { 201: agentAuth.registerAgentResponse },
    badRequest: ["invalid_request", "unsupported_identity_type"],
  },
  {
    kind: "oauth",
    method: "POST",
    path: "/api/agent/identity/claim",
    operationId: "startClaim",
    tag: "Agent identity",
    summary: "Start (or restart) the claim: a 6-digit code and a link for the human, emailed to them",
    bodyType: "json",
    body: agentAuth.startClaimInput,
    responses: { 200: agentAuth.startClaimResponse },
    badRequest: ["invalid_request"],
  },
  {
    kind: "oauth",
    method: "POST",
    path: "/api/agent/oauth/token",
    operationId: "exchangeClaim",
    tag: "Agent identity",
    summary: "Poll the claim grant: pending until a human claims, then the post-claim token, exactly once",
    bodyType: "form",
    body: agentAuth.exchangeClaimForm,
    responses: { 200: agentAuth.exchangeClaimResponse },
    badRequest: [
      "invalid_request",
      "invalid_grant",
      "authorization_pending",
      "slow_down",
      "expired_token",
      "unsupported_grant_type",
    ],
  },
  {
    kind: "oauth",
    method: "POST",
    path: "/api/agent/oauth/revoke",
    operationId: "revokeAgentToken",
    tag: "Agent identity",
    summary: "Revoke a token (RFC 7009): 200 {} for any well-formed request",
    bodyType: "form",
    body: agentAuth.revokeTokenForm,
    responses: { 200: agentAuth.revokeTokenResponse },
    badRequest: ["invalid_request"],
  },
  // Meta
  {
    kind: "open",
    method: "GET",
    path: "/api/public/v1/openapi.json",
    operationId: "getOpenApiDocument",
    tag: "Meta",
    summary: "This document (no token)",
    rateLimited: true,
    responses: { 200: openApiResponse },
  },
  {
    kind: "open",
    method: "GET",
    path: "/api/health",
    operationId: "getHealth",
    tag: "Meta",
    summary: "Liveness",
    rateLimited: false,
    responses: { 200: healthResponse },
    examples: { 200: { ok: true } },
  },
  {
    kind: "open",
    method: "GET",
    path: "/.well-known/oauth-authorization-server",
    operationId: "getAuthorizationServerMetadata",
    tag: "Meta",
    summary: "RFC 8414 metadata with the agent_auth block (the claim ceremony's endpoints)",
    rateLimited: true,
    responses: { 200: discoveryResponse },
  },
  {
    kind: "open",
    method: "GET",
    path: "/.well-known/oauth-protected-resource",
    operationId: "getProtectedResourceMetadata",
    tag: "Meta",
    summary: "RFC 9728 metadata for the public API",
    rateLimited: true,
    responses: { 200: discoveryResponse },
  },
];
