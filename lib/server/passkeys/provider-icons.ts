import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { BRANDS } from "./provider-brands";

// Builds the brand icons of public/providers/ from the npm package `simple-icons` (CC0-1.0; its
// DISCLAIMER.md: the icons are brands' trademarks, CC0 covers the drawings, not the right to the
// marks, and an icon may carry its own licence in data/simple-icons.json). Each icon becomes two
// files, one for a light and one for a dark backdrop, coloured so that it reaches 3:1 against the
// backdrop (WCAG 2.2 SC 1.4.11, non-text contrast): the brand colour where it already does, else the
// brand colour mixed toward black (light) or white (dark) just far enough. No `server-only`
// import: scripts/update-provider-icons.ts runs it.

/** The backdrops the icons sit on in the passkey list: white, and Tailwind's slate-900. */
export const BACKDROPS = { light: "#ffffff", dark: "#0f172a" } as const;
export type Scheme = keyof typeof BACKDROPS;
export const MIN_CONTRAST = 3;

function channels(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.replace(/^#/, ""), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}

function toHex(rgb: number[]): string {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, "0")).join("")}`;
}

// WCAG 2.x relative luminance and contrast ratio.
function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (high + 0.05) / (low + 0.05);
}

function mix(hex: string, toward: string, amount: number): string {
  const from = channels(hex);
  const to = channels(toward);
  return toHex(from.map((c, i) => c + (to[i] - c) * amount));
}

/** The brand colour, or the least-changed tint of it that stands out at 3:1 on the scheme's backdrop. */
export function iconColour(brandHex: string, scheme: Scheme): string {
  const backdrop = BACKDROPS[scheme];
  const toward = scheme === "light" ? "#000000" : "#ffffff";
  for (let step = 0; step <= 20; step += 1) {
    const colour = mix(`#${brandHex.replace(/^#/, "")}`, toward, step / 20);
    if (contrastRatio(colour, backdrop) >= MIN_CONTRAST) return colour;
  }
  return toward;
}

interface SimpleIconData {
  title: string;
  slug: string;
  hex: string;
  license?: { type: string };
}

export interface SimpleIcons {
  version: string;
  license: string;
  icons: Map<string, SimpleIconData>;
  /** The icon's SVG file as published (icons/<slug>.svg). */
  svg: (slug: string) => Promise<string>;
}

/** The installed `simple-icons` package, or the unpacked one at `directory` (e.g. from `npm pack`). */
export async function readSimpleIcons(directory?: string): Promise<SimpleIcons> {
  const root = directory ?? path.dirname(createRequire(import.meta.url).resolve("simple-icons/package.json"));
  const pkg = JSON.parse(await readFile(path.join(root, "package.json"), "utf8")) as { version: string; license: string };
  const data = JSON.parse(await readFile(path.join(root, "data/simple-icons.json"), "utf8")) as SimpleIconData[];
  return {
    version: pkg.version,
    license: pkg.license,
    icons: new Map(data.map((icon) => [icon.slug, icon])),
    svg: (slug) => readFile(path.join(root, "icons", `${slug}.svg`), "utf8"),
  };
}

function iconFile(icon: SimpleIconData, pathData: string, source: string, scheme: Scheme): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="${iconColour(icon.hex, scheme)}">` +
    `<!-- ${icon.title} icon from ${source}; a trademark of its owner, shown only to name the passkey's provider. -->` +
    `<path d="${pathData}"/></svg>\n`
  );
}

/**
 * Every brand icon of provider-brands.ts as file name → content. A brand the package no longer
 * has (simple-icons removes brands on request), or whose icon carries a licence other than CC0,
 * is reported as a problem instead: take it out of the table, and it gets the drawn fallback.
 */
export async function buildProviderIcons(simpleIcons: SimpleIcons): Promise<{ files: Map<string, string>; problems: string[] }> {
  const files = new Map<string, string>();
  const problems: string[] = [];
  const source = `simple-icons@${simpleIcons.version} (${simpleIcons.license})`;
  for (const { slug } of BRANDS) {
    const icon = simpleIcons.icons.get(slug);
    if (!icon) {
      problems.push(`simple-icons@${simpleIcons.version} has no icon "${slug}".`);
      continue;
    }
    if (icon.license && icon.license.type !== "CC0-1.0") {
      problems.push(`The "${slug}" icon is licensed ${icon.license.type}, not CC0-1.0.`);
      continue;
    }
    const pathData = /<path d="([^"]+)"\/>/.exec(await simpleIcons.svg(slug))?.[1];
    if (!pathData) {
      problems.push(`The "${slug}" icon is not a single path.`);
      continue;
    }
    for (const scheme of ["light", "dark"] as const) files.set(`${slug}-${scheme}.svg`, iconFile(icon, pathData, source, scheme));
  }
  return { files, problems };
}
