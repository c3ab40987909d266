// Checkpoints (C2SP tlog-checkpoint, as narrowed by records.md): the body naming a tree head,
// and the signed note that publishes it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "records/merkle.hpp"
#include "records/note_keys.hpp"
#include "records/result.hpp"

namespace samrad::records {

struct Checkpoint {
  std::string origin;
  std::uint64_t size = 0;
  Hash root{};

  bool operator==(const Checkpoint&) const = default;
};

// "<origin>\n<size>\n<base64 root>\n".
std::string format_checkpoint_body(const Checkpoint& checkpoint);
// Exactly those three lines: a non-empty origin, a decimal size without leading zeros, a
// 32-byte root; no extension lines.
Result<Checkpoint> parse_checkpoint_body(std::string_view body);

// The body signed as a note by key, whose name must be the origin (else std::invalid_argument).
std::string sign_checkpoint(const Checkpoint& checkpoint, const SignerKey& key);

}  // namespace samrad::records
