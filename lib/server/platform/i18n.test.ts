import { describe, expect, it } from "vitest";
import { messagesFor } from "../../shared/messages";
import { apiErrorMessage, isApiErrorKey, UserFacingError, type ApiErrorKey } from "./errors";
import { formatUtcDateTime, translatorFor } from "./i18n";
import { placeholders } from "../../testing/message-catalogue";

describe("the message files", () => {
  it("render every English API error without placeholders exactly as written (no ICU quoting eats an apostrophe)", () => {
    const errors = messagesFor("en")["errors-api"];
    for (const [key, text] of Object.entries(errors)) {
      if (placeholders(text).length > 0) continue;
      expect(apiErrorMessage("en", key as ApiErrorKey), key).toBe(text);
    }
  });
});

describe("UserFacingError", () => {
  it("keeps the English sentence as its message and renders the reader's language on demand", () => {
    const error = new UserFacingError("rate_limited", { key: "rateLimitedMinutes", values: { count: 15 } }, 429, 900);
    expect(error.message).toBe("Too many attempts. For your security, please wait 15 minutes and try again.");
    expect(error.messageIn("de")).toBe("Zu viele Versuche. Bitte warten Sie zu Ihrer Sicherheit 15 Minuten und versuchen Sie es dann noch einmal.");
    expect(new UserFacingError("rate_limited", { key: "rateLimitedSeconds", values: { count: 1 } }).messageIn("de")).toMatch(/ 1 Sekunde und /);
    expect(new UserFacingError("rate_limited", { key: "rateLimitedMinutes", values: { count: 1440 } }).message).toContain("wait 1440 minutes");
  });

  it("writes an instant in the reader's language, in UTC, saying so", () => {
    const readyAt = new Date("2026-12-31T23:00:30Z");
    const error = new UserFacingError("recovery_not_ready", { key: "recoveryNotReady", values: { readyAt } }, 409);
    expect(error.message).toBe(`Your recovery isn't ready yet. You can create a new passkey from ${formatUtcDateTime(readyAt, "en")}.`);
    expect(formatUtcDateTime(readyAt, "en")).toMatch(/^Thursday, December 31, 2026 at 11:00:30\sPM UTC$/);
    expect(error.messageIn("de")).toMatch(/ab Donnerstag, 31\. Dezember 2026 um 23:00:30 UTC einen neuen Passkey/);
  });

  it("recognises only the keys the message files have", () => {
    expect(isApiErrorKey("invalidJson")).toBe(true);
    expect(isApiErrorKey("toString")).toBe(false);
    expect(isApiErrorKey("This request is malformed. Please reload the page and try again.")).toBe(false);
    expect(translatorFor("de", "emails")("when")).toBe("Wann");
  });
});
