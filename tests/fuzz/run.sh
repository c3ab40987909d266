#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (AddressSanitizer + UBSan) in build-fuzz/ and runs each
# for SECONDS (default 15) from a seed corpus of the protocol's examples. The test command runs
# them briefly; a longer run is `tests/fuzz/run.sh 3600`; `run.sh build` only builds. A finding
# stops the run with the input that caused it written to build-fuzz/findings/.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-15}
targets=(request canonical markdown record_verifier server)

cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSAMRAD_FUZZ=ON \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ >/dev/null
cmake --build build-fuzz --target "${targets[@]/#/fuzz_}"
[[ $seconds == build ]] && exit 0

examples=protocol/examples
seeds_of() {
  case $1 in
    request) echo "$examples/client $examples/invalid" ;;
    canonical | record_verifier) echo "$examples/records $examples/server" ;;
    markdown) echo "$examples/client" ;;
    server) echo "$examples/client tests/fuzz/seeds/http" ;;
  esac
}

mkdir -p build-fuzz/findings
for target in "${targets[@]}"; do
  corpus=build-fuzz/corpus/$target
  log=build-fuzz/$target.log
  mkdir -p "$corpus"
  echo "fuzz: $target for ${seconds} s"
  # shellcheck disable=SC2046
  if ! build-fuzz/tests/fuzz/fuzz_"$target" -max_total_time="$seconds" -max_len=65536 \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix=build-fuzz/findings/"$target"- "$corpus" $(seeds_of "$target") >"$log" 2>&1
  then
    tail -n 40 "$log" >&2
    echo "fuzz: $target failed; the input is in build-fuzz/findings/" >&2
    exit 1
  fi
  grep -E "DONE|stat::number_of_executed_units" "$log"
done
