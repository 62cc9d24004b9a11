import { expect, type Page } from "@playwright/test";

let n = 0;
export function uniqueEmail(prefix: string): string {
  n += 1;
  return `${prefix}-${Date.now().toString(36)}-${n}@example.test`;
}

export const PASSWORD = "correct-horse-42";

export async function signUp(page: Page, name: string, email: string, password = PASSWORD, workspaceName?: string): Promise<string> {
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill(name);
  if (workspaceName) await page.getByLabel("Workspace name (optional)").fill(workspaceName);
  await page.getByLabel("Work e-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/w\/[a-z0-9-]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2];
  if (!slug) throw new Error("no workspace slug in " + page.url());
  return slug;
}

export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign up free" })).toBeVisible();
}

/** Verifies the signed-in person's address through the local mailbox, and waits until it is verified. */
export async function verifyEmailThroughMailbox(page: Page, email: string): Promise<void> {
  await page.goto("/mailbox");
  await page.getByTestId("mailbox-message").filter({ hasText: "Verify your e-mail address" }).getByRole("link", { name: /\/verify-email\// }).click();
  // enabled once the page has hydrated (useActionForm): the click waits for that
  await page.getByRole("button", { name: "Verify my e-mail address" }).click();
  await expect(page.getByText(`${email} is verified.`)).toBeVisible();
}
