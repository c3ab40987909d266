#!/usr/bin/env bash
# What the clustered pieces cost (README, "Capacity"): one Samråd instance on PostgreSQL with the
# Redis bus, loaded by the benchmark's generator through the real protocol. For each scenario it
# prints the load generator's figures and the CPU seconds Samråd, PostgreSQL (every process of
# its cluster) and Redis spent, per post and per delivery.
#   tests/bench/cluster.sh [--no-build] [--build-dir DIR]
# Samråd is pinned to CPU 0 and the generator to CPU 1; PostgreSQL and Redis are not pinned.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build_dir="$root/build"
build=1
while (($#)); do
  case "$1" in
    --no-build) build=0 ;;
    --build-dir) build_dir="$2"; shift ;;
    *) echo "usage: $0 [--no-build] [--build-dir DIR]" >&2; exit 2 ;;
  esac
  shift
done
if ((build)); then
  [[ -f "$build_dir/build.ninja" ]] ||
    cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$build_dir" --target samrad samrad_loadgen
fi
ulimit -n "$(ulimit -Hn)"

dir=$(mktemp -d /tmp/samrad-capacity-XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# PostgreSQL refuses to run as root: then its folder and processes belong to nobody.
pg_bin=$(pg_config --bindir)
as_db_user=()
if [[ $(id -u) -eq 0 ]]; then
  as_db_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
  chown nobody:nogroup "$dir"
fi
pg_port=$(free_port)
"${as_db_user[@]}" "$pg_bin/initdb" -D "$dir/postgres" -U samrad --auth=trust --encoding=UTF8 \
  --locale=C.UTF-8 >/dev/null
"${as_db_user[@]}" "$pg_bin/postgres" -D "$dir/postgres" -p "$pg_port" -k "$dir" \
  -c listen_addresses=127.0.0.1 >"$dir/postgres.log" 2>&1 &
pg_pid=$!
pids+=("$pg_pid")
until "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$pg_port"; do sleep 0.2; done
"$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U samrad samrad

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$dir/redis.log" 2>&1 &
redis_pid=$!
pids+=("$redis_pid")
until redis-cli -p "$redis_port" ping >/dev/null 2>&1; do sleep 0.2; done

cat >"$dir/samrad.toml" <<EOF
[server]
io_threads = 1
max_connections_per_person = 1000
static_dir = "$dir"
[database]
postgres = "host=127.0.0.1 port=$pg_port dbname=samrad user=samrad"
[limits]
requests_per_second = 100000
request_burst = 100000
person_requests_per_second = 100000
person_request_burst = 100000
connections_per_address = 100000
[records]
signing_key_file = "$dir/samrad.log-key"
log_origin = "localhost/samrad"
[bus]
redis = "127.0.0.1:$redis_port"
EOF
taskset -c 0 "$build_dir/server/samrad" --config "$dir/samrad.toml" --demo-data --port 0 \
  >"$dir/samrad.log" 2>&1 &
samrad_pid=$!
pids+=("$samrad_pid")
until grep -q "listening on" "$dir/samrad.log"; do
  kill -0 "$samrad_pid" 2>/dev/null || { cat "$dir/samrad.log"; exit 1; }
  sleep 0.2
done
port=$(grep -o "listening on http://[^ ]*" "$dir/samrad.log" | grep -o "[0-9]*$")

# CPU time in clock ticks (utime + stime) of a process and its children that are running now.
cpu_of() {
  local total=0 pid stat
  for pid in "$1" $(pgrep -P "$1" || true); do
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
    stat=${stat##*) }
    read -r -a fields <<<"$stat"
    total=$((total + fields[11] + fields[12]))
  done
  echo "$total"
}

run() {
  local name=$1
  shift
  local pg_before redis_before
  pg_before=$(cpu_of "$pg_pid")
  redis_before=$(cpu_of "$redis_pid")
  taskset -c 1 "$build_dir/tests/bench/samrad_loadgen" --server samrad --port "$port" \
    --pid "$samrad_pid" "$@" >"$dir/$name.json"
  local pg_cpu redis_cpu
  pg_cpu=$(($(cpu_of "$pg_pid") - pg_before))
  redis_cpu=$(($(cpu_of "$redis_pid") - redis_before))
  node -e '
    const [file, name, pgTicks, redisTicks, tick] = process.argv.slice(1);
    const pg = pgTicks / tick;
    const redis = redisTicks / tick;
    const r = JSON.parse(require("fs").readFileSync(file, "utf8"));
    const level = r.levels ? r.levels[0] : r;
    const posts = level.posts_acked;
    const out = { scenario: name, posts, pg_cpu_s: pg, redis_cpu_s: redis };
    if (r.levels) {
      Object.assign(out, { posts_per_s: Math.round(level.posts_per_s),
        samrad_ms_per_post: +level.server_cpu_ms_per_post.toFixed(3),
        ack_p99_ms: level.ack_latency.p99_ms });
    } else {
      Object.assign(out, { deliveries: r.deliveries, samrad_cpu_s: r.server_cpu_s,
        deliveries_per_cpu_s: Math.round(r.deliveries_per_cpu_s), p99_ms: r.latency?.p99_ms,
        lost: r.lost, doubled: r.doubled });
    }
    out.pg_ms_per_post = +(pg * 1000 / posts).toFixed(3);
    out.redis_ms_per_post = +(redis * 1000 / posts).toFixed(3);
    console.log(JSON.stringify(out));
  ' "$dir/$name.json" "$name" "$pg_cpu" "$redis_cpu" "$(getconf CLK_TCK)"
}

echo "capacity: Samråd on $("$pg_bin/postgres" --version) with the Redis bus ($(redis-server --version | grep -o 'v=[0-9.]*'))"
run durable --scenario durable --duration 5 --durable-in-flight 64
run steady --scenario room --subscribers 1000 --rate 100 --duration 10
run room10k --scenario room --subscribers 10000 --rate 10 --duration 10
