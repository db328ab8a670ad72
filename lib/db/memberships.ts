import "server-only";
import { isPostgres, type Tx } from "@/lib/db/client";

/** The two-key advisory lock space for emails (the single-key space holds the event-order lock, lib/db/events.ts). */
const EMAIL_LOCK_SPACE = 2;

/**
 * Serializes, per email, the sign-up that creates a human with it and an invitation to it: each runs its check and
 * its write under this lock, so an invitation either sees the new human (and adds them at once) or is there for the
 * sign-up to take — never neither, which READ COMMITTED alone allows (measured: an orphaned invitation in 1 of ~20
 * tries). Held to the transaction's end. On SQLite every Prisma transaction already holds the one write lock from
 * BEGIN (lib/db/client.ts), so there is nothing to add.
 */
export async function lockEmailForMembership(tx: Tx, email: string) {
  // executeRaw: the lock function returns void, which the driver adapter cannot read back as a row.
  if (isPostgres()) await tx.$executeRaw`SELECT pg_advisory_xact_lock(${EMAIL_LOCK_SPACE}::int, hashtext(${email}))`;
}
