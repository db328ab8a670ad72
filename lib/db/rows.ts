// Turning the direct connection's column values into typed fields. SQLite returns timestamps as ISO text and
// booleans as 0/1; PostgreSQL returns Dates and booleans. Only lib/db's statement modules use these.
import type { Row } from "@/lib/db/direct";

export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  // SQLite: ISO-8601 text; PostgreSQL: already a Date.
  return value instanceof Date ? value : new Date(value as string);
}

const SQLITE_UTC_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/;

/** A timestamp column as ISO-8601 UTC text, without building a Date when SQLite's stored text already is one. */
export function toIsoString(value: unknown): string {
  if (typeof value === "string" && SQLITE_UTC_TIMESTAMP.test(value)) return `${value.slice(0, 23)}Z`;
  return toDate(value)!.toISOString();
}

export function isSet(value: unknown): boolean {
  return value !== null && value !== undefined;
}

/**
 * The columns of one table out of a joined row, where the statement selected each as `<prefix><column>`
 * (see selectAs); their date columns as Dates.
 */
export function pickPrefixed<T>(
  row: Row,
  prefix: string,
  columns: readonly string[],
  dateColumns: readonly string[],
): T {
  const picked: Row = {};
  for (const column of columns) picked[column] = row[prefix + column];
  for (const column of dateColumns) picked[column] = toDate(picked[column]);
  return picked as T;
}

/** A select list of `alias."column" AS "<prefix>column"` for each column, so a joined table's names cannot collide. */
export function selectAs(alias: string, prefix: string, columns: readonly string[]): string {
  return columns.map((column) => `${alias}."${column}" AS "${prefix}${column}"`).join(", ");
}

type Words<S extends string> = S extends `${infer Head} ${infer Rest}` ? Head | Words<Rest> : S;
type ExactColumns<T, S extends string> = [Exclude<keyof T, Words<S>> | Exclude<Words<S>, keyof T>] extends [never]
  ? S
  : never;

/**
 * Every column of a model, written as one space-separated string that the compiler checks against the model: a
 * missing or unknown column makes the argument's type `never` (a type error), so a new column cannot be forgotten.
 */
export function columnsOf<T>() {
  return <const S extends string>(columns: ExactColumns<T, S>) => columns.split(" ") as (keyof T & string)[];
}
