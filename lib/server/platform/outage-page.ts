// What a person sees instead of a page while the database is down (proxy.ts serves it with a
// 503). Self-contained: no scripts and no stylesheet from the build, so it renders even when
// nothing else of the app can. Its words are read straight from the message files (none has a
// placeholder), so the proxy loads no translator.
import { DEFAULT_LOCALE, type Locale } from "../../shared/locale";
import { messagesFor } from "../../shared/messages";

export const OUTAGE_HEADING = messagesFor("en").outage.heading;

/** The outage page in the request's language (the proxy negotiates it like the pages do). */
export function outagePageHtml(locale: Locale = DEFAULT_LOCALE): string {
  const { outage, "errors-api": errors } = messagesFor(locale);
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${outage.title} · Passkey Portal</title>
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
<h1>${outage.heading}</h1>
<p>${errors.databaseUnavailable}</p>
<p>${outage.reload}</p>
</main>
</body>
</html>
`;
}
