export function formatTime(iso: string | null, empty = "—"): string {
  if (!iso) return empty;
  return new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";
}
