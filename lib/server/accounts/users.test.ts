import { describe, expect, it } from "vitest";
import { prisma } from "../platform/db";
import { createUser } from "../../testing/factories";
import { uniqueEmail } from "../../testing/unique-email";
import { findConfirmedUserByEmail, findUserByEmail, listAccountsForEmailSignIn, UNCONFIRMED_SIGN_IN_LIMIT } from "./users";

async function olderBy(id: string, minutes: number): Promise<void> {
  await prisma.user.update({ where: { id }, data: { createdAt: new Date(Date.now() - minutes * 60_000) } });
}

describe("accounts by email", () => {
  it("names the confirmed owner first, even when unconfirmed accounts with the address are newer", async () => {
    const email = uniqueEmail("owned");
    const owner = await createUser({ email });
    await olderBy(owner.id, 60);
    const squatter = await createUser({ email, confirmed: false });

    expect((await findUserByEmail(email))?.id).toBe(owner.id);
    expect((await findConfirmedUserByEmail(email))?.id).toBe(owner.id);
    expect((await listAccountsForEmailSignIn(email)).map((user) => user.id)).toEqual([owner.id, squatter.id]);
  });

  it("without a confirmed owner, names the newest unconfirmed account, and lists a few, newest first", async () => {
    const email = uniqueEmail("unowned");
    const ids: string[] = [];
    for (let i = 0; i < UNCONFIRMED_SIGN_IN_LIMIT + 1; i += 1) {
      const user = await createUser({ email, confirmed: false });
      await olderBy(user.id, 10 - i);
      ids.push(user.id);
    }
    const newestFirst = [...ids].reverse();

    expect((await findUserByEmail(email))?.id).toBe(newestFirst[0]);
    expect(await findConfirmedUserByEmail(email)).toBeNull();
    expect((await listAccountsForEmailSignIn(email)).map((user) => user.id)).toEqual(newestFirst.slice(0, UNCONFIRMED_SIGN_IN_LIMIT));
  });

  it("finds nothing for an address no account carries", async () => {
    const email = uniqueEmail("nobody");
    expect(await findUserByEmail(email)).toBeNull();
    expect(await listAccountsForEmailSignIn(email)).toEqual([]);
  });
});
