import { afterEach, describe, expect, inject, it } from "vitest";
import { expireDueApprovals } from "@/lib/approvals/expire-approvals";
import { resetClock, setClock } from "@/lib/clock";
import { db } from "@/lib/db";
import { get, post } from "../support/api";

const { tokens, milestones } = inject("fixtures");

afterEach(() => resetClock());

describe("the expiry sweep", () => {
  it("flips exactly the approvals whose window has passed, each with its event, and only once", async () => {
    const a = await post(`/milestones/${milestones.activeFunded}/approve`, tokens.full);
    const b = await post(`/milestones/${milestones.otherAccount}/approve`, tokens.otherAccount);
    const expiresAt = Date.parse(a.body.approval.expiresAt);
    // One millisecond before the window closes: nothing is due.
    setClock(() => new Date(expiresAt - 1));
    expect(await expireDueApprovals()).toBe(0);
    // One millisecond after both windows closed (b was created a moment later): both, in one sweep, across accounts.
    setClock(() => new Date(Date.parse(b.body.approval.expiresAt) + 1));
    expect(await expireDueApprovals()).toBe(2);
    expect(await expireDueApprovals()).toBe(0);
    const client = await db();
    const events = await client.event.findMany({
      where: { type: "approval.confirmed", resourceId: { in: [a.body.approval.id, b.body.approval.id] } },
    });
    expect(events.map((e) => JSON.parse(e.data).status)).toEqual(["expired", "expired"]);
    expect((await get(`/approvals/${a.body.approval.id}`, tokens.full)).body.approval.status).toBe("expired");
  });

  it("the feed sweeps the reader's account before it reads, so the expiry event is in that very page", async () => {
    const a = await post(`/milestones/${milestones.activeFunded}/approve`, tokens.full);
    setClock(() => new Date(Date.parse(a.body.approval.expiresAt) + 1));
    const feed = await get(`/updates?limit=100`, tokens.full);
    expect(
      feed.body.events.filter(
        (e: { resourceId: string; type: string }) =>
          e.resourceId === a.body.approval.id && e.type === "approval.confirmed",
      ),
    ).toHaveLength(1);
  });
});
