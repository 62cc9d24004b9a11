import { expect, test } from "@playwright/test";
import { PASSWORD, signIn, signUp, uniqueEmail } from "./helpers";

// Without SMTP_URL (the embedded default) mail lands in the instance's local mailbox, where each
// signed-in person sees only the mail addressed to them.

test("verify the e-mail address from the local mailbox", async ({ page, browser }) => {
  const email = uniqueEmail("vera");
  await signUp(page, "Vera Verify", email);
  await page.getByRole("link", { name: "Account", exact: true }).click();
  await expect(page.getByText("Not verified")).toBeVisible();

  await page.getByRole("link", { name: "Mailbox", exact: true }).click();
  const mail = page.getByTestId("mailbox-message").filter({ hasText: "Verify your e-mail address for Switchboard" });
  await expect(mail).toHaveCount(1);
  await mail.getByRole("link", { name: /\/verify-email\// }).click();
  await page.getByRole("button", { name: "Verify my e-mail address" }).click();
  await expect(page.getByText(`${email} is verified.`)).toBeVisible();
  await page.goto("/account");
  await expect(page.getByText("Verified", { exact: true })).toBeVisible();

  // Another person's mailbox does not show Vera's mail.
  const other = await browser.newContext();
  const p2 = await other.newPage();
  const otherEmail = uniqueEmail("otto");
  await signUp(p2, "Otto Other", otherEmail);
  await p2.goto("/mailbox");
  await expect(p2.getByTestId("mailbox-message")).toHaveCount(1);
  await expect(p2.getByTestId("mailbox-message")).toContainText(otherEmail);
  await expect(p2.locator("main")).not.toContainText(email);
  await other.close();
});

test("reset a forgotten password through the mailbox; the old password and every session stop working", async ({ page, browser }) => {
  const email = uniqueEmail("rosa");
  const slug = await signUp(page, "Rosa Reset", email); // the "laptop": still signed in

  const phone = await browser.newContext();
  const p2 = await phone.newPage();
  await p2.goto("/sign-in");
  await p2.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(p2.getByTestId("local-mailbox-note")).toBeVisible();
  await p2.getByLabel("E-mail").fill(email);
  await p2.getByRole("button", { name: "Send me a reset link" }).click();
  await expect(p2.getByText(`If an account exists for ${email}, a link to reset its password is on its way.`)).toBeVisible();

  await page.goto("/mailbox");
  const mail = page.getByTestId("mailbox-message").filter({ hasText: "Reset your Switchboard password" });
  await expect(mail).toHaveCount(1);
  const link = await mail.getByRole("link", { name: /\/reset-password\// }).getAttribute("href");
  expect(link).toMatch(/\/reset-password\/[A-Za-z0-9_-]{40,}$/);

  await p2.goto(new URL(link!).pathname);
  await p2.getByLabel("New password", { exact: true }).fill("qwerty123456");
  await p2.getByLabel("New password again").fill("qwerty123456");
  await p2.getByRole("button", { name: "Set the new password" }).click();
  await expect(p2.getByText(/too easy to guess/).first()).toBeVisible();
  await p2.getByLabel("New password", { exact: true }).fill("marble-canyon-whistle-71");
  await p2.getByLabel("New password again").fill("marble-canyon-whistle-71");
  await p2.getByRole("button", { name: "Set the new password" }).click();
  await p2.waitForURL("**/sign-in?reset=1");

  // The laptop's session ended with the reset.
  await page.goto(`/w/${slug}`);
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);

  await signIn(p2, email, PASSWORD);
  await expect(p2.getByTestId("form-error")).toHaveText("Wrong e-mail or password.");
  await signIn(p2, email, "marble-canyon-whistle-71");
  await p2.waitForURL(`**/w/${slug}`);

  // The link worked once.
  await p2.goto(new URL(link!).pathname);
  await expect(p2.getByRole("heading", { name: "This reset link is not valid" })).toBeVisible();
  await phone.close();
});
