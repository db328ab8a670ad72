import type { HireBody } from "@/lib/proposals/schemas";

/** A hire's first milestone as the agent proposed it: what Approval.terms holds for a proposal_hire. */
export type HireTerms = { name: string | null; description: string | null; dueDate: string | null };

/** Fixed key order, so the same terms are the same text and the same facts hash. */
export function hireTermsText(milestone: HireBody["milestone"]): string {
  const terms: HireTerms = {
    name: milestone.name ?? null,
    description: milestone.description ?? null,
    dueDate: milestone.dueDate ? new Date(milestone.dueDate).toISOString() : null,
  };
  return JSON.stringify(terms);
}

export function parseHireTerms(text: string | null): HireTerms {
  const parsed = (text ? JSON.parse(text) : {}) as Partial<HireTerms>;
  return { name: parsed.name ?? null, description: parsed.description ?? null, dueDate: parsed.dueDate ?? null };
}
