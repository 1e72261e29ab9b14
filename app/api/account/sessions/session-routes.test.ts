import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DELETE as signOutDevice } from "@/app/api/account/sessions/[id]/route";
import { POST as signOutOthers } from "@/app/api/account/sessions/sign-out-others/route";
import { createUser, openSession, type SignedInSession } from "@/lib/testing/factories";
import { expectRefusal } from "@/lib/testing/refusals";
import { callRoute, ORIGIN } from "@/lib/testing/route-harness";
import { listActiveSessions, sessionForRequest } from "@/lib/server/sessions/sessions";
import { prisma } from "@/lib/server/platform/db";

/** Whether a browser holding this session's cookie is still signed in. */
async function isSignedIn(session: SignedInSession): Promise<boolean> {
  return (await sessionForRequest(new Request(`${ORIGIN}/account`, { headers: { cookie: session.cookie } }))) !== null;
}

function deleteSession(caller: SignedInSession, id: string, headers: Record<string, string | null> = {}) {
  return callRoute(signOutDevice, { method: "DELETE", path: `/api/account/sessions/${id}`, cookie: caller.cookie, params: { id }, headers });
}

describe("DELETE /api/account/sessions/[id]", () => {
  it("signs out another of the caller's devices on its next request", async () => {
    const user = await createUser();
    const laptop = await openSession(user.id, { userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0" });
    const phone = await openSession(user.id);
    expect(await isSignedIn(phone)).toBe(true);

    const result = await deleteSession(laptop, phone.id, { "x-forwarded-for": "203.0.113.61" });

    expect(result).toMatchObject({ status: 200, body: { signedOut: true } });
    expect(await isSignedIn(phone)).toBe(false);
    expect(await isSignedIn(laptop)).toBe(true);
    const event = await prisma.securityEvent.findFirstOrThrow({ where: { userId: user.id } });
    expect(event).toMatchObject({ type: "session_signed_out", ipAddress: "203.0.113.61", detail: { scope: "other" } });
  });

  it("answers the caller's own session, another account's session and a malformed ID as not found", async () => {
    const user = await createUser();
    const caller = await openSession(user.id);
    const stranger = await openSession((await createUser()).id);

    for (const id of [caller.id, stranger.id, randomUUID(), "not-a-uuid"]) {
      expectRefusal(await deleteSession(caller, id), 404, "session_not_found");
    }
    expect(await isSignedIn(caller)).toBe(true);
    expect(await isSignedIn(stranger)).toBe(true);
  });

  it("refuses a signed-out browser and another site", async () => {
    const user = await createUser();
    const caller = await openSession(user.id);
    const other = await openSession(user.id);

    expectRefusal(await callRoute(signOutDevice, { method: "DELETE", params: { id: other.id } }), 401, "signed_out");
    expectRefusal(await deleteSession(caller, other.id, { origin: "https://evil.example" }), 403, "forbidden_origin");
    expect(await isSignedIn(other)).toBe(true);
  });
});

describe("POST /api/account/sessions/sign-out-others", () => {
  it("signs out every other session of the caller's account and says how many", async () => {
    const user = await createUser();
    const caller = await openSession(user.id);
    const others = [await openSession(user.id), await openSession(user.id)];
    const stranger = await openSession((await createUser()).id);

    const result = await callRoute(signOutOthers, { path: "/api/account/sessions/sign-out-others", cookie: caller.cookie });

    expect(result).toMatchObject({ status: 200, body: { signedOut: 2 } });
    expect((await listActiveSessions(user.id)).map((session) => session.id)).toEqual([caller.id]);
    for (const other of others) expect(await isSignedIn(other)).toBe(false);
    expect(await isSignedIn(stranger)).toBe(true);

    expect(await callRoute(signOutOthers, { cookie: caller.cookie })).toMatchObject({ status: 200, body: { signedOut: 0 } });
  });

  it("refuses a signed-out browser and another site", async () => {
    const user = await createUser();
    const caller = await openSession(user.id);
    const other = await openSession(user.id);

    expectRefusal(await callRoute(signOutOthers, {}), 401, "signed_out");
    expectRefusal(await callRoute(signOutOthers, { cookie: caller.cookie, headers: { origin: "https://evil.example" } }), 403, "forbidden_origin");
    expect(await isSignedIn(other)).toBe(true);
  });
});
