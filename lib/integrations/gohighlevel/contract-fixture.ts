// GoHighLevel in the shared contract suite: a Private Integration Token on the sandbox location; every
// object it declares. Opportunities and appointments need the location's pipeline, calendar and an
// existing contact: the config hook (which the suite calls with the sandbox before any record is built)
// records them for newRecord. Test support only.
import type { ContractFixture } from "@/lib/integrations/contract-fixture";
import type { TestSandbox } from "@/lib/integrations/sandbox/test-context";
import { gohighlevelSandbox, locationSetup } from "@/lib/integrations/gohighlevel/sandbox";

let location: { pipelineId: string; stageId: string; calendarId: string; contactId: string } | null = null;

function current() {
  if (!location) throw new Error("gohighlevel contract fixture: config() was not called with the sandbox yet");
  return location;
}

function remember(sbx: TestSandbox): void {
  const setup = locationSetup(sbx.account);
  const contacts = gohighlevelSandbox.objects.find((o) => o.type === "contacts")!;
  // seeded contacts take the account's first numbers
  location = { pipelineId: setup.pipelineId, stageId: setup.stageIds[0]!, calendarId: setup.calendarId, contactId: contacts.newExternalId(sbx.account, 1) };
}

/** A start time inside the appointment pull window (two days ahead, on a whole minute). */
const soon = (n: string) => new Date(Math.floor(Date.now() / 60_000) * 60_000 + 2 * 86_400_000 + (n.length % 50) * 60_000).toISOString();

export const gohighlevelContractFixture: ContractFixture = {
  connect: { authKind: "api_key", credential: "privateIntegrationToken" },
  config: ({ sbx }) => {
    remember(sbx);
    return { locationId: sbx.account.externalId };
  },
  objects: {
    contacts: {
      newRecord: (n) => ({ email: `cora.${n}@contract.example`, firstName: "Cora", lastName: `Tract ${n}`, companyName: "Contract Co" }),
      change: () => ({ firstName: "Changed", tags: ["contract"] }),
      invalid: { email: "not-an-email" },
      newField: (n) => ({ key: `contract_${n}`, label: `Contract ${n}`, type: "string" }),
    },
    opportunities: {
      newRecord: (n) => ({ name: `Deal ${n}`, pipelineId: current().pipelineId, pipelineStageId: current().stageId, status: "open", contactId: current().contactId, monetaryValue: 250 }),
      change: () => ({ status: "won", monetaryValue: 900 }),
      invalid: { name: "No pipeline" },
    },
    appointments: {
      newRecord: (n) => ({ calendarId: current().calendarId, contactId: current().contactId, startTime: soon(n), title: `Call ${n}` }),
      change: () => ({ title: "Changed", appointmentStatus: "confirmed" }),
      invalid: { title: "No calendar" },
    },
    calendars: {
      newRecord: () => ({}),
      change: () => ({}),
      invalid: {},
    },
    block_slots: {
      newRecord: (n) => ({ calendarId: current().calendarId, startTime: soon(n), endTime: new Date(Date.parse(soon(n)) + 3_600_000).toISOString(), title: `Blocked ${n}` }),
      change: () => ({ title: "Moved" }),
      invalid: { title: "Neither calendar nor user" },
    },
  },
  rateLimitHint: "retry-after",
  rateLimitRemainingZero: true,
};
