import { expect, test, type Locator, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";
import { horizontalOverflow } from "./ui-fixtures";
import { connectWithKey, fieldValue, openSandboxRecord, reloadUntil } from "./sync-helpers";

/** The 1-based number of the editor's rule whose Switchboard field is `hubField`. */
async function ruleNumber(page: Page, hubField: string): Promise<number> {
  const editor = page.getByTestId("mapping-contact");
  const count = await editor.locator('[data-testid^="mapping-contact-rule-"]').count();
  for (let n = 1; n <= count; n++) {
    if ((await editor.getByLabel(`Switchboard field of rule ${n}`, { exact: true }).inputValue()) === hubField) return n;
  }
  throw new Error(`no rule for ${hubField}`);
}

/**
 * The page at 390 px and at a desktop width, in light and dark: it never scrolls sideways; with SHOTS_DIR
 * set, each is saved as a PNG (`name`-<width>-<theme>.png) to look at.
 */
async function lookAt(page: Page, name: string, parts: Record<string, Locator> = {}): Promise<void> {
  const dir = process.env.SHOTS_DIR;
  for (const theme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: theme });
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      expect(await horizontalOverflow(page), `${name} at ${width} px, ${theme}`).toBe(0);
      if (dir) {
        await page.screenshot({ path: `${dir}/${name}-${width}-${theme}.png`, fullPage: Object.keys(parts).length === 0 });
        for (const [part, locator] of Object.entries(parts)) await locator.screenshot({ path: `${dir}/${name}-${part}-${width}-${theme}.png` });
      }
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 720 });
}

async function setContactDirection(page: Page, connectionPath: string, direction: "pull" | "both"): Promise<void> {
  await page.goto(connectionPath);
  const card = page.getByTestId("sync-object-contact");
  await card.getByLabel("Direction").selectOption(direction);
  await card.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Sync settings saved.")).toBeVisible();
  await expect(card.getByRole("button", { name: "Save settings" })).toBeDisabled();
}

// The mapping editor and the conflict inbox as a person uses them, against the workspace's HubSpot sandbox.
test("map a custom field, preview and save it, see it in the sandbox; resolve a manual conflict in the inbox", async ({ page }) => {
  test.setTimeout(480_000);
  const slug = await signUp(page, "Mapping Tester", uniqueEmail("map"));
  const connectionPath = await connectWithKey(page, slug, "hubspot", "HubSpot", /Private app access token/);

  // Let the initial backfill finish, so the contact made next is the hub's most recent one.
  await reloadUntil(page, async () => {
    await expect(page.getByTestId("sync-run-row").filter({ hasText: "Initial backfill" }).getByText("succeeded")).toBeVisible({ timeout: 1_000 });
  }, 360_000);

  const email = uniqueEmail("mona");
  await page.goto(`/w/${slug}/contacts/new`);
  await page.getByLabel("First name").fill("Mona");
  await page.getByLabel("Last name").fill("Member");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Lead status").selectOption("qualified");
  await page.getByRole("button", { name: "Create contact" }).click();
  await page.waitForURL(/\/contacts\/[^/?]+\?saved=1$/);
  const recordUrl = page.url().split("?")[0]!;

  // --- the mapping editor: create a HubSpot custom field, map Lead status onto it through a value map
  await page.goto(connectionPath);
  const editor = page.getByTestId("mapping-contact");
  await expect(editor.getByText(/^Version 1 · (last run|no run)/)).toBeVisible();
  await editor.getByRole("button", { name: "Create field" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Key").fill("member_type");
  await dialog.getByLabel("Label").fill("Member type");
  await dialog.getByRole("button", { name: "Create field" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("Created the field “Member type” (member_type).")).toBeVisible();

  const n = await editor.locator('[data-testid^="mapping-contact-rule-"]').count();
  await expect(editor.getByLabel(`HubSpot field of rule ${n}`)).toHaveValue("member_type");
  await editor.getByLabel(`Switchboard field of rule ${n}`, { exact: true }).selectOption("leadStatus");
  await editor.getByLabel(`Direction of rule ${n}`).selectOption("push");
  await editor.getByLabel(`Add a step to rule ${n}`).selectOption("valueMap");
  const valueMap = editor.getByTestId(`transform-${n - 1}-0`).getByLabel("Value map (Switchboard=provider, comma separated)");
  await valueMap.fill("qualified=Qualified member, new=Prospect");
  await valueMap.press("Tab");

  // Preview on real records: the contact made above is among the hub's 20 most recent.
  await editor.getByRole("button", { name: "Preview on 20 records" }).click();
  const preview = editor.getByTestId("mapping-preview");
  await expect(preview.getByRole("columnheader", { name: "Lead status → member_type" })).toBeVisible();
  await expect(preview.getByRole("row", { name: /Mona Member/ }).last()).toContainText("qualified→ Qualified member");
  await lookAt(page, "mapping-editor", {
    header: page.locator("#mapping > header"),
    "object-header": editor.locator(":scope > div").first(),
    rule: editor.getByTestId("mapping-contact-rule-0"),
    "new-rule": editor.getByTestId(`mapping-contact-rule-${n - 1}`),
    "custom-fields": editor.getByTestId("mapping-contact-custom-fields"),
    preview: preview.locator("table").last(),
  });

  await editor.getByRole("button", { name: "Save as new version" }).click();
  await expect(page.getByText("Saved as version 2. The next sync run uses it.")).toBeVisible();
  await expect(editor.getByText(/^Version 2 · (last run|no run)/)).toBeVisible();

  // Push the contact again from its page; the value arrives in the sandbox through the new mapping.
  await page.goto(recordUrl);
  await page.getByTestId("record-link").getByRole("button", { name: "Sync this record now" }).click();
  await openSandboxRecord(page, slug, "hubspot", email, "Mona Member");
  await reloadUntil(page, async () => {
    await page.getByText("Stored JSON (as the provider returns it)").click();
    await expect(page.locator("pre")).toContainText('"member_type": "Qualified member"', { timeout: 1_000 });
  });
  // ... and the run that did it recorded version 2, which the editor shows.
  await page.goto(connectionPath);
  await expect(editor.getByTestId("mapping-contact-last-run")).toHaveText("last run used version 2");

  // --- a manual policy on the last name, and a conflict: both sides change it before they meet again
  const lastName = await ruleNumber(page, "lastName");
  await editor.getByLabel(`Conflict policy of rule ${lastName}`).selectOption("manual");
  await editor.getByRole("button", { name: "Save as new version" }).click();
  await expect(page.getByText("Saved as version 3. The next sync run uses it.")).toBeVisible();
  // Pushing is paused for a moment so that Switchboard's edit does not reach HubSpot first.
  await setContactDirection(page, connectionPath, "pull");

  await page.goto(`${recordUrl}/edit`);
  await page.getByLabel("Last name").fill("Hubside");
  await page.getByRole("button", { name: "Save changes" }).click();
  await page.waitForURL(/\?saved=1$/);

  await openSandboxRecord(page, slug, "hubspot", email, "Mona Member");
  await page.getByLabel("Last name").fill("Providerside");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByLabel("Last name")).toHaveValue("Providerside");

  await page.goto(connectionPath);
  await page.getByTestId("sync-object-contact").getByRole("button", { name: "Sync now" }).click();

  // The inbox shows the conflict with both values; Switchboard kept its own meanwhile.
  await page.goto(`/w/${slug}/conflicts`);
  const row = page.getByTestId("conflict-row").filter({ hasText: "Mona Hubside" });
  await reloadUntil(page, async () => {
    await expect(row).toHaveCount(1, { timeout: 1_000 });
  });
  await expect(row).toContainText("Last name");
  await expect(row.getByTestId("conflict-hub-value")).toHaveText("Hubside");
  await expect(row.getByTestId("conflict-provider-value")).toHaveText("Providerside");
  await expect(page.getByTestId("conflict-total")).toHaveText("1 open conflict");
  await lookAt(page, "conflict-inbox");

  // Push again, then take HubSpot's value: Switchboard is updated and sends it everywhere.
  await setContactDirection(page, connectionPath, "both");
  await page.goto(`/w/${slug}/conflicts`);
  await row.getByRole("button", { name: "Take provider's" }).click();
  await expect(page.getByText(/^Resolved: /)).toBeVisible();
  await expect(row).toHaveCount(0);

  await page.goto(recordUrl);
  await reloadUntil(page, async () => {
    await expect(fieldValue(page, "lastName")).toHaveText("Providerside", { timeout: 1_000 });
  });
  await openSandboxRecord(page, slug, "hubspot", email, /^Mona /);
  await reloadUntil(page, async () => {
    await expect(page.getByLabel("Last name")).toHaveValue("Providerside", { timeout: 1_000 });
  });
  await expect(page.getByLabel("First name")).toHaveValue("Mona");
});
