// Steps the sync specs share: connect a workspace sandbox through the catalog form, open a sandbox record
// from the panel by searching for it, and wait for a server-rendered page to show something.
import { expect, type Locator, type Page } from "@playwright/test";

/** The API key of the workspace's default sandbox account of a provider, read from the sandbox panel. */
export async function sandboxKey(page: Page, slug: string, provider: string): Promise<string> {
  await page.goto(`/w/${slug}/sandbox`);
  await page.getByTestId(`sandbox-provider-${provider}`).getByRole("link").first().click();
  const key = (await page.getByTestId("sandbox-api-key").innerText()).trim();
  expect(key.startsWith(`sbx_${provider.replace(/-/g, "")}_`)).toBe(true);
  return key;
}

/** Connects a provider with its sandbox API key through the template page's form; returns the connection page path. */
export async function connectWithKey(page: Page, slug: string, provider: string, name: string, secretLabel: RegExp): Promise<string> {
  const key = await sandboxKey(page, slug, provider);
  await page.goto(`/w/${slug}/integrations/${provider}`);
  const form = page.getByTestId("api-key-form");
  await form.getByLabel("Connection name").fill(name);
  await form.getByLabel(secretLabel).fill(key);
  await form.getByRole("button", { name: "Connect with API key" }).click();
  await page.waitForURL(/\/connections\/[a-z0-9]+\?connected=1$/);
  // the first render reads the provider's fields while the initial backfill writes: give it time on a busy machine
  await expect(page.getByTestId("connection-status")).toHaveText("Active", { timeout: 60_000 });
  return new URL(page.url()).pathname;
}

/**
 * Opens the sandbox panel's record of a provider found by a search term (an e-mail), as a person would.
 * `object`: the panel's object tab to search in, where the provider's first object is another one
 * (Pipedrive's panel opens on Organizations; its contacts are "People").
 */
export async function openSandboxRecord(page: Page, slug: string, provider: string, search: string, title: string | RegExp, object?: string): Promise<void> {
  await page.goto(`/w/${slug}/sandbox`);
  await page.getByTestId(`sandbox-provider-${provider}`).getByRole("link").first().click();
  if (object) {
    await page.getByRole("navigation", { name: "Objects" }).getByRole("link", { name: object, exact: true }).click();
    await expect(page.getByRole("heading", { level: 2, name: new RegExp(`^${object} \\(`) })).toBeVisible();
  }
  await page.getByRole("searchbox", { name: "Search records" }).fill(search);
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("link", { name: title }).click();
  await page.waitForURL(/\/records\/[^/?]+\?object=/);
}

/** Reloads a server-rendered page until the locator passes the check (the UI condition is the wait). */
export async function reloadUntil(page: Page, check: () => Promise<void>, timeout = 120_000): Promise<void> {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout, intervals: [500, 1_000, 2_000] });
}

export function fieldValue(page: Page, key: string): Locator {
  return page.getByTestId(`field-${key}`).locator("dd").first();
}
