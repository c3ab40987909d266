#!/usr/bin/env bash
# Installs and builds everything (config/setup.sh), then runs every test: the C++ unit tests under
# AddressSanitizer + UBSan and the concurrency tests under ThreadSanitizer (tests/sanitizers), the
# benchmark's smoke run, a short run of each fuzz target, the web client's unit tests, the
# integration tests against the real server binary (its AddressSanitizer + UBSan build; the tests
# that measure memory start the release build), and the browser tests in real Chromium (the
# release build). .ci/run calls exactly this.
#
# The integration suite waits on sockets and disks more than it computes, so it runs beside the
# rest, in a lane of its own, followed there by the benchmark's smoke run and the fuzzing so that
# both lanes take about as long; its log follows once it is done.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each part says when it starts, so a slow one shows in CI's log.
section() { echo "== $1 ($((SECONDS / 60)) min $((SECONDS % 60)) s in)"; }

config/setup.sh

section "formatting (clang-format, prettier)"
git ls-files -z 'server/*.cpp' 'server/*.hpp' 'tests/*.cpp' 'tests/*.hpp' |
  xargs -0 clang-format --dry-run --Werror
(cd web-client && npm run --silent format:check)

section "checked builds (clang: ASan + UBSan, TSan) and the fuzz targets"
tests/sanitizers/run.sh build
tests/fuzz/run.sh build
(cd tests && npm run --silent typecheck)

section "integration tests (real server, WebSocket; its ASan + UBSan build), the benchmark's smoke run and fuzzing, in their own lane"
integration_log=build/integration-tests.log
# A process group of its own, so that an early failure elsewhere stops it and every server it
# started.
setsid bash -c 'set -euo pipefail
  (source tests/sanitizers/options.sh && cd tests &&
    SAMRAD_BIN="$PWD/../build-asan/server/samrad" npm run test:integration)
  echo "== the benchmark'"'"'s smoke run (release build)"
  ctest --test-dir build --output-on-failure -R "^bench_smoke$"
  echo "== fuzzing (libFuzzer with ASan and UBSan, 5 s per target; longer: tests/fuzz/run.sh 3600)"
  tests/fuzz/run.sh 5' \
  >"$integration_log" 2>&1 &
integration=$!
trap 'kill -- -$integration 2>/dev/null || true' EXIT

section "C++ unit tests under ASan + UBSan, concurrency tests under TSan"
tests/sanitizers/run.sh test

section "web client: type check and unit tests"
(cd web-client && npm run --silent typecheck && npm test)

section "browser tests (Chromium)"
(cd tests && npm run test:browser)

section "integration tests, the benchmark's smoke run and fuzzing: waiting for their lane"
integration_status=0
wait "$integration" || integration_status=$?
trap - EXIT
cat "$integration_log"
exit "$integration_status"
