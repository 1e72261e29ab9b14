import "server-only";
import { env } from "../platform/env";
import { translatorFor } from "../platform/i18n";
import type { Locale } from "../../shared/locale";

// Text people or the request supplied (names, addresses) appears in email bodies only as quoted
// data, never in subjects, and cannot close its quotes, start a new line or flip its direction,
// so it cannot pass for the portal's own words.
const LINE_BREAKS_AND_BIDI = /[\r\n\u0085\u2028\u2029\u202A-\u202E\u2066-\u2069]+/g;
const QUOTE_MARKS = /["“”„‟«»]/g;

export function quote(text: string): string {
  return `“${text.replace(LINE_BREAKS_AND_BIDI, " ").replace(QUOTE_MARKS, "'").trim()}”`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface EmailLink {
  label: string;
  url: string;
}

/** A paragraph, a list of facts (`When: …`), or a link (the text version writes `label: url`). */
export type EmailBlock = string | { facts: [string, string][] } | { link: EmailLink };

function blockText(block: EmailBlock): string {
  if (typeof block === "string") return block;
  if ("facts" in block) return block.facts.map(([name, value]) => `${name}: ${value}`).join("\n");
  return `${block.link.label}: ${block.link.url}`;
}

function blockHtml(block: EmailBlock): string {
  if (typeof block === "string") return `<p>${escapeHtml(block)}</p>`;
  if ("facts" in block) {
    return `<ul>${block.facts.map(([name, value]) => `<li><strong>${escapeHtml(name)}:</strong> ${escapeHtml(value)}</li>`).join("")}</ul>`;
  }
  return `<p><a href="${escapeHtml(block.link.url)}">${escapeHtml(block.link.label)}</a></p>`;
}

/** Plain text and HTML versions of one message, with a greeting that names nobody and every HTML value escaped. */
export function renderEmail(blocks: EmailBlock[], locale: Locale): { text: string; html: string } {
  const t = translatorFor(locale, "emails");
  const all: EmailBlock[] = [t("greeting"), ...blocks, t("signature", { rpName: env().rpName })];
  return { text: all.map(blockText).join("\n\n"), html: all.map(blockHtml).join("\n") };
}
