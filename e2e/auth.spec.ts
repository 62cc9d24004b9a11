import { expect, test, type Page } from "@playwright/test";
import { PASSWORD, signIn, signOut, signUp, uniqueEmail } from "./helpers";

/** CSP violations and page errors a page reports while the test runs (none is the goal). */
function watchCsp(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy|Refused to (execute|load)/i.test(m.text())) problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(e.message));
  return problems;
}

test("sign up lands in a new workspace; sign out; wrong password; sign in again", async ({ page }) => {
  const csp = watchCsp(page);
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
  // The pages above hydrated and ran under the nonce CSP without a single violation.
  expect(csp).toEqual([]);
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

  await other.getByLabel("Work e-mail").fill(uniqueEmail("someone"));
  await other.getByLabel("Password").fill("Password2024!");
  await other.getByRole("button", { name: "Create account" }).click();
  await expect(other.getByText(/This password is too easy to guess/)).toBeVisible();

  await other.getByLabel("Work e-mail").fill(email);
  await other.getByLabel("Password").fill("another-strong-pass-9");
  await other.getByRole("button", { name: "Create account" }).click();
  await expect(other.getByText("An account with this e-mail already exists. Sign in instead.").first()).toBeVisible();
  await ctx.close();
});

test("signing out ends the session: a copied session cookie no longer works", async ({ page, browser }) => {
  const slug = await signUp(page, "Cora Copy", uniqueEmail("cora"));
  const stolen = await page.context().cookies();
  expect(stolen.some((c) => c.name.includes("authjs.session-token"))).toBe(true);

  const thief = await browser.newContext();
  await thief.addCookies(stolen);
  const t = await thief.newPage();
  await t.goto(`/w/${slug}`);
  await expect(t.getByTestId("user-name")).toHaveText("Cora Copy");

  await signOut(page);
  await t.goto(`/w/${slug}`);
  await expect(t).toHaveURL(/\/sign-in\?callbackUrl=/);
  await thief.close();
});

test("sign out everywhere and a password change end the other sessions", async ({ page, browser }) => {
  const email = uniqueEmail("sam");
  const slug = await signUp(page, "Sam Sessions", email);
  const second = await browser.newContext();
  const other = await second.newPage();
  await signIn(other, email);
  await other.waitForURL(`**/w/${slug}`);

  await page.goto("/account");
  await expect(page.getByTestId("session-row")).toHaveCount(2);
  const form = page.getByTestId("change-password-form");
  await form.getByLabel("Current password").fill(PASSWORD);
  await form.getByLabel("New password").fill("lantern-orchard-velvet-58");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Password changed. 1 other session was signed out.")).toBeVisible();
  await other.goto(`/w/${slug}`);
  await expect(other).toHaveURL(/\/sign-in\?callbackUrl=/);

  await signIn(other, email, "lantern-orchard-velvet-58");
  await other.waitForURL(`**/w/${slug}`);
  await page.goto("/account");
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await page.waitForURL("**/sign-in?signedOut=all");
  await other.goto(`/w/${slug}`);
  await expect(other).toHaveURL(/\/sign-in\?callbackUrl=/);
  await second.close();
});

test("a callbackUrl that a browser would resolve to another site is not followed", async ({ page }) => {
  const email = uniqueEmail("rita");
  await signUp(page, "Rita Redirect", email);
  for (const target of ["%2F%09%2Fevil.example", "%2F%5Cevil.example", "%2F%2Fevil.example", "https%3A%2F%2Fevil.example%2F"]) {
    await page.goto(`/sign-in?callbackUrl=${target}`);
    expect(new URL(page.url()).hostname).toBe("localhost");
    expect(page.url()).not.toContain("evil.example");
    await expect(page).toHaveURL(/\/w(\/|$)/);
  }
});

test("security headers: a nonce CSP without 'unsafe-inline' on pages, nothing-allowed on the API; bodies are bounded", async ({ request, page }) => {
  const res = await request.get("/sign-in");
  expect(res.status()).toBe(200);
  const h = res.headers();
  const csp = h["content-security-policy"] ?? "";
  const scriptSrc = csp.split("; ").find((d) => d.startsWith("script-src")) ?? "";
  expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'/);
  expect(scriptSrc).not.toContain("unsafe-inline");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["x-powered-by"]).toBeUndefined();
  // every script Next.js rendered carries this response's nonce
  const nonce = /'nonce-([^']+)'/.exec(scriptSrc)![1]!;
  const html = await res.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const s of scripts) expect(s).toContain(`nonce="${nonce}"`);
  // a second request gets another nonce
  const again = (await request.get("/sign-in")).headers()["content-security-policy"] ?? "";
  expect(again).not.toContain(nonce);

  expect((await request.get("/api/health")).headers()["content-security-policy"]).toContain("default-src 'none'");

  const big = await request.post("/api/auth/callback/credentials", {
    headers: { "content-type": "application/x-www-form-urlencoded" },
    data: "email=a%40b.test&password=" + "x".repeat(2 * 1024 * 1024),
  });
  expect(big.status()).toBe(413);
  expect(await big.json()).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE" } });

  // the sign-in page hydrates under this policy: the form submits through JavaScript and shows the error inline
  const problems = watchCsp(page);
  await signIn(page, uniqueEmail("nobody"), "wrong-password-123");
  await expect(page.getByTestId("form-error")).toHaveText("Wrong e-mail or password.");
  expect(problems).toEqual([]);
});
