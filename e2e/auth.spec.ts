import { expect, test } from "@playwright/test";
import { PASSWORD, signIn, signOut, signUp, uniqueEmail } from "./helpers";

test("sign up lands in a new workspace; sign out; wrong password; sign in again", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: /Keep every CRM/ })).toBeVisible();

  const email = uniqueEmail("ada");
  const slug = await signUp(page, "Ada Lovelace", email);
  await expect(page.getByTestId("current-workspace")).toHaveText("Ada's workspace");
  await expect(page.getByRole("heading", { name: "Ada's workspace" })).toBeVisible();
  await expect(page.getByTestId("activity")).toContainText("created the workspace");

  await signOut(page);
  await page.goto(`/w/${slug}`);
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);

  await signIn(page, email, "not-the-password-1");
  await expect(page.getByTestId("form-error")).toHaveText("Wrong e-mail or password.");

  await signIn(page, email, PASSWORD);
  await page.waitForURL(`**/w/${slug}`);
  await expect(page.getByTestId("user-name")).toHaveText("Ada Lovelace");
});

test("sign-up explains a taken e-mail, a weak password and a malformed e-mail", async ({ page, browser }) => {
  const email = uniqueEmail("grace");
  await signUp(page, "Grace Hopper", email);

  const ctx = await browser.newContext();
  const other = await ctx.newPage();
  await other.goto("/sign-up");
  await other.getByLabel("Your name").fill("Someone");
  await other.getByLabel("Work e-mail").fill("not-an-email");
  await other.getByLabel("Password").fill("short");
  await other.getByRole("button", { name: "Create account" }).click();
  await expect(other.getByText("Enter a valid e-mail address, like you@company.com")).toBeVisible();
  await expect(other.getByText("Use at least 10 characters")).toBeVisible();

  await other.getByLabel("Work e-mail").fill(email);
  await other.getByLabel("Password").fill("another-strong-pass-9");
  await other.getByRole("button", { name: "Create account" }).click();
  await expect(other.getByText("An account with this e-mail already exists. Sign in instead.").first()).toBeVisible();
  await ctx.close();
});

test("security headers are set on pages", async ({ request }) => {
  const res = await request.get("/");
  expect(res.status()).toBe(200);
  const h = res.headers();
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(h["content-security-policy"]).toContain("default-src 'self'");
  expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["x-powered-by"]).toBeUndefined();
});
