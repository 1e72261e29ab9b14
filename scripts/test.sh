#!/usr/bin/env bash
# `npm test`: the whole suite. Type check, unit/API tests on PGlite, the same tests on
# PostgreSQL when TEST_POSTGRES_URL names a server, then end-to-end tests in Chromium against
# a production build.
set -euo pipefail
cd "$(dirname "$0")/.."

chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium_path" ]; then
  echo "End-to-end tests need Chromium at $chromium_path: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH." >&2
  exit 1
fi

echo "== Type check"
npx tsc --noEmit

echo "== Unit and API tests on PGlite"
env -u TEST_POSTGRES_URL npx vitest run

if [ -n "${TEST_POSTGRES_URL:-}" ]; then
  echo "== Unit and API tests on PostgreSQL"
  npx vitest run
else
  echo "== Skipping the PostgreSQL run: set TEST_POSTGRES_URL=postgres://user:pass@host:port/db (a server where the user may create databases) to include it"
fi

echo "== End-to-end tests (production build, Chromium virtual authenticators)"
npx playwright test

echo "== System tests (production servers over HTTP: several instances, faults, benchmark smoke)"
npx vitest run --config vitest.system.config.ts
