// listChanged checkpoints are opaque to the sync engine: each adapter keeps its own state as JSON in
// base64url, validated with its zod schema on the way back in. A checkpoint that does not parse is a
// BAD_REQUEST naming the provider (the engine then starts a full resync instead of guessing).
import type { z } from "zod";
import { AppError } from "@/lib/errors/app-error";

export type CheckpointCodec<T> = { encode(state: T): string; decode(checkpoint: string): T };

export function checkpointCodec<S extends z.ZodType>(schema: S, provider: { slug: string; name: string }): CheckpointCodec<z.infer<S>> {
  return {
    encode: (state) => Buffer.from(JSON.stringify(state)).toString("base64url"),
    decode(checkpoint) {
      try {
        return schema.parse(JSON.parse(Buffer.from(checkpoint, "base64url").toString("utf8")));
      } catch {
        throw new AppError("BAD_REQUEST", `Invalid ${provider.name} checkpoint.`, { provider: provider.slug });
      }
    },
  };
}
