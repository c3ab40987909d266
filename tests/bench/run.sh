#!/usr/bin/env bash
# The fan-out benchmark (README, "Benchmark"): builds what it needs, installs Nchan if missing,
# then runs the scenarios against Samråd, the bare Beast broadcast and Nchan (bench.mjs).
#   tests/bench/run.sh [--scenario steady,burst,...] [--servers samrad,bare,nchan] [--repeat N]
#                      [--quick] [--smoke] [--json FILE] [--no-build] [--build-dir DIR]
# --smoke is the short run of the test command: Samråd only; fails if a post is lost or doubled.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build_dir="$root/build"
build=1
smoke=0
servers="samrad,bare,nchan"
args=()
while (($#)); do
  case "$1" in
    --no-build) build=0 ;;
    --build-dir) build_dir="$2"; args+=("$1" "$2"); shift ;;
    --smoke) smoke=1; args+=("$1") ;;
    --servers) servers="$2"; args+=("$1" "$2"); shift ;;
    *) args+=("$1") ;;
  esac
  shift
done

if ((build)); then
  [[ -f "$build_dir/build.ninja" ]] ||
    cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$build_dir" --target samrad samrad_loadgen bare_broadcast
fi

if ((!smoke)) && [[ ",$servers," == *",nchan,"* ]] &&
  ! dpkg-query -W -f='${Status}' libnginx-mod-nchan 2>/dev/null | grep -q "install ok installed"; then
  echo "bench: installing nginx-light and libnginx-mod-nchan"
  sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    nginx-light libnginx-mod-nchan
fi

# Every server and the generator hold thousands of sockets: the whole hard limit of open files.
ulimit -n "$(ulimit -Hn)"
exec node "$root/tests/bench/bench.mjs" --build-dir "$build_dir" "${args[@]}"
