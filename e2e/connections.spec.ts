import { expect, test, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";

/** The workspace's sandbox account API key for a provider, read from the workspace's sandbox panel like a user would. */
async function sandboxApiKey(page: Page, slug: string, provider = "hubspot", prefix = "sbx_hubspot_"): Promise<string> {
  await page.goto(`/w/${slug}/sandbox`);
  await page.getByTestId(`sandbox-provider-${provider}`).getByRole("link").first().click();
  const key = (await page.getByTestId("sandbox-api-key").innerText()).trim();
  expect(key.startsWith(prefix)).toBe(true);
  return key;
}

test("catalog -> API-key connect and OAuth connect against the sandboxes; test, disable, delete", async ({ page }) => {
  const slug = await signUp(page, "Connie Nector", uniqueEmail("connie"));
  const apiKey = await sandboxApiKey(page, slug);

  // Catalog: cards from the registry, search and category filter.
  await page.goto(`/w/${slug}`);
  await page.getByRole("link", { name: "Integrations", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Integrations" })).toBeVisible();
  await expect(page.getByTestId("template-hubspot")).toBeVisible();
  await expect(page.getByTestId("template-gohighlevel")).toBeVisible();
  await page.screenshot({ path: "test-results/connections-catalog.png", fullPage: true });
  await page.getByLabel("Search").fill("hubspot");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByTestId("template-hubspot")).toBeVisible();
  await expect(page.getByTestId("template-gohighlevel")).toHaveCount(0);
  await page.getByLabel("Search").fill("");
  await page.getByLabel("Category").selectOption("marketing");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByTestId("template-hubspot")).toHaveCount(0);

  // API key: a wrong key is refused with a precise message and nothing is saved.
  await page.goto(`/w/${slug}/integrations/hubspot`);
  await expect(page.getByRole("heading", { name: "What it syncs" })).toBeVisible();
  const form = page.getByTestId("api-key-form");
  await form.getByLabel("Connection name").fill("HubSpot via key");
  await form.getByLabel(/Private app access token/).fill("pat-na1-not-a-real-token");
  await form.getByRole("button", { name: "Connect with API key" }).click();
  await expect(form.getByTestId("form-error")).toContainText("INVALID_CREDENTIALS");
  // A failed save keeps what was typed (the browser keeps it; the server never sends a secret back).
  await expect(form.getByLabel(/Private app access token/)).toHaveValue("pat-na1-not-a-real-token");

  await form.getByLabel(/Private app access token/).fill(apiKey);
  await form.getByRole("button", { name: "Connect with API key" }).click();
  await page.waitForURL(/\/connections\/[a-z0-9]+\?connected=1$/);
  await expect(page.getByTestId("connection-name")).toHaveText("HubSpot via key");
  await expect(page.getByTestId("connection-status")).toHaveText("Active");
  expect(await page.content()).not.toContain(apiKey);

  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByText(/^Connection works/)).toBeVisible();
  await page.screenshot({ path: "test-results/connections-page.png", fullPage: true });

  await page.getByRole("button", { name: "Disable sync" }).click();
  await expect(page.getByTestId("connection-status")).toHaveText("Disabled");
  await expect(page.getByRole("button", { name: "Enable sync" })).toBeVisible();

  await page.getByRole("button", { name: "Delete connection…" }).click();
  await page.getByLabel("Connection name", { exact: true }).last().fill("HubSpot via key");
  await page.getByRole("button", { name: "Delete for good" }).click();
  await page.waitForURL(/\/connections\?deleted=1$/);
  await expect(page.getByText("No connections yet.")).toBeVisible();

  // OAuth: a denied consent stores nothing and explains itself.
  await page.goto(`/w/${slug}/integrations/hubspot`);
  await page.getByTestId("oauth-form").getByRole("button", { name: "Connect sandbox account" }).click();
  await expect(page.getByRole("heading", { name: "Connect to HubSpot" })).toBeVisible();
  await page.getByRole("button", { name: "Deny" }).click();
  await expect(page.getByTestId("oauth-failed")).toContainText("Access was not granted");

  // OAuth: allow on the sandbox consent screen -> lands on the new active connection.
  await page.goto(`/w/${slug}/integrations/hubspot`);
  await page.getByTestId("oauth-form").getByLabel("Connection name").fill("HubSpot OAuth");
  await page.getByTestId("oauth-form").getByRole("button", { name: "Connect sandbox account" }).click();
  await page.getByRole("button", { name: "Allow" }).click();
  await page.waitForURL(/\/connections\/[a-z0-9]+\?connected=1$/);
  await expect(page.getByTestId("connection-name")).toHaveText("HubSpot OAuth");
  await expect(page.getByTestId("connection-status")).toHaveText("Active");
  await expect(page.getByText("Access token expires")).toBeVisible();
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByText(/^Connection works/)).toBeVisible();
  await page.screenshot({ path: "test-results/connections-oauth-page.png", fullPage: true });

  await page.getByRole("button", { name: "Disable sync" }).click();
  await expect(page.getByTestId("connection-status")).toHaveText("Disabled");
  await page.getByRole("button", { name: "Delete connection…" }).click();
  await page.getByLabel("Connection name", { exact: true }).last().fill("HubSpot OAuth");
  await page.getByRole("button", { name: "Delete for good" }).click();
  await page.waitForURL(/\/connections\?deleted=1$/);

  await page.goto(`/api/oauth/callback?state=forged&code=x`);
  await expect(page.getByTestId("oauth-failed")).toContainText("not started by Switchboard");
});

test("Custom REST builder: the example template is prefilled, validated by path, test-connected and saved", async ({ page }) => {
  const slug = await signUp(page, "Rest Builder", uniqueEmail("rest"));
  const key = await sandboxApiKey(page, slug, "custom-rest", "sbx_customrest_");
  await page.goto(`/w/${slug}/integrations/custom-rest`);
  const form = page.getByTestId("api-key-form");
  // the builder is a form prefilled from the example template; the JSON view shows the same object
  const getPath = form.getByLabel("Get one contact", { exact: true });
  await expect(getPath).toHaveValue("/contacts/{id}");
  await form.getByRole("tab", { name: "JSON (advanced)" }).click();
  expect(JSON.parse(await form.getByLabel("Template JSON").inputValue())).toMatchObject({ endpoints: { get: { path: "/contacts/{id}" } } });
  await form.getByRole("tab", { name: "Form" }).click();

  await getPath.fill("/contacts");
  await form.getByLabel(/API key, token or password/).fill(key);
  await form.getByRole("button", { name: "Connect with API key" }).click();
  await expect(form.getByTestId("form-error")).toContainText("CONFIG_SCHEMA_INVALID");
  await expect(getPath).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByTestId("field-error").first()).toContainText('this endpoint path must contain "{id}"');
  // the failed save kept everything, the secret included
  await expect(form.getByLabel(/API key, token or password/)).toHaveValue(key);

  await getPath.fill("/contacts/{id}");
  await form.getByRole("button", { name: "Connect with API key" }).click();
  await page.waitForURL(/\/connections\/[a-z0-9]+\?connected=1$/);
  await expect(page.getByTestId("connection-status")).toHaveText("Active");
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByText(/^Connection works/)).toBeVisible();
});
