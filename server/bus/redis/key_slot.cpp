// Redis Cluster key slots (see key_slot.hpp).
#include "bus/redis/key_slot.hpp"

namespace samrad::bus::redis {

namespace {

// CRC-16/XMODEM: polynomial 0x1021, initial value 0, no reflection (Redis' crc16.c).
std::uint16_t crc16(std::string_view bytes) noexcept {
  std::uint16_t crc = 0;
  for (const char byte : bytes) {
    crc ^= static_cast<std::uint16_t>(static_cast<std::uint8_t>(byte) << 8);
    for (int bit = 0; bit < 8; ++bit) {
      crc = (crc & 0x8000) ? static_cast<std::uint16_t>((crc << 1) ^ 0x1021)
                           : static_cast<std::uint16_t>(crc << 1);
    }
  }
  return crc;
}

}  // namespace

int key_slot(std::string_view key) noexcept {
  const auto open = key.find('{');
  if (open != std::string_view::npos) {
    const auto close = key.find('}', open + 1);
    if (close != std::string_view::npos && close > open + 1) {
      key = key.substr(open + 1, close - open - 1);
    }
  }
  return crc16(key) % cluster_slots;
}

}  // namespace samrad::bus::redis
