import { describe, expect, it } from "vitest";
import { createTestWorkspace, uniqueSuffix } from "@/lib/testing/factories";
import { createRecord, deleteRecord } from "@/lib/records/save-record";
import { listRecords, type ListRecordsQuery } from "@/lib/records/list-records";
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { caughtAppError } from "@/lib/testing/caught-app-error";

async function allPages(access: WorkspaceAccess, query: ListRecordsQuery): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 20; i++) {
    const page = await listRecords(access, "contact", { ...query, ...(cursor ? { cursor } : {}) });
    ids.push(...page.rows.map((r) => r.title));
    if (!page.nextCursor) return ids;
    cursor = page.nextCursor;
  }
  throw new Error("pagination did not end");
}

describe("listRecords", () => {
  it("pages through every record once in both orders, searches by prefix and filters by status, within the workspace", async () => {
    const owner = await createTestWorkspace();
    const other = await createTestWorkspace();
    const s = uniqueSuffix();
    const names: string[] = [];
    for (let i = 0; i < 23; i++) {
      const name = `Person${String(i).padStart(2, "0")}`;
      names.push(`${name} Fam${s}`);
      await createRecord(owner, "contact", {
        firstName: name,
        lastName: `Fam${s}`,
        email: `p${i}.${s}@corp${i % 3}.example`,
        phone: `+1415555${String(1000 + i)}`,
        leadStatus: i % 4 === 0 ? "qualified" : "new",
        company: i === 7 ? "Zebra Industries" : null,
      });
    }
    const gone = await createRecord(owner, "contact", { firstName: "Deleted", lastName: `Fam${s}` });
    await deleteRecord(owner, "contact", gone.recordId);
    await createRecord(other, "contact", { firstName: "Person00", lastName: `Fam${s}` });

    const byName = await allPages(owner, { sort: "name", limit: 5 });
    expect(byName).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    const byUpdated = await allPages(owner, { sort: "updated", limit: 4 });
    // records made in the same millisecond tie on the time and order by id: check each appears once
    expect([...byUpdated].sort()).toEqual([...names].sort());

    expect((await listRecords(owner, "contact", { q: "zebra" })).rows.map((r) => r.title)).toEqual([`Person07 Fam${s}`]);
    expect((await listRecords(owner, "contact", { q: `fam${s} person1` })).rows).toHaveLength(10);
    expect((await listRecords(owner, "contact", { q: `p5.${s}@corp2.example` })).rows.map((r) => r.title)).toEqual([`Person05 Fam${s}`]);
    expect((await listRecords(owner, "contact", { q: "(415) 555-1012" })).rows.map((r) => r.title)).toEqual([`Person12 Fam${s}`]);
    const qualified = await allPages(owner, { status: "qualified", sort: "name" });
    expect(qualified).toEqual([0, 4, 8, 12, 16, 20].map((i) => `Person${String(i).padStart(2, "0")} Fam${s}`));
    expect((await listRecords(other, "contact", { q: `fam${s}` })).rows).toHaveLength(1);
    // a quote in a search word is a character of the word, not tsquery syntax
    await createRecord(owner, "contact", { firstName: "Quote", lastName: `O'Brien${s}`, email: `o'brien.${s}@corp.example` });
    expect((await listRecords(owner, "contact", { q: `o'brien.${s}@corp.example` })).rows.map((r) => r.title)).toEqual([`Quote O'Brien${s}`]);
    expect((await listRecords(owner, "contact", { q: `brien${s}` })).rows.map((r) => r.title)).toEqual([`Quote O'Brien${s}`]);
    expect((await listRecords(owner, "contact", { q: "deleted" })).rows).toHaveLength(0);
    expect((await caughtAppError(listRecords(owner, "contact", { cursor: "garbage" }))).code).toBe("BAD_REQUEST");
  });
});
