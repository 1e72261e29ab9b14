import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { prisma } from "./db";

// A verified ceremony yields a grant; next-auth's authorize() redeems it to open a session.
// It is a bearer secret, so it is short-lived, single-use, and only its hash is stored.
const GRANT_TTL_MS = 60 * 1000;

export type SignInMethod = "passkey" | "signup" | "recovery";

export interface RedeemedGrant {
  userId: string;
  passkeyId: string | null;
  method: SignInMethod;
  deviceId: string | null;
}

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function issueSignInGrant(input: {
  userId: string;
  passkeyId: string | null;
  method: SignInMethod;
  deviceId?: string | null;
}): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await prisma.signInGrant.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  await prisma.signInGrant.create({
    data: { ...input, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + GRANT_TTL_MS) },
  });
  return token;
}

export async function redeemSignInGrant(token: string): Promise<RedeemedGrant | null> {
  const tokenHash = hashToken(token);
  const grant = await prisma.signInGrant.findUnique({ where: { tokenHash } });
  if (!grant) return null;
  const { count } = await prisma.signInGrant.deleteMany({ where: { id: grant.id } });
  if (count !== 1 || grant.expiresAt.getTime() <= Date.now()) return null;
  return { userId: grant.userId, passkeyId: grant.passkeyId, method: grant.method as SignInMethod, deviceId: grant.deviceId };
}
