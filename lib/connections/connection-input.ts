// Inputs shared by the connect flows, parsed with zod at the edge (server actions pass FormData through these).
import { z } from "zod";

export const environmentSchema = z.enum(["live", "sandbox"]);
export const connectionNameSchema = z.string().trim().min(1, "Give the connection a name").max(80, "80 characters at most");

export const connectApiKeyInputSchema = z.object({
  provider: z.string().min(1),
  name: connectionNameSchema,
  environment: environmentSchema,
  config: z.record(z.string(), z.unknown()).default({}),
  credentials: z.record(z.string(), z.unknown()).default({}),
});
export type ConnectApiKeyInput = z.input<typeof connectApiKeyInputSchema>;

export const startOAuthInputSchema = z.object({
  provider: z.string().min(1),
  name: connectionNameSchema,
  environment: environmentSchema,
  config: z.record(z.string(), z.unknown()).default({}),
  /** reconnect: the connection whose tokens are replaced */
  reconnectId: z.string().min(1).optional(),
});
export type StartOAuthInput = z.input<typeof startOAuthInputSchema>;
