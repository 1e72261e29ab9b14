// What a person sees instead of a page while the database is down (proxy.ts serves it with a
// 503). Self-contained: no scripts and no stylesheet from the build, so it renders even when
// nothing else of the app can.
import { DATABASE_UNAVAILABLE_MESSAGE } from "./database-availability";

export const OUTAGE_HEADING = "We'll be right back";

export function outagePageHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Temporarily unavailable · Passkey Portal</title>
<meta name="color-scheme" content="light dark">
<style>
body { margin: 0; font-family: system-ui, sans-serif; color: #0f172a; background: #f8fafc; }
main { max-width: 32rem; margin: 15vh auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; }
p { line-height: 1.5; color: #334155; }
@media (prefers-color-scheme: dark) {
  body { color: #f1f5f9; background: #020617; }
  p { color: #cbd5e1; }
}
</style>
</head>
<body>
<main>
<h1>${OUTAGE_HEADING}</h1>
<p>${DATABASE_UNAVAILABLE_MESSAGE}</p>
<p>This page will work again as soon as we're back: reload it in a minute.</p>
</main>
</body>
</html>
`;
}
