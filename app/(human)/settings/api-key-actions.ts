"use server";
import { redirect } from "next/navigation";
import { ApiError } from "@/lib/api/errors";
import { isAccountManager } from "@/lib/accounts/account-access";
import { requireHuman } from "@/lib/auth/require-human";
import { SCOPES } from "@/lib/auth/scopes";
import { formArgument, formText, idArgument } from "@/lib/http/action-input";
import { createToken } from "@/lib/tokens/create-token";
import { revokeToken } from "@/lib/tokens/revoke-token";
import { createTokenBody } from "@/lib/tokens/schemas";

export type MintTokenState = { accessToken?: string; name?: string; message?: string };

/** The account's owner, or null: members see the tokens but cannot mint or revoke (lib/accounts/account-access). */
async function ownerOf(accountId: string | null) {
  const human = await requireHuman("/settings");
  if (!accountId) return null;
  return (await isAccountManager(human.id, accountId)) ? human : null;
}

/**
 * "Create token" on /settings: the same service as POST /tokens, with an owner's authority (every scope). The whole
 * token comes back once, in the action's state: never in a URL, never stored.
 */
export async function mintTokenAction(_prev: MintTokenState, value: unknown): Promise<MintTokenState> {
  const form = formArgument(value);
  if (!form) return { message: "Something was missing from the form. Reload the page and try again." };
  const accountId = idArgument(formText(form, "accountId"));
  if (!(await ownerOf(accountId))) return { message: "Only an owner of this account can create tokens." };
  const expiry = formText(form, "expiresOn");
  const parsed = createTokenBody.safeParse({
    name: formText(form, "name") || undefined,
    scopes: form.getAll("scopes").filter((s) => typeof s === "string"),
    // A date picked in the form: the token works through that whole day (UTC).
    expiresAt: expiry ? `${expiry}T23:59:59.999Z` : undefined,
  });
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path[0];
    if (field === "scopes") return { message: "Choose at least one scope." };
    if (field === "name") return { message: "The label must be 1 to 120 characters." };
    return { message: "Pick a valid expiry date." };
  }
  try {
    const created = await createToken({
      accountId: accountId!,
      grantedScopes: SCOPES,
      name: parsed.data.name,
      scopes: parsed.data.scopes,
      expiresAt: parsed.data.expiresAt ? new Date(parsed.data.expiresAt) : null,
    });
    return { accessToken: created.accessToken, name: created.token.name };
  } catch (error) {
    if (error instanceof ApiError && (error.code === "CONFLICT" || error.code === "BAD_REQUEST"))
      return { message: error.message };
    throw error;
  }
}

/** "Revoke" on /settings: the token stops working at once (its very next call is a 401). */
export async function revokeTokenAction(value: unknown) {
  const form = formArgument(value);
  const accountId = form ? idArgument(formText(form, "accountId")) : null;
  const tokenId = form ? idArgument(formText(form, "tokenId")) : null;
  if (!(await ownerOf(accountId)) || !tokenId) redirect("/settings");
  try {
    await revokeToken({ accountId: accountId!, tokenId, grantedScopes: SCOPES });
  } catch (error) {
    // Not this account's token (or none): nothing to revoke, the page shows the list as it is.
    if (!(error instanceof ApiError)) throw error;
    redirect("/settings");
  }
  // Post/redirect/get, so a reload does not resubmit and the page works the same without JavaScript.
  redirect("/settings?revoked=1");
}
