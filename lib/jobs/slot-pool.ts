/**
 * A pool of worker slots (pg-boss workers of one queue with `localConcurrency: 1` each) that are woken
 * one at a time instead of all at once.
 *
 * pg-boss's own LISTEN wakes every idle slot of a queue on every NOTIFY. With 20 slots, every committed
 * call cost ~20 fetch queries of which all but one came back empty: at 50 calls/s, about 1,000 queries a
 * second on a 2-core machine whose PostgreSQL is also storing the calls. Here:
 * - a notification wakes ONE idle slot;
 * - a slot that finds a job wakes one more idle peer first, because there may be more (pg-boss sends one
 *   NOTIFY per insert statement, and a call's SMS, email and webhook jobs are one insert). A burst of k
 *   jobs costs about k + 1 fetches, and the chain stops at the first empty fetch;
 * - a wake that finds every slot busy is remembered, and the next slot to finish fetches again at once
 *   instead of sleeping out its poll.
 */
export type Waker = { notifyWorker(workerId: string): void };

export class SlotPool {
  private readonly ids: string[] = [];
  private readonly busy = new Set<string>();
  /** Round-robin start, so wake-ups (and so the work) spread over the slots. */
  private next = 0;
  /** Wakes that found no idle slot and are owed to the next slot that frees up (at most one per slot). */
  private owed = 0;

  constructor(private readonly waker: Waker) {}

  add(workerId: string) {
    this.ids.push(workerId);
  }

  get size() {
    return this.ids.length;
  }

  /** Wakes one idle slot; when none is idle, the next one to finish its job fetches again at once. */
  wakeOne(): boolean {
    for (let i = 0; i < this.ids.length; i++) {
      const id = this.ids[(this.next + i) % this.ids.length]!;
      if (this.busy.has(id)) continue;
      this.next = (this.next + i + 1) % this.ids.length;
      this.waker.notifyWorker(id);
      return true;
    }
    this.owed = Math.min(this.owed + 1, this.ids.length);
    return false;
  }

  /** Every slot fetches once: after the listener (re)connects, notifications may have been missed. */
  wakeAll() {
    for (const id of this.ids) this.waker.notifyWorker(id);
  }

  /** Runs a slot's job: marks the slot busy, passes the wake-up on, and settles what it owes on the way out. */
  async run<T>(workerId: string, work: () => Promise<T>): Promise<T> {
    try {
      this.busy.add(workerId);
      this.wakeOne();
      return await work();
    } finally {
      this.busy.delete(workerId);
      if (this.owed > 0) {
        this.owed--;
        // pg-boss skips a notified worker's poll delay: it fetches again as soon as this job completes.
        this.waker.notifyWorker(workerId);
      }
    }
  }
}
