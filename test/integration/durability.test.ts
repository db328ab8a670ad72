import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { directWriterSynchronous } from "@/lib/db-direct";
import { ENGINE } from "../support/databases";

describe.skipIf(ENGINE !== "sqlite")("SQLite durability", () => {
  // better-sqlite3 defaults to synchronous=NORMAL in WAL mode, under which the last commits may roll back after a
  // power loss; both connections that write must ask for FULL themselves.
  it("every connection that writes commits with synchronous=FULL (2): Prisma's and the direct writer", async () => {
    const [row] = await (await db()).$queryRawUnsafe<{ synchronous: number | bigint }[]>("PRAGMA synchronous");
    expect(Number(row.synchronous)).toBe(2);
    expect(await directWriterSynchronous()).toBe(2);
  });
});
