import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ProviderIcon, SyncNote } from "./provider-details";

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
