import { AppError } from "@/lib/errors/app-error";

/** The AppError a promise rejects with; fails the test when it resolves or rejects with anything else. */
export async function caughtAppError(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected the call to fail with an AppError, but it succeeded");
}
