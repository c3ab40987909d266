#!/usr/bin/env bash
# Checked builds, with clang: build-asan/ under AddressSanitizer + UBSan (every unit test, and the
# server binary that the integration suite runs against: tests/run-all.sh passes it as
# SAMRAD_BIN), build-tsan/ under ThreadSanitizer (the tests of the parts that run threads: the
# write queue and the service's writer and fan-out threads, the local bus, the head watcher, the
# round closer and the network layer's delivery inbox; not the Redis bus, whose logging goes
# through libspdlog, which is not built with ThreadSanitizer, so that its logger registry shows
# as a race). Any report fails the run. `run.sh build` only builds; `run.sh test` only tests.
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=${1:-all}

concurrency_tests=(unit_store unit_service unit_bus unit_net)

if [[ $mode != test ]]; then
  for sanitize in address thread; do
    cmake -S . -B "build-${sanitize:0:1}san" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DSAMRAD_SANITIZE="$sanitize" -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ >/dev/null
  done
  cmake --build build-asan
  cmake --build build-tsan --target "${concurrency_tests[@]}"
fi
[[ $mode == build ]] && exit 0

source tests/sanitizers/options.sh
echo "sanitizers: unit tests under AddressSanitizer + UBSan"
ctest --test-dir build-asan --output-on-failure -j2
echo "sanitizers: concurrency tests under ThreadSanitizer"
ctest --test-dir build-tsan --output-on-failure -j2 \
  -R "^($(IFS='|'; echo "${concurrency_tests[*]}"))(\.|_shard_)"
