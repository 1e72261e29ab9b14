import { availableParallelism } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      "server-only": path.resolve(import.meta.dirname, "lib/testing/server-only.ts"),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "app/**/*.test.ts", "scripts/**/*.test.ts"],
    // Each file still gets its own database (setup.ts); what files share is the module cache,
    // which saves re-importing Next and Prisma per file (over half of a run's time on 2 cores).
    isolate: false,
    // Vitest's default is one worker fewer than the machine has cores: on the 2-core machines the
    // suite runs on, that is one worker and an idle core. Test files never share a database or a
    // port, so one worker per core: each worker imports Next and Prisma once (some 10% more CPU
    // in all), and the files are shared over both cores.
    maxWorkers: availableParallelism(),
    globalSetup: ["lib/testing/global-setup.ts"],
    setupFiles: ["lib/testing/setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
