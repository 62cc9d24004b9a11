// The one string comparison for secrets and signatures. Both sides are hashed first, so the time taken
// depends on neither the contents nor the lengths of the inputs.
import { createHash, timingSafeEqual } from "node:crypto";

export function constantTimeEqual(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given, "utf8").digest();
  const b = createHash("sha256").update(expected, "utf8").digest();
  return timingSafeEqual(a, b);
}
