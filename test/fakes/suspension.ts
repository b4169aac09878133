/** How a blocking call of the fakes hands control to the concurrent scheduler (test/harness/concurrent.ts). */

/**
 * What a blocked execution waits for: a virtual time (Utilities.sleep, the latency of a UrlFetch) or a
 * lock (LockService tryLock/waitLock, until `deadline`).
 */
export type Wait = { kind: 'time'; until: number } | { kind: 'lock'; key: string; deadline: number };

/**
 * Thrown by a blocking service call of an execution that the concurrent scheduler runs
 * (test/harness/concurrent.ts): the scheduler parks the execution, lets the others run, and calls
 * `resume` when the wait is over (for a lock: with true when it was granted, false at the deadline).
 * What `resume` returns or throws is what the blocking call returns or throws.
 */
export class Suspension {
  constructor(
    readonly wait: Wait,
    readonly resume: (granted: boolean) => unknown,
  ) {}
}
