"use client";

import { QueryClient, QueryClientProvider, useQuery, type QueryKey } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useRef, useState } from "react";
import type { LiveEvent } from "@/lib/live/events";

/** How often a live page re-reads while its stream is down (refused, reconnecting, or unsupported). */
export const POLL_MS = 10_000;
/** Changes within this window cost one re-read: a busy account must not refetch per notification. */
const COALESCE_MS = 250;
const EVENTS_URL = "/api/dashboard/events";
/**
 * The stream opens this long after the page has loaded: the server-rendered data is fresh, the stream's
 * `ready` re-reads whatever changed meanwhile, and a request that never ends, opened during the load,
 * would compete with the page's own requests and keep "network idle" (Lighthouse, tests) from ever coming.
 */
const OPEN_AFTER_LOAD_MS = 1_500;

export type LiveStatus = "connecting" | "live" | "polling";

type Watcher = { key: QueryKey; matches: { current: (event: LiveEvent) => boolean } };
type LiveContextValue = { status: LiveStatus; watch: (hash: string, watcher: Watcher) => () => void };

const LiveContext = createContext<LiveContextValue | null>(null);

/**
 * A live page's data layer: a QueryClient for its queries and ONE server-sent events stream
 * (GET /api/dashboard/events) that says which of them to re-read. On `ready` (each (re)connection)
 * and `resync` every live query re-reads, covering what changed while no stream was listening. While
 * the stream is down, the queries poll every POLL_MS; a refused stream (429, 503) is retried with
 * backoff, the browser itself reconnects one that dropped.
 */
export function LiveProvider({ children }: { children: React.ReactNode }) {
  const [client] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, staleTime: Infinity } } }),
  );
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const watchers = useRef(new Map<string, Watcher>());

  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let backoff = 5_000;
    const dirty = new Set<string>();
    let flushTimer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      flushTimer = null;
      for (const hash of dirty) {
        const w = watchers.current.get(hash);
        if (w) void client.invalidateQueries({ queryKey: w.key, exact: true });
      }
      dirty.clear();
    };
    const mark = (match: (w: Watcher) => boolean) => {
      for (const [hash, w] of watchers.current) if (match(w)) dirty.add(hash);
      if (dirty.size > 0 && !flushTimer) flushTimer = setTimeout(flush, COALESCE_MS);
    };
    const connect = () => {
      if (typeof EventSource === "undefined") return setStatus("polling");
      source = new EventSource(EVENTS_URL);
      source.addEventListener("ready", () => {
        setStatus("live");
        backoff = 5_000;
        mark(() => true);
      });
      source.addEventListener("resync", () => mark(() => true));
      source.addEventListener("change", (message) => {
        let event: LiveEvent;
        try {
          event = JSON.parse((message as MessageEvent<string>).data) as LiveEvent;
        } catch {
          return;
        }
        mark((w) => w.matches.current(event));
      });
      source.onerror = () => {
        setStatus("polling");
        // CONNECTING: the browser reconnects by itself. CLOSED: it gave up (an error status): we retry.
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
          retry = setTimeout(connect, backoff);
          backoff = Math.min(backoff * 2, 60_000);
        }
      };
    };
    const afterLoad = () => (retry = setTimeout(connect, OPEN_AFTER_LOAD_MS));
    if (document.readyState === "complete") afterLoad();
    else window.addEventListener("load", afterLoad, { once: true });
    return () => {
      window.removeEventListener("load", afterLoad);
      source?.close();
      clearTimeout(retry);
      if (flushTimer) clearTimeout(flushTimer);
    };
  }, [client]);

  const [value] = useState<Omit<LiveContextValue, "status">>(() => ({
    watch: (hash, watcher) => {
      watchers.current.set(hash, watcher);
      return () => {
        if (watchers.current.get(hash) === watcher) watchers.current.delete(hash);
      };
    },
  }));

  return (
    <QueryClientProvider client={client}>
      <LiveContext.Provider value={{ ...value, status }}>{children}</LiveContext.Provider>
    </QueryClientProvider>
  );
}

export function useLiveStatus(): LiveStatus {
  return useContext(LiveContext)?.status ?? "polling";
}

/**
 * A query that re-reads `url` when a change it `matches` arrives, starting from the server-rendered
 * data (`readAt`: when the server read it). The read's time is part of the key: a fresh server render (a navigation, a server action's
 * revalidation) always wins over what the cache kept from an earlier visit.
 */
export function useLiveQuery<T extends { readAt: number }>(opts: { key: QueryKey; url: string; initialData: T; matches: (event: LiveEvent) => boolean }): T {
  const live = useContext(LiveContext);
  if (!live) throw new Error("useLiveQuery needs a LiveProvider above it");
  const renderedAt = opts.initialData.readAt;
  const queryKey = [...opts.key, renderedAt];
  const hash = JSON.stringify(queryKey);
  const matches = useRef(opts.matches);
  useEffect(() => {
    matches.current = opts.matches;
  });
  const { watch } = live;
  useEffect(() => watch(hash, { key: JSON.parse(hash) as QueryKey, matches }), [watch, hash]);
  const query = useQuery({
    queryKey,
    queryFn: async ({ signal }) => {
      const response = await fetch(opts.url, { signal, headers: { accept: "application/json" } });
      if (!response.ok) throw new Error(`${opts.url} answered ${response.status}`);
      return (await response.json()) as T;
    },
    initialData: opts.initialData,
    initialDataUpdatedAt: renderedAt,
    refetchInterval: live.status === "live" ? false : POLL_MS,
  });
  return query.data ?? opts.initialData;
}
