"use server";
import { redirect } from "next/navigation";
import { ApiError } from "@/lib/api/errors";
import { auth } from "@/lib/auth/auth";
import { createTopUp } from "@/lib/credits/create-top-up";
import { topUpAmountUsd } from "@/lib/credits/schemas";
import { usdToCents } from "@/lib/money";

export type TopUpFormState = { message?: string; amountUsd?: string };

/** The /billing form: the same service as POST /credits/top-ups, then on to the sandbox checkout it created. */
export async function startTopUpAction(
  accountId: string,
  _prev: TopUpFormState,
  form: FormData,
): Promise<TopUpFormState> {
  const humanId = (await auth())?.user?.id;
  if (!humanId) return { message: "Your session has ended. Sign in again to continue." };
  const raw = form.get("amountUsd");
  const typed = typeof raw === "string" ? raw.trim().replace(/^\$/, "").replaceAll(",", "") : "";
  // An empty field is not $0: Number("") would be 0 and read as "too small".
  const amount = topUpAmountUsd.safeParse(typed === "" ? Number.NaN : Number(typed));
  if (!amount.success) return { message: `The amount ${amount.error.issues[0].message}.`, amountUsd: typed };
  let topUpId: string;
  try {
    topUpId = (await createTopUp({ accountId, amountCents: usdToCents(amount.data), by: { humanId } })).id;
  } catch (error) {
    if (error instanceof ApiError)
      return { message: error.code === "NOT_FOUND" ? "That account was not found." : error.message, amountUsd: typed };
    throw error;
  }
  // Outside the try: redirect() works by throwing.
  redirect(`/billing/checkout/${topUpId}`);
}
