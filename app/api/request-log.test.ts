// The server log as an operator reads it: one JSON line per event, each tagged with the request
// (or background job) it belongs to, echoed to the client as X-Request-Id, and free of personal
// data even when the request was full of it.
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import { POST as signInOptions } from "@/app/api/session/sign-in/options/route";
import { POST as signInVerify } from "@/app/api/session/sign-in/verify/route";
import { POST as signUpOptions } from "@/app/api/account/sign-up/options/route";
import { POST as signUpVerify } from "@/app/api/account/sign-up/verify/route";
import { proxy } from "@/proxy";
import { deliverPending } from "@/lib/server/activity/outbox";
import { enqueueEmail } from "@/lib/server/activity/mail-queue";
import { publicRoute } from "@/lib/server/http/route";
import { prisma } from "@/lib/server/platform/db";
import { asJob, hashedId } from "@/lib/server/platform/log";
import { sessionSetBy } from "@/lib/testing/cookies";
import { signUpAccount } from "@/lib/testing/factories";
import { captureLog, type CapturedLog } from "@/lib/testing/log-capture";
import { failingTransport } from "@/lib/testing/mail-helpers";
import { callRoute, ORIGIN } from "@/lib/testing/route-harness";
import { createSoftwareAuthenticator } from "@/lib/testing/software-authenticator";
import { uniqueEmail } from "@/lib/testing/unique-email";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let captured: CapturedLog | undefined;

function capture(): CapturedLog {
  captured = captureLog("trace");
  return captured;
}

afterEach(() => {
  captured?.stop();
  captured = undefined;
});

describe("request IDs", () => {
  it("gives each API answer a fresh ID when the request brings none", async () => {
    const first = await callRoute(signInOptions, { path: "/api/session/sign-in/options", body: {} });
    const second = await callRoute(signInOptions, { path: "/api/session/sign-in/options", body: {} });
    expect(first.headers.get("x-request-id")).toMatch(UUID);
    expect(second.headers.get("x-request-id")).toMatch(UUID);
    expect(first.headers.get("x-request-id")).not.toBe(second.headers.get("x-request-id"));
  });

  it.each(["lb-4f2a.9_Z", "a".repeat(64)])("keeps an ID a load balancer gave (%s)", async (given) => {
    const result = await callRoute(signInOptions, { path: "/api/session/sign-in/options", body: {}, headers: { "x-request-id": given } });
    expect(result.headers.get("x-request-id")).toBe(given);
  });

  it.each([
    ["too long", "a".repeat(65)],
    ["with a space", "abc def"],
    ["with JSON in it", '{"level":"error"}'],
    ["empty", ""],
  ])("replaces an ID that is %s", async (_label, given) => {
    const result = await callRoute(signInOptions, { path: "/api/session/sign-in/options", body: {}, headers: { "x-request-id": given } });
    expect(result.headers.get("x-request-id")).toMatch(UUID);
  });

  it("tags every line a request writes with its ID, the domain code's included", async () => {
    const { authenticator, passkey, user } = await signUpAccount();
    const log = capture();
    const options = await callRoute(signInOptions, { path: "/api/session/sign-in/options", body: {} });
    const assertion = await authenticator.getAssertion(options.body as PublicKeyCredentialRequestOptionsJSON, {
      origin: "https://evil.example",
      credentialId: passkey.credentialId,
    });
    const refused = await callRoute(signInVerify, { path: "/api/session/sign-in/verify", body: { response: assertion } });
    log.stop();

    const requestId = refused.headers.get("x-request-id");
    const lines = log.entries().filter((entry) => entry.requestId === requestId);
    expect(lines.map((entry) => entry.msg)).toEqual(["Authentication response rejected", "request answered"]);
    // The account is named by its keyed digest only.
    expect(lines[0]).toMatchObject({ level: "warn", account: hashedId(user.id) });
    expect(lines.find((entry) => entry.msg === "request answered")).toMatchObject({
      level: "info",
      method: "POST",
      route: "/api/session/sign-in/verify",
      status: refused.status,
      outcome: (refused.body as { code: string }).code,
    });
    expect(log.entries().every((entry) => typeof entry.requestId === "string")).toBe(true);
  });

  it("gives pages theirs in the proxy, on the request the page renders and on the answer", () => {
    const response = proxy(new NextRequest(`${ORIGIN}/signin`, { headers: { "x-request-id": "edge-7" } }));
    expect(response.headers.get("x-request-id")).toBe("edge-7");
    expect(response.headers.get("x-middleware-request-x-request-id")).toBe("edge-7");
    expect(proxy(new NextRequest(`${ORIGIN}/signin`)).headers.get("x-request-id")).toMatch(UUID);
  });

  it("answers an unexpected error with no stack, and logs the stack under the request's ID", async () => {
    const failing = publicRoute({}, async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'id')");
    });
    const log = capture();
    const result = await callRoute(failing, { path: "/api/session/sign-in/options" });
    log.stop();

    expect(result.status).toBe(500);
    expect(JSON.stringify(result.body)).not.toMatch(/TypeError|reading 'id'|\bat\b/);
    const error = log.entries().find((entry) => entry.msg === "Unexpected error while handling a request");
    expect(error).toMatchObject({ level: "error", requestId: result.headers.get("x-request-id"), error: { type: "TypeError" } });
    expect((error?.error as { stack: string[] }).stack[0]).toMatch(/^at /);
  });
});

describe("background jobs", () => {
  it("log under their own job ID, and a mail server's quote of the address is not logged", async () => {
    await prisma.outboxEmail.deleteMany();
    const to = uniqueEmail("job-log");
    await enqueueEmail(prisma, { userId: null, kind: "test", to, subject: "s", text: "t", html: "<p>t</p>" });
    const log = capture();
    await asJob("outbox", () => deliverPending({ transport: failingTransport(`550 5.1.1 <${to}>: Recipient address rejected`) }));
    log.stop();

    const [line] = log.entries().filter((entry) => entry.msg === "Security email not delivered");
    expect(line).toMatchObject({ level: "warn", job: "outbox", jobId: expect.stringMatching(UUID), reason: "550 5.1.1 <[email]>: Recipient address rejected" });
    expect(log.text()).not.toContain(to);
  });
});

describe("hashedId", () => {
  it("tells identifiers apart without revealing them", () => {
    const id = "5b0e7c1e-0f43-4c39-9a55-3e3b4c3d2a10";
    expect(hashedId(id)).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(hashedId(id)).toBe(hashedId(id));
    expect(hashedId(id)).not.toBe(hashedId(id.replace("5b", "5c")));
    expect(hashedId(id)).not.toContain(id.slice(0, 8));
  });
});

describe("personal data", () => {
  it("never reaches the log: a whole sign-up and sign-in, and a refused one, leave no email, name, IP, user agent or credential ID", async () => {
    const email = uniqueEmail("private-person");
    const name = "Zelda Quuxworth";
    const ip = "203.0.113.77";
    const userAgent = "Mozilla/5.0 (X11; Linux x86_64) PrivateBrowser/97.3";
    const headers = { "x-forwarded-for": ip, "user-agent": userAgent };
    const authenticator = createSoftwareAuthenticator();
    const log = capture();

    const creation = await callRoute(signUpOptions, { path: "/api/account/sign-up/options", body: { email, name }, headers });
    const registration = await authenticator.createCredential(creation.body as PublicKeyCredentialCreationOptionsJSON, { origin: ORIGIN });
    const signedUp = await callRoute(signUpVerify, { path: "/api/account/sign-up/verify", body: { response: registration }, headers });
    expect(signedUp.status, JSON.stringify(signedUp.body)).toBe(200);
    const request = await callRoute(signInOptions, { path: "/api/session/sign-in/options", body: { email }, headers });
    const requestOptions = request.body as PublicKeyCredentialRequestOptionsJSON;
    const signedIn = await callRoute(signInVerify, {
      path: "/api/session/sign-in/verify",
      body: { response: await authenticator.getAssertion(requestOptions, { origin: ORIGIN }) },
      headers,
    });
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
    const again = await callRoute(signInOptions, { path: "/api/session/sign-in/options", body: { email }, headers });
    const forged = await authenticator.getAssertion(again.body as PublicKeyCredentialRequestOptionsJSON, { origin: `https://${email}.evil.example` });
    expect((await callRoute(signInVerify, { path: "/api/session/sign-in/verify", body: { response: forged }, headers })).status).toBe(401);
    log.stop();

    const user = await prisma.user.findFirstOrThrow({ where: { email }, include: { passkeys: true } });
    const secrets = {
      email,
      "the email's local part": email.split("@")[0],
      name,
      ip,
      userAgent,
      "the credential ID": user.passkeys[0].credentialId,
      "the account ID": user.id,
      "the user handle": user.userHandle,
      "the session ID": (await sessionSetBy(signedIn)).id,
      "the sign-in challenge": requestOptions.challenge,
    };
    const text = log.text();
    const entries = log.entries();
    expect(entries.length).toBeGreaterThanOrEqual(6);
    expect(entries.some((entry) => entry.level === "warn")).toBe(true);
    for (const [label, secret] of Object.entries(secrets)) expect(text.includes(secret), `${label} is in the log`).toBe(false);
    for (const entry of entries) expect(entry.requestId, JSON.stringify(entry)).toEqual(expect.stringMatching(UUID));
  });
});
