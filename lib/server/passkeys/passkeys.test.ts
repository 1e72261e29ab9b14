import { describe, expect, it } from "vitest";
import { prisma } from "../platform/db";
import { recordPasskeyUse } from "./passkeys";

async function passkeyWithCounter(counter: bigint): Promise<string> {
  const user = await prisma.user.create({
    data: {
      email: `counter-${crypto.randomUUID()}@example.com`,
      displayName: "Counter",
      userHandle: crypto.randomUUID(),
      passkeys: {
        create: {
          credentialId: crypto.randomUUID(),
          publicKey: new Uint8Array([1, 2, 3]),
          counter,
          deviceType: "singleDevice",
          backupEligible: false,
          backedUp: false,
          name: "Test",
        },
      },
    },
    include: { passkeys: true },
  });
  return user.passkeys[0].id;
}

describe("recordPasskeyUse", () => {
  it("moves the counter forward and records the use and backup state", async () => {
    const id = await passkeyWithCounter(5n);
    await recordPasskeyUse(id, { counter: 9, backedUp: true, deviceType: "multiDevice" });
    const passkey = await prisma.passkey.findUniqueOrThrow({ where: { id } });
    expect(passkey).toMatchObject({ counter: 9n, backedUp: true, deviceType: "multiDevice" });
    expect(passkey.lastUsedAt).toBeInstanceOf(Date);
  });

  it("never moves the counter back when a slower concurrent sign-in finishes last", async () => {
    const id = await passkeyWithCounter(0n);
    await recordPasskeyUse(id, { counter: 12, backedUp: false, deviceType: "singleDevice" });
    await recordPasskeyUse(id, { counter: 11, backedUp: false, deviceType: "singleDevice" });
    expect((await prisma.passkey.findUniqueOrThrow({ where: { id } })).counter).toBe(12n);
  });
});
