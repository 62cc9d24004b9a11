/** Only same-site relative paths are followed after sign-in; anything else goes to the default. */
export function safeRedirect(target: string | null | undefined, fallback = "/w"): string {
  if (!target || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) return fallback;
  return target;
}
