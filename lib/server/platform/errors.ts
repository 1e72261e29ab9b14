/** An error whose message is written for the person in front of the screen. */
export class UserFacingError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
    /** For 429 and 503 answers: seconds until the request may be tried again (the Retry-After header). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "UserFacingError";
  }
}

export function isUserFacingError(error: unknown): error is UserFacingError {
  return error instanceof UserFacingError;
}
