// The server log as a test sees it: every line written while capturing, raw and parsed.
import type { LogLevel } from "../server/platform/env";
import { redirectLog } from "../server/platform/log";

export interface CapturedLog {
  /** Everything written, as written (JSON lines). */
  text(): string;
  /** Each line, parsed. */
  entries(): Record<string, unknown>[];
  /** Back to the tests' quiet log. */
  stop(): void;
}

/** Captures the log at `level` until `stop()`. */
export function captureLog(level: LogLevel = "info"): CapturedLog {
  const chunks: string[] = [];
  redirectLog({ write: (chunk: string) => void chunks.push(chunk) }, level);
  const text = () => chunks.join("");
  return {
    text,
    entries: () =>
      text()
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    stop: () => redirectLog(),
  };
}
