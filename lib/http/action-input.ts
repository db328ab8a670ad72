import { resourceId } from "@/lib/api/resource-id";

// A server action is a public endpoint: anyone can POST to a page with a Next-Action id taken from its HTML and any
// arguments React can decode — numbers, arrays, objects, nothing at all — in place of the FormData and the bound id
// the page's own form sends. Whatever throws in an action answers 500, so the actions check their arguments' types
// with these first and answer wrong ones as a failed form.

/** The FormData argument, or null when the caller sent something else. */
export function formArgument(value: unknown): FormData | null {
  return value instanceof FormData ? value : null;
}

/** A text field: "" when missing or when the caller sent a file under that name. */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

/** A bound id argument (e.g. the approval id bound into the page's forms), or null when it is not one. */
export function idArgument(value: unknown): string | null {
  return resourceId.safeParse(value).success ? (value as string) : null;
}
