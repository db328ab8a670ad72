import { describe, expect, it } from "vitest";
import { db, isUniqueViolation } from "@/lib/db";
import { directWriterSynchronous, stopWriterThreadForTests, writeRows, type Statement } from "@/lib/db/direct";
import { ENGINE } from "../support/databases";

// The fast path's writes (lib/db/direct.ts writeRows): on SQLite they run on a writer thread that commits the writes
// arriving together in one transaction, one savepoint each. Each write must still be all or nothing on its own.
const INSERT_FEATURE = `INSERT INTO "AccountFeature" ("accountId", "key") VALUES (?, ?)`;
const INSERT_EVENT = `INSERT INTO "Event" ("accountId", "type", "resourceId", "jobId", "data", "createdAt") VALUES (?, ?, ?, ?, ?, ?)`;
// The event first: a write refused at its second statement must take its first one back with it.
const write = (key: string): Statement[] => [
  { sql: INSERT_EVENT, params: ["org_acme", "test.write", key, null, "{}", new Date()] },
  { sql: INSERT_FEATURE, params: ["org_acme", key] },
];

describe("direct writes", () => {
  it("writes sent at once: each all or nothing — a unique violation undoes only its own write", async () => {
    const keys = Array.from({ length: 30 }, (_, i) => `test_write_${i}`);
    // public_api_hiring is already on org_acme: that write's feature insert violates the primary key.
    const outcomes = await Promise.allSettled([...keys, "public_api_hiring"].map((key) => writeRows(write(key))));

    expect(outcomes.slice(0, 30).every((outcome) => outcome.status === "fulfilled")).toBe(true);
    const refused = outcomes[30];
    expect(refused.status).toBe("rejected");
    expect(isUniqueViolation((refused as PromiseRejectedResult).reason)).toBe(true);

    const client = await db();
    const events = await client.event.findMany({ where: { type: "test.write" }, orderBy: { resourceId: "asc" } });
    expect(events.map((event) => event.resourceId)).toEqual([...keys].sort());
    expect(
      await client.accountFeature.count({ where: { accountId: "org_acme", key: { startsWith: "test_write_" } } }),
    ).toBe(30);
    await client.event.deleteMany({ where: { type: "test.write" } });
    await client.accountFeature.deleteMany({ where: { key: { startsWith: "test_write_" } } });
  });

  it("a failing write is reported with its error and leaves nothing behind", async () => {
    const bad: Statement[] = [
      { sql: INSERT_EVENT, params: ["org_acme", "test.write", "half", null, "{}", new Date()] },
      { sql: `INSERT INTO "NoSuchTable" ("x") VALUES (?)`, params: [1] },
    ];
    await expect(writeRows(bad)).rejects.toThrow(/NoSuchTable/i);
    expect(await (await db()).event.count({ where: { type: "test.write" } })).toBe(0);
  });

  it.skipIf(ENGINE !== "sqlite")(
    "SQLite: the writer commits with synchronous=FULL, as Prisma's connection does",
    async () => {
      // better-sqlite3 defaults to synchronous=NORMAL in WAL mode, under which the last commits may roll back after a
      // power loss; every connection that writes must ask for FULL itself.
      const [row] = await (await db()).$queryRawUnsafe<{ synchronous: number | bigint }[]>("PRAGMA synchronous");
      expect(Number(row.synchronous)).toBe(2);
      expect(await directWriterSynchronous()).toBe(2);
    },
  );

  it.skipIf(ENGINE !== "sqlite")(
    "SQLite: after the writer thread dies, the next write starts a new one and commits",
    async () => {
      await writeRows(write("test_write_before"));
      await stopWriterThreadForTests();
      await writeRows(write("test_write_after"));
      const client = await db();
      expect(
        (await client.event.findMany({ where: { type: "test.write" }, orderBy: { id: "asc" } })).map(
          (e) => e.resourceId,
        ),
      ).toEqual(["test_write_before", "test_write_after"]);
      expect(await directWriterSynchronous()).toBe(2);
      await client.event.deleteMany({ where: { type: "test.write" } });
      await client.accountFeature.deleteMany({ where: { key: { startsWith: "test_write_" } } });
    },
  );
});
