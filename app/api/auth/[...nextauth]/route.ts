import { handlers } from "@/lib/auth/auth";
import { BODY_LIMITS, withBodyLimit } from "@/lib/http/read-body";

// Auth.js reads the sign-in form itself; it gets the body only after the bounded read.
export const GET = withBodyLimit(BODY_LIMITS.form, handlers.GET);
export const POST = withBodyLimit(BODY_LIMITS.form, handlers.POST);
