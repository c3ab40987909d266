// libFuzzer: any bytes through the record canonicaliser (RFC 8785 style, records/canonical_json).
// What it accepts, it writes in a form that is its own canonical form: canonicalising twice
// changes nothing, or two verifiers could hash one record differently.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "records/canonical_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto once = samrad::records::canonicalize(text);
  if (!once) return 0;
  const auto twice = samrad::records::canonicalize(*once);
  if (!twice || *twice != *once) __builtin_trap();
  return 0;
}
