// axe-core in the real browser, in the light and the dark colour scheme: shared by
// accessibility.spec.ts (every page) and the specs of pages only some accounts see (operator.spec.ts).
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

const SCHEMES = ["light", "dark"] as const;

// The same page state, checked in both schemes: switching the media emulation restyles it in
// place, so the dark check costs one more axe run, not another sign-up or navigation.
export async function expectNoSeriousViolations(page: Page, where: string): Promise<void> {
  for (const colorScheme of SCHEMES) {
    await inScheme(page, colorScheme);
    expect(await seriousViolations(page), `${where}, ${colorScheme}`).toEqual([]);
  }
  await inScheme(page, "light");
}

// Buttons fade their colours (transition-colors): axe must read the finished ones.
export async function inScheme(page: Page, colorScheme: (typeof SCHEMES)[number]): Promise<void> {
  await page.emulateMedia({ colorScheme });
  await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished)));
}
