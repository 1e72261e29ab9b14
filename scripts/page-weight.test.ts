import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BARE_PAGE_PATH, measurePageWeight, scriptSources } from "./page-weight";

describe("scriptSources", () => {
  it("lists script sources and script preloads once, in document order", () => {
    const html = [
      `<link rel="stylesheet" href="/a.css" data-precedence="next"/>`,
      `<link rel="preload" as="script" fetchPriority="low" href="/late.js"/>`,
      `<link rel="preload" as="font" href="/font.woff2"/>`,
      `<script src="/framework.js?v=1&amp;x=2" async=""></script>`,
      `<script nonce="n">self.__next_f.push([1,"inline"])</script>`,
      `<script async src='/late.js'></script>`,
    ].join("");
    expect(scriptSources(html)).toEqual(["/late.js", "/framework.js?v=1&x=2"]);
  });
});

describe("measurePageWeight", () => {
  const scripts: Record<string, string> = {
    "/shared.js": "shared();".repeat(400),
    "/form.js": "form();".repeat(50) + "signIn(email, passkey);",
  };
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const path = request.url ?? "/";
      if (scripts[path]) return void response.end(scripts[path]);
      if (path === "/broken.js") {
        response.statusCode = 500;
        return void response.end("fail");
      }
      // Like Next: the bare page is a 404 that still loads the framework's scripts.
      response.statusCode = path === "/signin" ? 200 : 404;
      const own = { "/signin": `<script src="/form.js"></script>`, "/with-broken-script": `<script src="/broken.js"></script>` }[path] ?? "";
      response.end(`<html><head><script src="/shared.js" async></script>${own}</head></html>`);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("charges the page only for what the bare page does not load, gzipped", async () => {
    const weight = await measurePageWeight(origin);

    const formGzip = gzipSync(scripts["/form.js"]).length;
    expect(weight.bare.path).toBe(BARE_PAGE_PATH);
    expect(weight.extraChunks).toEqual([{ src: "/form.js", bytes: scripts["/form.js"].length, gzipBytes: formGzip }]);
    expect(weight.extraGzipBytes).toBe(formGzip);
    expect(weight.page.gzipBytes).toBe(weight.bare.gzipBytes + formGzip);
  });

  it("refuses to measure when a script it lists fails to load", async () => {
    await expect(measurePageWeight(origin, "/with-broken-script")).rejects.toThrow("/broken.js answered 500");
  });
});
