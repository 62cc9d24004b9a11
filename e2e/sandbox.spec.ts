import { expect, test, type Page } from "@playwright/test";
import { signUp, uniqueEmail, verifyEmailThroughMailbox } from "./helpers";

type Search = { total: number; results: { id: string; properties: Record<string, string | null> }[] };

/** Open the workspace's HubSpot sandbox account from the nav, as a person would; returns its page URL. */
async function openHubspotAccount(page: Page, slug: string): Promise<string> {
  await page.goto(`/w/${slug}`);
  await page.getByRole("link", { name: "Sandbox", exact: true }).first().click();
  await page.waitForURL(`**/w/${slug}/sandbox`);
  await expect(page.getByRole("heading", { name: "Sandbox", exact: true })).toBeVisible();
  await page.getByTestId("sandbox-provider-hubspot").getByRole("link").first().click();
  await page.waitForURL(new RegExp(`/w/${slug}/sandbox/[^/?]+$`));
  return page.url().split("?")[0]!;
}

test("the sandbox panel lives in the workspace: admins edit records and faults, the API sees each change, credentials are the workspace's own", async ({ page, request, browser }) => {
  const slug = await signUp(page, "Sandy Box", uniqueEmail("sandy"));
  const accountUrl = await openHubspotAccount(page, slug);
  const token = (await page.getByTestId("sandbox-api-key").innerText()).trim();
  expect(token).toMatch(/^sbx_hubspot_[A-Za-z0-9_-]{43}$/);
  expect((await page.getByTestId("sandbox-base-url").innerText()).trim()).toMatch(/\/sandbox\/hubspot$/);
  await expect(page.getByTestId("sandbox-client-id")).not.toBeEmpty();
  await expect(page.getByTestId("sandbox-client-secret")).not.toBeEmpty();
  const auth = { authorization: `Bearer ${token}` };
  const email = `panel-${Date.now()}@example.test`;

  await page.getByRole("link", { name: "New record" }).click();
  await page.getByLabel("First name").fill("Panel");
  await page.getByLabel("Last name").fill("Person");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Create record" }).click();
  await page.waitForURL(/\/records\/\d+/);

  // The provider API (as an adapter calls it) returns the record the person just created.
  const search = async (key = auth) =>
    (await (
      await request.post("/sandbox/hubspot/crm/v3/objects/contacts/search", {
        headers: key,
        data: { filterGroups: [{ filters: [{ propertyName: "email", operator: "EQ", value: email }] }], properties: ["firstname", "lastname", "email"] },
      })
    ).json()) as Search;
  await expect.poll(async () => (await search()).total).toBe(1);
  const [created] = (await search()).results;
  expect(created?.properties).toMatchObject({ firstname: "Panel", lastname: "Person", email });

  await page.getByLabel("Last name").fill("Renamed");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect.poll(async () => (await search()).results[0]?.properties.lastname).toBe("Renamed");

  await page.getByRole("button", { name: "Delete record" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
  await page.waitForURL(new RegExp(`/w/${slug}/sandbox/[^/?]+\\?object=contacts$`));
  await expect.poll(async () => (await search()).total).toBe(0);

  // Fault injection: a forced rate limit answers HubSpot's 429 with Retry-After, then is switched off.
  await page.goto(accountUrl);
  await page.getByLabel("Force rate limit").check();
  await page.getByRole("button", { name: "Save faults" }).click();
  await expect.poll(async () => (await request.get("/sandbox/hubspot/crm/v3/objects/contacts?limit=1", { headers: auth })).status()).toBe(429);
  const limited = await request.get("/sandbox/hubspot/crm/v3/objects/contacts?limit=1", { headers: auth });
  expect(limited.headers()["retry-after"]).toBeTruthy();
  await page.reload();
  await page.getByLabel("Force rate limit").uncheck();
  await page.getByRole("button", { name: "Save faults" }).click();
  await expect.poll(async () => (await request.get("/sandbox/hubspot/crm/v3/objects/contacts?limit=1", { headers: auth })).status()).toBe(200);
  await page.screenshot({ path: "test-results/sandbox-account.png", fullPage: true });

  // Another workspace has its own sandbox: its key does not see this workspace's record, and it differs.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  const otherSlug = await signUp(otherPage, "Otto Other", uniqueEmail("otto"));
  await openHubspotAccount(otherPage, otherSlug);
  const otherToken = (await otherPage.getByTestId("sandbox-api-key").innerText()).trim();
  expect(otherToken).not.toBe(token);
  await page.goto(`${accountUrl}/records/new?object=contacts`);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Create record" }).click();
  await expect.poll(async () => (await search()).total).toBe(1);
  expect((await search({ authorization: `Bearer ${otherToken}` })).total).toBe(0);

  // ... and a non-member gets the same 404 as for any workspace page.
  for (const path of [`/w/${slug}/sandbox`, new URL(accountUrl).pathname, `${new URL(accountUrl).pathname}/webhooks`]) {
    const res = await otherPage.goto(path);
    expect(res?.status(), path).toBe(404);
  }
  await other.close();
});

test("a member sees the sandbox panel read-only", async ({ browser }) => {
  const ownerCtx = await browser.newContext();
  const owner = await ownerCtx.newPage();
  const slug = await signUp(owner, "Olga Owner", uniqueEmail("olga"));
  await owner.goto(`/w/${slug}/settings`);
  const memberEmail = uniqueEmail("mia");
  await owner.getByLabel("E-mail").fill(memberEmail);
  await owner.getByLabel("Role").selectOption("member");
  await owner.getByRole("button", { name: "Invite" }).click();
  const link = (await owner.getByTestId("invite-url").textContent())?.trim();
  expect(link).toBeTruthy();

  const memberCtx = await browser.newContext();
  const member = await memberCtx.newPage();
  await signUp(member, "Mia Member", memberEmail);
  // Only a verified address can accept: verify through the local mailbox, then accept.
  await verifyEmailThroughMailbox(member, memberEmail);
  await member.goto(new URL(link!).pathname);
  await member.getByRole("button", { name: /^Join / }).click();
  await member.waitForURL(`**/w/${slug}`);

  const accountUrl = await openHubspotAccount(member, slug);
  await expect(member.getByTestId("sandbox-api-key")).not.toBeEmpty();
  await expect(member.getByRole("link", { name: "New record" })).toHaveCount(0);
  await expect(member.getByRole("button", { name: "Save faults" })).toHaveCount(0);
  await expect(member.getByLabel("Latency (ms)")).toBeDisabled();
  await expect(member.getByText("Only admins and owners can change faults.")).toBeVisible();
  await member.goto(`/w/${slug}/sandbox`);
  await expect(member.getByRole("button", { name: "Add account" })).toHaveCount(0);
  await member.goto(`${new URL(accountUrl).pathname}/webhooks`);
  await expect(member.getByRole("heading", { name: "Webhooks" })).toBeVisible();
  await expect(member.getByTestId("subscription-form")).toHaveCount(0);
  await Promise.all([ownerCtx.close(), memberCtx.close()]);
});
