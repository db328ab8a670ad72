import { describe, expect, inject, it } from "vitest";
import { approvalPreload, getApprovalOrThrow } from "@/lib/approvals/get-approval";
import { authenticateAgent } from "@/lib/auth/api-tokens";
import { db, readToken, readTokenAndAnyDueApproval, readTokenAndApproval } from "@/lib/db";
import { readRows } from "@/lib/db/direct";
import { anyDueApprovalPreload } from "@/lib/events/list-updates";
import { fundingPreload, getMilestoneForApprovalOrThrow, releasePreload } from "@/lib/milestones/load-milestone";
import { setClock, resetClock } from "@/lib/clock";
import { post } from "../support/api";

// The hot routes read their resource in the token lookup's own statement (lib/db/token-reads.ts, withAgent's
// preload). These tests pin each of those statements to Prisma's read of the same rows, column by column, and
// their scoping to the token's account.
const { tokens, milestones } = inject("fixtures");
const bearer = (token: string) => `Bearer ${token}`;
const publicIdOf = (token: string) => token.split("_")[2];

describe("reads in the token lookup's statement", () => {
  it("an approval: the same as Prisma's; null for another account's or a missing one", async () => {
    const created = await post(`/milestones/${milestones.activeFunded}/approve`, tokens.full);
    const approvalId: string = created.body.approval.id;
    const read = (publicId: string) => approvalPreload(publicId, { approvalId });

    const { principal, value } = await authenticateAgent(bearer(tokens.full), read);
    expect(principal.accountId).toBe("org_acme");
    expect(value).toEqual(await (await db()).approval.findUniqueOrThrow({ where: { id: approvalId } }));
    expect(await getApprovalOrThrow(approvalId, value)).toEqual(value);

    const other = await authenticateAgent(bearer(tokens.otherAccount), read);
    expect(other.principal.accountId).toBe("org_globex");
    expect(other.value).toBeNull();
    await expect(getApprovalOrThrow(approvalId, other.value)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const missing = await authenticateAgent(bearer(tokens.full), (publicId) =>
      readTokenAndApproval(publicId, "apr_missing"),
    );
    expect(missing.value).toBeNull();
  });

  it("a milestone: the same as Prisma's, with only its own type's pending approval", async () => {
    const milestoneId = milestones.activeFunded;
    const created = await post(`/milestones/${milestoneId}/approve`, tokens.full);
    const release = await authenticateAgent(bearer(tokens.full), (publicId) =>
      releasePreload(publicId, { milestoneId }),
    );
    const funding = await authenticateAgent(bearer(tokens.full), (publicId) =>
      fundingPreload(publicId, { milestoneId }),
    );
    const client = await db();
    const { contract, ...milestone } = release.value!.milestone;
    expect(milestone).toEqual(await client.milestone.findUniqueOrThrow({ where: { id: milestoneId } }));
    expect(contract).toEqual(
      await client.contract.findUniqueOrThrow({
        where: { id: milestone.contractId },
        select: { id: true, accountId: true, jobId: true, freelancerId: true, status: true },
      }),
    );
    expect(release.value!.pending).toEqual(
      await client.approval.findUniqueOrThrow({ where: { id: created.body.approval.id } }),
    );
    expect(release.value!.pendingType).toBe("milestone_approve");
    expect(funding.value!.pending).toBeNull();
    expect(funding.value!.milestone).toEqual(release.value!.milestone);

    // Another account sees neither the milestone nor the approval pending on it.
    const other = await authenticateAgent(bearer(tokens.otherAccount), (publicId) =>
      releasePreload(publicId, { milestoneId }),
    );
    expect(other.value).toBeNull();
    expect(() => getMilestoneForApprovalOrThrow(milestoneId, "milestone_approve", other.value)).toThrow(
      expect.objectContaining({ code: "NOT_FOUND", details: { resource: "milestones", milestoneId } }),
    );
  });

  it("a read handed to the wrong approval type is refused, not used", async () => {
    const { value } = await authenticateAgent(bearer(tokens.full), (publicId) =>
      fundingPreload(publicId, { milestoneId: milestones.activeFunded }),
    );
    expect(() => getMilestoneForApprovalOrThrow(milestones.activeFunded, "milestone_approve", value)).toThrow(
      /preloaded for milestone_fund/,
    );
  });

  it("whether any approval is due: false with none due, true once one's window has passed, and only the account's own", async () => {
    expect((await authenticateAgent(bearer(tokens.full), anyDueApprovalPreload)).value).toBe(false);
    await post(`/milestones/${milestones.activeFunded}/approve`, tokens.full);
    const later = new Date(Date.now() + 73 * 3600_000);
    setClock(() => later);
    try {
      expect((await readTokenAndAnyDueApproval(publicIdOf(tokens.full), later)).value).toBe(true);
      expect((await readTokenAndAnyDueApproval(publicIdOf(tokens.otherAccount), later)).value).toBe(false);
    } finally {
      resetClock();
    }
  });

  it("the principal is the same with a read as without, every feature counted once", async () => {
    const plain = await authenticateAgent(bearer(tokens.full), readToken);
    const withRead = await authenticateAgent(bearer(tokens.full), (publicId) =>
      releasePreload(publicId, { milestoneId: milestones.activeFunded }),
    );
    expect(plain.value).toBeUndefined();
    expect(withRead.principal).toEqual(plain.principal);
    expect(plain.principal.account.features).toEqual([
      "public_api_credits",
      "public_api_hiring",
      "public_api_payments_write",
      "public_api_webhooks",
    ]);
  });

  it("an invalid token is refused before anything read is handed out", async () => {
    const wrongSecret = tokens.full.replace(/.$/, (c) => (c === "a" ? "b" : "a"));
    await expect(
      authenticateAgent(bearer(wrongSecret), (publicId) =>
        releasePreload(publicId, { milestoneId: milestones.activeFunded }),
      ),
    ).rejects.toMatchObject({ code: "UNAUTHORIZED", status: 401 });
    expect((await readToken("nosuchpublicid00")).token).toBeNull();
  });
});

describe("rows on the direct connection", () => {
  it("plain objects with every column; a bound parameter; no rows → []", async () => {
    const [row] = await readRows(`SELECT 'x' AS "a", NULL AS "n", ? AS "p"`, ["bound"]);
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(row).toEqual({ a: "x", n: null, p: "bound" });
    expect(await readRows(`SELECT "id" FROM "Account" WHERE "id" = ?`, ["org_missing"])).toEqual([]);
  });
});
