import { describe, expect, it } from "vitest";
import { PATCH as updateProfileRoute } from "@/app/api/account/profile/route";
import { prisma } from "@/lib/db";
import { signUpAccount, uniqueEmail } from "@/lib/testing/ceremony-helpers";
import { emailsTo } from "@/lib/testing/mail-helpers";
import { callRoute, openSession } from "@/lib/testing/session-helpers";

const HEADERS = { "x-forwarded-for": "203.0.113.140" };

async function changeProfile(cookie: string, body: { name: string; email: string }) {
  return callRoute(updateProfileRoute, { path: "/api/account/profile", method: "PATCH", cookie, body, headers: HEADERS });
}

describe("changing the account's email", () => {
  it("tells the address it replaced, naming the new one, and records the change", async () => {
    const { user } = await signUpAccount();
    const session = await openSession(user.id);
    const newEmail = uniqueEmail("moved");

    const result = await changeProfile(session.cookie, { name: user.displayName, email: newEmail });

    expect(result.status, JSON.stringify(result.body)).toBe(200);
    const [notice] = await emailsTo(user.email);
    expect(notice).toMatchObject({ kind: "email_changed", subject: "Your account's email address was changed" });
    expect(notice.text).toContain(`changed from this address to ${newEmail}`);
    expect(notice.text).toContain("IP address: 203.0.113.140");
    expect(await emailsTo(newEmail)).toEqual([]);
    const event = await prisma.securityEvent.findFirstOrThrow({ where: { userId: user.id, type: "profile_changed" } });
    expect(event.detail).toEqual({ fields: ["email"] });
  });

  it("sends nothing when only the name changes", async () => {
    const { user } = await signUpAccount();
    const session = await openSession(user.id);

    const result = await changeProfile(session.cookie, { name: "Another Name", email: user.email });

    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(await emailsTo(user.email)).toEqual([]);
    const event = await prisma.securityEvent.findFirstOrThrow({ where: { userId: user.id, type: "profile_changed" } });
    expect(event.detail).toEqual({ fields: ["name"] });
  });
});
