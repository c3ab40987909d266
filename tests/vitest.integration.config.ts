// Integration tests: each file starts its own real samrad server(s) on ephemeral loopback ports.
// Files run one at a time (the CI machines have 2 cores, and a server plus its client per file
// is enough load); tests inside a file run in order.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["integration/**/*.test.ts"],
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
