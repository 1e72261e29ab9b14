/** Only same-origin paths: an open redirect after sign-in is a phishing tool. */
export function safeCallbackPath(value: string | null | undefined): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/account";
  try {
    const base = "http://portal.invalid";
    const url = new URL(value, base);
    if (url.origin !== base) return "/account";
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return "/account";
  }
}
