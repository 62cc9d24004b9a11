// The sync engine against the Salesforce sandbox over real HTTP (OAuth consent, instance_url), for both
// objects Salesforce declares: connection A syncs Leads and connection B syncs Contacts (each
// connection's "Sync object" setting decides which one holds its hub contacts), with every guarantee of
// the contact suite between them.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { salesforce } from "@/lib/integrations/salesforce/definition";
import { createRecord } from "@/lib/records/save-record";
import { describeContactSync } from "@/lib/sync/providers/contact-suite";
import { connectEngine, engineSandbox, ownerOf, pullAll, pushAll, remoteAll, withSandboxServer } from "@/lib/sync/providers/engine-harness";
import { syncableObjects } from "@/lib/sync/sync-settings";

const server = withSandboxServer();

describeContactSync({
  def: salesforce,
  server,
  seed: 12,
  config: { a: () => ({ sobject: "Lead" }), b: () => ({ sobject: "Contact" }) },
  fields: { email: "Email", firstName: "FirstName", lastName: "LastName" },
  newRemote: (email, firstName) => ({ Email: email, FirstName: firstName, LastName: "Hopper", Company: "Navy" }),
  consent: { field: "HasOptedOutOfEmail", subscribed: false, unsubscribed: true },
  fillIfEmpty: { hubField: "source", providerField: "LeadSource", hubValue: "Web", remoteValue: "Phone Inquiry" },
  remoteDeletes: "listed",
});

describe("sync engine on the Salesforce sandbox: the Sync object setting", { timeout: 180_000 }, () => {
  it("a Contact connection backfills and writes Contacts, a Lead connection Leads, never the other object", async () => {
    const sbx = await engineSandbox("salesforce", { count: 4 });
    const leads = await connectEngine(server.origin, salesforce, sbx, { config: { sobject: "Lead" } });
    const contacts = await connectEngine(server.origin, salesforce, sbx, { config: { sobject: "Contact" } });
    expect(leads.spec("contact").name).toBe("Lead");
    expect(contacts.spec("contact").name).toBe("Contact");
    const row = await db.connection.findUniqueOrThrow({ where: { id: contacts.id } });
    expect(syncableObjects(row).map((o) => `${o.object}:${o.spec.name}`)).toEqual(["contact:Contact"]);

    const remoteContacts = await remoteAll(contacts, "contact");
    const run = await pullAll(contacts, "contact");
    expect(run.readCount).toBe(remoteContacts.length);
    const linked = await db.recordLink.findMany({ where: { connectionId: contacts.id }, select: { externalId: true } });
    expect(new Set(linked.map((l) => l.externalId))).toEqual(new Set(remoteContacts.map((r) => r.externalId)));

    const made = await createRecord(ownerOf(sbx), "contact", { firstName: "Only", lastName: "Contact", email: "only.contact@example.test" });
    await db.recordLink.deleteMany({ where: { connectionId: leads.id } });
    await db.syncSetting.update({ where: { connectionId_object: { connectionId: leads.id, object: "contact" } }, data: { enabled: false } });
    expect((await pushAll(contacts, "contact")).createdCount).toBe(1);
    const contactApi = contacts.client.objects.Contact!;
    const leadApi = contacts.client.objects.Lead!;
    const asContact = (await contactApi.listAll!({ cursor: null, limit: 200 })).items.filter((r) => r.fields.Email === "only.contact@example.test");
    const asLead = (await leadApi.listAll!({ cursor: null, limit: 200 })).items.filter((r) => r.fields.Email === "only.contact@example.test");
    expect(asContact).toHaveLength(1);
    expect(asLead).toHaveLength(0);
    expect((await db.recordLink.findUniqueOrThrow({ where: { connectionId_recordId: { connectionId: contacts.id, recordId: made.recordId } } })).externalId).toBe(asContact[0]?.externalId);
  });
});
