// The model types and enums, for both engines: both generated clients come from one schema
// (docs/decisions/0001-one-schema-two-databases.md), so the SQLite client's types stand for both. The rest of the
// code takes them from here (through "@/lib/db"), never from a generated client.
export type {
  Account,
  ApiToken,
  Approval,
  ApprovalStatus,
  ApprovalType,
  Contract,
  ContractStatus,
  Event,
  Freelancer,
  Human,
  Job,
  LedgerAccountKind,
  LedgerTransactionKind,
  Membership,
  MembershipRole,
  Milestone,
  MilestoneStatus,
  Prisma,
  Proposal,
  ProposalStatus,
  Invoice,
  TopUp,
  TopUpStatus,
} from "@/generated/sqlite/client";
