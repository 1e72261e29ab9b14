import { describe, expect, it, vi } from "vitest";
import { clientInfo, clientIp } from "./client-info";

describe("clientIp", () => {
  it.each([
    ["a single address", "203.0.113.5", "203.0.113.5"],
    ["the rightmost entry: the one the portal's own proxy appended", "10.9.8.7, 198.51.100.1, 203.0.113.5", "203.0.113.5"],
    ["entries without spaces", "198.51.100.1,203.0.113.5", "203.0.113.5"],
    ["an IPv4-mapped IPv6 address as plain IPv4", "::ffff:203.0.113.5", "203.0.113.5"],
    ["an IPv6 address as is", "198.51.100.1, 2001:db8::1", "2001:db8::1"],
    ["a ::ffff: prefix that is not IPv4-mapped as is", "::ffff:2001:db8", "::ffff:2001:db8"],
    ["empty entries around the last address", " , 203.0.113.5 , ", "203.0.113.5"],
  ])("takes %s", (_label, header, expected) => {
    expect(clientIp(header, 1)).toBe(expected);
  });

  it("skips the entries trusted proxies appended: with two, the second from the right", () => {
    expect(clientIp("198.51.100.99, 203.0.113.5, 10.0.0.2", 2)).toBe("203.0.113.5");
    expect(clientIp("::ffff:203.0.113.5, 10.0.0.2", 2)).toBe("203.0.113.5");
    // Fewer entries than proxies: the leftmost is the best there is.
    expect(clientIp("203.0.113.5", 2)).toBe("203.0.113.5");
  });

  it("treats TRUSTED_PROXIES=0 like 1: Next.js itself appends the socket's address", () => {
    expect(clientIp("198.51.100.99, 203.0.113.5", 0)).toBe("203.0.113.5");
  });

  it.each([
    ["a missing header", null],
    ["an empty header", ""],
    ["a header of separators only", " , ,"],
    ["an address too long to be one", "x".repeat(65)],
  ])("has no address for %s", (_label, header) => {
    expect(clientIp(header, 1)).toBeNull();
  });
});

describe("clientInfo", () => {
  it("reads the address and user agent from request headers, capping the user agent at 512 characters", () => {
    const headers = new Headers({ "x-forwarded-for": "198.51.100.99, ::ffff:203.0.113.5", "user-agent": `Agent/${"x".repeat(600)}` });
    const info = clientInfo(headers);
    expect(info.ipAddress).toBe("203.0.113.5");
    expect(info.userAgent).toHaveLength(512);
    expect(info.userAgent?.startsWith("Agent/x")).toBe(true);
  });

  it("reads next-auth's plain header object, where a header may be an array", () => {
    expect(clientInfo({ "x-forwarded-for": ["203.0.113.5"], "user-agent": "Agent/1" })).toEqual({ ipAddress: "203.0.113.5", userAgent: "Agent/1" });
    expect(clientInfo({})).toEqual({ ipAddress: null, userAgent: null });
    expect(clientInfo(undefined)).toEqual({ ipAddress: null, userAgent: null });
  });

  it("follows TRUSTED_PROXIES", async () => {
    vi.stubEnv("TRUSTED_PROXIES", "2");
    vi.resetModules();
    try {
      const configured = await import("./client-info");
      expect(configured.clientInfo(new Headers({ "x-forwarded-for": "198.51.100.99, 203.0.113.5, 10.0.0.2" })).ipAddress).toBe("203.0.113.5");
      expect(clientInfo(new Headers({ "x-forwarded-for": "198.51.100.99, 203.0.113.5, 10.0.0.2" })).ipAddress).toBe("10.0.0.2");
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });
});
