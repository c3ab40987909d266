// What the integration and browser test configs share: tests in Node, files one at a time
// (the CI machines have 2 cores, and each file starts its own real samrad server), tests
// inside a file in order, and the same time limits. Each config adds its own `include`.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
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
