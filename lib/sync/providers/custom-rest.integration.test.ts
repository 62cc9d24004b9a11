// The sync engine against the Custom REST sandbox ("Generic CRM") over real HTTP. What a Custom REST
// connection syncs comes from its own template (connectionObjects): the contact suite runs on the example
// template; further tests give a connection a template whose field paths, endpoints and paging differ,
// and check that the engine maps, pulls and deletes as that template says — never as the catalog's.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { customRest } from "@/lib/integrations/custom-rest/definition";
import { exampleTemplate } from "@/lib/integrations/custom-rest/example-template";
import type { CustomRestTemplateInput } from "@/lib/integrations/custom-rest/template";
import { createRecord, deleteRecord } from "@/lib/records/save-record";
import { describeContactSync } from "@/lib/sync/providers/contact-suite";
import { connectEngine, engineSandbox, hubRecord, linkOf, ownerOf, pullAll, pushAll, remoteAll, remoteWhere, withSandboxServer } from "@/lib/sync/providers/engine-harness";
import { syncableObjects } from "@/lib/sync/sync-settings";

const server = withSandboxServer();
const O = "contact" as const;

describeContactSync({
  def: customRest,
  server,
  seed: 12,
  fields: { email: "email", firstName: "first_name", lastName: "last_name" },
  newRemote: (email, firstName) => ({ email, first_name: firstName, last_name: "Hopper" }),
  consent: { field: "marketing_opt_in", subscribed: true, unsubscribed: false },
  // every rule of a template's default mapping is last-writer-wins: the test sets fill-if-empty on the company
  fillIfEmpty: { hubField: "company", providerField: "company.name", hubValue: "Hub Co", remoteValue: "Remote Co", setPolicy: true },
  // the example template has webhook delete events and no deletions in its listing
  remoteDeletes: "full_resync",
});

/** The example template without a delete endpoint or a modified-since parameter, with first and last name swapped. */
function bareTemplate(origin: string): CustomRestTemplateInput {
  const t = exampleTemplate(`${origin}/sandbox/custom-rest/api`);
  const { delete: _delete, ...endpoints } = t.endpoints;
  const { modifiedSince: _since, webhook: _webhook, ...rest } = t;
  return { ...rest, name: "Bare CRM", endpoints, fields: { ...t.fields, firstName: "last_name", lastName: "first_name" } };
}

describe("sync engine on the Custom REST sandbox: the connection's own template", { timeout: 180_000 }, () => {
  it("maps fields by the connection's template, pulls the whole list without a modified-since parameter, and cannot delete without a delete endpoint", async () => {
    const sbx = await engineSandbox("custom-rest", { count: 5 });
    const c = await connectEngine(server.origin, customRest, sbx, { config: { template: bareTemplate(server.origin) } });
    const spec = c.spec(O);
    expect(spec.capabilities.delete).toBeUndefined();
    expect(spec.capabilities.listChanged).toBeUndefined();
    const row = await db.connection.findUniqueOrThrow({ where: { id: c.id } });
    expect(syncableObjects(row).map((o) => o.spec.defaultMapping.rules.find((r) => r.hubField === "firstName")?.providerField)).toEqual(["last_name"]);

    // a hub contact is written by this template's paths
    const owner = ownerOf(sbx);
    const made = await createRecord(owner, O, { firstName: "Ada", lastName: "Lovelace", email: "ada.bare@example.test" });
    expect((await pushAll(c, O)).createdCount).toBe(1);
    const remote = await remoteWhere(c, O, "email", "ada.bare@example.test");
    expect(remote).toHaveLength(1);
    expect(remote[0]?.fields).toMatchObject({ last_name: "Ada", first_name: "Lovelace" });

    // every pull reads the whole list; nothing changes on a second read
    const total = (await remoteAll(c, O)).length;
    const first = await pullAll(c, O);
    expect(first.readCount).toBe(total);
    const second = await pullAll(c, O);
    expect(second.readCount).toBe(total);
    expect(second.createdCount + second.updatedCount + second.failedCount).toBe(0);
    expect((await hubRecord(made.recordId)).data).toMatchObject({ firstName: "Ada", lastName: "Lovelace" });

    // no delete endpoint: the hub delete is reported as not possible there, and the record stays
    await deleteRecord(owner, O, made.recordId);
    const pushed = await pushAll(c, O);
    expect(pushed).toMatchObject({ deletedCount: 0, failedCount: 1 });
    const link = await linkOf(c, made.recordId);
    expect(link.status).toBe("failed");
    expect(link.lastErrorMessage).toMatch(/cannot delete/);
    expect(await remoteWhere(c, O, "email", "ada.bare@example.test")).toHaveLength(1);
  });
});
