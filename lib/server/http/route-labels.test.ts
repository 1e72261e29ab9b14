import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../testing/import-graph";
import { ceremonyStepOf, routeLabel } from "./route-labels";

/** Every app/api route built on the route wrapper, as its pattern (app/api/a/[id]/route.ts → /api/a/[id]). */
function wrappedRoutePatterns(): string[] {
  const api = path.join(ROOT, "app/api");
  return readdirSync(api, { recursive: true, encoding: "utf8" })
    .filter((file) => path.basename(file) === "route.ts")
    .filter((file) => /\b(?:publicRoute|signedInRoute)\(/.test(readFileSync(path.join(api, file), "utf8")))
    .map((file) => `/api/${path.dirname(file).split(path.sep).join("/")}`);
}

describe("routeLabel", () => {
  it("names every wrapped route by its pattern (a route missing from lib/client/api-paths.ts would count as other)", () => {
    const patterns = wrappedRoutePatterns();
    expect(patterns.length).toBeGreaterThan(20);
    for (const pattern of patterns) {
      const path = pattern.replace("[id]", "0b6c3a9e-2f4d-4e1a-9c7b-5d8e6f7a8b9c");
      expect(routeLabel(path), path).toBe(pattern);
    }
  });

  it("keeps IDs, and whatever else a client puts in a path, out of the label", () => {
    expect(routeLabel("/api/account/passkeys/anything-at-all")).toBe("/api/account/passkeys/[id]");
    expect(routeLabel("/api/account/sessions/sign-out-others")).toBe("/api/account/sessions/sign-out-others");
    expect(routeLabel("/api/account/passkeys/a/b")).toBe("other");
    expect(routeLabel("/api/account/passkeys/")).toBe("other");
    expect(routeLabel("/api/no-such-route")).toBe("other");
  });
});

describe("ceremonyStepOf", () => {
  it("knows each ceremony's steps, and nothing else is one", () => {
    expect(ceremonyStepOf("/api/session/sign-in/verify")).toEqual({ ceremony: "sign-in", step: "verify" });
    expect(ceremonyStepOf("/api/account/sign-up/options")).toEqual({ ceremony: "sign-up", step: "options" });
    expect(ceremonyStepOf("/api/account/passkeys/registration/automatic-options")).toEqual({ ceremony: "add-passkey", step: "automatic-options" });
    expect(ceremonyStepOf("/api/account/profile")).toBeUndefined();
    expect(ceremonyStepOf("other")).toBeUndefined();
  });
});
