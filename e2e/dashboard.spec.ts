// Issue 15's proof in a browser: the dashboard shows a health card for a real (sandbox) connection, passes
// axe at 390 px and desktop in light and dark without horizontal overflow, and a sync started elsewhere
// appears on it without a reload.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { horizontalOverflow, makeUiWorld, type UiWorld } from "./ui-fixtures";

// e2e never writes into docs/: the images land in test-results/ unless SHOTS_DIR says where
const SHOTS = process.env.SHOTS_DIR ?? "test-results";

let world: UiWorld;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  world = await makeUiWorld(page);
  await page.context().storageState({ path: "test-results/dashboard-state.json" });
  await page.close();
});

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(" | ")}`);
}

/** The open page at 390 px and desktop, light and dark: nothing overflows sideways; a screenshot of each. */
async function everyView(page: Page, name: string): Promise<void> {
  for (const theme of ["light", "dark"] as const) {
    for (const width of [390, 1280]) {
      await page.emulateMedia({ colorScheme: theme });
      await page.setViewportSize({ width, height: 900 });
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${SHOTS}/${name}-${width}-${theme}.png`, fullPage: true });
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: "light" });
}

test("a sync started on the connection page appears on the open dashboard without a reload", async ({ browser }) => {
  test.setTimeout(240_000);
  const context = await browser.newContext({ storageState: "test-results/dashboard-state.json", viewport: { width: 1280, height: 900 } });
  const dashboard = await context.newPage();
  await dashboard.goto(`/w/${world.slug}`);
  const card = dashboard.locator('[data-testid^="health-card-"]');
  await expect(card).toHaveCount(1);
  await expect(card.getByTestId("health-status")).toBeVisible();
  // The initial backfill of the new connection finishes and shows up on its own.
  const recent = dashboard.getByTestId("recent-runs").locator("li");
  await expect(recent.first()).toBeVisible({ timeout: 60_000 });
  await expect(dashboard.getByTestId("active-runs")).toHaveCount(0, { timeout: 60_000 });
  const before = await recent.count();
  const marker = await dashboard.evaluate(() => {
    (window as unknown as { __noReload: boolean }).__noReload = true;
    return true;
  });
  expect(marker).toBe(true);

  const other = await context.newPage();
  await other.goto(world.connectionPath);
  // a click before hydration is lost: click until the action's toast answers
  await expect(async () => {
    await other.getByRole("button", { name: "Sync now" }).first().click();
    await expect(other.locator("[data-sonner-toast]").first()).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });

  // the executor may still be busy with the backfill's follow-up jobs: allow it time to start the pull
  await expect.poll(() => recent.count(), { timeout: 60_000 }).toBeGreaterThan(Math.min(before, 7));
  await expect(recent.first()).toContainText(/Pull/);
  // Same document: the page was never reloaded.
  expect(await dashboard.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  await expect(dashboard.getByTestId("total-last-sync-value")).not.toHaveText("never");
  await context.close();
});

for (const theme of ["light", "dark"] as const) {
  for (const width of [390, 1280]) {
    test(`dashboard fits ${width}px and passes axe in ${theme}`, async ({ browser }) => {
      const context = await browser.newContext({ storageState: "test-results/dashboard-state.json", viewport: { width, height: 900 }, colorScheme: theme });
      const page = await context.newPage();
      await page.goto(`/w/${world.slug}`);
      await expect(page.getByTestId("live-dashboard")).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(theme === "dark");
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/screenshot-dashboard-${width === 390 ? "mobile-" : ""}${theme}.png`, fullPage: width === 390 ? false : true });
      await context.close();
    });
  }
}

test("the runs list filters by connection and status and opens a run", async ({ browser }) => {
  const context = await browser.newContext({ storageState: "test-results/dashboard-state.json" });
  const page = await context.newPage();
  await page.goto(`/w/${world.slug}/runs`);
  const rows = page.getByTestId("sync-run-row");
  await expect(rows.first()).toBeVisible();
  await page.getByLabel("Status").selectOption("failed");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/status=failed/);
  await expect(page.getByText("No runs match these filters")).toBeVisible();
  await page.getByRole("link", { name: "Clear" }).click();
  await rows.first().getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/w/${world.slug}/runs/[a-z0-9]+$`));
  await expect(page.getByTestId("run-steps")).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await context.close();
});

// The sandbox fails every call with HubSpot's 500 (a real failure, unlike a 429, which the pull sleeps
// out): the pull's retries run out (e2e runs the executor's backoff at 1/100, playwright.config.ts), the run
// fails, and the card, the run page, the alert, the bell and the admin's mailbox all say so.
test("a provider fault shows on the card, leads to the failing HTTP exchange, and raises an alert that resolves when its rule changes", async ({ browser }) => {
  test.setTimeout(420_000);
  const context = await browser.newContext({ storageState: "test-results/dashboard-state.json", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`/w/${world.slug}/sandbox`);
  await page.getByTestId("sandbox-provider-hubspot").getByRole("link").first().click();
  await page.waitForURL(new RegExp(`/w/${world.slug}/sandbox/[^/]+$`));
  const accountUrl = page.url();
  await page.getByLabel("5xx error rate (0–1)").fill("1");
  await page.getByRole("button", { name: "Save faults" }).click();
  await expect(page.locator("[data-sonner-toast]").first()).toBeVisible();

  const dashboard = await context.newPage();
  await dashboard.goto(`/w/${world.slug}`);
  const syncNow = async () => {
    await page.goto(world.connectionPath);
    await expect(async () => {
      await page.getByRole("button", { name: "Sync now" }).first().click();
      await expect(page.locator("[data-sonner-toast]").first()).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
  };
  await syncNow();
  // the connection page (its webhook setup card included) while the run fails
  await everyView(page, "connection-page");

  // The open dashboard turns on its own: the card names the failure and links to the failing runs.
  const card = dashboard.locator('[data-testid^="health-card-"]');
  await expect(card.getByTestId("health-reason")).toContainText(/runs? failed in the last 24 h/, { timeout: 180_000 });
  await card.getByRole("link", { name: /Failing runs/ }).click();
  await expect(dashboard).toHaveURL(/status=failed/);
  await dashboard.getByTestId("sync-run-row").first().getByRole("link").click();
  await expect(dashboard.getByTestId("run-steps")).toContainText("failed, retried");
  await dashboard.getByRole("link", { name: "Only failures" }).click();
  const exchange = dashboard.getByText("HTTP exchange (secrets redacted)").first();
  await exchange.click();
  await expect(dashboard.getByTestId("sync-operations")).toContainText('"status": 500');
  await expect(dashboard.getByTestId("sync-operations")).toContainText("internal error");
  expect(await seriousViolations(dashboard)).toEqual([]);
  await everyView(dashboard, "run-page");

  // The provider answers again and a sync succeeds (no streak, nothing unreachable); the failure rate over
  // the hour stays above 10 %, so that rule fires at the next minute's check: the history and the bell say so.
  await page.goto(accountUrl);
  await page.getByLabel("5xx error rate (0–1)").fill("0");
  await page.getByRole("button", { name: "Save faults" }).click();
  await expect(page.locator("[data-sonner-toast]").first()).toBeVisible();
  await syncNow();
  await dashboard.goto(`/w/${world.slug}/alerts`);
  const history = dashboard.getByTestId("alert-history");
  await expect(async () => {
    await dashboard.reload();
    await expect(history.locator("li").first()).toContainText("firing", { timeout: 2_000 });
  }).toPass({ timeout: 150_000 });
  await expect(history.locator("li")).toHaveCount(1);
  await expect(history).toContainText("Failure rate over 10 % in an hour");
  // the sidebar and the phone header each have a bell; one of them is shown at a time
  const bell = dashboard.getByTestId("alert-bell").filter({ visible: true });
  await expect(bell).toHaveAccessibleName(/Alerts, 1 unread/, { timeout: 20_000 });
  await bell.click();
  await expect(dashboard.getByTestId("alert-list")).toContainText("Failure rate over 10 % in an hour");
  await dashboard.keyboard.press("Escape");
  await expect(bell).toHaveAccessibleName("Alerts");

  // The workspace's owner got it by e-mail, in the local mailbox.
  await page.goto("/mailbox");
  const fired = page.getByTestId("mailbox-message").filter({ hasText: "Alert: Failure rate over 10 % in an hour" });
  await expect(fired).toHaveCount(1);
  await expect(fired).toContainText(/runs failed in the last hour/);

  // An admin raises the threshold above the failure rate: the next check resolves the alert and says why.
  const rule = dashboard.getByTestId("rule-failure_rate");
  await rule.getByLabel(/Threshold/).fill("90");
  await rule.getByRole("button", { name: "Save" }).click();
  await expect(dashboard.locator("[data-sonner-toast]").filter({ hasText: "Failure rate over 90 % in an hour" })).toBeVisible();
  await expect(async () => {
    await dashboard.reload();
    await expect(history.locator("li").first()).toContainText("resolved", { timeout: 2_000 });
  }).toPass({ timeout: 150_000 });
  await expect(history.locator("li").first()).toContainText("The rule changed and its condition no longer holds.");
  await expect(bell).toHaveAccessibleName(/Alerts, 1 unread/, { timeout: 20_000 });
  await page.goto("/mailbox");
  const resolved = page.getByTestId("mailbox-message").filter({ hasText: "Resolved: " });
  await expect(resolved).toHaveCount(1);
  await expect(resolved).toContainText("The rule changed and its condition no longer holds.");
  expect(await seriousViolations(dashboard)).toEqual([]);
  await everyView(dashboard, "alerts-page");
  await context.close();
});
