import { env } from "./env";

export function exitOnInvalidConfiguration(): void {
  try {
    env();
  } catch (error) {
    console.error(`\n${(error as Error).message}\n`);
    process.exit(1);
  }
}
