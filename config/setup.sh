#!/usr/bin/env bash
# Installs what Samråd needs on Debian 12 (Debian packages as root, npm packages from the
# committed lock files), then builds the server and the web client into build/ and
# web-client/dist/. Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libboost1.81-dev libboost-url1.81-dev nlohmann-json3-dev libsqlite3-dev libsodium-dev
  libtomlplusplus-dev libspdlog-dev libgtest-dev libcmark-dev libhiredis-dev clang-format
  # libFuzzer (tests/fuzz) comes with clang's runtime libraries.
  clang libclang-rt-14-dev
  redis-server redis-tools
  # The crash tests check the database file with PRAGMA integrity_check.
  sqlite3
  # The tests start their own PostgreSQL servers; they never use the cluster that installing
  # postgresql-15 may create and start on port 5432.
  postgresql-15 postgresql-client-15 libpq-dev
  chromium
)
command -v node >/dev/null || packages+=(nodejs npm)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}"
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if ((node_major < 20)); then
  echo "setup: Node.js 20 or newer is needed (found $(node --version))" >&2
  exit 1
fi

# npm ci only when the lock file changed since the last install.
for dir in web-client tests; do
  if [[ ! -f $dir/node_modules/.package-lock.json ||
        $dir/package-lock.json -nt $dir/node_modules/.package-lock.json ]]; then
    echo "setup: npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done

echo "setup: building the server"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build

echo "setup: building the web client"
(cd web-client && npm run --silent build)
