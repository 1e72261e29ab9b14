import type { Page } from "@playwright/test";

/** What {@link requestFromPage} got back: the status and the parsed JSON body (null if none). */
export interface PageResponse {
  status: number;
  json: unknown;
}

/**
 * A same-origin JSON request from the page, as the portal's own scripts send it (the browser adds
 * Origin and the session cookie). Like the portal's pages, it answers a 403 `step_up_required`
 * by running the passkey check with the page's authenticator and retries once. Sensitive changes
 * need a check from the last STEP_UP_WINDOW_SECONDS (20 s in the e2e server), and a test that
 * relies on its sign-up being that recent fails on a machine slow enough to pass the window
 * between two steps. Tests of the step-up itself send their requests through the UI instead.
 */
export async function requestFromPage(page: Page, method: "POST" | "PUT" | "PATCH" | "DELETE", url: string, body?: unknown): Promise<PageResponse> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const send = async (): Promise<{ status: number; json: unknown }> => {
        const response = await fetch(url, {
          method,
          headers: { "Content-Type": "application/json" },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: response.status, json: await response.json().catch(() => null) };
      };
      const post = async (path: string, payload: unknown): Promise<unknown> => {
        const response = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(payload) });
        if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
        return response.json();
      };

      const first = await send();
      if (first.status !== 403 || (first.json as { code?: string } | null)?.code !== "step_up_required") return first;
      const options = (await post("/api/step-up/options", {})) as PublicKeyCredentialRequestOptionsJSON;
      const credential = (await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) })) as PublicKeyCredential | null;
      if (!credential) throw new Error("The passkey check returned no credential");
      await post("/api/step-up/verify", { response: credential.toJSON() });
      return send();
    },
    { method, url, body },
  );
}
