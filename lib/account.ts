import "server-only";
import { prisma } from "./db";
import { UserFacingError } from "./errors";
import { Prisma, type User } from "./generated/prisma/client";
import { lockUser } from "./passkeys";

export async function updateProfile(userId: string, input: { displayName: string; email: string }): Promise<User> {
  try {
    return await prisma.user.update({ where: { id: userId }, data: { displayName: input.displayName, email: input.email } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new UserFacingError("email_taken", "Another account already uses this email.", 409);
    }
    throw error;
  }
}

/**
 * Turns the device-bound-only policy on or off. It can be turned on only while the account has a
 * device-bound passkey, or its owner would be locked out by their own setting.
 */
export async function setDeviceBoundOnly(userId: string, enabled: boolean): Promise<User> {
  return prisma.$transaction(async (tx) => {
    // Same lock as passkey removal: the count below cannot go stale before the update.
    await lockUser(tx, userId);
    if (enabled && (await tx.passkey.count({ where: { userId, backupEligible: false } })) === 0) {
      throw new UserFacingError(
        "no_device_bound_passkey",
        "Add a passkey that stays on one device (such as a security key) before turning this on, or you would be locked out.",
        409,
      );
    }
    return tx.user.update({ where: { id: userId }, data: { deviceBoundOnly: enabled } });
  });
}
