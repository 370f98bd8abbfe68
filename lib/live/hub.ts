import type postgres from "postgres";
import { sqlClient } from "@/db";
import { getEnv } from "@/lib/env";
import { publishLiveStreamsEnd } from "@/lib/server/lean-handoff";
import { logger } from "@/lib/logger";
import { LIVE_CHANNEL, parseLiveNotification, type LiveEvent } from "./events";

const log = logger("live");

/** What a subscriber (one open stream) is told: a change of its account, or "re-read everything". */
export type LiveMessage = { type: "change"; event: LiveEvent } | { type: "resync" } | { type: "end" };
export type Subscriber = (message: LiveMessage) => void;

/** postgres.js's `listen`: `onlisten` runs on the first LISTEN and again after every reconnect. */
type Listen = (channel: string, onNotify: (payload: string) => void, onListen: () => void) => Promise<{ unlisten: () => Promise<void> }>;

export type Subscription = { ok: true; ready: Promise<void>; unsubscribe: () => void } | { ok: false; reason: "limit" };

/**
 * The live dashboard's fan-out within one web process: ONE LISTEN connection (postgres.js keeps a
 * dedicated one per client and reconnects it), however many streams are open, each notification handed
 * only to the streams of its own account. Several web processes each run one: NOTIFY reaches every
 * listener, so a change made anywhere (another web process, a separate worker) reaches every tab.
 *
 * The LISTEN starts with the first stream and stops a while after the last one closes, so a web
 * process nobody watches holds no extra connection, and moving between live pages does not churn it.
 */
export class LiveHub {
  private readonly byAccount = new Map<string, Set<Subscriber>>();
  private listening: Promise<{ unlisten: () => Promise<void> }> | null = null;
  private listenedOnce = false;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly listen: Listen,
    private readonly limitPerAccount: number,
    private readonly idleMs = 30_000,
  ) {}

  /**
   * Adds a stream for `accountId`, or refuses it past the per-account bound. `ready` resolves once the
   * LISTEN is in place: changes committed after that reach the subscriber (a page should re-read then,
   * to cover what happened between its render and this moment); it rejects when the database cannot be
   * reached (the subscription is then already dropped).
   */
  subscribe(accountId: string, subscriber: Subscriber): Subscription {
    let set = this.byAccount.get(accountId);
    if ((set?.size ?? 0) >= this.limitPerAccount) return { ok: false, reason: "limit" };
    if (!set) this.byAccount.set(accountId, (set = new Set()));
    set.add(subscriber);
    this.clearIdle();
    let dropped = false;
    const unsubscribe = () => {
      if (dropped) return;
      dropped = true;
      const current = this.byAccount.get(accountId);
      current?.delete(subscriber);
      if (current?.size === 0) this.byAccount.delete(accountId);
      if (this.byAccount.size === 0) this.scheduleStop();
    };
    const ready = this.start().then(
      () => undefined,
      (error: unknown) => {
        unsubscribe();
        throw error;
      },
    );
    return { ok: true, ready, unsubscribe };
  }

  /** Open streams of an account on this process. */
  count(accountId: string): number {
    return this.byAccount.get(accountId)?.size ?? 0;
  }

  private start() {
    if (!this.listening) {
      this.listening = this.listen(LIVE_CHANNEL, (payload) => this.dispatch(payload), () => this.onListen());
      this.listening.catch((error: unknown) => {
        log.warn({ err: error }, "could not LISTEN for live changes");
        this.listening = null;
      });
    }
    return this.listening;
  }

  private onListen() {
    // After a reconnect, notifications sent while the connection was down are lost: every open page
    // re-reads. (The first LISTEN needs no resync: each stream waits for `ready` and re-reads itself.)
    if (this.listenedOnce) {
      log.info("live listener reconnected: open pages re-read");
      for (const set of this.byAccount.values()) for (const s of set) deliver(s, { type: "resync" });
    }
    this.listenedOnce = true;
  }

  private dispatch(payload: string) {
    const n = parseLiveNotification(payload);
    if (!n) {
      log.warn("malformed live notification dropped");
      return;
    }
    const set = this.byAccount.get(n.accountId);
    if (!set) return;
    for (const s of set) deliver(s, { type: "change", event: n.event });
  }

  private clearIdle() {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private scheduleStop() {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.stop(), this.idleMs);
    this.idleTimer.unref?.();
  }

  /**
   * Ends every open stream (the process is stopping): a server's graceful close waits for open
   * requests, and a stream never finishes by itself. Browsers reconnect, to another process if any.
   */
  endAll() {
    for (const set of [...this.byAccount.values()]) for (const s of [...set]) deliver(s, { type: "end" });
  }

  /** Stops listening now (nobody is subscribed, or the process is stopping). */
  async stop() {
    this.clearIdle();
    const listening = this.listening;
    if (!listening || this.byAccount.size > 0) return;
    this.listening = null;
    this.listenedOnce = false;
    await listening.then((l) => l.unlisten()).catch(() => {});
  }
}

/** One subscriber's failure (a stream closing under it) must not stop the others from hearing. */
function deliver(subscriber: Subscriber, message: LiveMessage) {
  try {
    subscriber(message);
  } catch (error) {
    log.warn({ err: error }, "a live subscriber failed");
  }
}

export function listenOn(client: postgres.Sql): Listen {
  return (channel, onNotify, onListen) => client.listen(channel, onNotify, onListen);
}

// One per process, kept on globalThis: Next.js may load this module in several bundles (and again on
// every dev-mode reload), and each copy would otherwise LISTEN on its own connection.
const holder = globalThis as unknown as { __aftercallLiveHub?: LiveHub };

export function liveHub(): LiveHub {
  if (!holder.__aftercallLiveHub) {
    const hub = new LiveHub(listenOn(sqlClient()), getEnv().LIVE_STREAMS_PER_ACCOUNT);
    holder.__aftercallLiveHub = hub;
    publishLiveStreamsEnd(() => hub.endAll());
  }
  return holder.__aftercallLiveHub;
}
