import { describe, expect, it } from "vitest";
import { storableDate } from "@/lib/dates";

describe("storableDate", () => {
  it.each([
    "0001-01-01",
    "1969-12-31",
    "2027-01-01",
    "9999-12-31",
    "9999-12-31T23:59:59.999Z",
    "0001-01-01T00:00:00+00:00",
  ])("accepts %s", (value) => {
    expect(storableDate.safeParse(value).success).toBe(true);
  });

  it.each([
    "0000-01-01",
    "0000-12-31T23:59:59Z",
    "+275760-09-13",
    "-000001-01-01",
    "9999-12-31T23:59:59-01:00",
    "0001-01-01T00:30:00+01:00",
    "2027-02-30",
    "yesterday",
    "",
  ])("refuses %s", (value) => {
    expect(storableDate.safeParse(value).success).toBe(false);
  });
});
