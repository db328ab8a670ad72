import type { Approval } from "@/lib/db";
import type { ApprovalResource } from "@/lib/approvals/schemas";

export function approvalUrl(baseUrl: string, approvalId: string) {
  return `${baseUrl}/approvals/${approvalId}`;
}

/**
 * The public shape, field by field: built explicitly (the type keeps private columns out) rather than parsed through
 * a schema, because it runs on every poll and a schema parse cost more than the rest of the handler.
 */
export function presentApproval(approval: Approval, baseUrl: string): ApprovalResource {
  return {
    id: approval.id,
    type: approval.type,
    status: approval.status,
    contractId: approval.contractId,
    milestoneId: approval.milestoneId,
    jobId: approval.jobId,
    proposalId: approval.proposalId,
    approvalUrl: approvalUrl(baseUrl, approval.id),
    expiresAt: approval.expiresAt.toISOString(),
    resolvedAt: approval.resolvedAt?.toISOString() ?? null,
    result: approval.result ? (JSON.parse(approval.result) as Record<string, unknown>) : null,
    createdAt: approval.createdAt.toISOString(),
  };
}
