// Shared set-up for the UI checks and the screenshot script: a workspace with one HubSpot sandbox
// connection whose name is long on purpose (it must truncate, not widen the page).
import { expect, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";

export const LONG_CONNECTION_NAME = "HubSpot production portal for the north-east regional field sales team";

export type UiWorld = { slug: string; connectionPath: string };

export async function sandboxApiKey(page: Page, slug: string, provider = "hubspot"): Promise<string> {
  await page.goto(`/w/${slug}/sandbox`);
  await page.getByTestId(`sandbox-provider-${provider}`).getByRole("link").first().click();
  const key = (await page.getByTestId("sandbox-api-key").innerText()).trim();
  expect(key.length).toBeGreaterThan(8);
  return key;
}

export async function makeUiWorld(page: Page): Promise<UiWorld> {
  const slug = await signUp(page, "Ada Lovelace-Byron", uniqueEmail("ui"), undefined, "Acme Field Sales");
  const key = await sandboxApiKey(page, slug);
  await page.goto(`/w/${slug}/integrations/hubspot`);
  const form = page.getByTestId("api-key-form");
  await form.getByLabel("Connection name").fill(LONG_CONNECTION_NAME);
  await form.getByLabel(/Private app access token/).fill(key);
  await form.getByRole("button", { name: "Connect with API key" }).click();
  await page.waitForURL(/\/connections\/[a-z0-9]+\?connected=1$/);
  return { slug, connectionPath: new URL(page.url()).pathname };
}

export function uiPages(w: UiWorld): Record<string, string> {
  return {
    overview: `/w/${w.slug}`,
    catalog: `/w/${w.slug}/integrations`,
    template: `/w/${w.slug}/integrations/hubspot`,
    "template-custom-rest": `/w/${w.slug}/integrations/custom-rest`,
    connections: `/w/${w.slug}/connections`,
    connection: w.connectionPath,
    settings: `/w/${w.slug}/settings`,
  };
}

/** Pixels the page is wider than the viewport (0 = no horizontal scrolling). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
