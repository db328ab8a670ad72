// Cursor pages, newest first, the same on every list (contract §1: `?cursor=&limit=` → `nextCursor`). The cursor is
// the id of the previous page's last row; reading one row more than asked tells whether there is a next page.

/** The Prisma `findMany` arguments of one page. */
export function newestFirst(page: { cursor?: string; limit: number }) {
  return {
    orderBy: [{ createdAt: "desc" as const }, { id: "desc" as const }],
    take: page.limit + 1,
    ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
  };
}

/** The rows of the page read with newestFirst, and the cursor of the next one (null: this is the last). */
export function pageOf<T extends { id: string }>(rows: T[], limit: number): { rows: T[]; nextCursor: string | null } {
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  return { rows: page, nextCursor: hasMore ? page.at(-1)!.id : null };
}
