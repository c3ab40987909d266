#!/usr/bin/env bash
# Runs the cluster example on this machine: PostgreSQL on port 5433, Redis on 6380, three Samråd
# instances on 8081-8083 sharing them, and nginx on 8080 balancing across the instances. Open
# http://localhost:8080. Data lives in build/cluster/ and survives a restart; the first start
# fills the database with the demo data. Ctrl+C stops everything.
set -euo pipefail
cd "$(dirname "$0")/../.."

config/setup.sh
if ! command -v nginx >/dev/null && [[ ! -x /usr/sbin/nginx ]]; then
  sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    nginx-light
fi

dir=$PWD/build/cluster
mkdir -p "$dir"
pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_all EXIT INT TERM

# PostgreSQL refuses to run as root: then its folder and processes belong to nobody.
pg_bin=$(pg_config --bindir)
as_db_user=()
if [[ $(id -u) -eq 0 ]]; then
  as_db_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
fi
if [[ ! -d $dir/postgres ]]; then
  mkdir -p "$dir/postgres"
  [[ $(id -u) -eq 0 ]] && chown nobody:nogroup "$dir/postgres"
  "${as_db_user[@]}" "$pg_bin/initdb" -D "$dir/postgres" -U samrad --auth=trust \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
fi
"${as_db_user[@]}" "$pg_bin/postgres" -D "$dir/postgres" -p 5433 -k /tmp \
  -c listen_addresses=127.0.0.1 >"$dir/postgres.log" 2>&1 &
pids+=($!)
until "$pg_bin/pg_isready" -q -h 127.0.0.1 -p 5433; do sleep 0.2; done
"$pg_bin/psql" -h 127.0.0.1 -p 5433 -U samrad -d postgres -tAc \
  "SELECT 1 FROM pg_database WHERE datname = 'samrad'" | grep -q 1 ||
  "$pg_bin/createdb" -h 127.0.0.1 -p 5433 -U samrad samrad

redis-server --port 6380 --bind 127.0.0.1 --save "" --appendonly no >"$dir/redis.log" 2>&1 &
pids+=($!)

# The first instance seeds the demo data (once) and creates the log's key; the others follow.
for port in 8081 8082 8083; do
  extra=()
  [[ $port -eq 8081 ]] && extra=(--demo-data)
  build/server/samrad --config config/cluster/samrad.toml --port "$port" "${extra[@]}" \
    >"$dir/samrad-$port.log" 2>&1 &
  pids+=($!)
  until grep -q "listening on" "$dir/samrad-$port.log"; do
    kill -0 "${pids[-1]}" 2>/dev/null || { cat "$dir/samrad-$port.log"; exit 1; }
    sleep 0.2
  done
done

nginx -c "$PWD/config/cluster/nginx.conf" -g "daemon off;" &
pids+=($!)
echo "Samråd: http://localhost:8080 (instances 8081-8083; logs in $dir)"
wait -n
