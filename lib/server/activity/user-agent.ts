import Bowser from "bowser";
import { DEFAULT_LOCALE, type Locale } from "../../shared/locale";

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

const ON: Record<Locale, (browser: string, system: string) => string> = {
  en: (browser, system) => `${browser} on ${system}`,
  de: (browser, system) => `${browser} unter ${system}`,
};
const UNKNOWN_BROWSER: Record<Locale, string> = { en: "Unknown browser", de: "Unbekannter Browser" };

/** "Chrome on Windows" ("Chrome unter Windows"): which browser and OS a passkey or session was last used from. */
export function describeUserAgent(userAgent: string | null | undefined, locale: Locale = DEFAULT_LOCALE): string | null {
  if (!userAgent) return null;
  const { browser, os } = Bowser.parse(userAgent);
  const browserName = label(browser.name);
  const system = label(os.name);
  if (browserName && system) return ON[locale](browserName, system);
  return browserName ?? system ?? UNKNOWN_BROWSER[locale];
}
