/**
 * The production server (`npm start`, and the e2e, chaos and benchmark servers): one port, one
 * process. A POST to an inbound route (call events, Twilio's status callback, a voice platform's
 * connection URL) is answered by the lean handler straight from node:http; everything else — pages,
 * the other APIs, assets — goes to Next.js as `next start` would serve it. The handler is the app's
 * own (lib/server/inbound-http.ts, published when Next.js starts: see lib/server/lean-handoff.ts).
 *   tsx scripts/server.ts [-p PORT] [-H HOSTNAME]      (needs `next build` first)
 */
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { endLiveStreams, leanFirst, publishedLeanHandler, waitForLeanHandler } from "@/lib/server/lean-handoff";

const { values } = parseArgs({ options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } } });
const port = Number(values.port ?? process.env.PORT ?? 3000);
// Like `next start`: every interface unless -H names one.
const hostname = values.hostname;
// As `next start` does: a production server unless told otherwise — before Next.js (and React,
// which picks its build by NODE_ENV as it loads) is imported.
Object.assign(process.env, { NODE_ENV: process.env.NODE_ENV ?? "production" });
const { default: next } = await import("next");

const server = createServer();
const app = next({ dev: false, dir: process.cwd(), hostname: hostname ?? "localhost", port, httpServer: server });
// Loads the build; Next.js then runs instrumentation.ts (the environment check, the in-app worker, the
// lean handler's publication) as it preloads its entries. Listen once that is done, so the lean path
// serves from the first request.
await app.prepare();
if (!(await waitForLeanHandler(60_000))) {
  console.warn("[aftercall] the app has not published its inbound handler (instrumentation-node.ts): Next.js serves every route until it does.");
}
server.on("request", leanFirst(publishedLeanHandler, app.getRequestHandler()));
server.listen(port, hostname, () => {
  console.log(`[aftercall] ready on http://${hostname ?? "localhost"}:${port}`);
});

// As `next start`: stop taking connections, let requests in flight finish (10 s at most), then exit.
let stopping = false;
for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.close(() => void app.close().finally(() => process.exit(code)));
    server.closeIdleConnections();
    endLiveStreams();
    setTimeout(() => process.exit(code), 10_000).unref();
  });
}
