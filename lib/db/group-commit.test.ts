import { describe, expect, it } from "vitest";
import { groupCommit } from "@/lib/db/group-commit";

function recorder(fail?: (item: string) => boolean) {
  const groups: string[][] = [];
  const submit = groupCommit(async (items: string[]) => {
    groups.push(items);
    if (fail && items.some(fail)) throw new Error(`bad group ${items.join(",")}`);
    return items.map((i) => i.toUpperCase());
  }, 3);
  return { groups, submit };
}

/** Submits from separate I/O-phase callbacks, as requests read from separate sockets do. */
function inSeparateCallbacks<T>(fns: (() => Promise<T>)[]): Promise<T[]> {
  return Promise.all(fns.map((fn) => new Promise<T>((resolve, reject) => setImmediate(() => void fn().then(resolve, reject)))));
}

describe("groupCommit", () => {
  it("items submitted from separate callbacks of one event-loop turn share a group (the microtasks between them do not start it)", async () => {
    const { groups, submit } = recorder();
    expect(await inSeparateCallbacks([() => submit("a"), () => submit("b")])).toEqual(["A", "B"]);
    expect(groups).toEqual([["a", "b"]]);
  });

  it("caps a group at maxItems; items arriving while a group runs go in the next one", async () => {
    const { groups, submit } = recorder();
    const first = ["a", "b", "c", "d"].map((i) => submit(i));
    expect(await Promise.all(first)).toEqual(["A", "B", "C", "D"]);
    expect(groups).toEqual([["a", "b", "c"], ["d"]]);
  });

  it("a failed group is retried item by item: the bad item fails alone", async () => {
    const { groups, submit } = recorder((i) => i === "bad");
    const results = await Promise.allSettled(["a", "bad", "c"].map((i) => submit(i)));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(results[0]).toMatchObject({ value: "A" });
    expect(groups).toEqual([["a", "bad", "c"], ["a"], ["bad"], ["c"]]);
  });
});
