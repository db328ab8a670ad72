import "server-only";
import { insertNoticesIfAbsent, readUnplannedOwners, type PlannedNotice, type UnplannedOwner } from "@/lib/db";
import { newId } from "@/lib/ids";

/**
 * The reminder goes when a third of the approval's window is left: for the default 72 h, 24 h before it expires —
 * two days after the first email, with a whole day still to act. A share rather than a fixed time, so a short
 * window (a demo's hour) gets its reminder too, 20 minutes before the end (docs/decisions/0016-approval-emails.md).
 */
export const REMINDER_SHARE_LEFT = 1 / 3;

export function reminderPoint(approval: Pick<UnplannedOwner, "createdAt" | "expiresAt">): Date {
  const window = approval.expiresAt.getTime() - approval.createdAt.getTime();
  return new Date(approval.expiresAt.getTime() - Math.round(window * REMINDER_SHARE_LEFT));
}

/**
 * Plans what is owed: for each owner of an open approval not yet planned, a new-approval email now and a reminder at
 * the reminder point. An owner planned only after that point (the notifier was off, or they became an owner late)
 * gets the first email alone: two at once would say the same thing twice. Any number of processes may plan at once:
 * a notice that exists is kept (insertNoticesIfAbsent), so each is owed once. Returns how many owners it planned.
 */
export async function planNotices(input: { at: Date; limit?: number }): Promise<number> {
  const owners = await readUnplannedOwners({ at: input.at, limit: input.limit ?? 200 });
  const notices: PlannedNotice[] = owners.flatMap((owner) => {
    const planned: PlannedNotice[] = [
      { id: newId("ntc"), approvalId: owner.approvalId, humanId: owner.humanId, kind: "NEW_APPROVAL", dueAt: input.at },
    ];
    const remindAt = reminderPoint(owner);
    if (remindAt > input.at)
      planned.push({
        id: newId("ntc"),
        approvalId: owner.approvalId,
        humanId: owner.humanId,
        kind: "REMINDER",
        dueAt: remindAt,
      });
    return planned;
  });
  await insertNoticesIfAbsent(notices, input.at);
  return owners.length;
}
