// Salesforce's Sforce-Limit-Info ("api-usage=10018/100000; api-bursts=1/750", used/max of the rolling
// 24-hour org quota) -> the shared budget. Salesforce sends no Retry-After.
import { budgetFrom, standardWindows, type RateLimitHeaderParser, type RateLimitWindow } from "@/lib/http/rate-limit";

function apiUsage(headers: Headers): RateLimitWindow | null {
  const m = /api-usage=(\d+)\/(\d+)/.exec(headers.get("sforce-limit-info") ?? "");
  if (!m) return null;
  const used = Number(m[1]);
  const max = Number(m[2]);
  return { remaining: Math.max(0, max - used), limit: max, resetAt: null };
}

export const parseSalesforceRateLimit: RateLimitHeaderParser = (headers, now) => budgetFrom([apiUsage(headers), ...standardWindows(headers, now)], headers, now);
