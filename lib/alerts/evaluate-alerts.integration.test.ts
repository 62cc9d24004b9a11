import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { addTestMember, createTestWorkspace } from "@/lib/testing/factories";
import { evaluateWorkspaceAlerts } from "@/lib/alerts/evaluate-alerts";
import { listAlerts, markAlertsSeen } from "@/lib/alerts/list-alerts";
import { listAlertRules, updateAlertRule } from "@/lib/alerts/alert-rules";
import { caughtAppError } from "@/lib/testing/caught-app-error";
import { listMailbox } from "@/lib/mail/local-mailbox";
import { finishRun, startRun } from "@/lib/sync/sync-runs";

async function run(workspaceId: string, connectionId: string, at: Date, status: "succeeded" | "failed", code = "PROVIDER_UNAVAILABLE") {
  const id = await startRun({ workspaceId, connectionId, object: "contact", kind: "pull", trigger: "schedule", mappingVersion: 1, cursorFrom: null, at });
  await finishRun(id, status, status === "failed" ? { code, message: "no answer" } : null, new Date(at.getTime() + 500));
}

describe("alerts", () => {
  it("fire once per rule and connection, mail the admins, show unread on the bell, and resolve themselves when the condition clears", async () => {
    const owner = await createTestWorkspace();
    const member = await addTestMember(owner, "member");
    const ws = owner.workspace.id;
    const c = await db.connection.create({ data: { workspaceId: ws, provider: "hubspot", name: "Alerting CRM", environment: "sandbox", authKind: "api_key", status: "active", credentialsSealed: "unused" } });
    const t0 = new Date();
    // six failed runs in a row over the last 10 minutes, the provider not answering
    for (let i = 6; i >= 1; i--) await run(ws, c.id, new Date(t0.getTime() - i * 100_000), "failed");

    const first = await evaluateWorkspaceAlerts(ws, t0);
    const alerts = await db.alert.findMany({ where: { workspaceId: ws }, orderBy: { kind: "asc" } });
    expect(alerts.map((a) => [a.kind, a.status])).toEqual([
      ["failure_rate", "firing"],
      ["consecutive_failures", "firing"],
      ["provider_unreachable", "firing"],
    ]);
    expect(first.fired).toHaveLength(3);
    expect(alerts.find((a) => a.kind === "failure_rate")?.message).toBe("Alerting CRM: 6 of 6 runs failed in the last hour (100 %).");
    // evaluating again changes nothing: still three firing, nobody mailed twice
    expect((await evaluateWorkspaceAlerts(ws, new Date(t0.getTime() + 1000))).fired).toEqual([]);
    const inbox = await listMailbox(owner.user.email);
    expect(inbox.filter((m) => m.subject.startsWith(`[${owner.workspace.name}] Alert:`))).toHaveLength(3);
    expect(await listMailbox(member.user.email)).toHaveLength(0);

    const bell = await listAlerts(member);
    expect(bell).toMatchObject({ unread: 3, firing: 3 });
    await markAlertsSeen(member, new Date(t0.getTime() + 2000));
    expect((await listAlerts(member)).unread).toBe(0);

    // The provider answers again: the streak and the unreachable condition clear; the failure rate over the hour stays high.
    await run(ws, c.id, new Date(t0.getTime() + 3000), "succeeded");
    const later = new Date(t0.getTime() + 5000);
    const second = await evaluateWorkspaceAlerts(ws, later);
    expect(second.resolved).toHaveLength(2);
    const after = await db.alert.findMany({ where: { workspaceId: ws }, orderBy: { kind: "asc" } });
    expect(after.map((a) => [a.kind, a.status])).toEqual([
      ["failure_rate", "firing"],
      ["consecutive_failures", "resolved"],
      ["provider_unreachable", "resolved"],
    ]);
    expect(after[1]).toMatchObject({ resolvedReason: "The condition cleared.", openKey: null });
    expect((await listMailbox(owner.user.email)).filter((m) => m.subject.includes("Resolved:"))).toHaveLength(2);
    expect((await listAlerts(member)).unread).toBe(2);

    // Re-authorisation needed raises its own alert; another workspace sees none of this.
    await db.connection.update({ where: { id: c.id }, data: { status: "needs_reauth" } });
    await evaluateWorkspaceAlerts(ws, new Date(t0.getTime() + 6000));
    expect(await db.alert.count({ where: { workspaceId: ws, kind: "needs_reauth", status: "firing" } })).toBe(1);
    const other = await createTestWorkspace();
    expect(await listAlerts(other)).toMatchObject({ alerts: [], unread: 0, firing: 0 });
  });

  it("rules edited by an admin change when alerts fire; a rule switched off never fires; members cannot edit", async () => {
    const owner = await createTestWorkspace();
    const member = await addTestMember(owner, "member");
    const ws = owner.workspace.id;
    const c = await db.connection.create({ data: { workspaceId: ws, provider: "hubspot", name: "Edited CRM", environment: "sandbox", authKind: "api_key", status: "active", credentialsSealed: "unused" } });
    const t0 = new Date();
    // 3 of 10 runs failed in the last hour (30 %), the last three in a row
    // (the provider has not answered for 7.5 minutes: the default unreachable rule would fire)
    for (let i = 10; i >= 1; i--) await run(ws, c.id, new Date(t0.getTime() - i * 150_000), i <= 3 ? "failed" : "succeeded");

    expect((await caughtAppError(updateAlertRule(member, { kind: "failure_rate", enabled: true, value: 50 }))).code).toBe("FORBIDDEN");
    const bad = await caughtAppError(updateAlertRule(owner, { kind: "failure_rate", enabled: true, value: 0 }));
    expect(bad.code).toBe("VALIDATION_FAILED");
    expect(bad.details?.fields).toEqual({ value: "Enter a whole number from 1 to 100" });

    expect(await updateAlertRule(owner, { kind: "failure_rate", enabled: true, value: 50 })).toMatchObject({ label: "Failure rate over 50 % in an hour", value: 50, isDefault: false });
    expect(await updateAlertRule(owner, { kind: "consecutive_failures", enabled: true, value: 2 })).toMatchObject({ label: "More than 2 failed runs in a row" });
    await updateAlertRule(owner, { kind: "provider_unreachable", enabled: false, value: 5 });
    expect((await listAlertRules(member)).find((r) => r.kind === "provider_unreachable")).toMatchObject({ enabled: false });

    await evaluateWorkspaceAlerts(ws, t0);
    const fired = await db.alert.findMany({ where: { workspaceId: ws }, select: { kind: true } });
    expect(fired.map((a) => a.kind)).toEqual(["consecutive_failures"]);
    expect((await listAlerts(member)).alerts[0]?.title).toBe("More than 2 failed runs in a row");
    const audit = await db.auditEvent.findFirst({ where: { workspaceId: ws, action: "alert_rule.updated", targetId: "failure_rate" } });
    expect(audit?.actorUserId).toBe(owner.user.id);

    // The admin raises the streak threshold above the three failures: the next check resolves the alert and
    // says the rule changed (not that the provider recovered); switching a rule off says that instead.
    await updateAlertRule(owner, { kind: "consecutive_failures", enabled: true, value: 5 });
    const later = new Date(Date.now() + 1000);
    expect((await evaluateWorkspaceAlerts(ws, later)).resolved).toHaveLength(1);
    expect(await db.alert.findFirst({ where: { workspaceId: ws, kind: "consecutive_failures" } })).toMatchObject({ status: "resolved", resolvedReason: "The rule changed and its condition no longer holds." });
    await updateAlertRule(owner, { kind: "consecutive_failures", enabled: true, value: 2 });
    expect((await evaluateWorkspaceAlerts(ws, new Date(later.getTime() + 1000))).fired).toHaveLength(1);
    await updateAlertRule(owner, { kind: "consecutive_failures", enabled: false, value: 2 });
    await evaluateWorkspaceAlerts(ws, new Date(later.getTime() + 2000));
    const last = await db.alert.findFirst({ where: { workspaceId: ws, kind: "consecutive_failures" }, orderBy: { firedAt: "desc" } });
    expect(last).toMatchObject({ status: "resolved", resolvedReason: "The rule was switched off." });
    const resolvedMail = (await listMailbox(owner.user.email)).filter((m) => m.subject.includes("Resolved:"));
    expect(resolvedMail).toHaveLength(2);
    expect(resolvedMail[0]?.text).toContain("The rule was switched off.");
    expect(resolvedMail[1]?.text).toContain("The rule changed and its condition no longer holds.");
  });
});
