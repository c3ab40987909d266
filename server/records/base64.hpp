// Standard base64 with padding (RFC 4648 §4), the only encoding records.md uses: libsodium's
// codec, strict when decoding (no whitespace, canonical padding bits).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace samrad::records {

std::string encode_base64(std::span<const std::uint8_t> bytes);
std::optional<std::vector<std::uint8_t>> decode_base64(std::string_view text);

}  // namespace samrad::records
