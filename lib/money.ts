import { z } from "zod";

// Money is integer cents inside; the API speaks dollars with at most two decimals (contract §1).
export const MAX_AMOUNT_CENTS = 100_000_000; // $1,000,000.00 per milestone

export const amountUsd = z
  .number()
  .positive("must be greater than 0")
  .max(MAX_AMOUNT_CENTS / 100, `must be at most ${MAX_AMOUNT_CENTS / 100}`)
  .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6, "must have at most 2 decimals");

export function usdToCents(usd: number): number {
  return Math.round(usd * 100);
}

export function centsToUsd(cents: number): number {
  return cents / 100;
}

const usdFormat = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

export function formatUsd(cents: number): string {
  return usdFormat.format(cents / 100);
}
