import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import SwaggerParser from "@apidevtools/swagger-parser";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";

/** Every route file under app/api/v1, as an OpenAPI path (`[id]` → `{id}`). */
function routePaths(dir = path.join(process.cwd(), "app/api/v1"), prefix = "/api/v1"): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...routePaths(full, `${prefix}/${entry.replace(/^\[(.+)\]$/, "{$1}")}`));
    else if (entry === "route.ts") out.push(prefix);
  }
  return out;
}

// Endpoints that are not part of the key-authenticated public API.
const NOT_PUBLIC = [
  "/api/v1/call-events",
  "/api/v1/twilio/voice-status",
  "/api/v1/twilio/message-status",
  "/api/v1/resend/events",
  "/api/v1/inbound/{connectionId}",
  "/api/v1/schemas/call.ended.json",
];

describe("the OpenAPI document", () => {
  const doc = openApiDocument("https://app.aftercall.example");

  it("is valid OpenAPI 3.1", async () => {
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it("describes every public route handler", () => {
    const documented = Object.keys(doc.paths);
    const missing = routePaths().filter((p) => !NOT_PUBLIC.includes(p) && !documented.includes(p));
    expect(missing).toEqual([]);
  });
});
