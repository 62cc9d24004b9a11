/** Cookie naming the workspace a browser used last; `/w` opens it when the person is still a member. */
export const LAST_WORKSPACE_COOKIE = "sb-last-workspace";

export function pickLastWorkspace<T extends { slug: string }>(workspaces: T[], remembered: string | undefined): T | undefined {
  return workspaces.find((w) => w.slug === remembered) ?? workspaces[0];
}
