import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";

test("sandbox control panel: create, edit and delete a HubSpot contact; the API sees each change; faults apply", async ({ page, request }) => {
  // The panel is for signed-in users only.
  await page.goto("/sandbox");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fsandbox/);
  await signUp(page, "Sandy Box", uniqueEmail("sandy"));
  await page.goto("/sandbox");
  await expect(page.getByRole("heading", { name: "Provider sandboxes" })).toBeVisible();
  await page.getByRole("link", { name: "Acme Demo (HubSpot)" }).click();
  await page.waitForURL(/\/sandbox\/accounts\/[^/?]+/);
  const accountUrl = page.url().split("?")[0]!;
  const token = (await page.locator("dt", { hasText: "API key / private token" }).locator("xpath=following-sibling::dd[1]").innerText()).trim();
  const auth = { authorization: `Bearer ${token}` };
  const email = `panel-${Date.now()}@example.test`;

  await page.getByRole("link", { name: "New record" }).click();
  await page.getByLabel("First name").fill("Panel");
  await page.getByLabel("Last name").fill("Person");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Create record" }).click();

  // The provider API (as an adapter calls it) returns the record the person just created.
  const search = async () =>
    (await (
      await request.post("/sandbox/hubspot/crm/v3/objects/contacts/search", {
        headers: auth,
        data: { filterGroups: [{ filters: [{ propertyName: "email", operator: "EQ", value: email }] }], properties: ["firstname", "lastname", "email"] },
      })
    ).json()) as { total: number; results: { id: string; properties: Record<string, string | null> }[] };
  await expect.poll(async () => (await search()).total).toBe(1);
  const [created] = (await search()).results;
  expect(created?.properties).toMatchObject({ firstname: "Panel", lastname: "Person", email });

  await page.goto(`${accountUrl}/records/${created!.id}?object=contacts`);
  await page.getByLabel("Last name").fill("Renamed");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect.poll(async () => (await search()).results[0]?.properties.lastname).toBe("Renamed");

  await page.goto(`${accountUrl}/records/${created!.id}?object=contacts`);
  await page.getByRole("button", { name: "Delete record" }).click();
  await expect.poll(async () => (await search()).total).toBe(0);

  // Fault injection: a forced rate limit answers HubSpot's 429 with Retry-After, then is switched off.
  await page.goto(accountUrl);
  await page.getByLabel(/Force rate limit/i).check();
  await page.getByRole("button", { name: "Save faults" }).click();
  await expect.poll(async () => (await request.get("/sandbox/hubspot/crm/v3/objects/contacts?limit=1", { headers: auth })).status()).toBe(429);
  const limited = await request.get("/sandbox/hubspot/crm/v3/objects/contacts?limit=1", { headers: auth });
  expect(limited.headers()["retry-after"]).toBeTruthy();
  await page.goto(accountUrl);
  await page.getByLabel(/Force rate limit/i).uncheck();
  await page.getByRole("button", { name: "Save faults" }).click();
  await expect.poll(async () => (await request.get("/sandbox/hubspot/crm/v3/objects/contacts?limit=1", { headers: auth })).status()).toBe(200);
  await page.screenshot({ path: "test-results/sandbox-account.png", fullPage: true });
});
