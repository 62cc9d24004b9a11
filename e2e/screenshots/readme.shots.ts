// `npm run screenshots`: the README images (docs/screenshot-*.png) and, with SHOTS_DIR set, every UI page
// at 390 and 1280 px in light and dark. Not part of `npm run test:e2e`, so e2e never rewrites tracked files.
import { test } from "@playwright/test";
import { makeUiWorld, uiPages } from "../ui-fixtures";

const all = process.env.SHOTS_DIR;

test("README and page screenshots", async ({ page }) => {
  test.setTimeout(300_000);
  for (const theme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: theme });
    if (all) {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto("/sign-up");
      await page.screenshot({ path: `${all}/sign-up-1280-${theme}.png`, fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: `${all}/sign-up-390-${theme}.png`, fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 900 });
  const world = await makeUiWorld(page);
  const pages = uiPages(world);
  for (const theme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(pages.connections!);
    await page.screenshot({ path: `docs/screenshot-${theme}.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(pages.connection!);
    await page.screenshot({ path: `docs/screenshot-mobile-${theme}.png` });
    if (!all) continue;
    for (const [name, path] of Object.entries(pages)) {
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
        await page.goto(path);
        await page.screenshot({ path: `${all}/${name}-${width}-${theme}.png`, fullPage: true });
      }
    }
  }
});
