#!/usr/bin/env bash
# The include rules of the server tree (DESIGN.md "Link lines are the architecture"), checked
# on the sources themselves: domain/ includes nothing but the C++ standard library, nlohmann's
# JSON (the decision record is JSON) and domain/; nothing outside net/ includes Beast. Prints every breach and fails if there is one.
set -euo pipefail
server=${1:?usage: check_includes.sh SERVER_DIR}
cd "$server"

standard_headers=" algorithm any array atomic barrier bit bitset cassert cctype cerrno cfenv
cfloat charconv chrono cinttypes climits clocale cmath codecvt compare complex concepts
condition_variable coroutine csetjmp csignal cstdarg cstddef cstdint cstdio cstdlib cstring ctime
cuchar cwchar cwctype deque exception execution expected filesystem format forward_list fstream
functional future initializer_list iomanip ios iosfwd iostream istream iterator latch limits list
locale map memory memory_resource mutex new numbers numeric optional ostream queue random ranges
ratio regex scoped_allocator semaphore set shared_mutex source_location span sstream stack
stdexcept stop_token streambuf string string_view syncstream system_error thread tuple
type_traits typeindex typeinfo unordered_map unordered_set utility valarray variant vector
version nlohmann/json.hpp nlohmann/json_fwd.hpp "
standard_headers=${standard_headers//$'\n'/ }

breaches=0
breach() {
  echo "include rule broken: $1"
  breaches=$((breaches + 1))
}

while IFS=: read -r file line text; do
  if [[ $text =~ ^[[:space:]]*#[[:space:]]*include[[:space:]]*\<([^>]+)\> ]]; then
    header=${BASH_REMATCH[1]}
    [[ $standard_headers == *" $header "* ]] ||
      breach "$file:$line includes <$header>: domain/ uses only the standard library and JSON"
  elif [[ $text =~ ^[[:space:]]*#[[:space:]]*include[[:space:]]*\"([^\"]+)\" ]]; then
    header=${BASH_REMATCH[1]}
    [[ $header == domain/* ]] ||
      breach "$file:$line includes \"$header\": domain/ includes only itself"
  else
    breach "$file:$line has an include this check cannot read: $text"
  fi
done < <(grep -rnE '^[[:space:]]*#[[:space:]]*include' domain || true)

while IFS=: read -r file line text; do
  file=${file#./}
  [[ $file == net/* ]] || breach "$file:$line includes Beast, which lives only in net/"
done < <(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]boost/beast' . || true)

if ((breaches > 0)); then
  echo "$breaches include rule(s) broken"
  exit 1
fi
echo "include rules hold: domain/ is standard library only, Beast only in net/"
