// What a refusal must look like, checked in one place: a route's (4xx, a sentence a person can
// act on, a code the client can branch on, never cached) and a domain operation's (a thrown
// UserFacingError carrying the code and status the route will answer with).
import { expect } from "vitest";
import { UserFacingError } from "../server/platform/errors";
import type { RouteResponse } from "./route-harness";

/** A sentence for people: a capital letter, some words, a full stop. */
export const SENTENCE = /^[A-Z][^\n]{10,}[.!?]$/;

/** Internals that must never reach a refusal's message. */
const LEAK = /prisma|sql|stack|undefined|\bat \//i;

/** A refusal the UI can show as is. Returns its message, for tests of the wording. */
export function expectRefusal(result: RouteResponse, status: number, code: string): string {
  expect(result, JSON.stringify(result.body)).toMatchObject({ status, body: { code } });
  const { error } = result.body as { error: string };
  expect(error).toEqual(expect.stringMatching(SENTENCE));
  expect(error).not.toMatch(LEAK);
  expect(result.headers.get("cache-control")).toBe("no-store");
  return error;
}

/** Awaits a domain call that must be refused with a UserFacingError carrying this code and status. */
export async function expectUserFacingError(promise: Promise<unknown>, code: string, status: number): Promise<void> {
  const error: unknown = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error, "expected a UserFacingError").toBeInstanceOf(UserFacingError);
  expect(error).toMatchObject({ code, status });
}
