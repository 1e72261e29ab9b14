import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BRANDS } from "./provider-brands";
import { BACKDROPS, buildProviderIcons, contrastRatio, iconColour, MIN_CONTRAST, readSimpleIcons, type SimpleIcons } from "./provider-icons";

const PUBLIC = path.join(import.meta.dirname, "../../../public/providers");

function fakeSimpleIcons(icons: { slug: string; hex: string; license?: { type: string } }[]): SimpleIcons {
  return {
    version: "0.0.0",
    license: "CC0-1.0",
    icons: new Map(icons.map((icon) => [icon.slug, { title: icon.slug, ...icon }])),
    svg: async () => '<svg role="img" viewBox="0 0 24 24" xmlns="http://www.w3.org/2000/svg"><title>x</title><path d="M0 0h24v24H0z"/></svg>',
  };
}

describe("iconColour", () => {
  it("keeps a brand colour that already stands out and tints one that doesn't, on both backdrops", () => {
    expect(iconColour("175DDC", "light")).toBe("#175ddc");
    // Keeper's yellow is 1.6:1 on white, Apple's black 1.1:1 on slate-900.
    expect(iconColour("FFC700", "light")).not.toBe("#ffc700");
    expect(iconColour("000000", "dark")).not.toBe("#000000");
    for (const hex of ["FFC700", "000000", "FFFFFF", "84BD00", "0E353D", "6CAC4D"]) {
      for (const scheme of ["light", "dark"] as const) {
        expect(contrastRatio(iconColour(hex, scheme), BACKDROPS[scheme]), `${hex} ${scheme}`).toBeGreaterThanOrEqual(MIN_CONTRAST);
      }
    }
  });
});

describe("buildProviderIcons", () => {
  it("refuses a brand the package lacks or licenses other than CC0, instead of shipping it", async () => {
    const icons: { slug: string; hex: string; license?: { type: string } }[] = BRANDS.map(({ slug }) => ({ slug, hex: "175DDC" })).filter(({ slug }) => slug !== "apple");
    icons[0] = { ...icons[0], license: { type: "CC-BY-3.0" } };
    const { files, problems } = await buildProviderIcons(fakeSimpleIcons(icons));
    expect(problems).toEqual([expect.stringContaining('no icon "apple"'), expect.stringContaining("CC-BY-3.0")]);
    expect(files.has("apple-light.svg")).toBe(false);
    expect(files.has(`${icons[0].slug}-light.svg`)).toBe(false);
    expect(files.size).toBe((BRANDS.length - 2) * 2);
  });

  // `simple-icons` is an exact-pinned devDependency: the committed files are what
  // `npm run provider-icons:update` makes from it.
  it("committed icons match the installed simple-icons package", async () => {
    const { files, problems } = await buildProviderIcons(await readSimpleIcons());
    expect(problems).toEqual([]);
    for (const [name, content] of files) expect(await readFile(path.join(PUBLIC, name), "utf8"), name).toBe(content);
  });
});
