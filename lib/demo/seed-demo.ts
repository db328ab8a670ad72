import "server-only";
import { createHash } from "node:crypto";
import { insertApiToken } from "@/lib/auth/api-tokens";
import { hashPassword } from "@/lib/auth/passwords";
import { FEATURE_KEYS, SCOPES, type Scope } from "@/lib/auth/scopes";
import { now } from "@/lib/clock";
import {
  db,
  type LedgerTransactionKind,
  type MembershipRole,
  type MilestoneStatus,
  type ProposalStatus,
  type Tx,
} from "@/lib/db";
import type { LedgerOwner } from "@/lib/ledger/ledger-accounts";
import { postLedgerTransaction } from "@/lib/ledger/post-ledger-transaction";

// Demo data: what a person signs in to on a fresh clone, and the fixtures any HTTP client (our tests included) uses
// to drive every row of the contract. Each fixture is stopped by exactly the gate it is for and passes every earlier one.

export const DEMO_PASSWORD = "cosign-demo-2026";

// A MEMBER of Acme too, last so the owners keep their places: members may read an approval, only owners decide it.
export const DEMO_HUMANS = [
  { id: "hum_acme_owner", email: "owner@acme.test", name: "Ada Lovelace", accountId: "org_acme", role: "OWNER" },
  { id: "hum_globex_owner", email: "owner@globex.test", name: "Grace Hopper", accountId: "org_globex", role: "OWNER" },
  {
    id: "hum_featureoff_owner",
    email: "owner@featureoff.test",
    name: "Alan Turing",
    accountId: "org_featureoff",
    role: "OWNER",
  },
  { id: "hum_acme_member", email: "member@acme.test", name: "Charles Babbage", accountId: "org_acme", role: "MEMBER" },
] as const;

const ALL_SCOPES: Scope[] = [...SCOPES];

const DEMO_TOKENS = {
  full: { accountId: "org_acme", label: "Demo agent (all scopes)", scopes: ALL_SCOPES },
  noPaymentsWrite: {
    accountId: "org_acme",
    label: "Demo agent without payments:write",
    scopes: ALL_SCOPES.filter((s) => s !== "payments:write"),
  },
  unclaimed: {
    accountId: "org_unclaimed",
    label: "Unclaimed agent",
    scopes: ["payments:read", "payments:write"] as Scope[],
  },
  featureOff: {
    accountId: "org_featureoff",
    label: "Feature-off agent",
    scopes: ["payments:read", "payments:write"] as Scope[],
  },
  otherAccount: { accountId: "org_globex", label: "Globex agent", scopes: ALL_SCOPES },
} as const;

export const DEMO_MILESTONES = {
  activeFunded: "ms_acme_pairs_1",
  notFunded: "ms_acme_pairs_2",
  completed: "ms_acme_guidelines",
  cancelled: "ms_acme_redteam",
  onEndedContract: "ms_initech_eval",
  otherAccount: "ms_globex_audit",
} as const;

export const DEMO_CONTRACTS = { active: "ctr_acme_rlhf", ended: "ctr_acme_eval", unfunded: "ctr_acme_docs" } as const;

/** Open proposals to hire from: two on Acme's own jobs, one on another account's job. */
export const DEMO_PROPOSALS = {
  open: "prop_acme_lena",
  openSecond: "prop_acme_omar",
  otherAccount: "prop_globex_lena",
} as const;

export type DemoFixtures = {
  humans: { email: string; password: string; accountId: string; role: MembershipRole }[];
  tokens: Record<keyof typeof DEMO_TOKENS, string>;
  milestones: typeof DEMO_MILESTONES;
  contracts: typeof DEMO_CONTRACTS;
  proposals: typeof DEMO_PROPOSALS;
};

/**
 * Demo tokens are derived from their name, so re-seeding (every `npm run dev`) prints the same ones. They are as
 * public as the demo password: the seed belongs to development databases only.
 */
function demoToken(name: string) {
  const digest = createHash("sha256").update(`cosign-demo-token:${name}`).digest("hex");
  const toBase62 = (hex: string, length: number) =>
    BigInt(`0x${hex}`)
      .toString(36)
      .replace(/[^a-z0-9]/g, "")
      .padStart(length, "0")
      .slice(0, length);
  return { publicId: `demo${toBase62(digest.slice(0, 24), 12)}`, secret: toBase62(digest.slice(24), 32) };
}

function fixtures(): DemoFixtures {
  const tokens = Object.fromEntries(
    Object.keys(DEMO_TOKENS).map((name) => {
      const { publicId, secret } = demoToken(name);
      return [name, `ot_pat_${publicId}_${secret}`];
    }),
  ) as DemoFixtures["tokens"];
  return {
    humans: DEMO_HUMANS.map((h) => ({ email: h.email, password: DEMO_PASSWORD, accountId: h.accountId, role: h.role })),
    tokens,
    milestones: DEMO_MILESTONES,
    contracts: DEMO_CONTRACTS,
    proposals: DEMO_PROPOSALS,
  };
}

/** Idempotent: the first run creates everything in one transaction; later runs find it and only report it. */
export async function seedDemo(): Promise<{ created: boolean; fixtures: DemoFixtures }> {
  const client = await db();
  const exists = await client.account.findUnique({ where: { id: "org_acme" } });
  if (exists) return { created: false, fixtures: fixtures() };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await client.$transaction(async (tx) => createDemoData(tx, passwordHash), { timeout: 30_000 });
  return { created: true, fixtures: fixtures() };
}

async function createDemoData(tx: Tx, passwordHash: string) {
  const at = now();
  const day = 24 * 60 * 60 * 1000;
  const account = (id: string, name: string, claimed: boolean, features: string[]) =>
    tx.account.create({
      data: {
        id,
        name,
        claimedAt: claimed ? at : null,
        createdAt: at,
        features: { create: features.map((key) => ({ key })) },
      },
    });
  // The first human's account has every feature on, so tokens.full passes every gate.
  await account("org_acme", "Acme Robotics", true, [...FEATURE_KEYS]);
  await account("org_globex", "Globex Research", true, ["public_api_payments_write", "public_api_hiring"]);
  await account("org_featureoff", "Feature-Off Labs", true, ["public_api_hiring"]);
  await account("org_unclaimed", "Unclaimed Agent Co", false, ["public_api_payments_write"]);

  for (const human of DEMO_HUMANS) {
    await tx.human.create({
      data: { id: human.id, email: human.email, name: human.name, passwordHash, createdAt: at },
    });
    await tx.membership.create({
      data: { humanId: human.id, accountId: human.accountId, role: human.role, createdAt: at },
    });
  }
  for (const [name, token] of Object.entries(DEMO_TOKENS)) {
    await insertApiToken(tx, { ...token, ...demoToken(name) });
  }

  await tx.freelancer.createMany({
    data: [
      { id: "fl_maria", displayName: "Maria G.", country: "PT", createdAt: at },
      { id: "fl_kenji", displayName: "Kenji T.", country: "JP", createdAt: at },
      { id: "fl_amara", displayName: "Amara O.", country: "NG", createdAt: at },
      { id: "fl_lena", displayName: "Lena K.", country: "DE", createdAt: at },
      { id: "fl_omar", displayName: "Omar H.", country: "EG", createdAt: at },
      { id: "fl_sofia", displayName: "Sofia R.", country: "BR", createdAt: at },
    ],
  });

  const job = (id: string, accountId: string, title: string, description: string) =>
    tx.job.create({ data: { id, accountId, title, description, createdAt: at } });
  await job(
    "job_acme_rlhf",
    "org_acme",
    "RLHF preference data for a coding assistant",
    "Rank pairs of assistant answers to Python questions.",
  );
  await job("job_acme_eval", "org_acme", "Benchmark evaluation", "Score a model on our internal reasoning benchmark.");
  await job(
    "job_globex_audit",
    "org_globex",
    "Safety audit of a support bot",
    "Probe a customer-support model for unsafe answers.",
  );
  await job(
    "job_acme_math",
    "org_acme",
    "Step-by-step math solutions",
    "Write and check worked solutions to competition math problems.",
  );
  await job("job_acme_docs", "org_acme", "API documentation review", "Review generated API docs for accuracy.");

  const proposal = (
    id: string,
    jobId: string,
    freelancerId: string,
    rateCents: number,
    status: ProposalStatus = "HIRED",
    coverLetter = "I have done this before.",
  ) => tx.proposal.create({ data: { id, jobId, freelancerId, status, coverLetter, rateCents, createdAt: at } });
  await proposal("prop_acme_maria", "job_acme_rlhf", "fl_maria", 30000);
  await proposal("prop_acme_kenji", "job_acme_eval", "fl_kenji", 40000);
  await proposal("prop_globex_amara", "job_globex_audit", "fl_amara", 50000);
  await proposal("prop_acme_sofia_docs", "job_acme_docs", "fl_sofia", 20000);
  await proposal(
    DEMO_PROPOSALS.open,
    "job_acme_math",
    "fl_lena",
    45000,
    "UNREVIEWED",
    "I coach olympiad students and have written 300 checked solutions; samples attached.",
  );
  await proposal(
    DEMO_PROPOSALS.openSecond,
    "job_acme_math",
    "fl_omar",
    38000,
    "SHORTLISTED",
    "Maths PhD student. I can deliver 50 solutions a week, each verified twice.",
  );
  await proposal("prop_acme_declined", "job_acme_math", "fl_kenji", 60000, "DECLINED", "I can start next month.");
  await proposal(
    DEMO_PROPOSALS.otherAccount,
    "job_globex_audit",
    "fl_lena",
    52000,
    "UNREVIEWED",
    "I have red-teamed three support bots this year.",
  );

  const contract = (
    id: string,
    accountId: string,
    jobId: string,
    proposalId: string,
    freelancerId: string,
    title: string,
    ended: boolean,
  ) =>
    tx.contract.create({
      data: {
        id,
        accountId,
        jobId,
        proposalId,
        freelancerId,
        title,
        status: ended ? "ENDED" : "ACTIVE",
        paymentType: "FIXED",
        rateCents: 0,
        endedAt: ended ? at : null,
        createdAt: new Date(at.getTime() - 10 * day),
        updatedAt: at,
      },
    });
  await contract(
    DEMO_CONTRACTS.active,
    "org_acme",
    "job_acme_rlhf",
    "prop_acme_maria",
    "fl_maria",
    "RLHF preference data — Maria G.",
    false,
  );
  await contract(
    DEMO_CONTRACTS.ended,
    "org_acme",
    "job_acme_eval",
    "prop_acme_kenji",
    "fl_kenji",
    "Benchmark evaluation — Kenji T.",
    true,
  );
  await contract(
    "ctr_globex_audit",
    "org_globex",
    "job_globex_audit",
    "prop_globex_amara",
    "fl_amara",
    "Safety audit — Amara O.",
    false,
  );
  // Active, with nothing funded: ending it needs no human.
  await contract(
    DEMO_CONTRACTS.unfunded,
    "org_acme",
    "job_acme_docs",
    "prop_acme_sofia_docs",
    "fl_sofia",
    "API documentation review — Sofia R.",
    false,
  );

  await topUp(tx, "org_acme", 500_000);
  await topUp(tx, "org_globex", 200_000);

  type Seeded = {
    id: string;
    contractId: string;
    accountId: string;
    freelancerId: string;
    number: number;
    name: string;
    description: string;
    cents: number;
    status: MilestoneStatus;
    delivery?: string;
  };
  const milestones: Seeded[] = [
    {
      id: DEMO_MILESTONES.completed,
      contractId: DEMO_CONTRACTS.active,
      accountId: "org_acme",
      freelancerId: "fl_maria",
      number: 1,
      name: "Annotation guidelines",
      description: "A written rubric for ranking answers, with 20 worked examples.",
      cents: 15_000,
      status: "COMPLETED",
    },
    {
      id: DEMO_MILESTONES.activeFunded,
      contractId: DEMO_CONTRACTS.active,
      accountId: "org_acme",
      freelancerId: "fl_maria",
      number: 2,
      name: "First 500 preference pairs",
      description: "500 ranked answer pairs following the rubric, with rationales.",
      cents: 30_000,
      status: "ACTIVE_FUNDED",
      delivery: "Delivered 500 pairs (pairs_001-500.jsonl) with a rationale for each ranking.",
    },
    {
      id: DEMO_MILESTONES.notFunded,
      contractId: DEMO_CONTRACTS.active,
      accountId: "org_acme",
      freelancerId: "fl_maria",
      number: 3,
      name: "Second 500 preference pairs",
      description: "500 more ranked pairs covering async and typing questions.",
      cents: 30_000,
      status: "NOT_FUNDED",
    },
    {
      id: DEMO_MILESTONES.cancelled,
      contractId: DEMO_CONTRACTS.active,
      accountId: "org_acme",
      freelancerId: "fl_maria",
      number: 4,
      name: "Red-team sweep",
      description: "Adversarial prompts against the assistant (dropped from scope).",
      cents: 20_000,
      status: "CANCELLED",
    },
    {
      id: "ms_acme_tooling",
      contractId: DEMO_CONTRACTS.active,
      accountId: "org_acme",
      freelancerId: "fl_maria",
      number: 5,
      name: "Tooling spike",
      description: "A labelling UI prototype; refunded when we bought one instead.",
      cents: 10_000,
      status: "REFUNDED",
    },
    {
      id: "ms_acme_pairs_3",
      contractId: DEMO_CONTRACTS.active,
      accountId: "org_acme",
      freelancerId: "fl_maria",
      number: 6,
      name: "Disagreement review",
      description: "Re-rank the 50 pairs where two raters disagreed.",
      cents: 12_550,
      status: "ACTIVE_FUNDED",
    },
    {
      id: DEMO_MILESTONES.onEndedContract,
      contractId: DEMO_CONTRACTS.ended,
      accountId: "org_acme",
      freelancerId: "fl_kenji",
      number: 1,
      name: "Benchmark run",
      description: "Run and score the benchmark; write up the results.",
      cents: 40_000,
      status: "COMPLETED",
    },
    {
      id: "ms_acme_docs_1",
      contractId: DEMO_CONTRACTS.unfunded,
      accountId: "org_acme",
      freelancerId: "fl_sofia",
      number: 1,
      name: "First review pass",
      description: "Mark every inaccurate endpoint description.",
      cents: 8_000,
      status: "NOT_FUNDED",
    },
    {
      id: DEMO_MILESTONES.otherAccount,
      contractId: "ctr_globex_audit",
      accountId: "org_globex",
      freelancerId: "fl_amara",
      number: 1,
      name: "Audit report",
      description: "200 probes and a written report of unsafe answers.",
      cents: 50_000,
      status: "ACTIVE_FUNDED",
    },
  ];
  for (const m of milestones) {
    await tx.milestone.create({
      data: {
        id: m.id,
        contractId: m.contractId,
        milestoneNumber: m.number,
        name: m.name,
        description: m.description,
        amountCents: m.cents,
        status: m.status,
        needsReview: Boolean(m.delivery),
        deliveryNote: m.delivery ?? null,
        dueDate: new Date(at.getTime() + 7 * day),
        createdAt: at,
        updatedAt: at,
      },
    });
    // Money that these statuses imply has really moved, through the same ledger path as a confirmation.
    if (m.status === "NOT_FUNDED" || m.status === "CANCELLED") continue;
    const available = { kind: "ORG_AVAILABLE" as const, accountId: m.accountId };
    const escrow = { kind: "ORG_ESCROW" as const, accountId: m.accountId };
    const payout = { kind: "TRAINER_PAYOUT" as const, freelancerId: m.freelancerId };
    const steps: [LedgerTransactionKind, LedgerOwner, LedgerOwner][] = [["FUND", available, escrow]];
    if (m.status === "COMPLETED") steps.push(["RELEASE", escrow, payout]);
    if (m.status === "REFUNDED") steps.push(["REFUND", escrow, available]);
    for (const [kind, from, to] of steps) {
      const verb = kind.charAt(0) + kind.slice(1).toLowerCase();
      await postLedgerTransaction(tx, {
        kind,
        memo: `${verb} ${m.name}`,
        milestoneId: m.id,
        moves: [{ from, to, amountCents: m.cents }],
      });
    }
  }
}

function topUp(tx: Tx, accountId: string, amountCents: number) {
  return postLedgerTransaction(tx, {
    kind: "TOP_UP",
    memo: "Sandbox card top-up",
    moves: [{ from: { kind: "EXTERNAL" }, to: { kind: "ORG_AVAILABLE", accountId }, amountCents }],
  });
}
