import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";
import { connectWithKey, fieldValue, openSandboxRecord, reloadUntil } from "./sync-helpers";

// The sync engine end to end, as a person sees it: two connected sandboxes, a contact created in
// Switchboard arrives in both; an edit in one sandbox's panel reaches the hub and then the other sandbox.
test("a contact created in Switchboard reaches both sandboxes; an edit in one sandbox reaches the hub and the other", async ({ page }) => {
  // Connecting starts each sandbox's initial backfill: 250 HubSpot and 300 Pipedrive contacts, each pushed
  // to the other side (Pipedrive one request per person). A person's contact goes ahead of that work, so it
  // arrives while the cross-push is still running; the generous timeouts are for a busy 2-core machine.
  test.setTimeout(600_000);
  const slug = await signUp(page, "Sync Tester", uniqueEmail("sync"));
  await connectWithKey(page, slug, "hubspot", "HubSpot", /Private app access token/);
  await connectWithKey(page, slug, "pipedrive", "Pipedrive", /API token/);
  // Pipedrive has a webhook API: Switchboard registered itself at connect, so sandbox edits come back at once.
  await reloadUntil(page, async () => {
    await expect(page.getByTestId("webhook-registration")).toHaveText("Registered with the provider", { timeout: 1_000 });
  });

  // Create a contact in Switchboard.
  const email = uniqueEmail("ada.sync");
  await page.goto(`/w/${slug}/contacts/new`);
  await page.getByLabel("First name").fill("Ada");
  await page.getByLabel("Last name").fill("Syncwell");
  await page.getByLabel("E-mail").fill(email);
  await page.getByRole("button", { name: "Create contact" }).click();
  await page.waitForURL(/\/contacts\/[^/?]+\?saved=1$/);
  const recordUrl = page.url().split("?")[0]!;

  // Its page shows both links synced, each with the provider's id.
  const links = page.getByTestId("record-link");
  await reloadUntil(page, async () => {
    await expect(links).toHaveCount(2);
    for (const name of ["HubSpot", "Pipedrive"]) {
      const row = links.filter({ hasText: name });
      await expect(row.getByText("synced", { exact: true })).toBeVisible({ timeout: 1_000 });
      await expect(row.getByText("not created yet")).toHaveCount(0);
    }
  }, 150_000);

  // Both sandboxes' panels show the contact exactly once.
  await openSandboxRecord(page, slug, "hubspot", email, "Ada Syncwell");
  await expect(page.getByLabel("First name")).toHaveValue("Ada");
  await expect(page.getByLabel("Last name")).toHaveValue("Syncwell");
  await expect(page.getByLabel("Email")).toHaveValue(email);
  await page.goBack();
  await expect(page.getByRole("link", { name: "Ada Syncwell" })).toHaveCount(1);

  await openSandboxRecord(page, slug, "pipedrive", email, "Ada Syncwell", "People");
  await expect(page.getByLabel("Email")).toHaveValue(email);
  await page.goBack();
  await expect(page.getByRole("link", { name: "Ada Syncwell" })).toHaveCount(1);
  await page.getByRole("link", { name: "Ada Syncwell" }).click();

  // Edit it in Pipedrive's panel, as a person in Pipedrive would: the sandbox sends its webhook.
  await page.getByLabel("Name", { exact: true }).fill("Ada Lovesync");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Ada Lovesync");

  // The hub takes the change from the Pipedrive connection ...
  await page.goto(recordUrl);
  await reloadUntil(page, async () => {
    await expect(fieldValue(page, "lastName")).toHaveText("Lovesync", { timeout: 1_000 });
  });
  await expect(page.getByTestId("field-lastName")).toContainText("Pipedrive");
  await expect(fieldValue(page, "firstName")).toHaveText("Ada");

  // ... and pushes it to HubSpot, not back to Pipedrive.
  await openSandboxRecord(page, slug, "hubspot", email, /^Ada /);
  await reloadUntil(page, async () => {
    await expect(page.getByLabel("Last name")).toHaveValue("Lovesync", { timeout: 1_000 });
  });
  await expect(page.getByLabel("First name")).toHaveValue("Ada");

  // The cross-push the two backfills started (their 550 contacts, each sent to the other side, and Pipedrive's webhook for every
  // person it was sent) drains: the dashboard, live, counts no pending update. The specs after this one
  // then start on a quiet server, as a new workspace would on a machine of its own.
  await page.goto(`/w/${slug}`);
  await expect(page.getByTestId("total-pending-value")).toHaveText("0", { timeout: 300_000 });
});
