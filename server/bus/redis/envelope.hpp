// What travels between instances over Redis: one committed event as its stream, seq, the
// already-encoded wire frame and (rarely) the round's new access, plus the publishing instance's
// id so it can skip its own echo. The frame is carried as opaque bytes: a receiving instance
// hands them on without parsing the JSON protocol message (DESIGN.md rule 3).
//
// Version 1, binary, all integers big-endian:
//   "SB" 0x01 | instance id (16 bytes) | round i64 | stream kind u8 | seq i64 | flags u8
//   [access, when flags & 1: round i64 | phase u8 | round kind u8 | schedule flags u8
//    | opens_at i64 (schedule & 1) | closes_at i64 (schedule & 2) | proposal_version i64
//    | invited count u32 | organisation i64 * count]
//   | frame length u32 | frame bytes (exactly to the end)
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "bus/bus.hpp"
#include "domain/result.hpp"

namespace samrad::bus::redis {

// Random per process start: tells an instance its own messages apart from its peers'.
using InstanceId = std::array<std::uint8_t, 16>;
InstanceId random_instance_id();

struct Envelope {
  InstanceId origin{};
  EncodedEvent event;
};

std::string encode_envelope(const InstanceId& origin, const EncodedEvent& event);

// Refuses (bad_request, saying where) anything that is not exactly one well-formed version-1
// envelope: wrong magic or version, truncation, out-of-range enums, trailing bytes. A peer's
// bytes are untrusted: nothing here reads past the input or allocates more than it holds.
domain::Result<Envelope> decode_envelope(std::string_view bytes);

}  // namespace samrad::bus::redis
