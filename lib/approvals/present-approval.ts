import type { Approval } from "@/generated/sqlite/client";
import { approvalResource, type ApprovalResource } from "@/lib/approvals/schemas";

export function approvalUrl(baseUrl: string, approvalId: string) {
  return `${baseUrl}/approvals/${approvalId}`;
}

export function presentApproval(approval: Approval, baseUrl: string): ApprovalResource {
  return approvalResource.parse({
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
    result: approval.result ? JSON.parse(approval.result) : null,
    createdAt: approval.createdAt.toISOString(),
  });
}
