// The Prisma client, lazily created over the process's driver (PGlite or PostgreSQL).
// `db` is a stand-in that creates the real client on first property access, so importing this module
// (as `next build` does) opens nothing.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { getDriver } from "@/lib/db/driver";

const holder = globalThis as unknown as { __switchboardPrisma?: PrismaClient | undefined };

export function getPrisma(): PrismaClient {
  if (holder.__switchboardPrisma) return holder.__switchboardPrisma;
  const driver = getDriver();
  const adapter = driver.kind === "pg" ? new PrismaPg(driver.pool) : new PrismaPGlite(driver.pglite);
  holder.__switchboardPrisma = new PrismaClient({ adapter });
  return holder.__switchboardPrisma;
}

export async function disconnectPrisma(): Promise<void> {
  const client = holder.__switchboardPrisma;
  holder.__switchboardPrisma = undefined;
  await client?.$disconnect();
}

export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const client = getPrisma();
    const value: unknown = Reflect.get(client, prop, client);
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(client) : value;
  },
});

export type { PrismaClient };
export { Prisma } from "@/lib/generated/prisma/client";
