// First-load JavaScript of a page, as a first visit downloads it: every script the page's HTML
// loads, each gzipped as the server sends it, compared with a bare page of the same build.
// Usage: npx tsx scripts/page-weight.ts [origin] [path]   (a running server; default
// http://localhost:3000 and /signin). Exits 1 when /signin is over its budget.
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

/** /signin may load at most this much more script than a bare page (10 KB gzip, read strictly). */
export const SIGNIN_EXTRA_GZIP_BUDGET = 10_000;

// A path no route answers: Next's 404 page renders the root layout and no client component of
// the app's own, so its scripts are what any page of this build loads at the least.
export const BARE_PAGE_PATH = "/page-weight-bare-page";

export interface ScriptChunk {
  src: string;
  bytes: number;
  gzipBytes: number;
}

export interface PageScripts {
  path: string;
  chunks: ScriptChunk[];
  gzipBytes: number;
}

export interface PageWeight {
  page: PageScripts;
  bare: PageScripts;
  /** Scripts the page loads that the bare page does not. */
  extraChunks: ScriptChunk[];
  /** gzip bytes the page loads beyond the bare page (the page's total minus the bare total). */
  extraGzipBytes: number;
}

/** The scripts an HTML document makes the browser fetch: `<script src>` and script preloads. */
export function scriptSources(html: string): string[] {
  const sources = new Set<string>();
  for (const [tag] of html.matchAll(/<(?:script|link)\b[^>]*>/gi)) {
    const isLink = /^<link/i.test(tag);
    if (isLink && !(attribute(tag, "rel") === "preload" && attribute(tag, "as") === "script")) continue;
    const source = attribute(tag, isLink ? "href" : "src");
    if (source) sources.add(source);
  }
  return [...sources];
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}=(?:"([^"]*)"|'([^']*)')`, "i").exec(tag);
  const value = match?.[1] ?? match?.[2];
  return value?.replaceAll("&amp;", "&");
}

async function download(url: URL): Promise<Buffer> {
  // No cookies: a first visit, signed out (a signed-in /signin would redirect).
  const response = await fetch(url, { redirect: "manual" });
  // The bare page is a 404 by design; any other failure means the numbers would be wrong.
  if (!response.ok && response.status !== 404) throw new Error(`GET ${url.href} answered ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

export async function measurePageScripts(origin: string, path: string): Promise<PageScripts> {
  const html = (await download(new URL(path, origin))).toString("utf8");
  const chunks = await Promise.all(
    scriptSources(html).map(async (src): Promise<ScriptChunk> => {
      const body = await download(new URL(src, origin));
      // zlib's default level, which is what Next's own compression sends.
      return { src, bytes: body.length, gzipBytes: gzipSync(body).length };
    }),
  );
  return { path, chunks, gzipBytes: chunks.reduce((sum, chunk) => sum + chunk.gzipBytes, 0) };
}

export async function measurePageWeight(origin: string, path = "/signin", barePath = BARE_PAGE_PATH): Promise<PageWeight> {
  const [page, bare] = await Promise.all([measurePageScripts(origin, path), measurePageScripts(origin, barePath)]);
  const bareSources = new Set(bare.chunks.map((chunk) => chunk.src));
  return {
    page,
    bare,
    extraChunks: page.chunks.filter((chunk) => !bareSources.has(chunk.src)),
    extraGzipBytes: page.gzipBytes - bare.gzipBytes,
  };
}

export function formatPageWeight(weight: PageWeight): string {
  const { page, bare } = weight;
  const all = [...new Set([...page.chunks, ...bare.chunks].map((chunk) => chunk.src))];
  const find = (scripts: PageScripts, src: string): ScriptChunk | undefined => scripts.chunks.find((chunk) => chunk.src === src);
  const column = (chunk: ScriptChunk | undefined): string => (chunk ? String(chunk.gzipBytes) : "-").padStart(12);
  const lines = [`${"script".padEnd(48)}${page.path.padStart(12)}${"bare page".padStart(12)}   (gzip bytes)`];
  for (const src of all) lines.push(`${src.padEnd(48)}${column(find(page, src))}${column(find(bare, src))}`);
  lines.push(`${"total".padEnd(48)}${String(page.gzipBytes).padStart(12)}${String(bare.gzipBytes).padStart(12)}`);
  lines.push(`${page.path} loads ${weight.extraGzipBytes} gzip bytes more than a bare page of this build.`);
  return lines.join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const origin = process.argv[2] ?? `http://localhost:${process.env.PORT ?? 3000}`;
  const path = process.argv[3] ?? "/signin";
  const weight = await measurePageWeight(origin, path);
  console.log(formatPageWeight(weight));
  if (path === "/signin" && weight.extraGzipBytes > SIGNIN_EXTRA_GZIP_BUDGET) {
    console.error(`Over budget: at most ${SIGNIN_EXTRA_GZIP_BUDGET} gzip bytes more than a bare page.`);
    process.exit(1);
  }
}
