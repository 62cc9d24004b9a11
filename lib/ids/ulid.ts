// ULIDs for row ids, drawn from a pooled cryptographic random buffer. The ulid package's default PRNG
// makes one crypto.getRandomValues call per character (16 per id) and detects the PRNG again on every
// ulid() call: a backfill page of 100 records makes 300+ ids, and that alone cost about a third of the
// page's CPU time. Same alphabet, same 8 random bits per character as the package's own PRNG.
import { randomFillSync } from "node:crypto";
import { monotonicFactory as packageMonotonicFactory, ulid as packageUlid, type ULIDFactory } from "ulid";

const pool = new Uint8Array(4096);
let next = pool.length;

/** A fraction in [0, 1) from the pool (the PRNG contract of the ulid package). */
function pooledRandom(): number {
  if (next >= pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  return pool[next++]! / 256;
}

export function ulid(seedTime?: number): string {
  return packageUlid(seedTime, pooledRandom);
}

export function monotonicFactory(): ULIDFactory {
  return packageMonotonicFactory(pooledRandom);
}
