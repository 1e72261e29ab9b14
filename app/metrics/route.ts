import { withApiSecurityHeaders } from "@/lib/server/http/http";
import { metricsResponse } from "@/lib/server/platform/metrics-endpoint";

// Prometheus scrapes this instance's figures (lib/server/platform/metrics.ts); each instance
// answers for itself.
export async function GET(request: Request): Promise<Response> {
  return withApiSecurityHeaders(await metricsResponse(request), request);
}
