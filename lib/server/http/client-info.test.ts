import { describe, expect, it, vi } from "vitest";
import { canonicalIp, clientInfo, clientIp, rateLimitAddress } from "./client-info";

describe("clientIp", () => {
  it.each([
    ["a single address", "203.0.113.5", "203.0.113.5"],
    ["the rightmost entry: the one the portal's own proxy appended", "10.9.8.7, 198.51.100.1, 203.0.113.5", "203.0.113.5"],
    ["entries without spaces", "198.51.100.1,203.0.113.5", "203.0.113.5"],
    ["an IPv4-mapped IPv6 address as plain IPv4", "::ffff:203.0.113.5", "203.0.113.5"],
    ["an IPv6 address as is", "198.51.100.1, 2001:db8::1", "2001:db8::1"],
    // The same address as ::ffff:32.1.13.184: IPv4-mapped whichever way it is written.
    ["an IPv4-mapped address written in hex as plain IPv4", "::ffff:2001:db8", "32.1.13.184"],
    ["an IPv6 address in its one canonical spelling", "2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
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

  it("with TRUSTED_PROXIES=0 takes the rightmost entry, which scripts/serve.mjs sets to the connection's address", () => {
    expect(clientIp("203.0.113.5", 0)).toBe("203.0.113.5");
    expect(clientIp("198.51.100.99, 203.0.113.5", 0)).toBe("203.0.113.5");
  });

  it.each([
    ["a missing header", null],
    ["an empty header", ""],
    ["a header of separators only", " , ,"],
    ["an address too long to be one", "x".repeat(65)],
    ["a hostname", "proxy.internal"],
    ["the word unknown", "unknown"],
    ["an address with a port", "203.0.113.5:443"],
    ["a bracketed IPv6 address", "[2001:db8::1]"],
    ["an IPv4 address with leading zeros", "203.0.113.05"],
    ["an IPv6 address with a zone", "fe80::1%eth0"],
    ["control characters", "203.0.113.5\u0000"],
    ["script", "<script>alert(1)</script>"],
  ])("has no address for %s", (_label, header) => {
    expect(clientIp(header, 1)).toBeNull();
  });

  it("never looks further left when the trusted entry is not an address: those entries are the client's own", () => {
    expect(clientIp("203.0.113.5, garbage", 1)).toBeNull();
    expect(clientIp("198.51.100.7, not-an-ip, 10.0.0.2", 2)).toBeNull();
  });
});

describe("canonicalIp", () => {
  it.each([
    ["192.0.2.1", "192.0.2.1"],
    ["::1", "::1"],
    ["::", "::"],
    ["1::", "1::"],
    ["2001:DB8::A", "2001:db8::a"],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
    ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"],
    ["::ffff:192.0.2.1", "192.0.2.1"],
    ["::FFFF:c000:0201", "192.0.2.1"],
    ["64:ff9b::192.0.2.1", "64:ff9b::c000:201"],
  ])("writes %s as %s", (input, expected) => {
    expect(canonicalIp(input)).toBe(expected);
  });
});

describe("rateLimitAddress", () => {
  it("counts an IPv4 address as itself", () => {
    expect(rateLimitAddress("203.0.113.5")).toBe("203.0.113.5");
    expect(rateLimitAddress("::ffff:203.0.113.5")).toBe("203.0.113.5");
  });

  it("counts every IPv6 address of one /64 network as one, however it is written", () => {
    const network = rateLimitAddress("2001:db8:1:2::1");
    expect(network).toBe("2001:db8:1:2::/64");
    expect(rateLimitAddress("2001:db8:1:2:ffff:ffff:ffff:ffff")).toBe(network);
    expect(rateLimitAddress("2001:0DB8:0001:0002:abcd::9")).toBe(network);
    expect(rateLimitAddress("2001:db8:1:3::1")).not.toBe(network);
    expect(rateLimitAddress("::1")).toBe("::/64");
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
