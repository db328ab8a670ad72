import "server-only";
import { findApprovalAccess } from "@/lib/approvals/human-access";
import { db } from "@/lib/db";

/**
 * One invoice for the co-sign page's link: null when it does not exist or the human is not a member of its account
 * (the page shows the same not-found for both, as for approvals).
 */
export async function getInvoice(input: { invoiceId: string; humanId: string }) {
  const client = await db();
  const invoice = await client.invoice.findUnique({ where: { id: input.invoiceId } });
  if (!invoice) return null;
  const access = await findApprovalAccess(client, input.humanId, invoice.accountId);
  if (!access) return null;
  const milestone = await client.milestone.findUnique({
    where: { id: invoice.milestoneId },
    include: { contract: { include: { freelancer: true, job: true } } },
  });
  const settlement = await client.ledgerTransaction.findFirst({
    where: { milestoneId: invoice.milestoneId, kind: { in: ["RELEASE", "REFUND"] } },
    orderBy: { createdAt: "desc" },
  });
  return { invoice, accountName: access.accountName, milestone, settlement };
}
