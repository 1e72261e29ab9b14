import { NextIntlClientProvider } from "next-intl";
import { createElement, type ReactElement } from "react";
import { renderToStaticMarkup as renderBare } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { messagesFor } from "@/lib/shared/messages";
import { ProviderIcon, SyncNote } from "./provider-details";

/** Rendered as the English page renders it (with its messages). */
function renderToStaticMarkup(element: ReactElement, locale: "en" | "de" = "en"): string {
  return renderBare(createElement(NextIntlClientProvider, { locale, messages: messagesFor(locale), timeZone: "UTC", children: element }));
}

describe("SyncNote", () => {
  it("links the provider's documentation by whose it is, in a new tab that cannot reach back", () => {
    const html = renderToStaticMarkup(
      createElement(SyncNote, { note: { sentence: "Apple syncs it.", source: { url: "https://support.apple.com/102195", publisher: "Apple" } } }),
    );
    expect(html).toBe(
      'Apple syncs it. <a href="https://support.apple.com/102195" target="_blank" rel="noopener noreferrer" class="font-medium text-brand-700 underline">' +
        'Apple&#x27;s documentation<span class="sr-only"> (opens in a new tab)</span></a>',
    );
  });

  it("names the documentation in the page's language", () => {
    const html = renderToStaticMarkup(
      createElement(SyncNote, { note: { sentence: "Apple synchronisiert ihn.", source: { url: "https://support.apple.com/102195", publisher: "Apple" } } }),
      "de",
    );
    expect(html).toContain(">Dokumentation von Apple<span class=\"sr-only\"> (öffnet in einem neuen Tab)</span></a>");
  });

  it("is the sentence alone when there is nothing to cite", () => {
    expect(renderToStaticMarkup(createElement(SyncNote, { note: { sentence: "It doesn't sync.", source: null } }))).toBe("It doesn&#x27;t sync.");
  });
});

describe("ProviderIcon", () => {
  it("is decorative, sized, and switches to the dark file with the colour scheme", () => {
    const html = renderToStaticMarkup(createElement(ProviderIcon, { icon: { light: "/providers/apple-light.svg", dark: "/providers/apple-dark.svg" } }));
    expect(html).toContain('<source srcSet="/providers/apple-dark.svg" media="(prefers-color-scheme: dark)"/>');
    expect(html).toContain('<img src="/providers/apple-light.svg" alt="" width="24" height="24"');
  });
});
