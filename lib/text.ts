import { z } from "zod";

/**
 * Text we store: well-formed Unicode without NUL. A lone surrogate cannot be encoded by Prisma's engine protocol and
 * PostgreSQL refuses NUL in text; both would otherwise surface as a 500 instead of the caller's 400.
 */
export const storableText = z
  .string()
  .refine(
    (value) => value.isWellFormed() && !value.includes("\u0000"),
    "must be well-formed Unicode text without NUL characters",
  );
