import { describe, expect, inject, it } from "vitest";
import { approvalWithToken, getApprovalOrThrow } from "@/lib/approvals/get-approval";
import { authenticateAgent } from "@/lib/auth/api-tokens";
import { db } from "@/lib/db";
import {
  getMilestoneForApprovalOrThrow,
  milestoneForFundingWithToken,
  milestoneForReleaseWithToken,
} from "@/lib/milestones/load-milestone";
import { readRows } from "@/lib/db-direct";
import { post } from "../support/api";

// The hot routes read their resource in the token lookup's own statement (TokenRead, withAgent's preload). These
// tests pin that read to the standalone one and to Prisma's, column by column, and its scoping to the token's account.
const { tokens, milestones } = inject("fixtures");
const bearer = (token: string) => `Bearer ${token}`;

describe("reads in the token lookup's statement", () => {
  it("an approval: the same as the standalone read and as Prisma's; null for another account's or a missing one", async () => {
    const created = await post(`/milestones/${milestones.activeFunded}/approve`, tokens.full);
    const approvalId: string = created.body.approval.id;

    const { principal, read } = await authenticateAgent(bearer(tokens.full), { read: approvalWithToken, routeParams: { approvalId } });
    expect(read).toEqual(await (await db()).approval.findUniqueOrThrow({ where: { id: approvalId } }));
    expect(read).toEqual(await getApprovalOrThrow(principal.accountId, approvalId));

    const other = await authenticateAgent(bearer(tokens.otherAccount), { read: approvalWithToken, routeParams: { approvalId } });
    expect(other.principal.accountId).toBe("org_globex");
    expect(other.read).toBeNull();
    const missing = await authenticateAgent(bearer(tokens.full), { read: approvalWithToken, routeParams: { approvalId: "apr_missing" } });
    expect(missing.read).toBeNull();
  });

  it("a milestone: the same as the standalone read and as Prisma's, with only its own type's pending approval", async () => {
    const milestoneId = milestones.activeFunded;
    const routeParams = { milestoneId };
    const created = await post(`/milestones/${milestoneId}/approve`, tokens.full);
    const release = await authenticateAgent(bearer(tokens.full), { read: milestoneForReleaseWithToken, routeParams });
    const funding = await authenticateAgent(bearer(tokens.full), { read: milestoneForFundingWithToken, routeParams });
    const client = await db();
    const { contract, ...milestone } = release.read!.milestone;
    expect(milestone).toEqual(await client.milestone.findUniqueOrThrow({ where: { id: milestoneId } }));
    expect(contract).toEqual(
      await client.contract.findUniqueOrThrow({
        where: { id: milestone.contractId },
        select: { id: true, accountId: true, jobId: true, freelancerId: true, status: true },
      }),
    );
    expect(release.read!.pending).toEqual(await client.approval.findUniqueOrThrow({ where: { id: created.body.approval.id } }));
    expect(release.read).toEqual(await getMilestoneForApprovalOrThrow("org_acme", milestoneId, "milestone_approve"));
    expect(funding.read!.pending).toBeNull();
    expect(funding.read).toEqual(await getMilestoneForApprovalOrThrow("org_acme", milestoneId, "milestone_fund"));

    // Another account sees neither the milestone nor the approval pending on it.
    expect((await authenticateAgent(bearer(tokens.otherAccount), { read: milestoneForReleaseWithToken, routeParams })).read).toBeNull();
  });

  it("a read handed to the wrong approval type is refused, not used", async () => {
    const { read } = await authenticateAgent(bearer(tokens.full), { read: milestoneForFundingWithToken, routeParams: { milestoneId: milestones.activeFunded } });
    await expect(getMilestoneForApprovalOrThrow("org_acme", milestones.activeFunded, "milestone_approve", read)).rejects.toThrow(/preloaded for milestone_fund/);
  });

  it("the principal is the same with a read as without, every feature counted once", async () => {
    const plain = await authenticateAgent(bearer(tokens.full));
    const withRead = await authenticateAgent(bearer(tokens.full), { read: milestoneForReleaseWithToken, routeParams: { milestoneId: milestones.activeFunded } });
    expect(plain.read).toBeUndefined();
    expect(withRead.principal).toEqual(plain.principal);
    expect(plain.principal.account.features).toEqual(["public_api_hiring", "public_api_payments_write"]);
  });

  it("an invalid token is refused before anything read is handed out", async () => {
    const wrongSecret = tokens.full.replace(/.$/, (c) => (c === "a" ? "b" : "a"));
    await expect(
      authenticateAgent(bearer(wrongSecret), { read: milestoneForReleaseWithToken, routeParams: { milestoneId: milestones.activeFunded } }),
    ).rejects.toMatchObject({ code: "UNAUTHORIZED", status: 401 });
  });
});

describe("rows on the fast read path", () => {
  // SQLite's reader builds rows with a function compiled per statement (lib/db-direct.ts rowBuilder); PostgreSQL's
  // driver builds its own. Both must give plain objects with every column, whatever the column is called.
  it("every column as an own property, in a plain object; a later column of the same name wins; no rows → []", async () => {
    const [row] = await readRows(`SELECT 1 AS "__proto__", 'x' AS "a", 2 AS "a", NULL AS "n", ? AS "p", 'it''s "q"' AS "odd ""name"""`, "bound");
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(Object.hasOwn(row, "__proto__")).toBe(true);
    expect(Object.getOwnPropertyDescriptor(row, "__proto__")?.value).toBe(1);
    expect(row.a).toBe(2);
    expect(row.n).toBeNull();
    expect(row.p).toBe("bound");
    expect(row['odd "name"']).toBe(`it's "q"`);
    expect(Object.keys(row).sort()).toEqual(["__proto__", "a", "n", "odd \"name\"", "p"].sort());
    expect(await readRows(`SELECT "id" FROM "Account" WHERE "id" = ?`, "org_missing")).toEqual([]);
  });
});
