// Pipedrive's official SDK (`pipedrive`), used unchanged against the sandbox: only its public
// Configuration is set (API token and base path). Persons and person fields over v2, recents over v1.
import { v1, v2 } from "pipedrive";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestSandbox, type TestSandbox } from "@/lib/integrations/sandbox/test-context";
import { startSandboxServer } from "@/lib/integrations/sandbox/test-server";

let server: Awaited<ReturnType<typeof startSandboxServer>>;
let sbx: TestSandbox;

const v2Config = () => new v2.Configuration({ apiKey: sbx.apiKey, basePath: `${server.baseUrl("pipedrive")}/api/v2` });
const v1Config = () => new v1.Configuration({ apiKey: sbx.apiKey, basePath: `${server.baseUrl("pipedrive")}/api/v1` });

beforeAll(async () => {
  server = await startSandboxServer();
  sbx = await createTestSandbox("pipedrive", { key: "sdk", count: 5 });
});

afterAll(async () => {
  await server.close();
});

describe("the pipedrive SDK against the sandbox", () => {
  it("adds, reads, lists by update time and deletes a person; recents report the deletion", async () => {
    const persons = new v2.PersonsApi(v2Config());
    const since = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const added = await persons.addPerson({ AddPersonRequest: { name: "Sdk Person", emails: [{ value: "sdk.person@example.com", primary: true, label: "work" }] } });
    const id = added.data?.id;
    expect(id).toEqual(expect.any(Number));
    expect((await persons.getPerson({ id: id! })).data).toMatchObject({ id, name: "Sdk Person", first_name: "Sdk", last_name: "Person" });
    const listed = await persons.getPersons({ updated_since: since, sort_by: "update_time", sort_direction: "asc", limit: 50 });
    expect(listed.data?.map((p) => p.id)).toContain(id);

    await persons.deletePerson({ id: id! });
    const recents = await new v1.RecentsApi(v1Config()).getRecents({ since_timestamp: since.replace("T", " ").replace("Z", ""), items: "person" });
    const entry = recents.data?.find((r) => r.id === id) as { data?: { active_flag?: boolean } } | undefined;
    expect(entry?.data?.active_flag).toBe(false);
  });

  it("lists person fields and adds a custom one", async () => {
    const fields = new v2.PersonFieldsApi(v2Config());
    const before = await fields.getPersonFields();
    expect(before.data?.some((f) => f.field_code === "first_name")).toBe(true);
    const added = await fields.addPersonField({ AddPersonFieldRequest: { field_name: "Sdk field", field_type: "varchar" } });
    expect(added.data).toMatchObject({ field_name: "Sdk field", is_custom_field: true });
    expect(added.data?.field_code).toMatch(/^[0-9a-f]{40}$/);
    const after = await fields.getPersonFields({ limit: 500 });
    expect(after.data?.map((f) => f.field_code)).toContain(added.data?.field_code);
  });
});
