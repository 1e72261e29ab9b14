import { DATABASE_RETRY_AFTER_SECONDS } from "@/lib/server/platform/database-availability";
import { withApiSecurityHeaders } from "@/lib/server/http/http";
import { checkReadiness } from "@/lib/server/platform/readiness";

// Readiness for load balancers: 200 only when this instance can serve (see lib/server/platform/readiness.ts);
// otherwise 503 with what is wrong, so whoever looks at the balancer's log knows what to fix.
export async function GET(request: Request): Promise<Response> {
  const readiness = await checkReadiness();
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (readiness.ready) return withApiSecurityHeaders(Response.json({ status: "ready" }, { headers }), request);
  headers["Retry-After"] = String(DATABASE_RETRY_AFTER_SECONDS);
  const { reason, message, pendingMigrations } = readiness;
  return withApiSecurityHeaders(Response.json({ status: "unavailable", reason, message, pendingMigrations }, { status: 503, headers }), request);
}
