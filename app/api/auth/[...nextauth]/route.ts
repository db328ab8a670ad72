import { handlers } from "@/lib/auth/auth";

// GET|POST /api/auth/* — next-auth's own endpoints (session, CSRF token, credentials callback, sign-out)
export const { GET, POST } = handlers;
