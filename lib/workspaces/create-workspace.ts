import { randomBytes } from "node:crypto";
import { db, Prisma, type PrismaClient } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { slugify } from "@/lib/workspaces/slug";
import { recordAudit } from "@/lib/audit/record-audit";

type Tx = Prisma.TransactionClient | PrismaClient;

/** Finds a free slug: the name's slug, else with a short random suffix. */
async function freeSlug(tx: Tx, name: string, requested?: string): Promise<string> {
  const base = requested ?? slugify(name);
  if (!(await tx.workspace.findUnique({ where: { slug: base }, select: { id: true } }))) return base;
  if (requested) throw new AppError("SLUG_TAKEN", "This workspace URL is taken", { fields: { slug: "This workspace URL is taken" } });
  for (let i = 0; i < 5; i++) {
    const candidate = `${base.slice(0, 33)}-${randomBytes(3).toString("hex")}`;
    if (!(await tx.workspace.findUnique({ where: { slug: candidate }, select: { id: true } }))) return candidate;
  }
  throw new AppError("CONFLICT", "Could not find a free workspace URL; choose one");
}

export async function createWorkspace(
  input: { name: string; slug?: string; ownerUserId: string },
  tx: Tx = db,
): Promise<{ id: string; slug: string; name: string }> {
  const slug = await freeSlug(tx, input.name, input.slug);
  try {
    const ws = await tx.workspace.create({
      data: { name: input.name, slug, memberships: { create: { userId: input.ownerUserId, role: "owner" } } },
      select: { id: true, slug: true, name: true },
    });
    await recordAudit(
      { workspaceId: ws.id, actor: { type: "user", userId: input.ownerUserId }, action: "workspace.created", target: { type: "workspace", id: ws.id }, metadata: { name: ws.name, slug: ws.slug } },
      tx,
    );
    return ws;
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      throw new AppError("SLUG_TAKEN", "This workspace URL is taken", { fields: { slug: "This workspace URL is taken" } });
    }
    throw err;
  }
}
