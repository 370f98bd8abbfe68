import { describe, expect, it } from "vitest";
import { blockedRange, checkWebhookUrl } from "./ssrf";

describe("blockedRange", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "linkLocal"],
    ["100.100.100.200", "carrierGradeNat"],
    ["0.0.0.0", "unspecified"],
    ["::1", "loopback"],
    ["fd00:ec2::254", "uniqueLocal"],
    ["fe80::1", "linkLocal"],
    ["::ffff:10.0.0.1", "ipv4Mapped(10.0.0.1)"],
    ["::ffff:93.184.216.34", "ipv4Mapped(93.184.216.34)"],
    ["64:ff9b::a00:1", "rfc6052"],
  ])("refuses %s (%s)", (ip, range) => {
    expect(blockedRange(ip)).toBe(range);
  });

  it("allows public unicast", () => {
    expect(blockedRange("93.184.216.34")).toBeNull();
    expect(blockedRange("2606:2800:220:1:248:1893:25c8:1946")).toBeNull();
  });
});

describe("checkWebhookUrl", () => {
  const resolve = async (host: string) =>
    host === "internal.example" ? [{ address: "10.0.0.5", family: 4 as const }] : [{ address: "93.184.216.34", family: 4 as const }];

  it("requires https when protection is on", async () => {
    expect(await checkWebhookUrl("http://example.com/hook", { allowPrivate: false, resolve })).toMatchObject({ ok: false, reason: "insecure_url" });
    expect(await checkWebhookUrl("http://127.0.0.1/hook", { allowPrivate: true })).toMatchObject({ ok: true, pinned: null });
  });

  it("refuses literal private addresses and names that resolve to them", async () => {
    for (const url of ["https://127.0.0.1/", "https://10.0.0.1/", "https://169.254.169.254/latest/meta-data", "https://[fd12::1]/", "https://[::ffff:127.0.0.1]/"]) {
      expect(await checkWebhookUrl(url, { allowPrivate: false, resolve })).toMatchObject({ ok: false, reason: "blocked_address" });
    }
    expect(await checkWebhookUrl("https://internal.example/h", { allowPrivate: false, resolve })).toMatchObject({
      ok: false,
      reason: "blocked_address",
      detail: "internal.example resolves to 10.0.0.5 (private); WEBHOOK_ALLOW_PRIVATE_NETWORKS=true allows private addresses",
    });
    // The real resolver: localhost is in /etc/hosts.
    expect(await checkWebhookUrl("https://localhost:8443/h", { allowPrivate: false })).toMatchObject({ ok: false, reason: "blocked_address" });
  });

  it("pins the vetted address of a public name", async () => {
    expect(await checkWebhookUrl("https://hooks.example.com/x", { allowPrivate: false, resolve })).toMatchObject({
      ok: true,
      pinned: { address: "93.184.216.34", family: 4 },
    });
  });
});
