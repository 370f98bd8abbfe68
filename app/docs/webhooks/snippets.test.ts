import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { newWebhookSecret, signatureHeaders } from "@/lib/delivery/sign";
import { sampleCallView } from "@/lib/messages/call-view";
import { buildWebhookPayload } from "@/lib/messages/webhook-payload";
import { NODE_SNIPPET, PYTHON_RAW_SNIPPET, RAW_HMAC_SNIPPET } from "./snippets";

type Verify = (rawBody: string, headers: Record<string, string>, secret: string) => unknown;

/** Writes a snippet to a module file next to node_modules (so `standardwebhooks` resolves) and imports it. */
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function load(snippet: string): Promise<Verify> {
  const dir = mkdtempSync(path.join(process.cwd(), "node_modules", ".snippet-"));
  dirs.push(dir);
  const file = path.join(dir, "verify.mjs");
  writeFileSync(file, snippet);
  return ((await import(pathToFileURL(file).href)) as { verifyAftercallWebhook: Verify }).verifyAftercallWebhook;
}

describe("the guide's verification snippets", () => {
  const secret = newWebhookSecret();
  const body = JSON.stringify(buildWebhookPayload(sampleCallView("https://x.test"), []));

  for (const [name, snippet] of [
    ["Node standardwebhooks", NODE_SNIPPET],
    ["raw HMAC", RAW_HMAC_SNIPPET],
  ] as const) {
    it(`${name}: accepts a signed delivery, also during rotation, and refuses tampering`, async () => {
      const verify = await load(snippet);
      const headers = signatureHeaders([secret], "msg_test", body);
      expect(verify(body, headers, secret)).toEqual(JSON.parse(body));
      const rotated = signatureHeaders([newWebhookSecret(), secret], "msg_test", body);
      expect(verify(body, rotated, secret)).toEqual(JSON.parse(body));
      expect(() => verify(body.replace("call.ended", "call.endeD"), headers, secret)).toThrow();
      expect(() => verify(body, headers, newWebhookSecret())).toThrow();
      const stale = signatureHeaders([secret], "msg_test", body, new Date(Date.now() - 10 * 60_000));
      expect(() => verify(body, stale, secret)).toThrow();
    });
  }
});

describe("the guide's Python raw-HMAC snippet", () => {
  const python = spawnSync("python3", ["--version"]).status === 0;
  it.runIf(python)("accepts a signed delivery and refuses a tampered one", () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify(buildWebhookPayload(sampleCallView("https://x.test"), []));
    const headers = signatureHeaders([secret], "msg_py", body);
    const run = (b: string) =>
      spawnSync("python3", ["-c", `${PYTHON_RAW_SNIPPET}\nimport sys, json\nargs = json.load(sys.stdin)\nprint(verify_aftercall_webhook(args["body"].encode(), args["headers"], args["secret"])["type"])`], {
        input: JSON.stringify({ body: b, headers, secret }),
        encoding: "utf8",
      });
    const ok = run(body);
    expect(ok.stderr).toBe("");
    expect(ok.stdout.trim()).toBe("call.ended");
    expect(run(body + " ").status).not.toBe(0);
  });
});
