// Whether proxy.ts's matcher sends requests through the proxy, decided by Next's own matcher code
// (what unstable_doesMiddlewareMatch in next/experimental/testing/server does). It runs in a child
// process: loading Next's build-time matcher code patches console.error so that it throws outside
// Next's runtime, which would break every later test file sharing this process (vitest.config.ts:
// isolate false).
import { execFileSync } from "node:child_process";
import type { IncomingHttpHeaders } from "node:http";

export interface MatcherCase {
  path: string;
  headers?: IncomingHttpHeaders;
}

const CHILD = `
const { getMiddlewareMatchers } = require("next/dist/build/analysis/get-page-static-info");
const { getMiddlewareRouteMatcher } = require("next/dist/shared/lib/router/utils/middleware-route-matcher");
const { constructRequest } = require("next/dist/experimental/testing/server/utils");
const { matcher, cases } = JSON.parse(process.argv[1]);
const matches = getMiddlewareRouteMatcher(getMiddlewareMatchers(matcher, {}));
const answers = cases.map(({ path, headers }) => {
  const url = new URL(path, "http://localhost");
  return matches(url.pathname, constructRequest({ url: url.toString(), headers }), Object.fromEntries(url.searchParams));
});
process.stdout.write(JSON.stringify(answers));
`;

/** For each case, whether a request to that path with those headers goes through the proxy. */
export function proxyMatches(matcher: unknown, cases: MatcherCase[]): boolean[] {
  const output = execFileSync(process.execPath, ["-e", CHILD, JSON.stringify({ matcher, cases })], { encoding: "utf8" });
  return JSON.parse(output) as boolean[];
}
