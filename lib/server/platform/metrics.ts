import "server-only";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

// Prometheus metrics of this instance. The portal runs as several stateless instances: each
// counts what it served, Prometheus scrapes every one and sums across them (the usual model).
// The registries live on globalThis: Next gives each route bundle (and a hot reload) its own
// copy of this module, and a metric registered twice would throw or count in two places.

interface PortalMetrics {
  registry: Registry;
  /** Filled at scrape time, and only shown when the database answered (see app/metrics). */
  outboxRegistry: Registry;
  httpRequests: Counter<"route" | "method" | "status">;
  httpDuration: Histogram<"route" | "method">;
  ceremonies: Counter<"ceremony" | "step" | "outcome">;
  ceremonyDuration: Histogram<"ceremony" | "step">;
  rateLimitRefusals: Counter<"limit">;
  outboxMessages: Gauge<"state">;
  outboxOldestAge: Gauge;
}

// From a few milliseconds (options) to the seconds a slow database makes of a verify.
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function createMetrics(): PortalMetrics {
  const registry = new Registry();
  const outboxRegistry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    outboxRegistry,
    httpRequests: new Counter({
      name: "portal_http_requests_total",
      help: "API requests answered, by route pattern, method and status code.",
      labelNames: ["route", "method", "status"],
      registers,
    }),
    httpDuration: new Histogram({
      name: "portal_http_request_duration_seconds",
      help: "Time to answer an API request, by route pattern and method.",
      labelNames: ["route", "method"],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    ceremonies: new Counter({
      name: "portal_ceremony_requests_total",
      help: 'Passkey ceremony steps answered, by ceremony, step and outcome ("success" or the refusal\'s code).',
      labelNames: ["ceremony", "step", "outcome"],
      registers,
    }),
    ceremonyDuration: new Histogram({
      name: "portal_ceremony_duration_seconds",
      help: "Time to answer a passkey ceremony step, by ceremony and step.",
      labelNames: ["ceremony", "step"],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    rateLimitRefusals: new Counter({
      name: "portal_rate_limit_refusals_total",
      help: "Requests refused (or requested mail not sent) because a rate limit was exhausted, by limit.",
      labelNames: ["limit"],
      registers,
    }),
    outboxMessages: new Gauge({
      name: "portal_outbox_messages",
      help: 'Security emails not sent: "queued" (waiting or being retried) and "failed" (given up).',
      labelNames: ["state"],
      registers: [outboxRegistry],
    }),
    outboxOldestAge: new Gauge({
      name: "portal_outbox_oldest_queued_age_seconds",
      help: "Age of the oldest queued security email (0 when none is queued).",
      registers: [outboxRegistry],
    }),
  };
}

const holder = globalThis as unknown as { portalMetrics?: PortalMetrics };

export function metrics(): PortalMetrics {
  holder.portalMetrics ??= createMetrics();
  return holder.portalMetrics;
}

/** One request a route answered: its pattern (never a raw path), and its ceremony step if any. */
export interface AnsweredRequest {
  route: string;
  method: string;
  status: number;
  /** "success", or the refusal's code (a fixed word from the code, never input). */
  outcome: string;
  seconds: number;
  ceremony?: { ceremony: string; step: string };
}

export function recordRequest(request: AnsweredRequest): void {
  const { httpRequests, httpDuration, ceremonies, ceremonyDuration } = metrics();
  httpRequests.inc({ route: request.route, method: request.method, status: request.status });
  httpDuration.observe({ route: request.route, method: request.method }, request.seconds);
  if (!request.ceremony) return;
  ceremonies.inc({ ...request.ceremony, outcome: request.outcome });
  ceremonyDuration.observe(request.ceremony, request.seconds);
}

/** A request refused (or mail held back) by the rate limit named `limit` (one of LIMITS' names). */
export function countRateLimitRefusal(limit: string): void {
  metrics().rateLimitRefusals.inc({ limit });
}
