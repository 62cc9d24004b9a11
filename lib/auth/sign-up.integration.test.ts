import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { signUp, signUpSchema } from "@/lib/auth/sign-up";
import { attemptSignIn, SIGN_IN_LIMITS, signInKeys } from "@/lib/auth/sign-in-attempt";
import { mintDeviceToken } from "@/lib/auth/device-cookie";
import { consumeRateLimit } from "@/lib/rate-limit/consume";
import { listMailbox } from "@/lib/mail/local-mailbox";
import { AppError } from "@/lib/errors/app-error";
import { uniqueSuffix } from "@/lib/testing/factories";

const randomIp = () => `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

const input = (email: string) => ({ name: "Ada Lovelace", email, password: "analytical-engine-1843" });

describe("signUp", () => {
  it("creates the user (argon2 hash) and a first workspace with the user as owner", async () => {
    const email = `Ada-${uniqueSuffix()}@Example.test`;
    const { userId, workspaceSlug } = await signUp(signUpSchema.parse(input(email)));
    const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
    expect(user.email).toBe(email.toLowerCase());
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.passwordHash).not.toContain("analytical");
    const ws = await db.workspace.findUniqueOrThrow({ where: { slug: workspaceSlug }, include: { memberships: true } });
    expect(ws.name).toBe("Ada's workspace");
    expect(ws.memberships).toEqual([expect.objectContaining({ userId, role: "owner" })]);
    expect(await db.auditEvent.count({ where: { workspaceId: ws.id, action: "workspace.created" } })).toBe(1);
    // The address is not verified yet; the verification link is in the (local) mailbox.
    expect(user.emailVerifiedAt).toBeNull();
    const [mail] = await listMailbox(email);
    expect(mail?.text).toMatch(/\/verify-email\/[A-Za-z0-9_-]{40,}/);
  });

  it("after the per-IP sign-in limit: refuses with RATE_LIMITED before creating the account", async () => {
    const ip = randomIp();
    for (let i = 0; i < SIGN_IN_LIMITS.perIp.limit; i++) await consumeRateLimit(signInKeys.ip(ip), SIGN_IN_LIMITS.perIp.limit, SIGN_IN_LIMITS.perIp.windowMs);
    const email = `late-${uniqueSuffix()}@example.test`;
    const err = await signUp(signUpSchema.parse(input(email)), { ip }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "RATE_LIMITED", status: 429 });
    expect(await db.user.count({ where: { email } })).toBe(0);
    // Another network signs up fine.
    await expect(signUp(signUpSchema.parse(input(email)), { ip: randomIp() })).resolves.toMatchObject({ userId: expect.any(String) });
  });

  it("uses the workspace name given at sign-up", async () => {
    const { workspaceSlug } = await signUp(signUpSchema.parse({ ...input(`w-${uniqueSuffix()}@example.test`), workspaceName: "Acme Sales EU" }));
    expect(workspaceSlug).toMatch(/^acme-sales-eu/);
    expect((await db.workspace.findUniqueOrThrow({ where: { slug: workspaceSlug } })).name).toBe("Acme Sales EU");
  });

  it("gives a second workspace with the same name a different slug", async () => {
    const a = await signUp(signUpSchema.parse(input(`a-${uniqueSuffix()}@example.test`)));
    const b = await signUp(signUpSchema.parse(input(`b-${uniqueSuffix()}@example.test`)));
    expect(a.workspaceSlug).not.toBe(b.workspaceSlug);
  });

  it("refuses a taken e-mail (any case) with EMAIL_TAKEN and creates nothing", async () => {
    const email = `taken-${uniqueSuffix()}@example.test`;
    const first = await signUp(signUpSchema.parse({ ...input(email), workspaceName: `Taken ${email}` }));
    const err = await signUp(signUpSchema.parse({ ...input(email.toUpperCase()), workspaceName: `Taken again ${email}` })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("EMAIL_TAKEN");
    expect((err as AppError).details).toEqual({ fields: { email: expect.stringContaining("already exists") } });
    // Scoped to what this test made: one user with the address, owning only the first workspace.
    expect(await db.user.count({ where: { email: { equals: email, mode: "insensitive" } } })).toBe(1);
    expect(await db.workspace.count({ where: { name: `Taken again ${email}` } })).toBe(0);
    const owned = await db.membership.findMany({ where: { userId: first.userId }, select: { workspace: { select: { slug: true } } } });
    expect(owned.map((m) => m.workspace.slug)).toEqual([first.workspaceSlug]);
  });

  it("names the field for a weak password and a malformed e-mail", () => {
    const r = signUpSchema.safeParse({ name: "X", email: "nope", password: "password1" });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join("."));
    expect(paths).toContain("email");
    expect(paths).toContain("password");
    expect(signUpSchema.safeParse({ name: "X", email: "x@y.test", password: "aaaaaaaaaaaa" }).success).toBe(false);
    expect(signUpSchema.safeParse({ name: "X", email: "x@y.test", password: "a-good-pass-77" }).success).toBe(true);
    // Common and breached-style passwords, and ones made of the person's own name or address (zxcvbn-ts).
    for (const weak of ["Password2024!", "qwerty123456", "iloveyou2020", "1q2w3e4r5t6y"]) {
      expect(signUpSchema.safeParse({ name: "X", email: "x@y.test", password: weak }).success, weak).toBe(false);
    }
    const personal = signUpSchema.safeParse({ name: "Grace Hopper", email: "grace@navy.test", password: "gracehopper2024" });
    expect(personal.error?.issues[0]).toMatchObject({ path: ["password"], message: expect.stringContaining("too easy to guess") });
  });
});

describe("attemptSignIn", () => {
  it("accepts the right password and refuses a wrong one", async () => {
    const email = `si-${uniqueSuffix()}@example.test`;
    await signUp(signUpSchema.parse(input(email)));
    expect(await attemptSignIn({ email: email.toUpperCase(), password: "analytical-engine-1843", ip: "10.0.0.1" })).toMatchObject({ ok: true, user: { email } });
    expect(await attemptSignIn({ email, password: "wrong-password-1", ip: "10.0.0.1" })).toEqual({ ok: false, reason: "invalid" });
    expect(await attemptSignIn({ email: `nobody-${uniqueSuffix()}@example.test`, password: "x", ip: "10.0.0.1" })).toEqual({ ok: false, reason: "invalid" });
  });

  it("rate-limits failed attempts per e-mail, even with the right password afterwards", async () => {
    const email = `rl-${uniqueSuffix()}@example.test`;
    await signUp(signUpSchema.parse(input(email)));
    for (let i = 0; i < SIGN_IN_LIMITS.perEmail.limit; i++) {
      expect(await attemptSignIn({ email, password: `wrong-${i}-pass`, ip: `10.1.0.${i}` })).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await attemptSignIn({ email, password: "analytical-engine-1843", ip: "10.1.1.1" })).toMatchObject({ ok: false, reason: "rate_limited" });
  });

  it("rate-limits failed attempts per IP across e-mails", async () => {
    const ip = `10.2.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    for (let i = 0; i < SIGN_IN_LIMITS.perIp.limit; i++) {
      await attemptSignIn({ email: `spray-${i}-${uniqueSuffix()}@example.test`, password: "guess-guess-1", ip });
    }
    const email = `victim-${uniqueSuffix()}@example.test`;
    await signUp(signUpSchema.parse(input(email)));
    expect(await attemptSignIn({ email, password: "analytical-engine-1843", ip })).toMatchObject({ ok: false, reason: "rate_limited" });
    expect(await attemptSignIn({ email, password: "analytical-engine-1843", ip: "10.3.0.1" })).toMatchObject({ ok: true });
  });

  it("20 parallel wrong attempts try at most the per-e-mail limit of passwords (consumed before verifying)", async () => {
    const email = `par-${uniqueSuffix()}@example.test`;
    await signUp(signUpSchema.parse(input(email)));
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => attemptSignIn({ email, password: `wrong-${i}-pass`, ip: randomIp() })));
    const tried = outcomes.filter((o) => !o.ok && o.reason === "invalid").length;
    expect(tried).toBeLessThanOrEqual(SIGN_IN_LIMITS.perEmail.limit);
    expect(outcomes.filter((o) => !o.ok && o.reason === "rate_limited").length).toBe(20 - tried);
  });

  it("an attacker failing from many addresses does not lock the owner out of a browser they signed in from before", async () => {
    const email = `owner-${uniqueSuffix()}@example.test`;
    await signUp(signUpSchema.parse(input(email)));
    const device = mintDeviceToken(email);
    for (let i = 0; i < SIGN_IN_LIMITS.perEmail.limit + 3; i++) await attemptSignIn({ email, password: `guess-${i}-pass`, ip: randomIp() });
    // A new browser (or the attacker) is slowed down ...
    expect(await attemptSignIn({ email, password: "analytical-engine-1843", ip: randomIp() })).toMatchObject({ ok: false, reason: "rate_limited" });
    // ... the owner's known browser is not, and a device cookie minted for another account does not help.
    expect(await attemptSignIn({ email, password: "analytical-engine-1843", ip: randomIp(), deviceToken: device })).toMatchObject({ ok: true });
    const forged = mintDeviceToken(`someone-else-${uniqueSuffix()}@example.test`);
    expect(await attemptSignIn({ email, password: "analytical-engine-1843", ip: randomIp(), deviceToken: forged })).toMatchObject({ ok: false, reason: "rate_limited" });
    expect(await attemptSignIn({ email, password: "analytical-engine-1843", ip: randomIp(), deviceToken: `${device.slice(0, -2)}xx` })).toMatchObject({
      ok: false,
      reason: "rate_limited",
    });
  });
});
