const FALLBACK = "/account";
// "//host" and "/\host" are protocol-relative: browsers treat them as another site.
const OFF_SITE = /^\/[/\\]/;

/** Only same-origin paths: an open redirect after sign-in is a phishing tool. */
export function safeCallbackPath(value: string | null | undefined): string {
  if (!value || !value.startsWith("/") || OFF_SITE.test(value)) return FALLBACK;
  try {
    const base = "http://portal.invalid";
    const url = new URL(value, base);
    if (url.origin !== base) return FALLBACK;
    // Resolution can turn "/.//evil.example" into "//evil.example": check the result too.
    const path = `${url.pathname}${url.search}${url.hash}`;
    return OFF_SITE.test(path) ? FALLBACK : path;
  } catch {
    return FALLBACK;
  }
}
