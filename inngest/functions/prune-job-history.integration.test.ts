// The real product function, run by the embedded executor through the real serve handler.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";
import { createHarness } from "@/inngest/executor/testing/harness";
import { isolateDatabase } from "@/lib/testing/isolated-database";
import { existsSync } from "node:fs";
import { createTestWorkspace } from "@/lib/testing/factories";
import { deliverToLocalMailbox } from "@/lib/mail/local-mailbox";

await isolateDatabase();

const h = createHarness({ client: inngest, functions });

beforeAll(async () => {
  await h.executor.sync();
});

describe("prune-job-history", () => {
  it("is scheduled daily at 03:15 UTC", async () => {
    const item = await db.executorQueueItem.findFirst({ where: { kind: "cron", functionId: "switchboard-prune-job-history" } });
    expect(item?.dueAt.toISOString()).toBe("2026-01-06T03:15:00.000Z");
  });

  it("deletes expired rate-limit buckets and keeps live ones", async () => {
    const prefix = `prune-test-${Date.now()}`;
    await db.rateLimitBucket.create({ data: { key: `${prefix}-expired`, count: 3, resetAt: new Date(Date.now() - 1000) } });
    await db.rateLimitBucket.create({ data: { key: `${prefix}-live`, count: 1, resetAt: new Date(Date.now() + 60_000) } });

    await h.executor.send({ name: "switchboard/jobs.prune-requested", data: {} });
    await h.advanceUntilIdle();

    const run = await db.executorRun.findFirstOrThrow({ where: { functionId: "switchboard-prune-job-history" } });
    expect(run.status).toBe("completed");
    expect((run.output as { v: { rateLimitBuckets: number } }).v.rateLimitBuckets).toBeGreaterThanOrEqual(1);
    const left = await db.rateLimitBucket.findMany({ where: { key: { startsWith: prefix } }, select: { key: true } });
    expect(left.map((b) => b.key)).toEqual([`${prefix}-live`]);
  });

  it("deletes dead sessions, used or expired e-mail tokens, expired OAuth states and month-old local mail; keeps the rest", async () => {
    const { user, workspace } = await createTestWorkspace();
    const hour = 60 * 60 * 1000;
    const ago = (ms: number) => new Date(Date.now() - ms);
    const later = (ms: number) => new Date(Date.now() + ms);
    await db.userSession.createMany({
      data: [
        { id: `${user.id}-expired`, userId: user.id, expiresAt: ago(48 * hour) },
        { id: `${user.id}-revoked-long-ago`, userId: user.id, expiresAt: later(hour), revokedAt: ago(48 * hour) },
        { id: `${user.id}-revoked-just-now`, userId: user.id, expiresAt: later(hour), revokedAt: ago(hour) },
        { id: `${user.id}-live`, userId: user.id, expiresAt: later(hour) },
      ],
    });
    const token = (tokenHash: string, expiresAt: Date, usedAt: Date | null = null) => ({ userId: user.id, purpose: "verify_email" as const, email: user.email, tokenHash, expiresAt, usedAt });
    await db.authToken.createMany({
      data: [token(`${user.id}-expired`, ago(48 * hour)), token(`${user.id}-used`, later(hour), ago(48 * hour)), token(`${user.id}-live`, later(hour))],
    });
    const state = (stateHash: string, expiresAt: Date) => ({ stateHash, workspaceId: workspace.id, userId: user.id, provider: "hubspot", environment: "sandbox" as const, connectionName: "x", redirectUri: "http://localhost/cb", expiresAt });
    await db.oAuthState.createMany({ data: [state(`${user.id}-expired`, ago(48 * hour)), state(`${user.id}-live`, later(hour))] });
    const to = `${user.id}@mailbox.test`;
    const old = await deliverToLocalMailbox("Switchboard <sb@localhost>", { to, subject: "old", text: "t", html: "<p>t</p>" }, ago(31 * 24 * hour));
    const recent = await deliverToLocalMailbox("Switchboard <sb@localhost>", { to, subject: "recent", text: "t", html: "<p>t</p>" }, ago(29 * 24 * hour));

    await h.executor.send({ name: "switchboard/jobs.prune-requested", data: {} });
    await h.advanceUntilIdle();

    expect((await db.userSession.findMany({ where: { userId: user.id }, select: { id: true }, orderBy: { id: "asc" } })).map((r) => r.id)).toEqual([`${user.id}-live`, `${user.id}-revoked-just-now`]);
    expect((await db.authToken.findMany({ where: { userId: user.id }, select: { tokenHash: true } })).map((r) => r.tokenHash)).toEqual([`${user.id}-live`]);
    expect((await db.oAuthState.findMany({ where: { userId: user.id }, select: { stateHash: true } })).map((r) => r.stateHash)).toEqual([`${user.id}-live`]);
    expect((await db.mailMessage.findMany({ where: { recipient: to }, select: { subject: true } })).map((r) => r.subject)).toEqual(["recent"]);
    expect(existsSync(old.file)).toBe(false);
    expect(existsSync(recent.file)).toBe(true);
  });
});
