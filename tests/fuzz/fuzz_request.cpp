// libFuzzer: any bytes as a WebSocket text frame through the protocol decoder (invalid UTF-8
// too: Beast refuses it first, but the decoder must not depend on that). Every frame gets a
// request or a typed failure; a request's key, when there is one, is of the allowed form and
// comes with a fingerprint.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

#include "protocol/codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = samrad::protocol::parse_request(text);
  if (const auto* request = std::get_if<samrad::protocol::Request>(&parsed)) {
    if (request->key &&
        (request->key->empty() || request->key->size() > 64 || request->fingerprint.size() != 16 ||
         !samrad::protocol::is_command(request->body))) {
      __builtin_trap();
    }
  }
  return 0;
}
