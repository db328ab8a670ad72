/** A contract_end binds the funded milestones it was asked on: Approval.terms is `[[milestoneId, amountCents], …]`. */
export function endTermsText(funded: readonly { id: string; amountCents: number; milestoneNumber: number }[]): string {
  return JSON.stringify(
    [...funded].sort((a, b) => a.milestoneNumber - b.milestoneNumber).map((m) => [m.id, m.amountCents]),
  );
}

export function parseEndTerms(text: string | null): [string, number][] {
  return text ? (JSON.parse(text) as [string, number][]) : [];
}
