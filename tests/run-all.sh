#!/usr/bin/env bash
# Installs and builds everything (config/setup.sh), then runs every test: C++ unit tests
# (GoogleTest via ctest), a short run of each fuzz target, web client unit tests, integration
# tests against the real server binary, and browser tests in real Chromium. .ci/run calls
# exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

config/setup.sh

echo "== formatting (clang-format, prettier)"
git ls-files -z 'server/*.cpp' 'server/*.hpp' 'tests/*.cpp' 'tests/*.hpp' |
  xargs -0 clang-format --dry-run --Werror
(cd web-client && npm run --silent format:check)

echo "== C++ unit tests (ctest)"
ctest --test-dir build --output-on-failure -j2

echo "== fuzzing (libFuzzer with ASan and UBSan, 5 s per target; longer: tests/fuzz/run.sh 3600)"
tests/fuzz/run.sh 5

echo "== web client: type check and unit tests"
(cd web-client && npm run --silent typecheck && npm test)

echo "== integration tests (real server, WebSocket)"
(cd tests && npm run --silent typecheck && npm run test:integration)

echo "== browser tests (Chromium)"
(cd tests && npm run test:browser)
