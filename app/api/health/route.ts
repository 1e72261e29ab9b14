import { withApiSecurityHeaders } from "@/lib/server/http/http";

// Liveness for load balancers: the process serves requests. It touches nothing else (no
// database, no session), so it is also the floor every other route's cost is measured against.
export function GET(request: Request): Response {
  return withApiSecurityHeaders(Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } }), request);
}
