// The public API and outbound webhooks as a tenant meets them: an API key created in settings (shown
// once) calls /api/v1; a webhook endpoint added in settings receives a contact change, and its
// signature verifies with the standardwebhooks library; the delivery shows in settings; a revoked key
// gets 401.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { expect, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { E2E_HOOK_PORT } from "../playwright.config";
import { signUp, uniqueEmail } from "./helpers";

type Received = { headers: IncomingHttpHeaders; body: string };
const received: Received[] = [];
let receiver: Server;

test.beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.end("thanks");
    });
  });
  await new Promise<void>((r) => receiver.listen(E2E_HOOK_PORT, "127.0.0.1", r));
});
test.afterAll(async () => {
  await new Promise((r) => receiver.close(r));
});

test("API key -> /api/v1, a signed webhook delivery, and a revoked key gets 401", async ({ page, request }) => {
  const slug = await signUp(page, "Grace Hopper", uniqueEmail("api"), undefined, "Warehouse Co");

  await page.goto(`/w/${slug}/settings/api-keys`);
  await page.getByLabel("Name").fill("Warehouse app");
  await page.getByRole("checkbox", { name: "contacts:read" }).check();
  await page.getByRole("checkbox", { name: "contacts:write" }).check();
  await page.getByRole("button", { name: "Create API key" }).click();
  const key = (await page.getByTestId("new-api-key").innerText()).trim();
  expect(key).toMatch(/^sbk_/);
  // shown once: a reload does not show it again
  await page.reload();
  await expect(page.getByTestId("new-api-key")).toHaveCount(0);
  await expect(page.getByText("Warehouse app")).toBeVisible();

  const auth = { authorization: `Bearer ${key}` };
  const made = await request.post("/api/v1/contacts", { headers: auth, data: { external_id: "wh-1", fields: { firstName: "Ada", lastName: "Lovelace", email: "ada@example.test" } } });
  expect(made.status()).toBe(201);
  const contact = (await made.json()) as { data: { id: string } };

  await page.goto(`/w/${slug}/settings/webhooks`);
  await page.getByLabel("URL").fill(`http://127.0.0.1:${E2E_HOOK_PORT}/hook`);
  await page.getByRole("checkbox", { name: "contact.updated" }).check();
  await page.getByRole("button", { name: "Add endpoint" }).click();
  const secret = (await page.getByTestId("webhook-secret").innerText()).trim();
  expect(secret).toMatch(/^whsec_/);

  received.length = 0;
  const patched = await request.patch(`/api/v1/contacts/${contact.data.id}`, { headers: auth, data: { fields: { firstName: "Augusta Ada" } } });
  expect(patched.status()).toBe(200);
  await expect.poll(() => received.length, { timeout: 60_000 }).toBeGreaterThan(0);
  const hit = received[0]!;
  const event = new Webhook(secret).verify(hit.body, {
    "webhook-id": String(hit.headers["webhook-id"]),
    "webhook-timestamp": String(hit.headers["webhook-timestamp"]),
    "webhook-signature": String(hit.headers["webhook-signature"]),
  }) as { type: string; data: { id: string; external_id: string; fields: { firstName: string } } };
  expect(event).toMatchObject({ type: "contact.updated", data: { id: contact.data.id, external_id: "wh-1", fields: { firstName: "Augusta Ada" } } });

  // the delivery and its attempt are in the log
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("row").filter({ hasText: "contact.updated" }).first()).toContainText("succeeded", { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });

  await page.goto(`/w/${slug}/settings/api-keys`);
  await page.getByRole("button", { name: "Revoke" }).first().click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByRole("cell").getByText("Revoked", { exact: true })).toBeVisible();
  const after = await request.get("/api/v1/contacts", { headers: auth });
  expect(after.status()).toBe(401);
  expect(((await after.json()) as { error: { code: string } }).error.code).toBeTruthy();
});
