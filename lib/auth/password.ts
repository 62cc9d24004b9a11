// Password hashing (argon2id) and the strength rule shown to users at sign-up.
import { hash, verify } from "@node-rs/argon2";
import { z } from "zod";

const COMMON = new Set([
  "password", "password1", "password123", "123456789", "1234567890", "qwertyuiop", "iloveyou123", "letmein123",
  "welcome123", "switchboard", "administrator", "passw0rd123",
]);

export const passwordSchema = z
  .string()
  .min(10, "Use at least 10 characters")
  .max(200, "Use at most 200 characters")
  .refine((p) => !COMMON.has(p.toLowerCase()), "This password is too common")
  .refine(
    (p) => p.length >= 16 || (/[A-Za-z]/.test(p) && /[^A-Za-z]/.test(p)),
    "Mix letters with digits or symbols (or use 16+ characters)",
  )
  .refine((p) => new Set(p).size >= 5, "Use more different characters");

export function hashPassword(password: string): Promise<string> {
  return hash(password, { memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of a random string, verified against when the e-mail is unknown so timing does not reveal accounts. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword("not-a-real-password-" + Math.random().toString(36));
  return dummy;
}
