// Runs once when the server boots: a misconfiguration stops it with a clear message
// instead of failing on the first sign-in; then background mail delivery starts.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { exitOnInvalidConfiguration } = await import("./lib/boot");
  exitOnInvalidConfiguration();
  const { startBackgroundWork } = await import("./lib/background");
  startBackgroundWork();
}
