import Bowser from "bowser";

// Browser and OS detection is left to bowser (MIT), whose maintainers keep up with new browsers
// and the tokens they borrow from each other (Edge and Opera also claim to be Chrome and Safari).
// Only the labels are ours: the short names people already see in emails and on the account pages.
const SHORT_NAMES: Record<string, string> = {
  "Microsoft Edge": "Edge",
  "Samsung Internet for Android": "Samsung Internet",
  "Chrome OS": "ChromeOS",
};

function label(name: string | undefined): string | null {
  if (!name) return null;
  return SHORT_NAMES[name] ?? name;
}

/** "Chrome on Windows": which browser and OS a passkey or session was last used from. */
export function describeUserAgent(userAgent: string | null | undefined): string | null {
  if (!userAgent) return null;
  const { browser, os } = Bowser.parse(userAgent);
  const browserName = label(browser.name);
  const system = label(os.name);
  if (browserName && system) return `${browserName} on ${system}`;
  return browserName ?? system ?? "Unknown browser";
}
