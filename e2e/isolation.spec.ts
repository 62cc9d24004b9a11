import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";

test("a second user cannot see the first user's workspace through pages or API routes", async ({ browser }) => {
  const a = await browser.newContext();
  const pageA = await a.newPage();
  const slugA = await signUp(pageA, "Alice Owner", uniqueEmail("alice"), undefined, "Alice Corp Private");
  expect(slugA).toMatch(/^alice-corp-private/);
  await expect(pageA.getByTestId("current-workspace")).toHaveText("Alice Corp Private");
  const ownApi = await pageA.request.get(`/api/w/${slugA}/members`);
  expect(ownApi.status()).toBe(200);
  expect((await ownApi.json()).members).toHaveLength(1);

  const b = await browser.newContext();
  const pageB = await b.newPage();
  const slugB = await signUp(pageB, "Bob Outsider", uniqueEmail("bob"));
  expect(slugB).not.toBe(slugA);

  for (const path of [`/w/${slugA}`, `/w/${slugA}/settings`]) {
    const res = await pageB.goto(path);
    expect(res?.status(), path).toBe(404);
    await expect(pageB.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }
  // A workspace that does not exist looks exactly the same.
  expect((await pageB.goto("/w/no-such-workspace-xyz"))?.status()).toBe(404);

  for (const path of [`/api/w/${slugA}`, `/api/w/${slugA}/members`, "/api/w/no-such-workspace-xyz/members"]) {
    const res = await pageB.request.get(path);
    expect(res.status(), path).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "NOT_FOUND", message: "Not found" } });
  }
  const anon = await browser.newContext();
  const res = await anon.request.get(`/api/w/${slugA}/members`);
  expect(res.status()).toBe(401);
  await Promise.all([a.close(), b.close(), anon.close()]);
});
