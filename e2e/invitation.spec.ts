import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail, verifyEmailThroughMailbox } from "./helpers";

test("an invited person signs up through the link and sees the workspace", async ({ browser }) => {
  const owner = await browser.newContext();
  const pageA = await owner.newPage();
  const slug = await signUp(pageA, "Olivia Owner", uniqueEmail("olivia"));
  await pageA.goto(`/w/${slug}/settings`);
  const inviteeEmail = uniqueEmail("ivan");
  await pageA.getByLabel("E-mail").fill(inviteeEmail);
  await pageA.getByLabel("Role").selectOption("admin");
  await pageA.getByRole("button", { name: "Invite" }).click();
  const link = (await pageA.getByTestId("invite-url").textContent())?.trim();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{40,}$/);
  await expect(pageA.getByTestId("invitations")).toContainText(inviteeEmail);

  const invitee = await browser.newContext();
  const pageB = await invitee.newPage();
  await pageB.goto(new URL(link!).pathname);
  await expect(pageB.getByRole("heading", { name: /Join Olivia's workspace/ })).toBeVisible();
  await pageB.getByRole("link", { name: "Create an account to join" }).click();
  await pageB.getByLabel("Your name").fill("Ivan Invitee");
  await pageB.getByLabel("Work e-mail").fill(inviteeEmail);
  await pageB.getByLabel("Password").fill("invitee-pass-123");
  await pageB.getByRole("button", { name: "Create account" }).click();
  await pageB.waitForURL(/\/invite\//);
  // The link alone is not enough: the address must be verified first.
  await expect(pageB.getByTestId("verify-first")).toBeVisible();
  await pageB.getByRole("button", { name: /Join Olivia's workspace/ }).click();
  await expect(pageB.getByText(/Verify your address .* first/)).toBeVisible();

  // The invitation and the verification link both reached the invitee's (local) mailbox.
  await pageB.goto("/mailbox");
  await expect(pageB.getByTestId("mailbox-message").filter({ hasText: "Olivia Owner invited you to Olivia's workspace" })).toHaveCount(1);
  await verifyEmailThroughMailbox(pageB, inviteeEmail);

  await pageB.goto(new URL(link!).pathname);
  await pageB.getByRole("button", { name: /Join Olivia's workspace/ }).click();
  await pageB.waitForURL(`**/w/${slug}`);
  await expect(pageB.getByTestId("current-workspace")).toHaveText("Olivia's workspace");

  // The link is single-use.
  await pageB.goto(new URL(link!).pathname);
  await expect(pageB.getByRole("heading", { name: "This invitation is not valid" })).toBeVisible();

  await pageA.goto(`/w/${slug}/settings`);
  await expect(pageA.getByTestId("members")).toContainText(inviteeEmail);
  await expect(pageA.getByTestId("members")).toContainText("Ivan Invitee");

  // Ivan (admin) opens a connect form; Olivia makes him a member meanwhile; his submit gets a 403 page, not a 500.
  await pageB.goto(`/w/${slug}/integrations/hubspot`);
  const form = pageB.getByTestId("api-key-form");
  await expect(form.getByRole("button", { name: "Connect with API key" })).toBeVisible();
  await pageA.getByLabel(`Role of ${inviteeEmail}`).selectOption("member");
  await expect(pageA.getByText("Ivan Invitee is now member.")).toBeVisible();
  for (const input of await form.locator("input[required]").all()) if (!(await input.inputValue())) await input.fill("pat-na1-00000000-not-checked");
  await form.getByRole("button", { name: "Connect with API key" }).click();
  await expect(pageB.getByTestId("forbidden")).toContainText("Your role does not allow this");
  await expect(pageB.getByTestId("forbidden")).toContainText("Only a workspace admin or owner can do this");

  // The owner deletes the workspace: a wrong confirmation is refused, then it is gone for everyone.
  await pageA.getByLabel(`Type ${slug} to confirm`).fill("wrong");
  await pageA.getByRole("button", { name: "Delete workspace" }).click();
  await expect(pageA.getByText("Type the workspace URL to confirm.")).toBeVisible();
  await pageA.getByLabel(`Type ${slug} to confirm`).fill(slug);
  await pageA.getByRole("button", { name: "Delete workspace" }).click();
  await pageA.waitForURL("**/w/new");
  expect((await pageB.goto(`/w/${slug}`))?.status()).toBe(404);
  await Promise.all([owner.close(), invitee.close()]);
});
