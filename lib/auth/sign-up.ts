// Creates a user and their first workspace (the user as owner) in one transaction.
import { z } from "zod";
import { db, Prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { hashPassword, passwordSchema } from "@/lib/auth/password";
import { normaliseEmail } from "@/lib/auth/sign-in-attempt";
import { createWorkspace } from "@/lib/workspaces/create-workspace";

export const signUpSchema = z.object({
  name: z.string().trim().min(1, "Enter your name").max(100, "Use at most 100 characters"),
  email: z
    .string()
    .trim()
    .max(254, "That e-mail address is too long")
    .pipe(z.email("Enter a valid e-mail address, like you@company.com")),
  password: passwordSchema,
  workspaceName: z.string().trim().max(80, "Use at most 80 characters").optional(),
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export async function signUp(input: SignUpInput): Promise<{ userId: string; workspaceSlug: string }> {
  const email = normaliseEmail(input.email);
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) {
    throw new AppError("EMAIL_TAKEN", "An account with this e-mail already exists. Sign in instead.", {
      fields: { email: "An account with this e-mail already exists. Sign in instead." },
    });
  }
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email, name: input.name, passwordHash }, select: { id: true } });
      const workspaceName = input.workspaceName?.trim() || `${input.name.split(/\s+/)[0] ?? input.name}'s workspace`;
      const ws = await createWorkspace({ name: workspaceName, ownerUserId: user.id }, tx);
      return { userId: user.id, workspaceSlug: ws.slug };
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      throw new AppError("EMAIL_TAKEN", "An account with this e-mail already exists. Sign in instead.", {
        fields: { email: "An account with this e-mail already exists. Sign in instead." },
      });
    }
    throw err;
  }
}
