// Browser tests: the real server serving the built web client, driven in Debian's Chromium
// through playwright-core. Files run one at a time (2-core machines; each file starts its own
// server and browser); the shared settings are in vitest.shared.config.ts.
import { defineConfig, mergeConfig } from "vitest/config";
import shared from "./vitest.shared.config.ts";

export default mergeConfig(
  shared,
  defineConfig({ test: { include: ["browser/**/*.test.ts"] } }),
);
