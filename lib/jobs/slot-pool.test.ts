import { describe, expect, it } from "vitest";
import { SlotPool } from "./slot-pool";

/**
 * A small model of pg-boss's workers around the pool: a notified idle slot fetches; a fetch that finds
 * a job runs it through pool.run (which is where the pool passes the wake-up on); a notified busy slot
 * fetches again when its job ends. Counts fetches, the cost the pool exists to keep down.
 */
function model(slots: number) {
  let ready = 0;
  let fetches = 0;
  const running = new Map<string, () => void>(); // slot → finishes its job
  const notified = new Set<string>();
  const wakes: string[] = [];
  const pool = new SlotPool({
    notifyWorker: (id) => {
      wakes.push(id);
      if (running.has(id)) notified.add(id);
      else fetch(id);
    },
  });
  function fetch(id: string) {
    fetches++;
    if (ready === 0) return;
    ready--;
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    running.set(id, finish);
    void pool.run(id, () => done).then(() => {
      running.delete(id);
      // pg-boss: a worker notified while busy skips its poll delay and fetches at once.
      if (notified.delete(id)) fetch(id);
    });
  }
  for (let i = 0; i < slots; i++) pool.add(`w${i}`);
  return {
    pool,
    wakes,
    fetches: () => fetches,
    running: () => [...running.keys()],
    commit: (jobs: number) => {
      ready += jobs;
      pool.wakeOne(); // one NOTIFY per insert statement
    },
    finish: async (id: string) => {
      running.get(id)!();
      await new Promise((r) => setTimeout(r, 0));
    },
    ready: () => ready,
  };
}

describe("SlotPool", () => {
  it("wakes one slot per notification, not every slot", () => {
    const m = model(20);
    m.commit(1);
    // The slot that found the job passed the wake-up on once; that peer found nothing, ending the chain.
    expect(m.running()).toHaveLength(1);
    expect(m.fetches()).toBe(2);
  });

  it("passes the wake-up on while slots find jobs: three jobs in one insert take three slots", () => {
    const m = model(20);
    m.commit(3);
    expect(m.running()).toHaveLength(3);
    expect(m.ready()).toBe(0);
    expect(m.fetches()).toBe(4);
  });

  it("spreads wake-ups round-robin and skips busy slots", () => {
    const m = model(3);
    m.commit(1); // w0 takes it, wakes w1 (empty)
    m.commit(1); // starts after w1: w2 takes it, wakes w1 (w0 is busy)
    expect(m.running().sort()).toEqual(["w0", "w2"]);
    expect(m.wakes).toEqual(["w0", "w1", "w2", "w1"]);
  });

  it("owes a wake-up when every slot is busy: the next slot to finish fetches again at once", async () => {
    const m = model(2);
    m.commit(2);
    expect(m.running()).toHaveLength(2);
    m.commit(1); // nobody idle
    expect(m.ready()).toBe(1);
    await m.finish("w0");
    // w0 took the waiting job without waiting for its poll.
    expect(m.ready()).toBe(0);
    expect(m.running().sort()).toEqual(["w0", "w1"]);
  });

  it("wakeAll makes every slot fetch once (after the listener reconnects)", () => {
    const m = model(4);
    m.pool.wakeAll();
    expect(m.fetches()).toBe(4);
    expect(m.wakes).toEqual(["w0", "w1", "w2", "w3"]);
  });
});
