// libFuzzer: any bytes as a record bundle, and as a checkpoint, through the verifiers people run
// on what they download (records/bundle_verifier, records/checkpoint, records/signed_note),
// checked against the published test key of protocol/examples/records: refused with a reason or
// verified, never a crash.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "records/bundle_verifier.hpp"
#include "records/checkpoint.hpp"
#include "records/note_keys.hpp"
#include "records/signed_note.hpp"

namespace {

const samrad::records::VerifierKey& test_key() {
  static const samrad::records::VerifierKey key = [] {
    std::ifstream file(SAMRAD_TEST_VERIFIER_KEY);
    std::stringstream text;
    text << file.rdbuf();
    std::string line = text.str();
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    auto parsed = samrad::records::parse_verifier_key(line);
    if (!parsed) __builtin_trap();
    return *parsed;
  }();
  return key;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)samrad::records::verify_bundle(text, test_key());
  (void)samrad::records::parse_checkpoint_body(text);
  (void)samrad::records::open_note(text, test_key());
  return 0;
}
