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
import next from "next";
import { leanFirst, publishedLeanHandler } from "@/lib/server/lean-handoff";

const { values } = parseArgs({ options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } } });
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = values.hostname ?? process.env.HOSTNAME;
// As `next start` does: a production server unless told otherwise.
Object.assign(process.env, { NODE_ENV: process.env.NODE_ENV ?? "production" });

const server = createServer();
const app = next({ dev: false, dir: process.cwd(), hostname: hostname ?? "localhost", port, httpServer: server });
// Loads the build and runs instrumentation.ts: the environment check, the in-app worker, and the
// lean handler's publication.
await app.prepare();
const lean = publishedLeanHandler();
if (!lean) {
  console.error("[aftercall] the app did not publish its inbound handler (instrumentation-node.ts): rebuild with `next build`.");
  process.exit(1);
}
server.on("request", leanFirst(lean, app.getRequestHandler()));
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
    setTimeout(() => process.exit(code), 10_000).unref();
  });
}
