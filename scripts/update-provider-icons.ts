// `npm run provider-icons:update`: regenerates the brand icons in public/providers/ from the
// installed `simple-icons` package (exact-pinned in package.json), for the brands listed in
// lib/server/passkeys/provider-brands.ts. To pick up new icons: `npm install --save-dev --save-exact
// simple-icons@latest`, run this and commit both. SIMPLE_ICONS_DIR=<unpacked package> reads a copy
// from `npm pack simple-icons@<version>` instead. The drawn fallbacks (passkey, device, phone,
// security-key) are hand-written and left alone.
import { writeFile } from "node:fs/promises";
import { buildProviderIcons, readSimpleIcons } from "../lib/server/passkeys/provider-icons";

const OUTPUT = new URL("../public/providers/", import.meta.url);

const simpleIcons = await readSimpleIcons(process.env.SIMPLE_ICONS_DIR);
const { files, problems } = await buildProviderIcons(simpleIcons);
if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  console.error("public/providers/ left as it was: fix lib/server/passkeys/provider-brands.ts first.");
  process.exit(1);
}
for (const [name, content] of files) await writeFile(new URL(name, OUTPUT), content);
console.log(`Wrote ${files.size} icons to public/providers/ from simple-icons@${simpleIcons.version}.`);
