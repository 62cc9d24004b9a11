// Group commit: items submitted while the previous group's statement (or transaction) runs gather in
// the next group, which then costs one statement for all of them instead of one each. Nothing waits on
// a timer: a group starts once the group before it is done and the event loop has read what is ready
// (setImmediate: the check phase, after the poll phase). That turn matters on PGlite: a query there is
// a chain of microtasks with no I/O, and Node drains microtasks after each socket's callback, so
// without it every request would run its statements alone before the next socket is even read.
// A group that fails is retried item by item, so one bad item fails alone and the others still go in.

export type GroupRunner<T, R> = (items: T[]) => Promise<R[]>;

/** Returns `submit(item)`: resolves with the item's result once the group carrying it is done. */
export function groupCommit<T, R>(run: GroupRunner<T, R>, maxItems: number): (item: T) => Promise<R> {
  type Entry = { item: T; resolve: (r: R) => void; reject: (err: unknown) => void };
  let open: Entry[] | null = null;
  let tail: Promise<void> = Promise.resolve();

  async function commit(group: Entry[]): Promise<void> {
    if (open === group) open = null;
    try {
      const results = await run(group.map((e) => e.item));
      group.forEach((e, i) => e.resolve(results[i]!));
      return;
    } catch (err) {
      if (group.length === 1) {
        group[0]!.reject(err);
        return;
      }
    }
    for (const e of group) {
      try {
        e.resolve((await run([e.item]))[0]!);
      } catch (err) {
        e.reject(err);
      }
    }
  }

  return (item: T) =>
    new Promise<R>((resolve, reject) => {
      if (!open || open.length >= maxItems) {
        const group: Entry[] = [];
        open = group;
        tail = tail.then(() => new Promise<void>((r) => setImmediate(r))).then(() => commit(group));
      }
      open.push({ item, resolve, reject });
    });
}
