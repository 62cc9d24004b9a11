// Where to send a person after sign-in. Only paths on the app's own origin are followed: the target is
// parsed with the URL API against a fixed origin (as a browser would resolve it), control characters and
// backslashes are refused outright (browsers drop tabs and newlines, turning "/\t/evil" into "//evil"),
// and the result must still be a single-slash path.
const BASE = "http://switchboard.invalid";

export function safeRedirect(target: string | null | undefined, fallback = "/w"): string {
  if (!target || target.length > 2000 || !target.startsWith("/")) return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(target)) return fallback;
  let url: URL;
  try {
    url = new URL(target, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (!path.startsWith("/") || path.startsWith("//")) return fallback;
  return path;
}
