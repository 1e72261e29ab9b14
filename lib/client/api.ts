// The one way the browser calls the JSON API. Every failure, whether the server refused, the
// network dropped or the answer was not JSON, arrives as an ApiError whose message a person can
// read: the server already words its refusals for people (`{ error, code }`).
export type ApiMethod = "POST" | "PUT" | "PATCH" | "DELETE";

const UNREACHABLE = "We couldn't reach the server. Check your connection and try again.";
/** For a failure with nothing more specific to say. */
export const GENERIC_FAILURE = "Something went wrong. Please try again.";

export class ApiError extends Error {
  constructor(
    message: string,
    /** The server's machine-readable code, or "network" / "unreadable_response" from here. */
    readonly code: string,
    /** The HTTP status; 0 when no answer arrived. */
    readonly status: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** Turns an answer into its JSON body, or the ApiError it stands for. */
async function readAnswer<T>(response: Response): Promise<T> {
  const data: unknown = await response.json().catch(() => undefined);
  if (response.ok) {
    if (data === undefined) throw new ApiError(GENERIC_FAILURE, "unreadable_response", response.status);
    return data as T;
  }
  const refusal = (typeof data === "object" && data !== null ? data : {}) as { error?: unknown; code?: unknown };
  throw new ApiError(
    typeof refusal.error === "string" ? refusal.error : GENERIC_FAILURE,
    typeof refusal.code === "string" ? refusal.code : "unknown",
    response.status,
  );
}

export async function callApi<T = unknown>(method: ApiMethod, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(UNREACHABLE, "network", 0);
  }
  return readAnswer<T>(response);
}
