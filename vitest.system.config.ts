import { defineConfig } from "vitest/config";
import unitConfig from "./vitest.config";

// System tests: production servers (`npm start`) started by the test itself, driven over HTTP.
// They run after the end-to-end tests, which leave the production build in place, one file at a
// time so that their servers never compete with each other for the machine's two cores.
export default defineConfig({
  resolve: unitConfig.resolve,
  test: {
    include: ["system-tests/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
});
