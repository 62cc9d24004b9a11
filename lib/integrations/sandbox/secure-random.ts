// Credentials for sandboxes come from node:crypto's CSPRNG, never from the seeded Rng: a workspace's
// sandbox keys must not be computable from the source.
import { createHash, randomBytes, randomInt, randomUUID } from "node:crypto";
import type { SecureRandom } from "@/lib/integrations/sandbox/sandbox-types";

export const secureRandom: SecureRandom = {
  hex: (bytes) => randomBytes(bytes).toString("hex"),
  base64url: (bytes) => randomBytes(bytes).toString("base64url"),
  int: (min, max) => randomInt(min, max),
  uuid: () => randomUUID(),
};

/** How credentials are looked up: sha256 hex of the presented value (they are high-entropy, so no salt is needed). */
export function credentialHash(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "P2002";
}
