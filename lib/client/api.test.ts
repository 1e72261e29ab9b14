import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError, callApi, GENERIC_FAILURE } from "./api";

// A real HTTP server that answers each path as the portal's API would, or as a broken proxy would.
let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      const answer = (status: number, text: string, type = "application/json"): void => {
        response.writeHead(status, { "Content-Type": type }).end(text);
      };
      if (request.url === "/echo") return answer(200, JSON.stringify({ method: request.method, type: request.headers["content-type"], body }));
      if (request.url === "/refused") return answer(409, JSON.stringify({ error: "This passkey is already registered to your account.", code: "duplicate" }));
      if (request.url === "/refused-without-words") return answer(400, JSON.stringify({ status: "no" }));
      if (request.url === "/proxy-error") return answer(502, "<html>Bad gateway</html>", "text/html");
      if (request.url === "/ok-but-html") return answer(200, "<html>Welcome</html>", "text/html");
      answer(404, "{}");
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.close();
});

async function failureOf(promise: Promise<unknown>): Promise<ApiError> {
  const failure = await promise.then(
    () => null,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(ApiError);
  return failure as ApiError;
}

describe("callApi", () => {
  it("sends the body as JSON with the method asked for, and answers with the parsed JSON", async () => {
    const echoed = await callApi<{ method: string; type: string; body: string }>("PATCH", `${origin}/echo`, { name: "Laptop" });
    expect(echoed).toEqual({ method: "PATCH", type: "application/json", body: JSON.stringify({ name: "Laptop" }) });
  });

  it("sends no body when none is given", async () => {
    const echoed = await callApi<{ body: string }>("DELETE", `${origin}/echo`);
    expect(echoed.body).toBe("");
  });

  it("turns a refusal into an ApiError with the server's sentence, code and status", async () => {
    const failure = await failureOf(callApi("POST", `${origin}/refused`, {}));
    expect(failure.message).toBe("This passkey is already registered to your account.");
    expect(failure.code).toBe("duplicate");
    expect(failure.status).toBe(409);
  });

  it("gives a refusal without an error sentence the generic one", async () => {
    const failure = await failureOf(callApi("POST", `${origin}/refused-without-words`, {}));
    expect(failure.message).toBe(GENERIC_FAILURE);
    expect(failure.code).toBe("unknown");
    expect(failure.status).toBe(400);
  });

  it("turns an answer that isn't JSON into an ApiError, failed or not", async () => {
    const proxy = await failureOf(callApi("POST", `${origin}/proxy-error`, {}));
    expect([proxy.message, proxy.status]).toEqual([GENERIC_FAILURE, 502]);
    const html = await failureOf(callApi("POST", `${origin}/ok-but-html`, {}));
    expect([html.message, html.code, html.status]).toEqual([GENERIC_FAILURE, "unreadable_response", 200]);
  });

  it("turns a server it can't reach into an ApiError that says so", async () => {
    // A port that was just in use and is now closed: the connection is refused.
    const closed = createServer().listen(0, "127.0.0.1");
    await once(closed, "listening");
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));

    const failure = await failureOf(callApi("POST", `http://127.0.0.1:${port}/anything`, {}));
    expect(failure.code).toBe("network");
    expect(failure.status).toBe(0);
    expect(failure.message).toBe("We couldn't reach the server. Check your connection and try again.");
  });
});
