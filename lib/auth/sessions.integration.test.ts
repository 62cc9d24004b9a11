// Revocable sessions, password change and reset, e-mail verification — through the local mailbox,
// as a newcomer on the embedded default would do it.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { attemptSignIn } from "@/lib/auth/sign-in-attempt";
import { changePassword } from "@/lib/auth/change-password";
import { sendVerificationMail, verifyEmail } from "@/lib/auth/email-verification";
import { requestPasswordReset, resetPassword } from "@/lib/auth/password-reset";
import { createUserSession, listActiveSessions, loadSessionUser, revokeAllSessions, revokeSession } from "@/lib/auth/user-sessions";
import { listMailbox } from "@/lib/mail/local-mailbox";
import { caughtAppError } from "@/lib/testing/caught-app-error";
import { createTestUser, TEST_PASSWORD, uniqueSuffix } from "@/lib/testing/factories";

const NEW_PASSWORD = "lantern-orchard-velvet-58";

/** The token in the newest mail to `email` whose link goes to `path`. */
async function linkFromMailbox(email: string, path: string): Promise<string> {
  const mail = (await listMailbox(email)).find((m) => m.text.includes(path));
  const match = mail && new RegExp(`${path}/([A-Za-z0-9_-]+)`).exec(mail.text);
  if (!match?.[1]) throw new Error(`no ${path} link in the mailbox of ${email}`);
  return match[1];
}

describe("sessions", () => {
  it("a session works until it is revoked; signing out of all sessions ends every one of them", async () => {
    const user = await createTestUser();
    const a = await createUserSession(user.id, "Browser A");
    const b = await createUserSession(user.id, "Browser B");
    expect(await loadSessionUser(a, user.id)).toMatchObject({ id: user.id });
    expect(await loadSessionUser(a, "someone-else")).toBeNull();
    await revokeSession(a);
    expect(await loadSessionUser(a, user.id)).toBeNull();
    expect(await loadSessionUser(b, user.id)).not.toBeNull();
    expect(await revokeAllSessions(user.id)).toBe(1);
    expect(await loadSessionUser(b, user.id)).toBeNull();
  });

  it("an expired session and a deleted user's session do not work", async () => {
    const user = await createTestUser();
    const old = await createUserSession(user.id, null, new Date(Date.now() - 31 * 24 * 3600_000));
    expect(await loadSessionUser(old, user.id)).toBeNull();
    const live = await createUserSession(user.id, null);
    await db.user.delete({ where: { id: user.id } });
    expect(await loadSessionUser(live, user.id)).toBeNull();
  });

  it("changing the password ends every other session, keeps this one, and needs the current password", async () => {
    const user = await createTestUser();
    const here = await createUserSession(user.id, "here");
    const there = await createUserSession(user.id, "there");
    expect((await caughtAppError(changePassword({ user, sessionId: here }, { currentPassword: "not-it-at-all", newPassword: NEW_PASSWORD }))).code).toBe(
      "INVALID_CREDENTIALS",
    );
    expect(await loadSessionUser(there, user.id)).not.toBeNull();
    const weak = await caughtAppError(changePassword({ user, sessionId: here }, { currentPassword: TEST_PASSWORD, newPassword: "Password2024!" }));
    expect(weak).toMatchObject({ code: "WEAK_PASSWORD", details: { fields: { newPassword: expect.stringContaining("too easy to guess") } } });

    expect(await changePassword({ user, sessionId: here }, { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD })).toEqual({ endedSessions: 1 });
    expect(await loadSessionUser(there, user.id)).toBeNull();
    expect(await loadSessionUser(here, user.id)).not.toBeNull();
    expect((await listActiveSessions(user.id, here)).map((s) => s.current)).toEqual([true]);
    expect(await attemptSignIn({ email: user.email, password: NEW_PASSWORD, ip: null })).toMatchObject({ ok: true });
    expect(await attemptSignIn({ email: user.email, password: TEST_PASSWORD, ip: null })).toMatchObject({ ok: false });
  });
});

describe("password reset by e-mail", () => {
  it("mails a single-use link; the new password works, the old does not, and every session ends", async () => {
    const user = await createTestUser({ verified: false });
    const session = await createUserSession(user.id, null);
    await requestPasswordReset({ email: user.email.toUpperCase(), ip: null });
    const token = await linkFromMailbox(user.email, "/reset-password");

    const weak = await caughtAppError(resetPassword(token, "qwerty123456"));
    expect(weak.code).toBe("WEAK_PASSWORD");
    // A refused password does not spend the link.
    expect(await resetPassword(token, NEW_PASSWORD)).toEqual({ email: user.email });
    expect(await loadSessionUser(session, user.id)).toBeNull();
    expect(await attemptSignIn({ email: user.email, password: NEW_PASSWORD, ip: null })).toMatchObject({ ok: true });
    expect(await attemptSignIn({ email: user.email, password: TEST_PASSWORD, ip: null })).toMatchObject({ ok: false });
    // Reading mail sent to the address proves it.
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).not.toBeNull();
    expect((await caughtAppError(resetPassword(token, "another-fine-passphrase-9"))).code).toBe("NOT_FOUND");
  });

  it("says nothing about unknown addresses (no mail, no error) and an old link dies when a new one is sent", async () => {
    const nobody = `nobody-${uniqueSuffix()}@example.test`;
    await expect(requestPasswordReset({ email: nobody, ip: null })).resolves.toBeUndefined();
    expect(await listMailbox(nobody)).toEqual([]);

    const user = await createTestUser();
    await requestPasswordReset({ email: user.email, ip: null });
    const first = await linkFromMailbox(user.email, "/reset-password");
    await requestPasswordReset({ email: user.email, ip: null });
    const second = await linkFromMailbox(user.email, "/reset-password");
    expect(second).not.toBe(first);
    expect((await caughtAppError(resetPassword(first, NEW_PASSWORD))).code).toBe("NOT_FOUND");
    await expect(resetPassword(second, NEW_PASSWORD)).resolves.toEqual({ email: user.email });
  });

  it("an expired link does not work", async () => {
    const user = await createTestUser();
    await requestPasswordReset({ email: user.email, ip: null });
    const token = await linkFromMailbox(user.email, "/reset-password");
    expect((await caughtAppError(resetPassword(token, NEW_PASSWORD, new Date(Date.now() + 61 * 60_000)))).code).toBe("NOT_FOUND");
  });
});

describe("e-mail verification", () => {
  it("the mailed link verifies the address once; a link for an address the account no longer has verifies nothing", async () => {
    const user = await createTestUser({ verified: false });
    expect(await sendVerificationMail(user.id)).toMatchObject({ via: "local-mailbox" });
    const token = await linkFromMailbox(user.email, "/verify-email");
    expect(await verifyEmail(token)).toEqual({ email: user.email });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).not.toBeNull();
    expect((await caughtAppError(verifyEmail(token))).code).toBe("NOT_FOUND");
    expect(await sendVerificationMail(user.id)).toBeNull();

    const mover = await createTestUser({ verified: false });
    await sendVerificationMail(mover.id);
    const stale = await linkFromMailbox(mover.email, "/verify-email");
    await db.user.update({ where: { id: mover.id }, data: { email: `moved-${uniqueSuffix()}@example.test` } });
    expect((await caughtAppError(verifyEmail(stale))).code).toBe("NOT_FOUND");
    expect((await db.user.findUniqueOrThrow({ where: { id: mover.id } })).emailVerifiedAt).toBeNull();
  });
});
