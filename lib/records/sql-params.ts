// A statement's numbered parameters, for SQL built in pieces (several CTEs of one statement written by
// different modules). The same text runs on a Prisma transaction ($queryRawUnsafe) or on the driver
// (inngest/executor/sql-client.ts): one parameter per column array, never one per value.
export class SqlParams {
  readonly values: unknown[] = [];
  /** the placeholder of a new parameter ("$3") */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
