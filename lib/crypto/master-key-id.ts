// A fingerprint of a master key, stored next to every wrapped data key so rotation and start-up can tell
// which key wrapped it (and report a clear error when MASTER_KEY was changed without rotating).
import { createHash } from "node:crypto";

export function masterKeyId(masterKey: Buffer): string {
  return createHash("sha256").update("switchboard:master-key-id:").update(masterKey).digest("hex").slice(0, 16);
}
