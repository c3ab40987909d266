// Server-to-client WebSocket frames (see frame.hpp).
#include "bus/frame.hpp"

namespace samrad::bus {

std::shared_ptr<const WireFrame> WireFrame::text(std::string_view payload) {
  constexpr unsigned char fin_text = 0x81;  // FIN, opcode 1; server frames are never masked
  std::string bytes;
  const auto length = payload.size();
  const std::size_t header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
  bytes.reserve(header + length);
  bytes.push_back(static_cast<char>(fin_text));
  if (header == 2) {
    bytes.push_back(static_cast<char>(length));
  } else {
    const int length_bytes = header == 4 ? 2 : 8;
    bytes.push_back(static_cast<char>(header == 4 ? 126 : 127));
    for (int shift = (length_bytes - 1) * 8; shift >= 0; shift -= 8) {
      bytes.push_back(static_cast<char>((static_cast<std::uint64_t>(length) >> shift) & 0xFF));
    }
  }
  bytes.append(payload);
  return std::shared_ptr<const WireFrame>(
      new WireFrame(std::move(bytes), static_cast<std::uint8_t>(header)));
}

std::shared_ptr<const WireFrame> WireFrame::raw(std::string_view bytes) {
  return std::shared_ptr<const WireFrame>(new WireFrame(std::string(bytes), 0));
}

}  // namespace samrad::bus
