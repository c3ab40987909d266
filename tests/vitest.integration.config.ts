// Integration tests: each file starts its own real samrad server(s) on ephemeral loopback ports.
// Files run one at a time and tests inside a file run in order; the shared settings are in
// vitest.shared.config.ts.
import { defineConfig, mergeConfig } from "vitest/config";
import shared from "./vitest.shared.config.ts";

export default mergeConfig(
  shared,
  defineConfig({ test: { include: ["integration/**/*.test.ts"] } }),
);
