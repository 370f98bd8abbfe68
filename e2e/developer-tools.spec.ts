import { expect, test } from "./fixtures";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

test("an owner creates an API key, copies it, uses it, and revokes it", async ({ page, signIn, request }) => {
  await signIn("owner@example.com");
  await page.goto("/developers/api-keys");
  await expect(page.getByRole("heading", { name: "No API keys yet" })).toBeVisible();
  await page.getByRole("button", { name: "Create API key" }).click();
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByText("Name the key")).toBeVisible();
  await page.getByLabel("Name").fill("CRM sync");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-api-key").textContent())!.trim();
  expect(key).toMatch(/^ak_/);
  await page.getByRole("button", { name: "Copy key" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("cell", { name: "CRM sync" })).toBeVisible();

  const auth = { authorization: `Bearer ${key}` };
  expect((await request.get("/api/v1/webhook-deliveries", { headers: auth })).status()).toBe(200);

  await page.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByText("Revoked", { exact: true })).toBeVisible();
  const refused = await request.get("/api/v1/webhook-deliveries", { headers: auth });
  expect(refused.status()).toBe(401);
  expect(refused.headers()["content-type"]).toBe("application/problem+json");
});

test("the integration guide is public and its code blocks are the tested snippets", async ({ page }) => {
  const { NODE_SNIPPET, RAW_HMAC_SNIPPET } = await import("../app/docs/webhooks/snippets");
  await page.goto("/docs/webhooks");
  await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
  expect(await page.locator('[data-snippet="node"]').textContent()).toBe(NODE_SNIPPET);
  expect(await page.locator('[data-snippet="raw-hmac"]').textContent()).toBe(RAW_HMAC_SNIPPET);
  const schema = await page.request.get("/api/v1/schemas/call.ended.json");
  expect(schema.status()).toBe(200);
  expect(((await schema.json()) as { title: string }).title).toBe("call.ended");
  const openapi = await page.request.get("/api/v1/openapi.json");
  expect(((await openapi.json()) as { openapi: string }).openapi).toBe("3.1.0");
});
