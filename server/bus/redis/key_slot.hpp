// The Redis Cluster hash slot of a key or sharded channel, computed as Redis does: CRC16
// (XMODEM) of the key, or of its hash tag (the text between the first '{' and the next '}', when
// not empty), modulo 16384. Written here because no Debian library offers it (hiredis 0.14 has
// no cluster support); checked against CLUSTER KEYSLOT in the tests.
#pragma once

#include <cstdint>
#include <string_view>

namespace samrad::bus::redis {

inline constexpr int cluster_slots = 16384;

int key_slot(std::string_view key) noexcept;

}  // namespace samrad::bus::redis
