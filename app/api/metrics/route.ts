// Prometheus scrape endpoint: 404 unless METRICS_TOKEN is set, 401 without the right bearer token.
import { env } from "@/lib/env";
import { AppError, toErrorResponse } from "@/lib/errors/app-error";
import { BODY_LIMITS, withBodyLimit } from "@/lib/http/read-body";
import { metricsTokenMatches, renderMetrics } from "@/lib/dashboard/prometheus-metrics";

export const dynamic = "force-dynamic";

export const GET = withBodyLimit(BODY_LIMITS.form, async (req) => {
  try {
    const token = env().METRICS_TOKEN;
    if (!token) throw new AppError("NOT_FOUND", "Not found");
    if (!metricsTokenMatches(req.headers.get("authorization"), token)) {
      return new Response(JSON.stringify(new AppError("UNAUTHENTICATED", "A valid metrics token is required").toJSON()), {
        status: 401,
        headers: { "content-type": "application/json", "www-authenticate": 'Bearer realm="metrics"' },
      });
    }
    const { body, contentType } = await renderMetrics();
    return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
  } catch (err) {
    return toErrorResponse(err);
  }
});
