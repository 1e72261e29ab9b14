import "server-only";
import { randomBytes } from "node:crypto";
import { prisma } from "./db";
import type { User } from "./generated/prisma/client";

export type { User };

/** WebAuthn user handle: 32 random bytes, never derived from the email (spec privacy rule). */
export function newUserHandle(): string {
  return randomBytes(32).toString("base64url");
}

export async function findUserByEmail(email: string): Promise<User | null> {
  return prisma.user.findUnique({ where: { email } });
}

export async function findUserById(id: string): Promise<User | null> {
  return prisma.user.findUnique({ where: { id } });
}
