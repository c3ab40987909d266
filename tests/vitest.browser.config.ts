// Browser tests: the real server serving the built web client, driven in Debian's Chromium
// through playwright-core. Files run one at a time (2-core machines; each file starts its own
// server and browser).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["browser/**/*.test.ts"],
    environment: "node",
    fileParallelism: false,
    maxWorkers: 1,
    sequence: { concurrent: false },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    reporters: ["verbose"],
  },
});
