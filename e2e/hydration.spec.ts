import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";

// Forms that submit through JavaScript (useActionForm) keep their submit button disabled until the page has
// hydrated: before that, a click would submit the form natively — a GET to the page with every field (an
// API key too) in its URL — and the action would never run.
test("a form that submits through JavaScript stays disabled until the page has hydrated", async ({ page, browser }) => {
  const slug = await signUp(page, "Hana Hydrate", uniqueEmail("hana"));
  // the page as it is before hydration: its HTML and styles (streamed parts included, swapped in by the
  // inline scripts) without React's code, which never loads
  const noJs = await browser.newContext({ storageState: await page.context().storageState() });
  await noJs.route(/\/_next\/static\/chunks\/.*\.js(\?|$)/, (route) => route.abort());
  const raw = await noJs.newPage();
  await raw.goto(`/w/${slug}/integrations/hubspot`);
  await expect(raw.getByTestId("api-key-form").getByRole("button", { name: "Connect with API key" })).toBeDisabled();
  await raw.goto(`/w/${slug}/settings`);
  await expect(raw.getByTestId("rename-workspace-form").getByRole("button", { name: "Save" })).toBeDisabled();

  // the same pages with JavaScript: enabled once hydrated
  await page.goto(`/w/${slug}/integrations/hubspot`);
  await expect(page.getByTestId("api-key-form").getByRole("button", { name: "Connect with API key" })).toBeEnabled();
  await page.goto(`/w/${slug}/settings`);
  await expect(page.getByTestId("rename-workspace-form").getByRole("button", { name: "Save" })).toBeEnabled();
  await noJs.close();
});
