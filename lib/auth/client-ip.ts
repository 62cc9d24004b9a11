/** The client's address as the nearest proxy reports it (first x-forwarded-for hop), for rate limits only. */
export function clientIp(headers: Headers): string | null {
  const fwd = headers.get("x-forwarded-for");
  const first = fwd?.split(",")[0]?.trim();
  return first || headers.get("x-real-ip") || null;
}
