// What a sandbox panel server action returns to its form: a success message, or the error in words with
// its code and per-field messages (lib/errors/action-error.ts).
export type SandboxActionState = { ok?: string; error?: string; code?: string; fields?: Record<string, string>; secret?: string } | undefined;
